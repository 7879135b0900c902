"""Which patterns a verb fits: its object, particle, prepositions, complement and what it says, against each of
the verb's patterns, most specific first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from spacy.tokens import Token

from .patterns import Pattern, PatternSet
from .speech import judgement
from .syntax import conj, have_participle, headline_passive, headline_patient, preps, raised
from .words import LOCATIVE, MONEY, QUANTITY, STOPPING

AIMED = {"on", "at", "upon", "against", "toward", "towards"}  # a preposition naming what an act is aimed at
SCORE = re.compile(r"(?<![\d-])\d{1,3}\s?[-–]\s?\d{1,3}(?![\d-])")


@dataclass(frozen=True)
class Match:
    pattern: Pattern
    code: str
    verb: Token
    obj: Token | None
    complement: "Match | None" = None
    plover: str | None = None  # the PLOVER type of an announced act, as the manual reduces it
    note: str = ""  # why the code is not the pattern's own, for the rule


def matches(tok: Token, patterns: PatternSet, depth: int = 0) -> Iterator[Match]:
    """Patterns whose syntactic constraints hold, most specific first, with their codes."""
    children = list(tok.children)
    objects = objects_of(tok)
    words = [object_words(o) for o in objects]  # read once, tried against every pattern
    # with a direct object, a noun after the verb's preposition is no object: "opened fire on a convoy"
    direct = any(c.dep_ in ("dobj", "obj") for c in children)
    sentence_words = None
    content: set[str] | None = None  # what the statement says, read once for every pattern that needs it
    lemma = tok.lemma_.lower()
    compound = hyphenated(tok)
    for p in [*(patterns.for_verb(f"{compound}-{lemma}") if compound else ()), *patterns.for_verb(lemma)]:
        if p.unless:
            if sentence_words is None:
                sentence_words = {t.lemma_.lower() for t in tok.sent} | {t.lower_ for t in tok.sent}
                if SCORE.search(tok.sent.text):
                    sentence_words.add("#score")
            if sentence_words & p.unless:
                continue
        # the parser often takes a particle after the object for an adverb: "drove the attackers back"
        if p.particle and not any((c.dep_ == "prt" or c.dep_ == "advmod" and c.i > tok.i) and c.lower_ == p.particle
                                  for c in children):
            continue
        if p.prep and not preps(tok, p.prep):
            continue
        obj = objects[0] if objects else None
        if not p.object and p.not_object and obj is not None and words[0] & p.not_object:
            continue  # "signed two laws" is no agreement
        if p.object:
            obj = next((o for o, w in zip(objects, words) if w & p.object and not w & p.not_object
                        and not (direct and not p.prep and _verb_prep(o, tok))), None)
            if obj is None:
                continue
        if p.content:
            if content is None:
                content = judgement(tok)
            if not content & p.content:
                continue
        if p.transparent:
            if any(c.dep_ == "xcomp" for c in children):
                yield Match(p, "", tok, obj)
            continue
        if not p.complement:
            if (p.code or "").startswith("014") and _judges(tok):
                continue  # "considers the territory to be disputed" is a view held, not an option weighed
            yield Match(p, p.code or "", tok, obj)
            continue
        comp = complement(tok, p.that)
        if comp is None:
            if p.alone and p.code and not p.words:
                yield Match(p, p.code, tok, obj)
            continue
        if (p.code or "").startswith("03") and any(c.dep_ == "neg" or c.lower_ == "never" for c in comp.children):
            continue  # "vowed never to give up its arsenal" is no pledge to cooperate, nor to give it up
        if p.words:
            if comp.lemma_.lower() in p.words:
                yield Match(p, p.code or "", tok, obj, Match(p, p.code or "", comp, None))
            continue
        inner = next(iter(matches(comp, patterns, depth + 1)), None) if depth < 3 else None
        if inner is not None and inner.code:
            code = p.code_for(inner.code)
            if code:
                yield Match(p, code, tok, obj, inner)
            continue
        # "agreed with the Senate that patients should ...": sharing a view, not a commitment
        if p.code and not (comp.dep_ == "ccomp" and preps(tok, ("with",))):
            yield Match(p, p.code, tok, obj)


def _judges(verb: Token) -> bool:
    """"considers X to be Y", "considers X a threat", "considers X as Y": what the subject thinks X is."""
    for c in verb.children:
        if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as"):
            return True
        if c.dep_ in ("xcomp", "ccomp") and (c.lemma_ == "be" or any(g.lemma_ == "be" for g in c.children
                                                                      if g.dep_ in ("aux", "auxpass", "cop"))):
            return True
        if c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
            return True  # "considers [that] the territory occupied"
        if c.dep_ == "dobj" and any(t.lemma_ == "be" and any(a.lower_ == "to" for a in t.children)
                                    for t in c.subtree):
            return True  # "considers the territory it took ... to be part of", the parser hanging "to be" low
    return False


def _verb_prep(obj: Token, verb: Token) -> bool:
    return obj.dep_ == "pobj" and obj.head.dep_ == "prep" and obj.head.head == verb and obj.head.lower_ in AIMED


def hyphenated(tok: Token) -> str | None:
    """The first word of a verb written with a hyphen, which the tokenizer splits: "test" in "test-fired"."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_ \
            and not doc[tok.i - 2].whitespace_ and doc[tok.i - 2].head.i == tok.i:
        return doc[tok.i - 2].lower_
    return None


