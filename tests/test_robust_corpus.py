"""The stored corpus of nasty inputs (``corpus/nasty/``, written by ``corpus/make_nasty.py``), coded in one batch by
the real command with good inputs among them: no traceback, one clear line for each input that yields no article,
and every event the good inputs and the good parts of bad ones hold comes out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dragoman.config import Limits
from dragoman.ingest import iter_articles
from dragoman.model import Article

pytestmark = pytest.mark.slow

NASTY = Path(__file__).parent / "corpus" / "nasty"
STDIN = "stdin.warc"  # given on standard input, not by name
LIMITS = ["--max-record-bytes", "1000000"]  # so that record-bomb.warc.gz is a bomb while under 20 KB on disk

# What the error line of each input that yields no article says
NO_ARTICLE = {
    "bad-length.warc": "Content-Length '-5' is not a number of bytes",
    "blank-lines.jsonl": "empty file",
    "blank-rows.csv": "3 blank rows",
    "blank.txt": "empty file",
    "date-line-only.txt": "no text after the date line",
    "deep-nesting.html": "no article text found in HTML",
    "empty-entries.xml": "no title, content or summary",
    "empty.html": "no article text found in HTML",
    "empty.txt": "empty file",
    "header-line-bomb.warc.gz": "a header line of over 1,048,576 bytes",
    "header-only.csv": "header row but no rows",
    "huge-length.warc": "truncated record",
    "no-entries.rss": "feed has no entries",
    "no-pages.warc": "none of the 1 response records",
    "no-text-column.csv": 'no "text" column',
    "not-objects.jsonl": "not a JSON object",
    "not-warc.warc": "not a readable WARC file",
    "not-xml.xml": "no entries",
    "nul-bytes.csv": "binary content",
    "nul-bytes.html": "binary content",
    "nul-bytes.txt": "binary content",
    "random-bytes.html": "binary content",
    "random-bytes.txt": "binary content",
    "random-bytes.warc.gz": "not a readable WARC file",
    "record-bomb.warc.gz": "--max-record-bytes",
    "script-only.html": "no article text found in HTML",
    "semicolons.csv": 'no "text" column',
    "symbols-only.txt": "no letters or digits",
    "text-twice.csv": '"text" more than once',
    "truncated.jsonl": "not valid JSON",
    "unclosed-quote.csv": "not valid CSV",
    "utf16-bom-odd-length.txt": "binary content",
    "zero-bomb.warc.gz": "a header line of over 1,048,576 bytes",
}

# The events that must come out: the input, then its source and target countries
EVENTS = [
    ("good-story.txt", "CHL", "BOL"), ("good-page.html", "KEN", "UGA"), ("good-lines.jsonl", "PER", "MEX"),
    ("good-rows.csv", "GHA", "NGA"), ("good-feed.xml", "JPN", "CHN"), ("good-archive.warc", "EGY", "ETH"),
    ("cut-utf8.txt", "ESP", "MAR"), ("punctuation-run.txt", "POL", "BLR"), ("shift-jis.txt", "IND", "PAK"),
    ("utf16-no-bom.txt", "NOR", "RUS"), ("encoded-surrogates.txt", "SRB", "HRV"),
    ("control-characters.txt", "SDN", "TCD"), ("extreme-dates.txt", "QAT", "SAU"),
    ("deep-nesting.jsonl", "JOR", "SYR"), ("long-number.jsonl", "CUB", "USA"), ("wrong-types.jsonl", "MLI", "FRA"),
    ("lone-surrogates.jsonl", "SEN", "GMB"), ("ragged-rows.csv", "IRL", "ISR"), ("bad-dates.xml", "DNK", "CHN"),
    ("bad-entities.html", "EST", "RUS"), ("bad-dates.html", "VNM", "KHM"), ("no-target-uri.warc", "DZA", "ESP"),
    ("blank-line-bomb.warc.gz", "SOM", "KEN"), (STDIN, "COL", "VEN"),
]


def names() -> list[str]:
    return sorted(p.name for p in NASTY.iterdir() if p.name != STDIN)


@pytest.fixture(scope="module")
def run() -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    return subprocess.run([sys.executable, "-m", "dragoman", "code", *names(), "-", "--format", "jsonl", "-j", "1",
                           *LIMITS], cwd=NASTY, input=(NASTY / STDIN).read_bytes(), capture_output=True, env=env,
                          timeout=600)


def errors(run: subprocess.CompletedProcess) -> list[str]:
    return run.stderr.decode("utf-8").splitlines()


def names_it(line: str, name: str) -> bool:
    return any(line.startswith(f"dragoman: {level}: {name}{end}") for level in ("error", "warning")
               for end in (":", " ("))


def test_the_corpus_is_small():
    assert len(names()) >= 50
    assert all((NASTY / name).stat().st_size < 20_000 for name in [*names(), STDIN])


def test_no_traceback_and_every_line_on_standard_error_is_one_inputs(run):
    assert "Traceback" not in run.stderr.decode("utf-8")
    assert run.returncode == 1
    for line in errors(run):
        assert any(names_it(line, name) for name in names()), line
        assert "unexpected error" not in line


def test_each_input_that_yields_no_article_says_why_in_one_line(run):
    lines = errors(run)
    limits = Limits(record_bytes=1_000_000)
    no_article = {name for name in names()
                  if not any(isinstance(a, Article) for a in iter_articles([str(NASTY / name)], limits=limits))}
    assert no_article == set(NO_ARTICLE)
    for name, reason in NO_ARTICLE.items():
        mine = [line for line in lines if names_it(line, name) and line.startswith("dragoman: error: ")]
        assert mine and any(reason in line for line in mine), (name, mine)


def test_the_good_inputs_and_the_good_parts_of_bad_ones_all_come_out(run):
    pairs = set()
    for line in run.stdout.decode("utf-8").split("\n"):
        if line:
            event = json.loads(line)
            pairs.add((event["source"]["country"], event["target"]["country"]))
    missing = [name for name, source, target in EVENTS if (source, target) not in pairs]
    assert missing == []


def test_an_external_entity_is_not_read():
    [article] = iter_articles([str(NASTY / "external-entity.xml")])
    assert isinstance(article, Article) and "file:" not in article.text
    hostname = Path("/etc/hostname")
    if hostname.exists() and hostname.read_text().strip():
        assert hostname.read_text().strip() not in article.text.split()
