"""The indexing pipeline: files → text → documents → analysis → engine.

Reading, parsing and analysis (word segmentation dominates the cost) run in worker processes;
the engine is written from the main process only (tantivy allows one writer). A file that fails is
reported with its path and reason and the rest of the batch goes in.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
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


def _records_to_documents(source_path: str, records) -> list[Document]:
    """One SourceText → Documents; producer-given metadata (jsonl) wins over what the parser infers."""
    from indexer.parse import parse_documents

    documents: list[Document] = []
    for record in records:
        parsed = parse_documents(record.text, record.path)
        given = dict(getattr(record, "metadata", {}) or {})
        if given:
            # one producer record is one document, whatever the parser thought it held
            doc = parsed[0] if len(parsed) == 1 else Document(text=record.text, source=record.path)
            _apply_given_metadata(doc, given)
            parsed = [doc]
        documents.extend(parsed)
    return documents


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


def process_file(path: str, segmenter: str) -> FileResult:
    """Read, parse and analyse one file. Runs in a worker process; never raises for bad input."""
    from indexer.sources import read_source

    result = FileResult(path=path)
    try:
        records = read_source(Path(path))
        result.file_hash = content_hash("\x1e".join(r.text for r in records))
        for record in records:
            result.warnings.extend(record.warnings)
            result.errors.extend(getattr(record, "errors", []) or [])
        result.documents = _records_to_documents(path, records)
        if not result.documents:
            result.failure = "no document found in the text"
        for doc in result.documents:
            doc.content_hash = result.file_hash
            doc.source = path
            doc.warnings = list(dict.fromkeys(doc.warnings + result.warnings))
            if not doc.id:
                doc.id = document_id(path, doc.text, doc.part)
        result.analyses = [analyze_document(doc, segmenter) for doc in result.documents]
    except SourceError as exc:
        result.failure = exc.reason
    except VanbanError as exc:
        result.failure = str(exc)
    except Exception as exc:  # a parser bug on one file must not sink the batch
        result.failure = f"internal error while reading: {type(exc).__name__}: {exc}"
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


def _worker_count(settings: Settings, n_files: int, workers: int | None) -> int:
    wanted = workers if workers is not None else settings.workers
    if not wanted:
        wanted = os.cpu_count() or 1
    return 1 if n_files < MIN_FILES_FOR_WORKERS else max(1, min(wanted, n_files))


def process_files(
    files: list[str], segmenter: str, workers: int, on_result: Callable[[FileResult], None]
) -> None:
    if workers <= 1:
        for path in files:
            on_result(process_file(path, segmenter))
        return
    # spawn, not fork: the parent may hold tantivy threads and loaded models
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        chunk = max(1, min(64, len(files) // (workers * 8) or 1))
        for result in pool.map(process_file, files, [segmenter] * len(files), chunksize=chunk):
            on_result(result)


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
) -> PipelineReport:
    """Incrementally index files into `engine`: unchanged files are skipped, changed ones replaced."""
    started = time.perf_counter()
    report = PipelineReport()
    roots = [Path(p) for p in paths]
    all_files = [str(p) for p in iter_files(roots)]
    report.files_seen = len(all_files)
    known = {} if force else engine.known_hashes()
    ids_by_source = _ids_by_source(engine) if (known or prune) else {}
    batch_docs: list[Document] = []
    batch_analyses: list[DocumentAnalysis] = []
    pending = {"docs": 0}

    def flush() -> None:
        if not batch_docs:
            return
        _group_copies(batch_docs, engine)
        added = engine.add(batch_docs, batch_analyses)
        report.clauses += added.clauses
        report.files_failed.extend(added.errors)
        engine.commit()
        batch_docs.clear()
        batch_analyses.clear()
        pending["docs"] = 0

    def on_result(result: FileResult) -> None:
        if result.failure:
            report.files_failed.append((result.path, result.failure))
        else:
            if known.get(result.path) == result.file_hash and not force:
                report.files_unchanged += 1
            else:
                stale = ids_by_source.get(result.path, [])
                if stale:
                    report.deleted += engine.delete(stale)
                batch_docs.extend(result.documents)
                batch_analyses.extend(result.analyses)
                report.files_indexed += 1
                report.documents += len(result.documents)
                pending["docs"] += len(result.documents)
            for warning in result.warnings:
                bucket = report.repaired if warning.startswith("repaired") else report.warnings
                bucket.append((result.path, warning))
            for error in result.errors:
                report.warnings.append((result.path, error))
        if progress:
            progress(result, report)
        if pending["docs"] >= commit_every:
            flush()

    # unchanged files still go through reading (cheap) so that a changed file is never missed;
    # their analysis is skipped by checking the hash first when the file is small enough to matter
    todo = [f for f in all_files if force or not _unchanged_fast(f, known)]
    report.files_unchanged += len(all_files) - len(todo)
    process_files(todo, settings.segmenter, _worker_count(settings, len(todo), workers), on_result)
    flush()
    if prune:
        seen = set(all_files)
        gone = [doc_id for source, ids in ids_by_source.items() if source not in seen for doc_id in ids]
        if gone:
            report.deleted += engine.delete(gone)
            engine.commit()
    report.seconds = time.perf_counter() - started
    return report


def _unchanged_fast(path: str, known: dict[str, str]) -> bool:
    """True when the file's bytes hash to the recorded hash (reading, not parsing)."""
    if path not in known:
        return False
    try:
        from indexer.sources import read_source

        records = read_source(Path(path))
    except Exception:
        return False
    return content_hash("\x1e".join(r.text for r in records)) == known[path]


def _ids_by_source(engine) -> dict[str, list[str]]:
    getter = getattr(engine, "ids_by_source", None)
    return getter() if getter else {}


def _group_copies(documents: list[Document], engine) -> None:
    try:
        from indexer.parse.copies import group_copies
    except ImportError:
        return
    group_copies(documents)
