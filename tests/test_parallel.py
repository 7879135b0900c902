"""-j N: worker processes give the output of -j 1, byte for byte; Ctrl-C stops them cleanly; the progress bar shows
on a terminal only."""

import fcntl
import json
import os
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from dragoman import batch
from dragoman.model import Failure
from dragoman.pipeline import BATCH_ARTICLES

ROOT = Path(__file__).resolve().parents[1]
SENTENCE_SETS = ("conflibert-penta", "plover-gsr", "cameo-examples", "rated-news")


def dragoman(*args, **kwargs):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-m", "dragoman", *args], env=env, **kwargs)


def run(*args):
    proc = dragoman(*args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate(timeout=900)
    return proc.returncode, out, err


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    """The bundled samples, copied often enough to fill more than one batch (so workers code them), with a missing
    file and an unreadable one named in the middle."""
    d = tmp_path_factory.mktemp("news")
    copies = []
    for n in range(BATCH_ARTICLES // 17 + 1):
        copies.append(d / f"copy{n:02d}")
        shutil.copytree(batch.sample_dir(), copies[-1])
    (d / "junk.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    half = len(copies) // 2
    return [str(p) for p in copies[:half]] + [str(d / "missing.txt"), str(d / "junk.txt")] + \
        [str(p) for p in copies[half:]]


def sentences(shared, tmp_path, n):
    """``n`` one-sentence articles of the gold sets, as one JSON lines file."""
    rows = [json.loads(line) for name in SENTENCE_SETS
            for line in (shared / "eval" / f"{name}.gold.jsonl").open(encoding="utf-8")]
    path = tmp_path / "sentences.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            row = rows[i % len(rows)]
            out.write(json.dumps({"id": f"s{i}", "title": "", "published": row.get("published") or "2024-05-01",
                                  "text": row["text"]}) + "\n")
    return path


@pytest.mark.slow
def test_code_j2_prints_the_same_bytes_and_failure_lines_as_j1(news):
    one = run("code", *news, "-j", "1", "--format", "jsonl")
    two = run("code", *news, "-j", "2", "--format", "jsonl")
    assert one[0] == two[0] == 1  # the two bad inputs
    assert one[1] and one[1] == two[1]
    assert one[2] == two[2]
    lines = two[2].decode().splitlines()
    assert [Path(line.split(": ")[2]).name for line in lines] == ["missing.txt", "junk.txt"], lines
    assert lines[0].endswith("no such file or directory")


@pytest.mark.slow
def test_workers_code_what_the_pipeline_codes_in_order(shared, tmp_path, pipeline):
    path = sentences(shared, tmp_path, BATCH_ARTICLES + 40)
    (tmp_path / "bad.jsonl").write_text('{"id": "x", "text": "Chile expelled two Bolivian diplomats."}\n{oops\n')
    inputs = [str(path), str(tmp_path / "bad.jsonl"), str(tmp_path / "gone.jsonl")]
    alone = list(batch.code_paths(inputs, pipeline=pipeline))
    workers = list(batch.code_paths(inputs, jobs=2))
    assert [type(i) for i in workers] == [type(i) for i in alone]
    assert [str(i) for i in workers if isinstance(i, Failure)] == [str(i) for i in alone if isinstance(i, Failure)]
    coded = [(a, w) for a, w in zip(alone, workers) if not isinstance(a, Failure)]
    assert [w.article.id for _, w in coded] == [a.article.id for a, _ in coded]
    assert [w.events for _, w in coded] == [a.events for a, _ in coded]
    assert all(w.actors is None for _, w in coded)  # coded in a worker: the parse stayed there


@pytest.mark.slow
def test_ingest_j2_stores_the_same_events_as_j1(shared, tmp_path):
    path = sentences(shared, tmp_path, BATCH_ARTICLES + 40)
    stored = []
    for jobs in ("1", "2"):
        db = tmp_path / f"j{jobs}.db"
        status, out, err = run("ingest", str(path), "--db", str(db), "-j", jobs)
        assert status == 0, err
        with sqlite3.connect(db) as conn:
            stored.append((conn.execute("SELECT count(*) FROM articles").fetchone()[0],
                           [r[0] for r in conn.execute("SELECT event_id FROM events ORDER BY event_id")]))
    assert stored[0][0] == BATCH_ARTICLES + 40
    assert stored[0][1] and stored[0] == stored[1]


def family(pid: int) -> set[int]:
    """The processes under ``pid``."""
    parents = {}
    for entry in Path("/proc").iterdir():
        try:
            parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (ValueError, OSError, IndexError):
            pass
    found, todo = set(), [pid]
    while todo:
        at = todo.pop()
        children = {c for c, p in parents.items() if p == at} - found
        found |= children
        todo += children
    return found


def stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_ctrl_c_stops_the_workers_and_keeps_what_was_stored(shared, tmp_path):
    path = sentences(shared, tmp_path, BATCH_ARTICLES * 12)
    db = tmp_path / "events.db"
    proc = dragoman("ingest", str(path), "--db", str(db), "-j", "2", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen: set[int] = set()
    deadline = time.monotonic() + 600
    while stored_articles(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        seen |= family(proc.pid)
        time.sleep(0.2)
    seen |= family(proc.pid)
    assert proc.poll() is None, "the ingest ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert b"Traceback" not in err and b"interrupted" in err, err
    deadline = time.monotonic() + 30
    while (alive := {p for p in seen if Path(f"/proc/{p}").exists()}) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive, [Path(f"/proc/{p}/cmdline").read_bytes()[:80] for p in alive]
    assert len(seen) >= 2  # the workers were there to stop
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < articles < BATCH_ARTICLES * 12


def on_a_terminal(*args) -> tuple[bytes, bytes]:
    """Run dragoman with standard error on a pseudo-terminal: what the terminal showed, and standard output."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = dragoman(*args, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    shown = bytearray()

    def read():
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal's other end is closed
                return
            if not chunk:
                return
            shown.extend(chunk)
    reader = threading.Thread(target=read)
    reader.start()
    out = proc.communicate(timeout=300)[0]
    reader.join(timeout=10)
    os.close(master)
    return bytes(shown), out


@pytest.mark.slow
def test_progress_bar_on_a_terminal_and_nothing_in_a_pipe(tmp_path):
    samples = str(batch.sample_dir())
    shown, out = on_a_terminal("code", samples, str(tmp_path / "missing.txt"), "-j", "1")
    assert b"/18" in shown and b"articles/s" in shown and b"events/s" in shown, shown  # 17 samples, 1 missing
    assert b"dragoman: error: " in shown and b"missing.txt: no such file or directory" in shown
    status, piped_out, err = run("code", samples, str(tmp_path / "missing.txt"), "-j", "1")
    assert piped_out == out
    assert err.decode().splitlines() == [f"dragoman: error: {tmp_path / 'missing.txt'}: no such file or directory"]


@pytest.mark.slow
def test_a_killed_worker_ends_the_run_with_one_line(shared, tmp_path):
    path = sentences(shared, tmp_path, BATCH_ARTICLES * 12)
    proc = dragoman("code", str(path), "-j", "2", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: set[int] = set()
    deadline = time.monotonic() + 300
    while not workers and proc.poll() is None and time.monotonic() < deadline:
        # the workers are the fork server's children, two levels under the command
        helpers = {p for p in family(proc.pid) if Path(f"/proc/{p}/stat").exists()}
        workers = set().union(*(family(h) for h in helpers)) if helpers else set()
        time.sleep(0.2)
    assert workers, "no worker process was seen"
    os.kill(min(workers), signal.SIGKILL)
    err = proc.communicate(timeout=300)[1].decode()
    assert proc.returncode == 1
    assert err.splitlines() == ["dragoman: error: a worker process died (killed, or out of memory?); nothing more "
                                "was coded"], err


@pytest.mark.slow
def test_a_bad_dictionary_is_the_same_one_line_with_workers(shared, tmp_path):
    path = sentences(shared, tmp_path, BATCH_ARTICLES + 40)
    bad = tmp_path / "mine.yaml"
    bad.write_text("bogus: []\n", encoding="utf-8")
    one = run("code", str(path), "--dictionary", str(bad), "-j", "1")
    two = run("code", str(path), "--dictionary", str(bad), "-j", "2")
    assert one[0] == two[0] == 1
    assert one[2] == two[2] and len(two[2].decode().splitlines()) == 1
    assert b"mine.yaml: unknown section(s) bogus" in two[2]
