"""Modality and negation: whether a verb reports a real act, and how an act announced for the future is coded.

"Turkey did not expel the ambassador" is negated, "might impose sanctions" hypothetical, "failed to reach a deal"
not a real act: none is coded. "will impose sanctions" is announced, coded with the announced act's code; "will not
meet" is a refusal and "will cut supplies unless ..." a threat.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from .matching import Match
from .ontology import lookup
from .patterns import PatternSet
from .speech import reported
from .syntax import conj, have_participle
from .words import (ASKING, ASSEMBLING, CLAIMED, CONDITION, CONTROL_OK, DENIAL, MODAL, NONFACTUAL, PROTESTING,
                    READYING, REPORTED, SOUGHT)

STANCES = {"10", "12"}  # demanding and refusing: "still demands", "still refuses" state the stance again


def mood(tok: Token, matches: list[Match], patterns: PatternSet) -> tuple[list[Match], str | None]:
    """The matches as the verb's mood leaves them, and why the verb reports no real act, if it does not."""
    first_code = next((m.code for m in matches if m.code), None)
    # a threat or appeal with an "if" is still made; a comment ("would consider ... if") is not
    verbal = first_code is not None and lookup(first_code).quad_class in (1, 3) and lookup(first_code).root != "01"
    why_not = nonfactual(tok, verbal, stance=first_code is not None and lookup(first_code).root in STANCES)
    if why_not and why_not.startswith("conditional") and future(tok) and first_code and condition_on_other(tok):
        threat = prefixed(patterns.conditional, first_code)
        if threat:  # "will cut supplies unless ..." threatens
            matches = [replace(m, code=threat) for m in matches if m.code][:1]
            why_not = None
    if why_not == "negated" and future(tok) and first_code:
        refused = prefixed(patterns.refusal, first_code)
        if refused:  # "would not provide support" announces a refusal
            matches = [replace(m, code=refused) for m in matches if m.code][:1]
            why_not = None
    return matches, why_not


def announced(m: Match, patterns: PatternSet) -> Match:
    """An act announced for the future ("will provide aid") takes the announced code and PLOVER type."""
    if m.complement is None and future(m.verb) and not negated(m.verb):
        return replace(m, code=prefixed(patterns.future, m.code) or m.code,
                       plover=patterns.plover_future.get(lookup(m.code).plover_type))
    return m


def nonfactual(tok: Token, verbal: bool = False, stance: bool = False) -> str | None:
    """Why a verb does not report a real act: negated, modal, conditional, or under "fail to". A verbal act with
    an "if" clause ("warned of countermeasures if ...") is still made, so only material acts are conditional; a
    stance ("still refuses to lift the ban") is taken anew each time it is stated, so it is no mere ongoing state."""
    t = tok.head.head if have_participle(tok) else tok
    for _ in range(4):
        for c in t.children:
            if c.dep_ == "neg" or c.lower_ in ("never",):
                return "negated"
            if c.dep_ == "advmod" and c.lower_ in ("still", "continuously") and not stance:
                return f"an ongoing state ({c.text} ...), not a new act"
            if c.dep_ == "aux" and c.lower_ in MODAL:
                if c.lower_ == "would" and reported(t):
                    continue
                return f"hypothetical ({c.text})"
            if c.dep_ == "mark" and c.lower_ in CONDITION:
                return f"conditional ({c.text})"
            if c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "were") and t.dep_ == "advcl" \
                    and any(s.dep_ in ("nsubj", "nsubjpass") and s.i > c.i for s in t.children):
                return f"conditional ({c.text} ... inverted)"  # "Had Japan shot down the missile, ..."
            if c.dep_ == "advcl" and not verbal and any(g.dep_ == "mark" and g.lower_ in CONDITION for g in c.children):
                return "conditional (if ...)"
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in NONFACTUAL:
            return f"not a real act ({t.head.lemma_} to ...)"
        if t.dep_ in ("xcomp", "advcl") and t.head.lemma_.lower() in READYING \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):  # "massed troops to attack"
            return "a purpose, not an act (to ...)"
        if t.dep_ == "advcl" and t.head.pos_ == "VERB" and t.head.lemma_.lower() not in CONTROL_OK \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) \
                and not (t.head.lemma_.lower() in ASSEMBLING and t.lemma_.lower() in PROTESTING):
            return "a purpose, not an act (to ...)"
        if t.dep_ in ("xcomp", "ccomp", "pcomp", "dobj") and t.head.lemma_.lower() in DENIAL \
                and not (verbal and t.i < t.head.i and _statement_denied(t.head)):
            return f"denied, not asserted ({t.head.text} ...)"
        if t.dep_ == "ccomp" and t.i > t.head.i and (negated(t.head) or t.head.lemma_.lower() in ASKING):
            return f"not reported as done ({_words(t.head)} ...)"
        if t.dep_ == "ccomp" and t.i > t.head.i and interrogative(t) \
                and negated(t.head.head if t.head.pos_ == "ADJ" else t.head):
            return f"not reported as done ({_words(t.head)} {t.left_edge.text} ...)"
        if t.dep_ in ("acl", "ccomp", "relcl") and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in REPORTED:
            return f"reported, not asserted ({t.head.text} that ...)"
        if t.dep_ in ("acl", "ccomp") and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in SOUGHT \
                and any(c.dep_ in ("aux", "mark", "nsubj") for c in t.children):
            return f"sought, not done ({t.head.text} to ...)"
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in CLAIMED:
            return f"claimed or hoped, not asserted ({t.head.text} that ...)"
        if t.dep_ in ("xcomp", "conj") and t.head is not t:
            t = t.head
            continue
        if t.dep_ == "acl" and t.tag_ == "VBG":  # "unless rebels fighting ... agree": the clause of the noun
            clause = next((a for a in t.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if clause is not None:
                t = clause
                continue
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION for c in t.children):
            return "conditional"
        break
    return None


def _statement_denied(denial: Token) -> bool:
    """"accused Rwanda of arming them, a charge Kigali denies": the denial is of the charge, which was made."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in REPORTED for c in denial.children)


def interrogative(clause: Token) -> bool:
    """An embedded question: "how many soldiers were wounded", "who fired first"."""
    return clause.left_edge.tag_ in ("WDT", "WP", "WP$", "WRB")


def _words(verb: Token) -> str:
    return " ".join(t.text for t in sorted([verb, *(c for c in verb.children if c.dep_ in ("aux", "neg"))],
                                            key=lambda t: t.i))


def negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def future(tok: Token) -> bool:
    """"will provide", "is going to meet", and "would meet" in reported speech."""
    for c in tok.children:
        if c.dep_ == "aux" and (c.lower_ in ("will", "shall", "'ll") or (c.lower_ == "would" and reported(tok))):
            return True
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and tok.head.lower_ == "going"


def prefixed(table: tuple[tuple[str, str], ...], code: str) -> str | None:
    """The code a table gives for ``code``, by its first (longest) matching prefix."""
    for prefix, value in table:
        if code.startswith(prefix):
            return value
    return None


def condition_subjects(tok: Token) -> list[Token]:
    """Who must act for a condition to be met: "unless Israel rescinds ..." """
    return [g for c in tok.children if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION
                                                                 for m in c.children)
            for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for g in conj(s)]


def condition_on_other(tok: Token) -> bool:
    """"... unless Chisinau pays": the condition is something another party must do, which makes a threat;
    "if elected" names no one, and stays a hypothetical."""
    for c in tok.children:
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITION for g in c.children):
            return any(g.dep_ in ("nsubj", "nsubjpass") and g.lower_ not in ("i", "we") for g in c.children)
    return False
