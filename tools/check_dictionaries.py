#!/usr/bin/env python3
"""Check dragoman's built-in actor dictionaries and print what they hold.

    python tools/check_dictionaries.py [DATA_DIR]

DATA_DIR defaults to src/dragoman/actors/data. The script reads countries.yaml, igos.yaml and roles.yaml with
yaml.safe_load and checks:

- structure: required keys, value types, no unknown keys, phrases are clean non-empty strings with straight
  apostrophes;
- countries: codes are valid ISO 3166-1 alpha-3 per pycountry (except the user-assigned codes in NON_ISO), no code
  twice, every UN member state present, every entry has a demonym (except NO_DEMONYM), ``ambiguous`` lists only
  the entry's own phrases, ``exclude`` phrases contain one of the entry's phrases and are nobody's phrase;
- organisations: keys are short upper-case and never a country code, entries sharing a key have the same kinds
  and the main entry (no sector) comes last (dictionary.py keeps the last entry's kinds and name), members and
  parents exist;
- phrases: no phrase means two different countries or organisations unless every reading but at most one is
  marked ambiguous (that unmarked one is the default and must come last, as dictionary.py returns the last
  reading); no phrase is listed twice for one owner;
- anaphors: kinds exist on some organisation, no phrase twice;
- roles: sectors are PLOVER sector codes, nouns are lower-case and in one entry only, carriers and relations are
  not roles nor each other;
- parties (parties.yaml): each party's country is in countries.yaml, no name twice, ``ambiguous`` lists only the
  entry's own names, ``exclude`` phrases contain one of its names and are no party's name;
- collectives, institutions and nonactors: lower-case words, none twice; a collective's body is an organisation in
  igos.yaml; no commentator noun is a role noun; media names are clean and listed once;
- places (places.yaml): each entry's country is a country listed in countries.yaml, no place is listed twice or is
  already a country's or organisation's phrase (the loader would skip it), ``ambiguous`` lists only the entry's
  own names.

It exits 1 if any check fails. Warnings do not fail the run.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pycountry
import yaml

NON_ISO = {"XKX": "Kosovo"}  # user-assigned code, as the EU, IMF and World Bank use; not in ISO 3166 or pycountry
NO_DEMONYM = {"VAT"}  # the Holy See: "Vatican" is listed as a name; there is no people noun

# The 193 UN member states (ISO 3166-1 alpha-3).
UN_MEMBERS = set("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR BFA BDI
CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE PRK DNK DJI DMA DOM ECU EGY SLV GNQ ERI
EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA
JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM
MDA MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT
KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK TZA THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split())
assert len(UN_MEMBERS) == 193

# Entities the brief requires besides the UN members.
REQUIRED_OTHERS = {"XKX", "TWN", "PSE", "VAT", "ESH", "HKG", "MAC"}

# PLOVER sector codes (PLOVER manual, actor sectors).
SECTORS = set("""
COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK RAD AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC
""".split())

COUNTRY_KEYS = {"code", "name", "names", "adjectives", "people", "capitals", "ambiguous_capitals", "seats",
                "ambiguous", "exclude"}
COUNTRY_REQUIRED = {"code", "name", "names", "adjectives", "people", "capitals"}
ORG_KEYS = {"org", "name", "names", "kinds", "sector", "kind", "parent", "members", "ambiguous", "exclude"}
ORG_REQUIRED = {"org", "name", "names", "kinds"}
ROLE_KEYS = {"sector", "nouns", "titles"}
ORG_KEY_RE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, msg: str) -> None:
        self.errors.append(msg)

    def warn(self, msg: str) -> None:
        self.warnings.append(msg)

    def finish(self) -> int:
        """Print the warnings, the errors and their counts; the exit status."""
        for w in self.warnings:
            print(f"warning: {w}")
        for e in self.errors:
            print(f"error: {e}")
        print(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return 1 if self.errors else 0


def load(path: Path, r: Report):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, ValueError) as e:  # ValueError: an impossible date such as 2019-13-01
        r.error(f"{path.name}: cannot load: {e}")
        return None


def check_phrase(p, where: str, r: Report) -> bool:
    if not isinstance(p, str) or not p.strip():
        r.error(f"{where}: not a non-empty string: {p!r}")
        return False
    if p != p.strip() or "  " in p:
        r.error(f"{where}: stray whitespace in {p!r}")
    if any(c in p for c in "\u2018\u2019\u201c\u201d"):
        r.error(f"{where}: curly quote in {p!r} (use straight quotes; the clean stage normalises them)")
    return True


def str_list(entry: dict, key: str, where: str, r: Report) -> list[str]:
    value = entry.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        r.error(f"{where}: {key!r} must be a list")
        return []
    return [p for p in value if check_phrase(p, f"{where}.{key}", r)]


def contains_word(longer: str, phrase: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", longer) is not None


class Phrases:
    """Every listed phrase with its readings, in load order (countries, then organisations)."""

    def __init__(self) -> None:
        # phrase -> [(owner, ambiguous, where)]
        self.readings: dict[str, list[tuple[str, bool, str]]] = defaultdict(list)

    def add(self, phrase: str, owner: str, ambiguous: bool, where: str) -> None:
        self.readings[phrase].append((owner, ambiguous, where))

    def check(self, r: Report) -> None:
        for phrase, readings in self.readings.items():
            owners = Counter(o for o, _, _ in readings)
            for owner, n in owners.items():
                if n > 1:
                    wheres = ", ".join(w for o, _, w in readings if o == owner)
                    r.error(f"phrase {phrase!r} is listed {n} times for {owner} ({wheres})")
            if len(owners) < 2:
                continue
            firsts = {}
            for owner, amb, _ in readings:
                firsts.setdefault(owner, amb)
            unmarked = [o for o, amb in firsts.items() if not amb]
            if len(unmarked) > 1:
                r.error(f"phrase {phrase!r} means {', '.join(owners)}; mark all readings but one as ambiguous "
                        f"(unmarked: {', '.join(unmarked)})")
            elif unmarked and readings[-1][0] != unmarked[0]:
                r.warn(f"phrase {phrase!r}: the default reading {unmarked[0]} is not the last one listed, "
                       f"but dictionary.py returns the last")


def check_countries(data, phrases: Phrases, r: Report) -> dict:
    stats: Counter = Counter()
    if not isinstance(data, list):
        r.error("countries.yaml: expected a list of entries")
        return {"codes": set(), "stats": stats, "excludes": []}
    codes: list[str] = []
    seat_sectors: Counter = Counter()
    excludes: list[tuple[str, str]] = []
    for i, c in enumerate(data):
        where = f"countries.yaml[{i}]"
        if not isinstance(c, dict):
            r.error(f"{where}: not a mapping")
            continue
        code = c.get("code")
        where = f"countries.yaml:{code or i}"
        for key in COUNTRY_REQUIRED - set(c):
            r.error(f"{where}: missing {key!r}")
        for key in set(c) - COUNTRY_KEYS:
            r.error(f"{where}: unknown key {key!r}")
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3}", code):
            r.error(f"{where}: code must be three upper-case letters")
            continue
        codes.append(code)
        if code not in NON_ISO and pycountry.countries.get(alpha_3=code) is None:
            r.error(f"{where}: {code} is not an ISO 3166-1 alpha-3 code (pycountry)")
        if not isinstance(c.get("name"), str) or not c.get("name"):
            r.error(f"{where}: 'name' must be a non-empty string")
        names = str_list(c, "names", where, r)
        if not names:
            r.error(f"{where}: no names")
        adjectives = str_list(c, "adjectives", where, r)
        people = str_list(c, "people", where, r)
        capitals = str_list(c, "capitals", where, r)
        amb_capitals = str_list(c, "ambiguous_capitals", where, r)
        ambiguous = set(str_list(c, "ambiguous", where, r))
        if not adjectives and not people and code not in NO_DEMONYM:
            r.error(f"{where}: no demonym (adjectives or people)")
        seats: list[str] = []
        seat_list = c.get("seats") or []
        if not isinstance(seat_list, list):
            r.error(f"{where}: 'seats' must be a list")
            seat_list = []
        for s in seat_list:
            if isinstance(s, dict):
                if set(s) - {"phrase", "sector"} or "phrase" not in s:
                    r.error(f"{where}.seats: a mapping needs 'phrase' and optionally 'sector': {s!r}")
                    continue
                sector = s.get("sector", "GOV")
                if sector not in SECTORS:
                    r.error(f"{where}.seats: {s['phrase']!r} has unknown sector {sector!r}")
                phrase = s["phrase"]
            else:
                phrase, sector = s, "GOV"
            if check_phrase(phrase, f"{where}.seats", r):
                seats.append(phrase)
                seat_sectors[sector] += 1
        own = {"names": names, "adjectives": adjectives, "people": people, "capitals": capitals,
               "ambiguous_capitals": amb_capitals, "seats": seats}
        listed = {p for ps in own.values() for p in ps}
        for p in ambiguous - set(names) - set(adjectives) - set(people):
            r.error(f"{where}: ambiguous {p!r} is not one of its names, adjectives or people")
        for key, ps in own.items():
            for p in ps:
                amb = p in ambiguous or key == "ambiguous_capitals"
                phrases.add(p, f"country {code}", amb, f"{code}.{key}")
        for ex in str_list(c, "exclude", where, r):
            if not any(contains_word(ex, p) for p in listed):
                r.error(f"{where}: exclude {ex!r} contains none of the entry's phrases")
            excludes.append((ex, where))
        stats["entries"] += 1
        stats["UN members"] += code in UN_MEMBERS
        stats["names"] += len(names)
        stats["adjectives"] += len(adjectives)
        stats["people"] += len(people)
        stats["capitals"] += len(capitals)
        stats["ambiguous capitals"] += len(amb_capitals)
        stats["seats"] += len(seats)
        stats["ambiguous"] += len(ambiguous)
        stats["exclude"] += len(c.get("exclude") or [])
    for code, n in Counter(codes).items():
        if n > 1:
            r.error(f"countries.yaml: code {code} appears {n} times")
    missing = (UN_MEMBERS | REQUIRED_OTHERS) - set(codes)
    if missing:
        r.error(f"countries.yaml: missing {', '.join(sorted(missing))}")
    return {"codes": set(codes), "stats": stats, "seat_sectors": seat_sectors, "excludes": excludes}


def check_igos(data, codes: set[str], phrases: Phrases, r: Report) -> dict:
    stats: Counter = Counter()
    if not isinstance(data, dict) or set(data) - {"organizations", "anaphors"}:
        r.error("igos.yaml: expected a mapping with 'organizations' and 'anaphors'")
        return {"stats": stats, "excludes": [], "orgs": set()}
    orgs = data.get("organizations") or []
    by_key: dict[str, list[dict]] = defaultdict(list)
    excludes: list[tuple[str, str]] = []
    all_kinds: set[str] = set()
    for i, o in enumerate(orgs):
        if not isinstance(o, dict):
            r.error(f"igos.yaml organizations[{i}]: not a mapping")
            continue
        key = o.get("org")
        where = f"igos.yaml:{key or i}"
        for k in ORG_REQUIRED - set(o):
            r.error(f"{where}: missing {k!r}")
        for k in set(o) - ORG_KEYS:
            r.error(f"{where}: unknown key {k!r}")
        if not isinstance(key, str) or not ORG_KEY_RE.fullmatch(key):
            r.error(f"{where}: org must be a short upper-case key")
            continue
        if key in codes or pycountry.countries.get(alpha_3=key) is not None:
            r.error(f"{where}: org key {key} is also a country code")
        by_key[key].append(o)
        names = str_list(o, "names", where, r)
        if not names:
            r.error(f"{where}: no names")
        kinds = o.get("kinds")
        if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) and k for k in kinds):
            r.error(f"{where}: 'kinds' must be a non-empty list of strings")
            kinds = []
        all_kinds.update(kinds)
        if "sector" in o and o["sector"] not in SECTORS:
            r.error(f"{where}: unknown sector {o['sector']!r}")
        if o.get("kind", "igo") not in ("igo", "ngo"):
            r.error(f"{where}: kind must be igo or ngo")
        for m in o.get("members") or []:
            if m not in codes:
                r.error(f"{where}: member {m!r} is not a code in countries.yaml")
        if len(set(o.get("members") or [])) != len(o.get("members") or []):
            r.error(f"{where}: a member is listed twice")
        ambiguous = set(str_list(o, "ambiguous", where, r))
        for p in ambiguous - set(names):
            r.error(f"{where}: ambiguous {p!r} is not one of its names")
        for p in names:
            phrases.add(p, f"org {key}", p in ambiguous, f"{key}.names")
        for ex in str_list(o, "exclude", where, r):
            if not any(contains_word(ex, p) for p in names):
                r.error(f"{where}: exclude {ex!r} contains none of its names")
            excludes.append((ex, where))
        stats["entries"] += 1
        stats["names"] += len(names)
        stats["ngos"] += o.get("kind") == "ngo"
        stats["with sector"] += "sector" in o
        stats["with members"] += bool(o.get("members"))
    for key, entries in by_key.items():
        if len(entries) > 1:
            if len({tuple(e.get("kinds") or []) for e in entries}) > 1:
                r.error(f"igos.yaml:{key}: its entries have different kinds (dictionary.py keeps only the last)")
            if "sector" in entries[-1]:
                r.error(f"igos.yaml:{key}: the last entry should be the main one, without a sector")
            if sum("sector" not in e for e in entries) > 1:
                r.error(f"igos.yaml:{key}: more than one main entry (without a sector)")
        for e in entries:
            parent = e.get("parent")
            if parent is not None and (parent not in by_key or parent == key):
                r.error(f"igos.yaml:{key}: parent {parent!r} is not another organisation")
    stats["keys"] = len(by_key)

    anaphors = data.get("anaphors") or []
    seen: set[str] = set()
    for i, a in enumerate(anaphors):
        where = f"igos.yaml anaphors[{i}]"
        if not isinstance(a, dict) or set(a) != {"phrase", "kinds"}:
            r.error(f"{where}: needs exactly 'phrase' and 'kinds': {a!r}")
            continue
        if not check_phrase(a["phrase"], where, r):
            continue
        low = a["phrase"].lower()
        if low in seen:
            r.error(f"{where}: {a['phrase']!r} listed twice (the loader lower-cases anaphors)")
        seen.add(low)
        if not low.startswith("the "):
            r.warn(f"{where}: {a['phrase']!r} is not a definite noun phrase")
        if not isinstance(a["kinds"], list) or not a["kinds"]:
            r.error(f"{where}: 'kinds' must be a non-empty list")
            continue
        dangling = [k for k in a["kinds"] if k not in all_kinds]
        if dangling:
            r.error(f"{where}: {a['phrase']!r} refers to kinds no organisation has: {', '.join(dangling)}")
    stats["anaphors"] = len(seen)
    return {"stats": stats, "excludes": excludes, "kinds": all_kinds, "orgs": set(by_key)}


def check_roles(data, r: Report) -> dict:
    stats: Counter = Counter()
    per_sector: Counter = Counter()
    if not isinstance(data, dict) or set(data) - {"roles", "carriers", "relations", "pairs"}:
        r.error("roles.yaml: expected a mapping with 'roles', 'carriers', 'relations' and 'pairs'")
        return {"stats": stats, "per_sector": per_sector, "nouns": set()}
    owner: dict[str, str] = {}
    for i, e in enumerate(data.get("roles") or []):
        where = f"roles.yaml roles[{i}]"
        if not isinstance(e, dict):
            r.error(f"{where}: not a mapping")
            continue
        for k in set(e) - ROLE_KEYS:
            r.error(f"{where}: unknown key {k!r}")
        sector = e.get("sector")
        where = f"roles.yaml:{sector}"
        if sector not in SECTORS:
            r.error(f"{where}: unknown sector {sector!r}")
        if not isinstance(e.get("titles"), bool):
            r.error(f"{where}: 'titles' must be true or false")
        nouns = str_list(e, "nouns", where, r)
        if not nouns:
            r.error(f"{where}: no nouns")
        for n in nouns:
            if n != n.lower():
                r.error(f"{where}: {n!r} should be lower-case")
            if n.lower() in owner:
                r.error(f"{where}: {n!r} is also {owner[n.lower()]}")
            owner[n.lower()] = f"a role noun ({sector}, titles: {e.get('titles')})"
        stats["entries"] += 1
        stats["nouns"] += len(nouns)
        stats["title nouns"] += len(nouns) if e.get("titles") else 0
        per_sector[sector] += len(nouns)
    for section in ("carriers", "relations"):  # nouns with no sector of their own
        nouns = data.get(section) or []
        if not isinstance(nouns, list):
            r.error(f"roles.yaml: {section!r} must be a list")
            nouns = []
        for n in nouns:
            if not check_phrase(n, f"roles.yaml {section}", r):
                continue
            if n != n.lower():
                r.error(f"roles.yaml {section}: {n!r} should be lower-case")
            if n.lower() in owner:
                r.error(f"roles.yaml {section}: {n!r} is also {owner[n.lower()]}")
            owner[n.lower()] = f"in {section}"
        for n, k in Counter(c.lower() for c in nouns if isinstance(c, str)).items():
            if k > 1:
                r.error(f"roles.yaml {section}: {n!r} listed {k} times")
        stats[section] = len(nouns)
    return {"stats": stats, "per_sector": per_sector,
            "nouns": {n for n, o in owner.items() if o.startswith("a role noun")}}


PLACE_KEYS = {"country", "names", "ambiguous"}


def country_entry(e: dict, keys: set[str], codes: set[str], where: str, r: Report) -> list[str]:
    """An entry of a country's names (a place, a party): known keys, a listed country, names, its own ambiguous."""
    for key in set(e) - keys:
        r.error(f"{where}: unknown key {key!r}")
    if e.get("country") not in codes:
        r.error(f"{where}: country {e.get('country')!r} is not in countries.yaml")
    names = str_list(e, "names", where, r)
    if not names:
        r.error(f"{where}: no names")
    for a in str_list(e, "ambiguous", where, r):
        if a not in names:
            r.error(f"{where}: ambiguous {a!r} is not one of the entry's names")
    return names


