"""Whole jobs over many inputs: code them into a store, query it, run the demo.

Each function here is what one CLI command calls.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import export, ingest, parallel
from .config import Config
from .exceptions import DragomanError, StoreError, UsageError
from .export import ExportReport
from .model import Article, Failure, Place
from .pipeline import Coded, Pipeline
from .store import Store


@dataclass
class IngestReport:
    articles: int = 0
    events: int = 0
    failures: list[Failure] = field(default_factory=list)
    republications: list[str] = field(default_factory=list)  # ids of articles flagged as likely republications

    def __str__(self) -> str:
        text = f"stored {self.articles} articles and {self.events} events"
        if self.republications:
            n = len(self.republications)
            text += f"; {n} flagged as likely republication{'' if n == 1 else 's'}"
        return text + (f"; {len(self.failures)} inputs failed" if self.failures else "")


def code_paths(inputs: Iterable[str], config: Config | None = None, stdin=None,
               pipeline: Pipeline | None = None, jobs: int = 1) -> Iterator[Coded | Failure]:
    """Code every article in ``inputs``; yields a Coded per article and a Failure per bad input. With ``jobs``
    above 1, articles are coded in that many worker processes (``parallel.py``), with the same output in the same
    order. A loaded ``pipeline`` is reused with one job; otherwise one is loaded with ``config``."""
    if jobs < 1:
        raise UsageError(f"the number of jobs must be 1 or more, not {jobs}")
    if jobs > 1:
        return parallel.code(inputs, pipeline.config if pipeline else config, jobs, stdin)
    return (pipeline or Pipeline(config)).run(inputs, stdin=stdin)


def place_paths(inputs: Iterable[str], config: Config | None = None, stdin=None
                ) -> Iterator[tuple[Article, list[Place]] | Failure]:
    """Every place name in the articles the inputs hold, resolved; a bad input or article yields a Failure."""
    pipeline = Pipeline(config)
    for item in ingest.iter_articles(inputs, stdin=stdin, published=pipeline.config.published,
                                     limits=pipeline.config.limits):
        if isinstance(item, Failure):
            yield item
            continue
        try:
            yield item, pipeline.places(item)
        except Exception as e:  # noqa: BLE001 - one article's failure, never the run's
            reason = str(e) if isinstance(e, DragomanError) else ingest.unexpected(e)
            yield Failure(item.origin or item.id, reason, stage="places")


def ingest_paths(inputs: Iterable[str], db: str | Path, config: Config | None = None, stdin=None,
                 on_item: Callable[[Coded | Failure, IngestReport], None] | None = None,
                 pipeline: Pipeline | None = None, jobs: int = 1) -> IngestReport:
    """Code the inputs (in ``jobs`` processes, as ``code_paths``) and store them, this process the only writer;
    each article is saved in its own transaction, so a crash or Ctrl-C loses nothing already stored and a re-run
    changes nothing. An input that is the output of ``dragoman spark`` is loaded as it is, with its incidents
    (``spark/load.py``)."""
    from .spark import load as spark_output

    inputs = [inputs] if isinstance(inputs, str) else list(inputs)
    report = IngestReport()
    with Store(db) as store:
        for path in [p for p in inputs if spark_output.is_output(p)]:
            articles, events = spark_output.load(path, store)
            report.articles += articles
            report.events += events
        inputs = [p for p in inputs if not spark_output.is_output(p)]
        if not inputs:
            return report
        with closing(code_paths(inputs, config, stdin, pipeline, jobs)) as items:
            for item in items:
                if isinstance(item, Failure):
                    store.record_failure(item)
                    report.failures.append(item)
                else:
                    try:
                        report.events += store.save(item.article, item.events, item.cleaned.removals)
                    except StoreError:
                        raise  # the store's trouble, not the article's: nothing more can be stored
                    except Exception as e:  # noqa: BLE001 - one article's failure, never the run's
                        item = Failure(item.article.origin or item.article.id, ingest.unexpected(e), stage="store")
                        store.record_failure(item)
                        report.failures.append(item)
                    else:
                        report.articles += 1
                        if store.republication(item.article.id):
                            report.republications.append(item.article.id)
                if on_item is not None:
                    on_item(item, report)
    return report


def query_events(db: str | Path, **filters) -> list[dict]:
    _existing(db)
    with Store(db) as store:
        return store.events(**filters)


def export_events(db: str | Path, fmt: str, output: str | Path | None = None, stream=None,
                  **filters) -> ExportReport:
    """Write the stored events that match ``filters`` (as in ``query_events``) in ``fmt`` to ``output``, else to
    ``stream``; see export.py for the formats."""
    export.check(fmt, output)  # before touching the store, so a bad request fails fast
    records = query_events(db, **filters)
    with Store(db) as store:
        articles = export.read_articles(store, (r["article_id"] for r in records))
    return export.export(records, fmt, output, stream=stream, articles=articles)


@dataclass
class Analysis:
    """An analysis of a store: its rows, the same as text, and the plot written, if one was asked for."""

    rows: list
    text: str
    plot: Path | None = None


def analyse(db: str | Path, kind: str, plot: str | Path | None = None, **options) -> Analysis:
    """Run one analysis of ``analysis.py`` over a store: ``dyad`` (a, b, by, since, until), ``chains`` (actor)
    or ``top`` (n, since, until), or ``map`` (the filters of ``query_events``) of ``mapping.py``; with ``plot``,
    also write it as PNG or SVG."""
    from . import analysis, mapping

    _existing(db)
    with Store(db) as store:
        if kind == "dyad":
            rows = analysis.dyad_series(store, **options)
            drawn = plot and analysis.plot_dyad(rows, options["a"], options["b"], plot, options.get("by", "day"))
            return Analysis(rows, analysis.table(rows), drawn or None)
        if kind == "chains":
            rows = analysis.chains(store, **options)
            drawn = plot and analysis.plot_chains(rows, plot)
            return Analysis(rows, analysis.table(rows), drawn or None)
        if kind == "top":
            actors, dyads = analysis.top_actors(store, **options), analysis.top_dyads(store, **options)
            drawn = plot and analysis.plot_top(actors, dyads, plot)
            return Analysis(actors + dyads, analysis.table(actors) + "\n" + analysis.table(dyads), drawn or None)
        if kind == "map":
            rows = mapping.map_points(store, **options)
            drawn = plot and mapping.plot_map(rows, plot, mapping.describe(rows, **options))
            return Analysis(rows, analysis.table(rows), drawn or None)
    raise UsageError(f"unknown analysis {kind!r}; choose dyad, chains, top or map")


def _existing(db: str | Path) -> None:
    if not Path(db).exists():
        raise StoreError(f"{db}: no such store (create it with: dragoman ingest PATH --db {db})")


def sample_dir() -> Path:
    """The bundled sample news."""
    return Path(str(resources.files("dragoman.data").joinpath("samples")))


def run_demo(db: str | Path, on_item=None) -> tuple[IngestReport, list[dict]]:
    """Code the bundled sample news into ``db`` and return the report and the stored events."""
    report = ingest_paths([str(sample_dir())], db, on_item=on_item)
    return report, query_events(db)
