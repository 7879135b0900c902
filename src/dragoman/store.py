"""The SQLite store: articles, their events and actors, and the inputs that failed.

One file in WAL mode, so readers are never blocked while one writer ingests. Saving is transactional per call
(``save``) or per batch (``save_many``) and idempotent per article: saving an article again replaces its events,
and saving the very same content again writes nothing at all.

The schema is versioned with ``PRAGMA user_version``. ``MIGRATIONS[i]`` takes a store from version ``i`` to
``i + 1``; a later version adds tables by appending a script, never by editing one already released.
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from datetime import date as Date
from datetime import datetime, timezone
from typing import Any

from dragoman import incidents
from dragoman.exceptions import StoreError, UsageError
from dragoman.model import Article, Event, Failure, Removal
from dragoman.places.countries import country_info

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store", "parse_bbox", "parse_country"]

MIGRATION_1 = """
CREATE TABLE articles (
    id               TEXT PRIMARY KEY,
    url              TEXT,
    title            TEXT,
    published        TEXT,
    published_source TEXT,
    source           TEXT,
    language         TEXT,
    format           TEXT,
    origin           TEXT,
    text             TEXT NOT NULL,
    removals         TEXT NOT NULL DEFAULT '[]',
    n_events         INTEGER NOT NULL DEFAULT 0,
    coded_at         TEXT
);

CREATE TABLE events (
    event_id       TEXT PRIMARY KEY,
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    date           TEXT,
    date_precision TEXT,
    date_source    TEXT,
    source_key     TEXT,
    target_key     TEXT,
    cameo          TEXT NOT NULL,
    root           TEXT NOT NULL,
    quad_class     INTEGER,
    goldstein      REAL,
    plover_type    TEXT,
    plover_mode    TEXT,
    trigger        TEXT,
    trigger_start  INTEGER,
    trigger_end    INTEGER,
    sentence       TEXT,
    sentence_index INTEGER,
    rule           TEXT,
    confidence     REAL,
    record         TEXT NOT NULL
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_source ON events(source_key);
CREATE INDEX events_target ON events(target_key);
CREATE INDEX events_date ON events(date, article_id, sentence_index);
CREATE INDEX events_root ON events(root);

CREATE TABLE actors (
    event_id   TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('source', 'target')),
    text       TEXT,
    name       TEXT,
    country    TEXT,
    org        TEXT,
    sector     TEXT,
    cameo      TEXT,
    span_start INTEGER,
    span_end   INTEGER,
    PRIMARY KEY (event_id, role)
);

CREATE TABLE failures (
    id      INTEGER PRIMARY KEY,
    input   TEXT NOT NULL,
    reason  TEXT NOT NULL,
    stage   TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    UNIQUE (input, stage)
);
"""

# Incidents across articles, near-duplicate detection, and the links the text states between events.
MIGRATION_2 = """
ALTER TABLE articles ADD COLUMN outlet TEXT;
ALTER TABLE articles ADD COLUMN minhash TEXT;
ALTER TABLE articles ADD COLUMN duplicate_of TEXT;
ALTER TABLE articles ADD COLUMN republication TEXT;
ALTER TABLE events ADD COLUMN incident_id INTEGER REFERENCES incidents(id);
CREATE INDEX events_incident ON events(incident_id);
CREATE INDEX events_dyad ON events(source_key, target_key, date, quad_class, goldstein);

CREATE TABLE incidents (
    id         INTEGER PRIMARY KEY,
    source_key TEXT,
    target_key TEXT,
    root       TEXT NOT NULL,
    cameo      TEXT,
    date       TEXT,
    date_last  TEXT,
    first_seen TEXT,
    added_at   TEXT NOT NULL,
    n_mentions INTEGER NOT NULL DEFAULT 0,
    n_articles INTEGER NOT NULL DEFAULT 0,
    n_sources  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX incidents_pair ON incidents(source_key, target_key, root, date);
CREATE INDEX incidents_seen ON incidents(source_key, target_key, root, first_seen);

CREATE TABLE article_bands (
    band       INTEGER NOT NULL,
    hash       TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, hash, article_id)
);

