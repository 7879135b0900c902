"""Read-only access to a store for the web API: one connection per request, never a write.

The server opens the store read-only so that an ingest can run beside it (SQLite in WAL mode lets readers and one
writer share the file).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..exceptions import StoreError, UsageError
from ..store import SCHEMA_VERSION, Store

ORDER = {
    "asc": " ORDER BY e.date IS NULL, e.date, e.article_id, e.sentence_index, e.trigger_start, e.event_id",
    "desc": " ORDER BY e.date IS NULL, e.date DESC, e.article_id DESC, e.sentence_index DESC, e.trigger_start DESC,"
            " e.event_id DESC",
}
# Each event with the incident it belongs to, as Store.events gives it.
SELECT = "SELECT e.record, i.id, i.n_mentions FROM events e LEFT JOIN incidents i ON i.id = e.incident_id"


class ReadOnlyStore(Store):
    """A ``Store`` opened with SQLite's read-only mode: the reading methods work, every write fails."""

    def __init__(self, path: str | os.PathLike[str], timeout: float = 5.0):
        self.path = os.fspath(path)
        self._conn = None
        if not Path(self.path).is_file():
            raise StoreError(f"{self.path}: no such store")
        uri = Path(self.path).resolve().as_uri() + "?mode=ro"
        try:
            # One request may run its dependency and its endpoint on different worker threads.
            conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open store {self.path}: {e}") from e
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self.journal_mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            version = self._check_version(conn)
        except sqlite3.Error as e:
            conn.close()
            raise StoreError(f"cannot open store {self.path}: {e}") from e
        except StoreError:
            conn.close()
            raise
        if version != SCHEMA_VERSION:
            conn.close()
            raise StoreError(f"store {self.path} has schema version {version}, this dragoman reads version "
                             f"{SCHEMA_VERSION}; open it once with dragoman ingest or dragoman serve to upgrade it")
        self._conn = conn


@dataclass(frozen=True)
class EventFilter:
    """The filters of the event table; every one given must hold."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None  # either direction
    root: str | None = None
    plover: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            clauses.append("(e.source_key = ? OR e.target_key = ?)")
            params += [self.actor.upper()] * 2
        if self.source:
            clauses.append("e.source_key = ?")
            params.append(self.source.upper())
        if self.target:
            clauses.append("e.target_key = ?")
            params.append(self.target.upper())
        if self.dyad:
            a, b = (k.upper() for k in self.dyad)
            clauses.append("((e.source_key = ? AND e.target_key = ?) OR (e.source_key = ? AND e.target_key = ?))")
            params += [a, b, b, a]
        if self.root:
            clauses.append("e.root = ?")
            params.append(self.root)
        if self.plover:
            clauses.append("e.plover_type = ?")
            params.append(self.plover)
        if self.since and self.until and self.since > self.until:
            raise UsageError(f"since ({self.since}) is after until ({self.until})")
        if self.since:
            clauses.append("e.date >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("e.date <= ?")
            params.append(self.until)
        if self.text:
            clauses.append("e.sentence LIKE ? ESCAPE '\\'")
            params.append("%" + _like_escape(self.text) + "%")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def search_events(store: ReadOnlyStore, filters: EventFilter, limit: int, offset: int,
                  order: str = "asc") -> tuple[int, list[dict[str, Any]]]:
    """One page of matching event records, each with its ``sentence_span``, and how many match in all."""
    where, params = filters.where()
    (total,), = store.query("SELECT count(*) FROM events e" + where, params)
    rows = store.query(SELECT + where + ORDER[order] + " LIMIT ? OFFSET ?", params + [limit, offset])
    records = []
    for record, incident, mentions in rows:
        records.append(json.loads(record))
        records[-1]["incident"] = None if incident is None else {"id": incident, "mentions": mentions}
    add_sentence_spans(store, records)
    return total, records


def add_sentence_spans(store: Store, records: list[dict[str, Any]]) -> None:
    """Give each record its ``sentence_span``, read from its article's text."""
    ids = sorted({r["article_id"] for r in records})
    texts = dict(store.query(f"SELECT id, text FROM articles WHERE id IN ({', '.join('?' * len(ids))})", ids)
                 ) if ids else {}
    for r in records:
        r["sentence_span"] = sentence_span(texts.get(r["article_id"], ""), r)


def overview(store: ReadOnlyStore) -> dict[str, Any]:
    """Counts, the date range, and the actor keys in the store (for the dashboard's filters)."""
    counts = store.counts()
    (first, last), = store.query("SELECT min(date), max(date) FROM events")
    actors = store.query("""
        SELECT coalesce(org, country) AS k, max(name), count(*) FROM actors
        WHERE coalesce(org, country) IS NOT NULL GROUP BY k ORDER BY count(*) DESC, k""")
    return {**counts, "first_date": first, "last_date": last,
            "actors": [{"key": k, "name": n, "events": c} for k, n, c in actors]}


def sentence_span(text: str, record: dict[str, Any]) -> list[int] | None:
    """Where the event's sentence sits in its article: the occurrence that holds the trigger."""
    sentence = record.get("sentence") or ""
    trigger = (record.get("trigger") or {}).get("span") or [0, 0]
    if not sentence:
        return None
    start = text.find(sentence)
    while start != -1:
        if start <= trigger[0] and trigger[1] <= start + len(sentence):
            return [start, start + len(sentence)]
        start = text.find(sentence, start + 1)
    return None


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
