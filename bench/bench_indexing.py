"""Indexing throughput of the real pipeline against its two natural limits.

For the legal code (../shared/corpus/phapdien) written as jsonl shards with given metadata:
  * the pipeline (`vanban reindex`: read → parse → analyse in worker processes → tantivy), per segmenter;
  * (a) the segmenter alone over the same texts on all cores — the physical limit when segmenting;
  * (b) raw tantivy ingestion of the same texts (one text field, tantivy's default tokenizer).
Each measured run happens in a fresh process so its peak memory is its own.

    python -m bench.bench_indexing [--quick]              # table on stdout
    python -m bench.bench_indexing pipeline SRC INDEX ... # one measured run, JSON on stdout (internal)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

from bench import indexing_stages
from bench.common import (
    Table,
    dir_size,
    fmt,
    load_phapdien,
    mb,
    peak_rss_mb,
    run_json_subprocess,
    subsample,
    text_bytes,
    write_jsonl_shards,
)

SEGMENTERS = ("none", "pyvi", "underthesea")
SAMPLE_FULL = 3000  # articles for the segmenter runs (pyvi ~0.5 MB/s/core; underthesea slower): 30-min budget
SAMPLE_QUICK = 200
STAGE_DOCS = 3000  # articles timed stage by stage (bench.indexing_stages)
FULL_QUICK = 2000


# -- measured runs (each in its own process) --------------------------------------------------


def measure_pipeline(source_dir: Path, index_dir: Path, segmenter: str, workers: int) -> dict:
    """`vanban reindex` through the library: a managed (versioned, swappable) index."""
    from indexer.reindex import reindex
    from indexer.settings import Settings

    settings = Settings.load(index_dir=str(index_dir), engine="tantivy", segmenter=segmenter)
    started = time.perf_counter()
    report = reindex([source_dir], settings, workers=workers)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "documents": report.documents,
        "clauses": report.clauses,
        "failed": len(report.files_failed),
        "failures": [f"{p}: {r}" for p, r in report.files_failed[:5]],
        "index_bytes": dir_size(index_dir),
        "peak": peak_rss_mb(),
    }


def measure_raw_tantivy(source_dir: Path, index_dir: Path) -> dict:
    """The floor of ingestion cost: one text field, default tokenizer, tantivy's own threads."""
    import tantivy

    texts = [json.loads(line)["text"] for p in sorted(source_dir.glob("*.jsonl")) for line in p.open()]
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=False)
    index_dir.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(builder.build(), path=str(index_dir))
    started = time.perf_counter()
    writer = index.writer()
    for text in texts:
        writer.add_document(tantivy.Document(text=text))
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "documents": len(texts),
        "index_bytes": dir_size(index_dir),
        "peak": peak_rss_mb(),
    }


# -- segmenter alone on all cores -------------------------------------------------------------

_SEGMENTER = None


def _load_segmenter(name: str) -> None:
    global _SEGMENTER
    from analyzers.segment import get_segmenter

    _SEGMENTER = get_segmenter(name)
    _SEGMENTER.words("Ủy ban nhân dân tỉnh")  # load the model before the clock starts


def _segment(text: str) -> int:
    return len(_SEGMENTER.words(text))


