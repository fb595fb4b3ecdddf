"""How cost grows with the corpus: index size and query latency at 1×, 3× and 10× the legal code.

Replicas are the same articles under changed ids (`<id>~<n>`). Each shard is read, parsed and
analysed once by the real pipeline (`process_file`, segmenter none, worker processes), then written
to the engine once per replica through the real `engine.add`: the index is exactly what indexing the
replicated corpus would give, without paying the (identical) analysis n times. If the projected time
of 3× and 10× exceeds the budget, the curve is 1×, 2×, 4× instead (the result says which).

    python -m bench.bench_scale SOURCE_DIR [--quick] [--work-dir W --keep] [--base-index DIR]

With `--keep` (also `python -m bench --only scale --work-dir W --keep`) the 3× and 10× indexes stay in
the work dir, each with a `scale-build.json` record of its build, and a later run with the same work
dir measures them again instead of rebuilding (an index of another schema version is rebuilt).
"""

from __future__ import annotations

import argparse
import json
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
# When even 2× and 4× do not fit, the curve is drawn below 1× instead: the first quarter and half of
# the shards, and the full index (the growth law is the same; the report says which curve it is).
SUBSET_FACTORS = (0.25, 0.5, 1)
# For the builds beyond the reused 1× (write time projected from one shard). 3× and 10× need 13 replica
# writes (~10+ min on 2 cores: tantivy's Python binding costs ~1 ms per document and clause set in the
# one writing process); 2× and 4× need 6, which the time the faster indexing section saved pays for.
# 3x + 10x at ~60 s a replica; the whole bench then stays under 30 min. VANBAN_BENCH_SCALE_BUDGET
# raises it for a scale-only run (`python -m bench --only scale`) on a slower or busier machine.
BUDGET_SECONDS = 800.0
BUILD_RECORD = "scale-build.json"  # in a kept index: how it was built (reused by a later --keep run)


def build_replicated(source_dir: Path, targets: dict[int, Path], workers: int) -> list[dict]:
    """Build one index per replication factor in a single pass: each shard is analysed once and
    written factor times into the index of that factor (one writer per index, as tantivy wants)."""
    from indexer.engines.tantivy_engine import TantivyEngine
    from indexer.pipeline import process_file

    files = [str(p) for p in sorted(Path(source_dir).glob("*.jsonl"))]
    # a factor below 1 takes that share of the shards once; a factor of n ≥ 1 writes all shards n times
    limits = {f: len(files) if f >= 1 else max(1, round(len(files) * f)) for f in targets}
    files = files[: max(limits.values())]
    engines = {f: TantivyEngine(d, segmenter="none", create=True) for f, d in targets.items()}
    seconds = dict.fromkeys(targets, 0.0)
    documents = dict.fromkeys(targets, 0)
    failed = 0
    started = time.perf_counter()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            for shard, result in enumerate(pool.map(process_file, files, ["none"] * len(files))):
                if result.failure:
                    failed += 1
                    continue
                originals = [doc.id for doc in result.documents]
                for factor, engine in engines.items():
                    if shard >= limits[factor]:
                        continue
                    writing = time.perf_counter()
                    for replica in range(max(1, int(factor))):
                        for doc, original in zip(result.documents, originals, strict=True):
                            doc.id = original if replica == 0 else f"{original}~{replica}"
                        engine.add(result.documents, result.analyses)
                        documents[factor] += len(result.documents)
                    engine.commit()
                    seconds[factor] += time.perf_counter() - writing
    finally:
        for engine in engines.values():
            engine.close()
    return [
        {
            "factor": factor,
            "documents": documents[factor],
            "failed_files": failed,
            "write_seconds": seconds[factor],
            "pass_seconds": time.perf_counter() - started,
            "index_bytes": dir_size(targets[factor]),
        }
        for factor in targets
    ]


def projected_write_seconds(source_dir: Path, work: Path) -> float:
    """Seconds to write one replica of the corpus through `engine.add`, from one shard analysed and
    written once: replicas share their analysis, so writing is what the factors multiply (the 1×
    pipeline time also holds reading and parsing, and overstated the cost of 3× and 10×)."""
    from indexer.engines.tantivy_engine import TantivyEngine
    from indexer.pipeline import process_file

    files = sorted(Path(source_dir).glob("*.jsonl"))
    result = process_file(str(files[0]), "none")
    scratch = work / "scale-calibration"
    engine = TantivyEngine(scratch, segmenter="none", create=True)
    try:
        started = time.perf_counter()
        engine.add(result.documents, result.analyses)
        engine.commit()
        seconds = time.perf_counter() - started
    finally:
        engine.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return seconds * len(files)


def kept_build(index_dir: Path) -> dict | None:
    """The build record of an index kept by an earlier run, when it is readable by this vanban."""
    from indexer.engines.tantivy_engine import check_schema_version
    from indexer.errors import IndexOutdated

    try:
        record = json.loads((index_dir / BUILD_RECORD).read_text(encoding="utf-8"))
        check_schema_version(index_dir)
    except (OSError, ValueError, IndexOutdated):
        return None
    return record


def _built(source_dir: Path, targets: dict, workers: int, keep: bool) -> list[dict]:
    """Build the factors' indexes, or reuse those a --keep run left (then record new builds)."""
    kept = {f: kept_build(d) for f, d in targets.items()} if keep else {}
    missing = {f: d for f, d in targets.items() if not kept.get(f)}
    for directory in missing.values():
        shutil.rmtree(directory, ignore_errors=True)
    points = [{**kept[f], "reused": True} for f in targets if kept.get(f)]
    if missing:
        for point in build_replicated(source_dir, missing, workers):
            if keep:
                (missing[point["factor"]] / BUILD_RECORD).write_text(json.dumps(point), encoding="utf-8")
            points.append(point)
    return points


