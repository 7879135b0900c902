"""Plain text: an optional first-line date, an optional title line, then the story.

    May 23, 2024                    <- published (published_source="first line")

    Russia suspends its mission     <- title: short, no final period, followed by a blank line

    The story ...                   <- Article.text starts here, kept byte for byte
"""

from __future__ import annotations

from collections.abc import Iterator

from dragoman.config import Limits
from dragoman.exceptions import EmptyInput
from dragoman.ingest.common import iso_date, require_text
from dragoman.model import Article, Failure, article_id

FORMAT = "txt"
MAX_TITLE = 200
_NOT_TITLE_START = ("•", "-", "*", "–", "—", "·")


def read_txt(text: str, name: str, limits: Limits | None = None) -> Iterator[Article | Failure]:
    """Yield the one article a text file holds."""
    require_text(text, name)
    published, title, body = split_header(text)
    if not body.strip():
        raise EmptyInput(name, "no text after the date line")
    yield Article(id=article_id(None, body), text=body, title=title, published=published,
                  published_source="first line" if published else None, format=FORMAT, origin=name)


def split_header(text: str) -> tuple[str | None, str | None, str]:
    """Split off the date and title lines: ``(published, title, rest of the text)``."""
    lines = text.splitlines(keepends=True)
    i = _skip_blank(lines, 0)
    published = iso_date(lines[i]) if i < len(lines) else None
    if published:
        i = _skip_blank(lines, i + 1)
    title = None
    if i < len(lines) and _is_title(lines, i):
        after = _skip_blank(lines, i + 1)
        if after < len(lines):  # a lone short line is the story, not its title
            title = lines[i].strip()
            i = after
    if published is None and title is None:
        return None, None, text
    return published, title, "".join(lines[i:])


def _skip_blank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _is_title(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    followed_by_blank = i + 1 < len(lines) and not lines[i + 1].strip()
    return (followed_by_blank and len(line) < MAX_TITLE and not line.endswith(".")
            and not line.startswith(_NOT_TITLE_START))
