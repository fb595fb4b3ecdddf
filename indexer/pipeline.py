"""The indexing pipeline: files → text → documents → analysis → engine.

Reading, parsing and analysis (word segmentation dominates the cost) run in worker processes;
the engine is written from the main process only (tantivy allows one writer). A file that fails is
reported with its path and reason and the rest of the batch goes in.
"""

from __future__ import annotations

import functools
import gc
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from indexer.analysis import DocumentAnalysis, analyze_document
from indexer.budget import FileBudget
from indexer.errors import SourceError, VanbanError
from indexer.extract_cache import ExtractCache, cache_path, raw_digest
from indexer.model import GIVEN, Document, content_hash, document_id, safe_source
from indexer.settings import Settings
from indexer.sources.detect import check_path
from indexer.workers import GC_THRESHOLD, WorkerPool

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
    unchanged: bool = False  # its text is what the index already holds
    read: bool = False  # its content was extracted in this run (what incremental runs avoid)


_MORE_PROBLEMS = re.compile(r"\.\.\. and (\d+) more problems$")


@dataclass
class PipelineReport:
    files_seen: int = 0
    files_indexed: int = 0
    files_unchanged: int = 0
    files_read: int = 0  # files whose content was extracted (unchanged ones are skipped unread)
    files_failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    documents: int = 0
    clauses: int = 0
    deleted: int = 0
    repaired: list[tuple[str, str]] = field(default_factory=list)  # (path, warning)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    # (path, reason) of records of a producer file (jsonl) that were not indexed: a lost document
    # each, so the run is not ok although the file itself was read
    records_skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.files_failed and not self.records_skipped

    @property
    def skipped_count(self) -> int:
        """Records not indexed; a long list is reported capped ('... and 412 more problems')."""
        more = (_MORE_PROBLEMS.match(reason) for _, reason in self.records_skipped)
        return sum(int(m.group(1)) if m else 1 for m in more)

    def summary(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (
            f"indexed {self.documents} documents ({self.clauses} clauses) from {self.files_indexed} files; "
            f"{self.files_unchanged} unchanged, {len(self.files_failed)} failed, "
            + (f"{self.skipped_count} records skipped, " if self.records_skipped else "")
            + f"{len(self.repaired)} repaired, {self.deleted} removed; "
            + f"{self.seconds:.1f}s ({rate:.0f} docs/s)"
        )


@dataclass(frozen=True)
class ReadOptions:
    ocr: bool = False
    max_bytes: int = 20 * 1024 * 1024
    # Text of one document: the writer holds ~170 bytes per character while tantivy takes a document
    # in (its tokens), so an 8 MB text cost the main process 1.8 GB; beyond this, split the file.
    max_text_chars: int = 6 * 1024 * 1024


def _too_long(records, limit: int) -> str:
    longest = max((len(r.text) for r in records), default=0)
    if longest <= limit:
        return ""
    mb = 1024 * 1024
    return f"text too long for one document: {longest / mb:.1f} M characters (limit {limit / mb:g} M)"


def record_documents(record) -> list[Document]:
    """One SourceText → Documents; producer-given metadata (jsonl) wins over what the parser infers."""
    from indexer.parse import parse_documents

    source = safe_source(record.path)
    parsed = parse_documents(record.text, source)
    given = dict(getattr(record, "metadata", {}) or {})
    if given:
        # one producer record is one document, whatever the parser thought it held
        doc = parsed[0] if len(parsed) == 1 else Document(text=record.text, source=source)
        _apply_given_metadata(doc, given)
        parsed = [doc]
    for doc in parsed:
        doc.source = source
        doc.warnings = list(dict.fromkeys(doc.warnings + list(record.warnings)))
        if not doc.id:
            doc.id = document_id(source, doc.text, doc.part)
    return parsed


_GIVEN_FIELDS = ("title", "number", "doc_type", "issuer", "issued", "province", "signer", "url")


def _apply_given_metadata(doc: Document, given: dict) -> None:
    from analyzers.numbers import number_key

    for name in _GIVEN_FIELDS:
        value = given.get(name)
        if value:
            setattr(doc, name, str(value))
            doc.provenance[name] = GIVEN
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
    result = FileResult(path=safe_source(path), file_hash=digest)
    try:
        for record in records:
            result.warnings.extend(record.warnings)
            result.errors.extend(getattr(record, "errors", []) or [])
            for doc in record_documents(record):
                doc.content_hash = digest
                result.documents.append(doc)
        result.analyses = [analyze_document(doc, segmenter) for doc in result.documents]
        result.copy_keys = _copy_keys(result.documents)
    except MemoryError:
        raise  # the per-file budget's verdict, reported by the worker pool
    except VanbanError as exc:
        result.failure = str(exc)
    except Exception as exc:  # a parser bug on one file must not sink the batch
        result.failure = f"internal error while parsing: {type(exc).__name__}: {exc}"
    return result


def _serialise(result: FileResult) -> None:
    """Stamp and serialise each document's stored form here, in the worker: the writing process is
    the pipeline's one serial stage, and this was a twentieth of its work."""
    from indexer.engines.common import stamp_indexed

    for doc, analysis in zip(result.documents, result.analyses, strict=True):
        stamp_indexed(doc)
        analysis.stored = doc.stored_json().encode()


def read_file(path: str, options: ReadOptions = ReadOptions()):
    """(records, hash) or raises SourceError."""
    from indexer.sources import read_source

    records = read_source(Path(path), ocr=options.ocr, max_bytes=options.max_bytes)
    return records, file_hash(records)


def process_file(
    path: str, segmenter: str, options: ReadOptions = ReadOptions(), known_digest: str = ""
) -> FileResult:
    """Read, parse and analyse one file. Runs in a worker process; never raises for bad input.
    When the text's hash is `known_digest` (already indexed), stops after reading: `unchanged`."""
    try:
        records, digest = read_file(path, options)
    except MemoryError:
        raise
    except SourceError as exc:
        return FileResult(path=safe_source(path), failure=exc.reason)
    except Exception as exc:
        reason = f"internal error while reading: {type(exc).__name__}: {exc}"
        return FileResult(path=safe_source(path), failure=reason)
    if known_digest and digest == known_digest:
        return FileResult(path=safe_source(path), file_hash=digest, unchanged=True, read=True)
    too_long = _too_long(records, options.max_text_chars)
    if too_long:
        return FileResult(path=safe_source(path), failure=too_long, read=True)
    result = process_records(path, digest, records, segmenter)
    result.read = True
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
    known_digest: str = ""  # the text hash indexed for this path: the worker stops if it still holds
    raw: str | None = None  # the raw bytes' cache key (indexer.extract_cache)


def _run_task(task: _Task, segmenter: str, options: ReadOptions) -> FileResult:
    result = _task_result(task, segmenter, options)
    if result.documents:
        _serialise(result)  # for the writer of this run, which forgets it for documents it changes
    return result


def _task_result(task: _Task, segmenter: str, options: ReadOptions) -> FileResult:
    if task.records is None:
        return process_file(task.path, segmenter, options, task.known_digest)
    # producer records: a record too long costs itself only
    limit = options.max_text_chars
    fitting = [r for r in task.records if len(r.text) <= limit]
    if not fitting:
        return FileResult(path=safe_source(task.path), failure=_too_long(task.records, limit))
    result = process_records(task.path, task.digest, fitting, segmenter)
    for record in task.records:
        if len(record.text) > limit:
            where = f"line {record.line}: " if getattr(record, "line", None) else ""
            result.errors.append(where + _too_long([record], limit))
    return result


def _warm_worker(segmenter: str) -> None:
    """Load the parser, the analysis chain and the segmenter's model once per worker."""
    process_records("warmup", "", [_WarmupRecord()], segmenter)


@dataclass
class _WarmupRecord:
    path: str = "warmup"
    text: str = "ỦY BAN NHÂN DÂN\nSố: 1/UBND-VX\nV/v thử\n1. Thực hiện nghiêm."
    warnings: tuple = ()


def _failed_task(task: _Task, reason: str) -> FileResult:
    return FileResult(path=safe_source(task.path), failure=reason)


def process_tasks(
    tasks: Iterable[_Task],
    segmenter: str,
    workers: int,
    options: ReadOptions,
    on_result: Callable[[_Task, FileResult], None],
    budget: FileBudget | None = None,
    on_idle: Callable[[], None] | None = None,
) -> None:
    """Every task runs in a worker process, even with one worker: a file that hangs or swells costs
    its worker (killed by the per-file budget, replaced) and never the writer holding the lock."""
    run = functools.partial(_run_task, segmenter=segmenter, options=options)
    warmup = functools.partial(_warm_worker, segmenter)
    with WorkerPool(workers, run, _failed_task, budget or FileBudget(), warmup) as pool:
        for task, result in pool.map(tasks, on_idle):
            on_result(task, result)


@contextmanager
def _quiet_gc_while():
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


class _Writer:
    """The main process's half: results into the engine, in order, committed in bounded slices.

    Documents go to the engine as soon as a worker hands them over, so that writing overlaps parsing;
    copies are grouped per batch at commit time and the few documents that grouping changes are
    written again (engine.add replaces a document by id). A commit happens every `commit_every`
    documents or `commit_seconds`, whichever first, so a kill loses a bounded slice of the run.
    """

    def __init__(self, engine, report, ids_by_source, cache, progress, commit_every, commit_seconds):
        self.engine = engine
        self.report = report
        self.ids_by_source = ids_by_source
        self.cache = cache
        self.progress = progress
        self.commit_every = commit_every
        self.commit_seconds = commit_seconds
        # which file holds each id: a producer id given by two files is kept by the first, reported
        # for the other, the same way on every run
        self.owners = {doc_id: source for source, ids in ids_by_source.items() for doc_id in ids}
        self.docs: list[Document] = []
        self.analyses: list[DocumentAnalysis] = []
        self.keys: list = []
        self.last_commit = time.monotonic()
        self.pending = False  # documents written since the last commit

    def flush(self) -> None:
        if self.docs:
            changed = {id(doc) for doc in _group_copies(self.docs, self.keys)}
            if changed:
                pairs = [(d, a) for d, a in zip(self.docs, self.analyses, strict=True) if id(d) in changed]
                for _, analysis in pairs:
                    analysis.stored = b""  # grouping changed the document: serialised again
                added = self.engine.add([d for d, _ in pairs], [a for _, a in pairs])
                self.report.files_failed.extend(added.errors)
            self.engine.commit()
            self.docs.clear()
            self.analyses.clear()
            self.keys.clear()
        self.cache.commit()
        self.pending = False
        self.last_commit = time.monotonic()

    def on_result(self, task: _Task, result: FileResult) -> None:
        report = self.report
        report.files_read += result.read
        if result.unchanged:
            report.files_unchanged += 1
            self.cache.remember(task.raw, result.file_hash)
        elif result.failure:
            report.files_failed.append((result.path, result.failure))
        else:
            self.cache.remember(task.raw, result.file_hash)
            self._write(task, result)
        if self.progress:
            self.progress(result, report)
        if len(self.docs) >= self.commit_every:
            self.flush()
        else:
            self.tick()

    def tick(self) -> None:
        """Commit what was written once `commit_seconds` passed, even while a slow file is being read.
        A checkpoint: the batch stays open, so copies are still grouped over all of it at flush()."""
        if self.pending and time.monotonic() - self.last_commit >= self.commit_seconds:
            self.engine.commit()
            self.cache.commit()
            self.pending = False
            self.last_commit = time.monotonic()

    def _write(self, task: _Task, result: FileResult) -> None:
        report = self.report
        if task.first:
            stale = self.ids_by_source.get(result.path, [])
            if stale:
                report.deleted += self.engine.delete(stale)
                for doc_id in stale:
                    if self.owners.get(doc_id) == result.path:
                        del self.owners[doc_id]
            report.files_indexed += 1
        docs, analyses, keys = self._unclaimed(result)
        added = self.engine.add(docs, analyses)
        for analysis in analyses:
            analysis.stored = b""  # used once: the batch is held until commit, and may change by then
        self.pending = True
        report.clauses += added.clauses
        report.files_failed.extend(added.errors)
        self.docs.extend(docs)
        self.analyses.extend(analyses)
        self.keys.extend(keys)
        report.documents += len(docs)
        for warning in result.warnings:
            bucket = report.repaired if warning.startswith("repaired") else report.warnings
            bucket.append((result.path, warning))
        for error in result.errors:
            report.records_skipped.append((result.path, error))

    def _unclaimed(self, result: FileResult):
        """The result's documents minus those whose id another file already holds (reported)."""
        keep_docs, keep_analyses, keep_keys = [], [], []
        for doc, analysis, key in zip(result.documents, result.analyses, result.copy_keys, strict=True):
            owner = self.owners.setdefault(doc.id, result.path)
            if owner != result.path:
                reason = f'document id "{doc.id}" is already used by {owner}; this record was skipped'
                self.report.files_failed.append((result.path, reason))
                continue
            keep_docs.append(doc)
            keep_analyses.append(analysis)
            keep_keys.append(key)
        return keep_docs, keep_analyses, keep_keys


MAX_PRODUCER_BYTES = 1 << 62  # no size limit on the file itself (see _producer_tasks)


def _plan_tasks(files: list[str], known: dict, force: bool, options: ReadOptions, cache, writer):
    """The tasks of a run: files whose raw bytes gave an indexed text hash are skipped unread;
    producer files (jsonl) are read here and split, so one big file still uses every core."""
    for path in files:
        producer = path.lower().endswith(".jsonl")
        try:  # missing, empty, too large, not a regular file: said without starting a worker
            # a producer file streams record by record: --max-file-mb limits each record, not the file
            check_path(Path(path), MAX_PRODUCER_BYTES if producer else options.max_bytes)
        except SourceError as exc:
            writer.on_result(_Task(path), FileResult(path=safe_source(path), failure=exc.reason))
            continue
        raw = raw_digest(path, options.ocr)
        source = safe_source(path)
        indexed = "" if force else known.get(source, "")
        if indexed and cache.text_hash(raw) == indexed:
            writer.on_result(_Task(path), FileResult(path=source, file_hash=indexed, unchanged=True))
            continue
        if not producer:
            yield _Task(path, known_digest=indexed, raw=raw)
            continue
        yield from _producer_tasks(path, source, indexed, raw, options, writer)


def _producer_tasks(path: str, source: str, indexed: str, raw, options: ReadOptions, writer):
    """A jsonl file streamed twice, its records' hash first, then its records in chunks: memory holds
    a few chunks whatever the file's size. `max_bytes` (--max-file-mb) limits each record here."""
    from indexer.sources.jsonl import capped, check_jsonl, stream_jsonl, text_digest

    try:
        check_jsonl(Path(path))
        digest = text_digest(Path(path), options.max_bytes)
    except SourceError as exc:
        writer.on_result(_Task(path), FileResult(path=source, failure=exc.reason))
        return
    writer.report.files_read += 1
    if indexed and indexed == digest:
        writer.on_result(_Task(path, raw=raw), FileResult(path=source, file_hash=digest, unchanged=True))
        return
    chunk: list = []
    problems: list[str] = []
    first = True
    for item in stream_jsonl(Path(path), options.max_bytes):
        if isinstance(item, str):
            problems.append(item)
            continue
        chunk.append(item)
        if len(chunk) == RECORDS_PER_TASK:
            chunk[0].errors.extend(capped(problems))  # a chunk reports the problems read with it
            yield _Task(path, digest, chunk, first=first, raw=raw if first else None)
            chunk, problems, first = [], [], False
    if chunk:
        chunk[0].errors.extend(capped(problems))
        yield _Task(path, digest, chunk, first=first, raw=raw if first else None)
    elif problems:  # bad lines after the last record: reported without a record to carry them
        writer.on_result(_Task(path, first=False), FileResult(path=source, file_hash=digest, errors=problems))


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
    commit_seconds: float | None = None,
    options: ReadOptions | None = None,
    budget: FileBudget | None = None,
) -> PipelineReport:
    """Incrementally index files into `engine`: unchanged files are skipped, changed ones replaced."""
    started = time.perf_counter()
    options = options or ReadOptions(ocr=settings.ocr, max_bytes=settings.max_file_mb * 1024 * 1024)
    budget = budget or FileBudget(cpu_seconds=settings.file_seconds, memory_mb=settings.file_memory_mb)
    commit_seconds = settings.commit_seconds if commit_seconds is None else commit_seconds
    report = PipelineReport()
    paths = [Path(p) for p in paths]
    all_files = [str(p) for p in iter_files(paths)]
    report.files_seen = len(all_files)
    known = {} if force else engine.known_hashes()
    ids_by_source = _ids_by_source(engine)
    cache = ExtractCache(cache_path(settings.index_dir))
    cache.add_roots(safe_source(os.path.realpath(p)) for p in paths)
    writer = _Writer(engine, report, ids_by_source, cache, progress, commit_every, commit_seconds)
    units = sum(1 if not p.lower().endswith(".jsonl") else MIN_FILES_FOR_WORKERS for p in all_files)
    try:
        with _quiet_gc_while():
            process_tasks(
                _plan_tasks(all_files, known, force, options, cache, writer),
                settings.segmenter,
                _worker_count(settings, units, workers),
                options,
                writer.on_result,
                budget,
                writer.tick,
            )
            writer.flush()
    finally:
        cache.close()
    if prune:
        _prune(engine, report, ids_by_source, {safe_source(p) for p in all_files})
    report.seconds = time.perf_counter() - started
    return report


def _prune(engine, report: PipelineReport, ids_by_source: dict, seen: set[str]) -> None:
    gone = [doc_id for source, ids in ids_by_source.items() if source not in seen for doc_id in ids]
    if gone:
        report.deleted += engine.delete(gone)
        engine.commit()


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
