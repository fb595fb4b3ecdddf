"""The indexing pipeline: files → text → documents → analysis → engine.

Reading, parsing and analysis (word segmentation dominates the cost) run in worker processes;
the engine is written from the main process only (tantivy allows one writer). A file that fails is
reported with its path and reason and the rest of the batch goes in.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from indexer.analysis import DocumentAnalysis, analyze_document
from indexer.errors import SourceError, VanbanError
from indexer.model import Document, content_hash, document_id
from indexer.settings import Settings

# Below this many files, worker start-up (model loading per process) costs more than it saves.
MIN_FILES_FOR_WORKERS = 16


@dataclass
class FileResult:
    path: str
    file_hash: str = ""
    documents: list[Document] = field(default_factory=list)
    analyses: list[DocumentAnalysis] = field(default_factory=list)
    copy_keys: list = field(default_factory=list)  # indexer.parse.copies.CopyKey per document
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # per-record errors that did not stop the file
    failure: str = ""  # the reason the whole file was rejected


@dataclass
class PipelineReport:
    files_seen: int = 0
    files_indexed: int = 0
    files_unchanged: int = 0
    files_failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    documents: int = 0
    clauses: int = 0
    deleted: int = 0
    repaired: list[tuple[str, str]] = field(default_factory=list)  # (path, warning)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.files_failed

    def summary(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (
            f"indexed {self.documents} documents ({self.clauses} clauses) from {self.files_indexed} files; "
            f"{self.files_unchanged} unchanged, {len(self.files_failed)} failed, "
            f"{len(self.repaired)} repaired, {self.deleted} removed; {self.seconds:.1f}s ({rate:.0f} docs/s)"
        )


@dataclass(frozen=True)
class ReadOptions:
    ocr: bool = False
    max_bytes: int = 20 * 1024 * 1024


def record_documents(record) -> list[Document]:
    """One SourceText → Documents; producer-given metadata (jsonl) wins over what the parser infers."""
    from indexer.parse import parse_documents

    parsed = parse_documents(record.text, record.path)
    given = dict(getattr(record, "metadata", {}) or {})
    if given:
        # one producer record is one document, whatever the parser thought it held
        doc = parsed[0] if len(parsed) == 1 else Document(text=record.text, source=record.path)
        _apply_given_metadata(doc, given)
        parsed = [doc]
    for doc in parsed:
        doc.source = record.path
        doc.warnings = list(dict.fromkeys(doc.warnings + list(record.warnings)))
        if not doc.id:
            doc.id = document_id(record.path, doc.text, doc.part)
    return parsed


_GIVEN_FIELDS = ("title", "number", "doc_type", "issuer", "issued", "province", "signer", "url")


def _apply_given_metadata(doc: Document, given: dict) -> None:
    from analyzers.numbers import number_key

    for name in _GIVEN_FIELDS:
        value = given.get(name)
        if value:
            setattr(doc, name, str(value))
            doc.provenance[name] = "given"
    if given.get("number"):
        doc.number_key = number_key(str(given["number"]))
    if given.get("issued"):
        issued = str(given["issued"])
        doc.issued_precision = {10: "day", 7: "month", 4: "year"}.get(len(issued), "unknown")
    if given.get("province") and not given.get("province_current"):
        try:
            from indexer.parse.gazetteer import current_province

            doc.province_current = current_province(doc.province) or doc.province_current
        except ImportError:
            pass
    if given.get("id"):
        doc.id = str(given["id"])


def file_hash(records) -> str:
    return content_hash("\x1e".join(r.text for r in records))


def process_records(path: str, digest: str, records, segmenter: str) -> FileResult:
    """Parse and analyse records already read from one file. Never raises for bad input."""
    result = FileResult(path=path, file_hash=digest)
    try:
        for record in records:
            result.warnings.extend(record.warnings)
            result.errors.extend(getattr(record, "errors", []) or [])
            for doc in record_documents(record):
                doc.content_hash = digest
                result.documents.append(doc)
        result.analyses = [analyze_document(doc, segmenter) for doc in result.documents]
        result.copy_keys = _copy_keys(result.documents)
    except VanbanError as exc:
        result.failure = str(exc)
    except Exception as exc:  # a parser bug on one file must not sink the batch
        result.failure = f"internal error while parsing: {type(exc).__name__}: {exc}"
    return result


def read_file(path: str, options: ReadOptions = ReadOptions()):
    """(records, hash) or raises SourceError."""
    from indexer.sources import read_source

    records = read_source(Path(path), ocr=options.ocr, max_bytes=options.max_bytes)
    return records, file_hash(records)


def process_file(path: str, segmenter: str, options: ReadOptions = ReadOptions()) -> FileResult:
    """Read, parse and analyse one file. Runs in a worker process; never raises for bad input."""
    try:
        records, digest = read_file(path, options)
    except SourceError as exc:
        return FileResult(path=path, failure=exc.reason)
    except Exception as exc:
        return FileResult(path=path, failure=f"internal error while reading: {type(exc).__name__}: {exc}")
    result = process_records(path, digest, records, segmenter)
    if not result.failure and not result.documents:
        result.failure = "no document found in the text"
    return result


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    from indexer import sources

    walker = getattr(sources, "iter_source_files", None)
    if walker is not None:
        yield from walker(list(paths))
        return
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def _worker_count(settings: Settings, units: int, workers: int | None) -> int:
    wanted = workers if workers is not None else settings.workers
    if not wanted:
        wanted = os.cpu_count() or 1
    return 1 if units < MIN_FILES_FOR_WORKERS else max(1, min(wanted, units))


# Producer files (jsonl) hold thousands of documents: their records are spread over the workers in
# chunks of this many, so one big file still uses every core.
RECORDS_PER_TASK = 64


@dataclass
class _Task:
    path: str
    digest: str = ""
    records: list | None = None  # None: the worker reads the file itself
    first: bool = True  # the first task of its file (file-level accounting happens once)


def _run_task(task: _Task, segmenter: str, options: ReadOptions) -> FileResult:
    if task.records is None:
        return process_file(task.path, segmenter, options)
    return process_records(task.path, task.digest, task.records, segmenter)


def process_tasks(
    tasks: Iterable[_Task],
    n_tasks: int,
    segmenter: str,
    workers: int,
    options: ReadOptions,
    on_result: Callable[[_Task, FileResult], None],
) -> None:
    if workers <= 1:
        for task in tasks:
            on_result(task, _run_task(task, segmenter, options))
        return
    # spawn, not fork: the parent may hold tantivy threads and loaded models
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("spawn"), initializer=_quiet_gc
    ) as pool:
        window: list = []
        for task in tasks:
            window.append((task, pool.submit(_run_task, task, segmenter, options)))
            if len(window) >= workers * 4:  # bounded: results are consumed in order as they come
                done_task, future = window.pop(0)
                on_result(done_task, future.result())
        for done_task, future in window:
            on_result(done_task, future.result())


# Parsing and writing allocate millions of short-lived containers and make no garbage cycles worth
# hunting: at the default gen-0 threshold (700) the cyclic collector took ~10% of the time.
GC_THRESHOLD = (50_000, 20, 100)


def _quiet_gc() -> None:
    gc.set_threshold(*GC_THRESHOLD)


@contextmanager
def _quiet_gc_while():
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def index_paths(
    paths: Iterable[Path | str],
    engine,
    settings: Settings,
    *,
    prune: bool = False,
    force: bool = False,
    workers: int | None = None,
    progress: Callable[[FileResult, PipelineReport], None] | None = None,
    commit_every: int = 5000,
    options: ReadOptions | None = None,
) -> PipelineReport:
    """Incrementally index files into `engine`: unchanged files are skipped, changed ones replaced."""
    started = time.perf_counter()
    options = options or ReadOptions(ocr=settings.ocr, max_bytes=settings.max_file_mb * 1024 * 1024)
    report = PipelineReport()
    roots = [Path(p) for p in paths]
    all_files = [str(p) for p in iter_files(roots)]
    report.files_seen = len(all_files)
    known = {} if force else engine.known_hashes()
    ids_by_source = _ids_by_source(engine) if (known or prune) else {}
    # Documents go to the engine as soon as a worker hands them over, so that writing overlaps parsing;
    # copies are grouped per batch at commit time and the few documents that grouping changes are
    # written again (engine.add replaces a document by id).
    batch_docs: list[Document] = []
    batch_analyses: list[DocumentAnalysis] = []
    batch_keys: list = []

    def flush() -> None:
        if not batch_docs:
            return
        changed = {id(doc) for doc in _group_copies(batch_docs, batch_keys)}
        if changed:
            pairs = [(d, a) for d, a in zip(batch_docs, batch_analyses, strict=True) if id(d) in changed]
            report.files_failed.extend(engine.add([d for d, _ in pairs], [a for _, a in pairs]).errors)
        engine.commit()
        batch_docs.clear()
        batch_analyses.clear()
        batch_keys.clear()

    def on_result(task: _Task, result: FileResult) -> None:
        if result.failure:
            report.files_failed.append((result.path, result.failure))
        else:
            if task.first:
                stale = ids_by_source.get(result.path, [])
                if stale:
                    report.deleted += engine.delete(stale)
                report.files_indexed += 1
            added = engine.add(result.documents, result.analyses)
            report.clauses += added.clauses
            report.files_failed.extend(added.errors)
            batch_docs.extend(result.documents)
            batch_analyses.extend(result.analyses)
            batch_keys.extend(result.copy_keys)
            report.documents += len(result.documents)
            for warning in result.warnings:
                bucket = report.repaired if warning.startswith("repaired") else report.warnings
                bucket.append((result.path, warning))
            for error in result.errors:
                report.warnings.append((result.path, error))
        if progress:
            progress(result, report)
        if len(batch_docs) >= commit_every:
            flush()

    def tasks():
        for path in all_files:
            if not path.lower().endswith(".jsonl") and not known:
                yield _Task(path)
                continue
            # read in the parent: to compare hashes before any parsing, and to split producer files
            try:
                records, digest = read_file(path, options)
            except SourceError as exc:
                on_result(_Task(path), FileResult(path=path, failure=exc.reason))
                continue
            if not force and known.get(path) == digest:
                report.files_unchanged += 1
                continue
            if len(records) <= RECORDS_PER_TASK:
                yield _Task(path, digest, records)
                continue
            for n in range(0, len(records), RECORDS_PER_TASK):
                yield _Task(path, digest, records[n : n + RECORDS_PER_TASK], first=n == 0)

    units = sum(1 if not p.lower().endswith(".jsonl") else MIN_FILES_FOR_WORKERS for p in all_files)
    with _quiet_gc_while():
        process_tasks(
            tasks(),
            len(all_files),
            settings.segmenter,
            _worker_count(settings, units, workers),
            options,
            on_result,
        )
        flush()
    if prune:
        seen = set(all_files)
        gone = [doc_id for source, ids in ids_by_source.items() if source not in seen for doc_id in ids]
        if gone:
            report.deleted += engine.delete(gone)
            engine.commit()
    report.seconds = time.perf_counter() - started
    return report


def _ids_by_source(engine) -> dict[str, list[str]]:
    getter = getattr(engine, "ids_by_source", None)
    return getter() if getter else {}


def _copy_keys(documents: list[Document]) -> list:
    from indexer.parse.copies import copy_key

    return [copy_key(doc) for doc in documents]


def _group_copies(documents: list[Document], keys: list) -> list[Document]:
    """The documents whose copy marks or inherited metadata changed."""
    from indexer.parse.copies import group_copies

    return group_copies(documents, keys)