CREATE TABLE links (
    from_event TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    to_event   TEXT NOT NULL,
    relation   TEXT NOT NULL,
    cue        TEXT,
    cue_start  INTEGER,
    cue_end    INTEGER,
    PRIMARY KEY (from_event, to_event, relation)
);
CREATE INDEX links_to ON links(to_event);
"""

# An article's bands are replaced each time it is stored: without this index that is a scan of every band.
MIGRATION_3 = """
CREATE INDEX article_bands_article ON article_bands(article_id);
"""

# Where each event happened, as columns to filter on (the record keeps the whole location), and the country of
# each incident. Records stored before this version are read back, so a store coded with places keeps them.
MIGRATION_4 = """
ALTER TABLE events ADD COLUMN location_name TEXT;
ALTER TABLE events ADD COLUMN location_country TEXT;
ALTER TABLE events ADD COLUMN location_admin1 TEXT;
ALTER TABLE events ADD COLUMN location_admin1_code TEXT;
ALTER TABLE events ADD COLUMN location_lat REAL;
ALTER TABLE events ADD COLUMN location_lon REAL;
ALTER TABLE events ADD COLUMN location_geonames_id INTEGER;
ALTER TABLE events ADD COLUMN location_feature TEXT;
ALTER TABLE events ADD COLUMN location_source TEXT;
UPDATE events SET
    location_name = json_extract(record, '$.location.name'),
    location_country = json_extract(record, '$.location.country'),
    location_admin1 = json_extract(record, '$.location.admin1'),
    location_admin1_code = json_extract(record, '$.location.admin1_code'),
    location_lat = json_extract(record, '$.location.lat'),
    location_lon = json_extract(record, '$.location.lon'),
    location_geonames_id = json_extract(record, '$.location.geonames_id'),
    location_feature = json_extract(record, '$.location.feature'),
    location_source = json_extract(record, '$.location.source')
WHERE json_type(record, '$.location') = 'object';
CREATE INDEX events_location_country ON events(location_country, date) WHERE location_country IS NOT NULL;
CREATE INDEX events_location_point ON events(location_lat, location_lon) WHERE location_lat IS NOT NULL;

