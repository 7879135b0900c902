"""Why an article gave the events it gave: what cleaning removed, then, sentence by sentence, the actors found,
the verbs the coder looked at with what it made of each, and the events coded.

``explain`` turns a ``Coded`` (from ``Pipeline.code_article``) into an ``Explanation``; ``render`` writes it as
text; ``explain_input`` first reads and codes a path or a literal text, as ``dragoman explain`` does.
"""

from __future__ import annotations

import glob
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from spacy.tokens import Span as SpacySpan

from .clean import explain_cleaning
from .events import Decision
from .exceptions import DragomanError, UsageError
from .ingest import iter_articles
from .ingest.common import iso_date
from .ingest.registry import extension
from .model import Actor, Article, Event, Failure, Removal, Span, article_id
from .pipeline import Coded, Pipeline

__all__ = ["ActorNote", "Explanation", "SentenceExplanation", "VerbNote", "explain", "explain_input", "render"]

NO_VERB = "no event verb"


@dataclass(frozen=True)
class ActorNote:
    """One actor mention in a sentence, and the entry or rule that made it that actor."""

    text: str
    key: str | None  # org, else country
    sector: str | None
    cameo: str | None
    kind: str  # name, adjective, capital, igo, anaphor, person, pronoun, ...
    why: str
    span: Span


@dataclass(frozen=True)
class VerbNote:
    """One verb the coder looked at, and what it made of it (one of the coder's ``Decision`` records)."""

    trigger: str
    pattern: str | None  # the pattern that matched, if any
    outcome: str  # "coded", or why not: "negated", "no source actor", "no pattern matched its arguments", ...
    detail: str = ""
    tried: tuple[str, ...] = ()  # the patterns for this verb, when none of them matched its arguments

    @property
    def coded(self) -> bool:
        return self.outcome == "coded"


