"""How cost grows with the corpus: index size and query latency at 1×, 3× and 10× the legal code.

Replicas are the same articles under changed ids (`<id>~<n>`). Each shard is read, parsed and
analysed once by the real pipeline (`process_file`, segmenter none, worker processes), then written
to the engine once per replica through the real `engine.add`: the index is exactly what indexing the
replicated corpus would give, without paying the (identical) analysis n times. If the projected time
of 3× and 10× exceeds the budget, the curve is 1×, 2×, 4× instead (the result says which).

    python -m bench.bench_scale SOURCE_DIR [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from bench.common import Table, dir_size, fmt, mb

FACTORS = (1, 3, 10)
FALLBACK_FACTORS = (1, 2, 4)
BUDGET_SECONDS = 600.0  # for the replicated builds beyond 1×


def build_replicated(source_dir: Path, index_dir: Path, factor: int, workers: int) -> dict:
    from indexer.engines.tantivy_engine import TantivyEngine
    from indexer.pipeline import process_file

    files = [str(p) for p in sorted(Path(source_dir).glob("*.jsonl"))]
    engine = TantivyEngine(index_dir, segmenter="none", create=True)
    started = time.perf_counter()
    documents = failed = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            for result in pool.map(process_file, files, ["none"] * len(files)):
                if result.failure:
                    failed += 1
                    continue
                originals = [doc.id for doc in result.documents]
                for replica in range(factor):
                    for doc, original in zip(result.documents, originals, strict=True):
                        doc.id = original if replica == 0 else f"{original}~{replica}"
                    engine.add(result.documents, result.analyses)
                    documents += len(result.documents)
                engine.commit()
    finally:
        engine.close()
    return {
        "factor": factor,
        "documents": documents,
        "failed_files": failed,
        "build_seconds": time.perf_counter() - started,
        "index_bytes": dir_size(index_dir),
    }


def run(work: Path, source_dir: Path, quick: bool = False, workers: int | None = None, log=print) -> dict:
    from bench.bench_query import build_queries, engine_latency, facet_values, read_records
    from indexer.engines.tantivy_engine import TantivyEngine

    workers = workers or os.cpu_count() or 1
    records = read_records(source_dir)
    points = []
    queries = None
    factors = list(FACTORS)
    chosen = None
    while factors:
        factor = factors.pop(0)
        index_dir = work / f"scale-{factor}x"
        log(f"scale: building {factor}× …")
        point = build_replicated(source_dir, index_dir, factor, workers)
        engine = TantivyEngine(index_dir, segmenter="none")
        try:
            if queries is None:
                queries = build_queries(records, facet_values(engine), per_kind=20 if quick else 60)
            latency = engine_latency(engine, queries, passes=1 if quick else 2)
        finally:
            engine.close()
        point["latency"] = latency
        points.append(point)
        shutil.rmtree(index_dir, ignore_errors=True)
        if factor == 1 and chosen is None:
            per_x = point["build_seconds"]
            chosen = FACTORS if per_x * sum(FACTORS[1:]) <= BUDGET_SECONDS else FALLBACK_FACTORS
            factors = list(chosen[1:])
            log(f"scale: 1× built in {per_x:.0f}s → factors {chosen}")
    return {"factors": list(chosen or FACTORS), "points": points, "queries": len(queries or [])}


def table(result: dict) -> str:
    rows = []
    base = result["points"][0]
    for p in result["points"]:
        lat = p["latency"]["all"]
        rows.append(
            [
                f"{p['factor']}×",
                f"{p['documents']:,}",
                fmt(mb(p["index_bytes"]), 0),
                f"{p['index_bytes'] / base['index_bytes']:.2f}×",
                f"{p['build_seconds']:.0f}",
                fmt(lat["p50_ms"], 2),
                fmt(lat["p99_ms"], 2),
                fmt(p["latency"].get("words1", {}).get("p99_ms"), 2),
                fmt(p["latency"].get("faceted", {}).get("p99_ms"), 2),
            ]
        )
    note = (
        f"Factors {result['factors']}; {result['queries']} mixed queries (every kind of the latency table), "
        "engine-level with facets and highlights; replicas share their analysis (see bench_scale.py).\n\n"
    )
    return (
        note
        + Table(
            [
                "corpus",
                "documents",
                "index MB",
                "size vs 1×",
                "build s",
                "p50 ms",
                "p99 ms",
                "1-word p99 ms",
                "faceted p99 ms",
            ],
            rows,
        ).markdown()
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_scale")
    parser.add_argument("source_dir", type=Path, help="jsonl shards (see bench.common.write_jsonl_shards)")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        print(table(run(Path(tmp), args.source_dir, quick=args.quick)))


if __name__ == "__main__":
    main()