ALTER TABLE incidents ADD COLUMN country TEXT;
UPDATE incidents SET country = (SELECT max(location_country) FROM events WHERE incident_id = incidents.id);
CREATE INDEX incidents_country ON incidents(country) WHERE country IS NOT NULL;
"""

MIGRATIONS: tuple[str, ...] = (MIGRATION_1, MIGRATION_2, MIGRATION_3, MIGRATION_4)
SCHEMA_VERSION = len(MIGRATIONS)

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

# A place on a map is its GeoNames id, else its coordinates rounded to four decimals (about ten metres), so the
# events at one place make one point; an event with neither has no place.
PLACE_KEY = ("CASE WHEN e.location_geonames_id IS NOT NULL THEN 'geonames:' || e.location_geonames_id"
             " WHEN e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL"
             " THEN printf('%.4f,%.4f', e.location_lat, e.location_lon) END")

COUNTS = """
SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), (SELECT count(*) FROM failures)
"""

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Store:
    """A dragoman store in one SQLite file. ``Store(path)`` opens it, creating and migrating it as needed."""

    def __init__(self, path: str | os.PathLike[str], timeout: float = 5.0, read_only: bool = False):
        """Open or create the store at ``path``; ``timeout`` is how long (seconds) to wait for a busy lock.

        ``read_only`` opens an existing store with SQLite's read-only mode, as a server does: every reading method
        works, every write fails, and the file must exist and be at this dragoman's schema version."""
        self.path = os.fspath(path)
        self._conn: sqlite3.Connection | None = None
        if read_only and not os.path.isfile(self.path):
            raise StoreError(f"{self.path}: no such store")
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction is exactly one call.
            # check_same_thread=False: a web request may open the store on one worker thread and read on another.
            conn = (sqlite3.connect(Path(self.path).resolve().as_uri() + "?mode=ro", uri=True, timeout=timeout,
                                    isolation_level=None, check_same_thread=False) if read_only
                    else sqlite3.connect(self.path, timeout=timeout, isolation_level=None))
        except sqlite3.Error as e:
            raise StoreError(f"cannot open store {self.path}: {e}") from e
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if read_only:
                self.journal_mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
                if (version := self._check_version(conn)) != SCHEMA_VERSION:
                    raise StoreError(f"store {self.path} has schema version {version}, this dragoman reads version "
                                     f"{SCHEMA_VERSION}; open it once with dragoman ingest to upgrade it")
            else:
                conn.execute("PRAGMA foreign_keys = ON")
                self.journal_mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                self._migrate(conn)
        except sqlite3.Error as e:
            conn.close()
            raise StoreError(f"cannot open store {self.path}: {e}") from e
        except StoreError:
            conn.close()
            raise
        self._conn = conn

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.path!r})"

    def close(self) -> None:
        """Close the connection. Closing twice is harmless."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def version(self) -> int:
        """The schema version of the open file."""
        return self._read(lambda c: c.execute("PRAGMA user_version").fetchone()[0])

    # -- writing --------------------------------------------------------------------------------------------------

    def save(self, article: Article, events: Iterable[Event], removals: Iterable[Removal] = ()) -> int:
        """Store one article and its events in one transaction, replacing what was stored for it.

        Returns the number of events stored.
        """
        with self._transaction(f"save article {article.id}") as conn:
            return _write_article(conn, article, events, removals)

    def save_many(self, items: Iterable[Sequence[Any]]) -> int:
        """Store a batch of ``(article, events, removals)`` in one transaction. Returns the events stored."""
        with self._transaction("save batch") as conn:
            return sum(_write_article(conn, *_unpack(item)) for item in items)

    def record_failure(self, failure: Failure) -> None:
        """Remember an input that could not be read. One row per input and stage; the latest reason wins."""
        with self._transaction(f"record failure of {failure.input}") as conn:
            conn.execute(UPSERT_FAILURE, (failure.input, failure.reason, failure.stage, _now()))

    # -- reading --------------------------------------------------------------------------------------------------

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
        where, params = _event_filter(actor, source, target, since, until, root, plover, text, incident, dyad,
                                      min_confidence, country, bbox, place)
        sql = SELECT_EVENTS + where + ORDERS[order]
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else _limit(limit), _limit(offset)]
        rows = self._read(lambda c: c.execute(sql, params).fetchall())
        return [_with_incident(row) for row in rows]

    def count_events(self, actor: str | None = None, source: str | None = None, target: str | None = None,
                     since: str | Date | None = None, until: str | Date | None = None,
                     root: str | int | None = None, plover: str | None = None, text: str | None = None,
                     incident: int | None = None, dyad: tuple[str, str] | None = None,
                     min_confidence: float | None = None, country: str | None = None,
                     bbox: str | Sequence[float] | None = None, place: str | None = None) -> int:
        """How many events ``events`` would return with the same filters and no paging."""
        where, params = _event_filter(actor, source, target, since, until, root, plover, text, incident, dyad,
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
        where, params = _event_filter(actor, source, target, since, until, root, plover, text, incident, dyad,
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
            params.append(_limit(limit))
        names = ("id", "url", "title", "published", "outlet", "n_events", "duplicate_of", "republication")
        return [dict(zip(names, r)) for r in self._read(lambda c: c.execute(sql, params).fetchall())]

    def incidents(self, actor: str | None = None, source: str | None = None, target: str | None = None,
                  root: str | int | None = None, since: str | Date | None = None, until: str | Date | None = None,
                  limit: int | None = None, offset: int = 0, country: str | None = None,
                  bbox: str | Sequence[float] | None = None) -> list[dict[str, Any]]:
        """Incidents, most reported first: each with its dyad, root, dates, counts, when first reported and the
        country its events' locations are in. ``country`` and ``bbox`` filter as in ``events``: an incident is
        in a box when one of its reports is located there."""
        where, params = [], []
        if actor is not None:
            where.append("(source_key = ? OR target_key = ?)")
            params += [_key(actor), _key(actor)]
        for column, value in (("source_key", source), ("target_key", target)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(_key(value))
        if root is not None:
            where.append("root = ?")
            params.append(_root(root))
        if since is not None:
            where.append("date_last >= ?")
            params.append(_iso_date(since, "since"))
        if until is not None:
            where.append("date <= ?")
            params.append(_iso_date(until, "until"))
        if country is not None:
            where.append("country = ?")
            params.append(parse_country(country))
        if bbox is not None:
            inside, box = _in_bbox(parse_bbox(bbox))
            where.append(f"EXISTS (SELECT 1 FROM events e WHERE e.incident_id = incidents.id AND {inside})")
            params += box
        sql = (SELECT_INCIDENTS + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY n_mentions DESC, date IS NULL, date, id LIMIT ? OFFSET ?")
        params += [-1 if limit is None else _limit(limit), _limit(offset)]
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

    # -- plumbing -------------------------------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"store {self.path} is closed")
        return self._conn

    def _read(self, query: Any) -> Any:
        conn = self._connection()
        try:
            return query(conn)
        except sqlite3.Error as e:
            raise StoreError(f"cannot read store {self.path}: {e}") from e

    @contextmanager
    def _transaction(self, what: str) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed if the block finishes, rolled back if anything raises."""
        conn = self._connection()
        try:
            # IMMEDIATE takes the write lock up front, so a busy store waits here instead of failing mid-write.
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise StoreError(f"cannot {what} in {self.path}: {e}") from e
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(e, sqlite3.Error):
                raise StoreError(f"cannot {what} in {self.path}: {e}") from e
            raise

    def _migrate(self, conn: sqlite3.Connection) -> None:
        if self._check_version(conn) == SCHEMA_VERSION:
            return  # the common case takes no lock, so opening never waits for a busy writer
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the lock: another process may have migrated while we waited for it.
            version = self._check_version(conn)
            for number in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _statements(MIGRATIONS[number - 1]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except sqlite3.Error as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"cannot migrate store {self.path} to version {SCHEMA_VERSION}: {e}") from e
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _check_version(self, conn: sqlite3.Connection) -> int:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"store {self.path} has schema version {version}, newer than this dragoman "
                             f"understands ({SCHEMA_VERSION}); upgrade dragoman")
        return version


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into statements (``executescript`` would commit our transaction)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""
    if pending.strip():
        yield pending

