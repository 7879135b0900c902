"""Measure the coder against a gold file: recall, precision, F1, date accuracy, and where it goes wrong.

The gold format and the matching rules are those of the evaluation's scorer (``../shared/eval/README.md``), so the
numbers here are the numbers it gives:

- one article a line: ``id``, ``title``, ``text``, ``published``, ``core`` (events a coder must find) and ``ok``
  (further events that are acceptable); an article with neither must yield nothing;
- a predicted event matches a gold one when its source and target keys match (an actor's key is its ``org``, else
  its ``country``; gold may give a key, a list of keys, ``"*"`` for anyone or ``"IGO"`` for any organisation) and
  its CAMEO root is among the gold ``roots`` (or its PLOVER type among the gold ``plover`` types);
- recall is the share of core events found, each predicted event used for one core event at most, preferring a
  prediction with the right date; precision is the share of predicted events that match any core or ok event.

``evaluate`` codes the gold articles (read by ``dragoman.ingest`` exactly as ``dragoman code`` reads them) and
scores them; ``score`` scores events you already have; ``render`` prints a report.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Union

from .config import MIN_CONFIDENCE, Config
from .exceptions import MalformedInput, SourceNotFound, UnreadableInput
from .model import Actor, Event, Failure
from .pipeline import Pipeline
from .places.gazetteer import distance_km

__all__ = ["FalsePositive", "GoldArticle", "GoldEvent", "Miss", "Report", "RootCounts", "by_confidence", "evaluate",
           "read_gold", "render", "render_by_confidence", "score"]

THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7)  # minimum confidences of the precision-recall table
ActorSpec = Union[str, list[str], None]  # a key, keys (any of them), "*" (anyone), "IGO" (any organisation)


@dataclass(frozen=True)
class GoldEvent:
    source: ActorSpec
    target: ActorSpec
    roots: tuple[str, ...] | None = None  # CAMEO roots allowed; None: any
    plover: tuple[str, ...] | None = None  # PLOVER event types allowed; None: any
    dates: frozenset[str] | None = None  # right dates; None: the date is not scored
    where: dict[str, Any] | None = None  # {"country": [ISO3...], "city": {"name", "lat", "lon"} | None}

    @property
    def label(self) -> str:
        """The roots (or PLOVER types) as one label: "16", "16/17", "PROTEST"."""
        return "/".join(self.roots or self.plover or ()) or "any"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "target": self.target}
        if self.roots is not None:
            out["roots"] = list(self.roots)
        if self.plover is not None:
            out["plover"] = list(self.plover)
        out["date"] = sorted(self.dates) if self.dates is not None else None
        return out


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    core: tuple[GoldEvent, ...] = ()
    ok: tuple[GoldEvent, ...] = ()


@dataclass(frozen=True)
class _Predicted:
    """What scoring reads of one predicted event."""

    event: Event
    source: str | None
    source_org: bool
    target: str | None
    target_org: bool
    root: str
    plover: str | None
    date: str

    @classmethod
    def of(cls, e: Event) -> "_Predicted":
        plover = e.plover_type.strip().upper() if isinstance(e.plover_type, str) else None
        return cls(e, _key(e.source), _is_org(e.source), _key(e.target), _is_org(e.target), (e.cameo or "")[:2],
                   plover, (e.date.date or "")[:10])


@dataclass(frozen=True)
class Miss:
    """A core event no prediction matched."""

    article_id: str
    gold: GoldEvent
    text: str  # the article's text, whitespace squashed: the gold sets hold mostly one sentence an article
    dyad_roots: tuple[str, ...] = ()  # roots predicted for this dyad instead

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, **self.gold.to_dict(), "text": self.text,
                "predicted_roots_for_dyad": list(self.dyad_roots)}


@dataclass(frozen=True)
class FalsePositive:
    """A predicted event that matches no core or ok event of its article."""

    article_id: str
    event: Event

    def to_dict(self) -> dict[str, Any]:
        e = self.event
        return {"article_id": self.article_id, "source": _key(e.source), "target": _key(e.target), "cameo": e.cameo,
                "cameo_name": e.cameo_name, "trigger": e.trigger, "sentence": e.sentence,
                "sentence_index": e.sentence_index, "rule": e.rule}


@dataclass
class RootCounts:
    """One row of the table by root: gold core events with this label, and predicted events with this root."""

    core: int = 0
    found: int = 0
    missed: int = 0
    predicted: int = 0
    false_positives: int = 0


@dataclass
class Report:
    gold: str  # the gold file
    articles: int = 0
    core_events: int = 0
    found: int = 0  # core events matched
    predicted: int = 0  # events predicted for the gold articles
    correct: int = 0  # predicted events that match a core or ok event
    dated: int = 0  # found core events whose gold gives a date
    dated_right: int = 0
    placed: int = 0  # found core events whose gold says where
    placed_right: int = 0  # ...whose location is in one of the gold's countries
    cities: int = 0  # ...whose gold names a city
    cities_right: int = 0  # ...whose location lies within CITY_KM of it
    events_for_unknown_articles: int = 0
    misses: list[Miss] = field(default_factory=list)
    false_positives: list[FalsePositive] = field(default_factory=list)
    by_root: dict[str, RootCounts] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold label, predicted root) -> misses
    failures: list[Failure] = field(default_factory=list)  # inputs or articles that could not be coded

    @property
    def recall(self) -> float:
        return self.found / self.core_events if self.core_events else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def date_accuracy(self) -> float | None:
        return self.dated_right / self.dated if self.dated else None

    @property
    def place_country(self) -> float | None:
        return self.placed_right / self.placed if self.placed else None

    @property
    def place_city(self) -> float | None:
        return self.cities_right / self.cities if self.cities else None

    def to_dict(self, limit: int | None = None) -> dict[str, Any]:
        """The report as JSON-ready data; the figures rounded to three places as the scorer prints them.
        ``limit`` caps the listed misses and false positives."""
        return {
            "gold": self.gold, "articles": self.articles, "core_events": self.core_events, "found": self.found,
            "predicted": self.predicted, "correct": self.correct,
            "recall": round(self.recall, 3), "precision": round(self.precision, 3), "f1": round(self.f1, 3),
            "date_accuracy": None if self.date_accuracy is None else round(self.date_accuracy, 3),
            "dated": self.dated, "dated_right": self.dated_right,
            "place_country": None if self.place_country is None else round(self.place_country, 3),
            "place_city_50km": None if self.place_city is None else round(self.place_city, 3),
            "placed": self.placed, "placed_right": self.placed_right, "cities": self.cities,
            "cities_right": self.cities_right,
            "events_for_unknown_articles": self.events_for_unknown_articles,
            "by_root": {k: vars(v) for k, v in sorted(self.by_root.items())},
            "confusion": [{"gold": g, "predicted": p, "count": n} for (g, p), n in sorted(self.confusion.items())],
            "misses": [m.to_dict() for m in self.misses[:limit]],
            "false_positives": [f.to_dict() for f in self.false_positives[:limit]],
            "failures": [{"input": f.input, "reason": f.reason, "stage": f.stage} for f in self.failures],
        }


# -- reading the gold file ---------------------------------------------------------------------------------------

def read_gold(path: str | Path) -> list[GoldArticle]:
    """The articles and answer keys of a gold file."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceNotFound(name, "no such file or directory") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UnreadableInput(name, getattr(e, "strerror", None) or str(e)) from None
    out = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise MalformedInput(name, f"line {n}: not valid JSON ({e.msg})") from None
        if not isinstance(record, dict) or "id" not in record:
            raise MalformedInput(name, f"line {n}: not a gold article (a JSON object with an \"id\")")
        try:
            core = tuple(_gold_event(e) for e in record.get("core") or ())
            ok = tuple(_gold_event(e) for e in record.get("ok") or ())
        except (TypeError, KeyError) as e:
            raise MalformedInput(name, f"line {n}: bad gold event ({e})") from None
        out.append(GoldArticle(str(record["id"]), str(record.get("text") or ""), core, ok))
    return out


