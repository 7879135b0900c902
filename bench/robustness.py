#!/usr/bin/env python3
"""Bad inputs of every kind through the real ``dragoman code`` command: no traceback, no hang, no silent empty.

    .venv/bin/python bench/robustness.py [--count N] [--seed S] [--jobs J] [--quick]

It makes ``--count`` bad inputs (2,000 by default), seeded so that every run makes the same ones, spread evenly over
some eighty kinds for every reader: plain text, HTML, JSON lines, CSV, RSS/Atom/RDF feeds, WARC and WARC.gz, and
standard input (one input of each batch is piped in instead of named). Each kind is a way input goes wrong: empty
and truncated files, random bytes, NUL bytes, lone surrogates, Shift-JIS and UTF-16 without a byte order mark,
runs of punctuation, huge fields and lines, deep JSON and HTML nesting, header-only CSV, WARC records without a
target URI or with a broken length, gzip bombs, feeds with impossible dates, and more. Most inputs also carry one
sentence that codes as an event ("Chile expelled two Bolivian diplomats on Monday."), a different country pair for
each input of a batch, so the events that come out say which input they came from.

The inputs are written to a temporary folder a batch at a time (``--batch``, 20) and coded by one ``python -m
dragoman code ... --format jsonl -j 1`` run a batch, ``--jobs`` runs at a time. A run that prints a traceback, dies
or takes longer than ``--timeout`` seconds (30) and 5 more an input is run again one input at a time, so each
problem is pinned on its input. Counted for each input:

- traceback: standard error holds "Traceback";
- crash: the run ended by a signal or with a status other than 0 or 1;
- hang: the input's own run took longer than ``--timeout`` seconds (start-up included);
- unexpected: an error line naming the input says "unexpected error" (a bug caught by the batch's safety net);
- silent empty: no event came out of the input and no line on standard error names it (an error, or a warning
  such as "decoded as cp1250, a guess" or "not well-formed").

The peak memory is the largest resident set of any run (``getrusage`` of the child, by ``wait4``). It prints a table
by reader and a markdown line for the README, lists every input with a problem, and exits 1 if there was any.
``--keep DIR`` keeps the inputs; ``--report FILE`` writes one JSON line an input.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
STDIN = "<stdin>"
READERS = ("txt", "html", "jsonl", "csv", "feed", "warc", "stdin")

# Country pairs that each code as one expulsion: the events of an input are those of its pair
PAIRS = [tuple(pair.split()) for pair in """
Chile Bolivian CHL BOL, Russia German RUS DEU, Turkey Swedish TUR SWE, Peru Mexican PER MEX,
Egypt Ethiopian EGY ETH, Israel Brazilian ISR BRA, Kenya Ugandan KEN UGA, Poland Belarusian POL BLR,
Japan Chinese JPN CHN, India Pakistani IND PAK, France Malian FRA MLI, Canada Indian CAN IND,
Spain Moroccan ESP MAR, Greece Turkish GRC TUR, Norway Russian NOR RUS, Ghana Nigerian GHA NGA,
Iran Azerbaijani IRN AZE, Serbia Croatian SRB HRV, Sudan Chadian SDN TCD, Algeria Spanish DZA ESP,
Colombia Venezuelan COL VEN, Argentina British ARG GBR, Vietnam Cambodian VNM KHM, Thailand Burmese THA MMR,
Nepal Indian NPL IND, Ukraine Hungarian UKR HUN, Lithuania Belarusian LTU BLR, Estonia Russian EST RUS,
Somalia Kenyan SOM KEN, Qatar Saudi QAT SAU, Jordan Syrian JOR SYR, Cuba American CUB USA,
Senegal Gambian SEN GMB, Mali French MLI FRA, Niger Beninese NER BEN, Australia Iranian AUS IRN,
Ireland Israeli IRL ISR, Sweden Iraqi SWE IRQ, Denmark Chinese DNK CHN, Finland Russian FIN RUS
""".replace("\n", " ").split(", ")]
FILLER = "The talks are due to resume next month, officials said."
PUNCTUATION = "!?.,;:-_=+*#&%$@~^|/\\()[]{}<>\"'`"


@dataclass
class Input:
    index: int
    kind: str
    reader: str
    name: str  # file name, or STDIN
    data: bytes
    pair: tuple[str, str]
    stdin: bool = False


@dataclass
class Outcome:
    index: int
    kind: str
    reader: str
    name: str
    events: int = 0
    messages: list[str] = field(default_factory=list)
    traceback: bool = False
    crash: bool = False
    hang: bool = False
    unexpected: bool = False
    silent: bool = False
    seconds: float = 0.0
    peak_mb: float = 0.0

    @property
    def problem(self) -> bool:
        return self.traceback or self.crash or self.hang or self.unexpected or self.silent


# --- the kinds of bad input --------------------------------------------------------------------------------------

Maker = Callable[[random.Random, str], bytes]
KINDS: dict[str, tuple[str, str, Maker]] = {}  # name: (reader, extension, make(rng, sentence))


def kind(reader: str, ext: str, name: str) -> Callable[[Maker], Maker]:
    def register(make: Maker) -> Maker:
        KINDS[name] = (reader, ext, make)
        return make
    return register


def story(s: str) -> str:
    return f"{s}\n\n{FILLER}\n"


def page(body: str, head: str = "") -> str:
    return f"<html><head><title>Diplomatic row</title>{head}</head><body><article>{body}</article></body></html>"


def para(s: str) -> str:
    return f"<p>{s}</p><p>{FILLER}</p>"


def line(record: object) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def junk(rng: random.Random, n: int) -> bytes:
    return rng.randbytes(n)


def cut(rng: random.Random, data: bytes, low: float = 0.3) -> bytes:
    return data[:rng.randint(int(len(data) * low), max(int(len(data) * low), len(data) - 1))]


def huge(rng: random.Random) -> int:
    return rng.randint(200_000, 1_500_000)


# plain text

kind("txt", ".txt", "txt-empty")(lambda rng, s: b"")
kind("txt", ".txt", "txt-blank")(lambda rng, s: "".join(rng.choice(" \t\r\n\f\v") for _ in range(rng.randint(1, 5000)))
                                 .encode())
kind("txt", ".txt", "txt-random-bytes")(lambda rng, s: junk(rng, rng.randint(1, 8000)))
kind("txt", ".txt", "txt-random-high-bytes")(lambda rng, s: bytes(rng.randint(0x80, 0xff) for _ in range(rng.randint(1, 4000))))
kind("txt", ".txt", "txt-nul-bytes")(lambda rng, s: story(s).encode().replace(b" ", b"\x00", rng.randint(1, 5)))
kind("txt", ".txt", "txt-cut-utf8")(lambda rng, s: (s + "\n\nМинистр сказал, что переговоры продолжатся. " * 20)
                                   .encode()[:-rng.randint(1, 3)])
kind("txt", ".txt", "txt-punctuation-run")(lambda rng, s: (story(s) + "\n" + rng.choice(PUNCTUATION)
                                                           * rng.randint(60, 300_000) + "\n").encode())
kind("txt", ".txt", "txt-punctuation-only")(lambda rng, s: "".join(rng.choice(PUNCTUATION + " \n")
                                                                   for _ in range(rng.randint(1, 20_000))).encode())
kind("txt", ".txt", "txt-mixed-symbols")(lambda rng, s: (story(s) + " ".join(
    "".join(rng.choice(PUNCTUATION) for _ in range(rng.randint(1, 80))) for _ in range(2000))).encode())
kind("txt", ".txt", "txt-shift-jis")(lambda rng, s: (story(s) + "\n" + "東京で首相が会見し、予算案について説明した。\n"
                                                     * rng.randint(1, 30)).encode("shift_jis"))
kind("txt", ".txt", "txt-utf16le-no-bom")(lambda rng, s: story(s).encode("utf-16-le"))
kind("txt", ".txt", "txt-utf16be-no-bom")(lambda rng, s: story(s).encode("utf-16-be"))
kind("txt", ".txt", "txt-utf16-bom-odd-length")(lambda rng, s: codecs.BOM_UTF16_LE + story(s).encode("utf-16-le") + b"x")
kind("txt", ".txt", "txt-encoded-surrogates")(lambda rng, s: story(s).encode().replace(
    b"diplomats", b"diplomats \xed\xa0\x80 \xed\xbf\xbf", 1))
kind("txt", ".txt", "txt-windows-1252")(lambda rng, s: ("Caf\u00e9 owners \u2018welcomed\u2019 the d\u00e9cision.\n\n"
                                                        + story(s)).encode("cp1252"))
kind("txt", ".txt", "txt-huge-word")(lambda rng, s: (story(s) + "\n" + "x" * huge(rng) + "\n").encode())
kind("txt", ".txt", "txt-huge-line")(lambda rng, s: (s + " " + " ".join(rng.choice(["word", "and", "the", "a"])
                                                                         for _ in range(huge(rng) // 4))).encode())
kind("txt", ".txt", "txt-control-characters")(lambda rng, s: (s + "\r\r\x1b[2J\x1b]0;title\x07\x08\f" + FILLER
                                                              + "\x7f\x1b[0m").encode())
kind("txt", ".txt", "txt-invisible-characters")(lambda rng, s: (s + "\n\n\u202e\u200b\ufeff\u200d\u2028" + FILLER
                                                                + "\u2029\ufffe").encode())
kind("txt", ".txt", "txt-bad-date-line")(lambda rng, s: (rng.choice(["May 99, 2024", "0000-00-00", "31/31/31",
                                                                     "9999-12-31", "0001-01-01", "February 30, 2024",
                                                                     "Published: 10000-01-01", "Date: -1"])
                                                         + "\n\n" + story(s)).encode())
kind("txt", ".txt", "txt-date-line-only")(lambda rng, s: b"May 20, 2024\n\n\n")
kind("txt", ".txt", "txt-many-lines")(lambda rng, s: (story(s) + "\n" + "a\n" * rng.randint(10_000, 200_000)).encode())
kind("txt", ".txt", "txt-astral")(lambda rng, s: (story(s) + "\n" + "".join(chr(rng.randint(0x1F300, 0x1FAFF))
                                                                             for _ in range(2000))).encode())
RELATIVE = ["next week", "next year", "in the coming month", "on Monday next week", "3 years ago", "10000 years ago",
            "last year", "this year", "on Friday", "on February 29"]


def far_off(rng: random.Random, s: str) -> str:
    """The sentence, then another whose date, told against a publication date at an end of the calendar, is beyond
    it."""
    a, adjective, *_ = PAIRS[rng.randrange(len(PAIRS))]
    return f"{s}\n\n{a} recalled its ambassador {rng.choice(RELATIVE)}.\n"


kind("txt", ".txt", "txt-extreme-dates")(lambda rng, s: (rng.choice(["9999-12-31", "0001-01-01", "December 31, 9999"])
                                                         + "\n\n" + far_off(rng, s)).encode())

# HTML

kind("html", ".html", "html-empty")(lambda rng, s: rng.choice([b"<html></html>", b"<html><body></body></html>", b"<",
                                                                b"<!DOCTYPE html>", b"<html><body>   </body></html>"]))
kind("html", ".html", "html-script-only")(lambda rng, s: page(f"<script>var s = '{s}';</script><style>p{{}}</style>")
                                          .encode())
kind("html", ".html", "html-truncated")(lambda rng, s: cut(rng, page(para(s) * 3).encode(), 0.5))
kind("html", ".html", "html-deep-nesting")(lambda rng, s: page("<div>" * (n := rng.randint(300, 30_000)) + para(s)
                                                               + "</div>" * n).encode())
kind("html", ".html", "html-unclosed-tags")(lambda rng, s: ("<html><body>" + "<div><span><b>" * rng.randint(10, 5000)
                                                            + para(s)).encode())
kind("html", ".html", "html-bad-charset")(lambda rng, s: page(para(s + " Caf\u00e9."), '<meta charset="' + rng.choice(
    ["x-nonsense", "utf-16", "utf-32", "shift_jis", "", "\"'><"]) + '">').encode("cp1252"))
kind("html", ".html", "html-bad-entities")(lambda rng, s: page(para(s) + "<p>&#0; &#xD800; &#99999999; &#x110000; &bogus; "
                                                           "&amp &#; &#x; &lt;&gt</p>").encode())
kind("html", ".html", "html-huge-attribute")(lambda rng, s: page(f'<div data-x="{"a" * huge(rng)}">' + para(s)
                                                                 + "</div>").encode())
kind("html", ".html", "html-unclosed-comment")(lambda rng, s: page(para(s) + "<!-- " + FILLER * 10).encode())
kind("html", ".html", "html-random-bytes")(lambda rng, s: b"<html>" + junk(rng, rng.randint(1, 8000)))
kind("html", ".html", "html-bad-dates")(lambda rng, s: page(para(s), '<meta property="article:published_time" content="'
                                                            + rng.choice(["0000-00-00T00:00:00Z", "9999-12-31",
                                                                          "-1", "2024-02-30", "10000-01-01",
                                                                          "0001-01-01"]) + '">').encode())
kind("html", ".html", "html-nul-bytes")(lambda rng, s: page(para(s)).encode().replace(b"<p>", b"<p>\x00", 1))
kind("html", ".html", "html-shift-jis")(lambda rng, s: page("<p>東京で首相が会見した。</p>" + para(s),
                                                            '<meta charset="shift_jis">').encode("shift_jis"))
kind("html", ".html", "html-utf16-no-bom")(lambda rng, s: page(para(s)).encode("utf-16-le"))
kind("html", ".html", "html-punctuation-run")(lambda rng, s: page(para(s) + "<p>" + rng.choice(PUNCTUATION.replace("<", ""))
                                                                  * rng.randint(60, 200_000) + "</p>").encode())

# JSON lines


def deep(rng: random.Random, s: str) -> bytes:
    n = rng.randint(51, 200_000)
    return (line({"id": "ok", "text": s}) + '{"text": "deep", "x": ' + "[" * n + "]" * n + "}\n").encode()


kind("jsonl", ".jsonl", "jsonl-deep-nesting")(deep)
kind("jsonl", ".jsonl", "jsonl-unclosed-nesting")(lambda rng, s: (line({"text": s}) + "[" * rng.randint(1, 1_000_000))
                                                  .encode())
kind("jsonl", ".jsonl", "jsonl-invalid-lines")(lambda rng, s: (rng.choice(['{"text": "a",}', "{'text': 'a'}", '{"text": ',
                                                                           '{"text" "a"}', "}{", '{"text": "\\x41"}'])
                                                               + "\n" + line({"text": s})).encode())
kind("jsonl", ".jsonl", "jsonl-not-objects")(lambda rng, s: ("[]\n1\n\"text\"\nnull\ntrue\n[{\"text\": \"a\"}]\n"
                                                             + line({"text": s})).encode())
kind("jsonl", ".jsonl", "jsonl-wrong-types")(lambda rng, s: (line({"text": rng.choice([1, [s], {"t": s}, None, "", True])})
                                                             + line({"text": s, "id": rng.choice([{}, [], 1.5, False]),
                                                                     "title": rng.choice([[], 7, {"a": 1}]),
                                                                     "published": rng.choice([[], 20240520, {}, -1e300]),
                                                                     "url": rng.choice([[], 3, {"a": "b"}])})).encode())
kind("jsonl", ".jsonl", "jsonl-long-numbers")(lambda rng, s: (
    '{"text": "a", "id": ' + "9" * rng.randint(4301, 60_000) + "}\n" + line({"text": s})).encode())
kind("jsonl", ".jsonl", "jsonl-nan-infinity")(lambda rng, s: ('{"text": "' + s + '", "id": ' + rng.choice(
    ["NaN", "Infinity", "-Infinity", "1e999"]) + ', "published": ' + rng.choice(["NaN", "1e999", "-0"]) + "}\n").encode())
kind("jsonl", ".jsonl", "jsonl-lone-surrogates")(lambda rng, s: (
    '{"id": "a\\ud800", "title": "Update \\udfff\\ud800", "text": "' + s + ' Lone \\udc00 halves \\ud83d here."'
    ', "url": "http://x.example/\\ud83d", "source": "\\ud800"}\n').encode())
kind("jsonl", ".jsonl", "jsonl-huge-field")(lambda rng, s: (line({"text": s, rng.choice(["extra", "title", "url", "source",
                                                                                          "published"]): "x" * huge(rng)})
                                                            + line({"text": s})).encode())
kind("jsonl", ".jsonl", "jsonl-huge-line-of-spaces")(lambda rng, s: (" " * huge(rng) + "\n" + line({"text": s})).encode())
kind("jsonl", ".jsonl", "jsonl-crlf-and-bom")(lambda rng, s: ("\ufeff" + line({"text": s}).replace("\n", "\r\n")
                                                              + "\ufeff" + line({"text": FILLER})).encode())
kind("jsonl", ".jsonl", "jsonl-empty-lines")(lambda rng, s: rng.choice([b"", b"\n\n\n", b"\r\n \t\n", b"{}\n", b"[]"]))
kind("jsonl", ".jsonl", "jsonl-duplicate-keys")(lambda rng, s: ('{"text": 5, "text": "' + s + '", "id": "a", "id": null}\n')
                                                .encode())
kind("jsonl", ".jsonl", "jsonl-extreme-dates")(lambda rng, s: line({"text": far_off(rng, s), "published": rng.choice(
    ["0001-01-01", "9999-12-31", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00", "10000-01-01", "-0001-01-01",
     "2024-02-30", "0000-00-00"])}).encode())
kind("jsonl", ".jsonl", "jsonl-truncated")(lambda rng, s: cut(rng, (line({"text": s}) * 3).encode(), 0.4))
kind("jsonl", ".jsonl", "jsonl-unicode-line-breaks")(lambda rng, s: line({"text": s + "\u2028\u2029\x85" + FILLER,
                                                                          "id": "a\u2028b"}).encode())

# CSV

kind("csv", ".csv", "csv-header-only")(lambda rng, s: rng.choice([b"id,text\n", b"text", b"id,title,text,published\r\n"]))
kind("csv", ".csv", "csv-no-text-column")(lambda rng, s: f"id,body\n1,{s}\n".encode())
kind("csv", ".csv", "csv-unclosed-quote")(lambda rng, s: f'id,text\n1,"{s}\n2,"{FILLER}\n'.encode())
kind("csv", ".csv", "csv-ragged-rows")(lambda rng, s: f"id,text\n1,{s},extra,more\n2\n3,,\n".encode())
kind("csv", ".csv", "csv-nul-bytes")(lambda rng, s: f"id,text\n1,{s}\x00\n".encode())
kind("csv", ".csv", "csv-semicolons")(lambda rng, s: f"id;text\n1;{s}\n".encode())
kind("csv", ".csv", "csv-huge-field")(lambda rng, s: ('id,text,title\n1,"' + s + '","' + "x" * huge(rng) + '"\n2,"'
                                                      + s + '",t\n').encode())
kind("csv", ".csv", "csv-bom-and-cr")(lambda rng, s: ("\ufeffID , Text \r" + f'1,"{s}"\r').encode())
kind("csv", ".csv", "csv-odd-header")(lambda rng, s: (rng.choice([",text,text", "text,,", "\"\",text", "text,text,id"])
                                                      + f"\n{s},{s},x\n").encode())
kind("csv", ".csv", "csv-blank-rows")(lambda rng, s: ("id,text\n" + rng.choice([",\n", " , \n", "\n", ",,\n"])
                                                      * rng.randint(1, 500)).encode())
kind("csv", ".csv", "csv-random-bytes")(lambda rng, s: b"id,text\n" + junk(rng, rng.randint(1, 8000)))
kind("csv", ".csv", "csv-shift-jis")(lambda rng, s: f'id,text\n1,"{s}\n\n東京で首相が会見した。"\n'.encode("shift_jis"))
kind("csv", ".csv", "csv-quote-run")(lambda rng, s: ('id,text\n1,"' + s + '"\n2,' + '"' * rng.randint(1, 100_000)
                                                     + "\n").encode())

# feeds


def rss(items: str, head: str = "") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0"><channel><title>Wire</title>'
            f"<link>http://news.example/</link><description>d</description>{items}</channel></rss>")


def item(s: str, date: str = "Mon, 20 May 2024 10:00:00 GMT") -> str:
    return f"<item><title>Update</title><link>http://news.example/1</link><description>{s}</description>" \
           f"<pubDate>{date}</pubDate></item>"


BAD_DATES = ["Mon, 32 Foo 2024 25:61:61 +9999", "0000-00-00", "0000-00-00 00:00:00", "2024-13-45", "99999-01-01",
             "-1", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "yesterday", "", "Feb 30 2024", "1e999",
             "Tue, 31 Dec 9999 23:59:59 -1200", "Mon, 01 Jan 0001 00:00:00 +1400"]

kind("feed", ".xml", "feed-bad-dates")(lambda rng, s: rss(item(s, rng.choice(BAD_DATES))).encode())
kind("feed", ".atom", "atom-bad-dates")(lambda rng, s: (
    '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><entry><title>Update</title>'
    f"<updated>{rng.choice(BAD_DATES)}</updated><published>{rng.choice(BAD_DATES)}</published>"
    f'<content type="{rng.choice(["text", "html", "xhtml", "nonsense/type"])}">{s}</content></entry></feed>').encode())
kind("feed", ".rss", "feed-no-entries")(lambda rng, s: rss("").encode())
kind("feed", ".xml", "feed-empty-entries")(lambda rng, s: rss("<item></item><item><title></title></item>" * 3).encode())
kind("feed", ".xml", "feed-truncated")(lambda rng, s: cut(rng, rss(item(s) * 3).encode(), 0.2))
kind("feed", ".xml", "feed-entity-expansion")(lambda rng, s: rss(item(s.replace("Monday", "&l5;")), (
    '<!DOCTYPE rss [<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 6))
    + "]>")).encode())
kind("feed", ".xml", "feed-external-entity")(lambda rng, s: rss(item(s + " &ext;"), (
    '<!DOCTYPE rss [<!ENTITY ext SYSTEM "file:///etc/hostname">]>')).encode())
kind("feed", ".xml", "feed-wrong-encoding")(lambda rng, s: rss(item(s + " Caf\u00e9 \u6771\u4eac")).replace(
    'encoding="utf-8"', 'encoding="' + rng.choice(["shift_jis", "utf-16", "x-bogus", "ascii"]) + '"').encode())
kind("feed", ".xml", "feed-many-entries")(lambda rng, s: rss(item(s) + "<item><title>Brief</title></item>"
                                                             * rng.randint(100, 600)).encode())
kind("feed", ".rss", "feed-html-garbage")(lambda rng, s: rss(item(f"<![CDATA[<div><p>{s}<p><table><td>x</b></i>"
                                                                  "<script>alert(1)</script>]]>")).encode())
kind("feed", ".xml", "feed-rdf")(lambda rng, s: (
    '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns="http://purl.org/rss/1.0/"><channel><title>Wire</title></channel>'
    f"<item><title>Update</title><description>{s}</description><dc:date>{rng.choice(BAD_DATES)}</dc:date></item>"
    "</rdf:RDF>").encode())
kind("feed", ".xml", "feed-not-xml")(lambda rng, s: rng.choice([b"<rss", b"not a feed <rss>", b"<feed><", b"<<<>>>",
                                                                 junk(rng, 500)]))
kind("feed", ".xml", "feed-random-bytes")(lambda rng, s: b'<?xml version="1.0"?><rss version="2.0">' + junk(rng, 3000))
kind("feed", ".xml", "feed-huge-title")(lambda rng, s: rss(item(s).replace("Update", "Update " * (huge(rng) // 7)))
                                        .encode())

# web archives


def http(body: bytes, ctype: str = "text/html", status: str = "200 OK", extra: str = "") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{extra}\r\n".encode() + body


def record(block: bytes, uri: str | None = "http://news.example/a", rtype: str = "response",
           length: str | None = None, date: str = "2024-05-20T10:00:00Z", ctype: str = "application/http; "
           "msgtype=response") -> bytes:
    head = f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Record-ID: <urn:uuid:{random.Random(block).getrandbits(64):x}>\r\n" \
           f"WARC-Date: {date}\r\n" + (f"WARC-Target-URI: {uri}\r\n" if uri else "") + \
           f"Content-Type: {ctype}\r\nContent-Length: {len(block) if length is None else length}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def gz(*parts: bytes | tuple[bytes, int]) -> bytes:
    """One gzip member; a part ``(chunk, n)`` is ``chunk`` n times, so a bomb is made without holding it."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = []
    for part in parts:
        chunk, times = part if isinstance(part, tuple) else (part, 1)
        for _ in range(times):
            out.append(packer.compress(chunk))
    return b"".join(out) + packer.flush()


