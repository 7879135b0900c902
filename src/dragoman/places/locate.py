"""Each event's location: the place where its act happened, and which step chose it.

  clause    a place attached to the trigger or its clause: "shelled Kharkiv", "met in Brussels", "an attack near
            the border town of Sumy"
  sentence  else a place the sentence puts something in ("in Kharkiv", "near the town of Sumy"), outside the act's
            participants
  dateline  else the dateline's place, when the source or target is of that country (not for an organisation
            with a seat, below)
  actor     else a country from the actors: for force (CAMEO 18-20), where its target is ("struck Ukraine" happened
            in Ukraine); for anything else, where the source is (a minister's statement is made at home); an
            organisation's seat (data/seats.yaml) for one with no country

A place that stands for its government ("Moscow said"), and a country name or adjective inside an actor
("Russian diplomats"), is never a location. A place two states claim keeps its point and has no country.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

import yaml

from spacy.tokens import Doc, Token

from ..model import Actor, Event, Location, Place
from .gazetteer import Entry, Gazetteer

# acts done where their object is: "raided offices in", "investigating assaults outside Cologne's cathedral"
AT_THE_OBJECT = ("07", "09", "14", "15", "17", "18", "19", "20")
DEEDS = (2, 4)  # quad classes of material acts
ON_TARGET_SOIL = ("18", "19", "20")  # assault, fight, mass violence happen where the target is
# prepositions that put an act at a place: "struck offices in", "fired from", "along the border"
PLACING = {"in", "at", "near", "outside", "inside", "into", "across", "around", "on", "from", "off",
           "within", "throughout", "along", "through", "onto", "upon", "between"}
LOCATIVE = {"in", "at", "near", "outside", "inside", "within", "across", "throughout", "around"}
MAX_CLIMB = 8


def locate_events(events: Sequence[Event], places: Sequence[Place], doc: Doc, gazetteer: Gazetteer,
                  dateline: Place | None = None, actor_spans: Iterable[tuple[int, int]] = ()) -> list[Event]:
    """The events with their ``location`` set (or None), and the reason appended to each ``rule``.
    ``actor_spans`` are the character spans of every actor mention: a place named as an actor is no location
    unless a preposition puts something there ("in Russia", not "Russia said" or "Seoul's support")."""
    spans = sorted(actor_spans)
    struck = {p.span: p for p in places if not p.adjective and p.feature != "country"}
    # "Cologne police", "Cologne's cathedral" tell where the story is, though neither is a place an act is in; a
    # capital acting for its state ("Pyongyang said") does not
    cities = _article_cities([p for p in places if not p.adjective and not p.metonymic and (
        not _acting(p, doc, spans) or not _is_capital(p, gazetteer))])
    places = [p for p in places if not p.metonymic and not p.adjective and not _acting(p, doc, spans)]
    out = []
    for e in events:
        location = _struck(e, struck) or _locate(e, places, doc, gazetteer, dateline, cities)
        if location is None:
            out.append(e)
            continue
        out.append(replace(e, location=location, rule=f"{e.rule}; where: {location.why}"))
    return out


def _struck(e: Event, places: dict[tuple[int, int], Place]) -> Location | None:
    """Force whose target is a town or region happened there: "missiles struck Kharkiv"."""
    if e.root not in ON_TARGET_SOIL or e.target is None or e.target.span not in places:
        return None
    p = places[e.target.span]
    return Location(p, "clause", f"{p.name} ({p.country or 'no country'}), the place {e.trigger!r} struck")


def _locate(e: Event, places: Sequence[Place], doc: Doc, gazetteer: Gazetteer,
            dateline: Place | None, cities: dict[str, Place]) -> Location | None:
    start, end = e.sentence_span
    here = [p for p in places if start <= p.span[0] and p.span[1] <= end and _eligible(p, e, doc)
            and (p.feature != "region" or e.quad_class in DEEDS)]  # words "on the Korean Peninsula" are a topic
    trigger = _token(doc, e.trigger_span)
    if trigger is not None and here:
        attached = [p for p in here if (p.feature != "region" or _placed(doc, p)) and _attached(doc, p, trigger)]
        if attached:
            p = min(attached, key=lambda p: abs(p.span[0] - e.trigger_span[0]))
            return Location(p, "clause", f"{p.name} ({p.country or 'no country'}), in the clause of "
                                         f"{e.trigger!r}: {p.text!r}")
    here = [p for p in here if _placed(doc, p)
            and (e.root in AT_THE_OBJECT or not _in_argument(doc, p, trigger))]
    if here:
        p = min(here, key=lambda p: abs(p.span[0] - e.trigger_span[0]))
        return Location(p, "sentence", f"{p.name} ({p.country or 'no country'}), named in the sentence: "
                                       f"{p.text!r}")
    if (seat := _at_the_seat(e, doc, gazetteer)) is not None:
        return seat
    on_soil = e.root in ON_TARGET_SOIL
    seated = e.source is not None and e.source.org in _seats()  # NATO acts from Brussels, whatever the dateline
    sides = [a for a in (e.source, e.target) if a is not None and a.country]
    here_too = [a for a in sides if dateline is not None and a.country == dateline.country]
    if here_too and not seated:
        role = "source" if here_too[0] is e.source else "target"
        return Location(dateline, "dateline", f"{dateline.name}, the dateline, where the {role} is")
    order = (e.target, e.source) if on_soil else (e.source, e.target)
    for actor in order:
        place = _country_place(actor, gazetteer)
        if place is not None:
            role = "target" if actor is e.target else "source"
            why = "force used on its target's soil" if role == "target" and on_soil else f"where the {role} is"
            if place.feature == "city":
                return Location(place, "actor", f"{place.name}, {place.why}: {why}")
            city = cities.get(place.country or "")
            if city is not None:
                return Location(city, "actor", f"{city.name}, the place the article names most in the {role}'s "
                                               f"country ({place.name}): {why}")
            seat = _capital(actor, gazetteer) if not on_soil else None
            if seat is not None:
                return Location(seat, "actor", f"{seat.name}, the capital, where {actor.text!r} governs: {why}")
            return Location(place, "actor", f"{place.name}, the {role}'s country: {why}")
    return None


# where a country's state sits: "gathered outside parliament" is in its capital
SEAT_NOUNS = {"parliament", "legislature", "congress", "senate", "palace", "presidency", "chancellery", "kremlin"}


def _at_the_seat(e: Event, doc: Doc, gazetteer: Gazetteer) -> Location | None:
    """An act at a seat of state the sentence names by a common noun ("outside parliament"): the capital of the
    country of its actors, where both are of one."""
    countries = {a.country for a in (e.source, e.target) if a is not None and a.country and not a.org}
    if len(countries) != 1:
        return None
    start, end = e.sentence_span
    for t in doc.char_span(start, end, alignment_mode="expand") or ():
        before = [w.lower_ for w in doc[max(0, t.i - 3):t.i] if w.lower_ not in ("the", "of", "front")]
        if t.lower_ in SEAT_NOUNS and before and before[-1] in LOCATIVE | {"outside", "before"}:
            entry = gazetteer.capital(next(iter(countries)))
            if entry is not None:
                place = _entry_place(t.text, (t.idx, t.idx + len(t.text)), entry,
                                     f"{t.text!r}: the seat of state, in the capital")
                return Location(place, "sentence", f"{entry.name}, the capital: the act is at {t.text!r}")
    return None


def _acting(p: Place, doc: Doc, spans: list[tuple[int, int]]) -> bool:
    """Named as an actor and not put anywhere by a preposition: "Russia said", "Seoul's support"."""
    if not any(a <= p.span[0] and p.span[1] <= b for a, b in spans):
        return False
    return not _placed(doc, p)


def _placed(doc: Doc, p: Place) -> bool:
    """A locative preposition before the name, over its modifiers: "in downtown Seattle", "in the eastern
    Chinese city of Hangzhou"."""
    first = _token(doc, p.span)
    if first is None:
        return False
    for t in reversed(doc[max(0, first.i - 7):first.i]):
        if t.lower_ in LOCATIVE:
            return True
        if not (t.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "NUM") or t.lower_ in ("of", "-")):
            return False
    return False


