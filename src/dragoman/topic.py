"""The topic gate: an article that reads as non-political (sport, markets, products, entertainment, weather) yields
no events.

The cue words are data (``data/topic.yaml``). An article is non-political when its title and text hold at least
``min_cues`` distinct non-political cues and at least ``ratio`` times as many as distinct political ones, so a
political story that mentions a match or the markets keeps its events. Each event dropped gets a decision naming
the cues, so ``explain`` says why.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from .events import Decision
from .exceptions import DictionaryError
from .model import Event

SHOWN = 5  # cues named in a decision


@dataclass(frozen=True)
class Verdict:
    political: tuple[str, ...]  # the distinct political cues found
    other: dict[str, tuple[str, ...]]  # kind -> the distinct non-political cues found
    min_cues: int
    ratio: float

    @property
    def off_topic(self) -> bool:
        n = sum(len(c) for c in self.other.values())
        return n >= self.min_cues and n >= self.ratio * len(self.political)

    def __str__(self) -> str:
        kinds = sorted(self.other.items(), key=lambda kv: -len(kv[1]))
        other = "; ".join(f"{k} {len(c)} ({', '.join(c[:SHOWN])})" for k, c in kinds if c)
        political = ", ".join(self.political[:SHOWN]) or "none"
        return f"non-political article: {other or 'no cues'}; political cues {len(self.political)} ({political})"


@dataclass(frozen=True)
class TopicGate:
    political: re.Pattern[str]
    other: dict[str, re.Pattern[str]]
    min_cues: int
    ratio: float

    def read(self, text: str, title: str | None = None) -> Verdict:
        text = f"{title or ''}\n{text}"
        return Verdict(_found(self.political, text), {k: _found(p, text) for k, p in self.other.items()},
                       self.min_cues, self.ratio)

    def __call__(self, events: list[Event], text: str, title: str | None = None) -> tuple[list[Event], list[Decision]]:
        """The events, or none and a decision for each when the article reads as non-political."""
        if not events:
            return events, []
        verdict = self.read(text, title)
        if not verdict.off_topic:
            return events, []
        return [], [Decision(e.sentence_index, e.trigger, e.rule.split(" ", 1)[0], str(verdict)) for e in events]


def load_topic_gate(path: str | Path | None = None) -> TopicGate:
    """The bundled cues, or those of a user's file of the same shape."""
    source = Path(path) if path else resources.files("dragoman.data").joinpath("topic.yaml")
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        other = {str(k): phrases(v) for k, v in (data.get("non-political") or {}).items()}
        return TopicGate(phrases(data.get("political")), other, int(data.get("min_cues", 5)),
                         float(data.get("ratio", 3)))
    except (OSError, yaml.YAMLError, AttributeError, TypeError, ValueError) as e:
        raise DictionaryError(f"{source}: cannot read topic cues: {e}") from e


def phrases(words) -> re.Pattern[str]:
    """One case-insensitive pattern for any of the whole-word phrases; one that never matches for none."""
    words = [str(w).lower() for w in words or ()]
    if not words:
        return re.compile(r"(?!)")
    alternatives = sorted((r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.I)


def _found(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    """The distinct cues in the text, most frequent first."""
    counts = Counter(re.sub(r"\s+", " ", m.group(0).lower()) for m in pattern.finditer(text))
    return tuple(w for w, _ in counts.most_common())
