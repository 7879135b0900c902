#!/usr/bin/env python3
"""How long dragoman takes, end to end, against a plain spaCy pass over the same articles, in one process.

    .venv/bin/python bench/speed.py [PATH ...] [--repeat N]

(a) dragoman: every article from ``Article`` to events through ``Pipeline.code_articles`` (ingest done first, not
timed; the selected sentences of a batch of articles, 256 short ones or fewer long ones, are parsed in one stream),
with selective parsing on, and again with it off, plus article by article through ``Pipeline.code_article`` with
selection on; (b) spaCy: ``list(nlp.pipe(texts))`` with the full pipeline as spaCy ships it (its own attribute
ruler and lemmatizer, which dragoman replaces by one remembered pass with the same results) over the same cleaned
texts. Each is warmed up once, then timed ``--repeat`` times, interleaved so that a busy machine slows them all
alike; the best time of each counts, and the first timed runs are compared too. The ratio dragoman/spaCy below 1
means dragoman codes the articles in less time than spaCy needs to parse them all.
"""

from __future__ import annotations

import argparse
import os
import sys

# One thread for numpy's BLAS, which dragoman's copy of the model uses, so that it runs on one core as spaCy's blis
# kernels do; set OPENBLAS_NUM_THREADS to allow more
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dragoman import Config, Pipeline  # noqa: E402
from dragoman.batch import sample_dir  # noqa: E402
from dragoman.clean import clean  # noqa: E402
from dragoman.ingest import iter_articles  # noqa: E402
from dragoman.model import Article  # noqa: E402
from dragoman.nlp import load  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"


def default_inputs() -> list[str]:
    """Every gold set's articles and the bundled samples."""
    return [str(p) for p in sorted(EVAL.glob("*.gold.jsonl"))] + [str(sample_dir())]


def best_of(runs: dict[str, Callable[[], object]], repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    """The best and the first wall time of each run, the runs interleaved ``repeat`` times."""
    best = {name: float("inf") for name in runs}
    first: dict[str, float] = {}
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            first.setdefault(name, time.perf_counter() - start)
            best[name] = min(best[name], time.perf_counter() - start)
    return best, first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="inputs as for `dragoman code` (default: gold sets and samples)")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs of each; the best counts (default 2)")
    args = parser.parse_args(argv)

    articles = [a for a in iter_articles(args.paths or default_inputs()) if isinstance(a, Article)]
    if not articles:
        print("no articles to time", file=sys.stderr)
        return 1
    selective = Pipeline(Config(selective=True))
    full = Pipeline(Config(selective=False))
    unplaced = Pipeline(Config(selective=True, locate=False))
    # The plain pass: the model as spaCy ships it (with its own attribute ruler and lemmatizer), loaded apart
    nlp = load(selective.config.model, stock=True)
    texts = [clean(a).text for a in articles]

    total = chosen = words = chosen_words = 0
    for text in texts:
        tokens = selective.nlp.make_doc(text)
        for s in selective.selector(tokens):
            n = sum(1 for t in tokens[s.start:s.end] if not t.is_space)
            if n:
                total += 1
                chosen += s.selected
                words += n
                chosen_words += n if s.selected else 0

    runs: dict[str, Callable[[], object]] = {
        "spacy": lambda: list(nlp.pipe(texts)),
        "selective": lambda: list(selective.code_articles(articles)),
        "full": lambda: list(full.code_articles(articles)),
        "no places": lambda: list(unplaced.code_articles(articles)),
        "one by one": lambda: [selective.code_article(a) for a in articles],
    }
    warm = articles[:20]
    list(nlp.pipe(texts[:20]))
    for pipeline in (selective, full, unplaced):
        for a in warm:
            pipeline.code_article(a)
    best, first = best_of(runs, args.repeat)

    print(f"{len(articles)} articles, {sum(map(len, texts)):,} characters, {total} sentences, {words:,} tokens")
    print(f"selected for parsing: {chosen} sentences ({chosen / total:.0%}), {chosen_words:,} tokens "
          f"({chosen_words / words:.0%})")
    print(f"spaCy, full pipeline over all texts (nlp.pipe):  {best['spacy']:8.2f} s")
    print(f"dragoman end to end, selective parsing:          {best['selective']:8.2f} s")
    print(f"dragoman end to end, selection off:              {best['full']:8.2f} s")
    print(f"dragoman end to end, selective, one by one:      {best['one by one']:8.2f} s")
    print(f"dragoman end to end, selective, no places stage: {best['no places']:8.2f} s")
    print(f"ratio dragoman/spaCy, selective: {best['selective'] / best['spacy']:.2f}")
    print(f"ratio dragoman/spaCy, selection off: {best['full'] / best['spacy']:.2f}")
    print(f"ratio dragoman/spaCy, selective, one by one: {best['one by one'] / best['spacy']:.2f}")
    print(f"ratio with the places stage to without it: {best['selective'] / best['no places']:.2f}")
    # dragoman remembers what the attribute ruler and lemmatizer gave each word form: its first run fills that
    print(f"ratio dragoman/spaCy, selective, first timed runs: {first['selective'] / first['spacy']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
