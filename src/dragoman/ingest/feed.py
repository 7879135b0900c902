"""RSS and Atom feeds through feedparser: one article per entry."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from dragoman.config import Limits
from dragoman.exceptions import EmptyInput, MalformedInput
from dragoman.ingest.common import html_to_text, iso_date, log, require_text
from dragoman.model import Article, Failure, article_id, printable

FORMAT = "feed"

# The text reaches feedparser re-encoded as UTF-8, so its XML declaration must say so.
_XML_ENCODING = re.compile(r"""(<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""", re.IGNORECASE)


def read_feed(text: str, name: str, limits: Limits | None = None) -> Iterator[Article | Failure]:
    """Yield an article for each entry of an RSS or Atom feed."""
    require_text(text, name)
    data = _XML_ENCODING.sub(r'\1"utf-8"', text, count=1).encode("utf-8")
    # A stream, never bytes or str: feedparser would fetch a string that looks like a URL, or open it as a path.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        problem = _parse_problem(parsed)
        if not parsed.get("version"):
            raise MalformedInput(name, f"not a feed: {problem or 'no RSS or Atom root element'}")
        raise EmptyInput(name, f"feed has no entries ({problem})" if problem else "feed has no entries")
    problem = _parse_problem(parsed)
    if problem:
        log.warning(printable(f"{name}: not well-formed ({problem}); its entries are read as far as they go"))
    source = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield entry_article(entry, name, number, source)


def _parse_problem(parsed: Any) -> str | None:
    """feedparser's reason for a document it could not parse cleanly, or None."""
    if not parsed.get("bozo"):
        return None
    err = parsed.get("bozo_exception")
    if hasattr(err, "getMessage") and hasattr(err, "getLineNumber"):  # an XML syntax error
        return f"{err.getMessage()} at line {err.getLineNumber()}"
    return str(err)


def entry_article(entry: Any, name: str, number: int, source: str | None) -> Article | Failure:
    """The article in one feed entry; a headline-only entry uses its title as text."""
    title = _as_text(entry.get("title_detail")) or None
    text = _entry_text(entry) or title
    if not text:
        return Failure(f"{name}:entry {number}", f"entry {number}: no title, content or summary")
    url = entry.get("link") or None
    published = _entry_date(entry)
    return Article(id=article_id(url, text), text=text, title=title, url=url, published=published,
                   published_source="feed" if published else None, source=source, format=FORMAT, origin=name)


def _entry_text(entry: Any) -> str:
    # Full content beats the summary, which feeds often cut short.
    for detail in [*entry.get("content", []), entry.get("summary_detail")]:
        text = _as_text(detail)
        if text:
            return text
    return ""


def _as_text(detail: Any) -> str:
    """The plain text of a feedparser text construct (a dict with ``value`` and ``type``)."""
    if not detail:
        return ""
    value = detail.get("value") or ""
    if detail.get("type") == "text/plain":
        return value.strip()
    return html_to_text(value)


def _entry_date(entry: Any) -> str | None:
    # The raw string keeps the day as written; feedparser's *_parsed tuples are shifted to UTC.
    for key in ("published", "updated", "created"):
        if key in entry:
            found = iso_date(entry[key])
            if found:
                return found
    for key in ("published_parsed", "updated_parsed"):
        if entry.get(key):
            # feedparser turns "0000-00-00" into year -1: such a date is dropped, never the entry.
            found = iso_date("%04d-%02d-%02d" % tuple(entry[key][:3]))
            if found:
                return found
    return None