def _gold_event(raw: dict[str, Any]) -> GoldEvent:
    if not isinstance(raw, dict):
        raise TypeError("an event must be a JSON object")

    def codes(key: str) -> tuple[str, ...] | None:
        value = raw.get(key)
        if key not in raw:
            return None
        if not isinstance(value, list):
            raise TypeError(f"{key!r} must be a list")
        return tuple(value)

    date = raw.get("date")
    dates = None if date is None else frozenset([date] if isinstance(date, str) else date)
    where = raw.get("where")
    if where is not None and not isinstance(where, dict):
        raise TypeError("'where' must be a JSON object")
    return GoldEvent(raw["source"], raw["target"], codes("roots"), codes("plover"), dates, where)


# -- scoring -----------------------------------------------------------------------------------------------------

def evaluate(gold_path: str | Path, pipeline: Pipeline | None = None, config: Config | None = None) -> Report:
    """Code the gold file's articles as ``dragoman code`` does (with ``config``, or ``pipeline``'s) and score
    the events against its key."""
    gold = read_gold(gold_path)
    events, failures = _code(gold_path, pipeline or Pipeline(config))
    report = score(gold, events, name=str(gold_path))
    report.failures = failures
    return report


def by_confidence(gold_path: str | Path, thresholds: Iterable[float] = THRESHOLDS,
                  config: Config | None = None) -> list[tuple[float, Report]]:
    """A report for each minimum confidence: the gold file's articles coded once, with every event kept, then
    scored with only the events at or above each threshold."""
    gold = read_gold(gold_path)
    events, failures = _code(gold_path, Pipeline(replace(config or Config(), min_confidence=0.0)))
    rows = []
    for t in thresholds:
        report = score(gold, [e for e in events if e.confidence >= t], name=str(gold_path))
        report.failures = failures
        rows.append((t, report))
    return rows


