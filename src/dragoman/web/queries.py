"""Read-only access to a store for the web API: one connection per request, never a write.

The server opens the store read-only so that an ingest can run beside it (SQLite in WAL mode lets readers and one
writer share the file).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from typing import Any

from .. import mapping
from ..store import Store


def open_store(path: str | os.PathLike[str]) -> Store:
    """The store, opened read-only."""
    return Store(path, read_only=True)


@dataclass(frozen=True)
class EventFilter:
    """The filters of the event table; every one given must hold (as ``Store.events`` reads them)."""

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    dyad: tuple[str, str] | None = None  # either direction
    root: str | None = None
    plover: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    min_confidence: float | None = None
    country: str | None = None  # of the event's location
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    place: str | None = None  # a map point's key


def search_events(store: Store, filters: EventFilter, limit: int, offset: int,
                  order: str = "asc") -> tuple[int, list[dict[str, Any]]]:
    """One page of matching event records, each with its ``sentence_span``, and how many match in all."""
    given = asdict(filters)
    records = store.events(**given, limit=limit, offset=offset, order=order)
    add_sentence_spans(store, records)
    return store.count_events(**given), records


def map_points(store: Store, filters: EventFilter) -> dict[str, Any]:
    """The points of the map for these filters, with how many events match and how many of them have a place."""
    given = asdict(filters)
    points = [asdict(p) for p in mapping.map_points(store, **given)]
    return {"total": store.count_events(**given), "located": sum(p["events"] for p in points), "points": points}


def add_sentence_spans(store: Store, records: list[dict[str, Any]]) -> None:
    """Give each record its ``sentence_span``, read from its article's text."""
    ids = sorted({r["article_id"] for r in records})
    texts = dict(store.query(f"SELECT id, text FROM articles WHERE id IN ({', '.join('?' * len(ids))})", ids)
                 ) if ids else {}
    for r in records:
        r["sentence_span"] = sentence_span(texts.get(r["article_id"], ""), r)


def overview(store: Store) -> dict[str, Any]:
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
