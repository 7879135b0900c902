"""Background: acts the text tells of as a habit or as history, not as news.

Three readings. A verb whose tense and adverbs make it a habit or a long-running state ("militants regularly attack
convoys", "has long accused", "have repeatedly condemned", "have attacked posts for years") is not coded; an event
the text dates long before publication ("fought a war between 1998 and 2000") is dropped once dated; and an act the
text ties to an event of an earlier year ("were detained after the disputed 2023 election"), or a perfect whose
subject began years ago ("the insurgency, which began in 2009, has killed ..."), is history.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from ..dates import clamped_add_days
from ..model import Event
from .decision import Decision
from .words import HABITUAL, LASTING, SPANS

PERFECT = {"has", "have", "had", "'ve", "'d"}
DEEDS = {2, 4}  # quad classes of material acts
LEDE = 2  # sentences that may tell news in the present
AFTER = {"after", "following", "since", "during", "before", "until"}  # an act placed by another event


def habitual(verb: Token) -> str | None:
    """Why a verb tells of a habit or of history, not of a new act, if it does. Only a present or a perfect
    counts: "repeatedly shelled the town on Tuesday" is news."""
    chain = _chain(verb)
    clause = chain[-1]
    adverbs = [c for t in chain for c in t.children if c.dep_ == "advmod"]
    perfect = _perfect(clause)
    if perfect is not None:
        cue = next((a for a in adverbs if a.lower_ in HABITUAL | LASTING), None)
        if cue is not None:
            return f"background ({perfect.text} {cue.text} ...), not a new act"
        span = next((o for t in (verb, clause) for p in t.children if p.dep_ == "prep"
                     and p.lower_ in ("for", "over", "throughout", "in") for o in p.children
                     if o.dep_ == "pobj" and _stretch(o)), None)
        if span is not None:
            phrase = span.doc[span.head.i:span.right_edge.i + 1].text
            return f"background ({perfect.text} ... {phrase}), not a new act"
        return None
    present = clause.tag_ in ("VBP", "VBZ") and not any(c.dep_ in ("aux", "auxpass") for c in clause.children)
    cue = next((a for a in adverbs if a.lower_ in HABITUAL), None)
    if present and cue is not None:
        return f"habitual ({cue.text} ...), not a new act"
    return None


def history(verb: Token, published: str | None) -> str | None:
    """Why a verb tells of history, by a year before publication: in a phrase that places the act after or during
    an earlier event ("detained after the disputed 2023 election", "since 2014"), or, for a perfect, in its subject
    ("the insurgency, which began in 2009, has killed ..."): a running toll, not a new act. A date of its own
    ("on Monday") makes the act news."""
    if not published or not published[:4].isdigit():
        return None
    year = int(published[:4])
    clause = _chain(verb)[-1]
    heads = {verb, clause}
    placed = [c for t in heads for c in t.children
              if (c.dep_ == "prep" and c.lower_ in AFTER)
              or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in AFTER for m in c.children))]
    own = [c for t in heads for c in t.children if c not in placed and c.dep_ in ("npadvmod", "prep", "advmod")
           and any(g.ent_type_ in ("DATE", "TIME") and _old(g, year) is None for g in c.subtree)]
    if own:
        return None
    for p in placed:
        old = next((o for o in p.subtree if _old(o, year)), None)
        if old is not None and old.head != p:  # a bare year ("since 2014") is left to the date
            phrase = p.doc[p.i:p.right_edge.i + 1].text
            return f"history ({phrase}: {old.text}, before publication), not a new act"
    if (perfect := _perfect(clause)) is not None:
        subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        old = next((o for o in subject.subtree if _old(o, year)), None) if subject is not None else None
        if old is not None:
            return (f"background ({subject.text} of {old.text} {perfect.text} {clause.text}: a running toll), "
                    "not a new act")
    return None


def _old(tok: Token, year: int) -> bool | None:
    """True for a year before ``year`` ("2009"), False for a later one, None for anything else."""
    if len(tok.text) == 4 and tok.text.isdigit() and 1900 <= int(tok.text) <= 2100:
        return int(tok.text) < year
    return None


def standing(verb: Token, quad_class: int, index: int, lede: int = LEDE) -> str | None:
    """A deed told in the simple present after the lede is a standing state or a habit ("the United States
    stations 28,500 troops in South Korea", "China supplies most of its oil"), not news; titles and ledes tell
    news in the present, and words ("condemns", "urges") are said now."""
    if index < lede or quad_class not in DEEDS:
        return None
    clause = verb
    while clause.dep_ == "conj" and not _own_clause(clause):
        clause = clause.head
    if clause.tag_ in ("VBP", "VBZ") and not any(c.dep_ in ("aux", "auxpass") for c in clause.children):
        return f"a standing state ({verb.text}, in the present after the lede), not a new act"
    return None


def _stretch(noun: Token) -> bool:
    """"years", "the past two decades", "recent months": a stretch of time behind the present; not a term
    ("jailed for two years")."""
    if noun.lemma_.lower() not in SPANS:
        return False
    behind = any(c.dep_ == "amod" and c.lower_ in ("past", "last", "recent") for c in noun.children)
    return behind or not any(c.dep_ in ("nummod", "det") for c in noun.children)


def _chain(verb: Token) -> list[Token]:
    """The verb and the verbs it hangs on up to its own clause's: through "to ..." and coordinated verbs that have
    no subject or date of their own."""
    chain = [verb]
    while chain[-1].dep_ == "xcomp" or (chain[-1].dep_ == "conj" and not _own_clause(chain[-1])):
        chain.append(chain[-1].head)
    return chain


def _perfect(clause: Token) -> Token | None:
    return next((c for c in clause.children if c.dep_ == "aux" and c.lower_ in PERFECT), None)


def _own_clause(verb: Token) -> bool:
    """A coordinated verb with its own subject, auxiliary or date tells of its own time: "has long accused Kyiv
    and on Monday expelled two diplomats"."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") or c.ent_type_ in ("DATE", "TIME")
               or any(g.ent_type_ in ("DATE", "TIME") for g in c.children) for c in verb.children)


def split_background(events: list[Event], published: str | None, days: int) -> tuple[list[Event], list[Decision]]:
    """Acts the text dates long before publication ("fought a war between 1998 and 2000") are history: the events
    to keep, and a decision for each one dropped."""
    if not published:
        return events, []
    limit = clamped_add_days(date.fromisoformat(published[:10]), -days).isoformat()
    keep, dropped = [], []
    for e in events:
        if e.date.date and e.date.from_text and e.date.date < limit:
            dropped.append(Decision(e.sentence_index, e.trigger, e.rule.split()[0],
                                    f"background: dated {e.date.date} by {e.date.source!r}, long before publication"))
        else:
            keep.append(e)
    return keep, dropped
