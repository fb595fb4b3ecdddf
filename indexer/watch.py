"""`vanban watch DIR…`: keep an index in step with folders.

Changes arrive from watchdog (inotify on Linux; a polling observer with --poll or when inotify is
unavailable) and are gathered into batches: a batch runs once the folders have been quiet for
`debounce` seconds, or `max_wait` seconds after its first change when they never go quiet. A batch
is reconciled with the index, never replayed event by event: paths that exist go through the same
incremental indexing as `vanban index` (`reindex.index_incremental`: skipped when their content hash
is unchanged, replaced when changed), and indexed files under the batch's paths that no longer exist
are removed. Starting up runs the same reconciliation over the whole folders, so a watcher that was
killed (even with -9) catches up with whatever changed while it was down, and nothing is indexed twice.

SIGTERM and SIGINT end the watcher between batches: a batch that has begun is finished and committed.
The watcher is a writer: it takes the index's write lock only while a batch runs, so `vanban index`
or `vanban reindex` can run between batches; a batch that finds the lock taken waits and retries.
Each change is logged as one JSON line.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from indexer import store
from indexer.errors import IndexBusy
from indexer.reindex import index_incremental
from indexer.settings import Settings

Log = Callable[[dict], None]


@dataclass(frozen=True)
class WatchOptions:
    debounce: float = 1.0  # seconds of quiet after the last change before a batch runs
    max_wait: float = 10.0  # a batch runs at the latest this long after its first change
    poll: bool = False  # poll the folders instead of inotify (network shares, some containers)
    poll_interval: float = 2.0
    workers: int | None = None
    busy_retry: float = 2.0  # seconds before retrying a batch when another writer holds the lock


def json_log(stream=None) -> Log:
    """One JSON object per line, flushed at once (a log shipper or journald reads it live)."""

    def log(event: dict) -> None:
        line = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **event}
        out = stream or sys.stdout
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()

    return log


# -- batching ------------------------------------------------------------------------------------


class ChangeQueue:
    """Paths touched since the last batch, with debounce timing. Thread-safe: the observer adds from
    its thread, the watcher takes batches in the main thread."""

    def __init__(self, debounce: float, max_wait: float, clock: Callable[[], float] = time.monotonic):
        self.debounce = debounce
        self.max_wait = max_wait
        self.clock = clock
        self._paths: dict[str, None] = {}
        self._first = 0.0
        self._last = 0.0
        self._cond = threading.Condition()

    def add(self, paths: Iterable[str]) -> None:
        with self._cond:
            now = self.clock()
            for path in paths:
                if not self._paths:
                    self._first = now
                self._paths[path] = None
                self._last = now
            self._cond.notify_all()

    def due_in(self, now: float) -> float | None:
        """Seconds until the pending batch is due (0: now), None when nothing is pending."""
        if not self._paths:
            return None
        return max(0.0, min(self._last + self.debounce, self._first + self.max_wait) - now)

    def take(self) -> list[str]:
        with self._cond:
            paths, self._paths = list(self._paths), {}
            return paths

    def wait_batch(self, stop: threading.Event, tick: float = 0.25) -> list[str]:
        """Block until a batch is due (returned) or `stop` is set ([])."""
        with self._cond:
            while not stop.is_set():
                due = self.due_in(self.clock())
                if due == 0.0:
                    paths, self._paths = list(self._paths), {}
                    return paths
                self._cond.wait(tick if due is None else min(tick, due))
        return []


# -- paths ---------------------------------------------------------------------------------------


def _skipped(name: str) -> bool:
    # the same litter rule as the folder walk (indexer.sources): hidden, Office lock files, backups
    return name.startswith((".", "~$")) or name.endswith("~")


class Roots:
    """The watched folders as the user spelled them: sources are recorded in that spelling by
    `vanban index`, so the watcher must name files the same way to recognise them."""

    def __init__(self, roots: Iterable[Path | str], exclude: Iterable[Path | str] = ()):
        self.given = [Path(r) for r in roots]
        self.absolute = [os.path.abspath(r) for r in self.given]
        # the index itself may sit inside a watched folder: its own commits must not become changes
        self.exclude = [os.path.abspath(e) for e in exclude]

    def user_path(self, event_path: str) -> str | None:
        """An observer's absolute path → the user's spelling; None outside the roots or skipped."""
        event_path = os.path.abspath(event_path)
        if any(_under(event_path, e) for e in self.exclude):
            return None
        for given, absolute in zip(self.given, self.absolute, strict=True):
            if event_path == absolute:
                return str(given)
            if event_path.startswith(absolute + os.sep):
                rel = os.path.relpath(event_path, absolute)
                if any(_skipped(part) for part in Path(rel).parts):
                    return None
                return str(given / rel)
        return None


def _safe(paths: list[str]) -> list[str]:
    from indexer.model import safe_source

    return [safe_source(p) for p in paths]


def _under(source: str, path: str) -> bool:
    return source == path or source.startswith(path.rstrip(os.sep) + os.sep)


# -- writing -------------------------------------------------------------------------------------


@contextmanager
def _writer(settings: Settings):
    """The engine to write with, under the index's write lock (tantivy), like `vanban index`."""
    from indexer.engines import open_engine

    if settings.engine != "tantivy":
        engine = open_engine(settings, create=True)
        try:
            yield engine
        finally:
            engine.close()
        return
    index_dir = Path(settings.index_dir)
    with store.write_lock(index_dir):
        target = store.ensure_index_dir(index_dir)
        engine = open_engine(settings, create=True, index_dir=str(target))
        try:
            yield engine
        finally:
            engine.close()


