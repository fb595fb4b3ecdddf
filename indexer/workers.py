"""A pool of worker processes that survives its workers: the indexing pipeline's engine room.

Why not concurrent.futures: one worker killed (by the OOM killer, or by its own per-file budget)
breaks a ProcessPoolExecutor for good, and nobody learns which file did it. Here each worker has its
own pipe and holds one task at a time, so a dead worker is replaced and the file it held is reported
with the reason it died (indexer.budget). Results are handed over in submission order: the writer
deletes a changed file's stale documents before adding the new ones, and must see them in order.

Workers die with the parent (PR_SET_PDEATHSIG), so a `kill -9` of `vanban index` leaves no orphan
chewing on a pathological file.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import connection, get_context

from indexer.budget import FileBudget, death_reason, file_budget

PR_SET_PDEATHSIG = 1
# Parsing and writing allocate millions of short-lived containers and make no garbage cycles worth
# hunting: at the default gen-0 threshold (700) the cyclic collector took ~10% of the time.
GC_THRESHOLD = (50_000, 20, 100)
TASKS_IN_FLIGHT_PER_WORKER = 4  # bounded look-ahead: results are consumed in order as they come


def _die_with_parent(parent_pid: int) -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pipe's EOF still stops an idle worker
        pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)


def _worker_main(conn, parent_pid: int, run: Callable, warmup, budget: FileBudget) -> None:
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    gc.set_threshold(*GC_THRESHOLD)
    if warmup is not None:
        # imports and models load before any budget applies: they are the worker's, not a file's
        try:
            warmup()
        except Exception:  # the first file will meet the same problem and report it
            pass
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        seq, task = message
        try:
            with file_budget(budget):
                result = run(task)
        except MemoryError:
            result = MemoryError(budget.over_memory())
        except Exception as exc:  # a bug must cost the file, not the worker
            result = RuntimeError(f"internal error: {type(exc).__name__}: {exc}")
        try:
            conn.send((seq, result))
        except MemoryError:
            conn.send((seq, MemoryError(budget.over_memory())))


@dataclass
class _Worker:
    process: object
    conn: object
    seq: int = -1  # the task it holds, -1 when idle
    task: object = None
    since: float = 0.0


class WorkerPool:
    """`run(task)` in `size` worker processes; results, or the reason a task cost its worker, in order.

    `run` must be a picklable module-level callable; it receives the task and returns its result.
    `failed(task, reason)` builds the result reported for a task whose worker died or stalled.
    """

    def __init__(
        self,
        size: int,
        run: Callable,
        failed: Callable,
        budget: FileBudget | None = None,
        warmup: Callable | None = None,
    ):
        self.size = max(1, size)
        self.run = run
        self.warmup = warmup
        self.failed = failed
        self.budget = budget or FileBudget()
        self._ctx = get_context("spawn")  # not fork: the parent may hold tantivy threads and models
        self._workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> _Worker:
        # one BLAS thread (numpy under the segmenters): its per-thread buffers would count against
        # every file's memory budget, and the workers are the parallelism already
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        parent_conn, child_conn = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main,
            args=(child_conn, os.getpid(), self.run, self.warmup, self.budget),
            daemon=True,
            name="vanban-worker",
        )
        process.start()
        child_conn.close()
        worker = _Worker(process, parent_conn)
        self._workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        self._workers.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    def close(self) -> None:
        for worker in list(self._workers):
            try:
                worker.conn.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 5
        for worker in list(self._workers):
            worker.process.join(max(0.0, deadline - time.monotonic()))
            self._retire(worker)

    def map(self, tasks: Iterable, on_idle: Callable[[], None] | None = None) -> Iterator[tuple]:
        """(task, result) for every task, in order; a task whose worker died gets `failed(...)`.
        `on_idle` is called about once a second while waiting (the writer commits what it holds)."""
        pending = iter(tasks)
        exhausted = False
        submitted = 0
        delivered = 0
        finished: dict[int, tuple[object, object]] = {}
        window = self.size * TASKS_IN_FLIGHT_PER_WORKER
        queue: list[tuple[int, object]] = []  # submitted, waiting for a free worker
        while True:
            while not exhausted and submitted - delivered < window:
                try:
                    task = next(pending)
                except StopIteration:
                    exhausted = True
                    break
                queue.append((submitted, task))
                submitted += 1
            self._dispatch(queue)
            while delivered in finished:
                yield finished.pop(delivered)
                delivered += 1
            busy = [w for w in self._workers if w.seq >= 0]
            if not busy:
                if exhausted and not queue:
                    return
                continue
            self._collect(busy, finished)
            if on_idle is not None and delivered not in finished:
                on_idle()

    def _dispatch(self, queue: list) -> None:
        while queue:
            idle = next((w for w in self._workers if w.seq < 0), None)
            if idle is None:
                if len(self._workers) >= self.size:
                    return
                idle = self._start()
            seq, task = queue.pop(0)
            idle.seq, idle.task, idle.since = seq, task, time.monotonic()
            try:
                idle.conn.send((seq, task))
            except OSError:  # died while idle: let _collect report it like any other death
                pass

    def _collect(self, busy: list[_Worker], finished: dict) -> None:
        waitables = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        connection.wait(waitables, timeout=1.0)
        now = time.monotonic()
        for worker in busy:
            outcome = self._outcome(worker, now)
            if outcome is None:
                continue
            finished[worker.seq] = (worker.task, outcome)
            if isinstance(outcome, _Dead):
                finished[worker.seq] = (worker.task, self.failed(worker.task, outcome.reason))
                self._retire(worker)
            else:
                worker.seq, worker.task = -1, None

    def _outcome(self, worker: _Worker, now: float):
        try:
            if worker.conn.poll():
                seq, result = worker.conn.recv()
                if isinstance(result, BaseException):
                    return self.failed(worker.task, str(result))
                return result
        except (EOFError, OSError):
            pass
        if not worker.process.is_alive():
            worker.process.join(1)
            return _Dead(death_reason(worker.process.exitcode, self.budget))
        if now - worker.since > self.budget.wall_seconds:
            return _Dead(self.budget.over_wall())
        return None


@dataclass
class _Dead:
    reason: str
