"""Dyads: the pairs of source and target one act makes, each actor once and none against itself."""

from __future__ import annotations

from typing import Iterator

from ..model import Actor

INDIVIDUAL = ("person", "title ")  # how a person's actor explains itself
GROUP = "groups.yaml: group '"  # how a named non-state group (a party, a union) explains itself


def unique(actors: list[Actor]) -> list[Actor]:
    seen: set = set()
    out = []
    for a in actors:
        k = (a.key, a.name) if individual(a) else a.key or a.name
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out


def individual(actor: Actor) -> bool:
    """A person the text names or refers to, rather than a state or body."""
    return any(w in actor.why for w in INDIVIDUAL)


def two_people(a: Actor, b: Actor) -> bool:
    """Two persons of one country and office are two actors: domestic politics is between them; so are a person
    and a named party or group of that country ("the minister welcomed Likud's call")."""
    if a.name == b.name:
        return False
    return (individual(a) or GROUP in a.why) and (individual(b) or GROUP in b.why) and (individual(a) or individual(b))


def same(a: Actor, b: Actor) -> bool:
    """One actor twice; two bare roles are the same only by name ("the police" and "protesters" are not)."""
    if a.key or b.key:
        return a.cameo == b.cameo and not two_people(a, b) and not _group_and_others(a, b)
    return a.name == b.name


def _group_and_others(a: Actor, b: Actor) -> bool:
    """A named party or group and others of its country and sector ("Israeli politicians" and Likud)."""
    return (GROUP in a.why) != (GROUP in b.why) and a.name != b.name and bool(a.sector) and a.sector == b.sector


def same_side(actor: Actor, sources: list[Actor], own: bool) -> bool:
    """A target that is the source itself. Within one country, two different sectors are two actors
    (police and protesters), unless the phrase is the source's own ("its diplomats")."""
    for s in sources:
        if not own and _group_and_others(actor, s):
            continue  # "Israeli politicians oppose a Likud resolution": a named party is not the politicians
        if actor.key and actor.key == s.key and (own or not two_people(actor, s)):
            if own or actor.sector == s.sector or not (actor.sector and s.sector) and not _person_and_body(actor, s):
                return True
    return False


def _person_and_body(a: Actor, b: Actor) -> bool:
    """A named person with no office and a body of the same country ("Trump criticised the FBI"): two actors."""
    return (individual(a) and not a.sector and bool(b.sector)) or (individual(b) and not b.sector and bool(a.sector))


def pairs(sources: list[Actor], targets: list[Actor], symmetric: bool) -> Iterator[tuple[Actor, Actor | None]]:
    """One event per actor pair; acts done together ("X and Y signed") code both directions."""
    seen: set[tuple] = set()

    def emit(s: Actor, t: Actor | None):
        key = (s.key or s.name, (t.key or t.name) if t else None)
        if key in seen or (t is not None and same(s, t) and not t.why.startswith("domestic act")):
            return None
        if t is not None and t.why.startswith("domestic act") and s.country and t.country != s.country:
            return None  # "Britain and France vowed inquiries": each at home
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