def good_record(s: str) -> bytes:
    return record(http(page(para(s)).encode()))


kind("warc", ".warc", "warc-no-target-uri")(lambda rng, s: record(http(page(para(s)).encode()), uri=None))
kind("warc", ".warc", "warc-truncated")(lambda rng, s: good_record(s) + cut(rng, good_record(FILLER), 0.05))
kind("warc", ".warc", "warc-garbage-after")(lambda rng, s: good_record(s) + junk(rng, rng.randint(1, 5000)))
kind("warc", ".warc", "warc-bad-length")(lambda rng, s: record(http(page(para(s)).encode()), length=rng.choice(
    ["-5", "abc", "99999999999999999999", "1e9", "", "0x10", "10"])) + good_record(FILLER))
kind("warc", ".warc", "warc-bad-http")(lambda rng, s: record(rng.choice(
    [b"garbage\r\n\r\n" + page(para(s)).encode(), http(page(para(s)).encode(), status="999 What"),
     http(page(para(s)).encode(), status="200"), b"HTTP/1.1 200 OK\r\n" + b"X: y\r\n" * 5000 + b"\r\n"])))
kind("warc", ".warc", "warc-bad-charset")(lambda rng, s: record(http(page(para(s + " Caf\u00e9")).encode("cp1252"),
                                                                     ctype="text/html; charset=" + rng.choice(
                                                                         ["x-bogus", "utf-16", "\"\"", "utf-8"]))))
