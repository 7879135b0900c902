"""Writing events as JSON lines, CSV, a table a person can read, or GDELT and PLOVER rows (from export.py)."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone
from typing import Any, Iterable, TextIO

from .exceptions import UsageError
from .export import (CSV_COLUMNS, GDELT_EVENT_COLUMNS, ArticleInfo, flatten, gdelt_event_row, plover_record,
                     tsv_row)
from .model import Article

FORMATS = ("jsonl", "csv", "table", "gdelt", "plover")


class EventWriter:
    """Streams records in one format; ``table`` is buffered so columns line up.

    ``gdelt`` writes the GDELT 2.0 event table (its mentions need a file: ``dragoman export``), ``plover`` PLOVER
    records; both take the article an event came from, for its URL and site.
    """

    def __init__(self, out: TextIO, fmt: str):
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.out, self.fmt = out, fmt
        self._rows: list[dict[str, Any]] = []
        self._csv = None
        self._coded_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        if fmt == "csv":
            self._csv = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
            self._csv.writeheader()
        elif fmt == "gdelt":
            out.write(tsv_row(GDELT_EVENT_COLUMNS))

    def write(self, record: dict[str, Any], article: Article | None = None) -> None:
        if self.fmt == "jsonl":
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif self._csv is not None:
            self._csv.writerow(flatten(record))
        elif self.fmt in ("gdelt", "plover"):
            info = ArticleInfo.of(article, self._coded_at) if article is not None else None
            if self.fmt == "gdelt":
                self.out.write(tsv_row(gdelt_event_row(record, info)))
            else:
                self.out.write(json.dumps(plover_record(record, info), ensure_ascii=False) + "\n")
        else:
            self._rows.append(record)

    def close(self) -> None:
        if self.fmt == "table":
            self.out.write(table(self._rows))


def _actor(a: dict[str, Any] | None) -> str:
    if not a:
        return "-"
    return a.get("cameo") or a.get("name") or "?"


def table(records: Iterable[dict[str, Any]], width: int = 60) -> str:
    """A plain-text table: date, source, target, code, name and trigger."""
    head = ("date", "source", "target", "cameo", "event", "trigger")
    rows = [(r.get("date") or "-", _actor(r.get("source")), _actor(r.get("target")), r.get("cameo", ""),
             (r.get("cameo_name") or "")[:36], ((r.get("trigger") or {}).get("text") or "")[:width])
            for r in records]
    if not rows:
        return "(no events)\n"
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(head), line("-" * w for w in widths)] + [line(r) for r in rows]
    return "\n".join(out) + f"\n({len(rows)} events)\n"
