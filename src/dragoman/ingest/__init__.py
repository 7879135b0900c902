"""ingest: turn files, directories, globs and standard input into ``Article`` records.

Bad input never raises here: each input (or line, entry or record) that cannot be read becomes a ``Failure`` with a
short reason, and the batch goes on; so does any unexpected error inside a reader. Readers live one per format;
``registry.READERS`` maps extensions to them. Every article leaves here within ``config.Limits``: lone surrogates
replaced, and a text over ``part_chars`` split into parts (see ``fit``).
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, ContextManager

from dragoman.config import Limits
from dragoman.exceptions import EmptyInput, InputError, LimitExceeded, SourceNotFound, UnreadableInput, UsageError
from dragoman.ingest.common import Prefixed, decode_text, iso_date, stream_encoding
from dragoman.ingest.feed import read_feed
from dragoman.ingest.html import read_html
from dragoman.ingest.registry import READERS, Reader, extension, reader_for, sniff
from dragoman.ingest.sources import Source, expand
from dragoman.ingest.tabular import read_csv, read_jsonl
from dragoman.ingest.txt import read_txt
from dragoman.ingest.warc import read_warc
from dragoman.model import Article, Failure

__all__ = ["READERS", "Reader", "count_articles", "fit", "iter_articles", "read_bytes", "read_csv", "read_feed",
           "read_html", "read_jsonl", "read_source", "read_txt", "read_warc"]

FALLBACK = "fallback"  # published_source of a date taken from the ``published`` argument
ONE_ARTICLE = (".txt", ".html", ".htm")  # formats whose every file is one article
SNIFF = 4096  # the first bytes of an input, which tell an empty one, and standard input's format


def iter_articles(inputs: Iterable[str], *, stdin: BinaryIO | None = None, published: str | None = None,
                  limits: Limits | None = None) -> Iterator[Article | Failure]:
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
    return _iter_articles(inputs, stdin, fallback, limits or Limits())


def _iter_articles(inputs: Iterable[str], stdin: BinaryIO | None, fallback: str | None,
                   limits: Limits) -> Iterator[Article | Failure]:
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
            for result in read_source(source, stdin, limits):
                if isinstance(result, Failure):
                    yield result
                    continue
                if result.published is None and fallback:
                    result = replace(result, published=fallback, published_source=FALLBACK)
                yield from fit(result, limits)


def count_articles(inputs: Iterable[str]) -> int | None:
    """How many items (articles and failures) ``iter_articles`` will yield, when that is cheap to know: when every
    input is a file of one article (``.txt``, ``.html``), or a directory or glob of them, or names nothing. None
    for anything else (JSON lines, CSV, feeds, WARC, standard input): counting those means reading them."""
    if isinstance(inputs, str):
        inputs = [inputs]
    seen: set[Path] = set()
    count = 0
    for item in inputs:
        for source in expand(item):
            if isinstance(source, Failure):
                count += 1
            elif source.path is None or extension(source.name) not in ONE_ARTICLE:
                return None
            elif (key := source.path.resolve()) not in seen:
                seen.add(key)
                count += 1
    return count


def read_source(source: Source, stdin: BinaryIO | None = None,
                limits: Limits | None = None) -> Iterator[Article | Failure]:
    """Read one file or standard input, turning whole-input errors, and any error a reader did not expect, into a
    Failure; what was read before the error is kept."""
    try:
        yield from _read(source, stdin, limits or Limits())
    except InputError as err:
        yield Failure(err.source, err.reason)
    except Exception as err:  # a reader's bug or a library's crash on odd input: that input's failure only
        yield Failure(source.name, unexpected(err))


def unexpected(err: BaseException) -> str:
    """An error nobody planned for, as a one-line reason with its type."""
    return f"unexpected error: {type(err).__name__}: {err}"


_SURROGATE = re.compile("[\ud800-\udfff]")
_WORD = re.compile(r"[^\W_]")


def fit(article: Article, limits: Limits) -> Iterator[Article | Failure]:
    """The article within the limits: lone surrogates (which no file or store can hold) replaced by U+FFFD, one
    character for one so offsets hold; a text with no letter or digit (symbols only) refused; a text over
    ``limits.part_chars`` split into parts coded as articles of their own, ``<id>/<n>`` (the title stays with
    part 1); a text over ``limits.article_chars`` refused."""
    article = replace(article, **{key: _SURROGATE.sub("\ufffd", value) for key, value in vars(article).items()
                                  if isinstance(value, str) and _SURROGATE.search(value)})
    name = f"{article.origin} (article {article.id})" if article.origin else article.id
    if not _WORD.search(article.text):
        yield Failure(name, "no letters or digits in the text")
        return
    if len(article.text) > limits.article_chars:
        yield Failure(name, f"article of {len(article.text):,} characters is over the limit of "
                            f"{limits.article_chars:,} (--max-article-chars)")
        return
    if len(article.text) <= limits.part_chars:
        yield article
        return
    for number, (start, end) in enumerate(_parts(article.text, limits.part_chars), start=1):
        yield replace(article, id=f"{article.id}/{number}", text=article.text[start:end],
                      title=article.title if number == 1 else None,
                      origin=f"{name} (part {number}, characters {start}-{end})")


def _parts(text: str, size: int) -> Iterator[tuple[int, int]]:
    """Spans of at most ``size`` characters, cut at a paragraph, else a line, else a sentence, else a space."""
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = 0
        for mark in ("\n\n", "\n", ". ", " "):
            at = window.rfind(mark, size // 2)
            if at > 0:
                cut = at + len(mark)
                break
        end = start + (cut or size)
        yield start, end
        start = end
    if start < len(text):
        yield start, len(text)


def read_bytes(data: bytes, name: str, limits: Limits | None = None) -> Iterator[Article | Failure]:
    """Read one file's content held in memory (as a cluster job holds it), by the extension of ``name``, else
    sniffed; whole-input errors become a Failure."""
    try:
        yield from _read_bytes(data, name, reader_for(name), "empty file", limits or Limits())
    except InputError as err:
        yield Failure(err.source, err.reason)


def _read(source: Source, stdin: BinaryIO | None, limits: Limits) -> Iterator[Article | Failure]:
    """Read one file, or standard input, within bounded memory: a web archive a record at a time, JSON lines and CSV
    a line or row at a time, anything else whole up to the page limit. The first bytes tell the format of standard
    input, or of a file with no known extension."""
    with _open(source, stdin) as stream:
        head = stream.read(SNIFF)
        empty = "empty file" if source.path else "empty input"
        if len(head) < SNIFF and not head.strip():
            raise EmptyInput(source.name, empty)
        reader = (reader_for(source.name) if source.path else None) or READERS[sniff(head)]
        if reader.binary:
            # Stream binary formats: web archives can be far larger than memory.
            yield from reader.read(io.BufferedReader(Prefixed(head, stream)), source.name, limits)
            return
        encoding = stream_encoding(head, source.name) if reader.stream is not None else None
        if encoding is not None:
            # JSON lines and CSV a line or row at a time: an archive of them can be far larger than memory
            yield from reader.stream(io.BufferedReader(Prefixed(head, stream)), source.name, limits, encoding)
            return
        # Anything else is read whole, no further than the page limit: a feed, a page, text in UTF-16
        data = head + stream.read(max(0, limits.page_bytes + 1 - len(head)))
        if len(data) > limits.page_bytes:
            raise LimitExceeded(source.name, limits.page_over("file" if source.path else "input"))
    yield from _read_bytes(data, source.name, reader, empty, limits)


def _read_bytes(data: bytes, name: str, reader: Reader | None, empty: str,
                limits: Limits) -> Iterator[Article | Failure]:
    """Check, decode and read content; an unknown type is sniffed from the content itself."""
    if not data.strip():
        raise EmptyInput(name, empty)
    if reader is None:
        reader = READERS[sniff(data)]
    if reader.binary:
        yield from reader.read(data, name, limits)
    else:
        yield from reader.read(decode_text(data, name), name, limits)


def _open(source: Source, stdin: BinaryIO | None) -> ContextManager[BinaryIO]:
    """The file, or standard input (left open when done)."""
    if source.path is None:
        return nullcontext(stdin if stdin is not None else sys.stdin.buffer)
    try:
        return source.path.open("rb")
    except FileNotFoundError:
        raise SourceNotFound(source.name, "no such file or directory") from None
    except PermissionError:
        raise UnreadableInput(source.name, "permission denied") from None
    except OSError as err:
        raise UnreadableInput(source.name, err.strerror or str(err)) from None
