"""Coding posted texts in a worker process, so that a slow text never stalls the server.

spaCy's tokenizer holds the GIL for as long as it runs, and some texts take it minutes; in a thread that would
freeze every other request. A process can be stopped, too: a text over the time limit has its worker killed, and
the next text starts a fresh one.
"""

from __future__ import annotations

import multiprocessing
import threading
from typing import Any

from ..config import Config
from ..exceptions import DictionaryError, DragomanError, InputError, ModelError, TooSlow, UsageError
from ..model import Article

STARTUP_SECONDS = 600  # loading the model on a busy machine; not counted against the time limit


def code_record(pipeline, article: Article) -> dict[str, Any]:
    """The body of POST /api/code's answer for ``article``, as plain data."""
    coded = pipeline.code_article(article)
    events = []
    for e in coded.events:
        record = e.to_dict()
        record["sentence_span"] = list(e.sentence_span)
        events.append(record)
    removals = [{"rule": r.rule, "span": list(r.span), "text": r.text, "reason": r.reason}
                for r in coded.cleaned.removals]
    return {"article_id": article.id, "text": coded.article.text, "events": events, "removals": removals}


def _failure(e: BaseException) -> tuple[str, str]:
    if isinstance(e, (ModelError, DictionaryError)):
        return "model", str(e)
    if isinstance(e, InputError):
        return "input", e.reason
    if isinstance(e, DragomanError):
        return "usage", str(e)
    return "input", f"the coder failed on this text ({type(e).__name__}: {e})"


def _work(conn, config: Config) -> None:
    from ..pipeline import Pipeline

    try:
        pipeline = Pipeline(config)
    except Exception as e:  # noqa: BLE001 - whatever stops the model loading is reported, not lost in the child
        conn.send(("failed", *_failure(e)))
        return
    conn.send(("ready",))
    while True:
        try:
            article = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("done", code_record(pipeline, article)))
        except Exception as e:  # noqa: BLE001 - one text's failure is that text's answer, never the worker's end
            conn.send(("failed", *_failure(e)))


def _raise(kind: str, message: str):
    if kind == "model":
        raise ModelError(message)
    if kind == "input":
        raise InputError("text", message)
    raise UsageError(message)


class CodingWorker:
    """One worker process holding a pipeline; ``code`` sends it a text and waits at most ``timeout`` seconds."""

    def __init__(self, config: Config, timeout: float):
        self.config = config
        self.timeout = timeout
        self.lock = threading.Lock()
        self.process = None
        self.conn = None

    def start(self) -> None:
        """Start the worker and wait until its pipeline is loaded; a model that can't load is a ModelError."""
        with self.lock:
            self._start()

    def _start(self) -> None:
        if self.process is not None and self.process.is_alive():
            return
        context = multiprocessing.get_context("spawn")  # forking a threaded server could copy a held lock
        parent, child = context.Pipe()
        self.process = context.Process(target=_work, args=(child, self.config), daemon=True,
                                       name="dragoman-coder")
        self.process.start()
        child.close()
        self.conn = parent
        try:
            if not parent.poll(STARTUP_SECONDS):
                raise ModelError(f"the coder did not load in {STARTUP_SECONDS} s")
            message = parent.recv()
        except (EOFError, OSError):
            message = ("failed", "model", "the coder's process ended while loading the model")
        if message[0] != "ready":
            self._stop()
            _raise(*message[1:])

    def code(self, article: Article) -> dict[str, Any]:
        # Texts wait their turn for the one worker, but no longer than one text may take.
        if not self.lock.acquire(timeout=self.timeout):
            raise TooSlow(f"the coder is busy; try again in {self.timeout:g} s")
        try:
            self._start()
            try:
                self.conn.send(article)
                done = self.conn.poll(self.timeout)
                message = self.conn.recv() if done else None
            except (EOFError, OSError):
                self._stop()
                raise InputError("text", "the coder's process ended on this text") from None
            if message is None:
                self._stop()
                raise TooSlow(f"coding this text took longer than the time limit of {self.timeout:g} s")
            if message[0] == "failed":
                _raise(*message[1:])
            return message[1]
        finally:
            self.lock.release()

    def _stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.join(10)
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None

    def close(self) -> None:
        with self.lock:
            self._stop()