def check_places(data, codes: set[str], phrases: Phrases, r: Report) -> Counter:
    stats: Counter = Counter()
    if not isinstance(data, dict) or set(data) != {"places"} or not isinstance(data["places"], list):
        r.error("places.yaml: expected a mapping with one section, 'places', a list of entries")
        return stats
    seen: dict[str, str] = {}
    for i, e in enumerate(data["places"]):
        where = f"places.yaml[{i}]"
        if not isinstance(e, dict):
            r.error(f"{where}: not a mapping")
            continue
        code = e.get("country")
        where = f"places.yaml:{code or i}"
        names = country_entry(e, PLACE_KEYS, codes, where, r)
        for n in names:
            if n in seen:
                r.error(f"{where}: place {n!r} is also listed for {seen[n]}")
            elif n in phrases.readings:
                owners = ", ".join(o for o, _, _ in phrases.readings[n])
                r.error(f"{where}: place {n!r} is already a phrase of {owners} in countries.yaml or igos.yaml")
            seen[n] = str(code)
        stats["entries"] += 1
        stats["names"] += len(names)
    return stats


PARTY_KEYS = {"name", "names", "country", "ambiguous", "exclude"}


def check_parties(data, codes: set[str], r: Report) -> Counter:
    stats: Counter = Counter()
    if not isinstance(data, dict) or set(data) != {"parties"} or not isinstance(data["parties"], list):
        r.error("parties.yaml: expected a mapping with one section, 'parties', a list of entries")
        return stats
    seen: dict[str, str] = {}
    for i, e in enumerate(data["parties"]):
        if not isinstance(e, dict):
            r.error(f"parties.yaml[{i}]: not a mapping")
            continue
        where = f"parties.yaml:{e.get('name') or i}"
        if not isinstance(e.get("name"), str) or not check_phrase(e["name"], where, r):
            r.error(f"{where}: no name")
        names = country_entry(e, PARTY_KEYS, codes, where, r)
        for ex in str_list(e, "exclude", where, r):
            if not any(contains_word(ex, n) for n in names):
                r.error(f"{where}: exclude {ex!r} contains none of the entry's names")
            if ex in seen or ex in names:
                r.error(f"{where}: exclude {ex!r} is itself a party's name")
        for n in names:
            if n in seen:
                r.error(f"{where}: name {n!r} is also listed for {seen[n]}")
            seen[n] = where
        stats["entries"] += 1
        stats["names"] += len(names)
    return stats