kind("warc", ".warc", "warc-binary-payload")(lambda rng, s: record(http(junk(rng, rng.randint(1, 5000)),
                                                                        ctype=rng.choice(["text/html", "text/plain"]))))
kind("warc", ".warc", "warc-no-pages")(lambda rng, s: record(b"GET / HTTP/1.1\r\n\r\n", rtype="request")
                                       + record(http(b"\x89PNG", ctype="image/png")) + record(b"k: v\r\n",
                                                                                              rtype="metadata"))
kind("warc", ".warc", "warc-bad-date")(lambda rng, s: record(http(story(s).encode(), ctype="text/plain"),
                                                             date=rng.choice(["0000-00-00T00:00:00Z", "9999-99-99",
                                                                              "", "yesterday", "10000-01-01T00:00Z"])))
kind("warc", ".warc", "warc-huge-header-line")(lambda rng, s: b"WARC/1.0\r\nX-Junk: " + b"a" * huge(rng) + b"\r\n\r\n"
                                               + good_record(s))
kind("warc", ".warc", "warc-not-warc")(lambda rng, s: rng.choice([story(s).encode(), b"WARC/1.0\r\n", b"WARC/",
                                                                  b"WARC/9.9\r\nContent-Length: 5\r\n\r\nhello"]))
kind("warc", ".warc", "warc-many-records")(lambda rng, s: good_record(s) + record(http(b"\x89PNG", ctype="image/png"))
                                           * rng.randint(100, 2000))
