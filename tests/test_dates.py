"""Temporal expressions and event dates, all resolved against a publication date, never against the clock."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from dragoman import dates
from dragoman.dates import Rule, TimeExpression, date_event, find_expressions
from dragoman.exceptions import UsageError
from dragoman.model import EventDate

PUB = "2024-05-23"  # a Thursday


def only(text: str, published: str | None = PUB) -> TimeExpression:
    found = find_expressions(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("sentence, expression, day, precision", [
    ("The talks collapsed today after a long night.", "today", "2024-05-23", "day"),
    ("Rebels shelled the town yesterday.", "yesterday", "2024-05-22", "day"),
    ("Police detained two reporters last night in the capital.", "last night", "2024-05-22", "day"),
    ("The envoy arrives tomorrow for talks.", "tomorrow", "2024-05-24", "day"),
    ("Eleven days ago the border post was closed.", "Eleven days ago", "2024-05-12", "day"),
    ("The ceasefire broke down 4 days ago.", "4 days ago", "2024-05-19", "day"),
    ("A convoy was stopped a week ago near the pass.", "a week ago", "2024-05-16", "week"),
    ("Three weeks ago the minister resigned.", "Three weeks ago", "2024-05-02", "week"),
    ("The embassy shut its doors two months ago.", "two months ago", "2024-03-01", "month"),
    ("Sanctions were first imposed twenty years ago.", "twenty years ago", "2004-01-01", "year"),
    ("The parliament met last week to debate the bill.", "last week", "2024-05-16", "week"),
    ("The ministers will meet next week.", "next week", "2024-05-30", "week"),
    ("Protests spread last month across the north.", "last month", "2024-04-01", "month"),
    ("The army said earlier this month that it would withdraw.", "earlier this month", "2024-05-01", "month"),
    ("Elections were held last year under observers.", "last year", "2023-01-01", "year"),
    ("The office closes from the beginning of November.", "from the beginning of November", "2024-11-01", "day"),
    ("The mandate ran out at the end of February.", "at the end of February", "2024-02-29", "day"),
    ("As of September 3, the visas are void.", "As of September 3", "2024-09-03", "day"),
    ("The blockade began on Jan. 9 and still holds.", "on Jan. 9", "2024-01-09", "day"),
    ("Troops crossed the river on 12 April.", "on 12 April", "2024-04-12", "day"),
    ("The accord, signed Aug 14, 2019, lapsed.", "Aug 14, 2019", "2019-08-14", "day"),
    ("The accord, signed 14 August 2019, lapsed.", "14 August 2019", "2019-08-14", "day"),
    ("The decree is dated 2021-06-30 in the gazette.", "2021-06-30", "2021-06-30", "day"),
    ("Fighting flared in February near the dam.", "in February", "2024-02-01", "month"),
    ("Fighting flared in February 2022 near the dam.", "in February 2022", "2022-02-01", "month"),
    ("The treaty was ratified in 2017 by both chambers.", "in 2017", "2017-01-01", "year"),
])
def test_each_expression_resolves(sentence: str, expression: str, day: str, precision: str) -> None:
    e = only(sentence)
    assert (e.text, e.date, e.precision) == (expression, day, precision)
    assert sentence[e.span[0]:e.span[1]] == expression


@pytest.mark.parametrize("sentence, day", [
    ("The cabinet met on Monday.", "2024-05-20"),
    ("The cabinet met Monday.", "2024-05-20"),
    ("The cabinet met on Thursday.", "2024-05-23"),  # the publication day's own weekday is that day
    ("The cabinet met on Friday.", "2024-05-17"),  # the day after publication's weekday lies in the past week
    ("The cabinet met last Thursday.", "2024-05-16"),  # "last" skips the publication day
    ("The cabinet meets next Thursday.", "2024-05-30"),
])
def test_weekdays_are_the_most_recent_on_or_before_publication(sentence: str, day: str) -> None:
    assert only(sentence).date == day


@pytest.mark.parametrize("sentence, published, day", [
    ("The mission will close on November 1.", "2024-05-23", "2024-11-01"),  # nearer ahead than behind
    ("Shelling resumed on December 28.", "2024-01-03", "2023-12-28"),  # across New Year, backwards
    ("The summit opens on January 2.", "2023-12-30", "2024-01-02"),  # across New Year, forwards
    ("The vote happened on 3 March.", "2024-05-23", "2024-03-03"),
    ("The law took effect on February 29.", "2025-02-10", "2024-02-29"),  # only a leap year has the day
])
def test_a_date_without_a_year_takes_the_occurrence_nearest_publication(sentence: str, published: str,
                                                                           day: str) -> None:
    assert only(sentence, published).date == day


def test_a_month_without_a_year_takes_the_nearest_one() -> None:
    assert only("Talks resume in November.", "2024-05-23").date == "2024-11-01"
    assert only("Talks stalled in December.", "2024-01-10").date == "2023-12-01"


def test_without_publication_relative_expressions_have_no_date() -> None:
    found = find_expressions("Ten days ago, and last week, and on Monday, and on 5 May, the envoy called.", None)
    assert [e.text for e in found] == ["Ten days ago", "last week", "on Monday", "on 5 May"]
    assert all(e.date is None for e in found)


def test_without_publication_dates_with_a_year_still_resolve() -> None:
    assert only("The strike of March 3, 2020 was the first.", None).date == "2020-03-03"
    assert only("It began in 2015.", None).date == "2015-01-01"


def test_resolution_depends_on_publication_not_the_clock() -> None:
    assert only("The vote was held yesterday.", "1999-03-01").date == "1999-02-28"
    assert only("The vote was held last year.", "1999-03-01").date == "1998-01-01"


@pytest.mark.parametrize("sentence", [
    "May I ask a question?",  # a modal verb, not the month
    "They will march on the capital.",
    "The ministers may meet again.",
    "The vote was 10 to 2 against the motion.",
    "Shares fell 3% on the news.",
    "The resolution passed on February 30.",  # no such day
])
def test_things_that_are_not_dates(sentence: str) -> None:
    assert find_expressions(sentence, PUB) == []


def test_overlapping_matches_keep_the_longest() -> None:
    found = find_expressions("Thursday, May 16, 2024 was quiet.", PUB)
    assert [(e.text, e.rule) for e in found] == [("Thursday", "weekday"), ("May 16, 2024", "month-day-year")]


def test_a_bad_publication_date_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        find_expressions("yesterday", "23/05/2024")


def test_timestamps_count_as_their_date() -> None:
    assert only("It happened yesterday.", "2024-05-23T22:15:00+00:00").date == "2024-05-22"


def test_a_new_expression_is_one_more_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    def fortnight(m: re.Match[str], published: date | None) -> tuple[date | None, str]:
        return (published - timedelta(days=14) if published else None), "week"

    extra = Rule("fortnight", re.compile(r"\ba fortnight ago\b", re.IGNORECASE), fortnight)
    monkeypatch.setattr(dates, "RULES", [*dates.RULES, extra])
    assert only("The siege began a fortnight ago.").date == "2024-05-09"


# --- date_event ---------------------------------------------------------------------------------------------------

def test_event_takes_the_expression_in_its_sentence() -> None:
    assert date_event("Nine days ago, the guards seized the ship.", PUB) == EventDate("2024-05-14", "day",
                                                                                      "Nine days ago")


def test_event_takes_the_expression_nearest_the_trigger() -> None:
    sentence = "On Monday the minister said the army withdrew on Tuesday."
    assert date_event(sentence, PUB, near=sentence.index("withdrew")).source == "on Tuesday"
    assert date_event(sentence, PUB, near=sentence.index("said")).source == "On Monday"
    assert date_event(sentence, PUB).source == "On Monday"  # no trigger given: the first


def test_an_expression_in_another_clause_does_not_date_the_event() -> None:
    sentence = "Police seized the ship of men sought for a raid three years ago, the minister said on Monday."
    raid = sentence.index("sought")
    clause = (raid, sentence.index(", the minister"))
    assert date_event(sentence, PUB, near=sentence.index("seized")).source == "three years ago"
    assert date_event(sentence, PUB, near=sentence.index("seized"), outside=[clause]).source == "on Monday"
    assert date_event(sentence, PUB, near=sentence.index("seized"), outside=lambda: [clause]).source == "on Monday"


def test_the_other_clauses_are_worked_out_only_for_a_sentence_with_a_date() -> None:
    asked = []

    def clauses():
        asked.append(True)
        return []

    assert date_event("Police seized the ship.", PUB, outside=clauses).source == "published"
    assert not asked
    assert date_event("Police seized the ship on Monday.", PUB, outside=clauses).source == "on Monday"
    assert asked


def test_pipeline_dates_an_act_by_its_own_clause(pipeline) -> None:
    text = ("A court in Kenya has issued arrest warrants for two men sought in a bombing in Mombasa three years ago, "
            "police said on Wednesday.")
    events = pipeline.code_text(text, published="2025-06-12")
    assert [(e.cameo, e.date.date, e.date.source) for e in events] == [("173", "2025-06-11", "on Wednesday")]


def test_words_are_dated_when_said_not_when_the_act_they_announce_is_due(pipeline) -> None:
    events = pipeline.code_text("Kenya and Uganda agreed to hold talks in March.", published="2025-06-12")
    assert {(e.cameo, e.date.date, e.date.source) for e in events} == {("036", "2025-06-12", "published")}


def test_a_possessive_date_dates_its_noun_not_the_event() -> None:
    sentence = "The mayor blamed the police for Tuesday's riot in a speech on Saturday."
    assert date_event(sentence, "2024-01-14", near=sentence.index("blamed")).date == "2024-01-13"
    only = "Monday's attack killed five soldiers."
    assert date_event(only, "2024-01-10", near=only.index("killed")).date == "2024-01-08"


def test_event_without_an_expression_takes_publication() -> None:
    assert date_event("The army withdrew from the town.", PUB) == EventDate(PUB, "day", "published")


def test_event_with_nothing_to_go_on_has_no_date() -> None:
    assert date_event("The army withdrew from the town.", None) == EventDate(None, None, "none")
    assert date_event("The army withdrew last week.", None) == EventDate(None, None, "none")


def test_event_with_only_an_absolute_date_and_no_publication() -> None:
    assert date_event("The army withdrew on 2 June 2023.", None) == EventDate("2023-06-02", "day", "on 2 June 2023")


@pytest.mark.parametrize("sentence, expression, day", [
    ("The embassy closes as of November 1, the ministry said.", "as of November 1", "2024-11-01"),
    ("Flights resume on Nov. 1 under the deal.", "on Nov. 1", "2024-11-01"),
])
def test_the_forms_of_november_the_first(sentence: str, expression: str, day: str) -> None:
    found = only(sentence)
    assert (found.text, found.date, found.precision) == (expression, day, "day")


# -- the ends of the calendar ----------------------------------------------------------------------------------

EVERY_KIND = ("It happened today, yesterday and tomorrow, on Monday, last Friday and next Tuesday, ten days ago, "
              "two weeks ago, three months ago, five years ago, last week, next week, this month, next month, "
              "last year, next year, in November, at the end of December, on March 3 and on 31 December.")


@pytest.mark.parametrize("published", ["0001-01-01", "0001-01-07", "9999-12-31", "9999-12-25"])
def test_no_expression_overflows_the_calendar(published):
    found = find_expressions(EVERY_KIND, published)
    assert {e.rule for e in found} >= {"day-word", "weekday", "ago", "relative-period", "month", "month-part",
                                       "month-day"}
    for e in found:
        assert e.date is None or date(1, 1, 1) <= date.fromisoformat(e.date) <= date(9999, 12, 31)
    # What lies past the end resolves to nothing; what lies within still resolves.
    by_text = {e.text: e.date for e in found}
    if published.startswith("9999"):
        assert by_text["next year"] is None and by_text["last year"] == "9998-01-01"
    else:
        assert by_text["last year"] is None and by_text["next year"] == "0002-01-01"


def test_an_event_dated_past_the_end_takes_the_publication_date():
    assert date_event("The talks resume next week.", "9999-12-31") == EventDate("9999-12-31", "day", "published")
    assert date_event("The talks resumed last week.", "0001-01-01") == EventDate("0001-01-01", "day", "published")
    assert date_event("The talks resume next week.", "0001-01-01").date == "0001-01-08"


def test_windows_stop_at_the_ends_of_the_calendar():
    assert dates.clamped_add_days(date(9999, 12, 30), 10) == date.max
    assert dates.clamped_add_days(date(1, 1, 3), -10) == date.min
    assert dates.add_days(date(9999, 12, 30), 10) is None
    assert dates.add_days(date(2024, 5, 23), -1) == date(2024, 5, 22)
