#!/usr/bin/env python3
"""Write the nasty inputs of ``nasty/``: small files (under 20 KB each) of every kind of bad input, for every
reader, and one good file of each format; ``tests/test_robust_corpus.py`` codes them all in one batch.

    python tests/corpus/make_nasty.py

The files are stored; run this again only to change them. A file whose name starts with ``good-`` holds one event
that must come out, as must the one a nasty file keeps beside its bad parts (see ``EVENTS`` in the test).
"""

from __future__ import annotations

import codecs
import gzip
import json
import random
from pathlib import Path

HERE = Path(__file__).parent / "nasty"
LINE = "{} expelled two {} diplomats on Monday."
MORE = "The two governments had argued for weeks over the trade route along the river."


def page(body: str, head: str = "", title: str = "Diplomatic row") -> str:
    return f"<html><head><title>{title}</title>{head}</head><body><article>{body}</article></body></html>"


def para(*sentences: str) -> str:
    return "".join(f"<p>{s}</p>" for s in sentences)


def rss(items: str, head: str = "") -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>{head}<rss version="2.0"><channel><title>Wire</title>'
            f"<link>http://wire.example/</link><description>d</description>{items}</channel></rss>")


def item(text: str, date: str = "Mon, 20 May 2024 10:00:00 GMT", title: str = "Update") -> str:
    return f"<item><title>{title}</title><link>http://wire.example/1</link><description>{text}</description>" \
           f"<pubDate>{date}</pubDate></item>"


def record(block: bytes, uri: str | None = "http://site.example/a", kind: str = "response",
           length: str | None = None) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{len(block):08d}>\r\n"
            f"WARC-Date: 2024-05-20T10:00:00Z\r\n" + (f"WARC-Target-URI: {uri}\r\n" if uri else "")
            + f"Content-Type: application/http; msgtype={kind}\r\n"
            f"Content-Length: {len(block) if length is None else length}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def http(body: bytes, content_type: str = "text/html") -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


