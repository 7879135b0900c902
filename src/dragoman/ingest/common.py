"""Helpers the readers share: decoding bytes, normalising dates, turning HTML fragments into text, reading a stream
again from its start."""

from __future__ import annotations

import codecs
import io
import logging
import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import BinaryIO

from dragoman.exceptions import EmptyInput, UnreadableInput
from dragoman.model import printable

BINARY = "binary content, not text"

# A charset named in an HTML <meta> tag or an XML declaration near the top of the document.
_DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)


log = logging.getLogger("dragoman.ingest")


def decode_text(data: bytes, name: str, charset: str | None = None) -> str:
    """Decode bytes as text: a BOM, then UTF-16 without one (other bytes with a NUL are binary), then UTF-8, then
    ``charset`` or the one the document declares, then the encoding charset-normalizer detects, if the result is
    clearly text; a detected encoding is a guess, and is logged as one."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableInput(name, BINARY) from None
    if b"\x00" in data:
        found = _utf16(data)
        if found is None:
            raise UnreadableInput(name, BINARY)
        encoding, text = found
        log.warning(printable(f"{name}: no byte order mark; decoded as {encoding}, a guess"))
        return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    found = _not_utf8(data, charset)
    if found is None:
        raise UnreadableInput(name, BINARY)
    encoding, text, guessed = found
    if guessed:
        log.warning(printable(f"{name}: no encoding declared and not UTF-8; decoded as {encoding}, a guess"))
    return text


def _not_utf8(data: bytes, charset: str | None = None) -> tuple[str, str, bool] | None:
    """Text that is not UTF-8: ``charset`` or the one the document declares, else the encoding charset-normalizer
    detects, if the result is clearly text; (encoding, text, whether it is a guess), or None."""
    for fallback in (charset, declared_charset(data)):
        if not fallback:
            continue
        try:
            text = data.decode(fallback)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return fallback, text, False
    guess = _detect(data)
    return (*guess, True) if guess is not None else None


def stream_encoding(head: bytes, name: str) -> str | None:
    """The encoding to read a whole stream in, told from its first bytes as ``decode_text`` tells a whole input's
    (UTF-8, else the charset declared, else one detected, logged as a guess); None where only the whole input can
    tell (UTF-16, NUL bytes, bytes no encoding fits), which is then read whole."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        return None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # a character cut at the end is fine
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    found = _not_utf8(head[:head.rfind(b"\n") + 1] or head)  # whole lines: no character cut at the end
    if found is None:
        return None
    encoding, _, guessed = found
    if guessed:
        log.warning(printable(f"{name}: no encoding declared and not UTF-8; read as {encoding}, a guess"))
    return encoding


def _utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte order mark, told by the zero byte of each Latin character, or None."""
    if len(data) % 2:
        return None
    for encoding, high, low in (("UTF-16-LE", data[1::2], data[0::2]), ("UTF-16-BE", data[0::2], data[1::2])):
        if high.count(0) > len(high) / 2 and low.count(0) < len(low) / 100:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (encoding, text) if _looks_like_text(text) else None
    return None


def _detect(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # only for the rare input that is neither UTF-8 nor declared

    best = from_bytes(data[:1_000_000]).best()
    if best is None:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return (best.encoding, text) if _looks_like_text(text) else None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first 2 KB, if any."""
    match = _DECLARED_CHARSET.search(data[:2048])
    return match.group(1).decode("ascii").lower() if match else None


def _looks_like_text(text: str) -> bool:
    # Random bytes decode as Windows-1252 too; they betray themselves by control characters.
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls <= len(text) / 1000


def require_text(text: str, name: str, what: str = "empty file") -> None:
    """Raise EmptyInput when the text is empty or whitespace only."""
    if not text.strip():
        raise EmptyInput(name, what)


# --- dates -------------------------------------------------------------------------------------------------------

_PREFIX = re.compile(r"^(?:published|updated|posted|date|dated)(?:\s+on)?\s*:?\s*", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|2[0-9])\d\d\b")
_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%A, %B %d, %Y",
            "%Y/%m/%d", "%Y.%m.%d")
_DATEPARSER_SETTINGS = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                        "RETURN_AS_TIMEZONE_AWARE": False}


def iso_date(value: object) -> str | None:
    """Normalise a date or timestamp to ``YYYY-MM-DD``; None when it is empty or not a full date.

    A timestamp keeps the calendar day it was written in, not the UTC day.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = _PREFIX.sub("", value.strip()).strip()
    if not text or len(text) > 60 or not _YEAR.search(text):
        return None
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return _dateparser_date(text)


def _dateparser_date(text: str) -> str | None:
    import dateparser  # slow to import; only needed for unusual formats

    parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.date().isoformat() if parsed else None


# --- HTML fragments ----------------------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "table",
               "section", "article", "header", "footer", "pre", "hr", "figure", "figcaption", "dd", "dt"}
_SKIP_TAGS = {"script", "style", "noscript", "template"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities resolved, one paragraph a line."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)


# --- streams -----------------------------------------------------------------------------------------------------

class Prefixed(io.RawIOBase):
    """``head``, bytes already read from ``rest``, then the rest of it: a stream that cannot seek back (standard
    input) read from its start after its first bytes told what it holds."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self.head, self.rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self.head:
            data, self.head = self.head[:len(buffer)], self.head[len(buffer):]
        else:
            data = self.rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)
