"""The store's incident rule (``incidents.py``) over a whole corpus at once, one dyad and root at a time.

The store places an article's events when the article arrives, so what it decides depends on what came before.
A corpus has no arrival order; it is taken as the order of publication (undated articles last), then article id,
and each article's events in the order the coder gave them. Stored in that order, a store makes the same incidents.

Every step of the rule looks only at events of the same source, target and root, so each such group is placed on
its own (``place_group``), in memory, with no SQL. One thing crosses groups: an article is a likely republication
when *all* its events match old incidents, in whichever groups they are. ``place_group`` therefore takes each
article's republication flag as given and reports, per event, whether it matched an old incident; the caller
derives the flags from that and places again until they no longer change.

Pure Python and no Spark: the Spark job calls it in its executors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

from dragoman.incidents import REPUBLICATION_DAYS, WINDOW_DAYS
from dragoman.model import stable_id

LATE = "9999-12-31"  # sorts after every date: an undated article, or the day a store would stamp on it


def order_key(published: str | None, article_id: str) -> tuple[bool, str, str]:
    """Where an article comes in a corpus."""
    return (published is None, published or "", article_id)


@dataclass
class Incident:
    id: str  # stable: made from the event that started it
    number: int  # creation order, for ties the store breaks by row id
    source_key: str | None
    target_key: str | None
    root: str
    cameo: str
    date: str | None
    date_last: str | None
    first_seen: str
    country: str | None
    events: list[dict[str, Any]] = field(default_factory=list)


def place_group(events: Iterable[dict[str, Any]], window_days: int = WINDOW_DAYS,
                republication_days: int = REPUBLICATION_DAYS) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Place the events of one (source, target, root) group; returns ``(placed, incidents)``.

    Each event is a dict with ``event_id``, ``article_id``, ``index`` (its place among its article's events),
    ``published``, ``date``, ``cameo``, ``root``, ``source_key``, ``target_key``, ``location_country``, ``outlet``,
    and the article's ``duplicate_of``, ``republication`` (flag) and ``old_break`` (the index of the article's
    first event that matched no old incident). ``placed`` has per event its ``incident_id`` and ``old`` (whether
    it matched an old incident when its article arrived); ``incidents`` the incidents with their counts.
    """
    ordered = sorted(events, key=lambda e: (*order_key(e["published"], e["article_id"]), e["index"]))
    incidents: list[Incident] = []
    by_article: dict[str, list[tuple[dict[str, Any], Incident]]] = {}
    placed: list[dict[str, Any]] = []
    start = 0
    while start < len(ordered):
        end = start
        while end < len(ordered) and ordered[end]["article_id"] == ordered[start]["article_id"]:
            end += 1
        batch, start = ordered[start:end], end
        first = batch[0]
        published = first["published"]
        old: dict[str, Incident | None] = {}
        if published:
            limit = (date.fromisoformat(published) - timedelta(days=republication_days)).isoformat()
            for e in batch:
                latest = max((i for i in incidents if _compatible(i, e)), default=None,
                             key=lambda i: (i.first_seen, i.number))
                old[e["event_id"]] = latest if latest is not None and latest.first_seen <= limit else None
        touched: list[Incident] = []
        for e in batch:
            incident = None
            if first["duplicate_of"]:
                incident = _same_pair_in(by_article.get(first["duplicate_of"], []), e)
            if incident is None and first["republication"] and e["index"] < first["old_break"]:
                incident = old.get(e["event_id"])
            if incident is None:
                incident = _within_window(incidents, e, window_days)
            if incident is None:
                incident = Incident(stable_id("incident", e["event_id"]), len(incidents), e["source_key"],
                                    e["target_key"], e["root"], e["cameo"], e["date"], e["date"],
                                    published or LATE, None)
                incidents.append(incident)
            incident.country = incident.country or e["location_country"]
            incident.events.append(e)
            by_article.setdefault(e["article_id"], []).append((e, incident))
            touched.append(incident)
            matched = old.get(e["event_id"])
            placed.append({"event_id": e["event_id"], "article_id": e["article_id"], "index": e["index"],
                           "incident_id": incident.id, "old": matched is not None,
                           "old_first_seen": matched.first_seen if matched else None})
        for incident in touched:
            _refresh(incident)
    return placed, [_row(i) for i in incidents]


def duplicates_of(pairs: Iterable[tuple[str, str]], articles: dict[str, str | None]) -> dict[str, str]:
    """Which article each near-duplicate copies, as the store decides it when articles arrive in corpus order.

    ``pairs`` are the article pairs whose estimated similarity reaches the threshold, either way round;
    ``articles`` maps the ids in them to their publication dates. A copy points at the earliest-published of the
    earlier articles it matches, and a copy of a copy at the first.
    """
    earlier: dict[str, set[str]] = {}
    for a, b in pairs:
        if a == b:
            continue
        ka, kb = order_key(articles[a], a), order_key(articles[b], b)
        later, first = (a, b) if ka > kb else (b, a)
        earlier.setdefault(later, set()).add(first)
    found: dict[str, str] = {}
    for x in sorted(earlier, key=lambda a: order_key(articles[a], a)):
        keys = [(articles[y] or "9999", found.get(y, y)) for y in earlier[x]]
        found[x] = min(keys)[1]
    return found


def _compatible(incident: Incident, e: dict[str, Any]) -> bool:
    country = e["location_country"]
    return incident.country is None or country is None or incident.country == country


def _same_pair_in(copied: list[tuple[dict[str, Any], Incident]], e: dict[str, Any]) -> Incident | None:
    found = [(c["date"] is not None, c["date"] or "", c["index"], i) for c, i in copied if _compatible(i, e)]
    return min(found, key=lambda x: x[:3])[3] if found else None


def _within_window(incidents: list[Incident], e: dict[str, Any], window_days: int) -> Incident | None:
    if not e["date"]:
        return None
    day = date.fromisoformat(e["date"])
    best = None
    for i in incidents:
        if i.date is None or not _compatible(i, e):
            continue
        gap = abs((date.fromisoformat(i.date) - day).days)
        if gap <= window_days and (best is None or (gap, i.date, i.number) < best[0]):
            best = ((gap, i.date, i.number), i)
    return best[1] if best else None


def _refresh(incident: Incident) -> None:
    """The store's REFRESH: copies and republications add mentions but don't stretch the dates."""
    events = incident.events
    news = [e["date"] for e in events if not e["republication"] and e["date"]]
    every = [e["date"] for e in events if e["date"]]
    incident.date = min(news) if news else min(every) if every else incident.date
    incident.date_last = max(news) if news else max(every) if every else incident.date_last
    published = [e["published"] for e in events if e["published"]]
    if published:
        incident.first_seen = min(incident.first_seen, min(published))
    countries = [e["location_country"] for e in events if e["location_country"]]
    incident.country = max(countries) if countries else incident.country


def _row(i: Incident) -> dict[str, Any]:
    return {"id": i.id, "source_key": i.source_key, "target_key": i.target_key, "root": i.root, "cameo": i.cameo,
            "date": i.date, "date_last": i.date_last, "first_seen": None if i.first_seen == LATE else i.first_seen,
            "n_mentions": len(i.events), "n_articles": len({e["article_id"] for e in i.events}),
            "n_sources": len({e["outlet"] for e in i.events}), "country": i.country}
