"""Salience: how surely each event is a news act of its article, from explicit features.

An event's ``confidence`` starts from ``start`` (moved by its pattern's own confidence, 0.8 unless the pattern says
otherwise) and adds the weight of each feature that holds: in the title or lede, far down the article, actors named
or inferred, no target, told second-hand or as earlier history, dated near or long before publication. The
weights, lines and cue words are data (``data/salience.yaml``); the features that held are appended to the event's
rule, so ``explain`` says why. A headline copy that repeats an act the body tells (same dyad and root) is one act:
the body's, which carries the precise date. Events under ``min_confidence`` are dropped, each with a decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import yaml

from .dates import clamped_add_days
from .events import Decision
from .exceptions import DictionaryError
from .model import Article, Event
from .topic import phrases

DEFAULT_PATTERN_CONFIDENCE = 0.8
INFERRED = ("anaphor", "pronoun", "same as", "same person", "unnamed")
UNLISTED = "not in the dictionaries"
RETOLD = re.compile(r"\bhad\s+(?:\w+ly\s+)?(?:been\s+)?$", re.I)


@dataclass(frozen=True)
class Salience:
    start: float
    weights: dict[str, float]
    lede_sentences: int
    deep_after: float
    recent_days: int
    old_days: int
    hearsay: re.Pattern[str]
    hearsay_before: re.Pattern[str]
    untargeted: frozenset[str] = frozenset()  # CAMEO roots of acts that need no target

    def features(self, event: Event, sentences: int, published: str | None, title: str | None,
                 headline: int = 0) -> list[str]:
        """The names of the features that hold for one event of an article of ``sentences`` sentences, whose
        first ``headline`` sentences are its headline (the lede comes after them)."""
        out = []
        if title and _words(title).strip() and _words(title) in _words(event.sentence):
            out.append("title")
        if event.sentence_index < self.lede_sentences + headline:
            out.append("lede")
        elif sentences and event.sentence_index >= self.deep_after * sentences:
            out.append("deep")
        actors = [a for a in (event.source, event.target) if a is not None]
        inferred = [a for a in actors if any(w in a.why for w in INFERRED)]
        if event.target is not None and not inferred:
            out.append("named")
        out += ["inferred"] * len(inferred)
        if any(UNLISTED in a.why for a in actors):
            out.append("unlisted")
        if event.target is None:
            out.append("untargeted" if event.root in self.untargeted else "no target")
        before = event.sentence[:max(0, event.trigger_span[0] - event.sentence_span[0])]
        if self.hearsay.search(event.sentence) or self.hearsay_before.search(before):
            out.append("hearsay")
        if RETOLD.search(before):
            out.append("retold")
        days = _days_before(event, published)
        if days is not None and days <= self.recent_days:
            out.append("recent")
        elif days is not None and days >= self.old_days:
            out.append("old")
        return out

    def score(self, features: list[str], pattern_confidence: float) -> float:
        value = self.start + pattern_confidence - DEFAULT_PATTERN_CONFIDENCE
        value += sum(self.weights.get(f, 0.0) for f in features)
        return round(min(max(value, 0.01), 0.99), 2)

    def __call__(self, events: list[Event], article: Article, sentences: int,
                 min_confidence: float = 0.0) -> tuple[list[Event], list[Decision]]:
        """The article's events scored, without headline repeats and those under ``min_confidence``; and a
        decision for each event dropped."""
        scored, dropped = [], []
        headline = 1 if article.title and _words(article.text.lstrip().split("\n", 1)[0]) == _words(article.title) \
            else 0
        for e in events:
            features = self.features(e, sentences, article.published, article.title, headline)
            value = self.score(features, e.confidence)  # the coder leaves its pattern's confidence there
            scored.append((replace(e, confidence=value, rule=f"{e.rule}; {self.explain(value, features)}"),
                           features))
        body = {_act(e): e for e, features in reversed(scored) if "title" not in features}
        headline: dict[tuple, Event] = {}
        keep = []
        for e, features in scored:
            if "title" in features and (_act(e) in body or _act(e) in headline):
                told = body.get(_act(e)) or headline[_act(e)]
                dropped.append(_decision(e, f"repeats the headline's act, told in sentence {told.sentence_index}"))
            elif e.confidence < min_confidence:
                dropped.append(_decision(e, f"confidence {e.confidence:.2f} under the minimum {min_confidence:.2f}"))
            else:
                keep.append(e)
                if "title" in features:
                    headline[_act(e)] = e
        return keep, dropped

    def explain(self, value: float, features: list[str]) -> str:
        shown = [f"{f} {self.weights.get(f, 0.0):+g}" for f in features if self.weights.get(f, 0.0)]
        return f"salience {value:.2f}" + (": " + ", ".join(shown) if shown else "")


def load_salience(path: str | Path | None = None) -> Salience:
    """The bundled weights, or those of a user's file of the same shape."""
    source = Path(path) if path else resources.files("dragoman.data").joinpath("salience.yaml")
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        weights = {str(k): float(v) for k, v in (data.get("weights") or {}).items()}
        cues = [str(c) for c in data.get("hearsay") or ()]
        cues_before = [str(c) for c in data.get("hearsay_before") or ()]
        return Salience(float(data.get("start", 0.5)), weights, int(data.get("lede_sentences", 2)),
                        float(data.get("deep_after", 0.5)), int(data.get("recent_days", 7)),
                        int(data.get("old_days", 30)), phrases(cues), phrases(cues_before),
                        frozenset(str(r) for r in data.get("untargeted_roots") or ()))
    except (OSError, yaml.YAMLError, AttributeError, TypeError, ValueError) as e:
        raise DictionaryError(f"{source}: cannot read salience weights: {e}") from e


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def _days_before(event: Event, published: str | None) -> int | None:
    """Days from the date the text gives the event to publication; None when the text gives none."""
    if not published or not event.date.date or not event.date.from_text:
        return None
    try:
        told = date.fromisoformat(event.date.date[:10])
        # "last month" may be its last days: measure from the latest day the date can mean
        told = _last_day(told, event.date.precision)
        return max(0, (date.fromisoformat(published[:10]) - told).days)
    except (ValueError, OverflowError):
        return None


def _last_day(day: date, precision: str | None) -> date:
    if precision == "week":
        return clamped_add_days(day, 6)
    if precision == "month":
        return clamped_add_days(day.replace(day=28), 4).replace(day=1) - timedelta(days=1)
    if precision == "year":
        return day.replace(month=12, day=31)
    return day


def _pattern_id(event: Event) -> str:
    return event.rule.split(" ", 1)[0]


def _act(event: Event) -> tuple:
    return event.source.key, event.target.key if event.target else None, event.root


def _decision(event: Event, why: str) -> Decision:
    return Decision(event.sentence_index, event.trigger, _pattern_id(event), why)
