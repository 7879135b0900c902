"""The SQLite store: articles, their events and actors, and the inputs that failed.

One file in WAL mode, so readers are never blocked while one writer ingests. Saving is transactional per call
(``save``) or per batch (``save_many``) and idempotent per article: saving an article again replaces its events,
and saving the very same content again writes nothing at all.

The schema is versioned with ``PRAGMA user_version``. ``MIGRATIONS[i]`` takes a store from version ``i`` to
``i + 1``; a later version adds tables by appending a script, never by editing one already released.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date as Date
from datetime import datetime, timezone
from typing import Any

from dragoman.exceptions import StoreError, UsageError
from dragoman.model import Article, Event, Failure, Removal

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store"]

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

MIGRATIONS: tuple[str, ...] = (MIGRATION_1,)
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
                    sentence, sentence_index, rule, confidence, record)
VALUES (:event_id, :article_id, :date, :date_precision, :date_source, :source_key, :target_key, :cameo, :root,
        :quad_class, :goldstein, :plover_type, :plover_mode, :trigger, :trigger_start, :trigger_end,
        :sentence, :sentence_index, :rule, :confidence, :record)
"""

INSERT_ACTOR = """
INSERT INTO actors (event_id, role, text, name, country, org, sector, cameo, span_start, span_end)
VALUES (:event_id, :role, :text, :name, :country, :org, :sector, :cameo, :span_start, :span_end)
"""

UPSERT_FAILURE = """
INSERT INTO failures (input, reason, stage, seen_at) VALUES (?, ?, ?, ?)
ON CONFLICT(input, stage) DO UPDATE SET reason = excluded.reason, seen_at = excluded.seen_at
"""

SELECT_EVENTS = "SELECT record FROM events"
# Undated events sort last rather than first (SQLite puts NULL first); event_id makes the order total.
ORDER_EVENTS = " ORDER BY date IS NULL, date, article_id, sentence_index, trigger_start, event_id"

COUNTS = """
SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), (SELECT count(*) FROM failures)
"""

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Store:
    """A dragoman store in one SQLite file. ``Store(path)`` opens it, creating and migrating it as needed."""

    def __init__(self, path: str | os.PathLike[str], timeout: float = 5.0):
        """Open or create the store at ``path``; ``timeout`` is how long (seconds) to wait for a busy lock."""
        self.path = os.fspath(path)
        self._conn: sqlite3.Connection | None = None
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction is exactly one call.
            conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open store {self.path}: {e}") from e
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
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
               limit: int | None = None) -> list[dict[str, Any]]:
        """Stored event records (DESIGN.md's contract), by date, then article, then sentence.

        ``actor`` matches either side, ``source``/``target`` one side, by actor key (org, else ISO alpha-3
        country; case-insensitive). ``since``/``until`` are inclusive ISO dates. ``root`` is a CAMEO root, "6" or
        "06". Events without a date are left out when ``since`` or ``until`` is given.
        """
        where: list[str] = []
        params: list[Any] = []
        if actor is not None:
            where.append("(source_key = ? OR target_key = ?)")
            params += [_key(actor), _key(actor)]
        if source is not None:
            where.append("source_key = ?")
            params.append(_key(source))
        if target is not None:
            where.append("target_key = ?")
            params.append(_key(target))
        first = _iso_date(since, "since") if since is not None else None
        last = _iso_date(until, "until") if until is not None else None
        if first and last and first > last:
            raise UsageError(f"since ({first}) is after until ({last})")
        if first:
            where.append("date >= ?")
            params.append(first)
        if last:
            where.append("date <= ?")
            params.append(last)
        if root is not None:
            where.append("root = ?")
            params.append(_root(root))
        sql = SELECT_EVENTS + (" WHERE " + " AND ".join(where) if where else "") + ORDER_EVENTS
        if limit is not None:
            sql += " LIMIT ?"
            params.append(_limit(limit))
        rows = self._read(lambda c: c.execute(sql, params).fetchall())
        return [json.loads(record) for (record,) in rows]

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
    """Replace one article and its events inside the caller's transaction. Returns the events stored."""
    rows = _event_rows(article, events)
    row = _article_row(article, removals, len(rows))
    if _unchanged(conn, row, rows):
        # Nothing to do: skipping the write keeps coded_at too, so an identical re-save is invisible.
        return len(rows)
    conn.execute(UPSERT_ARTICLE, {**row, "coded_at": _now()})
    conn.execute(DELETE_EVENTS, (article.id,))  # actors go with their events (ON DELETE CASCADE)
    for event_row, actor_rows in rows:
        conn.execute(INSERT_EVENT, event_row)
        conn.executemany(INSERT_ACTOR, actor_rows)
    return len(rows)


def _unchanged(conn: sqlite3.Connection, row: dict[str, Any],
               rows: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> bool:
    stored = conn.execute(SELECT_ARTICLE, (row["id"],)).fetchone()
    if stored is None or stored != tuple(row[c] for c in ARTICLE_COLUMNS):
        return False
    records = sorted(r for (r,) in conn.execute(SELECT_ARTICLE_RECORDS, (row["id"],)))
    return records == sorted(event_row["record"] for event_row, _ in rows)


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


def _event_rows(article: Article, events: Iterable[Event]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The events and actors rows for one article, one entry per distinct event_id (the first one wins)."""
    rows: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for event in events:
        if event.article_id != article.id:
            raise StoreError(f"event {event.event_id} belongs to article {event.article_id}, "
                             f"not to {article.id}")
        record = event.to_dict()
        # Same id means same article, trigger, dyad and code: the coder's duplicate, stored once.
        if record["event_id"] in rows:
            continue
        rows[record["event_id"]] = (_event_row(event, record), _actor_rows(event, record["event_id"]))
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
    }


def _actor_rows(event: Event, event_id: str) -> list[dict[str, Any]]:
    sides = [("source", event.source), ("target", event.target)]
    return [{"event_id": event_id, "role": role, "text": a.text, "name": a.name, "country": a.country,
             "org": a.org, "sector": a.sector, "cameo": a.cameo, "span_start": a.span[0], "span_end": a.span[1]}
            for role, a in sides if a is not None]


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


def _limit(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"limit must be a whole number of 0 or more, got {value!r}")
    return value
