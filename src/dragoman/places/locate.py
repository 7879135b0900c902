"""Each event's location: the place where its act happened, and which step chose it.

  clause    a place attached to the trigger or its clause: "shelled Kharkiv", "met in Brussels", "an attack near
            the border town of Sumy"
  sentence  else a place the sentence puts something in ("in Kharkiv", "near the town of Sumy")
  dateline  else the dateline's place, when the source or target is of that country
  actor     else a country from the actors: for force (CAMEO 18-20), where its target is ("struck Ukraine" happened
            in Ukraine); for anything else, where the source is (a minister's statement is made at home)

A place that stands for its government ("Moscow said"), and a country name or adjective inside an actor
("Russian diplomats"), is never a location. A place two states claim keeps its point and has no country.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Sequence

from spacy.tokens import Doc, Token

from ..model import Actor, Event, Location, Place
from .gazetteer import Gazetteer

ON_TARGET_SOIL = ("18", "19", "20")  # assault, fight, mass violence happen where the target is
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
    places = [p for p in places if not p.metonymic and not p.adjective and not _acting(p, doc, spans)]
    cities = _article_cities(places)
    out = []
    for e in events:
        location = _locate(e, places, doc, gazetteer, dateline, cities)
        if location is None:
            out.append(e)
            continue
        out.append(replace(e, location=location, rule=f"{e.rule}; where: {location.why}"))
    return out


def _locate(e: Event, places: Sequence[Place], doc: Doc, gazetteer: Gazetteer,
            dateline: Place | None, cities: dict[str, Place]) -> Location | None:
    start, end = e.sentence_span
    here = [p for p in places if start <= p.span[0] and p.span[1] <= end and _eligible(p, e, doc)]
    trigger = _token(doc, e.trigger_span)
    if trigger is not None and here:
        attached = [p for p in here if p.feature != "region" and _attached(doc, p, trigger)]
        if attached:
            p = min(attached, key=lambda p: abs(p.span[0] - e.trigger_span[0]))
            return Location(p, "clause", f"{p.name} ({p.country or 'no country'}), in the clause of "
                                         f"{e.trigger!r}: {p.text!r}")
    here = [p for p in here if p.feature != "region" and _placed(doc, p)]
    if here:
        p = min(here, key=lambda p: abs(p.span[0] - e.trigger_span[0]))
        return Location(p, "sentence", f"{p.name} ({p.country or 'no country'}), named in the sentence: "
                                       f"{p.text!r}")
    sides = [a.country for a in (e.source, e.target) if a is not None and a.country]
    if dateline is not None and dateline.country and dateline.country in sides:
        return Location(dateline, "dateline", f"{dateline.name}, the dateline, where the "
                                              f"{'source' if dateline.country == sides[0] else 'target'} is")
    on_soil = e.root in ON_TARGET_SOIL
    order = (e.target, e.source) if on_soil else (e.source, e.target)
    for actor in order:
        place = _country_place(actor, gazetteer)
        if place is not None:
            role = "target" if actor is e.target else "source"
            why = "force used on its target's soil" if role == "target" and on_soil else f"where the {role} is"
            city = cities.get(place.country or "")
            if city is not None:
                return Location(city, "actor", f"{city.name}, the place the article names most in the {role}'s "
                                               f"country ({place.name}): {why}")
            return Location(place, "actor", f"{place.name}, the {role}'s country: {why}")
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
    """The place hangs from the trigger, or from the verb the trigger belongs to, within a few steps."""
    head = _root_of(doc, p)
    governors = {trigger.i}
    if trigger.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "attr") or trigger.pos_ == "NOUN":
        governors.add(trigger.head.i)  # "carried out an attack in X": the verb's place is the attack's
    t, placed = head, False
    for _ in range(MAX_CLIMB):
        if t.i in governors:
            return placed or t is not head and head.dep_ in ("npadvmod",)
        if t.head.i == t.i or t.dep_ in ("ccomp", "parataxis", "nsubj", "nsubjpass") or (
                t.dep_ == "conj" and t.pos_ == "VERB"):
            return False
        if t.dep_ == "pobj" and t.head.lower_ in PLACING:
            placed = True
        t = t.head
    return False


def _root_of(doc: Doc, p: Place) -> Token:
    span = doc.char_span(*p.span, alignment_mode="expand")
    return span.root if span is not None and len(span) else doc[0]


def _token(doc: Doc, span: tuple[int, int]) -> Token | None:
    s = doc.char_span(*span, alignment_mode="expand")
    return s[0] if s is not None and len(s) else None


def _country_place(actor: Actor | None, gazetteer: Gazetteer) -> Place | None:
    if actor is None or not actor.country:
        return None
    entry = gazetteer.country(actor.country)
    if entry is None:
        return None
    return Place(text=actor.text, span=actor.span, name=entry.name, country=entry.country, admin1=None,
                 lat=entry.lat, lon=entry.lon, geonames_id=entry.geonames_id, feature="country",
                 why=f"the country of {actor.text!r}")


def dateline_place(places: Iterable[Place]) -> Place | None:
    return next((p for p in places if p.why.startswith("dateline")), None)
