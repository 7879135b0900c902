"""Analyses of a store: dyad series, top actors and dyads, and retaliation chains, as data, tables and plots.

- ``dyad_series``: for two actors, events by day, week or month, in both directions, counted by quad class
  (1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict) with Goldstein sums.
- ``top_actors`` and ``top_dyads``: who acts and is acted on most.
- ``chains``: retaliation chains along the ``responds_to`` links the text states. Each step is an incident when the
  event has one, so a chain stated in one article continues through reports of the same incidents in others.

Every function returns dataclasses; ``table`` turns any list of them into text, and ``plot_*`` write PNG or SVG.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from datetime import date as Date
from pathlib import Path
from typing import Any, Sequence

from .exceptions import UsageError
from .store import Store
from .store.filters import actor_key, parse_date, parse_limit

__all__ = ["Point", "ActorCount", "DyadCount", "Step", "Chain", "PERIODS", "dyad_series", "top_actors",
           "top_dyads", "chains", "table", "plot_dyad", "plot_top", "plot_chains"]

# SQLite expressions that turn an ISO date into the first day of its period (weeks start on Monday).
PERIODS = {
    "day": "date",
    "week": "date(date, '-' || ((CAST(strftime('%w', date) AS INTEGER) + 6) % 7) || ' days')",
    "month": "substr(date, 1, 7) || '-01'",
}


@dataclass(frozen=True)
class Point:
    period: str  # first day of the period
    source: str
    target: str
    events: int
    quad1: int  # verbal cooperation
    quad2: int  # material cooperation
    quad3: int  # verbal conflict
    quad4: int  # material conflict
    goldstein: float  # sum


@dataclass(frozen=True)
class ActorCount:
    actor: str
    events: int
    as_source: int
    as_target: int  # an act on itself counts on both sides, once in events
    goldstein: float  # sum over the events it took part in


@dataclass(frozen=True)
class DyadCount:
    source: str
    target: str
    events: int
    cooperation: int  # quad classes 1 and 2
    conflict: int  # quad classes 3 and 4
    goldstein: float


@dataclass(frozen=True)
class Step:
    event_id: str
    incident: int | None
    date: str | None
    source: str | None
    target: str | None
    cameo: str
    cameo_name: str
    trigger: str
    cue: str | None  # the words that link it to the step before


@dataclass(frozen=True)
class Chain:
    steps: tuple[Step, ...]  # the first act, then each answer to the one before

    @property
    def actors(self) -> list[str]:
        seen: list[str] = []
        for s in self.steps:
            for a in (s.source, s.target):
                if a and a not in seen:
                    seen.append(a)
        return seen


def dyad_series(store: Store, a: str, b: str, by: str = "day", since: str | None = None,
                until: str | None = None) -> list[Point]:
    """Events between ``a`` and ``b`` (actor keys), both directions, per period; undated events are left out."""
    if by not in PERIODS:
        raise UsageError(f"--by must be one of {', '.join(PERIODS)}, got {by!r}")
    a_key, b_key = actor_key(a), actor_key(b)
    if not a_key or not b_key:
        raise UsageError("a dyad needs two actor keys, such as RUS NATO")
    bounds, params = _bounds(since, until)
    # One indexed range per direction (events_dyad covers every column read here).
    one = (f"SELECT source_key, target_key, {PERIODS[by]} AS period, quad_class, goldstein FROM events"
           f" WHERE source_key = ? AND target_key = ? AND date IS NOT NULL{bounds}")
    both = one if a_key == b_key else f"{one} UNION ALL {one}"  # an actor with itself: one direction
    sql = (f"SELECT period, source_key, target_key, quad_class, count(*), total(goldstein)"
           f" FROM ({both}) GROUP BY period, source_key, target_key, quad_class")
    rows = store.query(sql, [a_key, b_key, *params] + ([] if a_key == b_key else [b_key, a_key, *params]))
    cells: dict[tuple[str, str, str], dict[str, Any]] = {}
    for period, source, target, quad, n, goldstein in rows:
        cell = cells.setdefault((period, source, target), {"events": 0, "quads": [0, 0, 0, 0], "goldstein": 0.0})
        cell["events"] += n
        if quad in (1, 2, 3, 4):
            cell["quads"][quad - 1] += n
        cell["goldstein"] += goldstein
    return [Point(period, source, target, c["events"], *c["quads"], round(c["goldstein"], 2))
            for (period, source, target), c in sorted(cells.items())]


def top_actors(store: Store, n: int = 10, since: str | None = None, until: str | None = None) -> list[ActorCount]:
    """The ``n`` actors in most events, as source or target."""
    where, params = _bounds(since, until)
    # An act of an actor on itself (a government on its own protesters) is one event, on both sides.
    sql = (f"SELECT actor, count(DISTINCT event_id) AS n, total(side = 's'), total(side = 't'),"
           f" total(CASE WHEN side = 's' OR source_key IS NOT target_key THEN goldstein END) FROM ("
           f" SELECT event_id, source_key, target_key, source_key AS actor, 's' AS side, goldstein FROM events"
           f" WHERE source_key IS NOT NULL{where}"
           f" UNION ALL SELECT event_id, source_key, target_key, target_key, 't', goldstein FROM events"
           f" WHERE target_key IS NOT NULL{where})"
           f" GROUP BY actor ORDER BY n DESC, actor LIMIT ?")
    rows = store.query(sql, [*params, *params, parse_limit(n)])
    return [ActorCount(actor, count, int(s), int(t), round(g, 2)) for actor, count, s, t, g in rows]


def top_dyads(store: Store, n: int = 10, since: str | None = None, until: str | None = None) -> list[DyadCount]:
    """The ``n`` directed dyads with most events."""
    where, params = _bounds(since, until)
    sql = (f"SELECT source_key, target_key, count(*), total(quad_class IN (1, 2)), total(quad_class IN (3, 4)),"
           f" total(goldstein) FROM events WHERE source_key IS NOT NULL AND target_key IS NOT NULL{where}"
           f" GROUP BY source_key, target_key ORDER BY count(*) DESC, source_key, target_key LIMIT ?")
    rows = store.query(sql, [*params, parse_limit(n)])
    return [DyadCount(s, t, count, int(coop), int(conf), round(g, 2)) for s, t, count, coop, conf, g in rows]


def chains(store: Store, actor: str | None = None, min_steps: int = 2) -> list[Chain]:
    """Retaliation chains: each starts with an act that answers nothing stated and follows the answers to it.

    ``actor`` keeps the chains it takes part in. A branching chain gives one chain per branch.
    """
    rows = store.query(
        "SELECT l.from_event, l.to_event, l.cue FROM links l WHERE l.relation = 'responds_to'"
        " ORDER BY l.from_event, l.to_event")
    if not rows:
        return []
    ids = {r[0] for r in rows} | {r[1] for r in rows}
    info = _steps(store, ids)
    # Work on incidents where there are any, so answers to other reports of the same act join one chain.
    node = {eid: (f"i{s.incident}" if s.incident is not None else f"e{eid}") for eid, s in info.items()}
    answers: dict[str, list[tuple[str, str]]] = defaultdict(list)
    answering: set[str] = set()
    for responder, answered, cue in rows:
        if responder in node and answered in node and node[responder] != node[answered]:
            if (node[responder], cue) not in answers[node[answered]]:
                answers[node[answered]].append((node[responder], cue))
                answering.add(node[responder])
    first_event = {}
    for eid in sorted(info, key=lambda e: (info[e].date or "9999", e)):
        first_event.setdefault(node[eid], eid)
    found: list[Chain] = []

    def walk(at: str, path: list[Step], seen: set[str]) -> None:
        nexts = [(n, cue) for n, cue in answers.get(at, []) if n not in seen]
        if not nexts:
            if len(path) >= min_steps:
                found.append(Chain(tuple(path)))
            return
        for n, cue in sorted(nexts, key=lambda x: (info[first_event[x[0]]].date or "9999", x[0])):
            step = info[first_event[n]]
            walk(n, path + [Step(**{**asdict(step), "cue": cue})], seen | {n})

    for start in sorted(set(answers) - answering, key=lambda n: (info[first_event[n]].date or "9999", n)):
        walk(start, [info[first_event[start]]], {start})
    if actor is not None:
        key = actor_key(actor)
        found = [c for c in found if key in c.actors]
    return found


def table(rows: Sequence[Any]) -> str:
    """Dataclass rows as aligned text columns (chains: one block per chain)."""
    if not rows:
        return "(nothing)\n"
    if isinstance(rows[0], Chain):
        out = []
        for i, chain in enumerate(rows, 1):
            out.append(f"chain {i}: {' / '.join(chain.actors)}")
            for s in chain.steps:
                how = f"  ({s.cue})" if s.cue else ""
                out.append(f"  {s.date or '----------'}  {s.source or '-':>6} -> {s.target or '-':<6} "
                           f"{s.cameo:<4} {s.cameo_name}: \"{s.trigger}\"{how}")
        return "\n".join(out) + "\n"
    names = [f.name for f in fields(rows[0])]
    cells = [[("" if v is None else str(v)) for v in (getattr(r, n) for n in names)] for r in rows]
    widths = [max(len(n), *(len(c[i]) for c in cells)) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def plot_dyad(points: Sequence[Point], a: str, b: str, path: str | Path, by: str = "day") -> Path:
    """Goldstein sums per period in both directions, over counts of conflict and cooperation, on a time axis."""
    plt = _pyplot()
    a_key, b_key = actor_key(a), actor_key(b)
    keys = sorted({p.period for p in points})
    periods = [Date.fromisoformat(k) for k in keys]
    width = {"day": 0.8, "week": 5.6, "month": 24}.get(by, 0.8)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    for (s, t), colour in (((a_key, b_key), "#1f5fa8"), ((b_key, a_key), "#c2462e")):
        side = {p.period: p for p in points if p.source == s and p.target == t}
        top.plot(periods, [side[k].goldstein if k in side else 0 for k in keys], marker="o", color=colour,
                 label=f"{s} → {t}")
    top.axhline(0, color="#888", linewidth=0.8)
    top.set_ylabel("Goldstein sum")
    top.set_title(f"{a_key} and {b_key}")
    top.legend()
    coop = [sum(p.quad1 + p.quad2 for p in points if p.period == k) for k in keys]
    conf = [sum(p.quad3 + p.quad4 for p in points if p.period == k) for k in keys]
    bottom.bar(periods, coop, width=width, color="#3c9a5f", label="cooperation")
    bottom.bar(periods, [-c for c in conf], width=width, color="#c2462e", label="conflict")
    bottom.axhline(0, color="#888", linewidth=0.8)
    bottom.set_ylabel(f"events per {by}")
    bottom.legend()
    bottom.tick_params(axis="x", rotation=45)
    return _save(fig, path)


def plot_top(actors: Sequence[ActorCount], dyads: Sequence[DyadCount], path: str | Path) -> Path:
    """Bars of the top actors (left) and the top dyads split into cooperation and conflict (right)."""
    plt = _pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, max(3, 0.4 * max(len(actors), len(dyads), 1) + 1.2)))
    left.barh([r.actor for r in actors][::-1], [r.events for r in actors][::-1], color="#1f5fa8")
    left.set_title("Top actors")
    left.set_xlabel("events")
    labels = [f"{r.source} → {r.target}" for r in dyads][::-1]
    coop = [r.cooperation for r in dyads][::-1]
    right.barh(labels, coop, color="#3c9a5f", label="cooperation")
    right.barh(labels, [r.conflict for r in dyads][::-1], left=coop, color="#c2462e", label="conflict")
    right.set_title("Top dyads")
    right.set_xlabel("events")
    right.legend()
    return _save(fig, path)


def plot_chains(found: Sequence[Chain], path: str | Path) -> Path:
    """Each chain as a row of its steps in order, labelled with who did what to whom."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(10, max(2.5, 1.2 * len(found) + 1)))
    for row, chain in enumerate(found):
        y = len(found) - row
        xs = list(range(len(chain.steps)))
        ax.plot(xs, [y] * len(xs), color="#888", zorder=1)
        for x, s in zip(xs, chain.steps):
            colour = "#c2462e" if s.cameo[:2] >= "10" else "#3c9a5f"
            ax.scatter([x], [y], s=120, color=colour, zorder=2)
            ax.annotate(f"{s.source}→{s.target} {s.cameo}\n{s.date or ''}", (x, y), textcoords="offset points",
                        xytext=(0, 10), ha="center", fontsize=8)
    ax.set_yticks([len(found) - i for i in range(len(found))], [f"chain {i + 1}" for i in range(len(found))])
    ax.set_xlabel("step (each answers the one before)")
    ax.set_title("Retaliation chains")
    ax.margins(x=0.15, y=0.3)
    return _save(fig, path)


def _steps(store: Store, ids: set[str]) -> dict[str, Step]:
    found = {}
    marks = ",".join("?" * len(ids))
    for eid, incident, date, source, target, cameo, record in store.query(
            f"SELECT event_id, incident_id, date, source_key, target_key, cameo, record FROM events"
            f" WHERE event_id IN ({marks})", sorted(ids)):
        r = json.loads(record)
        found[eid] = Step(eid, incident, date, source, target, cameo, r.get("cameo_name", ""),
                          (r.get("trigger") or {}).get("text", ""), None)
    return found


def _bounds(since: str | None, until: str | None) -> tuple[str, list[str]]:
    where, params = "", []
    if since is not None:
        where += " AND date >= ?"
        params.append(parse_date(since, "since"))
    if until is not None:
        where += " AND date <= ?"
        params.append(parse_date(until, "until"))
    return where, params


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only: no screen is needed
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"{path}: plots are written as .png or .svg")
    fig.tight_layout()
    try:
        fig.savefig(path)
    except OSError as e:
        raise UsageError(f"{path}: cannot write the plot: {e.strerror or e}") from e
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return path
