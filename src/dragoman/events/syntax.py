"""The dependency parse read as grammar: lists, passives, a verb's subject and patient, its prepositions.

These shapes are shared by every decision the coder makes; none of them looks at actors or patterns.
"""

from __future__ import annotations

from typing import Container, Iterable

from spacy.tokens import Token

from .words import CLAIMED, EPISTEMIC, GATHERINGS, GUILTY, MEANS, OBJECT_CONTROL, SPEECH, STATEMENTS, STATIVE


def conj(tok: Token) -> list[Token]:
    """A token and those coordinated with it: "the US, Russia and Switzerland"."""
    out = [tok]
    listed = any(c.dep_ == "conj" for c in tok.children)
    for c in tok.children:
        # "the US, Russia and Switzerland" is often parsed with an apposition as one member of the list
        if c.dep_ == "conj" or (c.dep_ == "appos" and tok.pos_ == c.pos_ == "PROPN"
                                and (listed or any(g.dep_ == "conj" for g in c.children))):
            out.extend(conj(c))
    return out


def split_noun(tok: Token) -> list[Token]:
    """A noun and the pieces of it the parser made siblings of the same role, "counter - proposal" read as three
    objects: the pieces first, left to right."""
    start = tok.i
    while start > tok.sent.start and tok.doc[start - 1].dep_ == tok.dep_ and tok.doc[start - 1].head.i == tok.head.i \
            and tok.doc[start - 1].head.i != start - 1 and (tok.doc[start - 1].is_punct or tok.doc[start].is_punct
                                                            or tok.doc[start - 1].whitespace_ == ""):
        start -= 1
    return [*tok.doc[start:tok.i], tok]


def have_participle(tok: Token) -> bool:
    """"have staged rallies", parsed with "have" as the verb and "staged" as an adjective of its object."""
    head = tok.head
    return (tok.dep_ == "amod" and tok.tag_ in ("VBN", "VBD", "JJ") and tok.lower_.endswith(("ed", "en"))
            and head.dep_ == "dobj" and head.head.lemma_.lower() == "have" and head.head.i < tok.i)


def regular_lemma(form: str, lexicon: Container[str]) -> str | None:
    """The lexicon verb a regular -ed, -ing or -s form is made from: "staged" -> "stage", "banned" -> "ban"."""
    candidates = []
    for suffix in ("ed", "ing", "es", "s", "d"):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            stem = form[: -len(suffix)]
            candidates += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                candidates.append(stem[:-1])
            if stem.endswith("i"):
                candidates.append(stem[:-1] + "y")
    return next((c for c in candidates if c in lexicon), None)


def is_passive(tok: Token) -> bool:
    if tok.lemma_.lower() in STATIVE and not any(c.dep_ == "agent" for c in tok.children):
        return False
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or headline_passive(tok)


def reduced_passive(tok: Token) -> bool:
    """A participle after its noun, "the priests kidnapped last week": the noun is what was done to."""
    return tok.tag_ == "VBN" and tok.dep_ == "acl" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)


def headline_passive(tok: Token) -> bool:
    """A headline's participle after its noun, "Egypt activist released in ...": the headline's act, whether
    the parser hangs the participle on the noun or makes the noun its subject."""
    if reduced_passive(tok):
        shape = tok.head.dep_ == "ROOT" and tok.head.pos_ in ("NOUN", "PROPN")
    else:
        shape = tok.tag_ == "VBN" and tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children) \
            and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)
    if not shape:  # the sentence is read only for a participle shaped like a headline's
        return False
    last = next((t for t in reversed(tok.sent) if not t.is_space), None)
    return last is not None and last.text not in (".", "!", "?", "\"", "'")  # a headline ends without a full stop


def headline_patient(tok: Token) -> list[Token]:
    if tok.dep_ == "acl":
        return conj(tok.head)
    return [g for c in tok.children if c.dep_ == "nsubj" for g in conj(c)]


def patients(verb: Token) -> list[Token]:
    """What a passive was done to: its subject, the noun of a reduced passive or of a headline's participle."""
    if reduced_passive(verb):  # "two priests kidnapped last week"
        return conj(verb.head)
    if headline_passive(verb):
        return headline_patient(verb)
    found = [g for c in verb.children if c.dep_ == "nsubjpass" for g in conj(c)]
    if not found and verb.dep_ == "conj" and is_passive(verb):  # "was flown to ... and was held"
        return patients(verb.head)
    return found


