"""Nominal events: an act named by a noun, "NATO's expulsion of eight diplomats", coded only where the noun names
both who did it (a possessor, "by ...", "his role in", or the subject of "announced the deployment of") and to whom.
"""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Token

from ..actors import DocActors
from ..model import Actor
from .arguments import target_actors
from .dyads import pairs, unique
from .matching import Match, matches, object_words
from .modality import nonfactual
from .patterns import PatternSet
from .syntax import conj, subject_tokens
from .words import LIGHT, SHARES


def acts(tok: Token, actors: DocActors, patterns: PatternSet) -> Iterator[tuple[Match, Actor, Actor | None, str]]:
    """The act noun's match, source and target pairs, and how its actor was found."""
    verb = patterns.nominal[tok.lower_]
    agents = [c for c in tok.children if c.dep_ == "poss"]
    agents += [o for p in tok.children if p.dep_ in ("prep", "agent") and p.lower_ == "by"
               for o in p.children if o.dep_ == "pobj"]
    how = "nominal"
    share = tok.head.head if tok.head.dep_ == "prep" and tok.head.lower_ in ("in", "for") else None
    if not agents and share is not None and share.lemma_.lower() in SHARES:  # "his role in the abduction of"
        agents, how = [c for c in share.children if c.dep_ == "poss"], f"nominal, '{share.text} in'"
    # "Nigeria announced the deployment of 230 troops to Liberia"
    if all(a.pos_ == "PRON" for a in agents) and light(tok, patterns):
        agents, how = subject_tokens(tok.head), f"nominal, object of '{tok.head.lemma_}'"
    sources = unique([a for t in agents for g in conj(t) for a in actors.actors_for(g) if a.key])
    if not sources:
        return
    patients = [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                for o in p.children if o.dep_ == "pobj" for g in conj(o)]
    others = [g for p in tok.children if p.dep_ == "prep" and p.lower_ in ("against", "on", "with", "to", "from")
              for o in p.children if o.dep_ == "pobj" for g in conj(o)]
    for p in patterns.for_verb(verb):
        if p.complement or p.transparent or p.content or p.particle or p.prep or p.subject or not p.code:
            continue
        obj = patients[0] if patients else None
        if p.object and (obj is None or not object_words(obj) & p.object):
            continue
        targets = unique([a for t in patients + others for a in target_actors(t, actors, sources) if a.key])
        if not targets:  # "the attack by Israeli troops" names no one attacked: a mention, not a report
            return
        m = Match(p, p.code, tok, obj)
        for source, target in pairs(sources, targets[:2], p.symmetric):
            yield m, source, target, how
        return


def light(tok: Token, patterns: PatternSet) -> bool:
    """An act noun as the object of a verb that only reports or carries it out ("announced the release of",
    "carried out the killing of"), where that verb is a real act and has no pattern of its own for it."""
    head = tok.head
    if tok.dep_ not in ("dobj", "nsubjpass") or head.lemma_.lower() not in LIGHT or nonfactual(head):
        return False
    if any(c.dep_ == "poss" and c.pos_ != "PRON" for c in tok.children):
        return False
    return not any(m.code for m in matches(head, patterns))
