"""Temporal expressions, resolved against the article's publication date.

Every expression is found by one entry of ``RULES``, a table of ``(name, regex, resolver)``. A resolver turns a
match and the publication date into a date and a precision, or rejects the match by returning None (for example
"February 30"). To teach the module a new expression, append one rule; nothing else has to change.

Every date lies in years 1 to 9999, as Python's do: an expression that would resolve past either end resolves to
no date, and never raises ("next week" in an article of 9999-12-31).

Nothing here reads the machine's clock: a relative expression ("ten days ago") means something only against a
publication date, and without one it resolves to no date at all.

Conventions, so that dates from different expressions compare:

- precision "day": the day meant;
- precision "week": the publication date shifted by whole weeks ("last week" is the publication date minus 7 days);
- precision "month": the first day of the month;
- precision "year": the first of January.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from typing import Callable, NamedTuple, Sequence

from .exceptions import UsageError
from .model import EventDate, Span

__all__ = ["TimeExpression", "Rule", "RULES", "add_days", "clamped_add_days", "find_expressions", "date_event",
           "parse_published"]


@dataclass(frozen=True)
class TimeExpression:
    """A temporal expression as written, where it is, and what it resolves to (``date`` None when it can't)."""

    text: str
    span: Span
    date: str | None
    precision: str
    rule: str = ""


Resolution = tuple[date | None, str]  # (date or None when unresolvable, precision)
Resolver = Callable[[re.Match[str], date | None], Resolution | None]


class Rule(NamedTuple):
    name: str
    regex: re.Pattern[str]
    resolve: Resolver
    cue: re.Pattern[str] | None = None  # found in every text the regex matches: where it is not, skip the regex


# ---------------------------------------------------------------------------------------------------------------
# Vocabulary

MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
          "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}
# Days relative to publication for single words and fixed phrases.
DAY_OFFSETS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
               "yesterday": -1, "last night": -1, "the day before yesterday": -2, "tomorrow": 1}

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]
MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
WEEKDAY_NAMES = [d.capitalize() for d in WEEKDAYS]


def _names(words: list[str]) -> str:
    """Capitalised or all-caps forms only: "may" is a verb and "march" a noun, but "May" and "MAY" are months."""
    return "|".join(sorted(words + [w.upper() for w in words], key=len, reverse=True))


# (?-i:...) switches off, for the names, the case-insensitive flag the rules are compiled with.
MONTH = (r"(?-i:(?P<month>(?:" + _names(MONTH_NAMES) + r")\b"
         r"|(?:" + _names(MONTH_ABBREVIATIONS) + r")\b\.?))")  # only an abbreviation takes a dot
