"""Coding on every core of one machine: ``code(inputs, config, jobs)`` yields what ``Pipeline.run`` yields, in the
same order, from ``jobs`` worker processes.

How it works:

- The parent reads the inputs and groups the articles into the very batches ``Pipeline.run`` parses
  (``pipeline.read_batches``), so every batch is parsed as one stream exactly as with ``-j 1``, and the output is
  the same, byte for byte.
- Each batch goes to a pool of worker processes (``concurrent.futures.ProcessPoolExecutor`` started with
  ``forkserver``: forking a parent that runs threads, or a loaded spaCy model, is not safe). The fork server
  imports dragoman once, so workers start fast and share those pages, and it runs with one BLAS thread: a worker is
  one core's work, and BLAS threads of their own would make workers fight over the same cores. Each worker loads
  one ``Pipeline`` when it starts and codes the batches it is sent. At most two batches a worker are in flight, and
  results are taken back in the order the batches were sent, so memory stays bounded and order is kept.
- Workers send back ``Coded`` records without the parse (``actors`` and ``sentences`` hold spaCy objects, which do
  not pickle); the events, cleaning, decisions and places are all there. Inputs that failed to read come out
  before their batch, as with ``-j 1``.
- The caller is the only one to touch the store: workers only code.
- An input that fits in one batch is coded in this process: starting workers would cost more than it saves.
- Workers ignore Ctrl-C; the parent stops them when it is interrupted (or the caller stops reading), and what the
  caller stored stays stored. A worker that dies (killed, out of memory) raises ``WorkerError``, not a hang.
- Stopping never waits on the pool: a worker is stopped wherever it is, even half-way through sending a batch back,
  which would leave the pool's own thread waiting forever for the rest (``_stop``).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice
from typing import Iterable, Iterator

from .config import Config
from .exceptions import DragomanError, WorkerError
from .model import Article, Failure
from .pipeline import Coded, Pipeline, read_batches

ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
IN_FLIGHT = 2  # batches per worker sent ahead, so a worker never waits for the parent to read its next one
GRACE = 5.0  # seconds a stopped worker, then the pool's thread, is given to end

_pipeline: Pipeline | None = None  # the worker's own, loaded once
_load_error: DragomanError | None = None


def code(inputs: Iterable[str], config: Config | None = None, jobs: int = 2, stdin=None
         ) -> Iterator[Coded | Failure]:
    """Code every article the inputs hold in ``jobs`` processes; yields a Coded per article and a Failure per bad
    input or article, in the order ``Pipeline.run`` yields them."""
    config = config or Config()
    batches = read_batches(inputs, stdin, config.published, limits=config.limits)
    head = list(islice(batches, 2))
    if len(head) < 2 or not head[1][1]:
        pipeline = Pipeline(config)
        for failures, articles in head:
            yield from failures
            yield from pipeline.code_articles(articles)
        return
    yield from _in_workers(chain(head, batches), config, jobs)


def _in_workers(batches: Iterator[tuple[list[Failure], list[Article]]], config: Config, jobs: int
                ) -> Iterator[Coded | Failure]:
    pool = ProcessPoolExecutor(jobs, mp_context=_forkserver(), initializer=_start_worker, initargs=(config,))
    pending: deque[tuple[list[Failure], Future]] = deque()
    try:
        for failures, articles in batches:
            pending.append((failures, pool.submit(_code_batch, articles)))
            if len(pending) >= IN_FLIGHT * jobs:
                yield from _done(pending.popleft())
        while pending:
            yield from _done(pending.popleft())
    except BaseException:  # Ctrl-C, a dead worker, or the caller closing this generator: stop at once
        _stop(pool)
        raise
    pool.shutdown()


def _forkserver() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["dragoman.pipeline"])
    unset = [name for name in ONE_THREAD if name not in os.environ]  # a user's own setting wins
    os.environ.update({name: "1" for name in unset})
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        for name in unset:
            del os.environ[name]
    return context


def _done(sent: tuple[list[Failure], Future]) -> Iterator[Coded | Failure]:
    failures, future = sent
    yield from failures
    try:
        coded = future.result()
    except BrokenProcessPool:
        raise WorkerError("a worker process died (killed, or out of memory?); nothing more was coded") from None
    yield from coded


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers at once and leave none running, nor any thread of the pool that would keep this process from
    exiting.

    ``shutdown`` alone would let each worker finish the batch it is coding first. Terminating them and then waiting
    for the pool can hang for good: a worker stopped half-way through sending its batch back leaves the pool's thread
    waiting for the rest of it, and the thread feeding batches to the workers blocked on a full pipe that no worker
    reads any more. So the batches not yet sent are cancelled without waiting, the workers are terminated (killed if
    they outlive ``GRACE``), and then this process's own end of the result pipe is closed: with every worker gone,
    the pool's thread reads the end of the pipe instead of waiting for the rest, takes the pool for broken and winds
    it down, the feeding thread with it."""
    processes = list((pool._processes or {}).values())
    results, manager = pool._result_queue, pool._executor_manager_thread  # shutdown(wait=False) lets go of both
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(GRACE)
        if process.exitcode is None:  # SIGTERM handled or blocked: no more waiting
            process.kill()
            process.join(GRACE)
    if results is not None:
        results._writer.close()
    if manager is not None:
        manager.join(GRACE)


def _start_worker(config: Config) -> None:
    global _pipeline, _load_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the parent handles it
    try:
        _pipeline = Pipeline(config)
    except DragomanError as e:  # raised again with the first batch, so the parent reports it as one line
        _load_error = e


def _code_batch(articles: list[Article]) -> list[Coded | Failure]:
    if _load_error is not None:
        raise _load_error
    return [item if isinstance(item, Failure) else _portable(item) for item in _pipeline.code_articles(articles)]


def _portable(coded: Coded) -> Coded:
    return Coded(coded.article, coded.cleaned, coded.events, coded.decisions, places=coded.places)
