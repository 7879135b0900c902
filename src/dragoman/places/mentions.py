"""Place names in an article, each resolved to one gazetteer entry.

Finding: the model's GPE/LOC/FAC entities, and the gazetteer's own names where the model said nothing (a sentence
left unparsed, or a town the small model misses). Resolving: every reading a name has is scored on what the
article says around it, and the best one wins:

  - a containing place named beside it ("Kuriga, in Kaduna state", "Paris, Texas") settles it;
  - a reading in a country the article is about (its actors, its dateline, the places it names plainly) counts
    for much, one in a neighbouring division for a little more;
  - the gazetteer's own name beats an alternate spelling, and a country or division beats a town of that name;
  - population breaks what is left.

Each place says why it was found and why it was read as it was (``Place.why``).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from ..model import Place
from .gazetteer import Entry, Gazetteer, distance_km, key

PLACE_LABELS = ("GPE", "LOC", "FAC")
MAX_WORDS = 5
JOINERS = {"-", "'", "of", "de", "del", "la", "le", "al", "el", "on", "upon", "the", "and", "du", "des", "da", "do"}
TITLES = {"mr", "mrs", "ms", "dr", "president", "minister", "general", "gen", "sen", "senator", "rep", "gov",
          "governor", "king", "queen", "prince", "saint", "st", "lord", "sir", "judge", "justice", "pope", "chief",
          "secretary", "mayor", "coach", "captain", "capt", "col", "lt", "sgt", "officer", "professor", "prof"}
FEATURE_PRIOR = {"country": 3.0, "admin1": 1.0, "admin2": 0.5, "region": 6.0, "city": 0.0}
WORLD_CITY = 1_000_000
NEAR_KM = 60  # a town this close to a county's middle is taken to be in it
CONTAINED = 8.0  # a containing place named beside the name
IN_CONTEXT = 2.5  # the reading's country is one the article is about
ALTERNATE = -3.0
CAPITAL = 3.0
CAPITAL_CITY = 1.0  # a country's capital is known beyond it: "Paris" in an American story is still France's
PREFERRED = 2.0  # the actor dictionary lists the name as a place of this country
POPULATION = 0.6  # per power of ten
IN_DIVISION = 1.5
MAIN_CITY = 0.25  # a city with this share of its same-named division's people is what the name means
LIST_FEATURE = 3.0  # "Alberta, Manitoba, Ontario and New Brunswick": names listed together are of one kind
LIST_COUNTRY = 2.0  # ... and, below the country level, of one country
KIND = 4.0  # "Washington state", "the province of Quebec", "the Somme region"
CONTAINING = 3.0  # the second of "Buffalo, New York" is the division that holds the first
KIND_WORDS_AFTER = {"state": ("admin1",), "province": ("admin1",), "oblast": ("admin1",), "governorate": ("admin1",),
                    "prefecture": ("admin1",), "territory": ("admin1",), "region": ("admin1", "admin2"),
                    "county": ("admin2",), "district": ("admin2",), "department": ("admin2",),
                    "parish": ("admin2",), "city": ("city",), "town": ("city",), "village": ("city",)}
FEATURE_WORDS = {"admin1": "a first-level division", "admin2": "a county or district", "city": "a town"}
LIST_JOINERS = ([","], ["and"], ["or"], [",", "and"], [",", "or"], ["&"])


@dataclass(frozen=True)
class Candidate:
    start: int  # token indices, end exclusive
    end: int
    text: str
    entries: tuple[Entry, ...]
    found_by: str  # "entity GPE", "gazetteer", "dateline"
    doc: Doc


PLACE_KINDS = ("capital", "place", "name", "adjective")


def people(actors) -> list[tuple[int, int]]:
    """Character spans of the people the actor stage found: "Vladimir Putin" holds no place."""
    doc = actors.doc
    return [(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])) for m in actors.mentions
            if m.kind == "person"]


def actor_countries(actors) -> list[str]:
    """The countries of the article's actors, leaving out the ones that are place names: those speak for
    themselves as places, and "London" must not vouch for its own reading."""
    return [m.actor.country for m in actors.mentions if m.actor.country and m.kind not in PLACE_KINDS]


def find_places(doc: Doc, gazetteer: Gazetteer, context: Iterable[str] = (),
                dateline: Span | None = None, persons: Iterable[tuple[int, int]] = ()) -> list[Place]:
    """Every place name in ``doc``, resolved; ``context`` is the countries (ISO3) the article's actors belong to,
    ``dateline`` the dateline clean took off the top (a Span of its own Doc, offsets into the article),
    ``persons`` the character spans of people's names."""
    named = set()
    for a, b in persons:
        span = doc.char_span(a, b, alignment_mode="expand")
        named.update(range(span.start, span.end) if span is not None else ())
    candidates = [c for c in _candidates(doc, gazetteer)
                  if (c.start > 0 and doc[c.start - 1].lower_ in BEFORE_A_TOWN)  # "the village of Panmunjom"
                  or not named.intersection(range(c.start, c.end))]
    if dateline is not None:
        candidates = [replace(c, found_by="dateline") for c in _candidates(dateline.doc, gazetteer)
                      if c.start >= dateline.start and c.end <= dateline.end] + candidates
    named = Counter()  # the countries the article is about, by name and unambiguous place
    for c in candidates:
        homes = {e.country for e in c.entries if e.country}
        if len(homes) == 1:
            named[homes.pop()] += 2 if c.found_by == "dateline" else 1
    for country in context:
        if country:
            named[country] += 1
    preferred = gazetteer.preferred({c.text for c in candidates})
    first = _resolve_all(candidates, named, Counter(), preferred=preferred)
    countries, divisions = Counter(named), Counter()
    for c, (entry, _) in zip(candidates, first):
        if entry.feature != "region" and entry.country:
            countries[entry.country] += 1
        if _marks_division(entry):
            divisions[entry.admin1_code] += 1
    # Once more, knowing where the first reading put the places: "London" among Ontario's towns is Ontario's
    resolved = _resolve_all(candidates, countries, divisions, [entry for entry, _ in first], preferred,
                            _lists(candidates))
    adjectives = gazetteer.adjectives(c.text for c in candidates)
    return [_place(c, entry, why, c.text in adjectives) for c, (entry, why) in zip(candidates, resolved)]