@dataclass(frozen=True)
class SentenceExplanation:
    index: int  # the sentence_index events and decisions carry
    text: str
    span: Span  # character offsets into the article text
    actors: list[ActorNote] = field(default_factory=list)
    verbs: list[VerbNote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """One line on what the sentence gave: its events, "no event verb", or why each verb gave nothing."""
        if self.events:
            return _plural(len(self.events), "event")
        if not self.verbs:
            return NO_VERB
        return "no event: " + "; ".join(f"{v.trigger!r} {v.outcome}" for v in _distinct(self.verbs))


@dataclass(frozen=True)
class Explanation:
    article: Article
    removals: list[Removal]
    cleaning: list[str]  # one readable line per removal, from clean.explain_cleaning
    location: str | None  # a wire dateline's place, kept by cleaning
    sentences: list[SentenceExplanation]
    events: list[Event]

    def sentence(self, words: str) -> SentenceExplanation:
        """The first sentence holding ``words`` (spacing ignored); KeyError if none does."""
        wanted = _squash(words)
        for s in self.sentences:
            if wanted in _squash(s.text):
                return s
        raise KeyError(words)


def explain(coded: Coded, pipeline: Pipeline | None = None) -> Explanation:
    """Explain one coded article. ``pipeline`` names the patterns tried for verbs no pattern matched, and parses
    the text again should ``coded`` carry no actors."""
    actors = coded.actors
    if actors is None:
        if pipeline is None:
            raise UsageError("explain needs the parsed article: pass the pipeline, or a Coded from code_article")
        actors = pipeline.find_actors(pipeline.nlp(coded.cleaned.text), coded.article.published, coded.cleaned.location)
    sents = list(coded.sentences) or [s for s in actors.doc.sents if s.text.strip()]
    out = []
    for index, sent in enumerate(sents):
        notes = [_actor_note(m.actor, m.kind) for m in actors.mentions if sent.start <= m.start < sent.end]
        verbs = [_verb_note(d, sent, pipeline) for d in coded.decisions if d.sentence_index == index]
        events = [e for e in coded.events if e.sentence_index == index]
        out.append(SentenceExplanation(index, _squash(sent.text), _stripped(sent), notes, verbs, events))
    return Explanation(coded.article, list(coded.cleaned.removals), explain_cleaning(coded.cleaned),
                       coded.cleaned.location, out, list(coded.events))


def explain_input(arg: str, pipeline: Pipeline | None = None, published: str | None = None
                  ) -> Iterator[Explanation | Failure]:
    """Explain every article ``arg`` holds: a path, directory, glob or ``-`` as ``dragoman code`` reads them, else
    the argument itself as the article's text. ``published`` (default: the pipeline's) dates undated input."""
    pipeline = pipeline or Pipeline()
    published = published or pipeline.config.published
    if _is_input(arg):
        articles = iter_articles([arg], published=published)
    else:
        date = iso_date(published) if published else None
        if published and date is None:
            raise UsageError(f"not a date: {published!r} (expected YYYY-MM-DD)")
        articles = iter([Article(id=article_id(None, arg), text=arg, published=date,
                                 published_source="given" if date else None, format="text")])
    for item in articles:
        if isinstance(item, Failure):
            yield item
            continue
        try:
            yield explain(pipeline.code_article(item), pipeline)
        except DragomanError as e:
            yield Failure(item.origin or item.id, str(e), stage="code")


def render(x: Explanation) -> str:
    """The explanation as plain text, one block per sentence."""
    a = x.article
    head = [f"article {a.id}"]
    if a.title:
        head.append(repr(a.title))
    head.append(f"published {a.published} ({a.published_source})" if a.published else "no publication date")
    lines = ["  ".join(head)]
    if x.location:
        lines.append(f"dateline place: {x.location}")
    lines.append("")
    lines.append(f"removed by cleaning ({len(x.removals)}):" if x.removals else "removed by cleaning: nothing")
    lines += [f"  {line}" for line in x.cleaning]
    lines.append("")
    lines.append(f"{_plural(len(x.sentences), 'sentence')}, {_plural(len(x.events), 'event')}")
    by_id = {e.event_id: e for e in x.events}
    for s in x.sentences:
        lines.append("")
        lines.append(f"[{s.index}] {s.text}")
        for n in s.actors:
            who = " ".join(p for p in (n.key or "no key", n.sector) if p)
            lines.append(f"    actor  {n.text!r} = {who}  ({n.kind}: {n.why})")
        for v, count in _counted(s.verbs):
            how = f"{v.pattern}: {v.outcome}" if v.pattern else v.outcome
            if v.detail:
                how += f" ({v.detail})"
            if count > 1:
                how += f" x{count}"
            if v.tried:
                how += f"; patterns for this verb: {', '.join(v.tried)}"
            lines.append(f"    verb   {v.trigger!r}  {how}")
        for e in s.events:
            lines += ["    event  " + _event_line(e), f"           rule: {e.rule}"]
            if e.location is not None:
                p = e.location.place
                lines.append(f"           where: {p.name}, {p.country or 'no country'} ({p.feature}, by the "
                             f"{e.location.source} step; {p.text!r} read as: {p.why})")
            else:
                lines.append("           where: unknown (no place in the text and no actor with a country)")
            for link in e.links:
                answered = by_id.get(link.to)
                what = (f"[{answered.sentence_index}] {answered.cameo} {answered.trigger!r}" if answered
                        else link.to)
                lines.append(f"           {link.relation.replace('_', ' ')} {what}  ({link.rule})")
        lines.append(f"    => {s.verdict}")
    return "\n".join(lines) + "\n"


# -- helpers -----------------------------------------------------------------------------------------------------

def _is_input(arg: str) -> bool:
    """Whether ``arg`` names input rather than being the text itself. A single word with a known extension counts
    as a path even if missing, so a mistyped file name is reported, not explained as a one-word article."""
    if arg == "-":
        return True
    try:
        if Path(arg).exists():
            return True
    except (OSError, ValueError):  # a long text is no file name ("File name too long", NUL bytes)
        return False
    if glob.has_magic(arg) and glob.glob(arg, recursive=True):
        return True
    return len(arg.split()) == 1 and bool(extension(arg))


def _actor_note(actor: Actor, kind: str) -> ActorNote:
    return ActorNote(actor.text, actor.key, actor.sector, actor.cameo, kind, actor.why, actor.span)


def _verb_note(d: Decision, sent: SpacySpan, pipeline: Pipeline | None) -> VerbNote:
    tried: tuple[str, ...] = ()
    if d.pattern is None and pipeline is not None:
        lemma = d.lemma or next((t.lemma_.lower() for t in sent if t.text == d.trigger), None)
        if lemma:
            tried = tuple(p.id for p in pipeline.patterns.for_verb(lemma))
    return VerbNote(d.trigger, d.pattern, d.outcome, d.detail, tried)


def _event_line(e: Event) -> str:
    target = f"{e.target.cameo or e.target.name} ({e.target.text!r})" if e.target else "no target"
    date = f"{e.date.date} ({e.date.source})" if e.date.date else f"no date ({e.date.source})"
    return (f"{e.source.cameo or e.source.name} ({e.source.text!r}) -> {target}  {e.cameo} {e.cameo_name}  "
            f"trigger {e.trigger!r}  {date}")


def _counted(verbs: list[VerbNote]) -> list[tuple[VerbNote, int]]:
    """Equal notes once, with how many: a verb coded for two actor pairs gives two equal decisions."""
    out: dict[VerbNote, int] = {}
    for v in verbs:
        out[v] = out.get(v, 0) + 1
    return list(out.items())


def _distinct(verbs: list[VerbNote]) -> list[VerbNote]:
    return [v for v, _ in _counted(verbs)]


def _stripped(sent: SpacySpan) -> Span:
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    return start, start + len(text.strip())


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
