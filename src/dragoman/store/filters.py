"""What a query's arguments mean: each checked (UsageError when it makes no sense) and turned into SQL conditions."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date as Date
from datetime import datetime
from typing import Any

from dragoman.exceptions import UsageError
from dragoman.places.countries import country_info

__all__ = ["PLACE_KEY", "actor_key", "event_filter", "in_bbox", "incident_filter", "parse_bbox", "parse_country",
           "parse_date", "parse_limit", "parse_root"]

# A place on a map is its GeoNames id, else its coordinates rounded to four decimals (about ten metres), so the
# events at one place make one point; an event with neither has no place.
PLACE_KEY = ("CASE WHEN e.location_geonames_id IS NOT NULL THEN 'geonames:' || e.location_geonames_id"
             " WHEN e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL"
             " THEN printf('%.4f,%.4f', e.location_lat, e.location_lon) END")

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def event_filter(actor, source, target, since, until, root, plover, text, incident,
                 dyad=None, min_confidence=None, country=None, bbox=None, place=None) -> tuple[str, list[Any]]:
    """The WHERE clause over events (``e``) of ``Store.events`` and its parameters."""
    where = _Where()
    _actors(where, "e.", actor, source, target)
    first = parse_date(since, "since") if since is not None else None
    last = parse_date(until, "until") if until is not None else None
    if first and last and first > last:
        raise UsageError(f"since ({first}) is after until ({last})")
    if first:
        where.add("e.date >= ?", first)
    if last:
        where.add("e.date <= ?", last)
    if root is not None:
        where.add("e.root = ?", parse_root(root))
    if plover is not None:
        where.add("e.plover_type = ?", str(plover).strip().upper())
    if text is not None and str(text).strip():
        where.add("e.sentence LIKE ? ESCAPE '\\'", "%" + re.sub(r"([%_\\])", r"\\\1", str(text).strip()) + "%")
    if incident is not None:
        where.add("e.incident_id = ?", incident)
    if min_confidence is not None:
        where.add("e.confidence >= ?", float(min_confidence))
    if dyad is not None:
        a, b = (actor_key(k) for k in dyad)
        where.add("((e.source_key = ? AND e.target_key = ?) OR (e.source_key = ? AND e.target_key = ?))", a, b, b, a)
    if country is not None:
        where.add("e.location_country = ?", parse_country(country))
    if bbox is not None:
        inside, box = in_bbox(parse_bbox(bbox))
        where.add(inside, *box)
    if place is not None:
        where.add(f"{PLACE_KEY} = ?", str(place).strip())
    return where.clause()


def incident_filter(actor, source, target, root, since, until, country, bbox) -> tuple[str, list[Any]]:
    """The WHERE clause over incidents of ``Store.incidents`` and its parameters."""
    where = _Where()
    _actors(where, "", actor, source, target)
    if root is not None:
        where.add("root = ?", parse_root(root))
    if since is not None:
        where.add("date_last >= ?", parse_date(since, "since"))
    if until is not None:
        where.add("date <= ?", parse_date(until, "until"))
    if country is not None:
        where.add("country = ?", parse_country(country))
    if bbox is not None:
        inside, box = in_bbox(parse_bbox(bbox))
        where.add(f"EXISTS (SELECT 1 FROM events e WHERE e.incident_id = incidents.id AND {inside})", *box)
    return where.clause()


class _Where:
    """Conditions joined by AND, with their parameters in the same order."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.params: list[Any] = []

    def add(self, condition: str, *params: Any) -> None:
        self.conditions.append(condition)
        self.params += params

    def clause(self) -> tuple[str, list[Any]]:
        return (" WHERE " + " AND ".join(self.conditions) if self.conditions else ""), self.params


def _actors(where: _Where, prefix: str, actor: str | None, source: str | None, target: str | None) -> None:
    """The actor conditions, on the key columns of the table ``prefix`` names."""
    if actor is not None:
        where.add(f"({prefix}source_key = ? OR {prefix}target_key = ?)", actor_key(actor), actor_key(actor))
    for column, value in (("source_key", source), ("target_key", target)):
        if value is not None:
            where.add(f"{prefix}{column} = ?", actor_key(value))


def actor_key(key: str | None) -> str | None:
    """An actor key (an org, else an ISO alpha-3 country) as stored: upper case."""
    return key.strip().upper() if key is not None else None


def parse_date(value: str | Date, name: str) -> str:
    """An ISO date (``name`` is the argument's, for the error)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, Date):
        return value.isoformat()
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            return Date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise UsageError(f"{name} must be an ISO date like 2024-05-13, got {value!r}")


def parse_root(value: str | int) -> str:
    """A CAMEO root as stored, two digits: 6 and "6" are "06"."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if text.isdigit() and len(text) <= 2 and 1 <= int(text) <= 20:
        return f"{int(text):02d}"
    raise UsageError(f"root must be a CAMEO root from 01 to 20 (such as '06' or '6'), got {value!r}")


def parse_country(value: str) -> str:
    """An ISO 3166 alpha-3 country code, upper-cased; UsageError for anything else."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if country_info(code) is None:
        raise UsageError(f"country must be an ISO 3166 alpha-3 code such as UKR, got {value!r}")
    return code


def parse_bbox(value: str | Sequence[float]) -> tuple[float, float, float, float]:
    """A bounding box ``(min_lon, min_lat, max_lon, max_lat)`` in degrees, from four numbers or ``"22,44,41,53"``.

    A box whose min_lon is east of its max_lon crosses the 180th meridian (``170,-20,-170,0`` holds Fiji), as in
    GeoJSON; UsageError for anything that is not such a box."""
    parts = value.split(",") if isinstance(value, str) else value
    try:
        numbers = [float(p) for p in parts]
    except (TypeError, ValueError):
        numbers = []
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise UsageError(f"bbox must be four numbers min_lon,min_lat,max_lon,max_lat such as 22,44,41,53, "
                         f"got {value!r}")
    min_lon, min_lat, max_lon, max_lat = numbers
    if not all(-180 <= lon <= 180 for lon in (min_lon, max_lon)):
        raise UsageError(f"bbox longitudes must be from -180 to 180, got {min_lon:g} and {max_lon:g}")
    if not all(-90 <= lat <= 90 for lat in (min_lat, max_lat)):
        raise UsageError(f"bbox latitudes must be from -90 to 90, got {min_lat:g} and {max_lat:g}")
    if min_lat > max_lat:
        raise UsageError(f"bbox min_lat ({min_lat:g}) is north of max_lat ({max_lat:g})")
    return min_lon, min_lat, max_lon, max_lat


def in_bbox(box: tuple[float, float, float, float]) -> tuple[str, list[float]]:
    """The condition that an event (``e``) is located in ``box``, and its parameters."""
    min_lon, min_lat, max_lon, max_lat = box
    lon = "(e.location_lon >= ? OR e.location_lon <= ?)" if min_lon > max_lon else "e.location_lon BETWEEN ? AND ?"
    return f"e.location_lat BETWEEN ? AND ? AND {lon}", [min_lat, max_lat, min_lon, max_lon]


def parse_limit(value: int) -> int:
    """A limit or an offset: a whole number of 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"limit must be a whole number of 0 or more, got {value!r}")
    return value
