"""The SQLite store: articles, their events and actors, and the inputs that failed.

``Store`` is the one class to use. Its parts, each one job: ``schema`` (the tables and their migrations),
``database`` (opening a file, reads, write transactions), ``writes`` (saving articles and failures), ``queries``
(reading events, places, articles and incidents back) and ``filters`` (what the queries' arguments mean).
"""

from __future__ import annotations

from dragoman.store.filters import parse_bbox, parse_country
from dragoman.store.queries import Queries
from dragoman.store.schema import MIGRATIONS, SCHEMA_VERSION
from dragoman.store.writes import Writes

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store", "parse_bbox", "parse_country"]


class Store(Writes, Queries):
    """A dragoman store in one SQLite file. ``Store(path)`` opens it, creating and migrating it as needed."""