kind("warc", ".warc.gz", "warc-gz-no-target-uri")(lambda rng, s: gz(record(http(page(para(s)).encode()), uri=None)))
kind("warc", ".warc.gz", "warc-gz-record-bomb")(lambda rng, s: gz(good_record(s)) + gz(
    f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/b\r\nContent-Length: {(n := rng.randint(51, 300)) << 20}"
    "\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".encode(), (b"a" * (1 << 20), n)))
kind("warc", ".warc.gz", "warc-gz-zero-bomb")(lambda rng, s: gz((b"\0" * (1 << 20), rng.randint(50, 500))))
kind("warc", ".warc.gz", "warc-gz-header-bomb")(lambda rng, s: gz(b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ",
                                                                  (b"a" * (1 << 20), rng.randint(50, 300))))
kind("warc", ".warc.gz", "warc-gz-newline-bomb")(lambda rng, s: gz(good_record(s)) + gz((b"\r\n" * (1 << 19),
                                                                                          rng.randint(50, 300))))
kind("warc", ".warc.gz", "warc-gz-truncated")(lambda rng, s: gz(good_record(s)) + cut(rng, gz(good_record(FILLER)), 0.1))
kind("warc", ".warc.gz", "warc-gz-random-bytes")(lambda rng, s: b"\x1f\x8b" + junk(rng, rng.randint(1, 5000)))
kind("warc", ".warc.gz", "warc-gz-not-gzip")(lambda rng, s: good_record(s))
kind("warc", ".warc.gz", "warc-gz-one-member")(lambda rng, s: gz(good_record(s) + good_record(FILLER)))
kind("warc", ".warc.gz", "warc-gz-empty-members")(lambda rng, s: gz(b"") * rng.randint(1, 50) + gz(good_record(s)))