def _resolve_all(candidates: list[Candidate], countries: Counter, divisions: Counter,
                 before: list[Entry] | None = None, preferred: dict[str, str] | None = None,
                 lists: dict[int, list[int]] | None = None) -> list[tuple[Entry, str]]:
    """One reading per name in an article, from the evidence around every time it is written."""
    by_name: dict[str, list[int]] = {}
    for i, c in enumerate(candidates):
        by_name.setdefault(key(c.text), []).append(i)
    out: dict[int, tuple[Entry, str]] = {}
    for k, idx in by_name.items():
        own_c, own_d = Counter(), Counter()  # a name is not its own evidence
        for i in idx:
            homes = {e.country for e in candidates[i].entries if e.country}
            if before is not None:
                own_c[before[i].country] += before[i].feature != "region" and before[i].country is not None
                own_d[before[i].admin1_code] += _marks_division(before[i])
            elif len(homes) == 1:
                own_c[next(iter(homes))] += 1
        containers = [x for i in idx if (x := _container(candidates, i)) is not None
                      and not any(key(e.name) == k and (e.feature == "country" or (
                          e.feature == "admin1" and _in_list(lists, i))) for e in candidates[i].entries)]
        listed = [before[j] for i in idx for j in (lists or {}).get(i, ()) if before is not None]
        kinds = {f for i in idx for f in _kind(candidates[i])}
        held = [x for i in idx if i > 0 and not _in_list(lists, i) and _container(candidates, i - 1) is not None
                for x in candidates[i - 1].entries]
        reading = _resolve(candidates[idx[0]], containers, countries - own_c, divisions - own_d,
                           (preferred or {}).get(candidates[idx[0]].text), listed, kinds, held)
        for i in idx:
            out[i] = (reading[0], reading[1].replace(candidates[idx[0]].found_by, candidates[i].found_by, 1))
    return [out[i] for i in range(len(candidates))]


def _marks_division(e: Entry) -> bool:
    """Whether naming this place says the article is about its division: a world city does not ("New York" says
    nothing of a village called Boston in New York State)."""
    return e.admin1_code is not None and (e.feature != "city" or e.population < WORLD_CITY)


def _kind(c: Candidate) -> tuple[str, ...]:
    """The kind of place the words around a name say it is: "Washington state", "the province of Quebec"."""
    doc = c.doc
    after = doc[c.end].text if c.end < len(doc) else ""
    if after in KIND_WORDS_AFTER:  # lower case: "Kaduna State" is a name, and the gazetteer has it
        return KIND_WORDS_AFTER[after]
    if c.start >= 2 and doc[c.start - 1].lower_ == "of":
        return KIND_WORDS_AFTER.get(doc[c.start - 2].lower_, ())
    return ()


