"""Background: acts the text tells of as a habit or as history are dropped, and the decision says why."""

from dataclasses import replace

import pytest

from conftest import word
from dragoman.events.background import habitual, split_background
from dragoman.explain import explain, render

# (text, the events it must give as (source, target, root), why the verb named gives none)
GOLDEN = [
    ("Militants regularly attack convoys in northern Niger.", [],
     ("attack", "habitual (regularly ...), not a new act")),
    ("Bolivian police routinely detain Peruvian traders at the border.", [],
     ("detain", "habitual (routinely ...), not a new act")),
    ("Russia has long accused Ukraine of shelling civilians.", [],
     ("accused", "background (has long ...), not a new act")),
    ("Western governments have repeatedly condemned Iran's nuclear programme.", [],
     ("condemned", "background (have repeatedly ...), not a new act")),
    ("Cuba has always rejected American demands for reform.", [],
     ("rejected", "background (has always ...), not a new act")),
    ("Kenya has previously deported Somali refugees.", [],
     ("deported", "background (has previously ...), not a new act")),
    ("Rebels have attacked army posts in Chad for years.", [],
     ("attacked", "background (have ... for years), not a new act")),
    ("In recent months Armenia and Azerbaijan have exchanged fire along the border.", [],
     ("exchanged", "background (have ... In recent months), not a new act")),
    ("Turkey has been carrying out an offensive against Kurdish militants since 2014.", [],
     ("carrying", "background: dated 2014-01-01 by 'since 2014', long before publication")),
    # the same acts told as news
    ("Militants attacked a convoy in northern Niger on Sunday.", [("NER", "NER", "18")], None),
    ("Bolivian police detained Peruvian traders at the border on Friday.", [("BOL", "PER", "17")], None),
    ("Cuba rejected American demands for reform on Friday.", [("CUB", "USA", "12")], None),
    ("Russia repeatedly shelled Kharkiv on Tuesday.", [("RUS", "UKR", "19")], None),
    ("Turkey has expelled two Dutch diplomats.", [("TUR", "NLD", "16")], None),
    ("A Kenyan court has jailed a Somali pirate for two years.", [("KEN", "SOM", "17")], None),
    ("Russia has long accused Ukraine of aggression and on Monday expelled two Ukrainian diplomats.",
     [("RUS", "UKR", "16")], ("accused", "background (has long ...), not a new act")),
]


@pytest.mark.parametrize("text, events, dropped", GOLDEN, ids=[g[0][:40] for g in GOLDEN])
def test_golden_background(code, text, events, dropped):
    coded = code(text)
    got = [(e.source.country, e.target.country if e.target else None, e.root) for e in coded.events]
    assert got == events
    if dropped is not None:
        trigger, why = dropped
        assert [d.outcome for d in coded.decisions if d.trigger.startswith(trigger)][-1] == why
        assert why in render(explain(coded))


def test_a_habit_is_read_through_a_controlling_verb(parse):
    doc, _ = parse("Militants often try to attack convoys.")
    assert habitual(word(doc, "attack")) == "habitual (often ...), not a new act"
    doc, _ = parse("Militants try to attack convoys.")
    assert habitual(word(doc, "attack")) is None


def test_an_act_dated_long_before_publication_is_background(code):
    coded = code("Iraq invaded Kuwait in August 1990.")
    assert coded.events == []
    [dropped] = [d for d in coded.decisions if d.outcome.startswith("background")]
    assert dropped.trigger == "invaded" and dropped.pattern == "attack"
    assert dropped.outcome == "background: dated 1990-08-01 by 'in August 1990', long before publication"


def test_an_act_dated_this_week_is_news(code):
    events = code("Iraq closed its border with Kuwait on Monday.").events
    assert [(e.source.key, e.target.key, e.date.date) for e in events] == [("IRQ", "KWT", "2024-05-20")]


def test_the_limit_is_a_number_of_days_before_publication(code):
    [event] = code("Iraq closed its border with Kuwait on Monday.").events
    old = replace(event, date=replace(event.date, date="2023-05-01", source="on 1 May 2023"))
    kept, dropped = split_background([old], "2024-05-23", days=400)
    assert kept == [old] and dropped == []
    kept, dropped = split_background([old], "2024-05-23", days=365)
    assert kept == [] and [d.pattern for d in dropped] == [event.rule.split()[0]]


def test_without_a_publication_date_nothing_is_background(code):
    [event] = code("Iraq closed its border with Kuwait on Monday.").events
    old = replace(event, date=replace(event.date, date="1990-08-01", source="in August 1990"))
    assert split_background([old], None, days=365) == ([old], [])


def test_an_event_dated_only_by_publication_is_never_background(code):
    [event] = code("Iraq closed its border with Kuwait on Monday.").events
    undated = replace(event, date=replace(event.date, date="1990-08-01", source="published"))
    assert split_background([undated], "2024-05-23", days=365) == ([undated], [])


STANDING = ("Kenya and Uganda signed a border deal on Monday. The deal ends a long dispute. "
            "The United States stations 2,000 troops in Kenya. Uganda supplies most of Kenya's sugar. "
            "On Tuesday, Kenya closed its border with Somalia.")


def test_a_deed_in_the_present_after_the_lede_is_a_standing_state(code):
    coded = code(STANDING)
    got = [(e.source.country, e.target.country if e.target else None, e.root) for e in coded.events]
    assert ("USA", "KEN", "15") not in got and ("KEN", "SOM", "17") in got
    why = "a standing state (stations, in the present after the lede), not a new act"
    assert why in [d.outcome for d in coded.decisions if d.trigger == "stations"]
    assert why in render(explain(coded))


def test_a_headline_or_lede_may_tell_news_in_the_present(code):
    events = code("Russia expels two Estonian diplomats over spying claims.").events
    assert [(e.source.key, e.target.key, e.root) for e in events] == [("RUS", "EST", "16")]