def _article_cities(places: Sequence[Place]) -> dict[str, Place]:
    """For each country, the town the article names most (first on a tie), where it names any."""
    counts: dict[str, dict[str, list[Place]]] = {}
    for p in places:
        if p.feature == "city" and p.country:
            counts.setdefault(p.country, {}).setdefault(p.name, []).append(p)
    return {c: max(names.values(), key=len)[0] for c, names in counts.items()}


def _eligible(p: Place, e: Event, doc: Doc) -> bool:
    """A place that can be where the act happened, not who did it."""
    for actor in (e.source, e.target):
        if actor is not None and actor.span[0] <= p.span[0] and p.span[1] <= actor.span[1]:
            first = _token(doc, p.span)
            if first is None or first.i == 0 or doc[first.i - 1].lower_ not in PLACING:
                return False  # "Russian diplomats", "Moscow"; but "police in Kharkiv" say where
    return True


def _attached(doc: Doc, p: Place, trigger: Token) -> bool:
    """The place hangs, by a locative preposition, from the trigger or from the verb a nominal trigger belongs to:
    "met in Brussels", "in the eastern city of Hangzhou, ... met", "carried out an attack in Kabul"; not from a
    noun of the act's object ("suspend its mission in Brussels" is not done in Brussels)."""
    governors = {trigger.i}
    if trigger.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "attr") or trigger.pos_ == "NOUN":
        governors.add(trigger.head.i)
    t = _root_of(doc, p)
    for _ in range(MAX_CLIMB):
        if t.dep_ == "pobj" and t.head.lower_ in PLACING:
            return t.head.head.i in governors
        if t.dep_ == "npadvmod" and t.head.i in governors:  # "struck overnight", "fired Tuesday" are no places,
            return t.ent_type_ in ("GPE", "LOC", "FAC")     # but "attacked Kabul-side" is
        if t.dep_ not in ("compound", "appos", "pobj", "prep", "amod", "nmod", "conj") or t.head.i == t.i:
            return False
        if t.dep_ == "prep" and t.lower_ != "of":
            return False
        t = t.head
    return False