WEEKDAY = r"(?-i:(?P<weekday>" + _names(WEEKDAY_NAMES) + r"))\b"
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
YEAR = r"(?P<year>(?:19|20)\d\d)\b"
NUMBER = r"(?P<number>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
# Prepositions that go with a date without changing it; they belong to the expression as written.
PREP = r"(?:(?:on|as\s+of|from|since|by|until|starting|effective)\s+)?"
MONTH_PREP = (r"(?:(?:in|since|from|by|until|during)\s+(?:(?:early|mid|late)[-\s]+)?"
              r"|(?:early|mid|late)[-\s]+)")


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Cues: what a rule's match cannot lack, such as a month or weekday name as MONTH and WEEKDAY spell it.
MONTH_CUE = re.compile(_names(MONTH_NAMES + MONTH_ABBREVIATIONS))
WEEKDAY_CUE = re.compile(_names(WEEKDAY_NAMES))
YEAR_CUE = re.compile(r"(?:19|20)\d\d")
ISO_CUE = re.compile(r"\d-\d\d-\d")
AGO_CUE = re.compile(r"ago", re.IGNORECASE)
PERIOD_CUE = re.compile(r"week|month|year", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------------------------
# Date arithmetic

def parse_published(published: str | None) -> date | None:
    """The publication date from an ISO string ("2024-05-23", or a timestamp that starts with one)."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        raise UsageError(f"not an ISO date (YYYY-MM-DD): {published!r}") from None


def add_days(day: date, days: int) -> date | None:
    """``day`` plus ``days``, or None past the ends of the calendar."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def clamped_add_days(day: date, days: int) -> date:
    """``day`` plus ``days``, stopped at the first or last day of the calendar: for the ends of a window."""
    return add_days(day, days) or (date.max if days > 0 else date.min)


def month_start(year: int, month: int, shift: int = 0) -> date | None:
    """The first day of the month ``shift`` months after year-month, or None past the ends of the calendar."""
    index = year * 12 + (month - 1) + shift
    return safe_date(index // 12, index % 12 + 1, 1)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_year(published: date, make: Callable[[int], date | None]) -> date | None:
    """Of the dates ``make`` gives for the years around publication, the one nearest to it (ties go to the past).

    A reader takes "November 1" in an article of May 2024 as 2024-11-01, and "December 28" in one of
    January 2024 as 2023-12-28: the nearest occurrence.
    """
    candidates = [d for y in (published.year - 1, published.year, published.year + 1) if (d := make(y))]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (abs((d - published).days), d > published))


def nearest_month_year(published: date, month: int) -> int:
    """The year of the occurrence of ``month`` nearest to publication, measured from mid-month.

    So "in November" in an article of 23 May is the coming November: mid-November lies 176 days ahead, 190 behind.
    """
    years = [y for y in (published.year - 1, published.year, published.year + 1) if MINYEAR <= y <= MAXYEAR]
    return min(years, key=lambda y: (abs((date(y, month, 15) - published).days), y > published.year))


def _month(m: re.Match[str]) -> int:
    return MONTHS[m.group("month")[:3].lower()]


def _number(m: re.Match[str]) -> int:
    raw = m.group("number").lower()
    return int(raw) if raw.isdigit() else NUMBER_WORDS[raw]


# ---------------------------------------------------------------------------------------------------------------
# Resolvers: (match, publication date or None) -> (date or None, precision), or None to reject the match

def resolve_iso(m: re.Match[str], published: date | None) -> Resolution | None:
    d = safe_date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
    return (d, "day") if d else None


def resolve_full_date(m: re.Match[str], published: date | None) -> Resolution | None:
    d = safe_date(int(m.group("year")), _month(m), int(m.group("day")))
    return (d, "day") if d else None


def resolve_day_month(m: re.Match[str], published: date | None) -> Resolution | None:
    month, day = _month(m), int(m.group("day"))
    if not safe_date(2000, month, day):  # 2000 is a leap year, so February 29 passes here
        return None
    if published is None:
        return None, "day"
    return nearest_year(published, lambda y: safe_date(y, month, day)), "day"


def resolve_month_year(m: re.Match[str], published: date | None) -> Resolution | None:
    return month_start(int(m.group("year")), _month(m)), "month"


def resolve_month(m: re.Match[str], published: date | None) -> Resolution | None:
    if published is None:
        return None, "month"
    month = _month(m)
    return month_start(nearest_month_year(published, month), month), "month"


def resolve_month_part(m: re.Match[str], published: date | None) -> Resolution | None:
    """ "the beginning of November" is its first day, "the end of October" its last."""
    month = _month(m)
    if m.group("year"):
        year = int(m.group("year"))
    elif published is not None:
        year = nearest_month_year(published, month)
    else:
        return None, "day"
    part = m.group("part").lower()
    return (month_end(year, month) if part == "end" else date(year, month, 1)), "day"


def resolve_year(m: re.Match[str], published: date | None) -> Resolution | None:
    return date(int(m.group("year")), 1, 1), "year"


def resolve_day_word(m: re.Match[str], published: date | None) -> Resolution | None:
    offset = DAY_OFFSETS[re.sub(r"\s+", " ", m.group("word").lower())]
    return (add_days(published, offset) if published else None), "day"


def resolve_weekday(m: re.Match[str], published: date | None) -> Resolution | None:
    """The most recent such weekday on or before publication; "last" skips publication day, "next" looks ahead."""
    if published is None:
        return None, "day"
    wanted = WEEKDAYS.index(m.group("weekday").lower())
    which = re.sub(r"\s+", " ", (m.group("which") or "").lower())
    if which == "this past":
        which = "last"
    if which == "next":
        ahead = (wanted - published.weekday()) % 7 or 7
        return add_days(published, ahead), "day"
    back = (published.weekday() - wanted) % 7
    if which == "last" and back == 0:
        back = 7
    return add_days(published, -back), "day"


def resolve_ago(m: re.Match[str], published: date | None) -> Resolution | None:
    unit, n = m.group("unit").lower(), _number(m)
    if published is None:
        return None, ("day" if unit == "day" else unit)
    if unit == "day":
        return add_days(published, -n), "day"
    if unit == "week":
        return add_days(published, -7 * n), "week"
    if unit == "month":
        return month_start(published.year, published.month, -n), "month"
    return safe_date(published.year - n, 1, 1), "year"


def resolve_relative_period(m: re.Match[str], published: date | None) -> Resolution | None:
    """ "last week", "this month", "earlier this month", "next year" ..."""
    unit = m.group("unit").lower()
    shift = {"last": -1, "this": 0, "next": 1, "coming": 1}[m.group("which").lower()]
    if published is None:
        return None, unit
    if unit == "week":
        return add_days(published, 7 * shift), "week"
    if unit == "month":
        return month_start(published.year, published.month, shift), "month"
    return safe_date(published.year + shift, 1, 1), "year"


# ---------------------------------------------------------------------------------------------------------------
# The table. Where matches overlap, the longest wins, then the earliest, then the rule listed first.

RULES: list[Rule] = [
    Rule("iso-date", _rx(r"\b" + PREP + r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})\b"), resolve_iso, ISO_CUE),
    Rule("month-day-year", _rx(r"\b" + PREP + MONTH + r"\s+" + DAY + r",?\s+" + YEAR), resolve_full_date, MONTH_CUE),
    Rule("day-month-year", _rx(r"\b" + PREP + DAY + r"\s+(?:of\s+)?" + MONTH + r",?\s+" + YEAR), resolve_full_date,
         MONTH_CUE),
    Rule("month-day", _rx(r"\b" + PREP + MONTH + r"\s+" + DAY), resolve_day_month, MONTH_CUE),
    Rule("day-month", _rx(r"\b" + PREP + DAY + r"\s+(?:of\s+)?" + MONTH), resolve_day_month, MONTH_CUE),
    Rule("month-part", _rx(r"\b(?:(?:from|since|by|until|at|in|towards?|before)\s+)?the\s+"
                           r"(?P<part>beginning|start|end)\s+of\s+" + MONTH + r"(?:,?\s+" + YEAR + ")?"),
         resolve_month_part, MONTH_CUE),
    Rule("month-year", _rx(r"\b" + MONTH_PREP + r"?" + MONTH + r",?\s+" + YEAR), resolve_month_year, MONTH_CUE),
    # A bare month name needs a preposition: "May" opens questions and "March" is a noun.
    Rule("month", _rx(r"\b" + MONTH_PREP + MONTH + r"(?![\s,]*\d)"), resolve_month, MONTH_CUE),
    Rule("year", _rx(r"\b(?:in|since|by|during|until|throughout|between|from)\s+(?:(?:early|mid|late)[-\s]+)?" + YEAR),
         resolve_year, YEAR_CUE),
    Rule("day-word", _rx(r"\b(?P<word>the\s+day\s+before\s+yesterday|today|tonight|yesterday|tomorrow"
                         r"|this\s+(?:morning|afternoon|evening)|last\s+night)\b"), resolve_day_word),
    Rule("weekday", _rx(r"\b(?:(?:on\s+)?(?P<which>last|this\s+past|this|next)\s+|on\s+)?" + WEEKDAY),
         resolve_weekday, WEEKDAY_CUE),
    Rule("ago", _rx(r"\b" + NUMBER + r"\s+(?P<unit>day|week|month|year)s?\s+ago\b"), resolve_ago, AGO_CUE),
    Rule("relative-period", _rx(r"\b(?:(?:earlier|later)\s+)?(?P<which>last|this|next|coming)\s+"
                                r"(?P<unit>week|month|year)\b"), resolve_relative_period,
         PERIOD_CUE),
]


# ---------------------------------------------------------------------------------------------------------------
# Finding and choosing

def find_expressions(text: str, published: str | None) -> list[TimeExpression]:
    """Every temporal expression in ``text``, in order, none overlapping; dates resolved against ``published``."""
    pub = parse_published(published)
    found: list[tuple[int, int, int, TimeExpression]] = []
    cued: dict[re.Pattern[str], bool] = {}
    for order, rule in enumerate(RULES):
        if rule.cue is not None:
            if rule.cue not in cued:
                cued[rule.cue] = rule.cue.search(text) is not None
            if not cued[rule.cue]:
                continue
        for m in rule.regex.finditer(text):
            resolved = rule.resolve(m, pub)
            if resolved is None:
                continue
            day, precision = resolved
            expr = TimeExpression(m.group(0), (m.start(), m.end()), day.isoformat() if day else None,
                                  precision, rule.name)
            found.append((m.start(), m.start() - m.end(), order, expr))
    return _without_overlaps(found)


def _without_overlaps(found: list[tuple[int, int, int, TimeExpression]]) -> list[TimeExpression]:
    """Keep the longest of overlapping matches (then the earliest, then the rule listed first)."""
    kept: list[TimeExpression] = []
    for _, _, _, expr in sorted(found, key=lambda f: (f[1], f[0], f[2])):
        if all(expr.span[1] <= k.span[0] or expr.span[0] >= k.span[1] for k in kept):
            kept.append(expr)
    return sorted(kept, key=lambda e: e.span)


def _distance(span: Span, offset: int) -> int:
    start, end = span
    return 0 if start <= offset < end else min(abs(offset - start), abs(offset - (end - 1)))


_POSSESSIVE = re.compile(r"['\u2019]s\b")


def date_event(sentence: str, published: str | None, near: int | None = None,
               outside: Sequence[tuple[int, int]] | Callable[[], Sequence[tuple[int, int]]] = ()) -> EventDate:
    """The date of an event told in ``sentence``.

    The expression nearest to ``near`` (the trigger's offset in the sentence) wins, or the first one when ``near``
    is None. Expressions within an ``outside`` range (sentence offsets of clauses that tell of something else:
    "men sought in a slaying three years ago") date that, not the event; given as a function, it is called only
    when the sentence has a date. With no resolvable expression the event takes the publication date; with neither,
    no date.
    """
    dated = [e for e in find_expressions(sentence, published) if e.date]
    if dated and callable(outside):
        outside = outside()
    dated = [e for e in dated if not any(a <= e.span[0] < b for a, b in outside)]
    # "blamed Tuesday's election ... on Saturday": a possessive date names when the noun's occasion was
    dated = [e for e in dated if not _POSSESSIVE.match(sentence, e.span[1])] or dated
    if dated:
        best = dated[0] if near is None else min(dated, key=lambda e: _distance(e.span, near))
        return EventDate(best.date, best.precision, best.text)
    pub = parse_published(published)
    if pub is not None:
        return EventDate(pub.isoformat(), "day", "published")
    return EventDate(None, None, "none")
