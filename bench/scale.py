#!/usr/bin/env python3
"""How dragoman scales over the cores of one machine, and whether the store keeps up.

    .venv/bin/python bench/scale.py [--articles N] [--jobs 1 2] [--keep DIR]

It builds a corpus of news-length pages (3,000 to 6,000 characters; 5,000 of them by default) from the gold sets
and the bundled samples: each page is a whole article or a sample, cut at a paragraph when longer, then filled up
with paragraphs of gold sentences drawn at random (seeded, so every run builds the same corpus). Then, in one run:

- ``dragoman code CORPUS -j N`` for each N, as a user runs it (start-up included, output to a file): articles and
  sentences a second, the speed-up over ``-j 1`` and the scaling efficiency (speed-up / N), the CPU time of all
  its processes (what parallel coding costs on top, whatever else the machine runs), the peak resident memory of
  each process (``VmHWM``; both read from /proc while it runs), and whether the output is the same bytes;
- the store alone: the events of the first articles, coded once in this process, written into a fresh store with
  ``Store.save_many`` (one transaction a batch) and with ``Store.save`` (one a article, as ``dragoman ingest``
  does): events a second, next to the coder's.

Sentences are counted by spaCy's rule-based sentencizer. Compare ratios from the same run, not times of different
runs: the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# One BLAS thread in every process, as -j N gives its workers, so that -j 1 is one core's work and the speed-up
# says what more cores give
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dragoman import Pipeline  # noqa: E402
from dragoman.batch import sample_dir  # noqa: E402
from dragoman.ingest import iter_articles  # noqa: E402
from dragoman.model import Article  # noqa: E402
from dragoman.pipeline import read_batches  # noqa: E402
from dragoman.store import Store  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
WHOLE = [EVAL / "real-articles.gold.jsonl", EVAL / "nato-mission.gold.jsonl"]
SENTENCES = [EVAL / f"{name}.gold.jsonl" for name in ("conflibert-penta", "plover-gsr", "cameo-examples",
                                                      "rated-news", "up-gsr")]
PAGE = (3_000, 6_000)
STORE_ARTICLES = 200  # coded once more in this process for the store's rate


def build_corpus(n: int, path: Path) -> int:
    """Write ``n`` pages as JSON lines to ``path``; returns their number of sentences."""
    import spacy

    bases = [a for a in iter_articles([str(p) for p in WHOLE] + [str(sample_dir())]) if isinstance(a, Article)]
    pool = [json.loads(line)["text"].strip() for p in SENTENCES for line in p.open(encoding="utf-8")]
    rng = random.Random(14)
    splitter = spacy.blank("en")
    splitter.add_pipe("sentencizer")
    sentences = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            base = bases[i % len(bases)]
            target = rng.randint(*PAGE)
            paragraphs, size = [], 0
            for paragraph in base.text.split("\n"):
                if size + len(paragraph) > PAGE[1]:
                    break
                paragraphs.append(paragraph)
                size += len(paragraph) + 1
            while size < target:
                paragraph = " ".join(rng.sample(pool, rng.randint(3, 5)))
                paragraphs.append(paragraph)
                size += len(paragraph) + 1
            text = "\n".join(paragraphs)
            sentences += sum(1 for _ in splitter(text).sents)
            out.write(json.dumps({"id": f"scale-{i:05d}", "title": base.title, "published": base.published,
                                  "text": text}) + "\n")
    return sentences


def descendants(pid: int) -> dict[int, int]:
    """Every process under ``pid``, with its depth (1 for a child)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found, frontier = {}, [(pid, 0)]
    while frontier:
        at, depth = frontier.pop()
        for child, parent in parents.items():
            if parent == at and child not in found:
                found[child] = depth + 1
                frontier.append((child, depth + 1))
    return found


