"""ingest: turn files, directories, globs and standard input into ``Article`` records.

Bad input never raises here: each input (or line, entry or record) that cannot be read becomes a ``Failure`` with a
short reason, and the batch goes on. Readers live one per format; ``registry.READERS`` maps extensions to them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from dragoman.exceptions import EmptyInput, InputError, SourceNotFound, UnreadableInput, UsageError
from dragoman.ingest.common import decode_text, iso_date
from dragoman.ingest.feed import read_feed
from dragoman.ingest.html import read_html
from dragoman.ingest.registry import READERS, Reader, reader_for, sniff
from dragoman.ingest.sources import Source, expand
from dragoman.ingest.tabular import read_csv, read_jsonl
from dragoman.ingest.txt import read_txt
from dragoman.ingest.warc import read_warc
from dragoman.model import Article, Failure

__all__ = ["READERS", "Reader", "iter_articles", "read_bytes", "read_csv", "read_feed", "read_html", "read_jsonl",
           "read_source", "read_txt", "read_warc"]

FALLBACK = "fallback"  # published_source of a date taken from the ``published`` argument


def iter_articles(inputs: Iterable[str], *, stdin: BinaryIO | None = None,
                  published: str | None = None) -> Iterator[Article | Failure]:
    """Yield an Article for each article in ``inputs`` and a Failure for each input that cannot be read.

    ``inputs`` are paths, directories, globs, or ``-`` for ``stdin`` (default: the process's standard input).
    ``published`` is an ISO date for articles that carry none; a bad one raises UsageError at once.
    """
    if isinstance(inputs, str):  # one path, not its characters
        inputs = [inputs]
    fallback = None
    if published is not None:
        fallback = iso_date(published)
        if fallback is None:
            raise UsageError(f"not a date: {published!r} (expected YYYY-MM-DD)")
    return _iter_articles(inputs, stdin, fallback)


def _iter_articles(inputs: Iterable[str], stdin: BinaryIO | None,
                   fallback: str | None) -> Iterator[Article | Failure]:
    seen: set[Path] = set()
    for item in inputs:
        for source in expand(item):
            if isinstance(source, Failure):
                yield source
                continue
            if source.path is not None:
                # The same file named twice (say, by a directory and a glob) is read once.
                key = source.path.resolve()
                if key in seen:
                    continue
                seen.add(key)
            for result in read_source(source, stdin):
                if isinstance(result, Article) and result.published is None and fallback:
                    result = replace(result, published=fallback, published_source=FALLBACK)
                yield result


def read_source(source: Source, stdin: BinaryIO | None = None) -> Iterator[Article | Failure]:
    """Read one file or standard input, turning whole-input errors into a Failure."""
    try:
        yield from _read(source, stdin)
    except InputError as err:
        yield Failure(err.source, err.reason)


def read_bytes(data: bytes, name: str) -> Iterator[Article | Failure]:
    """Read one file's content held in memory (as a cluster job holds it), by the extension of ``name``, else
    sniffed; whole-input errors become a Failure."""
    try:
        yield from _read_bytes(data, name, reader_for(name), empty="empty file")
    except InputError as err:
        yield Failure(err.source, err.reason)


def _read(source: Source, stdin: BinaryIO | None) -> Iterator[Article | Failure]:
    if source.path is None:
        data = (stdin if stdin is not None else sys.stdin.buffer).read()
        yield from _read_bytes(data, source.name, None, empty="empty input")
        return
    reader = reader_for(source.name)
    if reader is not None and reader.binary:
        # Stream binary formats: web archives can be far larger than memory.
        with _open(source) as stream:
            head = stream.read(4096)
            if len(head) < 4096 and not head.strip():
                raise EmptyInput(source.name, "empty file")
            stream.seek(0)
            yield from reader.read(stream, source.name)
        return
    with _open(source) as stream:
        data = stream.read()
    yield from _read_bytes(data, source.name, reader, empty="empty file")


def _read_bytes(data: bytes, name: str, reader: Reader | None, empty: str) -> Iterator[Article | Failure]:
    """Check, decode and read content; an unknown type is sniffed from the content itself."""
    if not data.strip():
        raise EmptyInput(name, empty)
    if reader is None:
        reader = READERS[sniff(data)]
    if reader.binary:
        yield from reader.read(data, name)
    else:
        yield from reader.read(decode_text(data, name), name)


def _open(source: Source) -> BinaryIO:
    assert source.path is not None
    try:
        return source.path.open("rb")
    except FileNotFoundError:
        raise SourceNotFound(source.name, "no such file or directory") from None
    except PermissionError:
        raise UnreadableInput(source.name, "permission denied") from None
    except OSError as err:
        raise UnreadableInput(source.name, err.strerror or str(err)) from None