# --- making and running batches ----------------------------------------------------------------------------------

def make(index: int, seed: int, position: int) -> Input:
    """Input ``index``: its kind by turn, its content from its own seeded generator; ``position`` in its batch
    picks its country pair."""
    name = list(KINDS)[index % len(KINDS)]
    reader, ext, maker = KINDS[name]
    rng = random.Random(f"{seed}/{index}")
    a, adjective, source, target = PAIRS[position]
    data = maker(rng, f"{a} expelled two {adjective} diplomats on Monday.")
    return Input(index, name, reader, f"{index:05d}-{name}{ext}", data, (source, target))


def make_batch(number: int, indexes: list[int], seed: int) -> list[Input]:
    """The batch's inputs; one of them, chosen by the seed, is given on standard input."""
    inputs = [make(index, seed, position) for position, index in enumerate(indexes)]
    piped = random.Random(f"{seed}/batch/{number}").choice([i for i in inputs if i.reader != "csv"] or inputs)
    piped.stdin, piped.reader, piped.name = True, "stdin", STDIN
    return inputs


@dataclass
class Run:
    status: int  # negative: killed by that signal
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool


def run_cli(inputs: list[Input], folder: Path, timeout: float) -> Run:
    """One ``dragoman code`` over the inputs (written to ``folder``), its peak memory taken from ``wait4``."""
    folder.mkdir(parents=True, exist_ok=True)
    names, piped = [], b""
    for item in inputs:
        if item.stdin:
            names.append("-")
            piped = item.data
        else:
            (folder / item.name).write_bytes(item.data)
            names.append(item.name)
    (folder / "stdin").write_bytes(piped)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    with open(folder / "stdin", "rb") as stdin, open(folder / "out", "wb") as out, open(folder / "err", "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "dragoman", "code", *names, "--format", "jsonl", "-j", "1"],
                                cwd=folder, stdin=stdin, stdout=out, stderr=err, env=env, start_new_session=True)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return Run(proc.returncode, (folder / "out").read_text("utf-8", "replace"),
               (folder / "err").read_text("utf-8", "replace"), seconds, usage.ru_maxrss / 1024, timed_out)