def _code(gold_path: str | Path, pipeline: Pipeline) -> tuple[list[Event], list[Failure]]:
    events: list[Event] = []
    failures: list[Failure] = []
    for item in pipeline.run([str(gold_path)]):
        if isinstance(item, Failure):
            failures.append(item)
        else:
            events.extend(item.events)
    return events, failures


def score(gold: list[GoldArticle], events: Iterable[Event], name: str = "") -> Report:
    """Score predicted events against gold articles; events are matched to articles by ``article_id``."""
    by_article: dict[str, list[_Predicted]] = defaultdict(list)
    for e in events:
        by_article[str(e.article_id)].append(_Predicted.of(e))
    report = Report(gold=name, articles=len(gold))
    ids = {g.id for g in gold}
    report.events_for_unknown_articles = sum(len(ps) for k, ps in by_article.items() if k not in ids)
    for g in gold:
        _score_article(g, by_article.get(g.id, []), report)
    return report


def _score_article(g: GoldArticle, preds: list[_Predicted], report: Report) -> None:
    used: set[int] = set()
    for c in g.core:
        report.core_events += 1
        row = report.by_root.setdefault(c.label, RootCounts())
        row.core += 1
        hit = _best(c, preds, used)
        if hit is None:
            row.missed += 1
            wrong_root = [p.root for p in preds if _dyad_matches(c, p) and not _matches(c, p)]
            dyad_roots = tuple(dict.fromkeys(wrong_root))
            report.confusion.update((c.label, r) for r in dyad_roots)
            report.misses.append(Miss(g.id, c, re.sub(r"\s+", " ", g.text).strip(), dyad_roots))
            continue
        used.add(hit)
        row.found += 1
        report.found += 1
        if c.dates is not None:
            report.dated += 1
            report.dated_right += preds[hit].date in c.dates
        if c.where:
            country_right, city_right = _place_right(c.where, preds[hit].event)
            report.placed += 1
            report.placed_right += country_right
            if city_right is not None:
                report.cities += 1
                report.cities_right += city_right
    allowed = g.core + g.ok
    for p in preds:
        report.predicted += 1
        row = report.by_root.setdefault(p.root, RootCounts())
        row.predicted += 1
        if any(_matches(q, p) for q in allowed):
            report.correct += 1
        else:
            row.false_positives += 1
            report.false_positives.append(FalsePositive(g.id, p.event))


CITY_KM = 50  # a location this near the gold's city is right


def _place_right(where: dict[str, Any], e: Event) -> tuple[bool, bool | None]:
    """(country right, city right or None when the gold names no city) for one found event."""
    loc = e.location.place if e.location is not None else None
    countries = [str(c).upper() for c in where.get("country") or []]
    country_right = loc is not None and (loc.country or "").upper() in countries
    city = where.get("city")
    if not city:
        return country_right, None
    try:
        near = loc is not None and distance_km(loc.lat, loc.lon, float(city["lat"]), float(city["lon"])) <= CITY_KM
    except (KeyError, TypeError, ValueError):
        near = False
    return country_right, near


def _best(c: GoldEvent, preds: list[_Predicted], used: set[int]) -> int | None:
    """The prediction a core event takes: the first match with a right date (or the first match, when the date is
    not scored). With no right-dated match the scorer keeps the last match it saw; so does this, since which one
    is taken decides what later core events of the article can still match."""
    hit = None
    for i, p in enumerate(preds):
        if i in used or not _matches(c, p):
            continue
        hit = i
        if c.dates is None or p.date in c.dates:
            break
    return hit


def _matches(g: GoldEvent, p: _Predicted) -> bool:
    if not _dyad_matches(g, p):
        return False
    if g.roots is not None and p.root not in g.roots:
        return False
    return g.plover is None or p.plover in g.plover


