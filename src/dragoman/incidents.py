"""Incidents: one real-world event, however many reports mention it.

Events of different articles with the same dyad and CAMEO root, dated within a few days of each other, are one
incident, unless their locations are in different countries: an incident keeps the country of its located events,
and an event located elsewhere starts another (an event with no location country joins as before). Each incident keeps how many events mention it, from how many articles and outlets, and when it was first
reported; the counts are brought up to date whenever an article is stored or stored again.

Two kinds of report add mentions, never incidents:

- a near-duplicate of a stored article (MinHash over word shingles): its events join the incidents of the article it
  copies, whatever dates its own relative expressions resolve to;
- a likely republication: an article whose events all match incidents first reported long before its publication
  date, with nothing recent for the same dyad and root in between. The article is flagged, with the reason.

Everything here runs inside the store's write transaction, so an article and its incidents change together.
"""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable
from urllib.parse import urlsplit

import numpy as np

from .dates import clamped_add_days

__all__ = ["Placement", "minhash", "shingles", "similarity", "place_events", "outlet"]

PERMUTATIONS = 64
BANDS = 16  # 16 bands of 4 rows: pairs above about 0.5 similarity share a band; the estimate then decides
ROWS = PERMUTATIONS // BANDS
SHINGLE = 5
NEAR_DUPLICATE = 0.8
WINDOW_DAYS = 3
REPUBLICATION_DAYS = 180  # a retelling: every act was first reported half a year or more before
COPY_DAYS = 7  # a copy published a week or more after the article it copies is republished, not syndicated

_PRIME = (1 << 31) - 1  # products of two numbers below it fit in 64 bits, so numpy can do the arithmetic
_rng = random.Random(20240523)  # fixed: signatures must compare across runs and machines
_A = np.array([_rng.randrange(1, _PRIME) for _ in range(PERMUTATIONS)], dtype=np.uint64)[:, None]
_B = np.array([_rng.randrange(0, _PRIME) for _ in range(PERMUTATIONS)], dtype=np.uint64)[:, None]
_WORD = re.compile(r"\w+")


def shingles(text: str) -> list[int]:
    """A text's word 5-shingles (lower-cased), each hashed to a number below 2**31 - 1, sorted."""
    words = _WORD.findall(text.lower())
    grams = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    return sorted({int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "big") % _PRIME
                   for g in grams})


def minhash(text: str) -> tuple[int, ...]:
    """The MinHash signature of a text's word 5-shingles (lower-cased)."""
    hashes = np.array(shingles(text), dtype=np.uint64)
    return tuple(int(x) for x in ((_A * hashes[None, :] + _B) % np.uint64(_PRIME)).min(axis=1))


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return sum(x == y for x, y in zip(a, b)) / len(a)


def bands(signature: tuple[int, ...]) -> list[tuple[int, str]]:
    return [(i, hashlib.blake2b(repr(signature[i * ROWS:(i + 1) * ROWS]).encode(), digest_size=8).hexdigest())
            for i in range(BANDS)]


def encode(signature: tuple[int, ...]) -> str:
    return ",".join(map(str, signature))


def decode(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(","))


def outlet(source: str | None, url: str | None, article_id: str) -> str:
    """Who published an article, for counting sources: the outlet's name, else the URL's host."""
    if source and source.strip():
        return source.strip().lower()
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return f"article:{article_id}"


@dataclass(frozen=True)
class Placement:
    """What storing one article did: which article it copies, and whether it is a likely republication."""

    duplicate_of: str | None
    republication: str | None  # the reason, when flagged


def place_events(conn: sqlite3.Connection, article: dict[str, Any], events: list[dict[str, Any]],
                 previous: Iterable[int] = (), window_days: int = WINDOW_DAYS,
                 republication_days: int = REPUBLICATION_DAYS) -> Placement:
    """Give each stored event of ``article`` its incident, and bring every touched incident's counts up to date.

    ``events`` are the rows just inserted; ``previous`` the incidents the article's former events belonged to.
    """
    signature = minhash(article["text"])
    conn.execute("DELETE FROM article_bands WHERE article_id = ?", (article["id"],))
    duplicate_of = _near_duplicate(conn, article["id"], signature)
    conn.executemany("INSERT OR IGNORE INTO article_bands (band, hash, article_id) VALUES (?, ?, ?)",
                     [(band, h, article["id"]) for band, h in bands(signature)])

    published = article.get("published")
    old = _old_matches(conn, events, published, republication_days) if published else {}
    republication = None
    if duplicate_of:
        copied = conn.execute("SELECT published FROM articles WHERE id = ?", (duplicate_of,)).fetchone()
        if copied and copied[0] and published and _days(copied[0], published) >= COPY_DAYS:
            republication = f"near-duplicate of article {duplicate_of} published {copied[0]}"
    pairs = {(e["source_key"], e["target_key"], e["root"]) for e in events}
    if not republication and len(pairs) >= 2 and all(e["event_id"] in old for e in events):
        first = min(old[e["event_id"]][1] for e in events)
        republication = (f"all {len(events)} events match incidents first reported by {first}, "
                         f"more than {republication_days} days before publication on {published}")

    touched = set(previous)
    for e in events:
        incident = None
        if duplicate_of:
            incident = _same_pair_in(conn, e, duplicate_of)
        if incident is None and republication and e["event_id"] in old:
            incident = old[e["event_id"]][0]
        if incident is None:
            incident = _within_window(conn, e, window_days)
        if incident is None:
            incident = conn.execute(
                "INSERT INTO incidents (source_key, target_key, root, cameo, date, date_last, first_seen, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (e["source_key"], e["target_key"], e["root"], e["cameo"], e["date"], e["date"],
                 published or article["added_at"][:10], article["added_at"])).lastrowid
        conn.execute("UPDATE events SET incident_id = ? WHERE event_id = ?", (incident, e["event_id"]))
        # At once, not in refresh: the article's next event must see the country this one gave the incident.
        conn.execute("UPDATE incidents SET country = coalesce(country, ?) WHERE id = ?",
                     (e.get("location_country"), incident))
        touched.add(incident)
    conn.execute("UPDATE articles SET duplicate_of = ?, republication = ?, minhash = ? WHERE id = ?",
                 (duplicate_of, republication, encode(signature), article["id"]))
    refresh(conn, touched)
    return Placement(duplicate_of, republication)