def lower_words(values, where: str, r: Report, roles: set[str] = frozenset()) -> list[str]:
    """A list of lower-case words or phrases, none twice and none a role noun."""
    if not isinstance(values, list) or not values:
        r.error(f"{where}: expected a non-empty list")
        return []
    words = [v for v in values if check_phrase(v, where, r)]
    for w in words:
        if w != w.lower():
            r.error(f"{where}: {w!r} should be lower-case")
        if w in roles:
            r.error(f"{where}: {w!r} is also a role noun in roles.yaml")
    for w, k in Counter(words).items():
        if k > 1:
            r.error(f"{where}: {w!r} listed {k} times")
    return words


def check_collectives(data, orgs: set[str], r: Report) -> Counter:
    stats: Counter = Counter()
    section = data.get("collectives") if isinstance(data, dict) and set(data) == {"collectives"} else None
    if not isinstance(section, dict) or set(section) - {"nouns", "bodies"}:
        r.error("collectives.yaml: expected a mapping 'collectives' with 'nouns' and 'bodies'")
        return stats
    stats["nouns"] = len(lower_words(section.get("nouns"), "collectives.yaml nouns", r))
    bodies = section.get("bodies") or {}
    if not isinstance(bodies, dict):
        r.error("collectives.yaml: 'bodies' must map a modifier to an organisation")
        bodies = {}
    for modifier, org in bodies.items():
        if check_phrase(modifier, "collectives.yaml bodies", r) and modifier != modifier.lower():
            r.error(f"collectives.yaml bodies: {modifier!r} should be lower-case")
        if org not in orgs:
            r.error(f"collectives.yaml bodies: {modifier!r} names {org!r}, not an organisation in igos.yaml")
    stats["bodies"] = len(bodies)
    return stats


