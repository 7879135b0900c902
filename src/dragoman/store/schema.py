"""The store's tables, and the migrations that bring a file of any earlier version up to this one.

The schema is versioned with ``PRAGMA user_version``. ``MIGRATIONS[i]`` takes a store from version ``i`` to
``i + 1``; a later version adds tables by appending a script, never by editing one already released.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from dragoman.exceptions import StoreError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "check_current", "check_version", "migrate"]

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


def migrate(conn: sqlite3.Connection, path: str) -> None:
    """Bring the store open on ``conn`` up to ``SCHEMA_VERSION``, all in one transaction."""
    if check_version(conn, path) == SCHEMA_VERSION:
        return  # the common case takes no lock, so opening never waits for a busy writer
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read again under the lock: another process may have migrated while we waited for it.
        version = check_version(conn, path)
        for number in range(version + 1, SCHEMA_VERSION + 1):
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except sqlite3.Error as e:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise StoreError(f"cannot migrate store {path} to version {SCHEMA_VERSION}: {e}") from e
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def check_current(conn: sqlite3.Connection, path: str) -> None:
    """Raise StoreError unless the store is at this version: a read-only store cannot be migrated."""
    if (version := check_version(conn, path)) != SCHEMA_VERSION:
        raise StoreError(f"store {path} has schema version {version}, this dragoman reads version "
                         f"{SCHEMA_VERSION}; open it once with dragoman ingest to upgrade it")


def check_version(conn: sqlite3.Connection, path: str) -> int:
    """The store's schema version; StoreError when it is newer than this dragoman."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"store {path} has schema version {version}, newer than this dragoman "
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
