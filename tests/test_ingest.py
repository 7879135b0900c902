"""Tests for the ingest stage: every reader, input expansion, standard input, and bad input."""

from __future__ import annotations

import gzip as gzip_module
import io
import json
from pathlib import Path

import pytest
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dragoman.exceptions import EmptyInput, MalformedInput, UsageError
from dragoman.ingest import iter_articles, read_html, read_jsonl, read_txt
from dragoman.model import Article, Failure, article_id

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

STORY = (
    "Dock workers in the northern port returned to work on Monday after their union accepted a new pay offer, "
    "ending a strike that had lasted nine days.\n\n"
    "The harbour authority said ships that had waited offshore would be unloaded by the end of the week.\n"
)
STORY_2 = (
    "The regional council voted on Thursday to fund a new ferry line between the two islands, "
    "after residents complained for years about winter cancellations.\n"
)

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Ferry line approved | Island Courier</title>
<meta property="og:site_name" content="Island Courier">
<meta property="og:title" content="Ferry line approved">
<meta property="article:published_time" content="2024-03-14T09:00:00+01:00">
<link rel="canonical" href="https://courier.example/2024/03/ferry-line-approved">
</head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/subscribe">Subscribe now</a></nav>
<article>
<h1>Ferry line approved</h1>
<p>The regional council voted on Thursday to fund a new ferry line between the two islands, after residents
complained for years about winter cancellations.</p>
<p>The council leader said the first boat would sail next spring and that fares would be capped for students.</p>
</article>
<footer>Copyright Island Courier. All rights reserved.</footer>
</body></html>
"""

PLAIN_PAGE = """<html><body><div><p>On 3 February 2021 the mayor of a river town opened a new bridge, ending twelve
years of delays and two lawsuits over its cost.</p><p>Traffic on the old crossing is expected to halve.</p></div>
</body></html>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Harbour Gazette</title><link>https://gazette.example/</link><description>Local news</description>
<item>
  <title>Port strike ends</title>
  <link>https://gazette.example/port-strike-ends</link>
  <pubDate>Tue, 12 Mar 2024 08:30:00 +0000</pubDate>
  <description>&lt;p&gt;Dock workers returned to work after the union &lt;b&gt;accepted&lt;/b&gt; a pay offer.&lt;/p&gt;
  &lt;p&gt;Fishing &amp;amp; cargo boats are moving again.&lt;/p&gt;</description>
</item>
<item>
  <title>Ferry fares frozen</title>
  <link>https://gazette.example/ferry-fares</link>
  <pubDate>Wed, 13 Mar 2024 23:45:00 -0500</pubDate>
  <description>The transport board froze ferry fares for another year.</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Valley Times</title><id>urn:valley-times</id><updated>2024-04-02T10:00:00Z</updated>
<entry>
  <title>Council approves budget</title>
  <link href="https://valley.example/budget"/>
  <id>urn:valley-times:1</id>
  <published>2024-04-02T01:30:00+02:00</published>
  <updated>2024-04-03T10:00:00Z</updated>
  <summary>Short teaser.</summary>
  <content type="html">&lt;p&gt;The town council approved next year's budget by seven votes to two.&lt;/p&gt;
  &lt;p&gt;Spending on roads rises by a tenth.&lt;/p&gt;</content>
</entry>
</feed>
"""


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def read_all(*inputs: str | Path, **kwargs: object) -> list[Article | Failure]:
    return list(iter_articles([str(i) for i in inputs], **kwargs))  # type: ignore[arg-type]


def articles(results: list[Article | Failure]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def failures(results: list[Article | Failure]) -> list[Failure]:
    return [r for r in results if isinstance(r, Failure)]


def only_article(results: list[Article | Failure]) -> Article:
    assert failures(results) == []
    [article] = articles(results)
    return article


def _request(writer: WARCWriter, uri: str) -> ArcWarcRecord:
    payload = b"GET / HTTP/1.1\r\n\r\n"
    return writer.create_warc_record(uri, "request", payload=io.BytesIO(payload), length=len(payload))


def warc_bytes(records: list[tuple[str, str, bytes, str]], gzip: bool) -> bytes:
    """A WARC holding a request plus one response per ``(uri, status, payload, content type)``."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for uri, status, payload, content_type in records:
        writer.write_record(_request(writer, uri))
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        # A length spares warcio a temporary file it would never close.
        response = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), length=len(payload),
                                             http_headers=headers,
                                             warc_headers_dict={"WARC-Date": "2024-06-01T12:00:00Z"})
        writer.write_record(response)
    return buffer.getvalue()