def files_on_disk(paths: list[str]) -> set[str]:
    """The sources indexing `paths` now would record: the pipeline's own walk and its spelling of
    names (a file name that is not UTF-8 is recorded with its bad bytes shown as \\xNN)."""
    from indexer.model import safe_source
    from indexer.pipeline import iter_files

    return {safe_source(str(f)) for f in iter_files([Path(p) for p in paths if os.path.lexists(p)])}


def remove_missing(paths: list[str], settings: Settings, log: Log) -> int:
    """Remove indexed documents whose source file lies at or under `paths` and is gone from disk."""
    removed = 0
    present = files_on_disk(paths)
    with _writer(settings) as engine:
        ids_by_source = engine.ids_by_source()
        gone = {
            source: ids
            for source, ids in ids_by_source.items()
            if any(_under(source, safe_p) for safe_p in _safe(paths)) and source not in present
        }
        for ids in gone.values():
            removed += engine.delete(ids)
        if gone:
            engine.commit()
    for source, ids in sorted(gone.items()):  # logged once committed
        log({"event": "removed", "path": source, "documents": len(ids)})
    return removed


def reconcile(paths: list[str], settings: Settings, options: WatchOptions, log: Log) -> dict:
    """Bring the index in line with `paths` (files or folders) as they are now on disk."""
    started = time.perf_counter()
    existing = [p for p in paths if os.path.lexists(p)]
    results: list = []
    summary = {"indexed": 0, "unchanged": 0, "failed": 0, "removed": 0, "documents": 0}
    if existing:
        report = index_incremental(
            [Path(p) for p in existing],
            settings,
            workers=options.workers,
            progress=lambda result, _report: results.append(result),
        )
        # logged after index_incremental returned, i.e. after its commit: a line means it is searchable
        for result in results:
            if getattr(result, "unchanged", False):
                continue  # not a change: the summary counts it
            if result.failure:
                log({"event": "failed", "path": result.path, "reason": result.failure})
            else:
                ids = [d.id for d in result.documents]
                log({"event": "indexed", "path": result.path, "documents": len(ids), "ids": ids})
        summary.update(
            indexed=report.files_indexed,
            unchanged=report.files_unchanged,
            failed=len(report.files_failed),
            documents=report.documents,
        )
    summary["removed"] = remove_missing(paths, settings, log)
    summary["seconds"] = round(time.perf_counter() - started, 3)
    return summary


# -- observing -----------------------------------------------------------------------------------


def start_observer(roots: Roots, queue: ChangeQueue, options: WatchOptions, log: Log):
    """A running watchdog observer feeding `queue`; inotify unless polling was asked or inotify fails."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type not in ("created", "modified", "deleted", "moved", "closed"):
                return
            if event.is_directory and event.event_type in ("modified", "closed"):
                return  # a folder is "modified" whenever a file in it changes: the file's event tells
            paths = [event.src_path] + ([event.dest_path] if event.event_type == "moved" else [])
            mapped = [roots.user_path(os.fsdecode(p)) for p in paths]
            queue.add(p for p in mapped if p)

    def schedule(observer):
        for absolute in roots.absolute:
            observer.schedule(Handler(), absolute, recursive=True)
        observer.start()
        return observer

    if not options.poll:
        try:
            return schedule(Observer()), "native"
        except OSError as exc:  # inotify watch or instance limits reached
            log({"event": "fallback", "observer": "polling", "reason": str(exc)})
    return schedule(PollingObserver(timeout=options.poll_interval)), "polling"


def watch(
    roots: Iterable[Path | str],
    settings: Settings,
    options: WatchOptions = WatchOptions(),
    log: Log | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Run until SIGTERM/SIGINT (or `stop` is set). Returns the exit code (0)."""
    log = log or json_log()
    stop = stop or threading.Event()
    index_dir = Path(settings.index_dir)
    watched = Roots(roots, exclude=[index_dir, store.versions_dir(index_dir), f"{index_dir}.lock"])
    _install_signals(stop)
    queue = ChangeQueue(options.debounce, options.max_wait)
    # observe first, then catch up: a change made during the catch-up is queued, not missed
    observer, kind = start_observer(watched, queue, options, log)
    log({"event": "start", "roots": [str(r) for r in watched.given], "observer": kind})
    try:
        pending = [str(r) for r in watched.given]
        summary = _run_batch(pending, settings, options, log, stop, queue)
        log({"event": "ready", "catch_up": summary})
        while not stop.is_set():
            batch = queue.wait_batch(stop)
            if batch:
                _run_batch(batch, settings, options, log, stop, queue)
    finally:
        observer.stop()
        observer.join(timeout=10)
    log({"event": "stop", "pending": len(queue.take())})
    return 0


def _run_batch(paths, settings, options, log, stop, queue) -> dict | None:
    """Reconcile one batch; when another writer holds the lock, give the paths back to the queue."""
    log({"event": "batch", "paths": len(paths)})
    try:
        summary = reconcile(paths, settings, options, log)
    except IndexBusy as exc:
        log({"event": "busy", "retry_in": options.busy_retry, "message": str(exc)})
        queue.add(paths)
        stop.wait(options.busy_retry)
        return None
    log({"event": "batch-done", **summary})
    return summary


def _install_signals(stop: threading.Event) -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers; a caller in a thread stops us with `stop`

    def handler(signum, _frame):
        # no logging here: the main thread may be inside a write to the same stream
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
