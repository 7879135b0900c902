"""Memory stays bounded on any input (issue 15): a WARC bomb's page, and a text on standard input, are read no
further than the largest page (four bytes an article character), with one error line, and the rest of the batch
comes out. ``bench/memory.py`` measures the peak memory of the whole commands on a 50 MB text and a 1 GB bomb."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

from dragoman.config import Limits
from dragoman.ingest import iter_articles
from dragoman.model import Failure

from test_robust_inputs import PAGE, SENTENCE, read, split, warc

SRC = Path(__file__).resolve().parents[1] / "src"
BOMB_BYTES = 20_000_000  # the HTML the bomb inflates to
GOOD_PAGE = PAGE.format("Egypt expelled the Ethiopian ambassador on Sunday.").encode()


def bomb(path: Path) -> Path:
    """A .warc.gz of a 20 MB page (one gzip member of some 100 kB), then a good page."""
    paragraph = f"<p>{SENTENCE * 4}</p>\n".encode()
    html = b"<html><body>" + paragraph * (BOMB_BYTES // len(paragraph)) + b"</body></html>"
    path.write_bytes(warc([("https://news.example/bomb", "text/html", html),
                           ("https://news.example/ok", "text/html", GOOD_PAGE)], gz=True))
    assert path.stat().st_size < BOMB_BYTES / 50
    return path


def test_a_warc_bomb_page_is_read_no_further_than_the_page_limit(tmp_path):
    path = bomb(tmp_path / "bomb.warc.gz")
    limits = Limits(article_chars=500_000)  # pages of at most 2 MB
    read(path, limits=limits)  # trafilatura builds its word lists (25 MB) at its first page: not measured
    tracemalloc.start()
    try:
        results = read(path, limits=limits)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    articles, failures = split(results)
    assert [a.url for a in articles] == ["https://news.example/ok"]
    [failure] = failures
    assert failure.input.endswith("bomb.warc.gz:record 1")
    assert failure.reason == ("record 1 (https://news.example/bomb): payload over 2,000,000 bytes, 4 times the "
                              "article limit of 500,000 characters (--max-article-chars)")
    assert peak < BOMB_BYTES / 2  # about twice the 2 MB read, never the 20 MB page


def test_a_text_on_standard_input_is_read_no_further_than_the_page_limit():
    stdin = io.BytesIO(SENTENCE.encode() * 100_000)  # 8 MB
    results = list(iter_articles(["-"], stdin=stdin, limits=Limits(article_chars=100_000)))
    assert results == [Failure("<stdin>", "input over 400,000 bytes, 4 times the article limit of 100,000 "
                                          "characters (--max-article-chars)")]
    assert stdin.tell() == 400_001


def test_the_command_says_one_line_for_each_and_codes_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text("May 20, 2024\n\nRussia expelled eight German diplomats on Monday.\n")
    bomb(tmp_path / "bomb.warc.gz")
    text = ("Russia expelled eight German diplomats on Monday.\n\n" * 100_000).encode()  # 5 MB
    run = subprocess.run([sys.executable, "-m", "dragoman", "code", "good.txt", "bomb.warc.gz", "-", "-j", "1",
                          "--format", "jsonl", "--max-article-chars", "1000000", "--published", "2024-05-20"],
                         input=text, capture_output=True, cwd=tmp_path, env={"PYTHONPATH": str(SRC)})
    assert sorted(run.stderr.decode().splitlines()) == [
        "dragoman: error: <stdin>: input over 4,000,000 bytes, 4 times the article limit of 1,000,000 characters "
        "(--max-article-chars)",
        "dragoman: error: bomb.warc.gz:record 1: record 1 (https://news.example/bomb): payload over 4,000,000 "
        "bytes, 4 times the article limit of 1,000,000 characters (--max-article-chars)"]
    sentences = [json.loads(line)["sentence"] for line in run.stdout.decode().splitlines()]
    assert sentences == ["Russia expelled eight German diplomats on Monday.",
                         "Egypt expelled the Ethiopian ambassador on Sunday."]
    assert run.returncode == 1


def _lines(path: Path, count: int, text: str = SENTENCE * 40) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(count):
            f.write(json.dumps({"id": f"n{i}", "text": text}) + "\n")
    return path


def test_json_lines_are_read_a_line_at_a_time(tmp_path):
    path = _lines(tmp_path / "archive.jsonl", 4_000)  # some 13 MB
    size = path.stat().st_size
    tracemalloc.start()
    try:
        count = sum(1 for item in iter_articles([str(path)]) if not isinstance(item, Failure))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 4_000
    assert peak < size / 10  # a line and the reader's buffers, not the file


def test_a_json_line_over_the_page_limit_is_that_lines_failure(tmp_path):
    path = tmp_path / "mixed.jsonl"
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "huge", "text": "word " * 100_000}) + "\n")
        f.write(json.dumps({"id": "ok", "text": SENTENCE}) + "\n")
    articles, failures = split(list(iter_articles([str(path)], limits=Limits(article_chars=10_000, part_chars=10_000))))
    assert [a.id for a in articles] == ["ok"]
    assert [(f.input, f.reason) for f in failures] == [
        (f"{path}:1", "line 1: a line over 40,000 bytes, 4 times the article limit of 10,000 characters "
                      "(--max-article-chars)")]


def test_a_csv_is_read_a_row_at_a_time_and_a_bad_byte_further_on_stops_it_in_one_line(tmp_path):
    path = tmp_path / "rows.csv"
    good = "".join(f'r{i},"{SENTENCE}"\n' for i in range(2_000)).encode()  # well past the first bytes read
    path.write_bytes(b"id,text\n" + good + b'bad,"caf\xe9 au lait"\n' + b'after,"never read"\n')
    articles, failures = split(list(iter_articles([str(path)])))
    assert len(articles) == 2_000 and articles[-1].id == "r1999"
    assert failures == [Failure(str(path), "line 2002: not utf-8-sig text (invalid continuation byte); the rest "
                                           "is not read")]


def test_a_feed_is_read_no_further_than_the_page_limit(tmp_path):
    path = tmp_path / "huge.rss"
    item = f"<item><title>T</title><description>{SENTENCE}</description></item>"
    path.write_text(f"<rss><channel>{item * 2_000}</channel></rss>", encoding="utf-8")
    results = list(iter_articles([str(path)], limits=Limits(article_chars=10_000, part_chars=10_000)))
    assert results == [Failure(str(path), "file over 40,000 bytes, 4 times the article limit of 10,000 characters "
                                          "(--max-article-chars)")]


def test_a_csv_field_over_several_lines_is_read_whole_from_the_stream(tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_bytes(b"id,text\r\n" + b"one,\"First line.\r\nSecond line, with a comma.\"\r\n" * 3_000)
    articles, failures = split(list(iter_articles([str(path)])))
    assert not failures and len(articles) == 3_000
    assert articles[0].text == "First line.\r\nSecond line, with a comma."
