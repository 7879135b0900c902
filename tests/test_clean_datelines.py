"""Wire datelines in the forms news sites print them: blanked, never an actor, their place kept as the location."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dragoman.clean import builtin_rules, clean
from dragoman.model import Article

BODY = "The interior ministry banned the rally over security fears."
KNOWN = frozenset({"bulawayo", "zimbabwe", "harare", "mombasa", "kenya", "lyon", "france"})


def cleaned(text: str):
    return clean(Article(id="t", text=text), replace(builtin_rules(), places=KNOWN))


@pytest.mark.parametrize("opening, place", [
    ("MOSCOW, (Reuters) \u2013 ", "Moscow"),
    ("ACCRA (AFP): ", "Accra"),
    ("NAIROBI, March 3 (Reuters) - ", "Nairobi"),
    ("LIMA, 3 March (AFP) - ", "Lima"),
    ("KABUL, Afghanistan, Sept. 12 (AP) - ", "Kabul, Afghanistan"),
    ("UNITED NATIONS (AP) _ ", "United Nations"),
    ("Bulawayo, Zimbabwe - ", "Bulawayo, Zimbabwe"),
    ("Harare (AFP) - ", "Harare"),
    ("Mombasa, (Reuters) \u2014 ", "Mombasa"),
    ("Tirana, Albania (AP) -- ", "Tirana, Albania"),  # an unknown town, but an agency says it is a dateline
    ("Lyon, France, 12 May (AFP) - ", "Lyon, France"),
    ("BUKAVU, Democratic Republic of Congo (Lake Kivu Post) \u2013 ", "Bukavu, Democratic Republic of Congo"),
    ("Brazzaville, Republic of the Congo (AFP) - ", "Brazzaville, Republic of the Congo"),
])
def test_wire_datelines_are_blanked_and_their_place_kept(opening: str, place: str) -> None:
    c = cleaned(opening + BODY)
    assert c.location == place
    assert [r.rule for r in c.removals] == ["dateline"]
    assert c.text.strip() == BODY


@pytest.mark.parametrize("opening", ["(CNN) ", "(Reuters) - ", "(AP) \u2014 ", "(Al Jazeera) "])
def test_an_agency_alone_is_blanked_with_no_place(opening: str) -> None:
    c = cleaned(opening + BODY)
    assert c.location is None
    assert [r.rule for r in c.removals] == ["dateline"]
    assert c.text.strip() == BODY


@pytest.mark.parametrize("text", [
    "Bulawayo Police said the rally was banned.",  # a place before a noun, no dash
    "Kenya: The rally was banned.",  # a title-case colon is a headline's, not a dateline's
    "The President (Obama) - said it was banned.",
    "(Photo: Reuters) the rally was banned.",
    "Mombasa - based traders said prices rose.",
])
def test_openings_that_are_not_datelines_stay(text: str) -> None:
    c = cleaned(text)
    assert (c.location, c.removals) == (None, ())


def test_a_dateline_country_is_no_actor(pipeline) -> None:
    text = "HARARE, Zimbabwe (Reuters) - Police arrested twelve opposition activists on Monday."
    events = pipeline.code_article(Article(id="d", text=text, published="2024-03-04")).events
    assert events
    assert all("Zimbabwe" not in e.source.text and "HARARE" not in e.source.text for e in events)
    assert {e.source.country for e in events} == {"ZWE"}