def names_it(line: str, name: str) -> bool:
    return any(line.startswith(f"dragoman: {level}: {name}{end}") for level in ("error", "warning")
               for end in (":", " ("))


def judge(inputs: list[Input], run: Run, alone: bool) -> list[Outcome]:
    """What each input of a run gave; a traceback, crash or hang is pinned on the input only in a run of one."""
    pairs: Counter[tuple[str, str]] = Counter()
    for text in run.stdout.split("\n"):  # not splitlines: a record may hold U+2028
        try:
            event = json.loads(text)
            pairs[((event.get("source") or {}).get("country"), (event.get("target") or {}).get("country"))] += 1
        except (ValueError, AttributeError):
            pass
    lines = run.stderr.splitlines()
    outcomes = []
    for item in inputs:
        messages = [x for x in lines if names_it(x, item.name)]
        outcome = Outcome(item.index, item.kind, item.reader, item.name, pairs[item.pair], messages,
                          seconds=run.seconds, peak_mb=run.peak_mb)
        outcome.unexpected = any(x.startswith("dragoman: error: ") and "unexpected error" in x for x in messages)
        if alone:
            outcome.hang = run.timed_out
            outcome.traceback = "Traceback" in run.stderr
            outcome.crash = not run.timed_out and run.status not in (0, 1)
        outcome.silent = not (outcome.events or messages or outcome.hang or outcome.traceback or outcome.crash)
        outcomes.append(outcome)
    return outcomes


