"""Reported speech: whether a verb is inside what someone said, who said it, and what a statement says."""

from __future__ import annotations

from spacy.tokens import Token

from ..actors import DocActors
from ..model import Actor
from .syntax import subject_tokens
from .words import JUDGEMENT_NOUNS, SPEECH


def reported(tok: Token) -> bool:
    """The verb is in a clause that a verb of saying reports: "said it would meet"."""
    t = tok
    while t.dep_ in ("ccomp", "conj", "xcomp") and t.head is not t:
        t = t.head
        if t.lemma_.lower() in SPEECH:
            return True
    return False


def speaker(verb: Token, actors: DocActors) -> Actor | None:
    """"Russia said it would ...": a pronoun subject inside reported speech is the speaker."""
    t = verb
    while t.dep_ in ("ccomp", "xcomp", "conj", "advcl", "acomp") and t.head is not t:
        t = t.head
        if t.lemma_.lower() in SPEECH:
            for s in subject_tokens(t):
                actor = actors.actor_for(s)
                if actor is not None:
                    return actor
    return None


def speaker_of_judgement(verb: Token, actors: DocActors) -> list[Actor]:
    """"said the law was unacceptable and urged Montenegro to ...": the speaker urged, not the law."""
    head = verb.head
    if verb.dep_ == "conj" and head.dep_ == "ccomp" and head.lemma_ == "be" and head.head.lemma_.lower() in SPEECH:
        return [a for t in subject_tokens(head.head) for a in actors.actors_for(t)]
    return []


def judgement(verb: Token) -> set[str]:
    """What a statement says: its reported clause, or what it calls its object ("called the blockade illegal",
    "described the expulsion as a provocation", "branded the decision a hostile act")."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is not None:
        return content_words(clause)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    said = [c for c in verb.children if c.dep_ == "oprd"]
    said += [g for o in objects for c in o.children if c.dep_ == "appos"
             or c.dep_ == "prep" and c.lower_ == "as" for g in ([c] if c.dep_ == "appos" else c.children)]
    said += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children]
    return {w for t in said for s in t.subtree for w in (s.lemma_.lower(), s.lower_)}


def content_words(clause: Token) -> set[str]:
    """The words of a reported clause, a negated one also as "not X"."""
    words: set[str] = set()
    tokens = list(clause.subtree)
    negated = {t.head.i for t in tokens if t.dep_ == "neg"}  # a subtree holds its tokens' children
    for t in tokens:
        # "illegal aliens" describes; "the move is illegal" and "the launch was a reckless breach" judge
        if t.dep_ == "amod" and t.head.pos_ == "NOUN" and not _predicate(t.head):
            continue
        lemma = t.lemma_.lower()
        if t.pos_ in ("VERB", "AUX") and lemma in JUDGEMENT_NOUNS:
            continue
        words.update((lemma, t.lower_))
        if t.i in negated:
            words.add(f"not {lemma}")
    return words


def _predicate(noun: Token) -> bool:
    """A noun said of the clause's subject: "was a reckless breach", "and a major threat"."""
    while noun.dep_ == "conj" and noun.head is not noun:
        noun = noun.head
    return noun.dep_ in ("attr", "oprd")
