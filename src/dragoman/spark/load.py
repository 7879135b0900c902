"""Loading the Spark job's output into a store, with the job's incidents, for the API and dashboard.

Read with pyarrow; pyspark is not needed. Articles and events are written as ``Store.save`` writes them (an article
loaded again replaces its events); incidents are the job's, given new row ids.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dragoman import incidents as incidents_
from dragoman.exceptions import StoreError
from dragoman.store import Store
from dragoman.store.writes import (DELETE_EVENTS, INSERT_ACTOR, INSERT_EVENT, INSERT_LINK, LOCATION_FIELDS,
                                   PREVIOUS_INCIDENTS, UPSERT_ARTICLE, utc_now)

SUMMARY = "_summary.json"


def is_output(path: str | Path) -> bool:
    """Whether ``path`` is a directory the Spark job wrote."""
    p = Path(path)
    return (p / SUMMARY).is_file() and (p / "events").is_dir() and (p / "articles").is_dir()


def load(path: str | Path, store: Store) -> tuple[int, int]:
    """Load the job's output at ``path`` into ``store`` in one transaction; returns (articles, events)."""
    import pyarrow.dataset as ds

    p = Path(path)
    try:
        articles = ds.dataset(p / "articles", format="parquet").to_table().to_pylist()
        events = ds.dataset(p / "events", format="parquet", partitioning="hive").to_table(
            columns=["event_id", "article_id", "incident_id", "record"]).to_pylist()
        found = ds.dataset(p / "incidents", format="parquet").to_table().to_pylist()
    except (OSError, ValueError) as e:
        raise StoreError(f"{path}: cannot read the Spark output ({e})") from e
    by_article: dict[str, list[dict[str, Any]]] = {}
    for e in sorted(events, key=lambda e: e["event_id"]):
        by_article.setdefault(e["article_id"], []).append(e)
    now = utc_now()
    with store._transaction(f"load {path}") as conn:
        previous: set[int] = set()
        for a in articles:
            previous.update(r[0] for r in conn.execute(PREVIOUS_INCIDENTS, (a["id"],)))
            conn.execute(UPSERT_ARTICLE, {**{k: a.get(k) for k in (
                "id", "url", "title", "published", "published_source", "source", "language", "format", "origin",
                "text", "removals", "n_events")}, "coded_at": now})
            conn.execute("UPDATE articles SET outlet = ?, minhash = ?, duplicate_of = ?, republication = ?"
                         " WHERE id = ?", (a["outlet"], incidents_.encode(tuple(a["minhash"])), a["duplicate_of"],
                                           a["republication"], a["id"]))
            conn.execute(DELETE_EVENTS, (a["id"],))
            conn.execute("DELETE FROM article_bands WHERE article_id = ?", (a["id"],))
            conn.executemany("INSERT OR IGNORE INTO article_bands (band, hash, article_id) VALUES (?, ?, ?)",
                             [(band, h, a["id"]) for band, h in incidents_.bands(tuple(a["minhash"]))])
        ids = {}
        for i in found:
            ids[i["id"]] = conn.execute(
                "INSERT INTO incidents (source_key, target_key, root, cameo, date, date_last, first_seen, added_at,"
                " n_mentions, n_articles, n_sources, country) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (i["source_key"], i["target_key"], i["root"], i["cameo"], i["date"], i["date_last"],
                 i["first_seen"], now, i["n_mentions"], i["n_articles"], i["n_sources"], i["country"])).lastrowid
        for rows in by_article.values():
            for e in rows:
                record = json.loads(e["record"])
                conn.execute(INSERT_EVENT, _event_row(record, e["record"]))
                conn.executemany(INSERT_ACTOR, _actor_rows(record))
                conn.executemany(INSERT_LINK, [
                    {"from_event": record["event_id"], "to_event": k["event_id"], "relation": k["relation"],
                     "cue": k["cue"], "cue_start": k["span"][0], "cue_end": k["span"][1]}
                    for k in record.get("links") or []])
                conn.execute("UPDATE events SET incident_id = ? WHERE event_id = ?",
                             (ids.get(e["incident_id"]), record["event_id"]))
        incidents_.refresh(conn, previous)  # incidents left with none of their events are removed
    return len(articles), len(events)


def _key(actor: dict[str, Any] | None) -> str | None:
    if not actor:
        return None
    key = actor.get("org") or actor.get("country")
    return key.strip().upper() if key else None


def _event_row(record: dict[str, Any], text: str) -> dict[str, Any]:
    trigger, plover, location = record["trigger"], record["plover"] or {}, record.get("location") or {}
    return {
        "event_id": record["event_id"], "article_id": record["article_id"], "date": record["date"],
        "date_precision": record["date_precision"], "date_source": record["date_source"],
        "source_key": _key(record["source"]), "target_key": _key(record["target"]), "cameo": record["cameo"],
        "root": record["root"], "quad_class": record["quad_class"], "goldstein": record["goldstein"],
        "plover_type": plover.get("event_type"), "plover_mode": plover.get("mode"), "trigger": trigger["text"],
        "trigger_start": trigger["span"][0], "trigger_end": trigger["span"][1], "sentence": record["sentence"],
        "sentence_index": record["sentence_index"], "rule": record["rule"], "confidence": record["confidence"],
        "record": text, **{f"location_{f}": location.get(f) for f in LOCATION_FIELDS},
    }


def _actor_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"event_id": record["event_id"], "role": role, "text": a["text"], "name": a["name"],
             "country": a["country"], "org": a["org"], "sector": a["sector"], "cameo": a["cameo"],
             "span_start": a["span"][0], "span_end": a["span"][1]}
            for role in ("source", "target") if (a := record.get(role))]
