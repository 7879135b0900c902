"""The event coder: verb patterns over the dependency parse.

``Coder.code_sentence`` walks a sentence and asks, for each verb with a pattern, one module per decision:

    matching     which of the verb's patterns its arguments fit
    modality     whether it reports a real act (not negated, hypothetical, ...), and how an announced act is coded
    arguments    its source, its target and where it happened (with speech for pronouns in reported speech and
                 violence for attackers the sentence does not name)
    nominal      the same for an act named by a noun: "NATO's expulsion of eight diplomats"

They share the grammar in ``syntax`` and the word sets in ``data/words.yaml``; ``background`` (run by the pipeline
once events are dated) drops acts the text tells of as history.

Every verb it looks at gets a ``Decision``, so ``explain`` can say why an event was or was not coded.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Iterator

from spacy.tokens import Span, Token

from ..actors import DocActors
from ..model import Actor, Event
from . import arguments, background, modality, nominal, violence
from .decision import Decision
from .matching import Match, matches
from .ontology import lookup
from .patterns import PatternSet
from .syntax import conj, have_participle, regular_lemma
from .words import ASSEMBLING


class Coder:
    def __init__(self, patterns: PatternSet):
        self.patterns = patterns

    def code(self, sentences: Iterable[Span], actors: DocActors, article_id: str) -> tuple[list[Event], list[Decision]]:
        events: list[Event] = []
        decisions: list[Decision] = []
        for index, sent in enumerate(sentences):
            for ev, dec in self.code_sentence(sent, index, actors, article_id, events):
                decisions.append(dec)
                if ev is not None:
                    events.append(ev)
        return events, decisions

    def code_sentence(self, sent: Span, index: int, actors: DocActors, article_id: str,
                      earlier: list[Event] = ()) -> Iterator[tuple[Event | None, Decision]]:
        """Code one sentence; ``earlier`` are the article's events so far, for "condemned the decision"."""
        consumed: set[int] = set()
        self._fix_lemmas(sent)
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in self.patterns.nominal:
                for m, source, target, how in nominal.acts(tok, actors, self.patterns):
                    yield (self._event(m, source, target, sent, index, article_id),
                           Decision(index, tok.text, m.pattern.id, "coded", how, tok.lemma_.lower()))
                continue
            if tok.pos_ not in ("VERB", "AUX", "ADJ") or tok.i in consumed or tok.lemma_.lower() not in self.patterns:
                continue
            yield from self._code_verb(tok, sent, index, actors, article_id, consumed, earlier)

    def _fix_lemmas(self, sent: Span) -> None:
        """The lemmatizer gets some verb forms wrong ("staged" -> "stag"), and gives a participle tagged as an
        adjective its own form ("have staged rallies"): take the lexicon verb the form is regularly made from."""
        for tok in sent:
            if tok.pos_ not in ("VERB", "ADJ") or tok.lemma_.lower() in self.patterns:
                continue
            if tok.pos_ == "ADJ" and not have_participle(tok):
                continue
            lemma = regular_lemma(tok.lower_, self.patterns)
            if lemma:
                tok.lemma_ = lemma

    def _code_verb(self, tok: Token, sent: Span, index: int, actors: DocActors, article_id: str,
                   consumed: set[int], earlier: list[Event]) -> Iterator[tuple[Event | None, Decision]]:
        def decision(outcome: str, pattern: str | None = None, detail: str = "") -> Decision:
            return Decision(index, tok.text, pattern, outcome, detail, tok.lemma_.lower())

        found = sorted(matches(tok, self.patterns), key=lambda m: m.complement is None)  # "refuse to meet" first
        if not found:
            why_not = modality.nonfactual(tok)
            yield None, decision("no pattern matched its arguments" + (f"; {why_not} as well" if why_not else ""))
            return
        if any(m.pattern.transparent for m in found) and not any(m.code for m in found):
            yield None, decision("passes through to its complement", found[0].pattern.id)
            return
        found, why_not = modality.mood(tok, found, self.patterns)
        why_not = why_not or background.habitual(tok) or background.history(tok, actors.published) or next(
            (background.standing(tok, lookup(m.code).quad_class, index) for m in found if m.code), None)
        if why_not:
            yield None, decision(why_not, found[0].pattern.id)
            return
        last = "no source actor"
        for m in (m for m in found if m.code):
            sources = arguments.sources(m, actors, self.patterns)
            if (misfit := arguments.misfit(m, sources, actors)):
                last = misfit
                continue
            if m.complement is not None:  # "threatened to attack the base and kill ...": both are threatened
                consumed.update(v.i for v in conj(m.complement.verb) if v.pos_ in ("VERB", "AUX"))
            place = arguments.place_of(m.verb, actors, material=lookup(m.code).quad_class == 4)
            cast = arguments.cast(m, sources, place, actors, self.patterns, earlier)
            if isinstance(cast, str):
                last = cast
                continue
            m, sources, targets, symmetric = cast
            m = modality.announced(violence.recode(m, sources, self.patterns), self.patterns)
            m = _demonstrated(m)
            n = 0
            for source, target in arguments.dyads(m, sources, targets, symmetric, place, actors):
                event = self._event(violence.fighting(m, source, target), source, target, sent, index, article_id)
                yield event, decision("coded", m.pattern.id)
                n += 1
            if n:
                if lookup(m.code).root == "14":  # a protest's "demanding ..." is its topic, not another event
                    consumed.update(arguments.topics(m))
                return
            last = "source and target are the same actor"
        yield None, decision(last, found[0].pattern.id)

    def _event(self, m: Match, source: Actor, target: Actor | None, sent: Span, index: int, article_id: str) -> Event:
        code = lookup(m.code)
        trig = [m.verb] + [c for c in m.verb.children if c.dep_ == "prt"]
        if m.pattern.object and m.obj is not None:
            trig.append(m.obj)
        if m.complement is not None:
            trig.append(m.complement.verb)
        first, last = min(trig, key=lambda t: t.i), max(trig, key=lambda t: t.i)
        start, end = first.idx, last.idx + len(last)
        words = sent.doc[first.i:last.i + 1].text  # Doc.text would rebuild the whole article for every event
        text = sent.text  # built token by token: once for the sentence and its span
        rule = f"{m.pattern.id} ({m.pattern.origin}): {m.verb.lemma_}"
        if m.complement is not None:
            rule += f" + {m.complement.pattern.id}"
        rule += f" -> {m.code}; source {source.why}; target {target.why if target else 'none'}"
        if m.note:
            rule += f"; {m.note}"
        plover, mode = code.plover_type, code.plover_mode
        if m.plover:
            plover, mode = m.plover, None
            rule += f"; announced: PLOVER {plover}"
        elif m.pattern.plover:
            plover, mode = m.pattern.plover, None
            rule += f"; PLOVER {plover}"
        return Event(
            article_id=article_id, source=source, target=target, cameo=code.code, cameo_name=code.name,
            goldstein=code.goldstein, quad_class=code.quad_class, plover_type=plover,
            plover_mode=mode, trigger=words, trigger_span=(start, end),
            sentence=text.strip(), sentence_index=index, sentence_span=_stripped_span(sent, text),
            rule=rule, confidence=m.pattern.confidence,  # the pattern's own; salience scores the event from it
        )


