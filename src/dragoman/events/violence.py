"""Violence: who attacked when the sentence names only victims or weapons, and which code the weapon gives.

"were killed in an Israeli air strike" names its attacker in the attack phrase; "a roadside bomb killed two
soldiers" names none, and someone unnamed did it; "killed in tank shelling" is fighting with artillery (194).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from spacy.tokens import Token

from ..actors import DocActors
from ..model import Actor
from .dyads import individual, unique
from .matching import Match, matches
from .ontology import lookup
from .patterns import PatternSet
from .syntax import is_passive, outcome, patients, reduced_passive
from .words import ACCIDENTS, DELIBERATE, INDEFINITE, MISHAPS, STRANGERS, WEAPONS

VIOLENT = {"18", "19", "20"}
# killing or wounding, which by a state's forces of armed foes is fighting (190); by guerrillas it stays 18, as in the
# CAMEO manual's own examples
KILLINGS = {"180", "182"}
ARMED = {"MIL", "REB", "PRM", "UAF"}
IRREGULAR = {"UAF", "CRM", "CVL"}  # no army or armed movement: a gunman opening fire is an assault (18), not war
UNNAMED = {"181", "186", "1822"}  # kidnapped, assassinated, tortured: by someone, whatever the sentence says
WEAPON_CODES = {"193", "194", "195"}
VEHICLES = {"truck", "lorry", "van", "car", "vehicle", "bus", "suv", "tractor"}  # fighting with a kind of weapon, which its victims fall to as well


def unknown(verb: Token, why: str) -> Actor:
    """An attacker no one names, at the verb."""
    return Actor(verb.text, "unknown", (verb.idx, verb.idx + len(verb.text)), sector="UNK", why=why)


def victims_attackers(verb: Token, actors: DocActors) -> list[Actor]:
    """For a verb whose subject suffered the act ("died in an air strike"): who the attack phrase names, else
    someone unnamed; no attack phrase, or an accident ("died in a gas explosion"), no one."""
    attack = _attack_phrase(verb)
    named = attack_actors(verb, actors, passive=False) if attack is not None else []
    if named or attack is None or attack.lemma_.lower() in ACCIDENTS:
        return named
    return [unknown(verb, "victims of an attack that names no attacker")]


def unnamed_attack(m: Match, patterns: PatternSet) -> bool:
    """Violence with no attacker named that someone did: a bomb as the subject, "someone", troops killed, or a
    kidnapping or assassination in the passive."""
    verb = m.verb
    return lookup(m.code).root in VIOLENT and (
        _unnamed_attacker(verb) or _indefinite_subject(verb)
        or fallen(verb, patterns.classes.get("forces", frozenset())) or (
            (m.code in UNNAMED or verb.lemma_.lower() in DELIBERATE) and (is_passive(verb) or reduced_passive(verb))
            and _no_agent_but_a_means(verb)))


def recode(m: Match, sources: list[Actor], patterns: PatternSet) -> Match:
    """The code the means of an act of violence give it: its weapon, the attack it is the outcome of, or
    fighting, for troops killed by an enemy no one names; but armed men of no force, criminals, civilians or a
    person of no office without military weapons assault (18), they do not wage war."""
    m = _means(m, sources, patterns)
    if m.code == "190" and sources and all(s.sector in IRREGULAR or (s.sector is None and individual(s))
                                           for s in sources) and "military means" not in m.note:
        note = f"{m.note}; " if m.note else ""
        return replace(m, code="180", note=f"{note}by armed men of no force: unconventional violence")
    return m


def _means(m: Match, sources: list[Actor], patterns: PatternSet) -> Match:
    if lookup(m.code).root == "18" and (means := _military_means(m.verb, patterns)):
        return replace(m, code=means[0], note=f"military means {means[1]!r}")
    if m.code == "190" and m.obj is not None and (means := weapon(m.obj, patterns)):  # "launched an air strike"
        return replace(m, code=means[0], note=f"military means {means[1]!r}")
    if lookup(m.code).root == "18" and (attack := _military_outcome(m.verb, patterns)):
        return replace(m, code=attack, note=f"done by the {m.verb.head.text!r} it follows")
    if lookup(m.code).root == "18" and all(s.sector == "UNK" for s in sources) \
            and fallen(m.verb, patterns.classes.get("forces", frozenset())):
        return replace(m, code="190", note="troops killed by an enemy no one names: fighting")
    return m


def fighting(m: Match, source: Actor, target: Actor | None) -> Match:
    """A state's forces killing armed foes are fighting them (190)."""
    if m.code in KILLINGS and source.sector == "MIL" and target is not None and target.sector in ARMED:
        return replace(m, code="190", note="a state's forces against armed foes: fighting")
    return m


def weapon(noun: Token, patterns: PatternSet) -> tuple[str, str] | None:
    """The weapon a noun names by its head ("tank shelling", "air strike"), not by a modifier ("anti-aircraft
    batteries", "suicide bombers")."""
    table = patterns.military_means
    lemma = noun.lemma_.lower()
    words = {lemma, noun.lower_} | {f"{c.lower_} {lemma}" for c in noun.children if c.dep_ in ("compound", "amod")}
    found = next((w for w in sorted(words) if w in table), None)
    return (table[found], found) if found else None


