"""Every error dragoman raises on purpose derives from one root.

    DragomanError                 root: catch this to catch them all
    ├── InputError                a source could not be turned into articles (names the input)
    │   ├── SourceNotFound        no file, directory or glob match
    │   ├── EmptyInput            the source holds no text
    │   ├── UnreadableInput       binary or undecodable content
    │   ├── MalformedInput        text that does not parse as its format (HTML, JSON, CSV, feed, WARC)
    │   └── LimitExceeded         the input passes one of config.Limits (names the limit)
    ├── DictionaryError           a dictionary or pattern file is missing a field or is not valid YAML
    ├── ModelError                the spaCy model cannot be loaded
    ├── StoreError                the SQLite store cannot be opened, migrated or written
    ├── ExportError               an export file cannot be written
    ├── WorkerError               a worker process of -j N died
    ├── UsageError                an argument is out of range (a bad date, an unknown format)
    └── LimitError                a stated limit was passed (the limit is named in the message)
        ├── TooLarge              a text or request body over its size limit
        ├── TooSlow               coding took longer than its time limit, or the coder is busy that long
        └── TooMany               a client sent more requests than its rate limit allows

Library code raises; only the CLI turns an error into a message and an exit status.
"""

from __future__ import annotations


class DragomanError(Exception):
    """Root of every dragoman error."""


class InputError(DragomanError):
    """A source could not be read. ``source`` names it; ``reason`` says why, in a few words."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class SourceNotFound(InputError):
    pass


class EmptyInput(InputError):
    pass


class UnreadableInput(InputError):
    pass


class MalformedInput(InputError):
    pass


class LimitExceeded(InputError):
    pass


class DictionaryError(DragomanError):
    pass


class ModelError(DragomanError):
    pass


class StoreError(DragomanError):
    pass


class ExportError(DragomanError):
    pass


class WorkerError(DragomanError):
    pass


class UsageError(DragomanError):
    pass


class LimitError(DragomanError):
    pass


class TooLarge(LimitError):
    pass


class TooSlow(LimitError):
    pass


class TooMany(LimitError):
    """``retry_after`` says in how many seconds the client may try again."""

    def __init__(self, message: str, retry_after: int):
        self.retry_after = retry_after
        super().__init__(message)
