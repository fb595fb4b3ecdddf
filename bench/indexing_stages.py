"""Where indexing time goes: every stage of the pipeline run one after the other in one process.

CPU time per document (thread time of the stage's own thread; the tantivy indexing thread is the
process time minus the main thread's), so a shared, noisy machine inflates the figures less than
wall time would. The stages are the pipeline's own functions, called the way the pipeline calls
them; the writer's share is split into what Python does (Tokens, tantivy Documents) and what
tantivy's indexing thread does with them.

    python -m bench.indexing_stages SRC_DIR N SEGMENTER   # JSON on stdout (bench_indexing runs it)
"""

from __future__ import annotations

import gc
import json
import pickle
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Table, fmt

# (key, label, where it runs)
STAGES = (
    ("hash", "jsonl: hash of the file's texts (first pass)", "writer"),
    ("read", "jsonl: records (second pass), sent to workers", "writer"),
    ("parse", "parse (structure, metadata, clauses)", "worker"),
    ("analyze", "analysis chain (terms, words)", "worker"),
    ("copy_keys", "copy keys (MinHash)", "worker"),
    ("serialise", "stored form of each document (JSON)", "worker"),
    ("pickle", "pickle results to the writer", "worker"),
    ("unpickle", "unpickle results", "writer"),
    ("writer_python", "writer: fields, payloads, deletes", "writer"),
    ("tokens", "writer: tantivy Tokens", "writer"),
    ("handoff", "writer: Tokens into tantivy Documents, add_document", "writer"),
    ("tantivy", "tantivy indexing thread (and merges)", "writer, own thread"),
    ("commit", "commit", "writer"),
)
BATCH = 64  # records per worker task, as the pipeline sends them (indexer.pipeline.RECORDS_PER_TASK)


class _Clock:
    def __init__(self):
        self.spent: dict[str, float] = {}

    def run(self, key: str, fn):
        gc.collect()
        started = time.thread_time()
        result = fn()
        self.spent[key] = self.spent.get(key, 0.0) + time.thread_time() - started
        return result


def _files(source_dir: Path, limit: int) -> list[Path]:
    """The first jsonl files holding at least `limit` records."""
    files, lines = [], 0
    for path in sorted(source_dir.glob("*.jsonl")):
        files.append(path)
        with path.open("rb") as handle:
            lines += sum(1 for _ in handle)
        if lines >= limit:
            break
    return files


def _read(clock: _Clock, files: list[Path], limit: int) -> list:
    """The files' records, both passes the writing process makes over a producer file (the hash of
    its texts, then the records for the workers), charged for the `limit` records kept."""
    from indexer.sources.jsonl import stream_jsonl, text_digest

    clock.run("hash", lambda: [text_digest(path, 1 << 30) for path in files])
    records = clock.run(
        "read", lambda: [r for p in files for r in stream_jsonl(p, 1 << 30) if not isinstance(r, str)]
    )
    share = min(limit, len(records)) / len(records)
    clock.spent["hash"] *= share
    clock.spent["read"] *= share
    return records[:limit]


def _write(clock: _Clock, results: list, segmenter: str, key: str, patch: dict) -> None:
    """engine.add over the results with some of the engine's token functions replaced: the
    difference between runs is what the replaced parts cost."""
    from indexer.engines import tantivy_engine

    saved = {name: getattr(tantivy_engine, name) for name in patch}
    engine = tantivy_engine.TantivyEngine(tempfile.mkdtemp(prefix="vb-stages-"), segmenter, create=True)
    try:
        for name, value in patch.items():
            setattr(tantivy_engine, name, value)
        process = time.process_time()
        clock.run(key, lambda: [engine.add(r.documents, r.analyses) for r in results])
        clock.spent[key + "_process"] = time.process_time() - process
        process = time.process_time()
        clock.run(key + "_commit", engine.commit)
        clock.spent[key + "_commit_process"] = time.process_time() - process
    finally:
        for name, value in saved.items():
            setattr(tantivy_engine, name, value)
        engine.close()


