"""Web archives (WARC and WARC.gz) through warcio: each HTML or text response becomes an article."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from dragoman.exceptions import EmptyInput, InputError, MalformedInput
from dragoman.ingest.common import decode_text, iso_date
from dragoman.ingest.html import html_article
from dragoman.ingest.txt import read_txt
from dragoman.model import Article, Failure, article_id

FORMAT = "warc"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(data: bytes | BinaryIO, name: str) -> Iterator[Article | Failure]:
    """Yield an article for each HTML or plain-text response record; other records are skipped."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    responses = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream), start=1):
            if record.format != "warc":
                # warcio falls back to its lenient ARC parser for any other content, even plain text.
                raise MalformedInput(name, "not a WARC file")
            if record.rec_type != "response":
                continue
            responses += 1
            kind = _payload_kind(record)
            if kind is None:
                continue
            yield record_article(record, kind, name, number)
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error) as err:
        raise MalformedInput(name, f"not a readable WARC file ({err})") from None
    if responses == 0:
        raise EmptyInput(name, "no response records in WARC")


def record_article(record: ArcWarcRecord, kind: str, name: str, number: int) -> Article | Failure:
    """The article in one response record, or a Failure naming the record."""
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    payload = record.content_stream().read()
    try:
        if getattr(record.raw_stream, "limit", 0):
            # warcio hands out a cut-off record's partial payload without complaint.
            raise MalformedInput(name, "truncated record")
        if not payload.strip():
            raise EmptyInput(name, "empty payload")
        text = decode_text(payload, name, _charset(record))
        article = html_article(text, name, url=uri) if kind == "html" else next(iter(read_txt(text, name)))
    except InputError as err:
        return Failure(f"{name}:record {number}", f"record {number} ({uri}): {err.reason}")
    published, source = article.published, article.published_source
    if published is None:
        published = iso_date(record.rec_headers.get_header("WARC-Date"))
        source = "warc" if published else None
    url = uri or article.url
    return replace(article, id=article_id(url, article.text), url=url, published=published,
                   published_source=source, format=FORMAT)


def _payload_kind(record: ArcWarcRecord) -> str | None:
    """``"html"``, ``"text"``, or None for records that are not pages (images, scripts, redirects, errors)."""
    headers = record.http_headers
    if headers is None:
        return None
    status = headers.get_statuscode() or ""
    if not status.startswith("2"):
        return None
    content_type = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type in _HTML_TYPES:
        return "html"
    if content_type == "text/plain":
        return "text"
    return None


def _charset(record: ArcWarcRecord) -> str | None:
    content_type = record.http_headers.get_header("Content-Type") or ""
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'").lower() or None
    return None
