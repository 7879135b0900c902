"""Dyads: the pairs of source and target one act makes, each actor once and none against itself."""

from __future__ import annotations

from typing import Iterator

from ..model import Actor


def unique(actors: list[Actor]) -> list[Actor]:
    seen: set[str | None] = set()
    out = []
    for a in actors:
        k = a.key or a.name
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out


def same(a: Actor, b: Actor) -> bool:
    """One actor twice; two bare roles are the same only by name ("the police" and "protesters" are not)."""
    return a.cameo == b.cameo if (a.key or b.key) else a.name == b.name


def same_side(actor: Actor, sources: list[Actor], own: bool) -> bool:
    """A target that is the source itself. Within one country, two different sectors are two actors
    (police and protesters), unless the phrase is the source's own ("its diplomats")."""
    for s in sources:
        if actor.key and actor.key == s.key:
            if own or not (actor.sector and s.sector) or actor.sector == s.sector:
                return True
    return False


def pairs(sources: list[Actor], targets: list[Actor], symmetric: bool) -> Iterator[tuple[Actor, Actor | None]]:
    """One event per actor pair; acts done together ("X and Y signed") code both directions."""
    seen: set[tuple] = set()

    def emit(s: Actor, t: Actor | None):
        key = (s.key or s.name, (t.key or t.name) if t else None)
        if key in seen or (t is not None and same(s, t) and not t.why.startswith("domestic act")):
            return None
        seen.add(key)
        return s, t

    if not targets and symmetric and len(sources) > 1:
        for s in sources:
            for t in sources:
                if s is not t and (p := emit(s, t)):
                    yield p
        return
    for s in sources:
        if not targets:
            if p := emit(s, None):
                yield p
        for t in targets:
            if p := emit(s, t):
                yield p
