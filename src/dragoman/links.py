"""Links: what the text says about one event answering another.

"Russia will suspend its mission in response to NATO's expulsion of eight diplomats" links Russia's suspension to
NATO's expulsion with ``responds_to``. The cues are data (``data/links.yaml``). For each cue in a sentence that holds
an event:

- the *responder* is the event the cue's phrase is attached to: an event of the same sentence before the cue, or
  after the cue's phrase when the sentence opens with it, or else ("the move came in response to ...") the last
  event of the sentence before;
- the *answered* event is a coded event inside the cue's phrase ("NATO's expulsion"); for a strong cue whose phrase
  holds none ("in response to the revocation of accreditation"), it is an earlier event aimed back at the responder,
  conflict acts first.

A link never joins an actor's act to another act of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from .exceptions import DictionaryError
from .model import Event, Link

__all__ = ["Cue", "load_cues", "link_events"]

# Where a cue's phrase ends: the end of its clause.
PHRASE_END = re.compile(r"[,;:]|\s[-–—]\s|\s(?:and|but|while|as)\s(?=\w+\s+(?:has|have|had|will|was|were|is|said))")
SENTENCE_OPENERS = re.compile(r"^[\W_]*(?:(?:but|and|so|then|also|now|however)\b[\W_]*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    relation: str
    words: str
    strong: bool
    regex: re.Pattern[str]


def load_cues(path: str | Path | None = None) -> tuple[Cue, ...]:
    """The bundled cues, or those of a user's file of the same shape."""
    source = Path(path) if path else resources.files("dragoman.data").joinpath("links.yaml")
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise DictionaryError(f"{source}: cannot read link cues: {e}") from e
    if not isinstance(data, dict):
        raise DictionaryError(f"{source}: link cues must be a mapping of relation to strong/weak lists")
    cues = []
    for relation, kinds in data.items():
        if not isinstance(kinds, dict) or not set(kinds) <= {"strong", "weak"}:
            raise DictionaryError(f"{source}: {relation}: expected 'strong' and 'weak' lists")
        for kind, words in kinds.items():
            for w in words or ():
                pattern = r"\b" + r"\s+".join(map(re.escape, str(w).split())) + r"\b"
                cues.append(Cue(relation, str(w), kind == "strong", re.compile(pattern, re.IGNORECASE)))
    # Longest first, so "days after" is read before "after".
    return tuple(sorted(cues, key=lambda c: -len(c.words)))


def link_events(events: list[Event], text: str, cues: tuple[Cue, ...],
                sentences: list[tuple[int, int]] | None = None) -> list[Event]:
    """The events with the links their sentences state. ``sentences`` are the spans of every sentence, numbered
    as the events number them; without them only sentences that hold an event are read."""
    if not events:
        return events
    by_sentence: dict[int, list[Event]] = {}
    for e in events:
        by_sentence.setdefault(e.sentence_index, []).append(e)
    spans = dict(enumerate(sentences)) if sentences is not None else {
        i: members[0].sentence_span for i, members in by_sentence.items()}
    found: dict[str, list[Link]] = {}
    any_cue = _any_cue(cues)
    for index, (start, end) in sorted(spans.items()):
        members = by_sentence.get(index, [])
        sentence = text[start:end]
        if not any_cue.search(sentence):
            continue
        taken: list[tuple[int, int]] = []
        for cue in cues:
            for m in cue.regex.finditer(sentence):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                link = _link(cue, m, start, sentence, members, events, index)
                if link is not None:
                    responder, answered = link
                    found.setdefault(responder.event_id, []).append(
                        Link(cue.relation, answered.event_id, text[start + m.start():start + m.end()],
                             (start + m.start(), start + m.end()),
                             f"{cue.relation}: {'strong' if cue.strong else 'weak'} cue {cue.words!r}"))
    return [replace(e, links=tuple(_unique(found.get(e.event_id, ())))) if e.event_id in found else e
            for e in events]


@lru_cache(maxsize=8)
def _any_cue(cues: tuple[Cue, ...]) -> re.Pattern[str]:
    """One regex that finds something in a sentence if and only if one of the cues does (or everywhere, for cues
    compiled with flags it can't carry over)."""
    if any(c.regex.flags & ~(re.IGNORECASE | re.UNICODE) for c in cues):
        return re.compile("")
    return re.compile("|".join(f"(?{'i' if c.regex.flags & re.IGNORECASE else ''}:{c.regex.pattern})" for c in cues)
                      or r"(?!)")


def _link(cue: Cue, m: re.Match[str], offset: int, sentence: str, members: list[Event], events: list[Event],
          index: int) -> tuple[Event, Event] | None:
    cue_start, cue_end = offset + m.start(), offset + m.end()
    stop = PHRASE_END.search(sentence, m.end())
    phrase_end = offset + (stop.start() if stop else len(sentence))
    inside = [e for e in members if cue_end <= e.trigger_span[0] < phrase_end]
    opens = SENTENCE_OPENERS.match(sentence[:m.start()]) is not None
    if opens:
        responders = [e for e in members if e.trigger_span[0] >= phrase_end]
    else:
        responders = sorted((e for e in members if e.trigger_span[0] < cue_start),
                            key=lambda e: -e.trigger_span[0])
    if not responders and not opens and cue.strong:
        before = [e for e in events if e.sentence_index < index]
        last = max((e.sentence_index for e in before), default=None)
        if last is not None and last >= index - 2:
            responders = [e for e in before if e.sentence_index == last]
    for responder in responders:
        answered = _answered(responder, inside, events, cue.strong)
        if answered is not None:
            return responder, answered
    return None


def _answered(responder: Event, inside: list[Event], events: list[Event], strong: bool) -> Event | None:
    def aimed_back(e: Event) -> bool:
        return _key(e.target) == _key(responder.source) or _key(e.source) == _key(responder.target)

    own = _key(responder.source)
    candidates = [e for e in inside if _key(e.source) != own and e.event_id != responder.event_id]
    if not strong:
        candidates = [e for e in candidates if aimed_back(e)]
    if candidates:
        return candidates[0]
    if not strong:
        return None
    at = responder.trigger_span[0]
    others = [e for e in events if e.event_id != responder.event_id and _key(e.source) != own and aimed_back(e)]
    # An earlier act first; among them conflict acts (a response answers a hostile act far more often than a
    # statement), then the nearest.
    for pool in ([e for e in others if e.trigger_span[0] < at], [e for e in others if e.trigger_span[0] > at]):
        if pool:
            return max(pool, key=lambda e: (e.quad_class == 4, e.quad_class == 3, -abs(e.trigger_span[0] - at)))
    return None


def _key(actor) -> str | None:
    return actor.key if actor is not None else None


def _unique(links) -> list[Link]:
    seen, out = set(), []
    for link in links:
        if (link.relation, link.to) not in seen:
            seen.add((link.relation, link.to))
            out.append(link)
    return out
