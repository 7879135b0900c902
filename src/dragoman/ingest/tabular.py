"""One article a record: JSON lines and CSV with the fields ``id``, ``title``, ``text``, ``published``, ``url``.

``source`` is read too; other fields are ignored. A given ``id`` is kept exactly, since gold files are keyed on it.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO

from dragoman.config import Limits
from dragoman.exceptions import EmptyInput, LimitExceeded, MalformedInput, UnreadableInput
from dragoman.ingest.common import iso_date, require_text
from dragoman.model import Article, Failure, article_id


FIELDS = ("id", "title", "text", "published", "url", "source")


def read_jsonl(text: str, name: str, limits: Limits | None = None) -> Iterator[Article | Failure]:
    """Yield an article for each JSON object line, and a Failure for each bad line."""
    require_text(text, name)
    limits = limits or Limits()
    # Split on "\n" only: JSON strings may hold U+2028 and other characters str.splitlines() breaks on.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield line_article(line, name, number, limits)


def stream_jsonl(stream: BinaryIO, name: str, limits: Limits | None = None,
                 encoding: str = "utf-8-sig") -> Iterator[Article | Failure]:
    """``read_jsonl`` over a byte stream, a line at a time: memory holds one line, and a line over the page limit
    is that line's failure, read past without being held."""
    limits = limits or Limits()
    any_text = False
    for number, line in enumerate(text_lines(stream, encoding, name, limits.page_bytes), start=1):
        if line is None:
            any_text = True
            yield _line_failure(name, number, limits.page_over("a line"))
        elif line.strip():
            any_text = True
            yield line_article(line, name, number, limits)
    if not any_text:
        raise EmptyInput(name, "empty file")


def text_lines(stream: BinaryIO, encoding: str, name: str, cap: int) -> Iterator[str | None]:
    """The lines of a byte stream, decoded one by one (so a bad byte is told by its line), each with its line
    break; None for a line over ``cap`` bytes, which is read past, never held."""
    number = 0
    while raw := stream.readline(cap + 1):
        number += 1
        if len(raw) > cap and not raw.endswith(b"\n"):
            while (rest := stream.readline(cap)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError as err:
            raise UnreadableInput(name, f"line {number}: not {encoding} text ({err.reason}); the rest is not read"
                                  ) from None


def line_article(line: str, name: str, number: int, limits: Limits | None = None) -> Article | Failure:
    """The article in one JSON line, or a Failure saying why there is none."""
    limits = limits or Limits()
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return _line_failure(name, number, f"not valid JSON ({err.msg})")
    except RecursionError:
        return _line_failure(name, number, _too_deep(limits))
    except ValueError:  # not a JSONDecodeError: Python's own limit on the digits of an integer
        return _line_failure(name, number, f"a number of more than {sys.get_int_max_str_digits():,} digits")
    if _depth(record) > limits.json_depth:
        return _line_failure(name, number, _too_deep(limits))
    if not isinstance(record, dict):
        return _line_failure(name, number, "not a JSON object")
    return record_article(record, name, number, "jsonl")


def read_csv(text: str, name: str, limits: Limits | None = None) -> Iterator[Article | Failure]:
    """Yield an article for each CSV row after the header row, and a Failure for each bad row."""
    require_text(text, name)
    yield from _csv_rows(io.StringIO(text, newline=""), name, limits or Limits())


def stream_csv(stream: BinaryIO, name: str, limits: Limits | None = None,
               encoding: str = "utf-8-sig") -> Iterator[Article | Failure]:
    """``read_csv`` over a byte stream, a row at a time; a line over the page limit ends the file."""
    limits = limits or Limits()

    def lines() -> Iterator[str]:
        for number, line in enumerate(text_lines(stream, encoding, name, limits.page_bytes), start=1):
            if line is None:
                raise LimitExceeded(name, f"line {number}: {limits.page_over('a line')}; the rest of the file is not "
                                            "read")
            yield line

    yield from _csv_rows(lines(), name, limits)


def _csv_rows(lines: Iterable[str], name: str, limits: Limits) -> Iterator[Article | Failure]:
    # The csv module's limit is one for the whole process: raise it to ours, and check ours on each row.
    csv.field_size_limit(max(csv.field_size_limit(), limits.csv_field_chars))
    # strict: an unclosed quote is an error, not a field that swallows the rest of the file.
    reader = csv.DictReader(lines, strict=True)
    rows = blank = 0
    try:
        header = [(field or "").strip().lower() for field in reader.fieldnames or []]
        if not any(header):
            raise EmptyInput(name, "empty file")
        if "text" not in header:
            raise MalformedInput(name, 'no "text" column in the CSV header')
        twice = sorted({f for f in header if f in FIELDS and header.count(f) > 1})
        if twice:
            raise MalformedInput(name, "the CSV header names " + ", ".join(f'"{f}"' for f in twice) + " more than once")
        reader.fieldnames = header
        for row in reader:
            rows += 1
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                blank += 1
                continue
            if any(isinstance(v, str) and len(v) > limits.csv_field_chars for v in row.values()):
                yield _line_failure(name, reader.line_num, _field_too_large(limits))
                continue
            yield record_article(row, name, reader.line_num, "csv")
    except csv.Error as err:
        # line_num has not yet counted the line that failed.
        if "field larger than field limit" in str(err):
            line = reader.line_num + 1
            raise LimitExceeded(name, f"line {line}: {_field_too_large(limits)}; the rest of the file is not read"
                                ) from None
        raise MalformedInput(name, f"line {reader.line_num + 1}: not valid CSV ({err})") from None
    if rows == 0:
        raise EmptyInput(name, "CSV has a header row but no rows")
    if blank == rows:
        raise EmptyInput(name, f"CSV has a header row and {rows:,} blank row{'s' if rows > 1 else ''}, no text")


def _field_too_large(limits: Limits) -> str:
    return f"a field over the limit of {limits.csv_field_chars:,} characters (--max-csv-field-chars)"


def _too_deep(limits: Limits) -> str:
    return f"JSON nested deeper than the limit of {limits.json_depth} (--max-json-depth)"


def _depth(value: Any) -> int:
    """How deeply a parsed JSON value nests, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item if isinstance(child, (dict, list)))
    return deepest


def record_article(record: Mapping[str, Any], name: str, line: int, fmt: str) -> Article | Failure:
    """The article in one record, or a Failure saying what is missing."""
    text = record.get("text")
    if not isinstance(text, str):
        return _line_failure(name, line, 'no "text" field')
    if not text.strip():
        return _line_failure(name, line, 'empty "text" field')
    url = _field(record, "url")
    given_id = record.get("id")
    article_id_ = str(given_id) if given_id not in (None, "") else article_id(url, text)
    published = iso_date(record.get("published"))
    return Article(id=article_id_, text=text, title=_field(record, "title"), url=url, published=published,
                   published_source="metadata" if published else None, source=_field(record, "source"),
                   format=fmt, origin=name)


def _field(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _line_failure(name: str, line: int, reason: str) -> Failure:
    return Failure(f"{name}:{line}", f"line {line}: {reason}")
