"""Which reader reads which input: by file extension, or by sniffing content that has none (standard input)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from dragoman.config import Limits
from dragoman.ingest.feed import read_feed
from dragoman.ingest.html import read_html
from dragoman.ingest.tabular import read_csv, read_jsonl, stream_csv, stream_jsonl
from dragoman.ingest.txt import read_txt
from dragoman.ingest.warc import read_warc
from dragoman.model import Article, Failure


@dataclass(frozen=True)
class Reader:
    """A reader function: ``read(content, name, limits)`` yields Articles and per-record Failures."""

    read: Callable[[Any, str, Limits], Iterable[Article | Failure]]
    binary: bool = False  # takes raw bytes or a binary stream, not decoded text
    single: bool = False  # one article a file
    # the same over a byte stream in a known encoding, a line at a time
    stream: Callable[[Any, str, Limits, str], Iterable[Article | Failure]] | None = None


# Add a format here, in one place.
READERS: dict[str, Reader] = {
    ".txt": Reader(read_txt, single=True),
    ".html": Reader(read_html, single=True),
    ".htm": Reader(read_html, single=True),
    ".jsonl": Reader(read_jsonl, stream=stream_jsonl),
    ".ndjson": Reader(read_jsonl, stream=stream_jsonl),
    ".csv": Reader(read_csv, stream=stream_csv),
    ".rss": Reader(read_feed),
    ".atom": Reader(read_feed),
    ".xml": Reader(read_feed),
    ".warc": Reader(read_warc, binary=True),
    ".warc.gz": Reader(read_warc, binary=True),
}

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)\b")


def extension(name: str) -> str | None:
    """The registered extension ``name`` ends with (the longest one, so ``.warc.gz`` beats ``.gz``)."""
    lowered = name.lower()
    matches = [ext for ext in READERS if lowered.endswith(ext)]
    return max(matches, key=len) if matches else None


def reader_for(name: str) -> Reader | None:
    """The reader for a file name, or None when its extension is unknown."""
    ext = extension(name)
    return READERS[ext] if ext else None


def sniff(data: bytes) -> str:
    """The extension whose reader fits this content: WARC, feed XML, HTML, JSON lines, else plain text."""
    if data[:2] == b"\x1f\x8b":  # gzip: the only compressed format read is WARC
        return ".warc.gz"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"warc/"):
        return ".warc"
    if head.startswith(b"<"):
        return ".xml" if _FEED_ROOT.search(head) else ".html"
    if head.startswith(b"{"):
        return ".jsonl"
    return ".txt"