ARGUMENTS = ("dobj", "nsubj", "nsubjpass", "attr", "dative")


def _in_argument(doc: Doc, p: Place, trigger: Token | None) -> bool:
    """Inside a participant of the act: "suspend the work of its mission in Brussels" says where the mission is."""
    if trigger is None:
        return False
    root = _root_of(doc, p)
    return any(c.dep_ in ARGUMENTS and c.left_edge.i <= root.i <= c.right_edge.i for c in trigger.children)


def _root_of(doc: Doc, p: Place) -> Token:
    span = doc.char_span(*p.span, alignment_mode="expand")
    return span.root if span is not None and len(span) else doc[0]


def _token(doc: Doc, span: tuple[int, int]) -> Token | None:
    s = doc.char_span(*span, alignment_mode="expand")
    return s[0] if s is not None and len(s) else None


@lru_cache(maxsize=1)
def _seats() -> dict[str, tuple[str, str]]:
    text = resources.files("dragoman.places").joinpath("data/seats.yaml").read_text(encoding="utf-8")
    return {str(org): (str(v[0]), str(v[1])) for org, v in (yaml.safe_load(text) or {})["seats"].items()}


def _country_place(actor: Actor | None, gazetteer: Gazetteer) -> Place | None:
    """The country an actor is of, or the seat of an organisation."""
    if actor is not None and actor.org in _seats():
        name, country = _seats()[actor.org]
        entry = max((e for e in gazetteer.lookup(name) if e.country == country and e.feature == "city"),
                    key=lambda e: e.population, default=None)
        if entry is not None:
            return _actor_place(actor, entry, f"the seat of {actor.org}")
    if actor is None or not actor.country:
        return None
    entry = gazetteer.country(actor.country)
    return _actor_place(actor, entry, f"the country of {actor.text!r}") if entry is not None else None


STATE = (None, "GOV", "LEG", "JUD", "SPY", "ELI")  # sectors that act from the capital


def _is_capital(p: Place, gazetteer: Gazetteer) -> bool:
    capital = gazetteer.capital(p.country) if p.country else None
    return capital is not None and capital.geonames_id == p.geonames_id


def _capital(actor: Actor, gazetteer: Gazetteer) -> Place | None:
    """A state's words with no place in the article come from its capital."""
    if actor.org or actor.sector not in STATE or not actor.country:
        return None
    entry = gazetteer.capital(actor.country)
    return _actor_place(actor, entry, f"the capital of {actor.country}") if entry is not None else None


def _actor_place(actor: Actor, entry: Entry, why: str) -> Place:
    """A gazetteer entry as the place an actor stands for, pointing at the actor's words."""
    return _entry_place(actor.text, actor.span, entry, why)


def _entry_place(text: str, span: tuple[int, int], entry: Entry, why: str) -> Place:
    """A gazetteer entry as a place, pointing at ``text`` at ``span``."""
    return Place(text=text, span=span, name=entry.name, country=entry.country, admin1=entry.admin1, lat=entry.lat,
                 lon=entry.lon, geonames_id=entry.geonames_id, feature=entry.feature,
                 admin1_code=entry.admin1_code, why=why)


def dateline_place(places: Iterable[Place]) -> Place | None:
    return next((p for p in places if p.why.startswith("dateline")), None)
