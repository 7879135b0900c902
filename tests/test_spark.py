"""The Spark job on a real local[2] session: the same events as dragoman code, the store's incidents, bad records
counted and skipped, the same tables on a re-run, and its output loaded into a store."""

from __future__ import annotations

import io
import json
from collections import defaultdict

import pytest

import pyarrow.dataset as ds
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dragoman import spark as dragoman_spark
from dragoman.batch import code_paths, ingest_paths, sample_dir
from dragoman.export import CSV_COLUMNS, parquet_table
from dragoman.ingest import iter_articles
from dragoman.model import Article
from dragoman.spark.placing import order_key
from dragoman.store import Store

pytestmark = pytest.mark.slow

PAGE = ("<html><head><title>Chile expels Bolivian diplomats</title></head><body><article>"
        "<h1>Chile expels Bolivian diplomats</h1><p>Chile expelled two Bolivian diplomats on Monday, accusing them "
        "of spying on a military base near the border.</p><p>The foreign ministry in Santiago gave the two men three "
        "days to leave the country, officials said.</p></article></body></html>")


def _warc(path) -> None:
    """One good HTML response, then one broken: a page with an empty body."""
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, body in (("https://news.example/chile", PAGE), ("https://news.example/broken", "")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()),
                                                          http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": "2024-03-12T10:00:00Z"}))


@pytest.fixture(scope="session")
def spark():
    from dragoman.spark.job import session

    # Python workers spill every shuffle to disk, as they do on a corpus larger than their memory
    s = session("local[2]", {"spark.python.worker.memory": "1m"})
    yield s
    s.stop()


@pytest.fixture(scope="session")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("spark-in")
    _warc(folder / "pages.warc.gz")
    (folder / "items.jsonl").write_text(
        json.dumps({"id": "kenya-aid", "text": "Kenya sent humanitarian aid to Sudan on Tuesday.",
                    "published": "2024-06-12"}) + "\n" + json.dumps(["not", "an", "article"]) + "\n",
        encoding="utf-8")
    return [str(sample_dir()), str(folder / "pages.warc.gz"), str(folder / "items.jsonl")]


@pytest.fixture(scope="session")
def output(spark, inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("spark-out") / "out"
    report = dragoman_spark.run(inputs, str(out), spark=spark)
    return out, report


def _table(path, **kw) -> list[dict]:
    return ds.dataset(path, format="parquet", **kw).to_table().to_pylist()


def test_events_equal_dragoman_codes_id_for_id(output, inputs, pipeline):
    out, report = output
    coded = [item for item in code_paths(inputs, pipeline=pipeline) if not hasattr(item, "reason")]
    records = {e.event_id: e.to_dict() for c in coded for e in c.events}
    want = {r["event_id"]: r for r in parquet_table(records.values()).to_pylist()}
    got = {r["event_id"]: {c: r[c] for c in CSV_COLUMNS} for r in _table(out / "events", partitioning="hive")}
    assert len(want) > 50 and got == want
    assert report.events == len(want) and report.articles == len(coded)
    assert any(r["location_country"] for r in got.values())


def test_bad_records_are_counted_and_skipped(output):
    out, report = output
    summary = json.loads((out / "_summary.json").read_text())
    reasons = sorted(f["reason"] for f in summary["failure_examples"])
    assert summary["failures"] == report.failures == 2
    assert any("empty payload" in r for r in reasons) and "not a JSON object" in reasons
    articles = {a["id"]: a for a in _table(out / "articles")}
    assert "kenya-aid" in articles and any(a["url"] == "https://news.example/chile" for a in articles.values())


def _groups(pairs) -> set[frozenset]:
    found = defaultdict(set)
    for event_id, incident in pairs:
        found[incident].add(event_id)
    return {frozenset(g) for g in found.values()}


def test_incidents_equal_the_stores_for_the_same_articles(output, inputs, tmp_path, pipeline):
    out, _ = output
    articles = sorted((a for a in iter_articles(inputs) if isinstance(a, Article)),
                      key=lambda a: order_key(a.published, a.id))
    ordered = tmp_path / "ordered.jsonl"
    with open(ordered, "w", encoding="utf-8") as f:
        for a in articles:  # the corpus order the job places events in: by publication, then id
            f.write(json.dumps({"id": a.id, "title": a.title, "text": a.text, "published": a.published,
                                "url": a.url, "source": a.source}) + "\n")
    db = tmp_path / "store.db"
    ingest_paths([str(ordered)], db, pipeline=pipeline)
    with Store(db) as store:
        stored = [(e["event_id"], e["incident"]["id"]) for e in store.events()]
    spark_events = _table(out / "events", partitioning="hive")
    assert _groups(stored) == _groups((e["event_id"], e["incident_id"]) for e in spark_events)
    assert len(_groups(stored)) < len(stored)  # some incidents have several reports
    incidents = _table(out / "incidents")
    assert sum(i["n_mentions"] for i in incidents) == len(spark_events)


def test_the_output_loads_into_a_store_with_its_incidents(output, tmp_path):
    out, report = output
    db = tmp_path / "loaded.db"
    loaded = ingest_paths([str(out)], db)
    with Store(db) as store:
        events = store.events()
    assert loaded.articles == report.articles and loaded.events == report.events == len(events)
    spark_events = _table(out / "events", partitioning="hive")
    assert _groups((e["event_id"], e["incident"]["id"]) for e in events) == \
        _groups((e["event_id"], e["incident_id"]) for e in spark_events)


def test_a_rerun_writes_the_same_tables(spark, output, inputs):
    out, _ = output
    def tables():  # each file's rows are sorted; the order the directories are listed in is the file system's
        return {t: sorted(map(repr, _table(out / t, partitioning="hive")))
                for t in ("events", "articles", "incidents", "mentions")}

    before = tables()
    dragoman_spark.run(inputs, str(out), spark=spark)
    after = tables()
    for table in before:
        assert before[table] and before[table] == after[table], table
