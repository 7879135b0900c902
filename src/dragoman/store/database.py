"""One store file open: created and migrated as needed, read, and written one transaction at a time.

The file is in WAL mode, so readers are never blocked while one writer ingests.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from dragoman.exceptions import StoreError
from dragoman.store import schema

__all__ = ["Database"]


class Database:
    """The connection to one store file and its error handling, which the writes and the queries share."""

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
                schema.check_current(conn, self.path)
            else:
                conn.execute("PRAGMA foreign_keys = ON")
                self.journal_mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                schema.migrate(conn, self.path)
        except sqlite3.Error as e:
            conn.close()
            raise StoreError(f"cannot open store {self.path}: {e}") from e
        except StoreError:
            conn.close()
            raise
        self._conn = conn

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r})"

    def close(self) -> None:
        """Close the connection. Closing twice is harmless."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @property
    def version(self) -> int:
        """The schema version of the open file."""
        return self._read(lambda c: c.execute("PRAGMA user_version").fetchone()[0])

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
