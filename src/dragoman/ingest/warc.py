"""Web archives (WARC and WARC.gz) through warcio: each HTML or text response becomes an article."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader

from dragoman.config import Limits
from dragoman.exceptions import EmptyInput, InputError, LimitExceeded, MalformedInput
from dragoman.ingest.common import Prefixed, decode_text, iso_date
from dragoman.ingest.html import html_article
from dragoman.ingest.txt import read_txt
from dragoman.model import Article, Failure, article_id

FORMAT = "warc"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_LINE = 1 << 20


class _Loader(ArcWarcRecordLoader):
    # warcio reads a response's HTTP headers only for an http(s) target and crashes on a record with none.
    def load_http_headers(self, rec_type, uri, stream, length):  # type: ignore[no-untyped-def]
        try:
            return super().load_http_headers(rec_type, "http://" if uri is None else uri, stream, length)
        except EOFError:
            # warcio takes this for the end of the archive, and would drop the record without a word
            raise ArchiveLoadFailed("a record cut off before its content") from None


class _Records(ArchiveIterator):
    INC_RECORD = ""  # warcio's own multi-line warning on standard error; the record's Failure says it


class _Lines(DecompressingBufferedReader):
    """warcio's reader, with header lines and runs of blank lines between records held to ``MAX_LINE`` bytes:
    warcio joins the pieces of a line in time that grows with the square of its length, so one endless line (or a
    gzip bomb of blank lines) would never end. Payloads are read by ``read``, and have no such limit."""

    def __init__(self, stream: BinaryIO, name: str):
        super().__init__(stream)
        self.name, self.blank = name, 0

    def readline(self, length: int | None = None) -> bytes:
        limit = MAX_LINE + 1 if length is None or length > MAX_LINE else length
        pieces, size = [], 0
        while size < limit:  # warcio's readline may stop short of a line's end when given a length
            piece = super().readline(limit - size)
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
            if piece.endswith(b"\n"):
                break
        line = b"".join(pieces)
        if len(line) > MAX_LINE:
            raise MalformedInput(self.name, f"not a readable WARC file (a header line of over {MAX_LINE:,} bytes)")
        self.blank = self.blank + len(line) if line and not line.strip() else 0
        if self.blank > MAX_LINE:
            raise MalformedInput(self.name, f"not a readable WARC file (over {MAX_LINE:,} bytes of blank lines "
                                            "between records)")
        return line


class _Inflated(io.RawIOBase):
    """A .warc.gz inflated a block at a time, failing once more than ``limit`` bytes have come out: a bomb stops
    there with memory small. Members follow one another (WARC.gz is one member per record); a cut-off file ends
    where it was cut, so what came before stays readable and warcio names the cut record."""

    BLOCK = 1 << 16

    def __init__(self, stream: BinaryIO, limit: int, name: str):
        self.stream, self.limit, self.name, self.count = stream, limit, name, 0
        self.inflater = zlib.decompressobj(wbits=31)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = size if size and size > 0 else self.BLOCK
        while True:
            if self.inflater.eof:
                # The next member. zlib may leave what follows a member in unconsumed_tail as well as in
                # unused_data: inflating that tail again would give nothing, for ever.
                data = self.inflater.unused_data
                self.inflater = zlib.decompressobj(wbits=31)
            else:
                data = self.inflater.unconsumed_tail
            data = data or self.stream.read(self.BLOCK)
            if not data:
                return b""
            out = self.inflater.decompress(data, size)
            if out:
                self.count += len(out)
                if self.count > self.limit:
                    raise LimitExceeded(self.name, f"decompressed to over {self.limit:,} bytes (--max-stream-bytes)")
                return out

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def read_warc(data: bytes | BinaryIO, name: str, limits: Limits | None = None) -> Iterator[Article | Failure]:
    """Yield an article for each HTML or plain-text response record; other records are skipped."""
    limits = limits or Limits()
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    magic = stream.read(2)
    stream = io.BufferedReader(Prefixed(magic, stream))  # read again from the start, which needs no seeking back
    if magic == b"\x1f\x8b":
        stream = _Inflated(stream, limits.stream_bytes, name)  # here, not by warcio, so its output is counted
    responses = pages = 0
    iterator = _Records(stream)
    iterator.loader = _Loader(verify_http=False, arc2warc=False)  # ArchiveIterator's own settings
    iterator.reader = _Lines(iterator.fh, name)
    try:
        for number, record in enumerate(iterator, start=1):
            if record.format != "warc":
                # warcio falls back to its lenient ARC parser for any other content, even plain text.
                raise MalformedInput(name, "not a WARC file")
            if record.rec_type != "response":
                continue
            responses += 1
            length = record.rec_headers.get_header("Content-Length")
            if not (length or "").strip().isdigit():
                uri = record.rec_headers.get_header("WARC-Target-URI")
                why = (f"Content-Length {length!r} is not a number of bytes" if length
                       else "no Content-Length (cut off?)")
                yield Failure(f"{name}:record {number}", f"record {number} ({uri}): {why}")
                continue
            kind = _payload_kind(record)
            if kind is None:
                continue
            pages += 1
            yield record_article(record, kind, name, number, limits)
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error) as err:
        raise MalformedInput(name, f"not a readable WARC file ({err})") from None
    if responses == 0:
        raise EmptyInput(name, "no response records in WARC")
    if pages == 0:
        raise EmptyInput(name, f"none of the {responses} response records is an HTML or text page with status 2xx")


def record_article(record: ArcWarcRecord, kind: str, name: str, number: int,
                   limits: Limits | None = None) -> Article | Failure:
    """The article in one response record, or a Failure naming the record."""
    limits = limits or Limits()
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    # A page costs what it would in a .html file: HTML takes some 35 times its size to parse.
    cap = min(limits.record_bytes, limits.page_bytes)
    payload = record.content_stream().read(cap + 1)
    try:
        if len(payload) > limits.record_bytes:
            raise LimitExceeded(name, f"payload over {limits.record_bytes:,} bytes (--max-record-bytes)")
        if len(payload) > cap:
            raise LimitExceeded(name, limits.page_over("payload"))
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