def _lists(candidates: list[Candidate]) -> dict[int, list[int]]:
    """The other members of the list each name is written in, of three names or more ("New York and Toronto" are
    two of a kind no more than "Paris, Texas" is)."""
    runs, run = [], [0] if candidates else []
    for i in range(1, len(candidates)):
        a, b = candidates[i - 1], candidates[i]
        joined = a.doc is b.doc and [t.lower_ for t in a.doc[a.end:b.start]] in LIST_JOINERS
        if joined:
            run.append(i)
        else:
            runs.append(run)
            run = [i]
    runs.append(run)
    out: dict[int, list[int]] = {}
    for run in runs:
        if len(run) >= 3:
            for i in run:
                out[i] = [j for j in run if j != i]
    return out


def _in_list(lists: dict[int, list[int]] | None, i: int) -> bool:
    """In a list (``_lists`` keeps those of three or more): "Illinois, Missouri, New Jersey" is no town in
    Missouri."""
    return i in (lists or {})


def _candidates(doc: Doc, gazetteer: Gazetteer) -> list[Candidate]:
    text = doc.text

    def words(s: int, e: int) -> str:
        return text[doc[s].idx:doc[e - 1].idx + len(doc[e - 1])]

    ents: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS + ("NORP", "ORG"):
            start = ent.start + (doc[ent.start].lower_ == "the")
            end = ent.end - (ent.end - start > 1 and doc[ent.end - 1].text in ("'s", "'"))
            if start < end:
                ents.append((start, end, ent.label_))
    grams: list[tuple[int, int]] = []
    for i, tok in enumerate(doc):
        first = tok.text[:1]
        if not (first.isupper() and first.isalpha()):
            continue
        for j in range(i + 1, min(len(doc), i + MAX_WORDS) + 1):
            last = doc[j - 1]
            if j - 1 > i and (last.is_space or "\n" in doc[j - 2].whitespace_
                              or not (_capital(last) or last.lower_ in JOINERS or last.text in ".-'")):
                break
            grams.append((i, j))
    names = [words(s, e) for s, e, _ in ents] + [words(s, e) for s, e in grams]
    found = gazetteer.lookup_many(names)
    out: list[Candidate] = []
    used: set[int] = set()
    for (s, e, label), name in zip(ents, names):
        entries = found.get(name)
        if label == "NORP" and entries:  # "Turkish", "Aleppo" (the model's guess), not "Shiite"
            entries = tuple(x for x in entries if x.feature == "country" or key(x.name) == key(name))
        if label == "ORG" and entries:  # the model unsure: "Red Deer", "Edmonton"; not "Liberal" or "Federal"
            entries = tuple(x for x in entries if key(x.name) == key(name))
            entries = entries if any(_big(x) for x in entries) else ()
        if entries:
            out.append(Candidate(s, e, name, entries, f"entity {label}", doc))
            used.update(range(s, e))
    inside = {t: label for s, e, label in ents for t in range(s, e)}
    whole = {t: (s, e) for s, e, label in ents if label in PLACE_LABELS for t in range(s, e)}
    placed = {key(c.text) for c in out if c.found_by[len("entity "):] in PLACE_LABELS}
    for (s, e), name in sorted(zip(grams, names[len(ents):]), key=lambda g: (g[0][0], g[0][0] - g[0][1])):
        if name not in found or any(t in used for t in range(s, e)):
            continue
        if not _plausible(doc, s, e, found[name], inside.get(s), key(name) in placed):
            continue
        if s in whole and not _part_named(doc, s, e, *whole[s], found[name]):
            continue
        used.update(range(s, e))
        out.append(Candidate(s, e, name, found[name], "gazetteer" + (f" in {inside[s]}" if s in inside else ""), doc))
        if inside.get(s) in PLACE_LABELS + (None,):
            placed.add(key(name))
    return sorted(out, key=lambda c: c.start)


COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "northeast", "northwest",
           "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern", "central", "far",
           "upper", "lower", "greater", "mid"}
PART_KINDS = {"mount", "mt", "lake", "cape", "island", "islands", "valley", "city", "province", "state", "region",
              "district", "governorate", "county", "oblast", "camp", "municipality", "prefecture", "town", "village"}