def _latency(index_dir: Path, queries: list[dict], quick: bool) -> dict:
    from bench.bench_query import engine_latency
    from indexer.engines.tantivy_engine import TantivyEngine

    engine = TantivyEngine(index_dir, segmenter="none")
    try:
        return engine_latency(engine, queries, passes=1 if quick else 2)
    finally:
        engine.close()


def run(
    work: Path,
    source_dir: Path,
    quick: bool = False,
    workers: int | None = None,
    log=print,
    base_index: Path | None = None,
    base_seconds: float | None = None,
    keep: bool = False,
    factors: tuple | None = None,
) -> dict:
    """`base_index`: the 1× index already built by the indexing bench (reused, not rebuilt).
    `keep`: leave the built indexes in `work` and reuse the ones found there. `factors`: this curve
    whatever the budget says."""
    from bench.bench_query import build_queries, facet_values, read_records
    from indexer.engines.tantivy_engine import TantivyEngine

    workers = workers or os.cpu_count() or 1
    if base_index is None:
        log("scale: building 1× …")
        base_index = work / "scale-1x"
        one = build_replicated(source_dir, {1: base_index}, workers)[0]
    else:
        one = {"factor": 1, "index_bytes": dir_size(base_index), "failed_files": 0}
        engine = TantivyEngine(base_index, segmenter="none")
        try:
            one["documents"] = engine.stats()["documents"]
        finally:
            engine.close()
        one["write_seconds"] = base_seconds
    engine = TantivyEngine(base_index, segmenter="none")
    try:
        queries = build_queries(read_records(source_dir), facet_values(engine), per_kind=20 if quick else 60)
    finally:
        engine.close()
    one["latency"] = _latency(base_index, queries, quick)
    # Writing costs about (factor × one replica's write time); the analysis is shared.
    budget = float(os.environ.get("VANBAN_BENCH_SCALE_BUDGET") or BUDGET_SECONDS)
    per_x = 0.0
    if factors:
        chosen = tuple(factors)
    else:
        per_x = projected_write_seconds(source_dir, work)
        for chosen in (FACTORS, FALLBACK_FACTORS, SUBSET_FACTORS):
            if per_x * sum(f for f in chosen if f != 1) <= budget:
                break
    others = [f for f in chosen if f != 1]
    log(f"scale: one replica writes in ~{per_x:.0f}s → factors {chosen}; building {others} in one pass …")
    targets = {f: work / f"scale-{f}x" for f in others}
    points = [one]
    for point in _built(source_dir, targets, workers, keep):
        point["latency"] = _latency(targets[point["factor"]], queries, quick)
        if not keep:
            shutil.rmtree(targets[point["factor"]], ignore_errors=True)
        points.append(point)
    points.sort(key=lambda p: p["factor"])
    return {
        "factors": list(chosen),
        "points": points,
        "queries": len(queries),
        "budget_s": budget,
        "projected_write_s_per_x": round(per_x, 1),
    }


def table(result: dict) -> str:
    rows = []
    base = next(p for p in result["points"] if p["factor"] == 1)
    for p in result["points"]:
        lat = p["latency"]["all"]
        rows.append(
            [
                f"{p['factor']:g}×",
                f"{p['documents']:,}",
                fmt(mb(p["index_bytes"]), 0),
                f"{p['index_bytes'] / base['index_bytes']:.2f}×",
                fmt(p.get("write_seconds"), 0),
                fmt(lat["p50_ms"], 2),
                fmt(lat["p99_ms"], 2),
                fmt(p["latency"].get("words1", {}).get("p99_ms"), 2),
                fmt(p["latency"].get("faceted", {}).get("p99_ms"), 2),
            ]
        )
    note = (
        f"Factors {result['factors']}"
        + (
            " (3× and 10×, even 2× and 4×, did not fit the time budget at this pipeline speed: the curve "
            "is drawn with the first ¼ and ½ of the corpus instead)"
            if result["factors"] == list(SUBSET_FACTORS)
            else ""
        )
        + f"; {result['queries']} mixed queries (every kind of the latency table), "
        "engine-level with facets and highlights; replicas share their analysis (see bench_scale.py); "
        "1× is the index of the indexing section (its write s is the whole pipeline run).\n\n"
    )
    return (
        note
        + Table(
            [
                "corpus",
                "documents",
                "index MB",
                "size vs 1×",
                "write s",
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
    parser.add_argument("--work-dir", type=Path, default=None, help="where the indexes go (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the indexes built; reuse kept ones")
    parser.add_argument("--base-index", type=Path, default=None, help="an existing 1× index to measure")
    parser.add_argument("--factors", default="", help="e.g. 1,3,10 (default: what the budget allows)")
    args = parser.parse_args()
    factors = tuple(float(f) if "." in f else int(f) for f in args.factors.split(",") if f) or None
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        work = args.work_dir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        result = run(
            work,
            args.source_dir,
            quick=args.quick,
            base_index=args.base_index,
            keep=args.keep,
            factors=factors,
        )
        print(table(result))
        (work / "scale-result.json").write_text(json.dumps(result, default=str, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
