"""Background: acts the text tells of as history, not news, which the coder found but are not reported events."""

from __future__ import annotations

from datetime import date, timedelta

from ..model import Event
from .coder import Decision


def split_background(events: list[Event], published: str | None, days: int) -> tuple[list[Event], list[Decision]]:
    """Acts the text dates long before publication ("fought a war between 1998 and 2000") are history: the events
    to keep, and a decision for each one dropped."""
    if not published:
        return events, []
    limit = (date.fromisoformat(published[:10]) - timedelta(days=days)).isoformat()
    keep, dropped = [], []
    for e in events:
        if e.date.date and e.date.source not in ("published", "none") and e.date.date < limit:
            dropped.append(Decision(e.sentence_index, e.trigger, e.rule.split()[0],
                                    f"background: dated {e.date.date} by {e.date.source!r}, long before publication"))
        else:
            keep.append(e)
    return keep, dropped