def _dyad_matches(g: GoldEvent, p: _Predicted) -> bool:
    return _actor_matches(g.source, p.source, p.source_org) and _actor_matches(g.target, p.target, p.target_org)


def _actor_matches(spec: ActorSpec, key: str | None, org: bool) -> bool:
    if spec == "*":
        return True
    if isinstance(spec, list):
        return any(_actor_matches(s, key, org) for s in spec)
    if spec == "IGO":
        return org
    return spec == key


def _key(actor: Actor | None) -> str | None:
    """An actor's key as the scorer reads it from the output: org, else country, trimmed and upper-case."""
    if actor is None:
        return None
    for value in (actor.org, actor.country):
        if isinstance(value, str) and value.strip():
            return value.strip().upper()
    return None


def _is_org(actor: Actor | None) -> bool:
    return actor is not None and isinstance(actor.org, str) and bool(actor.org.strip())


# -- the report as text ------------------------------------------------------------------------------------------

def render(r: Report, show: int = 20) -> str:
    """A readable report: the figures, the table by root, the confused roots, then up to ``show`` misses and
    false positives."""
    date = f"{r.date_accuracy:.3f} ({r.dated_right}/{r.dated})" if r.date_accuracy is not None else "- (none dated)"
    lines = [
        f"{r.gold}: {r.articles} articles, {r.core_events} core events, {r.predicted} predicted",
        f"recall {r.recall:.3f} ({r.found}/{r.core_events})  precision {r.precision:.3f} ({r.correct}/{r.predicted})"
        f"  F1 {r.f1:.3f}  date accuracy {date}",
    ]
    if r.placed:
        city = f"{r.place_city:.3f} ({r.cities_right}/{r.cities})" if r.place_city is not None else "-"
        lines.append(f"where: country {r.place_country:.3f} ({r.placed_right}/{r.placed})  city within "
                     f"{CITY_KM} km {city}")
    if r.events_for_unknown_articles:
        lines.append(f"{r.events_for_unknown_articles} events for articles not in the gold file (not scored)")
    if r.failures:
        lines.append(f"{len(r.failures)} inputs could not be coded: " + "; ".join(map(str, r.failures)))
    lines += ["", "by root (core, found, missed: the gold's roots; predicted, false+: the predicted root)",
              f"  {'root':<10}  {'core':>5}  {'found':>5}  {'missed':>6}  {'predicted':>9}  {'false+':>6}"]
    for label, c in sorted(r.by_root.items()):
        lines.append(f"  {label:<10}  {c.core:>5}  {c.found:>5}  {c.missed:>6}  {c.predicted:>9}"
                     f"  {c.false_positives:>6}")
    if r.confusion:
        lines += ["", "right dyad, wrong root (gold -> predicted: misses)"]
        lines += [f"  {g} -> {p}: {n}" for (g, p), n in sorted(r.confusion.items())]
    lines += ["", _listed("misses", len(r.misses), show)]
    for m in r.misses[:show]:
        instead = f"  [predicted {'/'.join(m.dyad_roots)} for this dyad]" if m.dyad_roots else ""
        dates = f" {'|'.join(sorted(m.gold.dates))}" if m.gold.dates else ""
        lines.append(f"  {m.article_id}: {_spec(m.gold.source)} -> {_spec(m.gold.target)} {m.gold.label}{dates}"
                     f"{instead} | {_short(m.text)}")
    lines += ["", _listed("false positives", len(r.false_positives), show)]
    for f in r.false_positives[:show]:
        e = f.event
        lines.append(f"  {f.article_id}: {_key(e.source)} -> {_key(e.target)} {e.cameo} {e.cameo_name} "
                     f"({e.trigger!r}) | {_short(e.sentence)}")
    return "\n".join(lines) + "\n"


def render_by_confidence(rows: list[tuple[float, Report]], default: float = MIN_CONFIDENCE) -> str:
    """The precision-recall table by minimum confidence, as Markdown; the default threshold's row marked."""
    lines = ["| min confidence | predicted | recall | precision | F1 |", "|---|---|---|---|---|"]
    for t, r in rows:
        mark = " (default)" if abs(t - default) < 1e-9 else ""
        lines.append(f"| {t:.2f}{mark} | {r.predicted} | {r.recall:.3f} | {r.precision:.3f} | {r.f1:.3f} |")
    return "\n".join(lines) + "\n"


def _listed(what: str, n: int, show: int) -> str:
    return f"{what} ({n}{f', first {show} shown' if n > show else ''}):" if n else f"{what}: none"


def _spec(spec: ActorSpec) -> str:
    return "|".join(spec) if isinstance(spec, list) else str(spec)


def _short(text: str, width: int = 100) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"
