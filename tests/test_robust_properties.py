"""Property tests: whatever bytes a reader is given, it yields Articles and Failures and never raises."""

from __future__ import annotations

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