# --- txt ---------------------------------------------------------------------------------------------------------


def test_txt_with_date_and_title(tmp_path: Path) -> None:
    content = "March 4, 2025\n\nPort strike ends\n\nPort strike ends\n\n" + STORY
    path = write(tmp_path, "strike.txt", content)
    article = only_article(read_all(path))
    assert article.published == "2025-03-04"
    assert article.published_source == "first line"
    assert article.title == "Port strike ends"
    assert article.text == "Port strike ends\n\n" + STORY  # the repeated title stays, for the cleaner
    assert article.format == "txt"
    assert article.origin == str(path)
    assert article.id == article_id(None, article.text)


@pytest.mark.parametrize("line", ["2025-03-04", "4 March 2025", "March 4, 2025", "Tuesday, March 4, 2025"])
def test_txt_date_line_formats(tmp_path: Path, line: str) -> None:
    article = only_article(read_all(write(tmp_path, "a.txt", f"{line}\n\n{STORY}")))
    assert article.published == "2025-03-04"
    assert article.title is None
    assert article.text == STORY


def test_txt_title_without_date(tmp_path: Path) -> None:
    article = only_article(read_all(write(tmp_path, "a.txt", "Ferry line approved\n\n" + STORY_2)))
    assert article.published is None
    assert article.title == "Ferry line approved"
    assert article.text == STORY_2


def test_txt_without_header_keeps_everything(tmp_path: Path) -> None:
    content = STORY + "\n" + STORY_2
    article = only_article(read_all(write(tmp_path, "a.txt", content)))
    assert (article.published, article.title) == (None, None)
    assert article.text == content


def test_txt_short_sentence_is_not_a_title(tmp_path: Path) -> None:
    content = "The strike is over.\n\n" + STORY
    article = only_article(read_all(write(tmp_path, "a.txt", content)))
    assert article.title is None
    assert article.text == content


def test_txt_rest_is_kept_byte_for_byte(tmp_path: Path) -> None:
    body = "  Indented first line.  \r\nSecond line\r\n\r\n\tThird.\r\n"
    path = write(tmp_path, "a.txt", ("2025-03-04\r\n\r\n" + body).encode("utf-8"))
    article = only_article(read_all(path))
    assert article.text == body


def test_nato_mission_sample() -> None:
    path = SHARED / "samples" / "nato-mission.txt"
    article = only_article(read_all(path))
    assert article.published == "2024-05-23"
    assert article.title == "After the members are excluded - Russia suspends its mission in NATO - News"
    second_copy = "After the members are excluded \u2013 Russia suspends its mission in NATO \u2013 News"
    assert article.text.startswith(second_copy)
    assert path.read_text(encoding="utf-8").endswith(article.text)


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "The caf\u00e9 owners\u2019 union met the mayor on Monday.\n".encode("cp1252"))
    article = only_article(read_all(path))
    assert article.text == "The caf\u00e9 owners\u2019 union met the mayor on Monday.\n"


# --- html --------------------------------------------------------------------------------------------------------


def test_html_text_and_metadata(tmp_path: Path) -> None:
    article = only_article(read_all(write(tmp_path, "ferry.html", PAGE)))
    assert "fund a new ferry line" in article.text
    assert "capped for students" in article.text
    assert "Subscribe now" not in article.text and "All rights reserved" not in article.text
    assert article.title == "Ferry line approved"
    assert article.url == "https://courier.example/2024/03/ferry-line-approved"
    assert article.id == article_id(article.url, article.text)
    assert (article.published, article.published_source) == ("2024-03-14", "html")
    assert article.source == "Island Courier"
    assert article.format == "html"


def test_html_without_metadata_uses_text_id_and_no_date_from_the_story(tmp_path: Path) -> None:
    article = only_article(read_all(write(tmp_path, "bridge.htm", PLAIN_PAGE)))
    assert "opened a new bridge" in article.text
    assert article.url is None
    assert article.id == article_id(None, article.text)
    assert article.published is None  # "3 February 2021" is in the story, not in the page's metadata


