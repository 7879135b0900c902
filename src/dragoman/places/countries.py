"""Facts about countries: codes in every scheme exports need, names, and the point GeoNames gives each."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    fips: str  # FIPS 10-4, as GDELT's geography fields use
    geonames_id: int
    name: str
    continent: str
    population: int
    lat: float | None
    lon: float | None


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Every country and territory by ISO 3166 alpha-3 code."""
    text = resources.files("dragoman.places").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    return {r["iso3"]: Country(r["iso3"], r["iso2"], r["fips"], int(r["geonames_id"]), r["name"], r["continent"],
                               int(r["population"] or 0), float(r["lat"]) if r["lat"] else None,
                               float(r["lon"]) if r["lon"] else None) for r in rows}


def country_info(iso3: str | None) -> Country | None:
    """The country with this alpha-3 code, or None."""
    return countries().get((iso3 or "").upper()) if iso3 else None


@lru_cache(maxsize=1)
def by_iso2() -> dict[str, Country]:
    return {c.iso2: c for c in countries().values()}


# Country-code domains that sites take for their letters, not their country: they say nothing of the outlet's home
VANITY_DOMAINS = frozenset({"ai", "am", "cc", "co", "fm", "gg", "io", "it", "la", "ly", "me", "nu", "so", "tk", "to",
                            "tv", "vc", "ws"})


def outlet_country(url: str | None) -> str | None:
    """The country (ISO3) of a news site's country-code domain: ``www.cbc.ca`` is Canada's, ``nlhnews.co.uk``
    Britain's; None for ``.com``, ``.news`` and the country codes sites use as words (``.tv``, ``.io``)."""
    host = urlsplit(url or "").hostname or ""
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if len(tld) != 2 or tld in VANITY_DOMAINS:
        return None
    country = by_iso2().get("GB" if tld == "uk" else tld.upper())
    return country.iso3 if country else None