def _part_named(doc: Doc, s: int, e: int, es: int, ee: int, entries: Sequence[Entry]) -> bool:
    """A name inside a longer place name the gazetteer lacks stands for a place only where the rest says what kind
    of place it is ("Mount Sinjar", "Swat Valley") or which part of a country or division it is ("Far North
    Queensland", "Western Canada"). "Danube Delta", "Rio Grande do Sul" and "Indian Ocean" are other places than
    "Delta", "Rio Grande" and "India"; "Northern Europe" is too big a part of too big a place to be put at its
    middle."""
    rest = [t.lower_.rstrip(".") for t in doc[es:ee] if not s <= t.i < e and t.lower_ != "the" and t.is_alpha]
    if all(w in PART_KINDS for w in rest):
        return True
    return all(w in COMPASS for w in rest) and any(x.feature in ("country", "admin1") for x in entries)


def _big(e: Entry) -> bool:
    return e.feature not in ("city", "admin2") or e.population >= 100_000


def _capital(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.text[:1].isalpha()


def _plausible(doc: Doc, s: int, e: int, entries: Sequence[Entry], label: str | None, placed: bool = False) -> bool:
    """A gazetteer name the model did not mark as a place is kept where the text bears it out; ``placed``: the
    model marks it a place elsewhere in the article."""
    first = doc[s]
    written = doc[s:e].text
    if "." not in written and not written.isupper() and not any(key(x.name) == key(written) for x in entries) \
            and len(written) <= 5:
        return False  # an abbreviation wants its dot: "Man." is Manitoba, "Man" is not
    big = any(_big(x) and x.feature != "city" for x in entries)
    if label in ("PERSON", "WORK_OF_ART", "LAW", "PRODUCT", "EVENT", "DATE", "TIME", "MONEY", "QUANTITY"):
        return False
    if label is not None and label not in PLACE_LABELS:  # "Kentucky State Police", "Environment Canada"
        return big or placed  # "the Winnipeg police", once Winnipeg is a place
    if s > 0 and doc[s - 1].lower_.rstrip(".") in TITLES:
        return False  # "President Jordan", "Mr Chad"
    if placed:
        return True
    if e < len(doc) and doc[e].text in KIND_WORDS:
        return False  # "Laurel County", "Church Street": a place the gazetteer lacks, not the town "Laurel"
    if big:
        return True
    if first.pos_ and first.pos_ != "PROPN":
        return False  # parsed, and not a proper noun: "Police said", "Most"
    # A town the model missed: wanted after a word that places it, or before ", <division or country>"
    if e < len(doc) and _capital(doc[e]) and not doc[e].is_sent_start:
        return False  # "Vladimir Putin", "Amber Alert"
    before = doc[s - 1].lower_ if s > 0 else ""
    after = [t.text for t in doc[e:e + 2]]
    return before in BEFORE_A_TOWN or (after[:1] == [","] and len(after) == 2 and _capital(doc[e + 1]))


KIND_WORDS = {"County", "Parish", "Township", "Borough", "District", "Municipality", "Street", "Road", "Avenue",
              "Lane", "Drive", "Boulevard", "Square", "Bridge", "Hospital", "School", "University", "College",
              "Airport", "Station", "Church", "Cathedral", "Mosque", "Temple", "Museum", "Hotel", "Stadium"}
# words after which a capitalised name is a town the model missed: "fled to Kuriga", "the village of Panmunjom"
BEFORE_A_TOWN = {"in", "at", "near", "from", "outside", "to", "into", "across", "around", "toward", "towards", "of",
           "via", "through"}


def _resolve(c: Candidate, containers: list[Entry], countries: Counter,
             divisions: Counter, preferred: str | None = None, listed: Sequence[Entry] = (),
             kinds: Iterable[str] = (), held: Sequence[Entry] = ()) -> tuple[Entry, str]:
    named_divisions = {e.admin1_code: e.population for e in c.entries if e.feature == "admin1"}
    a_country = any(e.feature == "country" and key(e.name) == key(c.text) for e in c.entries)
    exact = max((e.population for e in c.entries if key(e.name) == key(c.text)), default=0)
    total = sum(countries.values()) or 1

    def score(e: Entry) -> tuple[float, str]:
        s, why = FEATURE_PRIOR[e.feature], []
        if key(e.name) != key(c.text) and not (key(e.name) == key(c.text) + " city" and e.population > exact):
            s += ALTERNATE  # "Paris" is also an old name of a Ukrainian village; "New York" is New York City
        if e.population:
            s += math.log10(e.population) * POPULATION
        if e.capital:
            s += CAPITAL_CITY
        if preferred is not None and e.country == preferred:
            s += PREFERRED
            why.append(f"the actor dictionary's {preferred} place")
        if e.feature == "city" and named_divisions and not a_country and (
                e.capital or e.population >= MAIN_CITY * named_divisions.get(e.admin1_code, math.inf)):
            s += CAPITAL  # "New York" is the city that holds much of the state, "Quebec" the province
        inside = next((x for x in containers if _inside(e, x)), None)
        if inside is not None:
            s += CONTAINED
            why.append(f"beside {inside.name}")
        if e.feature != "admin1" and divisions.get(e.admin1_code):
            s += IN_DIVISION
            why.append(f"in a division the article names ({e.admin1})")
        if e.feature in kinds:
            s += KIND
            why.append(f"the words beside it make it {FEATURE_WORDS[e.feature]}")
        if e.feature != "city" and any(_inside(x, e) for x in held):
            s += CONTAINING
            why.append("holds the place named before it")
        if listed:
            kind = sum(x.feature == e.feature for x in listed) / len(listed)
            home = (sum(x.country == e.country for x in listed) / len(listed)
                    if e.feature != "country" and len(listed) >= 2 else 0)
            s += LIST_FEATURE * kind + LIST_COUNTRY * home
            if kind + home >= 1:
                why.append("listed with places of its kind")
        if e.country and countries.get(e.country, 0) > 0:
            s += IN_CONTEXT * min(1.0, 2 * countries[e.country] / total) + 0.3 * min(countries[e.country], 5)
            why.append(f"the article is about {e.country}")
        return s, ", ".join(why)

    scored = sorted(((score(e), e) for e in c.entries), key=lambda x: -x[0][0])
    (_, why), best = scored[0]
    readings = len(c.entries)
    reason = f"{c.found_by}; " + ("the only reading" if readings == 1 else
                                  f"best of {readings} readings" + (f" ({why})" if why else " (population)"))
    return best, reason


def _container(all_: list[Candidate], i: int) -> Entry | None:
    """The place written right after this one as its container: "Paris, Texas", "Kuriga, in Kaduna state"."""
    if i + 1 >= len(all_):
        return None
    c, nxt = all_[i], all_[i + 1]
    doc = c.doc
    if nxt.doc is not doc or nxt.start - c.end > 2:
        return None
    between = [t.lower_ for t in doc[c.end:nxt.start]]
    if between not in ([","], [",", "in"], ["in"], ["("]):
        return None
    bigger = [e for e in nxt.entries if e.feature in ("admin1", "admin2", "country")]
    return max(bigger, key=lambda e: FEATURE_PRIOR[e.feature]) if bigger else None


def _inside(e: Entry, container: Entry) -> bool:
    if container.feature == "country":
        return e.country == container.country and e.feature != "country"
    if container.feature == "admin2":
        return (e.feature == "city" and e.admin1_code == container.admin1_code
                and None not in (e.lat, e.lon, container.lat, container.lon)
                and distance_km(e.lat, e.lon, container.lat, container.lon) < NEAR_KM)
    return e.admin1_code is not None and e.admin1_code == container.admin1_code and e.feature != "admin1"


def _place(c: Candidate, e: Entry, why: str, adjective: bool) -> Place:
    span = Span(c.doc, c.start, c.end)
    return Place(text=span.text, span=(span.start_char, span.end_char), name=e.name, country=e.country,
                 admin1=e.admin1 if e.feature != "admin1" else e.name, lat=e.lat, lon=e.lon,
                 geonames_id=e.geonames_id, feature=e.feature, admin1_code=e.admin1_code,
                 metonymic=_metonymic(span), adjective=adjective, why=why)


def _metonymic(span: Span) -> bool:
    """A place that acts, speaks or owns stands for its government: "Moscow said", "Kyiv denied"."""
    root = span.root
    if root.dep_ == "poss" or (span.end < len(span.doc) and span.doc[span.end].text in ("'s", "'")):
        return True  # "Seoul's support"
    return root.dep_ in ("nsubj", "nsubjpass", "agent") and root.head.pos_ in ("VERB", "AUX")