def _write_article(conn: sqlite3.Connection, article: Article, events: Iterable[Event],
                   removals: Iterable[Removal | Mapping[str, Any]] = ()) -> int:
    """Replace one article and its events inside the caller's transaction, and place its events in incidents.
    Returns the events stored."""
    rows = _event_rows(article, events)
    row = _article_row(article, removals, len(rows))
    if _unchanged(conn, row, rows):
        # Nothing to do: skipping the write keeps coded_at too, so an identical re-save is invisible.
        return len(rows)
    now = _now()
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
        "removals": _json([_removal(r) for r in removals]), "n_events": n_events,
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
        "source_key": _key(event.source.key), "target_key": _key(event.target.key) if event.target else None,
        "cameo": event.cameo, "root": event.root, "quad_class": event.quad_class, "goldstein": event.goldstein,
        "plover_type": event.plover_type, "plover_mode": event.plover_mode, "trigger": event.trigger,
        "trigger_start": event.trigger_span[0], "trigger_end": event.trigger_span[1], "sentence": event.sentence,
        "sentence_index": event.sentence_index, "rule": event.rule, "confidence": event.confidence,
        "record": _json(record),
        **{f"location_{f}": (record["location"] or {}).get(f) for f in LOCATION_FIELDS},
    }


def _actor_rows(event: Event, event_id: str) -> list[dict[str, Any]]:
    sides = [("source", event.source), ("target", event.target)]
    return [{"event_id": event_id, "role": role, "text": a.text, "name": a.name, "country": a.country,
             "org": a.org, "sector": a.sector, "cameo": a.cameo, "span_start": a.span[0], "span_end": a.span[1]}
            for role, a in sides if a is not None]


def _event_filter(actor, source, target, since, until, root, plover, text, incident,
                  dyad=None, min_confidence=None, country=None, bbox=None, place=None) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if actor is not None:
        where.append("(e.source_key = ? OR e.target_key = ?)")
        params += [_key(actor), _key(actor)]
    if source is not None:
        where.append("e.source_key = ?")
        params.append(_key(source))
    if target is not None:
        where.append("e.target_key = ?")
        params.append(_key(target))
    first = _iso_date(since, "since") if since is not None else None
    last = _iso_date(until, "until") if until is not None else None
    if first and last and first > last:
        raise UsageError(f"since ({first}) is after until ({last})")
    if first:
        where.append("e.date >= ?")
        params.append(first)
    if last:
        where.append("e.date <= ?")
        params.append(last)
    if root is not None:
        where.append("e.root = ?")
        params.append(_root(root))
    if plover is not None:
        where.append("e.plover_type = ?")
        params.append(str(plover).strip().upper())
    if text is not None and str(text).strip():
        where.append("e.sentence LIKE ? ESCAPE '\\'")
        params.append("%" + re.sub(r"([%_\\])", r"\\\1", str(text).strip()) + "%")
    if incident is not None:
        where.append("e.incident_id = ?")
        params.append(incident)
    if min_confidence is not None:
        where.append("e.confidence >= ?")
        params.append(float(min_confidence))
    if dyad is not None:
        a, b = (_key(k) for k in dyad)
        where.append("((e.source_key = ? AND e.target_key = ?) OR (e.source_key = ? AND e.target_key = ?))")
        params += [a, b, b, a]
    if country is not None:
        where.append("e.location_country = ?")
        params.append(parse_country(country))
    if bbox is not None:
        inside, box = _in_bbox(parse_bbox(bbox))
        where.append(inside)
        params += box
    if place is not None:
        where.append(f"{PLACE_KEY} = ?")
        params.append(str(place).strip())
    return (" WHERE " + " AND ".join(where) if where else ""), params


