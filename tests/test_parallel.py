"""-j N: worker processes give the output of -j 1, byte for byte; Ctrl-C stops them cleanly; the progress bar shows
on a terminal only."""

import fcntl
import json
import os
import platform
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


def parents() -> dict[int, int]:
    """Every process's parent."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            found[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (ValueError, OSError, IndexError):
            pass
    return found


def family(pid: int) -> set[int]:
    """The processes under ``pid``."""
    up = parents()
    found, todo = set(), [pid]
    while todo:
        at = todo.pop()
        children = {c for c, p in up.items() if p == at} - found
        found |= children
        todo += children
    return found


def workers(pid: int) -> set[int]:
    """The worker processes of the command ``pid``: the fork server's children, two levels under the command."""
    up = parents()
    return {p for p in family(pid) if up.get(p) != pid}


def stored_articles(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


WRITE = {"x86_64": b"1", "aarch64": b"64"}.get(platform.machine())  # the write(2) system call's number


def until_one_sends(pids: set[int], proc: subprocess.Popen, deadline: float) -> bool:
    """Wait until one of the workers ``pids`` is blocked writing to its pipe: sending a coded batch back, faster than
    the command reads it (the batch is larger than the pipe holds). False if the command ended first."""
    try:
        fds = [os.open(f"/proc/{p}/syscall", os.O_RDONLY) for p in pids]
    except OSError as e:
        pytest.skip(f"the system calls of the workers cannot be read: {e}")
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if any(os.pread(fd, 64, 0).split()[:1] == [WRITE] for fd in fds):
                return True
            time.sleep(0.001)
        return False
    finally:
        for fd in fds:
            os.close(fd)


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["stored", "sending"])
def test_ctrl_c_stops_the_workers_and_keeps_what_was_stored(shared, tmp_path, moment):
    """Interrupted once an article is stored (SIGINT to the command alone, as ``kill -INT`` sends it), or the moment a
    worker is half-way through sending a coded batch back (SIGINT to the whole process group, as a terminal sends
    Ctrl-C): the command stops at once with one line, leaves no process behind, and what it stored stays, whole."""
    if moment == "sending" and (WRITE is None or not Path("/proc/self/syscall").exists()):
        pytest.skip("no /proc/<pid>/syscall to see a worker writing")
    total = BATCH_ARTICLES * 24  # batches enough for a worker to be seen sending one back
    path = sentences(shared, tmp_path, total)
    db = tmp_path / "events.db"
    # SIGINT as a terminal leaves it, even where this run inherited it ignored (a job started with & by a script)
    proc = dragoman("ingest", str(path), "--db", str(db), "-j", "2", stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen: set[int] = set()
    deadline = time.monotonic() + 600
    while stored_articles(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        seen |= family(proc.pid)
        time.sleep(0.2)
    seen |= family(proc.pid)
    running = workers(proc.pid)
    assert len(running) == 2, "the workers were not there to stop"
    if moment == "sending":
        assert until_one_sends(running, proc, deadline), "no worker was seen sending a batch back"
        os.killpg(proc.pid, signal.SIGINT)
    else:
        assert proc.poll() is None, "the ingest ended before it could be interrupted"
        proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the command, its fork server and the workers: none is left behind
        pytest.fail("the ingest did not stop within 120 s of the interrupt")
    assert (proc.returncode, out) == (130, b"")
    assert err.decode().splitlines() == ["dragoman: error: interrupted"], err
    deadline = time.monotonic() + 30
    while (alive := {p for p in seen if Path(f"/proc/{p}").exists()}) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not alive, [Path(f"/proc/{p}/cmdline").read_bytes()[:80] for p in alive]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT id FROM articles")}
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    assert 0 < len(stored) < total
    assert stored == {f"s{i}" for i in range(len(stored))}  # the first articles, in order, none half-stored


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
    running: set[int] = set()
    deadline = time.monotonic() + 300
    while not running and proc.poll() is None and time.monotonic() < deadline:
        running = workers(proc.pid)
        time.sleep(0.2)
    assert running, "no worker process was seen"
    os.kill(min(running), signal.SIGKILL)
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