def test_html_reader_raises_on_a_page_without_text() -> None:
    with pytest.raises(MalformedInput, match="no article text found in HTML"):
        list(read_html("<html><head><title>x</title></head><body><div></div></body></html>", "x.html"))


# --- jsonl and csv -----------------------------------------------------------------------------------------------


def test_jsonl_fields_and_ids(tmp_path: Path) -> None:
    lines = [
        {"id": "wire-0001_2", "title": "Port strike ends", "text": STORY, "published": "2024-03-12T23:30:00-05:00",
         "url": "https://gazette.example/a", "source": "Harbour Gazette", "topic": "labour"},
        {"text": STORY_2, "url": "https://courier.example/b", "published": None},
        {"id": 17, "text": "The two mayors signed a twinning agreement.", "title": ""},
    ]
    content = "\n".join(json.dumps(line) for line in lines[:2]) + "\n\n   \n" + json.dumps(lines[2]) + "\n"
    results = read_all(write(tmp_path, "batch.jsonl", content))
    assert failures(results) == []
    first, second, third = articles(results)
    assert first.id == "wire-0001_2"
    assert (first.published, first.published_source) == ("2024-03-12", "metadata")
    assert (first.title, first.url, first.source) == ("Port strike ends", "https://gazette.example/a",
                                                      "Harbour Gazette")
    assert first.text == STORY
    assert second.id == article_id("https://courier.example/b", STORY_2)
    assert second.published is None
    assert third.id == "17"
    assert third.title is None
    assert {first.format, second.format, third.format} == {"jsonl"}


