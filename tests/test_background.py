"""Background: acts the text tells of as history are dropped, and the decision says why."""

from dataclasses import replace

from dragoman.events.background import split_background


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
