"""Turning the inputs a user names (paths, directories, globs, ``-``) into the files to read."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dragoman.ingest.registry import extension
from dragoman.model import Failure

STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class Source:
    """One input to read: a file, or standard input when ``path`` is None."""

    name: str
    path: Path | None = None


def expand(item: str) -> Iterator[Source | Failure]:
    """The sources one named input stands for, or a Failure when it names nothing."""
    if item == "-":
        yield Source(STDIN_NAME)
        return
    path = Path(item)
    if path.is_dir():
        found = list(walk(path))
        yield from found or [Failure(item, "no files with a known extension in directory")]
    elif path.exists():
        yield Source(item, path)
    elif glob.has_magic(item):
        found = list(_glob(item))
        yield from found or [Failure(item, "no files match this pattern")]
    else:
        yield Failure(item, "no such file or directory")


def walk(directory: Path) -> Iterator[Source]:
    """Files with a known extension under ``directory``, sorted, skipping hidden files and directories."""
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root, f) for f in files if not f.startswith(".") and extension(f))
    for path in sorted(found):
        yield Source(str(path), path)


def _glob(pattern: str) -> Iterator[Source]:
    for match in sorted(glob.glob(pattern, recursive=True)):
        path = Path(match)
        if path.is_dir():
            yield from walk(path)
        elif extension(match):
            yield Source(match, path)
