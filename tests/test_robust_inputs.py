"""Bad inputs, each of the kinds that once ended a run (issue 15): each is read, or fails alone with one line."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dragoman.config import Limits
from dragoman.exceptions import UsageError
from dragoman.ingest import fit, iter_articles
from dragoman.model import Article, Failure, article_id, printable, stable_id

SENTENCE = "The committee met again on Monday to review the harbour plans and the budget. "
PAGE = "<html><head><title>Harbour</title></head><body><article><p>{}</p></article></body></html>"


def read(*paths, **kwargs) -> list[Article | Failure]:
    return list(iter_articles([str(p) for p in paths], **kwargs))


def split(results):
    return [r for r in results if isinstance(r, Article)], [r for r in results if isinstance(r, Failure)]


def warc(records: list[tuple[str | None, str, bytes]], gz: bool = False) -> bytes:
    """A WARC of response records ``(target URI or None, content type, payload)``."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for uri, content_type, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri or "http://placeholder.example/", "response",
                                           payload=io.BytesIO(body), http_headers=http)
        if uri is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    return buffer.getvalue()


def nested(depth: int) -> str:
    return '{"text": "deep", "x": ' + "[" * depth + "]" * depth + "}"


# --- long texts: coded in parts up to the limit --------------------------------------------------------------------

