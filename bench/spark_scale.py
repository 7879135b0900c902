#!/usr/bin/env python3
"""Articles a second of the Spark job on local[1] and local[2], on a corpus of real-length articles.

    .venv/bin/python bench/spark_scale.py [--articles N]

The corpus is built from the whole real articles of ../shared/eval/real-articles.gold.jsonl and the bundled samples:
each article is one of them followed by two others, so pages are news length (a few thousand characters), and each
gets an id and URL of its own. It is written once as JSON lines; each run codes it with ``dragoman spark`` in a new
local session and writes the tables, the whole job timed (start-up and pipeline loading included).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dragoman import spark as dragoman_spark  # noqa: E402
from dragoman.batch import sample_dir  # noqa: E402
from dragoman.ingest import iter_articles  # noqa: E402
from dragoman.model import Article  # noqa: E402

GOLD = ROOT.parent / "shared" / "eval" / "real-articles.gold.jsonl"


def corpus(n: int, path: Path) -> int:
    """Write ``n`` articles as JSON lines; returns their characters."""
    sources = [str(sample_dir())] + ([str(GOLD)] if GOLD.exists() else [])
    base = [a for a in iter_articles(sources) if isinstance(a, Article)]
    chars = 0
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            parts = [base[(i + k * 7) % len(base)] for k in range(3)]
            text = "\n\n".join(p.text for p in parts)
            chars += len(text)
            f.write(json.dumps({"id": f"bench-{i}", "url": f"https://bench.example/{i}", "title": parts[0].title,
                                "published": parts[0].published, "text": text}) + "\n")
    return chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500, help="articles in the corpus (default 500)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        chars = corpus(args.articles, path)
        print(f"{args.articles} articles, {chars / args.articles:,.0f} characters each on average")
        for cores in (1, 2):
            from dragoman.spark.job import session

            spark = session(f"local[{cores}]")
            start = time.perf_counter()
            report = dragoman_spark.run([str(path)], str(Path(tmp) / f"out{cores}"), spark=spark)
            took = time.perf_counter() - start
            spark.stop()
            print(f"local[{cores}]: {report.articles} articles, {report.events} events in {took:.1f} s: "
                  f"{report.articles / took:.2f} articles/s")


if __name__ == "__main__":
    main()
