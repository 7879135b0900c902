#!/usr/bin/env python3
"""Peak memory of ``dragoman code`` and ``dragoman ingest`` on hostile inputs, against a small article.

    .venv/bin/python bench/memory.py [--quick] [--jobs 1 2] [--keep DIR]

It writes, in a temporary folder, a small news article (the baseline) and inputs built to eat memory, each made a
piece at a time so this process never holds one whole:

- **text**: a 50 MB plain-text file of news paragraphs (``--quick``: 10 MB);
- **text, standard input**: the same file piped in as ``-``;
- **longest text**: a text just under the largest article (``--max-article-chars``), coded in parts
  (``--quick``: 0.5 MB);
- **WARC bomb**: a .warc.gz of one gzip member that inflates to a response record of 1 GB of HTML (``--quick``:
  100 MB), written through ``zlib`` at level 9 over one repeated chunk, so the file is a few MB;
- **WARC page**: a .warc.gz whose one HTML page is just under the largest page read (``Limits.page_bytes``, four
  bytes an article character), the most HTML the reader parses (``--quick``: 4 MB). It runs with the first
  ``--jobs`` value only: it takes a minute or more, and the command reads its inputs itself whatever ``-j`` says.

Then it runs each through ``python -m dragoman code FILE`` and ``python -m dragoman ingest FILE --db NEW`` as a
user does (start-up included), with each ``--jobs`` value, and prints for each run its exit status, wall time and
the error line it printed (or its last line), with two figures of memory:

- **tree MB**: the most resident memory of all the run's processes together (the command, and with ``-j 2`` its
  fork server and workers), their ``VmRSS`` in /proc summed every 20 ms (a spike shorter than that can be missed),
  and never less than the largest process's peak;
- **largest MB**: the peak resident memory of its largest single process (``VmHWM`` in /proc, exact), and its ratio
  to the same command's on the baseline article.

The command and its workers run numpy's BLAS on one thread. Times are wall-clock on whatever the machine is doing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dragoman.config import Limits  # noqa: E402

PARAGRAPHS = [
    "Chile expelled two Bolivian diplomats on Monday, the foreign ministry said in a statement, accusing them of "
    "meeting opposition leaders without permission.",
    "Officials in Santiago said talks on the border crossing would resume next month if the two governments could "
    "agree on an agenda.",
    "Police arrested twelve protesters outside the parliament in La Paz on Sunday after a march against fuel "
    "prices turned violent.",
    "The government accused the opposition of organising the unrest, a charge its leaders denied at a news "
    "conference on Tuesday.",
]
CHUNK = 1 << 20  # bytes written at a time
BOMB_CHUNK = b"<div class=\"story\"><p>" + PARAGRAPHS[0].encode() + b"</p></div>\n"


@dataclass
class Case:
    label: str
    name: str  # the file, in the temporary folder
    stdin: bool = False  # piped in as "-" instead of named
    every_jobs: bool = True  # run with each --jobs value, else with the first only


@dataclass
class Run:
    status: int
    seconds: float
    tree_mb: float
    largest_mb: float
    message: str


def news(size: int) -> bytes:
    """About ``size`` bytes of news paragraphs (whole paragraphs, a blank line between them)."""
    block = "".join(p + "\n\n" for p in PARAGRAPHS).encode()
    return block * max(1, size // len(block))


def write_text(path: Path, size: int) -> None:
    chunk = news(CHUNK)
    with path.open("wb") as out:
        out.write(b"May 13, 2024\n\nBolivia and Chile at odds\n\n")
        for _ in range(size // len(chunk)):
            out.write(chunk)
        out.write(news(size % len(chunk)))


def write_warc_gz(path: Path, html_size: int) -> None:
    """One response record holding an HTML page of about ``html_size`` bytes, as one gzip member."""
    repeats = max(1, html_size // len(BOMB_CHUNK))
    head = b"<html><head><title>Bolivia and Chile at odds</title></head><body>\n"
    tail = b"</body></html>\n"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    length = len(http) + len(head) + repeats * len(BOMB_CHUNK) + len(tail)
    warc = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/news/bomb\r\n"
            b"WARC-Date: 2024-05-13T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:6d8a7f1e-0000-4000-8000-000000000001>\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % length)
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip member
    many = CHUNK // len(BOMB_CHUNK)
    with path.open("wb") as out:
        out.write(deflate.compress(warc + http + head))
        for _ in range(repeats // many):
            out.write(deflate.compress(BOMB_CHUNK * many))
        out.write(deflate.compress(BOMB_CHUNK * (repeats % many) + tail + b"\r\n\r\n"))
        out.write(deflate.flush())


def write_jsonl_line(path: Path, size: int) -> None:
    """One JSON line whose text is about ``size`` bytes, written a piece at a time."""
    chunk = news(CHUNK).decode().replace("\n", " ")
    with path.open("w", encoding="utf-8") as out:
        out.write('{"id": "huge", "text": "')
        for _ in range(size // len(chunk)):
            out.write(chunk)
        out.write('"}\n{"id": "after", "text": "Bolivia recalled its ambassador to Chile on Monday."}\n')


def make_inputs(folder: Path, quick: bool) -> list[Case]:
    limits = Limits()
    text_mb, bomb_mb = (10, 100) if quick else (50, 1000)
    longest = limits.part_chars * 5 if quick else limits.article_chars - 10_000
    page = 4_000_000 if quick else limits.page_bytes - 10_000
    write_text(folder / "baseline.txt", 2_000)
    write_text(folder / "text.txt", text_mb * 1_000_000)
    write_text(folder / "longest.txt", longest)
    write_warc_gz(folder / "bomb.warc.gz", bomb_mb * 1_000_000)
    write_warc_gz(folder / "page.warc.gz", page)
    write_jsonl_line(folder / "line.jsonl", text_mb * 1_000_000)
    return [
        Case("baseline: a news article of 2 kB", "baseline.txt"),
        Case(f"text: {text_mb} MB", "text.txt"),
        Case(f"text: {text_mb} MB on standard input", "text.txt", stdin=True),
        Case(f"longest text: {longest / 1e6:.1f} MB, coded in parts", "longest.txt"),
        Case(f"WARC bomb: {_mb(folder / 'bomb.warc.gz')} on disk, {bomb_mb:,} MB of HTML", "bomb.warc.gz"),
        Case(f"WARC page: {page / 1e6:.1f} MB of HTML ({_mb(folder / 'page.warc.gz')} on disk)", "page.warc.gz",
             every_jobs=False),
        Case(f"JSON lines: one line of {text_mb} MB, then a short one", "line.jsonl"),
    ]


def _mb(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f} MB"


def group_memory(group: int) -> tuple[int, dict[int, int]]:
    """Resident kB of every process in the process group ``group`` together, and each one's peak (VmHWM)."""
    total, peaks = 0, {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != group:
                continue
            status = dict(line.split(":", 1) for line in Path(entry.path, "status").read_text().splitlines())
        except (OSError, ValueError):
            continue  # gone meanwhile
        if "VmRSS" in status:  # a zombie has none
            total += int(status["VmRSS"].split()[0])
            peaks[int(entry.name)] = int(status["VmHWM"].split()[0])
    return total, peaks


def run(case: Case, command: str, jobs: int, folder: Path) -> Run:
    """One run of the command on the case, in a process group of its own that is watched while it runs."""
    db = folder / "store.sqlite"
    db.unlink(missing_ok=True)
    path = "-" if case.stdin else case.name
    args = [sys.executable, "-m", "dragoman", command, path, "-j", str(jobs)]
    args += ["--db", str(db)] if command == "ingest" else ["--format", "jsonl"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    tree, peaks = 0, {}
    with open(folder / (case.name if case.stdin else os.devnull), "rb") as stdin, \
            open(folder / "out", "wb") as out, open(folder / "err", "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=folder, stdin=stdin, stdout=out, stderr=err, env=env,
                                start_new_session=True)

        def watch() -> None:
            nonlocal tree
            while proc.poll() is None:
                total, seen = group_memory(proc.pid)
                tree = max(tree, total)
                peaks.update(seen)
                time.sleep(0.02)
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        status = proc.wait()
        seconds = time.perf_counter() - start
        watcher.join()
    lines = (folder / "err").read_text("utf-8", "replace").splitlines()
    output = (folder / "out").read_text("utf-8", "replace").splitlines()
    errors = [line for line in lines if line.startswith("dragoman: error")]
    if errors:
        message = errors[0] + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
    elif command == "ingest":
        message = (output or lines or [""])[-1]
    else:
        message = f"{len(output):,} events"
    message = message.replace(str(folder) + os.sep, "")
    largest = max(peaks.values(), default=0)
    return Run(status, seconds, max(tree, largest) / 1024, largest / 1024, message)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a 10 MB text, a 100 MB bomb, shorter longest text "
                                                              "and page")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="the -j values to run (default 1 2)")
    parser.add_argument("--keep", metavar="DIR", help="write the inputs here and keep them")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="dragoman-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        cases = make_inputs(folder, args.quick)
        print(f"inputs written in {time.perf_counter() - started:.1f} s\n")
        print("| input | command | jobs | exit | seconds | tree MB | largest MB | × baseline | message |")
        print("|---|---|---|---|---|---|---|---|---|")
        baseline: dict[tuple[str, int], float] = {}
        for case in cases:
            for command in ("code", "ingest"):
                for jobs in args.jobs if case.every_jobs else args.jobs[:1]:
                    result = run(case, command, jobs, folder)
                    base = baseline.setdefault((command, jobs), result.largest_mb)
                    print(f"| {case.label} | {command} | {jobs} | {result.status} | {result.seconds:.1f} | "
                          f"{result.tree_mb:,.0f} | {result.largest_mb:,.0f} | {result.largest_mb / base:.2f} | "
                          f"{result.message.replace('|', '/')} |", flush=True)
        print(f"\nin {(time.perf_counter() - started) / 60:.1f} minutes")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