def measure_segmenter_alone(texts: list[str], segmenter: str, workers: int) -> dict:
    """Steady-state segmentation throughput on `workers` processes (model load excluded)."""
    ctx = get_context("spawn")
    with ctx.Pool(workers, initializer=_load_segmenter, initargs=(segmenter,)) as pool:
        pool.map(_segment, ["khởi động"] * workers * 2, chunksize=1)  # every worker up and loaded
        started = time.perf_counter()
        words = sum(pool.map(_segment, texts, chunksize=max(1, len(texts) // (workers * 16))))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "documents": len(texts), "words": words}


# -- orchestration ----------------------------------------------------------------------------


def prepare(work: Path, quick: bool) -> dict:
    """Write the jsonl shards once: the full set and the subsample for segmenter runs."""
    records = load_phapdien(limit=FULL_QUICK if quick else None)
    sample = subsample(records, SAMPLE_QUICK if quick else SAMPLE_FULL)
    full_dir, sample_dir = work / "phapdien-full", work / "phapdien-sample"
    write_jsonl_shards(records, full_dir)
    write_jsonl_shards(sample, sample_dir)
    return {
        "full": {"dir": full_dir, "documents": len(records), "bytes": text_bytes(records)},
        "sample": {
            "dir": sample_dir,
            "documents": len(sample),
            "bytes": text_bytes(sample),
            "texts": [r["text"] for r in sample],
        },
    }


def _rates(result: dict, n_bytes: int) -> dict:
    seconds = result["seconds"]
    result["docs_per_s"] = result["documents"] / seconds if seconds else float("nan")
    result["mb_per_s"] = mb(n_bytes) / seconds if seconds else float("nan")
    return result


def run(
    work: Path,
    quick: bool = False,
    workers: int | None = None,
    log=print,
    segmenters: tuple[str, ...] = SEGMENTERS,
) -> dict:
    workers = workers or os.cpu_count() or 1
    data = prepare(work, quick)
    timeout = 1800
    out: dict = {
        "corpus": {
            "full_documents": data["full"]["documents"],
            "full_mb": round(mb(data["full"]["bytes"]), 1),
            "sample_documents": data["sample"]["documents"],
            "sample_mb": round(mb(data["sample"]["bytes"]), 1),
            "workers": workers,
        },
        "runs": [],
    }
    raw: dict[str, dict] = {}
    for subset in ("full", "sample"):
        log(f"indexing: raw tantivy over the {subset} set …")
        result = run_json_subprocess(
            "bench.bench_indexing",
            ["raw", str(data[subset]["dir"]), str(work / f"raw-{subset}")],
            timeout,
        )
        raw[subset] = _rates(result, data[subset]["bytes"])
    out["raw_tantivy"] = raw
    log("indexing: where the time goes, stage by stage …")
    out["stages"] = run_json_subprocess(
        "bench.indexing_stages", [str(data["sample"]["dir"]), str(STAGE_DOCS), "none"], timeout
    )
    for segmenter in segmenters:
        subset = "full" if segmenter == "none" else "sample"
        index_dir = work / f"index-{segmenter}"
        log(f"indexing: pipeline, segmenter {segmenter}, {data[subset]['documents']} articles …")
        result = run_json_subprocess(
            "bench.bench_indexing",
            ["pipeline", str(data[subset]["dir"]), str(index_dir), segmenter, str(workers)],
            timeout,
        )
        result = _rates(result, data[subset]["bytes"])
        result.update(segmenter=segmenter, subset=subset, index_dir=str(index_dir))
        result["vs_raw_tantivy"] = result["mb_per_s"] / raw[subset]["mb_per_s"]
        if segmenter != "none":
            log(f"indexing: {segmenter} alone on {workers} processes …")
            alone = _rates(
                measure_segmenter_alone(data["sample"]["texts"], segmenter, workers), data["sample"]["bytes"]
            )
            result["segmenter_alone"] = alone
            result["vs_segmenter_alone"] = result["mb_per_s"] / alone["mb_per_s"]
        out["runs"].append(result)
    out["index_dir"] = str(work / "index-none")
    out["source_dir"] = str(data["full"]["dir"])
    out["sample_dir"] = str(data["sample"]["dir"])
    return out


# issue 15: without segmentation ≥ 1,000 documents/s on 2 workers; with one, ≥ 70% of the segmenter alone
TARGET_DOCS_PER_S = 1000
TARGET_SEGMENTER = 0.70


def table(result: dict) -> str:
    c = result["corpus"]
    rows = []
    raw = result["raw_tantivy"]
    for subset in ("full", "sample"):
        r = raw[subset]
        rows.append(
            [
                "raw tantivy (1 text field)",
                f"{r['documents']:,}",
                fmt(r["docs_per_s"], 0),
                fmt(r["mb_per_s"], 2),
                fmt(mb(r["index_bytes"]), 1),
                fmt(r["peak"]["self_mb"], 0),
                "",
                "",
                f"{r['seconds']:.1f}",
            ]
        )
    for run_ in result["runs"]:
        alone = run_.get("segmenter_alone")
        if alone:
            rows.append(
                [
                    f"{run_['segmenter']} alone ({c['workers']} procs)",
                    f"{alone['documents']:,}",
                    fmt(alone["docs_per_s"], 0),
                    fmt(alone["mb_per_s"], 2),
                    "",
                    "",
                    "",
                    "",
                    f"{alone['seconds']:.1f}",
                ]
            )
        peak = run_["peak"]
        rows.append(
            [
                f"pipeline, segmenter {run_['segmenter']}",
                f"{run_['documents']:,}" + (f" ({run_['failed']} files failed)" if run_["failed"] else ""),
                fmt(run_["docs_per_s"], 0) + _rate_mark(run_),
                fmt(run_["mb_per_s"], 2),
                fmt(mb(run_["index_bytes"]), 1),
                f"{peak['self_mb']:.0f} + {peak['largest_child_mb']:.0f}",
                _ratio(run_.get("vs_segmenter_alone"), TARGET_SEGMENTER),
                _ratio(run_["vs_raw_tantivy"], None),
                f"{run_['seconds']:.1f}",
            ]
        )
    head = (
        f"Full set: {c['full_documents']:,} articles, {c['full_mb']} MB of UTF-8 text; segmenter runs on "
        f"a random subsample of {c['sample_documents']:,} articles ({c['sample_mb']} MB); "
        f"{c['workers']} worker processes; jsonl in {32} shards.\n\n"
    )
    stages = result.get("stages")
    tail = "\n\nWhere the time goes (segmenter none):\n\n" + indexing_stages.table(stages) if stages else ""
    return (
        head
        + Table(
            [
                "run",
                "docs",
                f"docs/s (target ≥ {TARGET_DOCS_PER_S:,}, none)",
                "MB/s",
                "index MB",
                "peak RSS MB (main + largest child)",
                f"÷ segmenter alone (target ≥ {TARGET_SEGMENTER:.0%})",
                "÷ raw tantivy",
                "s",
            ],
            rows,
        ).markdown()
        + tail
    )


def _rate_mark(run_: dict) -> str:
    if run_["segmenter"] != "none":
        return ""
    return " ✓" if run_["docs_per_s"] >= TARGET_DOCS_PER_S else " ✗"


def _ratio(value: float | None, target: float | None) -> str:
    if value is None:
        return ""
    mark = "" if target is None else (" ✓" if value >= target else " ✗")
    return f"{value:.0%}{mark}"


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "pipeline":
        src, index_dir, segmenter, workers = argv[1:5]
        print(json.dumps(measure_pipeline(Path(src), Path(index_dir), segmenter, int(workers))))
        return
    if argv and argv[0] == "raw":
        print(json.dumps(measure_raw_tantivy(Path(argv[1]), Path(argv[2]))))
        return
    parser = argparse.ArgumentParser(prog="python -m bench.bench_indexing")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        result = run(Path(tmp), quick=args.quick, workers=args.workers)
        print(table(result))


if __name__ == "__main__":
    main()
