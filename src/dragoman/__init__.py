"""dragoman: news in, political event data out (CAMEO and PLOVER), each event traceable to its words."""

from __future__ import annotations

__version__ = "0.1.0"

from .batch import IngestReport, code_paths, ingest_paths, query_events  # noqa: E402
from .config import Config  # noqa: E402
from .exceptions import (  # noqa: E402
    DictionaryError, DragomanError, EmptyInput, InputError, MalformedInput, ModelError, SourceNotFound, StoreError,
    UnreadableInput, UsageError,
)
from .model import Actor, Article, Cleaned, Event, EventDate, Failure, Removal  # noqa: E402
from .pipeline import Coded, Pipeline  # noqa: E402
from .store import Store  # noqa: E402

_default: Pipeline | None = None


def code_text(text: str, published: str | None = None) -> list[Event]:
    """Code one text with the default pipeline (loaded on first use) and return its events."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default.code_text(text, published=published)


__all__ = [
    "Actor", "Article", "Cleaned", "Coded", "Config", "DictionaryError", "DragomanError", "EmptyInput", "Event",
    "EventDate", "Failure", "IngestReport", "InputError", "MalformedInput", "ModelError", "Pipeline", "Removal",
    "SourceNotFound", "Store", "StoreError", "UnreadableInput", "UsageError", "__version__", "code_paths",
    "code_text", "ingest_paths", "query_events",
]
