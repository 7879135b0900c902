"""dragoman on Apache Spark: a whole news archive coded on a cluster, written as Parquet.

    dragoman spark INPUT... --output DIR [--master local[2]]
    spark-submit [options] .../dragoman/spark/__main__.py INPUT... --output DIR

Inputs are any paths Spark reads (local, ``hdfs://``, ``s3a://``), files, directories or globs: JSON lines
(``.jsonl``, read with Spark's text reader, one article a line), CSV and Parquet (Spark's readers, a column per
field) become articles the way ``ingest/tabular.py`` makes them, so ids match ``dragoman code``'s; every other file
(WARC, WARC.gz, HTML, text, feeds) is read whole and parsed in the executor by the project's own reader. Articles
are coded in ``mapPartitions`` with one pipeline per executor process (``worker.py``). Then, in Spark, events are
placed in incidents over the whole corpus by the store's rule (``placing.py``), and near-duplicate articles are
found with Spark ML's ``MinHashLSH`` over the store's word 5-shingles, the store's estimate deciding at its threshold.

DIR gets, each as Parquet (written again from scratch on every run, the same rows and files for the same input):

    events/month=YYYY-MM/   the columns of ``dragoman export --format parquet``, plus incident_id and record (the
                            native JSON record, as a store keeps it)
    articles/               id, url, title, published, ..., text, outlet, minhash, duplicate_of, republication
    incidents/              id, source_key, target_key, root, cameo, date, date_last, first_seen, counts, country
    mentions/               one row per report of an incident: event, incident, article, outlet, url, offsets
    failures/               input, reason, stage of each bad record, skipped
    _summary.json           the counts, and the first failures

``dragoman ingest DIR --db FILE`` loads it into a store (``load.py``). pyspark is the ``spark`` extra.
"""

from __future__ import annotations

from typing import Any

from dragoman.config import Config
from dragoman.exceptions import UsageError

__all__ = ["run"]


def run(inputs: list[str], output: str, master: str | None = None, config: Config | None = None,
        spark: Any = None):
    """Run the job on ``inputs`` and write its tables under ``output``; returns its ``SparkReport``.

    ``spark`` is a running SparkSession to use; else the active one (under spark-submit), else a new one on
    ``master`` (default ``local[*]``)."""
    try:
        from dragoman.spark import job
    except ImportError as e:
        raise UsageError(f"dragoman spark needs pyspark ({e.name} is missing): pip install 'dragoman[spark]'") \
            from None
    return job.run(spark or job.session(master), list(inputs), output, config)
