"""One article a record: JSON lines and CSV with the fields ``id``, ``title``, ``text``, ``published``, ``url``.

``source`` is read too; other fields are ignored. A given ``id`` is kept exactly, since gold files are keyed on it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

from dragoman.exceptions import MalformedInput
from dragoman.ingest.common import iso_date, require_text
from dragoman.model import Article, Failure, article_id


def read_jsonl(text: str, name: str) -> Iterator[Article | Failure]:
    """Yield an article for each JSON object line, and a Failure for each bad line."""
    require_text(text, name)
    # Split on "\n" only: JSON strings may hold U+2028 and other characters str.splitlines() breaks on.
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield line_article(line, name, number)


def line_article(line: str, name: str, number: int) -> Article | Failure:
    """The article in one JSON line, or a Failure saying why there is none."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return _line_failure(name, number, f"not valid JSON ({err.msg})")
    if not isinstance(record, dict):
        return _line_failure(name, number, "not a JSON object")
    return record_article(record, name, number, "jsonl")


def read_csv(text: str, name: str) -> Iterator[Article | Failure]:
    """Yield an article for each CSV row after the header row, and a Failure for each bad row."""
    require_text(text, name)
    # strict: an unclosed quote is an error, not a field that swallows the rest of the file.
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [(field or "").strip().lower() for field in reader.fieldnames or []]
        if "text" not in header:
            raise MalformedInput(name, 'no "text" column in the CSV header')
        reader.fieldnames = header
        for row in reader:
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue
            yield record_article(row, name, reader.line_num, "csv")
    except csv.Error as err:
        # line_num has not yet counted the line that failed.
        raise MalformedInput(name, f"line {reader.line_num + 1}: not valid CSV ({err})") from None


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
