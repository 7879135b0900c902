#!/usr/bin/env python3
"""Articles and sentences a second of the Spark job on local[1] and local[2], on the corpus of ``scale.py``.

    .venv/bin/python bench/spark_scale.py [--articles N]

The corpus is the one ``bench/scale.py`` times ``dragoman code -j N`` on (news-length pages built from the gold
sets and samples, seeded, so the same N gives the same pages), written once as JSON lines; each run codes it with
``dragoman spark`` in a new local session and writes every table, the whole job timed (start-up, pipeline loading,
incidents and near-duplicates included). Compare with ``scale.py``'s figures for the same N.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dragoman import spark as dragoman_spark  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import build_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="pages in the corpus (default 500)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        sentences = build_corpus(args.articles, path)
        print(f"{args.articles} pages, {sentences:,} sentences, {path.stat().st_size / 1e6:.1f} MB")
        first = None
        for cores in (1, 2):
            from dragoman.spark.job import session

            spark = session(f"local[{cores}]")
            start = time.perf_counter()
            report = dragoman_spark.run([str(path)], str(Path(tmp) / f"out{cores}"), spark=spark)
            took = time.perf_counter() - start
            spark.stop()
            first = first or took
            print(f"local[{cores}]: {report.articles} articles, {report.events} events in {took:.1f} s: "
                  f"{report.articles / took:.2f} articles/s, {sentences / took:.0f} sentences/s, "
                  f"speed-up {first / took:.2f}", flush=True)


if __name__ == "__main__":
    main()
