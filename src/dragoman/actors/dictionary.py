"""Actor dictionaries: YAML data in the package, extended or overridden by users' own YAML files.

A user file is one mapping with any of these keys (the built-in files use the same shapes):

    countries:      [{code, name, names, adjectives, people, capitals, ambiguous_capitals, seats, ambiguous,
                      exclude}]
    organizations:  [{org, name, names, kinds, sector, ambiguous, exclude}]
    anaphors:       [{phrase, kinds}]
    roles:          [{sector, nouns, titles}]
    carriers:       [noun, ...]
    relations:      [noun, ...]     nouns for another party than their possessor: "Israel's ally"
    pairs:          [phrase, ...]   phrases for the last two countries named: "both sides", "the two countries"
    nonactors:      [noun, ...]     people who comment on events or stand outside politics: "analyst", "forecaster"
    media:          [name, ...]     news organisations: they and their people ("NPR's Jane Doe") are no actor
    collectives:    {nouns: [noun, ...], bodies: {modifier: org}}   plural nouns for several countries ("the four
                    countries"): the list named nearby, else the body a modifier names ("the Gulf states")
    institutions:   [word, ...]     words that make an unlisted organisation political: "committee", "union"
    parties:        [{name, names, country, ambiguous, exclude}]   political parties, standing for their country
    groups:         [{name, names, country, sector, ambiguous, spread}]   non-state actors, keyed by their
                    country; `spread: true` for one that acts in several states (of where the text puts it)
    people:         [{name, names, country, org, sector, role, start, end}]   office-holders, with their terms
    places:         [{country, names, ambiguous}]   towns, cities and regions, standing for their country

Later entries win: a user's phrase replaces the built-in reading of the same phrase.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..exceptions import DictionaryError

BUILTIN = ("countries.yaml", "igos.yaml", "roles.yaml", "nonactors.yaml", "groups.yaml", "parties.yaml",
           "collectives.yaml", "institutions.yaml", "people.yaml", "places.yaml")


@dataclass(frozen=True)
class Entry:
    """What one phrase means. ``kind`` says how it was listed (name, adjective, capital, seat, igo, person...)."""

    phrase: str
    name: str
    kind: str
    country: str | None = None
    org: str | None = None
    sector: str | None = None
    ambiguous: bool = False
    start: str | None = None  # a person's time in office, ISO dates
    end: str | None = None
    origin: str = ""

    @property
    def why(self) -> str:
        return f"{self.origin}: {self.kind} {self.phrase!r}"


@dataclass
class Dictionary:
    names: dict[str, list[Entry]] = field(default_factory=dict)  # case-sensitive phrases
    anaphors: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lower-case phrase -> org kinds
    org_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    org_names: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)  # lower-case noun -> sector
    titles: set[str] = field(default_factory=set)  # lower-case role nouns that can precede a name
    carriers: set[str] = field(default_factory=set)  # nouns whose "of" phrase names the actor
    relations: set[str] = field(default_factory=set)  # nouns whose possessor is another party: "Israel's ally"
    pairs: set[str] = field(default_factory=set)  # lower-case phrases for the last two countries named
    family_names: dict[str, str] = field(default_factory=dict)  # a person's name -> the family name written first
    nonactors: set[str] = field(default_factory=set)  # lower-case nouns for commentators and people outside politics
    country_names: dict[str, str] = field(default_factory=dict)  # code -> the name used in output
    org_members: dict[str, frozenset[str]] = field(default_factory=dict)  # org -> member country codes
    collectives: set[str] = field(default_factory=set)  # lower-case plural nouns for several countries
    bodies: dict[str, str] = field(default_factory=dict)  # lower-case modifier of such a noun -> org
    institutions: set[str] = field(default_factory=set)  # lower-case words that make an unlisted body political

    def add(self, entry: Entry, replace: bool) -> None:
        if replace:
            self.names[entry.phrase] = [entry]
        else:
            self.names.setdefault(entry.phrase, []).append(entry)

    def name_words(self) -> frozenset[str]:
        """Lower-case words of every name the dictionaries know, which keep their capitals in a title-case headline."""
        return frozenset(w for phrase in self.names for w in re.findall(r"[a-z][a-z'\u2019]*", phrase.lower()))

    def place_names(self) -> frozenset[str]:
        """Lower-case names of the countries, capitals and places that stand for one country."""
        return frozenset(phrase.lower() for phrase, entries in self.names.items()
                         if any(e.kind in ("name", "capital", "place") and e.country and not e.org
                                and not e.ambiguous for e in entries))

    def lookup(self, phrase: str, on: str | None = None) -> Entry | None:
        """The reading of a phrase; for people with terms in office, the one in office on ``on``. A person out of
        office then is still of their country: a former official (ELI) after a term, no sector before one."""
        entries = self.names.get(phrase)
        if not entries:
            return None
        if on:
            current = [e for e in entries if (e.start or "") <= on <= (e.end or "9999")]
            if current:
                return current[-1]
            if all(e.kind == "person" and (e.start or e.end) for e in entries):
                past = [e for e in entries if e.end and e.end < on and e.country]
                if past:
                    latest = max(past, key=lambda e: e.end or "")
                    return replace(latest, org=None, sector="ELI", origin=f"{latest.origin} (out of office since {latest.end})")
                later = [e for e in entries if e.country]
                return replace(later[0], sector=None, origin=f"{later[0].origin} (not yet in office)") if later else None
        return entries[-1]


def load_dictionary(extra: Iterable[Path] = ()) -> Dictionary:
    d = Dictionary()
    pkg = resources.files("dragoman.actors.data")
    for name in BUILTIN:
        _merge(d, _read(pkg.joinpath(name).read_text(encoding="utf-8"), name), name, replace=False)
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise DictionaryError(f"{path}: cannot read dictionary: {e.strerror or e}") from None
        _merge(d, _read(text, str(path)), Path(path).name, replace=True)
    return d


def _read(text: str, origin: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise DictionaryError(f"{origin}: not valid YAML: {e}") from None
    if isinstance(data, list):  # countries.yaml is a bare list
        data = {"countries": data}
    if not isinstance(data, dict):
        raise DictionaryError(f"{origin}: expected a mapping of sections, got {type(data).__name__}")
    unknown = set(data) - {"countries", "organizations", "anaphors", "roles", "carriers", "relations", "pairs",
                           "nonactors", "media", "collectives", "institutions", "parties", "groups", "people", "places"}
    if unknown:
        raise DictionaryError(f"{origin}: unknown section(s) {', '.join(sorted(unknown))}")
    return data


def _need(item: Any, key: str, origin: str, section: str) -> Any:
    if not isinstance(item, dict) or not item.get(key):
        raise DictionaryError(f"{origin}: an entry in {section!r} has no {key!r}: {item!r}")
    return item[key]


def _merge(d: Dictionary, data: dict[str, Any], origin: str, replace: bool) -> None:
    for c in data.get("countries") or ():
        code = str(_need(c, "code", origin, "countries")).upper()
        name = c.get("name") or code
        d.country_names[code] = name
        ambiguous = set(c.get("ambiguous") or ()) | set(c.get("ambiguous_capitals") or ())
        for kind, key, sector in (("name", "names", None), ("adjective", "adjectives", None),
                                  ("people", "people", "CVL"), ("capital", "capitals", "GOV"),
                                  ("capital", "ambiguous_capitals", "GOV")):
            for phrase in c.get(key) or ():
                d.add(Entry(phrase, name, kind, country=code, sector=sector,
                            ambiguous=phrase in ambiguous, origin=origin), replace)
        _excludes(d, c, origin, replace)
        for seat in c.get("seats") or ():
            phrase, sector = (seat["phrase"], seat.get("sector", "GOV")) if isinstance(seat, dict) else (seat, "GOV")
            d.add(Entry(phrase, name, "seat", country=code, sector=sector, origin=origin), replace)
    for o in data.get("organizations") or ():
        org = str(_need(o, "org", origin, "organizations"))
        d.org_kinds[org] = tuple(o.get("kinds") or ())
        d.org_names[org] = o.get("name") or org
        if o.get("members"):
            d.org_members[org] = frozenset(o["members"])
        ambiguous = set(o.get("ambiguous") or ())
        for phrase in o.get("names") or [org]:
            d.add(Entry(phrase, d.org_names[org], "igo", org=org, sector=o.get("sector"),
                        ambiguous=phrase in ambiguous, origin=origin), replace)
        _excludes(d, o, origin, replace)
    for a in data.get("anaphors") or ():
        d.anaphors[str(_need(a, "phrase", origin, "anaphors")).lower()] = tuple(a.get("kinds") or ())
    for r in data.get("roles") or ():
        sector = _need(r, "sector", origin, "roles")
        for noun in r.get("nouns") or ():
            d.roles[noun.lower()] = sector
            if r.get("titles"):
                d.titles.add(noun.lower())
    d.carriers.update(n.lower() for n in data.get("carriers") or ())
    d.relations.update(n.lower() for n in data.get("relations") or ())
    d.pairs.update(n.lower() for n in data.get("pairs") or ())
    d.nonactors.update(n.lower() for n in data.get("nonactors") or ())
    d.institutions.update(n.lower() for n in data.get("institutions") or ())
    for name in data.get("media") or ():
        d.add(Entry(str(name), str(name), "media", sector="JRN", origin=origin), replace)
    coll = data.get("collectives") or {}
    d.collectives.update(n.lower() for n in coll.get("nouns") or ())
    d.bodies.update((str(k).lower(), str(v)) for k, v in (coll.get("bodies") or {}).items())
    for p in data.get("parties") or ():
        name = str(_need(p, "name", origin, "parties"))
        code = str(_need(p, "country", origin, "parties")).upper()
        ambiguous = set(p.get("ambiguous") or ())
        for phrase in p.get("names") or [name]:
            d.add(Entry(phrase, name, "party", country=code, sector=p.get("sector", "PTY"),
                        ambiguous=phrase in ambiguous, origin=origin), replace)
        _excludes(d, p, origin, replace)
    for g in data.get("groups") or ():
        name = str(_need(g, "name", origin, "groups"))
        ambiguous = set(g.get("ambiguous") or ())
        for phrase in g.get("names") or [name]:
            d.add(Entry(phrase, name, "spread group" if g.get("spread") else "group", country=g.get("country"),
                        sector=g.get("sector", "REB"),
                        ambiguous=phrase in ambiguous, origin=origin), replace)
    for pl in data.get("places") or ():
        code = str(_need(pl, "country", origin, "places")).upper()
        ambiguous = set(pl.get("ambiguous") or ())
        for phrase in pl.get("names") or ():
            if not replace and phrase in d.names:  # a country's own phrase ("Aden", a capital) keeps its reading
                continue
            d.add(Entry(phrase, d.country_names.get(code, code), "place", country=code, ambiguous=phrase in ambiguous,
                        origin=origin), replace)
    for p in data.get("people") or ():
        name = str(_need(p, "name", origin, "people"))
        fields = dict(country=p.get("country"), org=p.get("org"), sector=p.get("sector", "GOV"),
                      start=_iso(p.get("start")), end=_iso(p.get("end")), origin=origin)
        for phrase in p.get("names") or [name]:
            d.add(Entry(phrase, name, "person", **fields), replace=False)
        names = p.get("names") or [name]
        variants = [n for n in names if " of " not in n]  # not "Abdullah II of Jordan"
        first = any(family_first(n) for n in [name, *variants])  # "Kim Jong-un" makes "Kim Jong Un" "Kim"
        if first:
            d.family_names.update((n, n.split()[0]) for n in [name, *variants])
        own = surname(name, first)
        for short in {surname(n, first) for n in [name, *variants]}:  # "Erdogan" and "Erdoğan"
            if short and short != name and short not in names and (
                    short == own or all(e.kind == "person" for e in d.names.get(short, ()))):
                d.add(Entry(short, name, "person", ambiguous=True, **fields), replace=False)


SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def surname(name: str, first: bool | None = None) -> str | None:
    """The last word that is not a generational suffix ("Ferdinand Marcos Jr." -> "Marcos"); the first word for a
    name written family name first ("Moon Jae-in" -> "Moon")."""
    words = [w for w in name.replace(",", " ").split() if w.lower() not in SUFFIXES]
    if len(words) < 2:
        return None
    return words[0] if (family_first(name) if first is None else first) else words[-1]


def family_first(name: str) -> bool:
    """A Korean-style name: two or three words ending in a hyphenated given name ("Park Soo-hyun", "Kim Jong-un")."""
    words = name.split()
    if not 2 <= len(words) <= 3:
        return False
    head, _, tail = words[-1].partition("-")
    return bool(head[:1].isupper() and tail[:1].islower() and len(head) <= 5 and len(tail) <= 5)


def _excludes(d: Dictionary, item: dict[str, Any], origin: str, replace: bool) -> None:
    """Longer phrases that contain a name but do not mean it ("New Mexico"): matched, then dropped."""
    for phrase in item.get("exclude") or ():
        d.add(Entry(phrase, phrase, "exclude", origin=origin), replace)


def _iso(value: Any) -> str | None:
    return None if value is None else str(value)