def measure(source_dir: Path, limit: int, segmenter: str) -> dict:
    import tantivy

    from indexer import pipeline
    from indexer.analysis import analyze_document
    from indexer.workers import GC_THRESHOLD

    gc.set_threshold(*GC_THRESHOLD)
    pipeline._warm_worker(segmenter)
    clock = _Clock()
    records = _read(clock, _files(source_dir, limit), limit)
    docs = clock.run("parse", lambda: [d for r in records for d in pipeline.record_documents(r)])
    analyses = clock.run("analyze", lambda: [analyze_document(d, segmenter) for d in docs])
    keys = clock.run("copy_keys", lambda: pipeline._copy_keys(docs))
    results = [
        pipeline.FileResult("bench", "", docs[i : i + BATCH], analyses[i : i + BATCH], keys[i : i + BATCH])
        for i in range(0, len(docs), BATCH)
    ]
    clock.run("serialise", lambda: [pipeline._serialise(r) for r in results])
    blobs = clock.run("pickle", lambda: [pickle.dumps(r, pickle.HIGHEST_PROTOCOL) for r in results])
    # three writes of fresh copies: without tokens, with Tokens built but not handed over, as is
    empty = tantivy.PreTokenizedString("", [])
    runs = (
        ("w_none", {"_tokens": lambda analysis: [], "_pretokenized": lambda tokens: empty}),
        ("w_tokens", {"_pretokenized": lambda tokens: empty}),
        ("w_all", {}),
    )
    for key, patch in runs:
        copies = clock.run("unpickle", lambda: [pickle.loads(b) for b in blobs])
        _write(clock, copies, segmenter, key, patch)
    return _stages(clock.spent, len(docs), sum(len(d.clauses) for d in docs), sum(map(len, blobs)))


def _stages(spent: dict, documents: int, clauses: int, pickled_bytes: int) -> dict:
    measured_once = ("hash", "read", "parse", "analyze", "copy_keys", "serialise", "pickle")
    stages = {key: spent[key] for key in measured_once}
    stages["unpickle"] = spent["unpickle"] / 3
    stages["writer_python"] = spent["w_none"]
    stages["tokens"] = spent["w_tokens"] - spent["w_none"]
    stages["handoff"] = spent["w_all"] - spent["w_tokens"]
    stages["tantivy"] = spent["w_all_process"] - spent["w_all"]
    stages["commit"] = spent["w_all_commit_process"]
    return {
        "documents": documents,
        "clauses": clauses,
        "pickled_mb": round(pickled_bytes / 1e6, 1),
        "ms_per_doc": {key: 1000 * seconds / documents for key, seconds in stages.items()},
    }


def table(result: dict) -> str:
    per_doc = result["ms_per_doc"]
    total = sum(per_doc.values())
    where = {key: runs_in for key, _, runs_in in STAGES}
    # the writer's Python thread is serial; tantivy's own thread runs beside it
    serial = sum(v for k, v in per_doc.items() if where[k] == "writer")
    rows = [
        [label, where, fmt(per_doc[key], 3), f"{per_doc[key] / total:.0%}"] for key, label, where in STAGES
    ]
    rows.append(["**total**", "", fmt(total, 3), "100%"])
    head = (
        f"CPU time per document, stages run one after the other in one process over "
        f"{result['documents']:,} articles ({result['clauses']:,} clauses; results pickle to "
        f"{result['pickled_mb']} MB). The writer's Python thread: {serial:.2f} ms/doc of {total:.2f}; "
        f"on 2 cores the pipeline cannot beat {2000 / total:,.0f} docs/s, nor {1000 / serial:,.0f} "
        f"docs/s while one Python thread writes.\n\n"
    )
    return head + Table(["stage", "runs in", "ms/doc (CPU)", "share"], rows).markdown()


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    source, limit, segmenter = Path(argv[0]), int(argv[1]), argv[2]
    print(json.dumps(measure(source, limit, segmenter)))


if __name__ == "__main__":
    main()