def failed(run: Run) -> bool:
    return run.timed_out or "Traceback" in run.stderr or run.status not in (0, 1)


def strays(inputs: list[Input], run: Run) -> list[str]:
    """Lines on standard error that name no input of the run: a library talking, or a message that lost its input."""
    return [x for x in run.stderr.splitlines()
            if x.strip() and not any(x.startswith(f"dragoman: {level}: {i.name}") for i in inputs
                                     for level in ("error", "warning"))]


def code_batch(number: int, indexes: list[int], args: argparse.Namespace, work: Path) -> tuple[list[Outcome], float,
                                                                                                list[str]]:
    inputs = make_batch(number, indexes, args.seed)
    folder = work / f"batch-{number:04d}"
    run = run_cli(inputs, folder, args.timeout + 5 * len(inputs))
    peak = run.peak_mb
    if not failed(run):
        outcomes, stray = judge(inputs, run, alone=len(inputs) == 1), strays(inputs, run)
    else:
        outcomes, stray = [], []
        for item in inputs:  # one at a time, to pin the problem on its input
            solo = run_cli([item], folder / f"alone-{item.index}", args.timeout)
            peak = max(peak, solo.peak_mb)
            outcomes.extend(judge([item], solo, alone=True))
            stray.extend(x for x in strays([item], solo) if "Traceback" not in solo.stderr)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return outcomes, peak, stray


# --- the report --------------------------------------------------------------------------------------------------

COLUMNS = ("inputs", "tracebacks", "crashes", "hangs", "unexpected", "silent empties", "with events", "peak MB")


