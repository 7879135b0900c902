"""The typed records that flow between stages.

Spans are ``(start, end)`` character offsets into ``Article.text``. Cleaning never shifts text (it blanks what it
removes), so an offset found in the cleaned text is also an offset in the article as ingested.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]


def stable_id(*parts: str | None, length: int = 16) -> str:
    """A short hash that is the same on every machine and every run."""
    # surrogatepass: a lone surrogate (JSON allows "\ud800") hashes too, instead of raising.
    h = hashlib.sha1("\x1f".join(p or "" for p in parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:length]


def article_id(url: str | None, text: str) -> str:
    """An article's id: from its URL when it has one, else from its text."""
    return stable_id("url", url.strip()) if url and url.strip() else stable_id("text", text.strip())


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date, "YYYY-MM-DD"
    published_source: str | None = None  # where the date came from: "metadata", "first line", "html", "feed", ...
    source: str | None = None  # the site or outlet
    language: str = "en"
    format: str = "txt"
    origin: str | None = None  # the input it was read from, for messages


@dataclass(frozen=True)
class Failure:
    """An input that could not be read or coded. Batches report these and go on."""

    input: str
    reason: str
    stage: str = "ingest"

    def __str__(self) -> str:
        return printable(f"{self.input}: {self.reason}")


MESSAGE_CHARS = 500


def printable(message: str, limit: int = MESSAGE_CHARS) -> str:
    """A message safe for one terminal line: control characters, line breaks and lone surrogates escaped (an input's
    own bytes must never reach a terminal as escape codes), and cut at ``limit`` characters."""
    out = "".join(ch if ch.isprintable() else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                  for ch in message[:limit])
    return out + ("…" if len(message) > limit else "")


@dataclass(frozen=True)
class Removal:
    """One piece of page furniture taken out by the cleaner, and why."""

    rule: str
    span: Span
    text: str
    reason: str


@dataclass(frozen=True)
class Cleaned:
    article: Article
    text: str  # same length as article.text; removed spans are blanked
    removals: tuple[Removal, ...] = ()
    location: str | None = None  # dateline place, kept as a hint
    published: str | None = None  # a full date found in a date line or dateline at the top, for undated inputs
    published_source: str | None = None  # "date line" or "dateline"


@dataclass(frozen=True)
class Actor:
    text: str
    name: str
    span: Span
    country: str | None = None  # ISO 3166 alpha-3
    org: str | None = None  # IGO acronym or a non-state group's code
    sector: str | None = None  # PLOVER sector
    why: str = ""  # which dictionary entry or rule produced it

    @property
    def key(self) -> str | None:
        return self.org or self.country

    @property
    def cameo(self) -> str | None:
        base = self.org or self.country
        if base is None:
            return self.sector
        return base + (self.sector or "")

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country, "org": self.org,
                "sector": self.sector, "cameo": self.cameo, "span": list(self.span)}


@dataclass(frozen=True)
class EventDate:
    date: str | None  # ISO date or None when nothing tells
    precision: str | None  # day, week, month, year
    source: str  # the expression used, "published", or "none"

    @property
    def from_text(self) -> bool:
        """The text's own words date the act (not the publication date, nor nothing)."""
        return self.source not in ("published", "none")


@dataclass(frozen=True)
class Link:
    """A relation the text states between two events of one article: ``event`` responds to ``to``."""

    relation: str  # "responds_to"
    to: str  # the event_id of the earlier act
    cue: str  # the words that state it, as written
    cue_span: Span
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"relation": self.relation, "event_id": self.to, "cue": self.cue, "span": list(self.cue_span),
                "rule": self.rule}


@dataclass(frozen=True)
class Place:
    """A place name in the text, resolved to one gazetteer entry."""

    text: str  # as written
    span: Span
    name: str  # the gazetteer's name
    country: str | None  # ISO 3166 alpha-3; None for a region or a place two states claim
    admin1: str | None  # name of the first-level division it lies in (or is)
    lat: float | None
    lon: float | None
    geonames_id: int | None
    feature: str  # city, admin1, country, region
    admin1_code: str | None = None  # GeoNames key, "UA.07"; FIPS-like for most countries
    metonymic: bool = False  # a seat of power or country standing for its government ("Moscow said")
    adjective: bool = False  # a demonym ("Turkish"): a place mention, never where an act happened
    why: str = ""  # how it was found and resolved

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span), "name": self.name, "country": self.country,
                "admin1": self.admin1, "lat": self.lat, "lon": self.lon, "geonames_id": self.geonames_id,
                "feature": self.feature}


@dataclass(frozen=True)
class Location:
    """Where an event happened: one place and the step that chose it."""

    place: Place
    source: str  # clause, sentence, dateline, actor
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {"text": p.text, "name": p.name, "country": p.country, "admin1": p.admin1, "lat": p.lat,
                "lon": p.lon, "geonames_id": p.geonames_id, "feature": p.feature, "span": list(p.span),
                "source": self.source, "admin1_code": p.admin1_code}


@dataclass(frozen=True)
class Event:
    article_id: str
    source: Actor
    target: Actor | None
    cameo: str
    cameo_name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    trigger: str
    trigger_span: Span
    sentence: str
    sentence_index: int
    sentence_span: Span
    rule: str
    confidence: float
    date: EventDate = field(default_factory=lambda: EventDate(None, None, "none"))
    links: tuple[Link, ...] = ()
    location: Location | None = None

    @property
    def root(self) -> str:
        return self.cameo[:2]

    @property
    def event_id(self) -> str:
        return stable_id(self.article_id, str(self.trigger_span), self.source.key,
                         self.target.key if self.target else None, self.cameo)

    def to_dict(self) -> dict[str, Any]:
        """The record of DESIGN.md's output contract."""
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "date": self.date.date,
            "date_precision": self.date.precision,
            "date_source": self.date.source,
            "source": self.source.to_dict(),
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_name": self.cameo_name,
            "root": self.root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": {"event_type": self.plover_type, "mode": self.plover_mode},
            "trigger": {"text": self.trigger, "span": list(self.trigger_span)},
            "sentence": self.sentence,
            "sentence_index": self.sentence_index,
            "rule": self.rule,
            "confidence": self.confidence,
            "links": [link.to_dict() for link in self.links],
            "location": self.location.to_dict() if self.location else None,
        }


def as_dict(obj: Any) -> dict[str, Any]:
    return obj.to_dict() if hasattr(obj, "to_dict") else asdict(obj)