def _with_incident(row: Sequence[Any]) -> dict[str, Any]:
    record = json.loads(row[0])
    record["incident"] = None if row[1] is None else {
        "id": row[1], "mentions": row[2], "sources": row[3], "articles": row[4], "first_seen": row[5]}
    return record


def _incident(row: Sequence[Any]) -> dict[str, Any]:
    names = ("id", "source", "target", "root", "cameo", "date", "date_last", "first_seen", "added_at", "mentions",
             "sources", "articles", "country")
    return dict(zip(names, row))


def _link_rows(event: Event, event_id: str) -> list[dict[str, Any]]:
    return [{"from_event": event_id, "to_event": link.to, "relation": link.relation, "cue": link.cue,
             "cue_start": link.cue_span[0], "cue_end": link.cue_span[1]} for link in event.links]


def _unpack(item: Sequence[Any]) -> tuple[Article, Iterable[Event], Iterable[Removal]]:
    if len(item) == 2:
        return item[0], item[1], ()
    if len(item) == 3:
        return item[0], item[1], item[2]
    raise UsageError(f"save_many takes (article, events, removals) items, got {len(item)} values")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _key(key: str | None) -> str | None:
    return key.strip().upper() if key is not None else None


def _iso_date(value: str | Date, name: str) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, Date):
        return value.isoformat()
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            return Date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise UsageError(f"{name} must be an ISO date like 2024-05-13, got {value!r}")


def _root(value: str | int) -> str:
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if text.isdigit() and len(text) <= 2 and 1 <= int(text) <= 20:
        return f"{int(text):02d}"
    raise UsageError(f"root must be a CAMEO root from 01 to 20 (such as '06' or '6'), got {value!r}")


def parse_country(value: str) -> str:
    """An ISO 3166 alpha-3 country code, upper-cased; UsageError for anything else."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if country_info(code) is None:
        raise UsageError(f"country must be an ISO 3166 alpha-3 code such as UKR, got {value!r}")
    return code


def parse_bbox(value: str | Sequence[float]) -> tuple[float, float, float, float]:
    """A bounding box ``(min_lon, min_lat, max_lon, max_lat)`` in degrees, from four numbers or ``"22,44,41,53"``.

    A box whose min_lon is east of its max_lon crosses the 180th meridian (``170,-20,-170,0`` holds Fiji), as in
    GeoJSON; UsageError for anything that is not such a box."""
    parts = value.split(",") if isinstance(value, str) else value
    try:
        numbers = [float(p) for p in parts]
    except (TypeError, ValueError):
        numbers = []
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise UsageError(f"bbox must be four numbers min_lon,min_lat,max_lon,max_lat such as 22,44,41,53, "
                         f"got {value!r}")
    min_lon, min_lat, max_lon, max_lat = numbers
    if not all(-180 <= lon <= 180 for lon in (min_lon, max_lon)):
        raise UsageError(f"bbox longitudes must be from -180 to 180, got {min_lon:g} and {max_lon:g}")
    if not all(-90 <= lat <= 90 for lat in (min_lat, max_lat)):
        raise UsageError(f"bbox latitudes must be from -90 to 90, got {min_lat:g} and {max_lat:g}")
    if min_lat > max_lat:
        raise UsageError(f"bbox min_lat ({min_lat:g}) is north of max_lat ({max_lat:g})")
    return min_lon, min_lat, max_lon, max_lat


def _in_bbox(box: tuple[float, float, float, float]) -> tuple[str, list[float]]:
    """The condition that an event (``e``) is located in ``box``, and its parameters."""
    min_lon, min_lat, max_lon, max_lat = box
    lon = "(e.location_lon >= ? OR e.location_lon <= ?)" if min_lon > max_lon else "e.location_lon BETWEEN ? AND ?"
    return f"e.location_lat BETWEEN ? AND ? AND {lon}", [min_lat, max_lat, min_lon, max_lon]


def _limit(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"limit must be a whole number of 0 or more, got {value!r}")
    return value
