"""A progress bar for long runs (tqdm), on standard error and only when it is a terminal, so pipes and logs get
nothing of it: articles done, articles and events a second, and the time left when the number of articles is
known beforehand (``ingest.count_articles``: only where counting is cheap)."""

from __future__ import annotations

import sys
from typing import Iterable

from tqdm import tqdm

from .ingest import count_articles
from .model import Failure

# tqdm's rate turns into seconds an article when slow; articles a second read better in a log of a long run
KNOWN = "{l_bar}{bar}| {n_fmt}/{total_fmt} articles [{elapsed}<{remaining}, {rate_noinv_fmt}{postfix}]"
UNKNOWN = "{n_fmt} articles [{elapsed}, {rate_noinv_fmt}{postfix}]"


class Progress:
    """``with Progress(inputs) as progress``: call ``progress(item)`` for each Coded or Failure, and print lines
    with ``progress.write`` so they go above the bar."""

    def __init__(self, inputs: Iterable[str], stream=None):
        self.stream = stream or sys.stderr
        shown = self.stream.isatty()
        self.events = 0
        total = count_articles(inputs) if shown else None
        self.bar = tqdm(total=total, disable=not shown, file=self.stream, unit=" articles", dynamic_ncols=True,
                        leave=False, smoothing=0.1, bar_format=KNOWN if total is not None else UNKNOWN)

    def __call__(self, item, report=None) -> None:
        """One article coded (or one input failed); ``report`` is there for ``ingest_paths``'s ``on_item``."""
        if not isinstance(item, Failure):
            self.events += len(getattr(item, "events", ()))
        if not self.bar.disable:
            elapsed = self.bar.format_dict["elapsed"] or 1e-9
            self.bar.set_postfix_str(f"{self.events} events, {self.events / elapsed:.1f} events/s", refresh=False)
        self.bar.update()

    def write(self, line: str) -> None:
        """A line on standard error, above the bar when there is one."""
        if self.bar.disable:
            print(line, file=self.stream)
        else:
            self.bar.write(line, file=self.stream)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.bar.close()
