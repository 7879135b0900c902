"""Reading a store: events with their incidents, the places on a map, articles, incidents, and plain SQL."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date as Date
from typing import Any

from dragoman.exceptions import UsageError
from dragoman.store.database import Database
from dragoman.store.filters import PLACE_KEY, event_filter, incident_filter, parse_limit

__all__ = ["Queries"]

SELECT_EVENTS = """
SELECT e.record, i.id, i.n_mentions, i.n_sources, i.n_articles, i.first_seen
FROM events e LEFT JOIN incidents i ON i.id = e.incident_id"""
SELECT_INCIDENTS = """
SELECT id, source_key, target_key, root, cameo, date, date_last, first_seen, added_at, n_mentions, n_sources,
       n_articles, country FROM incidents"""
# Undated events sort last rather than first (SQLite puts NULL first); event_id makes the order total.
ORDERS = {
    "asc": " ORDER BY e.date IS NULL, e.date, e.article_id, e.sentence_index, e.trigger_start, e.event_id",
    "desc": " ORDER BY e.date IS NULL, e.date DESC, e.article_id DESC, e.sentence_index DESC, e.trigger_start DESC,"
            " e.event_id DESC",
}

COUNTS = """
SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), (SELECT count(*) FROM failures)
"""


class Queries(Database):
    """The reading methods of ``Store``."""

    def events(self, actor: str | None = None, source: str | None = None, target: str | None = None,
               since: str | Date | None = None, until: str | Date | None = None, root: str | int | None = None,
               limit: int | None = None, plover: str | None = None, text: str | None = None,
               offset: int = 0, incident: int | None = None, dyad: tuple[str, str] | None = None,
               order: str = "asc", min_confidence: float | None = None, country: str | None = None,
               bbox: str | Sequence[float] | None = None, place: str | None = None) -> list[dict[str, Any]]:
        """Stored event records (DESIGN.md's contract, plus the ``incident`` each belongs to), by date, then
        article, then sentence.

        ``actor`` matches either side, ``source``/``target`` one side, by actor key (org, else ISO alpha-3
        country; case-insensitive). ``since``/``until`` are inclusive ISO dates. ``root`` is a CAMEO root, "6" or
        "06"; ``plover`` a PLOVER event type; ``text`` a piece of the sentence (case-insensitive). Events without a
        date are left out when ``since`` or ``until`` is given. ``dyad`` is two keys, either way round.
        ``min_confidence`` leaves out events whose confidence is lower. ``country`` (ISO alpha-3) keeps the events
        whose location is in that country; ``bbox`` those whose location lies in a box, ``(min_lon, min_lat,
        max_lon, max_lat)`` or ``"22,44,41,53"`` (``parse_bbox``); ``place`` those at one place of ``places``.
        ``limit`` and ``offset`` page through the result; ``order="desc"`` puts the newest first.
        """
        if order not in ORDERS:
            raise UsageError(f"order must be asc or desc, got {order!r}")
        where, params = event_filter(actor, source, target, since, until, root, plover, text, incident, dyad,
                                     min_confidence, country, bbox, place)
        sql = SELECT_EVENTS + where + ORDERS[order]
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else parse_limit(limit), parse_limit(offset)]
        rows = self._read(lambda c: c.execute(sql, params).fetchall())
        return [_with_incident(row) for row in rows]

    def count_events(self, actor: str | None = None, source: str | None = None, target: str | None = None,
                     since: str | Date | None = None, until: str | Date | None = None,
                     root: str | int | None = None, plover: str | None = None, text: str | None = None,
                     incident: int | None = None, dyad: tuple[str, str] | None = None,
                     min_confidence: float | None = None, country: str | None = None,
                     bbox: str | Sequence[float] | None = None, place: str | None = None) -> int:
        """How many events ``events`` would return with the same filters and no paging."""
        where, params = event_filter(actor, source, target, since, until, root, plover, text, incident, dyad,
                                     min_confidence, country, bbox, place)
        return self._read(lambda c: c.execute("SELECT count(*) FROM events e" + where, params).fetchone()[0])

    def places(self, actor: str | None = None, source: str | None = None, target: str | None = None,
               since: str | Date | None = None, until: str | Date | None = None, root: str | int | None = None,
               plover: str | None = None, text: str | None = None, incident: int | None = None,
               dyad: tuple[str, str] | None = None, min_confidence: float | None = None,
               country: str | None = None, bbox: str | Sequence[float] | None = None,
               place: str | None = None) -> list[dict[str, Any]]:
        """The places where the events ``events`` would return happened, most events first: one row per place
        (its ``place`` key, name, country, lat, lon, geonames_id), with its number of events and of each quad
        class. Events with no location, or one without coordinates, are left out."""
        where, params = event_filter(actor, source, target, since, until, root, plover, text, incident, dyad,
                                     min_confidence, country, bbox, place)
        located = "e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL"
        sql = (f"SELECT {PLACE_KEY} AS place, min(e.location_name), min(e.location_country), min(e.location_lat),"
               f" min(e.location_lon), min(e.location_geonames_id), count(*), total(e.quad_class = 1),"
               f" total(e.quad_class = 2), total(e.quad_class = 3), total(e.quad_class = 4)"
               f" FROM events e{where}{' AND ' if where else ' WHERE '}{located}"
               f" GROUP BY place ORDER BY count(*) DESC, place")
        names = ("place", "name", "country", "lat", "lon", "geonames_id", "events", "quad1", "quad2", "quad3",
                 "quad4")
        rows = self._read(lambda c: c.execute(sql, params).fetchall())
        return [{k: int(v) if k.startswith("quad") else v for k, v in zip(names, row)} for row in rows]

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event record with its article, its incident, the events it responds to and those that respond to
        it; None when there is no such event."""
        row = self._read(lambda c: c.execute(SELECT_EVENTS + " WHERE e.event_id = ?", (event_id,)).fetchone())
        if row is None:
            return None
        record = _with_incident(row)
        article = self.article(record["article_id"])
        record["article"] = article
        record["responded_by"] = [
            {"relation": r[0], "event_id": r[1], "cue": r[2]} for r in self._read(lambda c: c.execute(
                "SELECT relation, from_event, cue FROM links WHERE to_event = ? ORDER BY from_event",
                (event_id,)).fetchall())]
        return record

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One stored article: its metadata, text, what cleaning removed, and its near-duplicate and
        republication marks."""
        row = self._read(lambda c: c.execute(
            "SELECT id, url, title, published, published_source, source, outlet, language, format, text, removals,"
            " n_events, coded_at, duplicate_of, republication FROM articles WHERE id = ?", (article_id,)).fetchone())
        if row is None:
            return None
        names = ("id", "url", "title", "published", "published_source", "source", "outlet", "language", "format",
                 "text", "removals", "n_events", "coded_at", "duplicate_of", "republication")
        article = dict(zip(names, row))
        article["removals"] = json.loads(article["removals"])
        return article

    def republication(self, article_id: str) -> str | None:
        """Why the article is flagged as a likely republication, or None when it is not (or not stored)."""
        row = self._read(lambda c: c.execute("SELECT republication FROM articles WHERE id = ?",
                                             (article_id,)).fetchone())
        return row[0] if row else None

    def articles(self, republication: bool | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Stored articles without their text, newest first; ``republication=True`` keeps the flagged ones."""
        sql = ("SELECT id, url, title, published, outlet, n_events, duplicate_of, republication FROM articles"
               + {None: "", True: " WHERE republication IS NOT NULL", False: " WHERE republication IS NULL"}[
                   republication] + " ORDER BY published IS NULL, published DESC, id")
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(parse_limit(limit))
        names = ("id", "url", "title", "published", "outlet", "n_events", "duplicate_of", "republication")
        return [dict(zip(names, r)) for r in self._read(lambda c: c.execute(sql, params).fetchall())]

    def incidents(self, actor: str | None = None, source: str | None = None, target: str | None = None,
                  root: str | int | None = None, since: str | Date | None = None, until: str | Date | None = None,
                  limit: int | None = None, offset: int = 0, country: str | None = None,
                  bbox: str | Sequence[float] | None = None) -> list[dict[str, Any]]:
        """Incidents, most reported first: each with its dyad, root, dates, counts, when first reported and the
        country its events' locations are in. ``country`` and ``bbox`` filter as in ``events``: an incident is
        in a box when one of its reports is located there."""
        where, params = incident_filter(actor, source, target, root, since, until, country, bbox)
        sql = SELECT_INCIDENTS + where + " ORDER BY n_mentions DESC, date IS NULL, date, id LIMIT ? OFFSET ?"
        params += [-1 if limit is None else parse_limit(limit), parse_limit(offset)]
        return [_incident(r) for r in self._read(lambda c: c.execute(sql, params).fetchall())]

    def incident(self, incident_id: int) -> dict[str, Any] | None:
        """One incident with the event records that mention it (its ``mentions``)."""
        row = self._read(lambda c: c.execute(SELECT_INCIDENTS + " WHERE id = ?", (incident_id,)).fetchone())
        if row is None:
            return None
        found = _incident(row)
        found["mentions"] = self.events(incident=incident_id)
        return found

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read-only SQL query over the store's tables, for analyses the methods here don't cover."""
        if not sql.lstrip().lower().startswith(("select", "with")):
            raise UsageError("store queries are read-only: a SELECT or WITH statement")
        return self._read(lambda c: c.execute(sql, list(params)).fetchall())

    def counts(self) -> dict[str, int]:
        """How many articles, events and failures are stored."""
        articles, events, failures = self._read(lambda c: c.execute(COUNTS).fetchone())
        return {"articles": articles, "events": events, "failures": failures}


def _with_incident(row: Sequence[Any]) -> dict[str, Any]:
    record = json.loads(row[0])
    record["incident"] = None if row[1] is None else {
        "id": row[1], "mentions": row[2], "sources": row[3], "articles": row[4], "first_seen": row[5]}
    return record


def _incident(row: Sequence[Any]) -> dict[str, Any]:
    names = ("id", "source", "target", "root", "cameo", "date", "date_last", "first_seen", "added_at", "mentions",
             "sources", "articles", "country")
    return dict(zip(names, row))
