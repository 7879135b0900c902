"""The event coder: verb patterns over the dependency parse.

For each verb with a pattern, the coder finds the source (the subject, the passive agent, or the subject a
controlling verb passes down), the target (where the pattern says), and the CAMEO code. A verb that is negated or
hypothetical is not coded. Every verb it looks at gets a ``Decision``, so ``explain`` can say why an event was or
was not coded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from spacy.tokens import Span, Token

from ..actors import DocActors
from ..model import Actor, Event
from .ontology import lookup
from .patterns import Pattern, PatternSet

SPEECH = {"say", "tell", "announce", "state", "add", "declare", "report", "write", "insist", "claim", "confirm",
          "stress", "note", "explain", "reiterate", "indicate", "signal", "tweet", "post", "reply", "respond",
          "assert", "argue", "predict", "believe", "think", "expect", "hope", "warn", "vow", "pledge", "promise"}
MODAL = {"might", "may", "could", "would", "should", "can", "must", "ought"}
CONDITION = {"if", "unless", "whether"}
NONFACTUAL = {"fail", "avoid", "consider", "mull", "weigh", "debate", "hesitate", "contemplate", "propose", "suggest",
              "refrain", "cease"}
SUBJECT_PRONOUNS = {"it", "they", "we", "i", "its"}
OBJECT_CONTROL = {"urge", "ask", "order", "force", "invite", "persuade", "encourage", "allow", "tell", "call",
                  "press", "request", "compel", "pressure", "push", "instruct", "permit", "help"}


@dataclass(frozen=True)
class Decision:
    """What the coder made of one verb: coded, or the reason it was not."""

    sentence_index: int
    trigger: str
    pattern: str | None
    outcome: str  # "coded", or why not: "negated", "hypothetical", "no source actor", ...
    detail: str = ""


@dataclass(frozen=True)
class _Match:
    pattern: Pattern
    code: str
    verb: Token
    obj: Token | None
    complement: "_Match | None" = None


class Coder:
    def __init__(self, patterns: PatternSet):
        self.patterns = patterns

    def code(self, sentences: Iterable[Span], actors: DocActors, article_id: str) -> tuple[list[Event], list[Decision]]:
        events: list[Event] = []
        decisions: list[Decision] = []
        for index, sent in enumerate(sentences):
            for ev, dec in self.code_sentence(sent, index, actors, article_id):
                decisions.append(dec)
                if ev is not None:
                    events.append(ev)
        return events, decisions

    def code_sentence(self, sent: Span, index: int, actors: DocActors,
                      article_id: str) -> Iterator[tuple[Event | None, Decision]]:
        consumed: set[int] = set()
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") or tok.i in consumed or tok.lemma_.lower() not in self.patterns:
                continue
            for ev, dec in self._code_verb(tok, sent, index, actors, article_id, consumed):
                yield ev, dec

    # -- one verb ----------------------------------------------------------------------------------------------

    def _code_verb(self, tok: Token, sent: Span, index: int, actors: DocActors, article_id: str,
                   consumed: set[int]) -> Iterator[tuple[Event | None, Decision]]:
        def decision(outcome: str, pattern: str | None = None, detail: str = "") -> Decision:
            return Decision(index, tok.text, pattern, outcome, detail)

        matches = sorted(self._matches(tok), key=lambda m: m.complement is None)  # "refuse to meet" before "refuse"
        if not matches:
            yield None, decision("no pattern matched its arguments")
            return
        if any(m.pattern.transparent for m in matches) and not any(m.code for m in matches):
            yield None, decision("passes through to its complement", matches[0].pattern.id)
            return
        why_not = _nonfactual(tok)
        if why_not:
            yield None, decision(why_not, matches[0].pattern.id)
            return
        last = "no source actor"
        for m in matches:
            if not m.code:
                continue
            sources = self._sources(m, actors)
            if not sources:
                last = "no source actor"
                continue
            if m.pattern.subject and not any(s.sector in m.pattern.subject for s in sources):
                last = f"source sector not in {sorted(m.pattern.subject)}"
                continue
            if m.complement is not None:
                consumed.add(m.complement.verb.i)
            targets = self._targets(m, actors, sources)
            n = 0
            for source, target in _pairs(sources, targets, m.pattern.symmetric):
                yield self._event(m, source, target, sent, index, article_id), decision("coded", m.pattern.id)
                n += 1
            if n:
                return
            last = "source and target are the same actor"
        yield None, decision(last, matches[0].pattern.id)

    def _matches(self, tok: Token, depth: int = 0) -> Iterator[_Match]:
        """Patterns whose syntactic constraints hold, most specific first, with their codes."""
        children = list(tok.children)
        obj = _object(tok)
        for p in self.patterns.for_verb(tok.lemma_.lower()):
            if p.particle and not any(c.dep_ == "prt" and c.lower_ == p.particle for c in children):
                continue
            if p.prep and not _preps(tok, p.prep):
                continue
            if p.object and (obj is None or not _object_words(obj) & p.object):
                continue
            if p.transparent:
                if any(c.dep_ == "xcomp" for c in children):
                    yield _Match(p, "", tok, obj)
                continue
            if p.complement:
                comp = next((c for c in children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
                if comp is None:
                    if not p.words and p.code and not _has_target(tok, p):
                        continue
                    if p.words or not p.code:
                        continue
                    yield _Match(p, p.code, tok, obj)
                    continue
                if p.words and comp.lemma_.lower() not in p.words:
                    continue
                if p.words:
                    yield _Match(p, p.code or "", tok, obj, _Match(p, p.code or "", comp, None))
                    continue
                inner = next(iter(self._matches(comp, depth + 1)), None) if depth < 3 else None
                if inner is not None and inner.code:
                    code = p.code_for(inner.code)
                    if code:
                        yield _Match(p, code, tok, obj, inner)
                    continue
                if p.code:
                    yield _Match(p, p.code, tok, obj)
                continue
            yield _Match(p, p.code or "", tok, obj)

    # -- arguments ---------------------------------------------------------------------------------------------

    def _sources(self, m: _Match, actors: DocActors) -> list[Actor]:
        tokens = _subject_tokens(m.verb)
        out: list[Actor] = []
        for t in tokens:
            actor = actors.actor_for(t)
            if actor is None and t.lower_ in SUBJECT_PRONOUNS:
                actor = _speaker(m.verb, actors)
            if actor is not None and actor.key not in {a.key for a in out if a.key} | {None} or \
                    (actor is not None and actor.key is None and not out):
                out.append(actor)
        return out

    def _targets(self, m: _Match, actors: DocActors, sources: list[Actor]) -> list[Actor]:
        source_keys = {s.key for s in sources}
        specs = list(m.pattern.target)
        if _is_passive(m.verb):
            specs = ["passive-subj"] + [s for s in specs if s != "dobj"]
        for spec in specs:
            found = [a for t in _target_tokens(m.verb, spec, m.obj) for a in [_target_actor(t, actors, source_keys)] if a]
            if found:
                return _unique(found)
        if m.complement is not None:
            return self._targets(m.complement, actors, sources)
        return []

    def _event(self, m: _Match, source: Actor, target: Actor | None, sent: Span, index: int, article_id: str) -> Event:
        code = lookup(m.code)
        trig = [m.verb] + [c for c in m.verb.children if c.dep_ == "prt"]
        if m.pattern.object and m.obj is not None:
            trig.append(m.obj)
        if m.complement is not None:
            trig.append(m.complement.verb)
        start = min(t.idx for t in trig)
        end = max(t.idx + len(t) for t in trig)
        doc = sent.doc
        confidence = m.pattern.confidence - 0.1 * sum(1 for a in (source, target) if a and _inferred(a))
        if target is None:
            confidence -= 0.2
        rule = f"{m.pattern.id} ({m.pattern.origin}): {m.verb.lemma_}"
        if m.complement is not None:
            rule += f" + {m.complement.pattern.id}"
        rule += f" -> {m.code}; source {source.why}; target {target.why if target else 'none'}"
        return Event(
            article_id=article_id, source=source, target=target, cameo=code.code, cameo_name=code.name,
            goldstein=code.goldstein, quad_class=code.quad_class, plover_type=code.plover_type,
            plover_mode=code.plover_mode, trigger=doc.text[start:end], trigger_span=(start, end),
            sentence=sent.text.strip(), sentence_index=index, sentence_span=_stripped_span(sent),
            rule=rule, confidence=round(max(confidence, 0.1), 2),
        )


def _stripped_span(sent: Span) -> tuple[int, int]:
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    return start, start + len(text.strip())


# -- syntax helpers ----------------------------------------------------------------------------------------------

def _object(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("dobj", "obj"):
            return c
    for c in tok.children:
        if c.dep_ == "nsubjpass":
            return c
    for c in tok.children:  # "go on strike", "step down": the object of a bare preposition
        if c.dep_ == "prep":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _object_words(obj: Token) -> set[str]:
    words = {obj.lemma_.lower(), obj.lower_}
    words.update(c.lower_ for c in obj.children if c.dep_ == "compound")
    return words


def _preps(tok: Token, words: Iterable[str]) -> list[Token]:
    words = set(words)
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "prt", "nsubjpass", "xcomp")]
    return [c for h in heads for c in h.children if c.dep_ in ("prep", "agent") and c.lower_ in words]


def _has_target(tok: Token, p: Pattern) -> bool:
    return any(_target_tokens(tok, spec, _object(tok)) for spec in p.target)


def _conj(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_conj(c))
    return out


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _subject_tokens(verb: Token, depth: int = 0) -> list[Token]:
    for c in verb.children:
        if c.dep_ == "agent":
            return [g for p in c.children if p.dep_ == "pobj" for g in _conj(p)]
        if c.dep_ in ("nsubj", "csubj", "expl") and c.dep_ != "expl":
            return _conj(c)
    if _is_passive(verb):
        return []
    if depth > 3:
        return []
    head = verb.head
    if verb.dep_ == "xcomp":
        objs = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        if objs and head.lemma_.lower() in OBJECT_CONTROL:
            return _conj(objs[0])
        return _subject_tokens(head, depth + 1)
    if verb.dep_ in ("conj", "advcl") and head is not verb:
        return _subject_tokens(head, depth + 1)
    if verb.dep_ == "relcl":
        return [head]
    return []


def _target_tokens(verb: Token, spec: str, obj: Token | None) -> list[Token]:
    if spec == "passive-subj":
        return [g for c in verb.children if c.dep_ == "nsubjpass" for g in _conj(c)]
    if spec == "dobj":
        return [g for c in verb.children if c.dep_ in ("dobj", "obj") for g in _conj(c)]
    if spec == "dative":
        return [g for c in verb.children if c.dep_ == "dative" for g in _conj(c)]
    if spec == "poss":
        return [c for c in (obj.children if obj is not None else ()) if c.dep_ == "poss"]
    if spec == "ccomp-subj":
        return [g for c in verb.children if c.dep_ == "ccomp"
                for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for g in _conj(s)]
    word = spec.split(":", 1)[1]
    return [g for p in _preps(verb, [word]) for o in p.children if o.dep_ == "pobj" for g in _conj(o)]


def _target_actor(tok: Token, actors: DocActors, source_keys: set[str | None]) -> Actor | None:
    actor = actors.actor_for(tok)
    if actor is not None and actor.key and actor.key not in source_keys:
        return actor
    # "its mission in NATO": the phrase itself is the source's own; look inside it for another actor
    for t in tok.subtree:
        if t.i == tok.i:
            continue
        m = actors.mention_at(t)
        if m is not None and m.actor.key and m.actor.key not in source_keys:
            return m.actor
    if actor is not None and actor.key is None:
        return actor
    return None


def _speaker(verb: Token, actors: DocActors) -> Actor | None:
    """"Russia said it would ...": a pronoun subject inside reported speech is the speaker."""
    t = verb
    while t.dep_ in ("ccomp", "xcomp", "conj", "advcl") and t.head is not t:
        t = t.head
        if t.lemma_.lower() in SPEECH:
            for s in _subject_tokens(t):
                actor = actors.actor_for(s)
                if actor is not None:
                    return actor
    return None


def _nonfactual(tok: Token) -> str | None:
    """Why a verb does not report a real act: negated, modal, conditional, or under "fail to"."""
    t = tok
    for _ in range(4):
        for c in t.children:
            if c.dep_ == "neg" or c.lower_ in ("never",):
                return "negated"
            if c.dep_ == "aux" and c.lower_ in MODAL:
                if c.lower_ == "would" and _reported(t):
                    continue
                return f"hypothetical ({c.text})"
            if c.dep_ == "mark" and c.lower_ in CONDITION:
                return f"conditional ({c.text})"
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in NONFACTUAL:
            return f"not a real act ({t.head.lemma_} to ...)"
        if t.dep_ in ("xcomp", "conj") and t.head is not t:
            t = t.head
            continue
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION for c in t.children):
            return "conditional"
        break
    return None


def _reported(tok: Token) -> bool:
    t = tok
    while t.dep_ in ("ccomp", "conj", "xcomp") and t.head is not t:
        t = t.head
        if t.lemma_.lower() in SPEECH:
            return True
    return False


def _inferred(actor: Actor) -> bool:
    return any(w in actor.why for w in ("anaphor", "pronoun", "same as", "same person"))


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[str | None] = set()
    out = []
    for a in actors:
        k = a.key or a.name
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out


def _pairs(sources: list[Actor], targets: list[Actor], symmetric: bool) -> Iterator[tuple[Actor, Actor | None]]:
    """One event per actor pair; acts done together ("X and Y signed") code both directions."""
    seen: set[tuple] = set()

    def emit(s: Actor, t: Actor | None):
        key = (s.key or s.name, (t.key or t.name) if t else None)
        if key in seen or (t is not None and s.key and s.key == t.key):
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
            if symmetric and (p := emit(t, s)):
                yield p
