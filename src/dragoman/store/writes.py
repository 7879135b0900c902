"""Writing a store: articles with their events, actors and links, and the inputs that failed.

Saving is transactional per call (``save``) or per batch (``save_many``) and idempotent per article: saving an
article again replaces its events, and saving the very same content again writes nothing at all. Each article's
events are placed in incidents (``incidents.place_events``) in the same transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from dragoman import incidents
from dragoman.exceptions import StoreError, UsageError
from dragoman.model import Article, Event, Failure, Removal
from dragoman.store.database import Database
from dragoman.store.filters import actor_key

__all__ = ["DELETE_EVENTS", "INSERT_ACTOR", "INSERT_EVENT", "INSERT_LINK", "LOCATION_FIELDS", "PREVIOUS_INCIDENTS",
           "UPSERT_ARTICLE", "Writes", "to_json", "utc_now", "write_article"]

ARTICLE_COLUMNS = ("id", "url", "title", "published", "published_source", "source", "language", "format",
                   "origin", "text", "removals", "n_events")

UPSERT_ARTICLE = """
INSERT INTO articles (id, url, title, published, published_source, source, language, format, origin, text,
                      removals, n_events, coded_at)
VALUES (:id, :url, :title, :published, :published_source, :source, :language, :format, :origin, :text,
        :removals, :n_events, :coded_at)
ON CONFLICT(id) DO UPDATE SET
    url = excluded.url, title = excluded.title, published = excluded.published,
    published_source = excluded.published_source, source = excluded.source, language = excluded.language,
    format = excluded.format, origin = excluded.origin, text = excluded.text, removals = excluded.removals,
    n_events = excluded.n_events, coded_at = excluded.coded_at
"""

SELECT_ARTICLE = f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id = ?"
SELECT_ARTICLE_RECORDS = "SELECT record FROM events WHERE article_id = ?"
DELETE_EVENTS = "DELETE FROM events WHERE article_id = ?"

INSERT_EVENT = """
INSERT INTO events (event_id, article_id, date, date_precision, date_source, source_key, target_key, cameo, root,
                    quad_class, goldstein, plover_type, plover_mode, trigger, trigger_start, trigger_end,
                    sentence, sentence_index, rule, confidence, record, location_name, location_country,
                    location_admin1, location_admin1_code, location_lat, location_lon, location_geonames_id,
                    location_feature, location_source)
VALUES (:event_id, :article_id, :date, :date_precision, :date_source, :source_key, :target_key, :cameo, :root,
        :quad_class, :goldstein, :plover_type, :plover_mode, :trigger, :trigger_start, :trigger_end,
        :sentence, :sentence_index, :rule, :confidence, :record, :location_name, :location_country,
        :location_admin1, :location_admin1_code, :location_lat, :location_lon, :location_geonames_id,
        :location_feature, :location_source)