def check_institutions(data, r: Report) -> int:
    if not isinstance(data, dict) or set(data) != {"institutions"}:
        r.error("institutions.yaml: expected a mapping with one section, 'institutions', a list of words")
        return 0
    return len(lower_words(data["institutions"], "institutions.yaml", r))


def check_nonactors(data, roles: set[str], r: Report) -> Counter:
    stats: Counter = Counter()
    if not isinstance(data, dict) or set(data) != {"nonactors", "media"}:
        r.error("nonactors.yaml: expected a mapping with 'nonactors' and 'media'")
        return stats
    stats["nonactors"] = len(lower_words(data["nonactors"], "nonactors.yaml nonactors", r, roles))
    media = data["media"]
    if not isinstance(media, list) or not media:
        r.error("nonactors.yaml media: expected a non-empty list of names")
        return stats
    names = [m for m in media if check_phrase(m, "nonactors.yaml media", r)]
    for n, k in Counter(names).items():
        if k > 1:
            r.error(f"nonactors.yaml media: {n!r} listed {k} times")
    stats["media"] = len(names)
    return stats


def try_loader(data_dir: Path, r: Report) -> str:
    """Cross-check with dragoman's own loader when the package imports; never fatal (it is someone else's code)."""
    sys.path.insert(0, str(data_dir.parents[2]))  # .../src
    try:
        from dragoman.actors.dictionary import load_dictionary
    except Exception as e:  # noqa: BLE001 - report any import problem and go on
        return f"skipped (cannot import dragoman.actors.dictionary: {e})"
    try:
        d = load_dictionary()
    except Exception as e:  # noqa: BLE001
        r.warn(f"dragoman's load_dictionary() failed: {e}")
        return "failed"
    return (f"ok ({len(d.names)} phrases, {len(d.org_names)} orgs, {len(d.anaphors)} anaphors, "
            f"{len(d.roles)} role nouns, {len(d.titles)} titles, {len(d.carriers)} carriers)")


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parents[1]
    data_dir = Path(argv[1]) if len(argv) > 1 else root / "src" / "dragoman" / "actors" / "data"
    r = Report()
    phrases = Phrases()
    countries = check_countries(load(data_dir / "countries.yaml", r), phrases, r)
    igos = check_igos(load(data_dir / "igos.yaml", r), countries["codes"], phrases, r)
    roles = check_roles(load(data_dir / "roles.yaml", r), r)
    places = check_places(load(data_dir / "places.yaml", r), countries["codes"], phrases, r)
    parties = check_parties(load(data_dir / "parties.yaml", r), countries["codes"], r)
    collectives = check_collectives(load(data_dir / "collectives.yaml", r), igos["orgs"], r)
    institutions = check_institutions(load(data_dir / "institutions.yaml", r), r)
    nonactors = check_nonactors(load(data_dir / "nonactors.yaml", r), roles["nouns"], r)
    phrases.check(r)
    for ex, where in countries["excludes"] + igos["excludes"]:
        if ex in phrases.readings:
            r.error(f"{where}: exclude {ex!r} is itself a listed phrase "
                    f"({', '.join(o for o, _, _ in phrases.readings[ex])})")
    loader = try_loader(data_dir, r) if not r.errors else "skipped (errors above)"

    cs, os_, rs = countries["stats"], igos["stats"], roles["stats"]
    print(f"countries.yaml: {cs['entries']} entries ({cs['UN members']} UN members + "
          f"{cs['entries'] - cs['UN members']} others); {cs['names']} names, {cs['adjectives']} adjectives, "
          f"{cs['people']} people nouns, {cs['capitals']} capitals + {cs['ambiguous capitals']} ambiguous capitals, "
          f"{cs['seats']} seats ({', '.join(f'{k} {v}' for k, v in sorted(countries.get('seat_sectors', {}).items()))}), "
          f"{cs['ambiguous']} ambiguous phrases, {cs['exclude']} exclusions")
    print(f"igos.yaml: {os_['entries']} entries for {os_['keys']} organisations ({os_['ngos']} NGO entries, "
          f"{os_['with sector']} with a sector, {os_['with members']} with members); {os_['names']} names; "
          f"{os_.get('anaphors', 0)} anaphors over {len(igos.get('kinds', ()))} kinds")
    print(f"roles.yaml: {rs['entries']} entries, {rs['nouns']} nouns ({rs['title nouns']} title nouns), "
          f"{rs['carriers']} carriers; by sector: "
          + ", ".join(f"{k} {v}" for k, v in sorted(roles["per_sector"].items())))
    print(f"places.yaml: {places['entries']} countries, {places['names']} places")
    print(f"parties.yaml: {parties['entries']} parties, {parties['names']} names; collectives.yaml: "
          f"{collectives['nouns']} nouns, {collectives['bodies']} bodies; institutions.yaml: {institutions} words; "
          f"nonactors.yaml: {nonactors['nonactors']} nouns, {nonactors['media']} media")
    shared = sorted(p for p, rd in phrases.readings.items() if len({o for o, _, _ in rd}) > 1)
    print(f"phrases: {len(phrases.readings)} distinct; shared by several owners (marked ambiguous): "
          + (", ".join(shared) or "none"))
    print(f"dragoman loader: {loader}")
    return r.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