def files() -> dict[str, bytes]:
    rng = random.Random(15)
    ev = {name: LINE.format(*pair) for name, pair in {
        "good": ("Chile", "Bolivian"), "html": ("Kenya", "Ugandan"), "jsonl": ("Peru", "Mexican"),
        "csv": ("Ghana", "Nigerian"), "feed": ("Japan", "Chinese"), "warc": ("Egypt", "Ethiopian"),
        "cut": ("Spain", "Moroccan"), "run": ("Poland", "Belarusian"), "sjis": ("India", "Pakistani"),
        "utf16": ("Norway", "Russian"), "surrogate": ("Serbia", "Croatian"), "control": ("Sudan", "Chadian"),
        "dates": ("Qatar", "Saudi"), "deep": ("Jordan", "Syrian"), "digits": ("Cuba", "American"),
        "types": ("Mali", "French"), "ragged": ("Ireland", "Israeli"), "feed-dates": ("Denmark", "Chinese"),
        "entities": ("Estonia", "Russian"), "uri": ("Algeria", "Spanish"), "blank-bomb": ("Somalia", "Kenyan"),
        "stdin": ("Colombia", "Venezuelan"), "html-dates": ("Vietnam", "Cambodian")}.items()}
    good_record = record(http(page(para(ev["warc"], MORE)).encode()))
    return {
        # good inputs, one a format
        "good-story.txt": f"May 20, 2024\n\n{ev['good']}\n\n{MORE}\n".encode(),
        "good-page.html": page(para(ev["html"], MORE)).encode(),
        "good-lines.jsonl": (json.dumps({"id": "good", "text": ev["jsonl"], "published": "2024-05-20"}) + "\n").encode(),
        "good-rows.csv": f'id,text,published\ngood-row,"{ev["csv"]}",2024-05-20\n'.encode(),
        "good-feed.xml": rss(item(ev["feed"])).encode(),
        "good-archive.warc": good_record,
        # plain text
        "empty.txt": b"",
        "blank.txt": b" \t\r\n\f\v\n\n   \n",
        "random-bytes.txt": rng.randbytes(3000),
        "nul-bytes.txt": f"{ev['good']}\x00\x00{MORE}\n".encode(),
        "cut-utf8.txt": (f"{ev['cut']}\n\nМинистр сказал, что переговоры продолжатся.").encode()[:-1],
        "punctuation-run.txt": f"{ev['run']}\n\n{'!' * 6000} {'(' * 3000}\n".encode(),
        "symbols-only.txt": ("!!! ??? ### ... --- *** ((( ))) " * 100).encode(),
        "shift-jis.txt": f"{ev['sjis']}\n\n東京で首相が会見し、予算案について説明した。\n".encode("shift_jis"),
        "utf16-no-bom.txt": f"{ev['utf16']}\n\n{MORE}\n".encode("utf-16-le"),
        "utf16-bom-odd-length.txt": codecs.BOM_UTF16_LE + "text".encode("utf-16-le") + b"!",
        "encoded-surrogates.txt": f"{ev['surrogate']}\n\n".encode() + b"Lone \xed\xa0\x80 halves \xed\xbf\xbf here.\n",
        "control-characters.txt": f"{ev['control']}\r\r\x1b[2J\x1b]0;title\x07\x08\f{MORE}\x7f\n".encode(),
        "extreme-dates.txt": f"9999-12-31\n\n{ev['dates']}\n\nThe envoy left next week, and 10000 years ago.\n".encode(),
        "date-line-only.txt": b"May 20, 2024\n\n\n",
        # HTML
        "empty.html": b"<html><body>   </body></html>",
        "script-only.html": page("<script>var a = 1;</script><style>p {}</style>").encode(),
        "deep-nesting.html": page("<div>" * 1500 + para(MORE) + "</div>" * 1500).encode(),
        "bad-entities.html": page(para(ev["entities"], "&#0; &#xD800; &#99999999; &bogus; &amp &#; &lt;&gt")).encode(),
        "nul-bytes.html": page(para(MORE)).encode().replace(b"<p>", b"<p>\x00"),
        "bad-dates.html": page(para(ev["html-dates"], MORE),
                               '<meta property="article:published_time" content="0000-00-00T00:00:00Z">').encode(),
        "random-bytes.html": b"<html>" + rng.randbytes(2000),
        # JSON lines
        "deep-nesting.jsonl": (json.dumps({"text": ev["deep"]}) + "\n" + '{"text": "x", "a": ' + "[" * 5000
                               + "]" * 5000 + "}\n").encode(),
        "long-number.jsonl": ('{"text": "x", "id": ' + "7" * 6000 + "}\n" + json.dumps({"text": ev["digits"]})
                              + "\n").encode(),
        "not-objects.jsonl": b'[]\n1\n"text"\nnull\n[{"text": "a"}]\n{"text": "a",}\n',
        "wrong-types.jsonl": ('{"text": 5}\n{"text": ["a"]}\n{"text": ""}\n{"text": null}\n'
                              + json.dumps({"text": ev["types"], "id": {"a": 1}, "title": [], "published": 1e300,
                                            "url": 3}) + "\n").encode(),
        "lone-surrogates.jsonl": ('{"id": "s\\ud800", "title": "\\udfff", "text": "Lone \\ud83d half. '
                                  + ev["types"].replace("Mali", "Senegal").replace("French", "Gambian") + '"}\n').encode(),
        "nan-infinity.jsonl": b'{"text": "NaN ids.", "id": NaN, "published": Infinity}\n',
        "truncated.jsonl": json.dumps({"text": MORE}).encode()[:25],
        "blank-lines.jsonl": b"\n\r\n \t\n\n",
        # CSV
        "header-only.csv": b"id,title,text,published\r\n",
        "blank-rows.csv": b"id,text\n,\n , \n,\n",
        "no-text-column.csv": f"id,body\n1,{MORE}\n".encode(),
        "unclosed-quote.csv": f'id,text\n1,"{MORE}\n2,more\n'.encode(),
        "text-twice.csv": f"text,id,text\n{MORE},1,x\n".encode(),
        "ragged-rows.csv": f'id,text\nr1,"{ev["ragged"]}",extra,more\nr2\nr3,,\n'.encode(),
        "nul-bytes.csv": f"id,text\n1,{MORE}\x00\n".encode(),
        "semicolons.csv": f"id;text\n1;{MORE}\n".encode(),
        # feeds
        "bad-dates.xml": rss(item(ev["feed-dates"], "Mon, 32 Foo 2024 25:61:61 +9999")
                             + item(MORE, "0000-00-00") + item(MORE, "9999-12-31T23:59:59Z")).encode(),
        "no-entries.rss": rss("").encode(),
        "empty-entries.xml": rss("<item></item><item><title></title><description></description></item>").encode(),
        "entity-expansion.xml": rss(item(MORE.replace("weeks", "&l4;")), (
            '<!DOCTYPE rss [<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 5))
            + "]>")).encode(),
        "external-entity.xml": rss(item(MORE + " &ext;"), '<!DOCTYPE rss [<!ENTITY ext SYSTEM "file:///etc/hostname">]>')
        .encode(),
        "not-xml.xml": b"not a feed <rss> <<<>>>",
        # web archives
        "no-target-uri.warc": record(http(page(para(ev["uri"], MORE)).encode()), uri=None),
        "truncated.warc": good_record + good_record[:150],
        "bad-length.warc": record(http(page(para(MORE)).encode()), length="-5"),
        "huge-length.warc": record(http(page(para(MORE)).encode()), length="99999999999999999999"),
        "no-pages.warc": record(b"GET / HTTP/1.1\r\n\r\n", kind="request") + record(http(b"\x89PNG", "image/png")),
        "not-warc.warc": b"WARC/9.9\r\nContent-Length: 5\r\n\r\nhello",
        "header-line-bomb.warc.gz": gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: " + b"a" * 4_000_000),
        "zero-bomb.warc.gz": gzip.compress(b"\x00" * 8_000_000),
        "blank-line-bomb.warc.gz": gzip.compress(record(http(page(para(ev["blank-bomb"], MORE)).encode())))
        + gzip.compress(b"\r\n" * 2_000_000),
        "record-bomb.warc.gz": gzip.compress(record(http(b"<html><body><p>" + b"a" * 12_000_000 + b"</p></body></html>"),
                                                    uri="http://site.example/bomb")),
        "random-bytes.warc.gz": b"\x1f\x8b" + rng.randbytes(2000),
        # standard input: a web archive record with no target URI, sniffed from its content
        "stdin.warc": record(http(page(para(ev["stdin"], MORE)).encode()), uri=None),
    }


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    for old in HERE.iterdir():
        old.unlink()
    for name, data in files().items():
        assert len(data) < 20_000, name
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