def _military_means(verb: Token, patterns: PatternSet) -> tuple[str, str] | None:
    """The code for violence done with a military weapon named after the verb ("killed in an air strike") or
    as its subject ("warplanes killed ...")."""
    for p in verb.children:
        if p.dep_ in ("prep", "agent") and p.lower_ in ("in", "by"):
            for o in p.children:
                if o.dep_ == "pobj" and (found := weapon(o, patterns)):
                    return found
    for c in verb.children:  # "helicopter gunships killed 46 civilians"
        if c.dep_ == "nsubj" and (found := weapon(c, patterns)):
            return found
    return None


def _military_outcome(verb: Token, patterns: PatternSet) -> str | None:
    """The code of the military attack a killing is the outcome of: "shelled the town, killing five" is
    194, "seized the base, killing ten" plain fighting (190)."""
    verb = outcome(verb)
    if verb is None or verb.head.lemma_.lower() not in patterns:
        return None
    m = next((m for m in matches(verb.head, patterns) if m.code), None)
    if m is None or lookup(m.code).root != "19":
        return None
    if m.code == "190" and m.obj is not None and (means := weapon(m.obj, patterns)):
        return means[0]
    return m.code if m.code in WEAPON_CODES else "190"


def attack_phrases(verb: Token, preps: tuple[str, ...] = ("in", "by", "during")) -> Iterator[Token]:
    """The attacks or weapons a verb's prepositions name: "in an air strike", "during shelling"."""
    for p in verb.children:
        if p.dep_ == "prep" and p.lower_ in preps:
            for o in p.children:
                if o.dep_ == "pobj" and (o.lemma_.lower() in WEAPONS or o.lower_ in WEAPONS):
                    yield o


def _attack_phrase(verb: Token) -> Token | None:
    """The first attack phrase, "from wounds" and "after an attack" included."""
    return next(attack_phrases(verb, ("in", "by", "during", "from", "after")), None)


def attack_actors(verb: Token, actors: DocActors, passive: bool = True) -> list[Actor]:
    """The actor named in an attack phrase of a passive ("were killed in Israeli tank shelling", "in an air
    strike by government forces"), or of a verb whose subject is the victim ("died in an Israeli air strike")."""
    if (passive and not is_passive(verb)) or any(c.dep_ == "agent" for c in verb.children):
        return []
    for o in attack_phrases(verb):
        found = [a for a in actors.actors_for(o) if a.key]
        by = [a for q in o.children if q.dep_ in ("prep", "agent") and q.lower_ == "by"
              for g in q.children if g.dep_ == "pobj" for a in actors.actors_for(g)]
        found += [a for a in by if a.key]
        if found:
            return unique(found)
        if any(a.sector for a in by):  # "in an air strike by government forces": placed later
            return [a for a in by if a.sector][:1]
    for p in verb.children:  # "rockets were fired from Gaza"
        if p.dep_ == "prep" and p.lower_ == "from" and verb.lemma_.lower() in ("fire", "launch", "lob", "shoot"):
            found = [a for o in p.children if o.dep_ == "pobj" for a in actors.actors_for(o) if a.country and not a.org]
            if found:
                return [replace(found[0], why=f"{found[0].why}; where the fire came from")]
    return []


def _unnamed_attacker(verb: Token) -> bool:
    """"Three civilians were killed in a bombing", "a roadside bomb killed two soldiers": someone did it, unnamed.
    Without an attack or weapon in the sentence, "were killed" or "were injured" may be an accident."""
    if verb.dep_ == "relcl":  # "the raid in which 20 people were killed" tells of an act, it does not report one
        return False
    if not any((t.lemma_.lower() in WEAPONS or t.lower_ in WEAPONS) and (t.pos_ in ("NOUN", "PROPN") or t == verb)
               for t in verb.sent):  # "killed when a car struck them" names no weapon
        return False
    agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    if is_passive(verb) and all(o.lemma_.lower() in WEAPONS for o in agents):  # "killed by a roadside bomb"
        return True
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in WEAPONS for c in verb.children)


def _no_agent_but_a_means(verb: Token) -> bool:
    """No one named after "by", or only the means ("mowed down by a truck")."""
    agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    return all(o.lemma_.lower() in WEAPONS or o.lemma_.lower() in VEHICLES for o in agents)


def fallen(verb: Token, forces: frozenset[str]) -> bool:
    """"Ten soldiers were killed in the east": troops killed are killed by an enemy, unless by a mishap."""
    if not (is_passive(verb) or reduced_passive(verb)) or any(c.dep_ == "agent" for c in verb.children):
        return False
    if reduced_passive(verb) and verb.head.dep_ in ("pobj", "dobj"):  # "paid respects to a soldier killed in ..."
        return False
    if any(t.lemma_.lower() in MISHAPS for t in verb.sent):
        return False
    return any(t.lemma_.lower() in forces for t in patients(verb))


def _indefinite_subject(verb: Token) -> bool:
    """"Someone planted a bomb", "information on who placed pipe bombs", "young men assaulted women": an attacker
    no one names."""
    return any(c.dep_ == "nsubj" and (c.lower_ in INDEFINITE or c.lemma_.lower() in STRANGERS)
               for c in verb.children) and verb.dep_ != "relcl"