def table(outcomes: list[Outcome], peaks: dict[str, float]) -> list[str]:
    rows = ["| reader | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 1) + "|"]
    for reader in [*READERS, "all"]:
        mine = [o for o in outcomes if reader in ("all", o.reader)]
        if not mine:
            continue
        peak = max((o.peak_mb for o in mine), default=0.0) if reader != "all" else peaks["all"]
        cells = [len(mine), sum(o.traceback for o in mine), sum(o.crash for o in mine), sum(o.hang for o in mine),
                 sum(o.unexpected for o in mine), sum(o.silent for o in mine), sum(o.events > 0 for o in mine)]
        rows.append(f"| {reader} | " + " | ".join(f"{c:,}" for c in cells) + f" | {peak:,.0f} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=2000, metavar="N", help="how many bad inputs (default 2000)")
    parser.add_argument("--quick", action="store_true", help="200 inputs, for a check in a few minutes")
    parser.add_argument("--seed", type=int, default=15, help="seed of the inputs (default 15): the same seed and "
                                                             "count make the same inputs")
    parser.add_argument("--jobs", type=int, default=2, metavar="J", help="runs of dragoman at a time (default 2)")
    parser.add_argument("--batch", type=int, default=20, metavar="B",
                        help=f"inputs a run (default 20, at most {len(PAIRS)})")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="S",
                        help="seconds an input may take alone, start-up included (default 30); a run of B inputs "
                             "gets that and 5 s more an input")
    parser.add_argument("--keep", metavar="DIR", help="write the inputs to DIR and keep them there")
    parser.add_argument("--report", metavar="FILE", help="write one JSON line an input to FILE")
    parser.add_argument("--by-kind", action="store_true", help="also print a line for each kind of input")
    args = parser.parse_args(argv)
    count = 200 if args.quick else args.count
    if not 1 <= args.batch <= len(PAIRS) or args.jobs < 1 or count < 1:
        parser.error(f"--count and --jobs must be 1 or more, --batch from 1 to {len(PAIRS)}")

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="dragoman-robustness-"))
    work.mkdir(parents=True, exist_ok=True)
    batches = [list(range(start, min(start + args.batch, count))) for start in range(0, count, args.batch)]
    print(f"{count:,} inputs of {len(KINDS)} kinds (seed {args.seed}) in {len(batches)} runs of dragoman code, "
          f"{args.jobs} at a time", file=sys.stderr)
    outcomes: list[Outcome] = []
    stray: list[str] = []
    peak = 0.0
    start = time.perf_counter()
    try:
        with ThreadPoolExecutor(args.jobs) as pool:
            futures = [pool.submit(code_batch, n, indexes, args, work) for n, indexes in enumerate(batches)]
            for done, future in enumerate(futures, start=1):
                found, batch_peak, lines = future.result()
                outcomes.extend(found)
                stray.extend(lines)
                peak = max(peak, batch_peak)
                if sys.stderr.isatty():
                    print(f"\r{done}/{len(batches)} runs", end="", file=sys.stderr, flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    wall = time.perf_counter() - start
    if sys.stderr.isatty():
        print(file=sys.stderr)

    outcomes.sort(key=lambda o: o.index)
    print("\n".join(table(outcomes, {"all": peak})))
    if args.by_kind:
        print("\n| kind | inputs | problems | with events | messages |\n|---|---|---|---|---|")
        for name in KINDS:
            mine = [o for o in outcomes if o.kind == name]
            print(f"| {name} | {len(mine)} | {sum(o.problem for o in mine)} | {sum(o.events > 0 for o in mine)} | "
                  f"{sum(len(o.messages) for o in mine)} |")
    problems = [o for o in outcomes if o.problem]
    for o in problems:
        what = ", ".join(w for w in ("traceback", "crash", "hang", "unexpected", "silent") if getattr(o, w))
        print(f"problem: input {o.index} ({o.kind}, {o.name}): {what}: {(o.messages or [''])[0][:300]}")
    for x in stray[:20]:
        print(f"stray line on standard error: {x[:300]}")
    totals = {c: sum(getattr(o, a) for o in outcomes) for c, a in (
        ("tracebacks", "traceback"), ("crashes", "crash"), ("hangs", "hang"), ("unexpected", "unexpected"),
        ("silent", "silent"))}
    print(f"\n{wall / 60:.1f} min wall, {len(stray)} stray lines on standard error")
    print(f"\n`bench/robustness.py`: {count:,} bad inputs of {len(KINDS)} kinds (seed {args.seed}) over every reader and "
          f"standard input: {totals['tracebacks']} tracebacks, {totals['crashes']} crashes, {totals['hangs']} hangs "
          f"over {args.timeout:.0f} s, {totals['unexpected']} unexpected errors, {totals['silent']} silent empties; "
          f"peak {peak:,.0f} MB a run; {wall / 60:.1f} min on {args.jobs} jobs.")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            for o in outcomes:
                f.write(json.dumps(asdict(o), ensure_ascii=False) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
