"""The store at scale: a million events, and how fast a dyad series comes back over them.

    .venv/bin/python bench/store_scale.py                  # 1,000,000 events into a new store in a temporary folder
    .venv/bin/python bench/store_scale.py --events 100000 --db /tmp/scale.db --keep

Events are generated (seeded, so every run makes the same store): articles of ten events each between actors drawn
with a skewed distribution, as news is (a few dyads take most reports), over five years. They are written through
the store's own write path (``Store.save_many``: events, actors, links and incident placement), a thousand articles
a transaction. Then, in the same process, it times

- **dyad series**: ``analysis.dyad_series`` by month, both directions, for the busiest dyad and for a middling one;
- **full scan**: the same sums over the whole events table, read without an index.

Each query is run ``--repeat`` times and the best time kept. The ratio dyad/scan is what the index buys: well
under 1 means a dyad series costs a small part of reading the table.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from dragoman import analysis
from dragoman.events.ontology import codes as cameo_codes
from dragoman.model import Actor, Article, Event, EventDate
from dragoman.store import Store

ACTORS = ["USA", "RUS", "CHN", "UKR", "ISR", "IRN", "GBR", "FRA", "DEU", "TUR", "IND", "PAK", "NATO", "EU", "UN",
          "SYR", "IRQ", "AFG", "PRK", "KOR", "JPN", "SAU", "EGY", "POL", "BLR", "SDN", "ETH", "NGA", "VEN", "BRA"]
ACTORS += [f"X{i:02d}" for i in range(170)]  # a long tail of rarely reported actors
TEXT = "Words of a generated article {n}, long enough to give it a signature of its own: {words}."


def generate(n_events: int, seed: int = 7):
    """(article, events) pairs, ten events an article."""
    rng = random.Random(seed)
    codes = [c for c in cameo_codes().values() if len(c.code) == 3]
    weights = [1 / (i + 1) ** 1.1 for i in range(len(ACTORS))]
    start = date(2020, 1, 1)
    for n in range(0, n_events, 10):
        day = start + timedelta(days=rng.randrange(5 * 365))
        words = " ".join(f"w{rng.randrange(10**6)}" for _ in range(40))
        article = Article(id=f"a{n // 10:07d}", text=TEXT.format(n=n, words=words), published=day.isoformat(),
                          source=f"outlet{rng.randrange(50)}")
        events = []
        for k in range(min(10, n_events - n)):
            a, b = rng.choices(ACTORS, weights, k=2)
            if a == b:
                b = ACTORS[(ACTORS.index(a) + 1) % len(ACTORS)]
            c = rng.choice(codes)
            when = day - timedelta(days=rng.randrange(4))
            events.append(Event(
                article_id=article.id, source=_actor(a, k), target=_actor(b, k + 1), cameo=c.code,
                cameo_name=c.name, goldstein=c.goldstein, quad_class=c.quad_class, plover_type=c.plover_type,
                plover_mode=c.plover_mode, trigger="acted",
                trigger_span=(k * 3, k * 3 + 2), sentence="", sentence_index=k, sentence_span=(0, 0),
                rule="generated", confidence=1.0, date=EventDate(when.isoformat(), "day", "published")))
        yield article, events


def _actor(key: str, offset: int) -> Actor:
    org = key if key in ("NATO", "EU", "UN") else None
    return Actor(text=key, name=key, span=(offset, offset + 1), country=None if org else key, org=org)


def best_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000, help="events to generate (default 1,000,000)")
    parser.add_argument("--db", type=Path, help="store to write (default: a new one in a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the store afterwards")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query; the best is kept (default 5)")
    args = parser.parse_args(argv)

    folder = None if args.db else tempfile.TemporaryDirectory()
    db = args.db or Path(folder.name) / "scale.db"
    if db.exists():
        sys.exit(f"{db} exists; give a new path")
    t0 = time.perf_counter()
    with Store(db) as store:
        batch = []
        written = 0
        for item in generate(args.events):
            batch.append(item)
            if len(batch) == 1000:
                written += store.save_many(batch)
                batch = []
                print(f"\rwrote {written:,} events", end="", file=sys.stderr, flush=True)
        written += store.save_many(batch)
        load = time.perf_counter() - t0
        print(f"\rwrote {written:,} events in {load:.0f} s ({written / load:,.0f} events/s); "
              f"{db.stat().st_size / 2**20:,.0f} MiB", file=sys.stderr)
        store.query("SELECT count(*) FROM events")  # warm the page cache for both sides alike

        busiest = analysis.top_dyads(store, n=1)[0]
        middling = analysis.top_dyads(store, n=40)[-1]
        scan_sql = ("SELECT substr(date, 1, 7), quad_class, count(*), total(goldstein) FROM events NOT INDEXED"
                    " GROUP BY 1, 2")
        scan = best_time(lambda: store.query(scan_sql), args.repeat)
        print(f"full scan of {written:,} events: {scan * 1000:.1f} ms")
        for name, dyad in (("busiest", busiest), ("middling", middling)):
            points = analysis.dyad_series(store, dyad.source, dyad.target, by="month")
            took = best_time(lambda: analysis.dyad_series(store, dyad.source, dyad.target, by="month"), args.repeat)
            n = sum(p.events for p in points)
            print(f"dyad series, {name} dyad {dyad.source}-{dyad.target} ({n:,} events): {took * 1000:.1f} ms; "
                  f"ratio dyad/scan {took / scan:.3f}")
    if folder is not None and not args.keep:
        folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