def subject_tokens(verb: Token, depth: int = 0) -> list[Token]:
    """Who does what the verb says: its subject or "by" agent, else the subject a controlling, coordinated or
    governing verb passes down."""
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl") and not any(c.dep_ in ("aux", "auxpass", "agent")
                                                                         for c in verb.children):
        return []  # "prisoners held in Evin": the noun is what the participle was done to
    headline = headline_passive(verb)  # "Activist released": the noun is not the doer
    for c in verb.children:  # the "by" agent first: "the woman assaulted by a driver", even parsed as its subject
        if c.dep_ == "agent":
            return [g for p in c.children if p.dep_ == "pobj" for g in conj(p)]
    for c in verb.children:
        if (c.dep_ in ("nsubj", "csubj") and not headline) or (c.dep_ == "nsubjpass" and not is_passive(verb)):
            return conj(c)
    if is_passive(verb):
        return []
    if depth > 3:
        return []
    head = verb.head
    if have_participle(verb):
        return subject_tokens(head.head, depth + 1)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.dep_ == "dobj" and head.lemma_.lower() in STATEMENTS:
        return subject_tokens(head.head, depth + 1)  # "issued a statement urging ...": the issuer
    if verb.dep_ == "xcomp":
        objs = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        if objs and head.lemma_.lower() in OBJECT_CONTROL:
            return conj(objs[0])
        patient = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        # "is scheduled to attend"; not "was urged to send", which asks for an act not done
        # nor "is expected to", "is said to": what others think will be done
        if patient is not None and is_passive(head) and head.lemma_.lower() not in OBJECT_CONTROL | SPEECH | CLAIMED \
                | EPISTEMIC:
            return conj(patient)
        return subject_tokens(head, depth + 1)
    if verb.dep_ in ("conj", "advcl", "acomp") and head is not verb:
        return subject_tokens(head, depth + 1)
    if verb.dep_ in ("relcl", "acl") and head.lemma_.lower() in GATHERINGS \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "were converging for a rally in Lagos to protest ...": those who gather protest
        gov = head.head.head if head.dep_ == "pobj" else head.head if head.dep_ == "dobj" else None
        if gov is not None and gov.pos_ in ("VERB", "AUX"):
            return subject_tokens(gov, depth + 1)
    if verb.dep_ == "relcl":
        return [head]
    # "police dispersed demonstrators protesting ...": what the clause's subject does is its own event
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.dep_ not in ("nsubj", "nsubjpass") \
            and not (head.dep_ == "pobj" and head.head.dep_ == "agent"):
        return [head]
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and head.dep_ == "prep":
        owner = head.head
        # "violated the truce by shelling ...", "left after meeting ...": the clause's own subject acts
        if head.lower_ in MEANS and owner.pos_ in ("VERB", "AUX"):
            subj = next((c for c in owner.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return conj(subj) if subj is not None else subject_tokens(owner, depth + 1)
        # "were guilty of violating the ceasefire"
        if owner.dep_ == "acomp" and owner.lemma_.lower() in GUILTY:
            return subject_tokens(owner.head, depth + 1)
    return []


def raised(tok: Token) -> list[Token]:
    """"wants Putin to attack", parsed as a clause with its own subject: Putin is the object of "wants"."""
    return [s for c in tok.children
            if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for s in c.children if s.dep_ == "nsubj"][:1]


def preps(tok: Token, words: Iterable[str]) -> list[Token]:
    """The verb's prepositions among ``words``; not one that only dates the act ("agreed a deal on Tuesday")."""
    words = set(words)
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "prt", "nsubjpass", "xcomp")]
    heads += [g for c in tok.children if c.dep_ == "dobj" for g in c.subtree if g.dep_ == "conj" and g.pos_ == "NOUN"]
    # "carried out a round of exercises with", "held a series of talks with"
    heads += [g for c in tok.children if c.dep_ == "dobj" for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
              for g in p.children if g.dep_ == "pobj"]
    return [c for h in heads for c in h.children if c.dep_ in ("prep", "agent") and c.lower_ in words
            and not _dating(c)]


def _dating(prep: Token) -> bool:
    objects = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(objects) and all(g.ent_type_ in ("DATE", "TIME") for g in objects)


def outcome(verb: Token) -> Token | None:
    """The participle clause telling what an act led to, "..., killing or wounding 50", found from either verb."""
    while verb.dep_ == "conj" and verb.head.tag_ == "VBG":
        verb = verb.head
    return verb if verb.dep_ == "advcl" and verb.tag_ == "VBG" else None