"""
# The record's location fields that are event columns, each as location_<field>.
LOCATION_FIELDS = ("name", "country", "admin1", "admin1_code", "lat", "lon", "geonames_id", "feature", "source")

INSERT_ACTOR = """
INSERT INTO actors (event_id, role, text, name, country, org, sector, cameo, span_start, span_end)
VALUES (:event_id, :role, :text, :name, :country, :org, :sector, :cameo, :span_start, :span_end)
"""

INSERT_LINK = """
INSERT OR IGNORE INTO links (from_event, to_event, relation, cue, cue_start, cue_end)
VALUES (:from_event, :to_event, :relation, :cue, :cue_start, :cue_end)
"""

PREVIOUS_INCIDENTS = "SELECT DISTINCT incident_id FROM events WHERE article_id = ? AND incident_id IS NOT NULL"

UPSERT_FAILURE = """
INSERT INTO failures (input, reason, stage, seen_at) VALUES (?, ?, ?, ?)
ON CONFLICT(input, stage) DO UPDATE SET reason = excluded.reason, seen_at = excluded.seen_at
"""


class Writes(Database):
    """The writing methods of ``Store``."""

    def save(self, article: Article, events: Iterable[Event], removals: Iterable[Removal] = ()) -> int:
        """Store one article and its events in one transaction, replacing what was stored for it.

        Returns the number of events stored.
        """
        with self._transaction(f"save article {article.id}") as conn:
            return write_article(conn, article, events, removals)

    def save_many(self, items: Iterable[Sequence[Any]]) -> int:
        """Store a batch of ``(article, events, removals)`` in one transaction. Returns the events stored."""
        with self._transaction("save batch") as conn:
            return sum(write_article(conn, *_unpack(item)) for item in items)

    def record_failure(self, failure: Failure) -> None:
        """Remember an input that could not be read. One row per input and stage; the latest reason wins."""
        with self._transaction(f"record failure of {failure.input}") as conn:
            conn.execute(UPSERT_FAILURE, (failure.input, failure.reason, failure.stage, utc_now()))


def write_article(conn: sqlite3.Connection, article: Article, events: Iterable[Event],
                  removals: Iterable[Removal | Mapping[str, Any]] = ()) -> int:
    """Replace one article and its events inside the caller's transaction, and place its events in incidents.
    Returns the events stored."""
    rows = _event_rows(article, events)
    row = _article_row(article, removals, len(rows))
    if _unchanged(conn, row, rows):
        # Nothing to do: skipping the write keeps coded_at too, so an identical re-save is invisible.
        return len(rows)
    now = utc_now()
    previous = [r[0] for r in conn.execute(PREVIOUS_INCIDENTS, (article.id,))]
    conn.execute(UPSERT_ARTICLE, {**row, "coded_at": now})
    conn.execute("UPDATE articles SET outlet = ? WHERE id = ?",
                 (incidents.outlet(article.source, article.url, article.id), article.id))
    conn.execute(DELETE_EVENTS, (article.id,))  # actors and links go with their events (ON DELETE CASCADE)
    for event_row, actor_rows, link_rows in rows:
        conn.execute(INSERT_EVENT, event_row)
        conn.executemany(INSERT_ACTOR, actor_rows)
        conn.executemany(INSERT_LINK, link_rows)
    incidents.place_events(conn, {**row, "added_at": now}, [event_row for event_row, _, _ in rows], previous)
    return len(rows)


def _unchanged(conn: sqlite3.Connection, row: dict[str, Any],
               rows: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> bool:
    stored = conn.execute(SELECT_ARTICLE, (row["id"],)).fetchone()
    # origin is only the path it was read by (relative or absolute, say): the same article by another path is
    # the same article, and keeps the path it was first stored from.
    if stored is None or any(stored[i] != row[c] for i, c in enumerate(ARTICLE_COLUMNS) if c != "origin"):
        return False
    records = sorted(r for (r,) in conn.execute(SELECT_ARTICLE_RECORDS, (row["id"],)))
    return records == sorted(event_row["record"] for event_row, _, _ in rows)


def _article_row(article: Article, removals: Iterable[Removal | Mapping[str, Any]], n_events: int) -> dict[str, Any]:
    return {
        "id": article.id, "url": article.url, "title": article.title, "published": article.published,
        "published_source": article.published_source, "source": article.source, "language": article.language,
        "format": article.format, "origin": article.origin, "text": article.text,
        "removals": to_json([_removal(r) for r in removals]), "n_events": n_events,
    }


def _removal(removal: Removal | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(removal, Mapping):
        return dict(removal)
    return {"rule": removal.rule, "span": list(removal.span), "text": removal.text, "reason": removal.reason}


def _event_rows(article: Article, events: Iterable[Event]) -> list[tuple[dict, list[dict], list[dict]]]:
    """The events, actors and links rows for one article, one entry per distinct event_id (the first one wins)."""
    rows: dict[str, tuple[dict, list[dict], list[dict]]] = {}
    for event in events:
        if event.article_id != article.id:
            raise StoreError(f"event {event.event_id} belongs to article {event.article_id}, "
                             f"not to {article.id}")
        record = event.to_dict()
        # Same id means same article, trigger, dyad and code: the coder's duplicate, stored once.
        if record["event_id"] in rows:
            continue
        rows[record["event_id"]] = (_event_row(event, record), _actor_rows(event, record["event_id"]),
                                    _link_rows(event, record["event_id"]))
    return list(rows.values())


def _event_row(event: Event, record: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": record["event_id"], "article_id": event.article_id, "date": event.date.date,
        "date_precision": event.date.precision, "date_source": event.date.source,
        "source_key": actor_key(event.source.key),
        "target_key": actor_key(event.target.key) if event.target else None,
        "cameo": event.cameo, "root": event.root, "quad_class": event.quad_class, "goldstein": event.goldstein,
        "plover_type": event.plover_type, "plover_mode": event.plover_mode, "trigger": event.trigger,
        "trigger_start": event.trigger_span[0], "trigger_end": event.trigger_span[1], "sentence": event.sentence,
        "sentence_index": event.sentence_index, "rule": event.rule, "confidence": event.confidence,
        "record": to_json(record),
        **{f"location_{f}": (record["location"] or {}).get(f) for f in LOCATION_FIELDS},
    }


def _actor_rows(event: Event, event_id: str) -> list[dict[str, Any]]:
    sides = [("source", event.source), ("target", event.target)]
    return [{"event_id": event_id, "role": role, "text": a.text, "name": a.name, "country": a.country,
             "org": a.org, "sector": a.sector, "cameo": a.cameo, "span_start": a.span[0], "span_end": a.span[1]}
            for role, a in sides if a is not None]


def _link_rows(event: Event, event_id: str) -> list[dict[str, Any]]:
    return [{"from_event": event_id, "to_event": link.to, "relation": link.relation, "cue": link.cue,
             "cue_start": link.cue_span[0], "cue_end": link.cue_span[1]} for link in event.links]


def _unpack(item: Sequence[Any]) -> tuple[Article, Iterable[Event], Iterable[Removal]]:
    if len(item) == 2:
        return item[0], item[1], ()
    if len(item) == 3:
        return item[0], item[1], item[2]
    raise UsageError(f"save_many takes (article, events, removals) items, got {len(item)} values")


def to_json(value: Any) -> str:
    """JSON as the store keeps it: compact, and not escaped to ASCII."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def utc_now() -> str:
    """Now, as the store's timestamps are: ISO in UTC, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
