"""What runs in Spark's executors: turning input items into articles with the project's readers, and coding them.

Each executor process loads one ``Pipeline`` the first time a partition needs it and keeps it for every partition
after (``pipeline``): spaCy models don't pickle, and loading one costs seconds. No Spark import here.

An input item is one of:

    ("line", file, text)           a line of a JSON lines file, read by ``tabular.line_article``
    ("record", file, fmt, dict)    a row of a CSV or Parquet file, read by ``tabular.record_article``
    ("file", path, bytes)          a whole file (WARC, HTML, text, feed), read by ``ingest.read_bytes``
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any, Iterable, Iterator

from dragoman import incidents
from dragoman.config import Config
from dragoman.exceptions import InputError
from dragoman.ingest import FALLBACK, read_bytes
from dragoman.ingest.registry import extension
from dragoman.ingest.tabular import line_article, record_article
from dragoman.model import Article, Failure
from dragoman.export import CSV_COLUMNS, flatten
from dragoman.pipeline import Coded, Pipeline

_PIPELINES: dict[Config, Pipeline] = {}

ARTICLE_COLUMNS = ("id", "url", "title", "published", "published_source", "source", "outlet", "language", "format",
                   "origin", "text", "removals", "n_events", "minhash", "shingles")
# The event columns of ``dragoman export --format parquet``, then what placing and loading need.
EVENT_EXTRA = ("source_key", "target_key", "index", "origin", "record")
INTS = {"quad_class", "trigger_start", "trigger_end", "sentence_index"}
FLOATS = {"goldstein", "confidence", "location_lat", "location_lon"}


def pipeline(config: Config) -> Pipeline:
    """This process's pipeline for ``config``, loaded on first use."""
    if config not in _PIPELINES:
        _PIPELINES[config] = Pipeline(config)
    return _PIPELINES[config]


def articles_of(item: tuple, published: str | None = None) -> Iterator[Article | Failure]:
    """The articles one input item holds, and a Failure for each bad record in it."""
    kind, name = item[0], item[1]
    try:
        if kind == "line":
            if item[2].strip():
                found: Iterable[Article | Failure] = [_unnumbered(line_article(item[2], name, 0))]
            else:
                found = []
        elif kind == "record":
            found = [_unnumbered(record_article(item[3], name, 0, item[2]))]
        elif extension(name) is None:
            found = []  # as in a directory read locally: files of no known kind are not news
        else:
            found = read_bytes(bytes(item[2]), name)
        for result in found:
            if isinstance(result, Article) and result.published is None and published:
                result = replace(result, published=published, published_source=FALLBACK)
            yield result
    except InputError as e:
        yield Failure(e.source, e.reason)
    except Exception as e:  # noqa: BLE001 - one unreadable record must not end a job over millions
        yield Failure(name, f"unreadable ({type(e).__name__}: {e})")


def code_partition(items: Iterable[tuple], config: Config) -> Iterator[tuple[str, tuple]]:
    """Code every article of a partition's items: ``("article", row)``, ``("event", row)`` and
    ``("failure", row)`` tuples, rows in the order of ``ARTICLE_COLUMNS``, ``event_columns()`` and (input,
    reason, stage)."""
    failures: list[Failure] = []

    def articles() -> Iterator[Article]:
        for item in items:
            for found in articles_of(item, config.published):
                if isinstance(found, Failure):
                    failures.append(found)
                else:
                    yield found

    for coded in pipeline(config).code_articles(articles()):
        while failures:
            yield "failure", _failure_row(failures.pop(0))
        if isinstance(coded, Failure):
            yield "failure", _failure_row(coded)
        else:
            yield from _coded_rows(coded)
    for f in failures:
        yield "failure", _failure_row(f)


def event_columns() -> tuple[str, ...]:
    return (*CSV_COLUMNS, *EVENT_EXTRA)


def _coded_rows(coded: Coded) -> Iterator[tuple[str, tuple]]:
    from dragoman.store.filters import actor_key
    from dragoman.store.writes import to_json

    article = coded.article
    records: dict[str, dict[str, Any]] = {}
    for event in coded.events:
        records.setdefault(event.event_id, event.to_dict())  # the coder's duplicates are stored once, as in a store
    for index, record in enumerate(records.values()):
        row = flatten(record)
        typed = [_typed(name, row.get(name)) for name in CSV_COLUMNS]
        source, target = record["source"], record["target"]
        yield "event", (*typed, actor_key(source["org"] or source["country"]),
                        actor_key((target["org"] or target["country"]) if target else None), index, article.origin,
                        to_json(record))
    removals = [{"rule": r.rule, "span": list(r.span), "text": r.text, "reason": r.reason}
                for r in coded.cleaned.removals]
    yield "article", (article.id, article.url, article.title, article.published, article.published_source,
                      article.source, incidents.outlet(article.source, article.url, article.id), article.language,
                      article.format, article.origin, article.text, to_json(removals), len(records),
                      list(incidents.minhash(article.text)), incidents.shingles(article.text))


def _typed(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "date":
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            return None
    if name in INTS or name == "location_geonames_id":
        return int(value)
    if name in FLOATS:
        return float(value)
    return str(value)


def _unnumbered(result: Article | Failure) -> Article | Failure:
    """A record's Failure names its file alone: a cluster reader doesn't know the line number."""
    if isinstance(result, Failure):
        return Failure(result.input.rsplit(":", 1)[0], result.reason.removeprefix("line 0: "))
    return result


def _failure_row(f: Failure) -> tuple:
    return (f.input, f.reason, f.stage)


def summary_json(summary: dict[str, Any]) -> str:
    return json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