def objects_of(tok: Token) -> list[Token]:
    """What a pattern's object can be: the direct object, the passive subject, a predicate noun ("taken hostage"),
    or the object of a preposition ("go on strike", "put on alert"); "tonnes of wheat" offers "wheat" too."""
    # coordinated objects count each: "air and artillery strikes"
    out = [g for c in tok.children if c.dep_ in ("dobj", "obj") for g in conj(c)] + raised(tok)
    if have_participle(tok):  # "have staged rallies": the noun the participle modifies is its object
        out.append(tok.head)
    if headline_passive(tok):  # "Activist released"
        out += headline_patient(tok)[:1]
    out += [c for c in tok.children if c.dep_ in ("nsubjpass", "oprd", "attr")]
    out += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    out += [g for c in tok.children if c.dep_ == "prt" for p in c.children if p.dep_ == "prep"
            for g in p.children if g.dep_ == "pobj"]
    for o in list(out):  # "tonnes of wheat", "a state of emergency", "50 million euros in budget support"
        if o.dep_ == "pobj" and o.head.lower_ in LOCATIVE and o.lemma_.lower() not in QUANTITY:
            continue  # not "at the start of a trip"
        if o.lemma_.lower() in STOPPING:
            continue  # "announced a suspension of aid" announces no aid
        of = ("of", "in") if o.lemma_.lower() in QUANTITY or o.pos_ == "NUM" or o.lemma_.lower() in MONEY else ("of",)
        out += [g for p in o.children if p.dep_ == "prep" and p.lower_ in of for g in p.children if g.dep_ == "pobj"]
    return out


def object_words(obj: Token) -> set[str]:
    """The object's lemma and form, and its compounds and modifiers alone and with it: "joint exercise"; and
    "@person" for a named person, "@actors" for a named country, organisation or group."""
    lemma = obj.lemma_.lower()
    words = {lemma, obj.lower_}
    if obj.dep_ in ("dobj", "obj", "nsubjpass"):
        words.add("@any")
    if obj.ent_type_ == "PERSON":
        words.add("@person")
    if obj.ent_type_ in ("GPE", "ORG", "NORP"):
        words.add("@actors")
    for c in obj.children:
        if c.dep_ in ("compound", "amod"):
            words.add(c.lower_)
            words.add(f"{c.lower_} {lemma}")
    return words


def complement(tok: Token, that: bool) -> Token | None:
    """The clause a control verb governs: "refused to meet", and with ``that`` "warned that it would cut"; also
    "threatened on Monday to secede", parsed as an adverbial clause, and "committed to opening"."""
    for dep in ("xcomp", "ccomp") if that else ("xcomp",):
        for c in tok.children:
            if c.dep_ == dep and c.pos_ in ("VERB", "AUX", "ADJ"):
                return c
    if (found := raised(tok)):
        return found[0].head
    objects = any(c.dep_ in ("dobj", "obj") for c in tok.children)  # "opened fire to disperse": a purpose
    for c in tok.rights:
        if c.dep_ == "advcl" and c.pos_ == "VERB" and not objects \
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            return c
        if c.dep_ == "prep" and c.lower_ == "to":
            return next((g for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"), None)
    return None