def refresh(conn: sqlite3.Connection, incidents: Iterable[int]) -> None:
    """Recount the given incidents from their events; an incident left with none is removed."""
    ids = sorted(set(incidents))
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        marks = ",".join("?" * len(chunk))
        conn.execute(REFRESH.format(marks=marks), chunk)
        conn.execute(f"DELETE FROM incidents WHERE id IN ({marks}) AND n_mentions = 0", chunk)


# Copies and republications add mentions but don't stretch the incident's dates.
REFRESH = """
UPDATE incidents SET (n_mentions, n_articles, n_sources, date, date_last, first_seen, country) = (
    SELECT count(*), count(DISTINCT e.article_id), count(DISTINCT a.outlet),
           coalesce(min(CASE WHEN a.republication IS NULL THEN e.date END), min(e.date), incidents.date),
           coalesce(max(CASE WHEN a.republication IS NULL THEN e.date END), max(e.date), incidents.date_last),
           coalesce(min(min(a.published), incidents.first_seen), min(a.published), incidents.first_seen),
           max(e.location_country)
    FROM events e JOIN articles a ON a.id = e.article_id WHERE e.incident_id = incidents.id)
WHERE id IN ({marks})
"""


def _near_duplicate(conn: sqlite3.Connection, article_id: str, signature: tuple[int, ...]) -> str | None:
    candidates: set[str] = set()
    for band, h in bands(signature):
        candidates.update(r[0] for r in conn.execute(
            "SELECT article_id FROM article_bands WHERE band = ? AND hash = ? AND article_id != ?",
            (band, h, article_id)))
    best: tuple[str, str] | None = None
    for other in candidates:
        row = conn.execute("SELECT minhash, published, duplicate_of FROM articles WHERE id = ?", (other,)).fetchone()
        if row and row[0] and similarity(signature, decode(row[0])) >= NEAR_DUPLICATE:
            original = row[2] or other  # a copy of a copy points at the first
            if original == article_id:  # our own copy, stored after us: we are the original, not its duplicate
                continue
            key = (row[1] or "9999", original)
            best = min(best, key) if best else key
    return best[1] if best else None


# An incident an event may join: no country known on one side, or the same on both.
SAME_COUNTRY = "(i.country IS NULL OR ? IS NULL OR i.country = ?)"


def _same_pair_in(conn: sqlite3.Connection, e: dict[str, Any], article_id: str) -> int | None:
    row = conn.execute(
        "SELECT e.incident_id FROM events e JOIN incidents i ON i.id = e.incident_id WHERE e.article_id = ?"
        f" AND e.source_key IS ? AND e.target_key IS ? AND e.root = ? AND {SAME_COUNTRY} ORDER BY e.date LIMIT 1",
        (article_id, e["source_key"], e["target_key"], e["root"], *_country(e))).fetchone()
    return row[0] if row else None


def _within_window(conn: sqlite3.Connection, e: dict[str, Any], window_days: int) -> int | None:
    if not e["date"]:
        return None
    day = date.fromisoformat(e["date"])
    low, high = clamped_add_days(day, -window_days).isoformat(), clamped_add_days(day, window_days).isoformat()
    row = conn.execute(
        # Anchored on the incident's first date, so the index reads a few days, however busy the dyad.
        "SELECT id FROM incidents i WHERE source_key IS ? AND target_key IS ? AND root = ? AND date <= ?"
        f" AND date >= ? AND {SAME_COUNTRY} ORDER BY abs(julianday(date) - julianday(?)) LIMIT 1",
        (e["source_key"], e["target_key"], e["root"], high, low, *_country(e), e["date"])).fetchone()
    return row[0] if row else None


def _old_matches(conn: sqlite3.Connection, events: list[dict[str, Any]], published: str,
                 republication_days: int) -> dict[str, tuple[int, str]]:
    """Events whose dyad and root were last reported long before ``published``: event id -> (incident, first)."""
    limit = clamped_add_days(date.fromisoformat(published[:10]), -republication_days).isoformat()
    found = {}
    for e in events:
        row = conn.execute(
            "SELECT id, first_seen FROM incidents i WHERE source_key IS ? AND target_key IS ? AND root = ?"
            f" AND {SAME_COUNTRY} ORDER BY first_seen DESC LIMIT 1",
            (e["source_key"], e["target_key"], e["root"], *_country(e))).fetchone()
        if row is None or row[1] > limit:  # nothing reported before, or something recent: not a retelling
            break  # one such event is enough to tell the article is news
        found[e["event_id"]] = row
    return found


def _country(e: dict[str, Any]) -> tuple[str | None, str | None]:
    """The parameters of SAME_COUNTRY for event row ``e``."""
    return e.get("location_country"), e.get("location_country")


def _days(earlier: str, later: str) -> int:
    return (date.fromisoformat(later[:10]) - date.fromisoformat(earlier[:10])).days