# CAMEO codes a demand made by demonstrating under 14: "crowds gathered outside parliament demanding he quit"
DEMONSTRATED = (("1041", "1411"), ("1042", "1412"), ("1043", "1413"), ("1044", "1414"), ("10", "141"))


def _demonstrated(m: Match) -> Match:
    verb = m.verb
    if lookup(m.code).root != "10" or verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "xcomp", "conj") \
            or verb.head.lemma_.lower() not in ASSEMBLING:
        return m
    code = next(new for old, new in DEMONSTRATED if m.code.startswith(old))
    note = f"{m.note}; " if m.note else ""
    return replace(m, code=code, note=f"{note}a demand made by gathering ({verb.head.text!r}): a demonstration")


def once_a_sentence(events: list[Event]) -> tuple[list[Event], list[Decision]]:
    """One act told twice in a sentence ("condemned Uganda and criticised its leaders", "killed 11 soldiers when
    they ambushed a convoy") is one event: the telling the text dates, else the first; a decision for each other.
    Run once events are dated."""
    kept: dict[tuple, int] = {}
    out: list[Event] = []
    dropped: list[Decision] = []
    for e in events:
        key = (e.sentence_index, e.source.key or e.source.name, (e.target.key or e.target.name) if e.target else None,
               e.cameo)
        if key not in kept:
            kept[key] = len(out)
            out.append(e)
            continue
        first = out[kept[key]]
        if not first.date.from_text and e.date.from_text:
            out[kept[key]], e = e, first
        dropped.append(Decision(e.sentence_index, e.trigger, e.rule.split(" ", 1)[0],
                                f"the same act as {out[kept[key]].trigger!r} in this sentence"))
    return out, dropped


def _stripped_span(sent: Span, text: str) -> tuple[int, int]:
    start = sent.start_char + len(text) - len(text.lstrip())
    return start, start + len(text.strip())