def usage(pid: int) -> tuple[int, float] | None:
    """The process's peak resident memory in MB and the CPU seconds it has used, or None when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    mb = next(int(line.split()[1]) // 1024 for line in status.splitlines() if line.startswith("VmHWM:"))
    return mb, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def run_cli(corpus: Path, jobs: int, output: Path) -> dict:
    """Time ``dragoman code CORPUS -j jobs``, watching the memory of its processes."""
    peaks: dict[int, tuple[int, int, float]] = {}  # pid: (depth, MB, CPU seconds), as last seen
    start = time.perf_counter()
    with output.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "dragoman", "code", str(corpus), "-j", str(jobs)],
                                stdout=out, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})

        def watch():
            while proc.poll() is None:
                for pid, depth in {proc.pid: 0, **descendants(proc.pid)}.items():
                    seen = usage(pid)
                    if seen is not None:
                        peaks[pid] = (depth, *seen)
                time.sleep(0.5)
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        status = proc.wait()
        watcher.join()
    if status != 0:
        sys.exit(f"dragoman code -j {jobs} failed with status {status}")
    seconds = time.perf_counter() - start
    # Workers are the forkserver's children (depth 2); with -j 1 the coder is the command itself
    workers = [mb for depth, mb, _ in peaks.values() if depth == 2] or [peaks[proc.pid][1]]
    return {"jobs": jobs, "seconds": seconds, "parent_mb": peaks[proc.pid][1], "worker_mb": max(workers),
            "cpu": sum(cpu for _, _, cpu in peaks.values()), "events": sum(1 for _ in output.open(encoding="utf-8"))}


def store_rates(corpus: Path, directory: Path) -> dict:
    """Events a second written by the store alone, for the first articles of the corpus."""
    articles = [a for a in iter_articles([str(corpus)]) if isinstance(a, Article)][:STORE_ARTICLES]
    coded = [(c.article, c.events, c.cleaned.removals) for c in Pipeline().code_articles(articles)
             if hasattr(c, "events")]
    events = sum(len(c[1]) for c in coded)
    rates = {}
    for how in ("save_many", "save"):
        with Store(directory / f"{how}.db") as store:
            start = time.perf_counter()
            if how == "save_many":
                store.save_many(coded)
            else:
                for item in coded:
                    store.save(*item)
            rates[how] = events / (time.perf_counter() - start)
    return rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5_000, help="pages in the corpus (default 5000)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="the -j values to run (default 1 2)")
    parser.add_argument("--keep", metavar="DIR", help="build the corpus and outputs here and keep them")
    args = parser.parse_args()
    directory = Path(args.keep or tempfile.mkdtemp(prefix="dragoman-scale-"))
    directory.mkdir(parents=True, exist_ok=True)
    corpus = directory / "corpus.jsonl"
    sentences = build_corpus(args.articles, corpus)
    size = corpus.stat().st_size
    print(f"corpus: {args.articles} articles, {sentences} sentences, {size / args.articles / 1000:.1f} kB an "
          f"article ({corpus})")

    runs = [run_cli(corpus, jobs, directory / f"events-j{jobs}.jsonl") for jobs in args.jobs]
    base = runs[0]
    print("\njobs  seconds  articles/s  sentences/s  events/s  speed-up  efficiency  CPU s  parent MB  worker MB  same")
    for r in runs:
        speedup = base["seconds"] / r["seconds"]
        same = (directory / f"events-j{r['jobs']}.jsonl").read_bytes() == \
            (directory / f"events-j{base['jobs']}.jsonl").read_bytes()
        print(f"{r['jobs']:>4}  {r['seconds']:7.1f}  {args.articles / r['seconds']:10.1f}  "
              f"{sentences / r['seconds']:11.0f}  {r['events'] / r['seconds']:8.1f}  {speedup:8.2f}  "
              f"{speedup * base['jobs'] / r['jobs']:10.2f}  {r['cpu']:5.0f}  {r['parent_mb']:9d}  {r['worker_mb']:9d}  "
              f"{'yes' if same else 'NO'}")

    batches = sum(1 for _ in read_batches([str(corpus)]))
    print(f"\n{batches} batches: with {max(args.jobs)} jobs the speed-up can reach at most "
          f"{batches / -(-batches // max(args.jobs)):.2f} (the last round of batches keeps fewer workers busy); "
          f"CPU s is the CPU time of all the command's processes, which a busy machine does not inflate")

    rates = store_rates(corpus, directory)
    fastest = max(r["events"] / r["seconds"] for r in runs)
    print(f"\nstore: {rates['save_many']:.0f} events/s with save_many, {rates['save']:.0f} with save per article; "
          f"the coder's best {fastest:.1f} events/s is {fastest / rates['save']:.3f} of the per-article rate")
    if not args.keep:
        for path in directory.iterdir():
            path.unlink()
        directory.rmdir()


if __name__ == "__main__":
    main()