LONG = SENTENCE * (1_000_001 // len(SENTENCE) + 1)


@pytest.mark.parametrize("name, content", [
    ("long.txt", LONG),
    ("long.jsonl", json.dumps({"id": "long", "text": LONG}) + "\n"),
    ("long.html", PAGE.format(LONG)),
])
def test_a_text_over_spacys_limit_is_read_in_parts(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    parts, failures = split(read(path))
    assert failures == []
    assert len(parts) >= 10 and all(len(p.text) <= Limits().part_chars for p in parts)
    assert sum(len(p.text) for p in parts) >= 1_000_000
    assert len({p.id for p in parts}) == len(parts)
    assert parts[0].id.endswith("/1") and "part 1" in parts[0].origin


def test_parts_are_cut_between_sentences_and_lose_nothing():
    text = SENTENCE * 300
    parts = list(fit(Article(id="a", text=text, title="T", origin="a.txt"), Limits(part_chars=1000)))
    assert "".join(p.text for p in parts) == text
    assert all(p.text.endswith(". ") for p in parts)
    assert [p.title for p in parts[:2]] == ["T", None]


def test_an_article_over_the_limit_is_one_failure_naming_the_limit(tmp_path):
    (tmp_path / "big.jsonl").write_text(
        json.dumps({"id": "big", "text": "x " * 6000}) + "\n" + json.dumps({"id": "ok", "text": "fine"}) + "\n")
    articles, failures = split(read(tmp_path / "big.jsonl", limits=Limits(article_chars=10_000, part_chars=5000)))
    assert [a.id for a in articles] == ["ok"]
    [failure] = failures
    assert "big" in failure.input and "--max-article-chars" in failure.reason


def test_a_text_file_far_over_the_limit_is_refused_before_it_is_read_whole(tmp_path):
    (tmp_path / "huge.txt").write_text("word " * 10_000)
    [failure] = read(tmp_path / "huge.txt", limits=Limits(article_chars=1000, part_chars=1000))
    assert isinstance(failure, Failure) and "--max-article-chars" in failure.reason


def test_limits_must_be_positive():
    with pytest.raises(UsageError):
        Limits(json_depth=0)


# --- JSON nesting --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("depth", [60, 1000, 100_000])
def test_deeply_nested_json_fails_that_line_only(tmp_path, depth):
    path = tmp_path / "deep.jsonl"
    path.write_text(json.dumps({"id": "a", "text": SENTENCE}) + "\n" + nested(depth) + "\n"
                    + json.dumps({"id": "b", "text": SENTENCE}) + "\n")
    articles, failures = split(read(path))
    assert [a.id for a in articles] == ["a", "b"]
    [failure] = failures
    assert failure.input.endswith("deep.jsonl:2") and "--max-json-depth" in failure.reason


# --- lone surrogates -----------------------------------------------------------------------------------------------

def test_lone_surrogates_in_id_or_text_are_replaced_one_for_one(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "a\\ud800", "text": "Talks \\udfff resumed."}\n{"text": "Lone \\ud83d here."}\n')
    articles, failures = split(read(path))
    assert failures == []
    assert articles[0].id == "a\ufffd" and articles[0].text == "Talks \ufffd resumed."
    assert len(articles[1].text) == len("Lone \ud83d here.")
    for article in articles:
        article.id.encode("utf-8"), article.text.encode("utf-8")  # storable and printable


def test_the_id_hash_takes_lone_surrogates():
    assert stable_id("x\ud800") == stable_id("x\ud800") != stable_id("x")
    assert len(article_id(None, "\udfff")) == 16


# --- WARC ----------------------------------------------------------------------------------------------------------

def test_a_warc_record_without_a_target_uri_is_read(tmp_path):
    body = PAGE.format(SENTENCE * 5).encode()
    path = tmp_path / "a.warc"
    path.write_bytes(warc([(None, "text/html", body), ("https://news.example/2", "text/html", body.replace(
        b"committee", b"council"))]))
    articles, failures = split(read(path))
    assert failures == []
    assert [a.url for a in articles] == [None, "https://news.example/2"]


def test_a_warc_gz_bomb_stops_at_the_stream_limit(tmp_path):
    path = tmp_path / "bomb.warc.gz"
    good = PAGE.format(SENTENCE * 5).encode()
    bomb = b"<html><body><p>" + b"a" * 5_000_000 + b"</p></body></html>"
    path.write_bytes(warc([("https://news.example/1", "text/html", good),
                           ("https://news.example/bomb", "text/html", bomb)], gz=True))
    assert path.stat().st_size < 100_000
    articles, failures = split(read(path, limits=Limits(stream_bytes=1_000_000)))
    assert [a.url for a in articles] == ["https://news.example/1"]
    [failure] = failures
    assert failure.input.endswith("bomb.warc.gz") and "--max-stream-bytes" in failure.reason


def test_a_warc_gz_of_pages_longer_than_a_block_is_read_to_its_end(tmp_path):
    # A member that ends in the tail of a block inflated in pieces once looped for ever on that tail.
    path = tmp_path / "pages.warc.gz"
    body = PAGE.format(SENTENCE * 1500).encode()  # 117 kB
    path.write_bytes(warc([("https://news.example/1", "text/html", body),
                           ("https://news.example/2", "text/html", body.replace(b"committee", b"council"))], gz=True))
    articles, failures = split(read(path))
    assert failures == []
    assert [a.url for a in articles] == ["https://news.example/1"] * 2 + ["https://news.example/2"] * 2  # 2 parts


def test_a_warc_record_over_the_record_limit_fails_alone(tmp_path):
    path = tmp_path / "big.warc"
    good = PAGE.format(SENTENCE * 5).encode()
    path.write_bytes(warc([("https://news.example/big", "text/html", good * 300),
                           ("https://news.example/ok", "text/html", good)]))
    articles, failures = split(read(path, limits=Limits(record_bytes=50_000)))
    assert [a.url for a in articles] == ["https://news.example/ok"]
    [failure] = failures
    assert "record 1" in failure.input and "--max-record-bytes" in failure.reason


def test_a_warc_of_no_pages_says_so(tmp_path):
    path = tmp_path / "images.warc.gz"
    path.write_bytes(warc([("https://news.example/a.png", "image/png", b"\x89PNG....")], gz=True))
    [failure] = read(path)
    assert "none of the 1 response records" in failure.reason


# --- CSV -----------------------------------------------------------------------------------------------------------

def test_a_csv_field_over_the_old_limit_is_read(tmp_path):
    path = tmp_path / "wide.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerows([["id", "text"], ["wide", "word " * 40_000], ["after", SENTENCE]])
    articles, failures = split(read(path, limits=Limits(part_chars=1_000_000)))
    assert failures == [] and [a.id for a in articles] == ["wide", "after"]


def test_a_csv_field_over_the_limit_is_reported_not_lost(tmp_path):
    path = tmp_path / "wide.csv"
    with path.open("w", newline="") as f:
        csv.writer(f).writerows([["id", "text"], ["first", SENTENCE], ["wide", "word " * 1000], ["after", SENTENCE]])
    articles, failures = split(read(path, limits=Limits(csv_field_chars=2000)))
    assert [a.id for a in articles] == ["first", "after"]
    [failure] = failures
    assert failure.input.endswith("wide.csv:3") and "--max-csv-field-chars" in failure.reason


def test_a_header_only_csv_says_so(tmp_path):
    (tmp_path / "h.csv").write_text("id,title,text\n")
    [failure] = read(tmp_path / "h.csv")
    assert "no rows" in failure.reason


# --- messages ------------------------------------------------------------------------------------------------------

def test_failure_lines_escape_what_a_terminal_would_obey():
    line = str(Failure("x.warc", "bad line \x1b[2J\r\nWARC/1.0 \ud800 \x00"))
    assert "\x1b" not in line and "\n" not in line and "\r" not in line and "\x00" not in line
    assert "\\x1b" in line and "\\ud800" in line
    line.encode("utf-8")
    assert printable("Kyiv — Київ") == "Kyiv — Київ"


def test_an_unexpected_error_in_a_reader_is_that_inputs_failure(tmp_path, monkeypatch):
    from dragoman.ingest import registry
    from dragoman.ingest.registry import Reader

    def broken(text, name, limits=None):
        yield Article(id="first", text="fine", origin=name)
        raise ZeroDivisionError("reader bug")

    monkeypatch.setitem(registry.READERS, ".txt", Reader(broken, single=True))
    (tmp_path / "a.txt").write_text("anything")
    (tmp_path / "b.jsonl").write_text('{"id": "b", "text": "fine"}\n')
    results = read(tmp_path / "a.txt", tmp_path / "b.jsonl")
    assert [r.id if isinstance(r, Article) else "F" for r in results] == ["first", "F", "b"]
    assert "ZeroDivisionError: reader bug" in results[1].reason


def test_a_feed_date_of_zeros_drops_the_date_not_the_entry(tmp_path):
    (tmp_path / "f.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>A</title><pubDate>0000-00-00</pubDate><description>The council met.</description></item>"
        "<item><title>B</title><pubDate>0000-00-00 00:00:00</pubDate><description>The mayor spoke.</description>"
        "</item></channel></rss>")
    articles, failures = split(read(tmp_path / "f.xml"))
    assert failures == [] and [a.title for a in articles] == ["A", "B"]
    assert [a.published for a in articles] == [None, None]


def test_symbol_runs_are_cut_before_parsing_keeping_offsets():
    from dragoman.clean import builtin_rules, clean
    from dataclasses import replace

    text = "Talks resumed. " + "&" * 20_000 + " And (((" + "(" * 40_000 + " ends."
    cleaned = clean(Article(id="a", text=text), replace(builtin_rules(), symbol_run=50))
    assert len(cleaned.text) == len(text)
    assert max(len(run) for run in cleaned.text.replace("&", " & ").split() if set(run) <= set("&(")) <= 50
    assert cleaned.text.count("&") == 50 and cleaned.text.count("(") == 50
    assert [r.rule for r in cleaned.removals if r.rule == "symbols"] == ["symbols", "symbols"]


def test_an_undeclared_encoding_is_detected_and_reported_as_a_guess(tmp_path, caplog):
    story = "東京で首相が会見し、新しい予算案について説明した。野党は反対した。\n" * 5
    (tmp_path / "sjis.txt").write_bytes(story.encode("shift_jis"))
    [article] = read(tmp_path / "sjis.txt")
    assert article.text == story
    assert any("sjis.txt" in r.message and "a guess" in r.message for r in caplog.records)


# --- found by bench/robustness.py ------------------------------------------------------------------------------------

def test_a_json_number_of_too_many_digits_fails_that_line_only(tmp_path):
    path = tmp_path / "digits.jsonl"
    path.write_text('{"text": "a", "id": ' + "9" * 5000 + "}\n" + json.dumps({"id": "b", "text": SENTENCE}) + "\n")
    articles, failures = split(read(path))
    assert [a.id for a in articles] == ["b"]
    [failure] = failures
    assert failure.input.endswith("digits.jsonl:1") and "digits" in failure.reason
    assert "unexpected" not in failure.reason


def test_a_csv_of_blank_rows_says_so(tmp_path):
    (tmp_path / "blank.csv").write_text("id,text\n,\n , \n")
    [failure] = read(tmp_path / "blank.csv")
    assert isinstance(failure, Failure) and "2 blank rows" in failure.reason


def test_a_csv_header_naming_a_field_twice_says_so(tmp_path):
    (tmp_path / "twice.csv").write_text(f"text,id,text\n{SENTENCE},1,x\n")
    [failure] = read(tmp_path / "twice.csv")
    assert isinstance(failure, Failure) and '"text" more than once' in failure.reason


def test_a_text_of_symbols_only_says_so(tmp_path):
    (tmp_path / "symbols.txt").write_text("!!! ??? ### ---\n" * 50)
    (tmp_path / "s.jsonl").write_text(json.dumps({"id": "s", "text": "(((  )))"}) + "\n"
                                      + json.dumps({"id": "ok", "text": SENTENCE}) + "\n")
    articles, failures = split(read(tmp_path / "symbols.txt", tmp_path / "s.jsonl"))
    assert [a.id for a in articles] == ["ok"]
    assert [f.reason for f in failures] == ["no letters or digits in the text"] * 2
    assert "symbols.txt" in failures[0].input and "(article s)" in failures[1].input


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_and_called_a_guess(tmp_path, caplog, encoding):
    (tmp_path / "u.txt").write_bytes(SENTENCE.encode(encoding))
    [article] = read(tmp_path / "u.txt")
    assert article.text == SENTENCE
    assert any("u.txt" in r.message and "a guess" in r.message for r in caplog.records)


def test_binary_with_nul_bytes_is_still_refused(tmp_path):
    (tmp_path / "b.txt").write_bytes(bytes(range(256)) * 4)
    [failure] = read(tmp_path / "b.txt")
    assert isinstance(failure, Failure) and "binary" in failure.reason


def _gz(*parts: bytes) -> bytes:
    return b"".join(gzip.compress(p) for p in parts)


@pytest.mark.parametrize("bomb", [b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: " + b"a" * 3_000_000,
                                  b"\x00" * 3_000_000])
def test_an_endless_header_line_stops_at_a_mebibyte(tmp_path, bomb):
    path = tmp_path / "line.warc.gz"
    path.write_bytes(_gz(bomb))
    [failure] = read(path)
    assert isinstance(failure, Failure) and "a header line of over 1,048,576 bytes" in failure.reason


def test_a_bomb_of_blank_lines_after_a_record_stops_and_keeps_the_record(tmp_path):
    path = tmp_path / "blank.warc.gz"
    path.write_bytes(warc([("https://news.example/1", "text/html", PAGE.format(SENTENCE * 3).encode())], gz=True)
                     + _gz(b"\r\n" * 1_500_000))
    articles, failures = split(read(path))
    assert [a.url for a in articles] == ["https://news.example/1"]
    [failure] = failures
    assert "blank lines between records" in failure.reason


@pytest.mark.parametrize("length", ["-5", "abc", "99999999999999999999"])
def test_a_warc_record_with_a_bad_length_is_named(tmp_path, length):
    good = warc([("https://news.example/1", "text/html", PAGE.format(SENTENCE).encode())])
    bad = good.replace(b"Content-Length: ", b"Content-Length: " + length.encode() + b"\r\nX-Old-Length: ", 1)
    (tmp_path / "len.warc").write_bytes(bad)
    failures = [r for r in read(tmp_path / "len.warc") if isinstance(r, Failure)]
    assert failures and all("unexpected" not in f.reason for f in failures)
    assert "record 1" in failures[0].input


def test_a_record_cut_off_in_its_headers_is_reported(tmp_path):
    first = warc([("https://news.example/1", "text/html", PAGE.format(SENTENCE).encode())])
    (tmp_path / "cut.warc").write_bytes(first + first[:120])
    articles, failures = split(read(tmp_path / "cut.warc"))
    assert [a.url for a in articles] == ["https://news.example/1"]
    [failure] = failures
    assert "cut off" in failure.reason


def test_a_run_of_underscores_is_cut_like_other_symbols():
    from dataclasses import replace

    from dragoman.clean import builtin_rules, clean

    text = "Talks resumed.\n\n" + "_" * 100_000 + "\n"
    cleaned = clean(Article(id="a", text=text), replace(builtin_rules(), symbol_run=50))
    assert len(cleaned.text) == len(text) and cleaned.text.count("_") == 50


def test_a_feed_cut_off_is_read_as_far_as_it_goes_with_a_warning(tmp_path, caplog):
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
            "<description>The council met.</description></item><item><title>B</title><description>The ma")
    (tmp_path / "cut.xml").write_text(feed)
    articles, failures = split(read(tmp_path / "cut.xml"))
    assert failures == [] and articles[0].text == "The council met."
    assert any("cut.xml: not well-formed" in r.message for r in caplog.records)
