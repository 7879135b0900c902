#!/usr/bin/env python3
"""Check dragoman's office-holder and non-state group dictionaries and print what they hold.

    python tools/check_people.py [DATA_DIR] [-v]

DATA_DIR defaults to src/dragoman/actors/data. The script reads people.yaml and groups.yaml (and, for phrase
clashes and organisation keys, countries.yaml and igos.yaml) with yaml.safe_load and checks:

- structure: the files are mappings with one section each; entries are mappings with known keys; required keys
  are present; phrases are clean non-empty strings with straight apostrophes; `names`, where given, starts
  with `name` and lists no phrase twice;
- people: exactly one of `country` (an ISO 3166-1 alpha-3 code per pycountry, or one of NON_ISO) and `org`
  (a key of igos.yaml); `sector` a PLOVER sector code; `role` one of the known roles (ROLES); `start` an ISO
  date, `end` an ISO date or null, start <= end, dates in a plausible range; no two terms of one role in one
  country or organisation overlap (a term may end on the day the next begins), except for roles listed in
  CONCURRENT;
- groups: `country` valid as above, `sector` one of GROUP_SECTORS, `ambiguous` lists only the entry's own
  names, no phrase names two groups unless all readings but one are marked ambiguous;
- clashes: no person's phrase, nor the bare surname the loader derives from `name` (its last word), is also a
  country, organisation or group phrase, since dictionary.py returns the person's reading for it; a group phrase
  that is also a country or organisation phrase is an error unless both give the same country and sector.

It prints counts per country/organisation, per office and per sector, and the date range covered. With -v it
also lists notes: bare surnames shared by people in office at the same time (dictionary.py reads the
later-listed one) and loader surnames that are not surnames ("III", "Jr.", given names of names written
family-name first). It exits 1 if any check fails; warnings and notes do not fail the run.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pycountry

from check_dictionaries import Report as BaseReport, check_phrase, load  # the shared checks of phrases and files

NON_ISO = {"XKX": "Kosovo"}  # user-assigned code (EU, IMF, World Bank usage); not in ISO 3166 or pycountry

# PLOVER sector codes (as in check_dictionaries.py).
SECTORS = set("""
COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC
""".split())
GROUP_SECTORS = {"REB", "PRM", "OPP", "PTY", "CRM", "UAF", "MIL", "GOV"}

# Every role used in people.yaml, with the office it counts as in the summary.
ROLES = {
    # heads of state (and the paramount leaders of one-party states)
    "president": "head of state", "acting president": "head of state", "king": "head of state",
    "queen": "head of state", "emperor": "head of state", "emir": "head of state",
    "supreme leader": "head of state", "general secretary": "head of state", "first secretary": "head of state",
    "soviet general secretary": "head of state", "soviet president": "head of state",
    "yugoslav president": "head of state", "head of state": "head of state", "junta chairman": "head of state",
    "military council chairman": "head of state", "sovereignty council chairman": "head of state",
    "de facto leader": "head of state", "presidium president": "head of state",
    # heads of government
    "prime minister": "head of government", "premier": "head of government", "chancellor": "head of government",
    "chief executive": "head of government", "state counsellor": "head of government",
    # foreign and defence ministers
    "foreign minister": "foreign minister", "secretary of state": "foreign minister",
    "foreign secretary": "foreign minister",
    "defence minister": "defence minister", "defense secretary": "defence minister",
    "defence secretary": "defence minister",
    # deputies
    "vice president": "deputy", "sovereignty council deputy chairman": "deputy",
    "opposition interim president": "opposition leader",
    # international organisations
    "secretary-general": "organisation head", "secretary general": "organisation head",
    "commission president": "organisation head", "european council president": "organisation head",
    "high representative": "organisation head", "european parliament president": "organisation head",
    "commission chairperson": "organisation head", "director general": "organisation head",
    "director-general": "organisation head", "managing director": "organisation head",
    # leaders of non-state groups
    "hezbollah secretary-general": "group leader", "hamas political bureau chief": "group leader",
    "hamas leader in gaza": "group leader", "al-qaeda leader": "group leader",
    "islamic state leader": "group leader", "taliban leader": "group leader", "hts leader": "group leader",
    "rsf commander": "group leader",
}

# (country or org, role) pairs whose holders may legitimately serve at the same time. None at present: acting
# holders during a suspension have their own role ("acting president").
CONCURRENT: set[tuple[str, str]] = set()

# Full names deliberately shared by two people in office at once; dictionary.py reads the later-listed one, and
# people.yaml orders them on purpose (see its comments).
SHARED_OK = {"King Abdullah"}  # Jordan's Abdullah II and Saudi Arabia's King Abdullah, 2005-2015: the Saudi king

PERSON_KEYS = {"name", "names", "country", "org", "sector", "role", "start", "end"}
PERSON_REQUIRED = {"name", "role", "start", "end"}
GROUP_KEYS = {"name", "names", "country", "sector", "ambiguous", "spread"}
GROUP_REQUIRED = {"name", "names", "country", "sector"}

EARLIEST = dt.date(1940, 1, 1)
LATEST = dt.date(2026, 12, 31)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOT_SURNAME = re.compile(r"^(?:[IVX]+|Jr\.?|Sr\.?)$")


class Report(BaseReport):
    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []

    def note(self, msg: str) -> None:
        self.notes.append(msg)


def phrase_list(entry: dict, key: str, where: str, r: Report) -> list[str]:
    value = entry.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        r.error(f"{where}: {key!r} must be a list")
        return []
    phrases = [p for p in value if check_phrase(p, f"{where}.{key}", r)]
    for p, n in Counter(phrases).items():
        if n > 1:
            r.error(f"{where}: {p!r} listed {n} times in {key!r}")
    return phrases


def valid_country(code, where: str, r: Report) -> bool:
    if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3}", code):
        r.error(f"{where}: country must be three upper-case letters, got {code!r}")
        return False
    if code not in NON_ISO and pycountry.countries.get(alpha_3=code) is None:
        r.error(f"{where}: {code} is not an ISO 3166-1 alpha-3 code (pycountry)")
        return False
    return True


def as_date(value, key: str, where: str, r: Report) -> dt.date | None:
    """yaml.safe_load reads an unquoted 2004-03-09 as a date; a quoted one stays a string."""
    if isinstance(value, dt.datetime):
        r.error(f"{where}: {key} has a time of day: {value!r}")
        return None
    if isinstance(value, dt.date):
        d = value
    elif isinstance(value, str) and ISO_DATE.match(value):
        try:
            d = dt.date.fromisoformat(value)
        except ValueError:
            r.error(f"{where}: {key} {value!r} is not a real date")
            return None
    else:
        r.error(f"{where}: {key} must be an ISO date (YYYY-MM-DD), got {value!r}")
        return None
    if not EARLIEST <= d <= LATEST:
        r.error(f"{where}: {key} {d} is outside {EARLIEST}..{LATEST}")
    return d


def known_phrases(countries, igos) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """Country and organisation phrases -> [(owner, country, sector)], as dictionary.py reads them."""
    out: dict[str, list[tuple[str, str | None, str | None]]] = defaultdict(list)
    for c in countries or []:
        if not isinstance(c, dict):
            continue
        code = c.get("code")
        for key, sector in (("names", None), ("adjectives", None), ("people", "CVL"), ("capitals", "GOV"),
                            ("ambiguous_capitals", "GOV")):
            for p in c.get(key) or []:
                out[p].append((f"country {code}", code, sector))
        for s in c.get("seats") or []:
            phrase, sector = (s.get("phrase"), s.get("sector", "GOV")) if isinstance(s, dict) else (s, "GOV")
            out[phrase].append((f"country {code} seat", code, sector))
    for o in (igos or {}).get("organizations") or []:
        if not isinstance(o, dict):
            continue
        for p in o.get("names") or [o.get("org")]:
            out[p].append((f"organisation {o.get('org')}", None, o.get("sector")))
    return out


def check_people(data, org_keys: set[str], r: Report) -> list[dict]:
    if not isinstance(data, dict) or set(data) != {"people"}:
        r.error("people.yaml: expected a mapping with the one section 'people'")
        return []
    items = data["people"]
    if not isinstance(items, list):
        r.error("people.yaml: 'people' must be a list")
        return []
    good: list[dict] = []
    for i, p in enumerate(items):
        where = f"people.yaml[{i}]"
        if not isinstance(p, dict):
            r.error(f"{where}: not a mapping")
            continue
        where = f"people.yaml[{i}] {p.get('name')!r}"
        ok = True
        for key in PERSON_REQUIRED - set(p):
            r.error(f"{where}: missing {key!r}")
            ok = False
        for key in set(p) - PERSON_KEYS:
            r.error(f"{where}: unknown key {key!r}")
        name = p.get("name")
        if not check_phrase(name, f"{where}.name", r):
            continue
        names = phrase_list(p, "names", where, r)
        if "names" in p and (not names or names[0] != name):
            r.error(f"{where}: 'names' must start with the canonical name {name!r}")
        country, org = p.get("country"), p.get("org")
        if (country is None) == (org is None):
            r.error(f"{where}: give exactly one of 'country' and 'org'")
            ok = False
        elif country is not None:
            ok &= valid_country(country, where, r)
        elif org not in org_keys:
            r.error(f"{where}: org {org!r} is not an organisation key in igos.yaml")
            ok = False
        sector = p.get("sector", "GOV")
        if sector not in SECTORS:
            r.error(f"{where}: unknown sector {sector!r}")
        role = p.get("role")
        if role not in ROLES:
            r.error(f"{where}: unknown role {role!r} (add it to ROLES in tools/check_people.py if it is right)")
            ok = False
        start = as_date(p.get("start"), "start", where, r) if "start" in p else None
        end = as_date(p.get("end"), "end", where, r) if p.get("end") is not None else None
        if start is None or (p.get("end") is not None and end is None):
            ok = False
        if start and end and start > end:
            r.error(f"{where}: start {start} is after end {end}")
            ok = False
        if ok:
            good.append(dict(name=name, phrases=names or [name], where=where, key=country or org, role=role,
                             office=ROLES[role], sector=sector, start=start, end=end))
    return good


def check_overlaps(people: list[dict], r: Report) -> None:
    by_office: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for p in people:
        by_office[(p["key"], p["role"])].append(p)
    for (key, role), terms in by_office.items():
        if (key, role) in CONCURRENT:
            continue
        terms.sort(key=lambda t: t["start"])
        for a, b in zip(terms, terms[1:]):
            if a["end"] is None or b["start"] < a["end"]:
                r.error(f"{key} {role}: {a['name']} ({a['start']}..{a['end'] or 'now'}) overlaps "
                        f"{b['name']} ({b['start']}..{b['end'] or 'now'})")


def overlapping(a: dict, b: dict) -> bool:
    far = dt.date.max
    return a["start"] < (b["end"] or far) and b["start"] < (a["end"] or far)


def check_person_phrases(people: list[dict], known, group_phrases: dict[str, list[str]], r: Report) -> None:
    readings: dict[str, list[tuple[dict, bool]]] = defaultdict(list)  # phrase -> [(term, is_surname)]
    for p in people:
        for phrase in p["phrases"]:
            readings[phrase].append((p, False))
        surname = p["name"].split()[-1]
        if surname != p["name"] and surname not in p["phrases"]:
            readings[surname].append((p, True))
            if NOT_SURNAME.match(surname) or surname.lower() in ("al", "el", "bin", "de"):
                r.note(f"{p['name']!r}: the loader's bare surname is {surname!r}")
    for phrase, terms in readings.items():
        others = [o for o, _, _ in known.get(phrase, [])] + group_phrases.get(phrase, [])
        if others:
            kind = "surname" if all(s for _, s in terms) else "name"
            r.error(f"person {kind} {phrase!r} ({terms[0][0]['name']}) is also a phrase of {', '.join(others)}")
        names = {t["name"] for t, _ in terms}
        if len(names) < 2:
            continue
        for i, (a, sa) in enumerate(terms):
            for b, sb in terms[i + 1:]:
                if a["name"] != b["name"] and overlapping(a, b):
                    msg = (f"{phrase!r} names both {a['name']} ({a['key']} {a['role']}) and {b['name']} "
                           f"({b['key']} {b['role']}) at the same time; the later-listed {b['name']} is read")
                    if sa or sb or phrase in SHARED_OK:
                        r.note(msg)
                    else:
                        r.warn(msg)


def check_groups(data, known, r: Report) -> tuple[list[dict], dict[str, list[str]]]:
    if not isinstance(data, dict) or set(data) != {"groups"}:
        r.error("groups.yaml: expected a mapping with the one section 'groups'")
        return [], {}
    items = data["groups"]
    if not isinstance(items, list):
        r.error("groups.yaml: 'groups' must be a list")
        return [], {}
    good: list[dict] = []
    readings: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for i, g in enumerate(items):
        where = f"groups.yaml[{i}]"
        if not isinstance(g, dict):
            r.error(f"{where}: not a mapping")
            continue
        where = f"groups.yaml[{i}] {g.get('name')!r}"
        for key in GROUP_REQUIRED - set(g):
            r.error(f"{where}: missing {key!r}")
        for key in set(g) - GROUP_KEYS:
            r.error(f"{where}: unknown key {key!r}")
        name = g.get("name")
        if not check_phrase(name, f"{where}.name", r):
            continue
        names = phrase_list(g, "names", where, r)
        if names and names[0] != name:
            r.error(f"{where}: 'names' must start with the name {name!r}")
        ambiguous = set(phrase_list(g, "ambiguous", where, r))
        for p in sorted(ambiguous - set(names)):
            r.error(f"{where}: ambiguous phrase {p!r} is not one of its names")
        if "spread" in g and not isinstance(g["spread"], bool):
            r.error(f"{where}: 'spread' must be true or false")
        country, sector = g.get("country"), g.get("sector")
        valid_country(country, where, r)
        if sector not in GROUP_SECTORS:
            r.error(f"{where}: sector {sector!r} is not one of {', '.join(sorted(GROUP_SECTORS))}")
        for p in names or [name]:
            readings[p].append((name, p in ambiguous))
            for owner, k_country, k_sector in known.get(p, []):
                if (k_country, k_sector) == (country, sector):
                    r.note(f"{where}: {p!r} is also a phrase of {owner}, with the same reading")
                else:
                    r.error(f"{where}: {p!r} is also a phrase of {owner} ({k_country} {k_sector}); "
                            f"dictionary.py would read it as the group")
        good.append(dict(name=name, country=country, sector=sector, names=names))
    for phrase, rs in readings.items():
        owners = {o for o, _ in rs}
        if len(owners) > 1 and sum(1 for _, amb in rs if not amb) > 1:
            r.error(f"group phrase {phrase!r} names {', '.join(sorted(owners))}; mark all but one ambiguous")
    return good, {p: [f"group {o}" for o, _ in rs] for p, rs in readings.items()}


def summary(people: list[dict], groups: list[dict]) -> None:
    print(f"people.yaml: {len(people)} terms of office, {len({p['name'] for p in people})} people")
    if people:
        starts = sorted(p["start"] for p in people)
        ends = sorted(p["end"] for p in people if p["end"])
        print(f"  starts {starts[0]} .. {starts[-1]}; last end {ends[-1] if ends else '-'}; "
              f"{sum(p['end'] is None for p in people)} terms open (end: null)")
        print(f"  terms covering 1990-01-01 or later: "
              f"{sum((p['end'] or dt.date.max) >= dt.date(1990, 1, 1) for p in people)}")
    offices = Counter(p["office"] for p in people)
    print("  by office: " + ", ".join(f"{k} {v}" for k, v in offices.most_common()))
    by_key: dict[str, Counter] = defaultdict(Counter)
    for p in people:
        by_key[p["key"]][p["office"]] += 1
    print("  by country/organisation (terms: total = heads of state + government + foreign + defence + other):")
    cells = []
    for key in sorted(by_key, key=lambda k: (-sum(by_key[k].values()), k)):
        c = by_key[key]
        other = sum(c.values()) - c["head of state"] - c["head of government"] - c["foreign minister"] \
            - c["defence minister"]
        cells.append(f"{key} {sum(c.values())}={c['head of state']}+{c['head of government']}+"
                     f"{c['foreign minister']}+{c['defence minister']}+{other}")
    for i in range(0, len(cells), 6):
        print("    " + "   ".join(f"{c:<22}" for c in cells[i:i + 6]).rstrip())
    print(f"groups.yaml: {len(groups)} groups, {sum(len(g['names']) for g in groups)} phrases, "
          f"{len({g['country'] for g in groups})} countries")
    print("  by sector: " + ", ".join(f"{k} {v}" for k, v in Counter(g["sector"] for g in groups).most_common()))
    countries = Counter(g["country"] for g in groups)
    print("  by country: " + ", ".join(f"{k} {v}" for k, v in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))))


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    data_dir = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "src/dragoman/actors/data"
    r = Report()
    countries = load(data_dir / "countries.yaml", r)
    igos = load(data_dir / "igos.yaml", r)
    people_data = load(data_dir / "people.yaml", r)
    groups_data = load(data_dir / "groups.yaml", r)
    org_keys = {o.get("org") for o in (igos or {}).get("organizations") or [] if isinstance(o, dict)}
    known = known_phrases(countries, igos)
    groups, group_phrases = check_groups(groups_data, known, r)
    people = check_people(people_data, org_keys, r)
    check_overlaps(people, r)
    check_person_phrases(people, known, group_phrases, r)

    summary(people, groups)
    if verbose and r.notes:
        print(f"\n{len(r.notes)} note(s):")
        for n in r.notes:
            print(f"  note: {n}")
    elif r.notes:
        print(f"\n{len(r.notes)} note(s) (shared surnames, loader surnames that are not surnames); -v lists them")
    print()
    return r.finish()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
