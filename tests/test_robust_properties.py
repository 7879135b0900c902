"""Property tests: whatever bytes a reader is given, it yields Articles and Failures and never raises; whatever text
cleaning is given, every offset holds; whatever a sentence and a publication date say, a date stays in the calendar."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dragoman.ingest import iter_articles
from dragoman.model import Article, Failure, printable, stable_id

EXTENSIONS = [".txt", ".html", ".jsonl", ".csv", ".xml", ".warc", ".warc.gz"]
PIECES = st.sampled_from([b"{", b"}", b"[", b'"text":', b'"\\ud800"', b"\n", b",", b"<p>", b"<rss version='2.0'>",
                          b"WARC/1.0\r\n", b"\x1f\x8b", b"\x00", b"&" * 200, b"text,id\n", b"\xff\xfe", b"\x1b[2J"])
CONTENT = st.one_of(st.binary(max_size=2000), st.lists(st.one_of(PIECES, st.binary(max_size=20)),
                                                       max_size=60).map(b"".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extension=st.sampled_from(EXTENSIONS), content=CONTENT)
def test_every_reader_yields_articles_or_failures_and_never_raises(tmp_path, extension, content):
    path = tmp_path / f"input{extension}"
    path.write_bytes(content)
    for item in iter_articles([str(path)]):
        assert isinstance(item, (Article, Failure))
        if isinstance(item, Failure):
            assert "\n" not in str(item) and "unexpected error" not in item.reason
        else:
            item.text.encode("utf-8")
            item.id.encode("utf-8")


@given(st.lists(st.one_of(st.none(), st.text()), max_size=4))
def test_the_id_hash_takes_any_text(parts):
    assert len(stable_id(*parts)) == 16


@given(st.text())
def test_printable_is_one_encodable_line(text):
    line = printable(text)
    assert line.isprintable() or all(ch.isprintable() for ch in line)
    line.encode("utf-8")


# --- cleaning: offsets never shift ---------------------------------------------------------------------------------

FURNITURE = st.sampled_from([
    "\n", "\n\n", "\r\n", " ", "Read more: ", "Share this article", "Subscribe to our newsletter", "Advertisement",
    "MOSCOW (Reuters) - ", "LAHORE: ", "Raipur, India - ", "KYIV, March 3 (AP) — ", "Published May 20, 2024",
    "Updated: 2024-05-20 10:00", "See also", "Photo: AFP", "Russia expelled eight German diplomats on Monday. ",
    "RUSSIA EXPELS DIPLOMATS", "&" * 80, "(" * 60, "\u2019", "\u201c", "\u00a0", "\ufeff", "\ud800", "\x00", "\x1b[2J",
    "\u2028", "\u0301", "ǅ", "İ", "ß",
])
TEXTS = st.one_of(st.text(), st.lists(st.one_of(FURNITURE, st.text(max_size=12)), max_size=40).map("".join))
TITLES = st.one_of(st.none(), st.text(max_size=40), st.sampled_from(["Russia expels diplomats", "RUSSIA EXPELS"]))


def _check_cleaned(article: Article, cleaned) -> None:
    assert len(cleaned.text) == len(article.text)
    for removal in cleaned.removals:
        start, end = removal.span
        assert 0 <= start <= end <= len(article.text)
        assert removal.text == article.text[start:end]
        assert not cleaned.text[start:end].strip()


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, title=TITLES)
def test_cleaning_keeps_every_offset_with_the_builtin_rules(text, title):
    from dataclasses import replace

    from dragoman.clean import builtin_rules, clean

    article = Article(id="a", text=text, title=title)
    _check_cleaned(article, clean(article, replace(builtin_rules(), symbol_run=50)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, title=TITLES)
def test_cleaning_keeps_every_offset_with_the_pipelines_rules(pipeline, text, title):
    from dragoman.clean import clean

    article = Article(id="a", text=text, title=title)
    _check_cleaned(article, clean(article, pipeline.clean_rules))


# --- dates: never raise, never leave the calendar ------------------------------------------------------------------

DATE_WORDS = st.sampled_from([
    "on", "Monday", "Friday", "SUNDAY", "May", "February", "Feb.", "Dec", "29", "30", "31", "1st", "29th", "0", "00",
    "1", "99", "999", "1999", "2024", "2099", "9999", "10000", "next", "last", "this", "coming", "earlier", "later",
    "week", "weeks", "month", "year", "years", "ago", "today", "yesterday", "tomorrow", "the day before yesterday",
    "twenty", "a", "an", "early", "mid", "late", "-", ",", ".", "2024-02-30", "9999-12-31", "0001-01-01", "since",
    "until", "in", "of", "'s", "\u2019s",
])
SENTENCES = st.one_of(st.text(), st.lists(st.one_of(DATE_WORDS, st.integers(0, 10 ** 6).map(str), st.text(max_size=4)),
                                          max_size=25).map(" ".join))
PUBLISHED = st.one_of(st.none(), st.sampled_from(["0001-01-01", "9999-12-31", "9999-12-31T23:59:59+14:00",
                                                  "0001-01-01T00:00:00-12:00", "2024-02-29"]),
                      st.dates().map(date.isoformat))


def _in_calendar(value: str | None) -> None:
    if value is not None:
        assert date.fromisoformat(value).isoformat() == value


@settings(max_examples=400, deadline=None)
@given(text=SENTENCES, published=PUBLISHED)
def test_finding_dates_never_raises_nor_leaves_the_calendar(text, published):
    from dragoman.dates import find_expressions

    for expression in find_expressions(text, published):
        start, end = expression.span
        assert expression.text == text[start:end]
        _in_calendar(expression.date)


@settings(max_examples=400, deadline=None)
@given(text=SENTENCES, published=PUBLISHED, near=st.one_of(st.none(), st.integers(-5, 300)))
def test_dating_an_event_never_raises_nor_leaves_the_calendar(text, published, near):
    from dragoman.dates import date_event

    dated = date_event(text, published, near)
    _in_calendar(dated.date)
    assert (dated.date is None) == (published is None and dated.source == "none")
