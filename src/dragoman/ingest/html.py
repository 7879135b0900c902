"""Saved web pages: main text and metadata through trafilatura, offline."""

from __future__ import annotations

from collections.abc import Iterator

import trafilatura

from dragoman.config import Limits
from dragoman.exceptions import MalformedInput
from dragoman.ingest.common import iso_date, require_text
from dragoman.model import Article, Failure, article_id

FORMAT = "html"
NO_TEXT = "no article text found in HTML"

# Only dates found in the page's markup (meta tags, <time>, JSON-LD). trafilatura's default "extensive" search also
# scans the story's text and takes the first date it mentions, which is often not the publication date.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}


def read_html(text: str, name: str, limits: Limits | None = None) -> Iterator[Article | Failure]:
    """Yield the one article a saved web page holds."""
    yield html_article(text, name)


def html_article(text: str, name: str, url: str | None = None) -> Article:
    """The article in an HTML page; ``url``, when known (e.g. from a WARC record), wins over the page's own."""
    require_text(text, name)
    doc = trafilatura.bare_extraction(text, url=url, with_metadata=True, include_comments=False,
                                      date_extraction_params=_DATE_PARAMS)
    body = (doc.text or "") if doc is not None else ""
    if not body.strip():
        raise MalformedInput(name, NO_TEXT)
    page_url = url or doc.url or None
    published = iso_date(doc.date)
    return Article(id=article_id(page_url, body), text=body, title=doc.title or None, url=page_url,
                   published=published, published_source="html" if published else None,
                   source=doc.sitename or doc.hostname or None, format=FORMAT, origin=name)