def test_jsonl_gold_file_keeps_ids() -> None:
    gold = SHARED / "eval" / "up-gsr.gold.jsonl"
    expected = [json.loads(line)["id"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = read_all(gold)
    assert failures(results) == []
    assert [a.id for a in articles(results)] == expected


def test_jsonl_reader_keeps_unicode_line_separators() -> None:
    # U+2028 is legal inside a JSON string; splitting on it would break the line in two.
    line = json.dumps({"id": "x", "text": "First part.\u2028Second part."}, ensure_ascii=False)
    [article] = list(read_jsonl(line, "sep.jsonl"))
    assert isinstance(article, Article)
    assert article.text == "First part.\u2028Second part."


def test_csv_fields(tmp_path: Path) -> None:
    content = (
        "id,title,text,published,url,extra\n"
        'c-1,Port strike ends,"Dock workers returned to work.\n\nThe harbour reopened.",2024-03-12,'
        "https://gazette.example/a,ignored\n"
        ",Ferry,The council funded a ferry line.,,,\n"
    )
    first, second = articles(read_all(write(tmp_path, "batch.csv", content)))
    assert first.id == "c-1"
    assert first.text == "Dock workers returned to work.\n\nThe harbour reopened."
    assert (first.title, first.published, first.url) == ("Port strike ends", "2024-03-12", "https://gazette.example/a")
    assert second.id == article_id(None, "The council funded a ferry line.")
    assert (second.published, second.url) == (None, None)
    assert {first.format, second.format} == {"csv"}


def test_csv_unclosed_quote_keeps_earlier_rows_and_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "cut.csv", 'id,text\nk-1,The strike ended.\nk-2,"The talks were\nk-3,Ships sailed.\n')
    results = read_all(path)
    assert [a.id for a in articles(results)] == ["k-1"]
    assert failures(results) == [Failure(str(path), "line 3: not valid CSV (unexpected end of data)")]


def test_csv_without_text_column_is_one_failure(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.csv", "id,headline\n1,Port strike ends\n")
    assert read_all(path) == [Failure(str(path), 'no "text" column in the CSV header')]


# --- feeds -------------------------------------------------------------------------------------------------------


def test_rss(tmp_path: Path) -> None:
    first, second = articles(read_all(write(tmp_path, "gazette.rss", RSS)))
    assert first.title == "Port strike ends"
    assert first.text == ("Dock workers returned to work after the union accepted a pay offer.\n"
                          "Fishing & cargo boats are moving again.")
    assert first.url == "https://gazette.example/port-strike-ends"
    assert first.id == article_id(first.url, first.text)
    assert (first.published, first.published_source) == ("2024-03-12", "feed")
    assert first.source == "Harbour Gazette"
    assert first.format == "feed"
    assert second.published == "2024-03-13"  # the day as written, though it is already the 14th in UTC


def test_atom_prefers_content_and_keeps_the_written_day(tmp_path: Path) -> None:
    article = only_article(read_all(write(tmp_path, "valley.atom", ATOM)))
    assert article.text == "The town council approved next year's budget by seven votes to two.\n" \
                           "Spending on roads rises by a tenth."
    assert article.title == "Council approves budget"
    assert article.url == "https://valley.example/budget"
    assert article.published == "2024-04-02"  # published, not updated; not shifted to UTC (1 April)
    assert article.source == "Valley Times"


def test_xml_feed_is_read_and_other_xml_is_a_failure(tmp_path: Path) -> None:
    feed = write(tmp_path, "feed.xml", RSS)
    other = write(tmp_path, "other.xml", "<?xml version='1.0'?><catalog><book>Tides</book></catalog>")
    results = read_all(feed, other)
    assert len(articles(results)) == 2
    [failure] = failures(results)
    assert failure.input == str(other)
    assert failure.reason.startswith("not a feed")


def test_headline_only_feed_entry_uses_its_title(tmp_path: Path) -> None:
    rss = ("<rss version='2.0'><channel><title>Wire</title><item><title>Border talks resume in Geneva</title>"
           "<link>https://wire.example/1</link></item></channel></rss>")
    article = only_article(read_all(write(tmp_path, "wire.rss", rss)))
    assert article.text == "Border talks resume in Geneva"


# --- warc --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("gzip, name", [(False, "crawl.warc"), (True, "crawl.warc.gz")])
def test_warc(tmp_path: Path, gzip: bool, name: str) -> None:
    records = [
        ("https://courier.example/ferry", "200 OK", PAGE.encode("utf-8"), "text/html; charset=utf-8"),
        ("https://courier.example/bridge", "200 OK", PLAIN_PAGE.encode("utf-8"), "text/html"),
        ("https://courier.example/logo.png", "200 OK", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        ("https://courier.example/gone", "404 Not Found", b"<html><body><p>Page not found, sorry about that.</p>"
                                                         b"</body></html>", "text/html"),
        ("https://courier.example/notes.txt", "200 OK", STORY.encode("utf-8"), "text/plain"),
    ]
    path = write(tmp_path, name, warc_bytes(records, gzip=gzip))
    results = read_all(path)
    assert failures(results) == []
    ferry, bridge, notes = articles(results)
    assert [a.url for a in (ferry, bridge, notes)] == ["https://courier.example/ferry",
                                                      "https://courier.example/bridge",
                                                      "https://courier.example/notes.txt"]
    assert "fund a new ferry line" in ferry.text
    assert (ferry.published, ferry.published_source) == ("2024-03-14", "html")
    assert (bridge.published, bridge.published_source) == ("2024-06-01", "warc")
    assert notes.text == STORY
    assert {a.format for a in (ferry, bridge, notes)} == {"warc"}
    assert ferry.id == article_id("https://courier.example/ferry", ferry.text)
    assert ferry.origin == str(path)


def test_warc_without_responses_is_one_failure(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(_request(writer, "https://x.example/"))
    path = write(tmp_path, "requests.warc.gz", buffer.getvalue())
    assert read_all(path) == [Failure(str(path), "no response records in WARC")]


def test_truncated_warc_keeps_whole_records_and_names_the_cut_one(tmp_path: Path) -> None:
    records = [(f"https://courier.example/{i}", "200 OK", PAGE.encode("utf-8"), "text/html") for i in range(3)]
    data = warc_bytes(records, gzip=True)
    path = write(tmp_path, "cut.warc.gz", data[:-300])
    results = read_all(path)
    assert [a.url for a in articles(results)] == ["https://courier.example/0", "https://courier.example/1"]
    [failure] = failures(results)
    assert failure.input == f"{path}:record 6"
    assert failure.reason == "record 6 (https://courier.example/2): truncated record"


def test_gzip_that_is_not_a_warc_is_one_failure(tmp_path: Path) -> None:
    path = write(tmp_path, "fake.warc.gz", gzip_module.compress(b"The council met on Monday.\n"))
    assert read_all(path) == [Failure(str(path), "not a WARC file")]


# --- directories, globs, stdin -----------------------------------------------------------------------------------


def test_directory_is_walked_sorted_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", STORY)
    write(tmp_path, "a/page.html", PAGE)
    write(tmp_path, "a/z.jsonl", json.dumps({"id": "z1", "text": STORY_2}) + "\n")
    write(tmp_path, ".hidden.txt", "A hidden note about nothing.\n")
    write(tmp_path, ".cache/c.txt", "A cached note about nothing.\n")
    write(tmp_path, "notes.md", "# Not an input\n")
    results = read_all(tmp_path)
    assert failures(results) == []
    assert [a.origin for a in articles(results)] == [str(tmp_path / "a" / "page.html"),
                                                     str(tmp_path / "a" / "z.jsonl"), str(tmp_path / "b.txt")]


def test_glob(tmp_path: Path) -> None:
    write(tmp_path, "one.html", PAGE)
    write(tmp_path, "two.html", PLAIN_PAGE)
    write(tmp_path, "three.txt", STORY)
    results = read_all(tmp_path / "*.html")
    assert [a.origin for a in articles(results)] == [str(tmp_path / "one.html"), str(tmp_path / "two.html")]


def test_glob_without_matches_is_a_failure(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.rss")
    assert read_all(pattern) == [Failure(pattern, "no files match this pattern")]


@pytest.mark.parametrize("content, fmt", [
    (PAGE.encode("utf-8"), "html"),
    (RSS.encode("utf-8"), "feed"),
    (ATOM.encode("utf-8"), "feed"),
    ((json.dumps({"id": "s1", "text": STORY}) + "\n").encode("utf-8"), "jsonl"),
    (("2025-03-04\n\n" + STORY).encode("utf-8"), "txt"),
    (warc_bytes([("https://courier.example/ferry", "200 OK", PAGE.encode(), "text/html")], gzip=True), "warc"),
    (warc_bytes([("https://courier.example/ferry", "200 OK", PAGE.encode(), "text/html")], gzip=False), "warc"),
])
def test_stdin_is_sniffed(content: bytes, fmt: str) -> None:
    results = list(iter_articles(["-"], stdin=io.BytesIO(content)))
    assert failures(results) == []
    assert articles(results)
    assert {a.format for a in articles(results)} == {fmt}
    assert {a.origin for a in articles(results)} == {"<stdin>"}


def test_named_file_with_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    page = write(tmp_path, "saved-page", PAGE)
    note = write(tmp_path, "note.md", STORY)
    first, second = articles(read_all(page, note))
    assert (first.format, first.title) == ("html", "Ferry line approved")
    assert (second.format, second.text) == ("txt", STORY)


def test_empty_stdin_is_a_failure() -> None:
    assert list(iter_articles(["-"], stdin=io.BytesIO(b" \n"))) == [Failure("<stdin>", "empty input")]


# --- ids and dates -----------------------------------------------------------------------------------------------


def test_ids_are_stable_across_reads(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", STORY)
    write(tmp_path, "b.html", PAGE)
    write(tmp_path, "c.rss", RSS)
    write(tmp_path, "d.jsonl", json.dumps({"text": STORY_2}) + "\n")
    first = [a.id for a in articles(read_all(tmp_path))]
    second = [a.id for a in articles(read_all(tmp_path))]
    assert len(first) == 5
    assert first == second
    assert len(set(first)) == 5


def test_published_fallback_only_fills_missing_dates(tmp_path: Path) -> None:
    undated = write(tmp_path, "undated.txt", STORY)
    dated = write(tmp_path, "dated.txt", "2025-03-04\n\n" + STORY_2)
    first, second = articles(read_all(dated, undated, published="2025-01-15"))
    assert (first.published, first.published_source) == ("2025-03-04", "first line")
    assert (second.published, second.published_source) == ("2025-01-15", "fallback")


def test_bad_published_argument_raises_at_once(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        iter_articles([str(tmp_path)], published="last spring")


def test_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", STORY)
    assert len(articles(read_all(path, tmp_path, tmp_path / "*.txt"))) == 1


# --- bad input ---------------------------------------------------------------------------------------------------


BAD_INPUTS = {
    "missing": (None, "no such file or directory"),
    "empty": (b"", "empty file"),
    "blank": (b"  \n\n\t \n", "empty file"),
    "nul": (b"\x00\x01\x02PK\x03\x04binary\x00junk" * 20, "binary content, not text"),
    "undecodable": (bytes(range(0x80, 0x100)) * 4 + bytes(range(1, 32)) * 8, "binary content, not text"),
    # Not UTF-8, yet every byte is defined in Windows-1252: only the control characters give it away.
    "control-bytes": (bytes([0x01, 0x02, 0x1B, 0xE9, 0x9F, 0x10, 0x41]) * 60, "binary content, not text"),
    "broken-html": (b"<html><head><script>var a = 1;</script></head><body><div><span></span>", "no article text "
                                                                                                  "found in HTML"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_failure_and_the_batch_goes_on(tmp_path: Path, case: str) -> None:
    content, reason = BAD_INPUTS[case]
    name = "broken.html" if case == "broken-html" else f"{case}.txt"
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    before = write(tmp_path, "before.txt", STORY)
    after = write(tmp_path, "after.jsonl", json.dumps({"id": "after-1", "text": STORY_2}) + "\n")
    results = read_all(before, bad, after)
    assert failures(results) == [Failure(str(bad), reason)]
    assert [a.origin for a in articles(results)] == [str(before), str(after)]


def test_bad_json_lines_are_failures_naming_the_line(tmp_path: Path) -> None:
    content = "\n".join([
        json.dumps({"id": "ok-1", "text": STORY}),
        '{"id": "bad", "text": oops}',
        json.dumps({"id": "no-text", "body": STORY}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "ok-2", "text": STORY_2}),
    ])
    path = write(tmp_path, "mixed.jsonl", content)
    results = read_all(path)
    assert [a.id for a in articles(results)] == ["ok-1", "ok-2"]
    assert failures(results) == [
        Failure(f"{path}:2", "line 2: not valid JSON (Expecting value)"),
        Failure(f"{path}:3", 'line 3: no "text" field'),
        Failure(f"{path}:4", "line 4: not a JSON object"),
    ]


def test_one_batch_with_every_kind_of_bad_input(tmp_path: Path) -> None:
    good = [write(tmp_path, "good.txt", STORY), write(tmp_path, "good.html", PAGE)]
    bad = {
        str(tmp_path / "missing.txt"): "no such file or directory",
        str(write(tmp_path, "empty.txt", b"")): "empty file",
        str(write(tmp_path, "junk.txt", b"\x00\xff\xfe" * 50)): "binary content, not text",
        str(write(tmp_path, "broken.html", "<html><body><div></div>")): "no article text found in HTML",
    }
    results = read_all(good[0], *bad, good[1])
    assert {f.input: f.reason for f in failures(results)} == bad
    assert len(failures(results)) == len(bad)
    assert [a.origin for a in articles(results)] == [str(p) for p in good]


def test_readers_raise_input_errors_for_whole_input_problems() -> None:
    with pytest.raises(EmptyInput):
        list(read_txt("   \n", "blank.txt"))
    with pytest.raises(EmptyInput):
        list(read_txt("2025-03-04\n\n", "date-only.txt"))


def test_articles_are_counted_only_where_counting_is_cheap(tmp_path):
    from dragoman.ingest import count_articles

    (tmp_path / "a.txt").write_text("Chile expelled two Bolivian diplomats.\n", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Peru recalled its envoy.</p></body></html>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"id": "c", "text": "Kenya condemned the attack."}\n', encoding="utf-8")
    files = [str(tmp_path / "a.txt"), str(tmp_path / "b.html")]
    # what iter_articles yields, one item each: a file named twice is read once, a missing one is one failure
    assert count_articles(files + [str(tmp_path / "a.txt"), str(tmp_path / "gone.txt")]) == 3
    assert count_articles(files) == len(list(iter_articles(files)))
    assert count_articles([str(tmp_path)]) is None  # the JSON lines file in it is not read to count
    assert count_articles(["-"]) is None
