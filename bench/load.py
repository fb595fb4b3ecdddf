"""Load on `vanban serve` over the legal-code index: 32 concurrent connections, with one worker process
and with two (same run, side by side), then with two while `vanban reindex` rebuilds and swaps the
same --index-dir over and over.

Uses wrk (Debian: `apt-get install -y wrk`) with bench/load.lua, cycling through the query mix of
bench_query; falls back to a threaded Python client when wrk is missing (its own CPU use then
competes with the server on a small machine, so the figures are lower bounds). Only 127.0.0.1;
bounded in time (`duration` seconds per phase).

    python -m bench.load INDEX_DIR SOURCE_DIR REINDEX_SOURCE_DIR [--duration 20]
    python -m bench.load relative-swaps WORK_DIR JSONL_DIR [--runs 20]   # issue 14's acceptance

Note: the reindex phase leaves INDEX_DIR holding the REINDEX_SOURCE_DIR corpus.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from bench.common import (
    REPO,
    Table,
    elasticsearch_engine,
    fmt,
    latency_summary,
    median,
    process_tree_cpu_seconds,
    vanban_server,
)

CONNECTIONS = 32
SERVER_WORKERS = (1, 2)  # `vanban serve --workers N`, measured one after the other in one run
THREADS = 4  # per worker
ES_INDEX_PREFIX = "vanban-bench-load"
LUA = Path(__file__).resolve().with_name("load.lua")


WARMUP_S = 3


def wrk_load(base_url: str, paths_file: Path, duration: int, connections: int, threads: int = 2) -> dict:
    proc = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            base_url,
            "--",
            str(paths_file),
        ],
        capture_output=True,
        text=True,
        timeout=duration + 60,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr.strip()[-1000:]}")
    raw = json.loads(lines[-1])
    seconds = raw["duration_us"] / 1e6
    errors = sum(
        raw[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    return {
        "client": "wrk",
        "requests": raw["requests"],
        "seconds": seconds,
        "rps": raw["requests"] / seconds if seconds else float("nan"),
        "p50_ms": raw["p50_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": errors,
        "error_detail": {k: v for k, v in raw.items() if k.endswith("errors") or k == "timeouts"},
    }


def python_load(base_url: str, paths: list[str], duration: int, connections: int) -> dict:
    """Fallback client: one keep-alive connection per thread, for `duration` seconds."""
    parsed = urllib.parse.urlparse(base_url)
    samples: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
        mine, bad, n = [], 0, offset
        while time.monotonic() < stop:
            n = (n + 1) % len(paths)
            started = time.perf_counter()
            try:
                conn.request("GET", paths[n])
                response = conn.getresponse()
                response.read()
                bad += response.status != 200
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
            mine.append((time.perf_counter() - started) * 1000)
        conn.close()
        with lock:
            samples.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(i * 7,)) for i in range(connections)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    seconds = time.perf_counter() - started
    summary = latency_summary(samples)
    return {
        "client": "python threads",
        "requests": len(samples),
        "seconds": seconds,
        "rps": len(samples) / seconds,
        "p50_ms": summary["p50_ms"],
        "p99_ms": summary["p99_ms"],
        "max_ms": max(samples) if samples else float("nan"),
        "errors": errors[0],
    }


class ReindexLoop:
    """Runs `vanban reindex SOURCE --index-dir INDEX` back to back until stopped (or `max_runs` done),
    from `cwd` (a relative INDEX is relative to it)."""

    def __init__(
        self, index_dir: Path, source_dir: Path, log_file: Path, cwd: Path = REPO, max_runs: int | None = None
    ):
        self.index_dir, self.source_dir, self.log_file = index_dir, source_dir, log_file
        self.cwd, self.max_runs = cwd, max_runs
        self.runs: list[dict] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def done(self) -> bool:
        return self.max_runs is not None and len(self.runs) >= self.max_runs

    def _loop(self) -> None:
        with self.log_file.open("a") as log:
            while not self._stop.is_set() and not self.done():
                started = time.perf_counter()
                proc = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "search_app.cli",
                        "reindex",
                        str(self.source_dir),
                        "--index-dir",
                        str(self.index_dir),
                        "--segmenter",
                        "none",
                    ],
                    cwd=self.cwd,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    timeout=900,
                )
                self.runs.append({"exit": proc.returncode, "seconds": time.perf_counter() - started})

    def __enter__(self) -> ReindexLoop:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run(
    index_dir: Path,
    source_dir: Path,
    reindex_source: Path,
    duration: int = 20,
    connections: int = CONNECTIONS,
    log=print,
) -> dict:
    from bench.bench_query import build_queries, facet_values, read_records, search_path
    from indexer.engines.tantivy_engine import TantivyEngine

    engine = TantivyEngine(index_dir, segmenter="none")
    try:
        documents = engine.stats()["documents"]
        queries = build_queries(read_records(source_dir), facet_values(engine), per_kind=100)
    finally:
        engine.close()
    paths = [search_path(q) for q in queries]
    paths_file = index_dir.parent / "load-paths.txt"
    paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    use_wrk = shutil.which("wrk") is not None

    def load(base: str, seconds: int = duration) -> dict:
        if use_wrk:
            return wrk_load(base, paths_file, seconds, connections)
        return python_load(base, paths, seconds, connections)

    out: dict = {
        "documents": documents,
        "connections": connections,
        "duration_s": duration,
        "warmup_s": min(WARMUP_S, duration),
        "paths": len(paths),
    }
    # Same index, same query mix, one worker then two: the ratio is the point (issue 15: ≥ 1.8×).
    for workers in SERVER_WORKERS:
        server: dict = {}
        with vanban_server(index_dir, workers=workers, threads=THREADS, info=server) as base:
            # Discarded warm-up: the first requests pay for opening the index and loading the
            # query-side tables; steady-state figures should not include them.
            log(f"load: {workers} worker(s), {out['warmup_s']}s warm-up (not measured) …")
            load(base, out["warmup_s"])
            log(f"load: {workers} worker(s), {connections} connections for {duration}s …")
            cpu = process_tree_cpu_seconds(server["pid"])
            measured = load(base)
            measured["server_cpu_s"] = process_tree_cpu_seconds(server["pid"]) - cpu
            out[f"alone_{workers}"] = measured
    out["alone"] = out[f"alone_{SERVER_WORKERS[-1]}"]
    out["speedup"] = out["alone"]["rps"] / out[f"alone_{SERVER_WORKERS[0]}"]["rps"]
    out.update(elasticsearch_phase(source_dir, load, out["warmup_s"], log))
    # Last, because the reindex loop leaves the index holding its smaller corpus.
    with vanban_server(index_dir, workers=SERVER_WORKERS[-1], threads=THREADS) as base:
        load(base, out["warmup_s"])
        log(f"load: {connections} connections for {duration}s with `vanban reindex` looping …")
        with ReindexLoop(index_dir, reindex_source, index_dir.parent / "load-reindex.log") as loop:
            time.sleep(1.0)  # the first reindex is under way (reading, analysing) when load starts
            out["with_reindex"] = load(base)
        out["reindex_runs"] = loop.runs
    return out


def elasticsearch_phase(source_dir: Path, load, warmup_s: int, log) -> dict:
    """The same load on `vanban serve --engine elasticsearch` over the same documents, when
    VANBAN_ES_URL points at a node ({"es_skipped": reason} otherwise)."""
    es, reason = elasticsearch_engine([source_dir], ES_INDEX_PREFIX, log=log)
    if es is None:
        return {"es_skipped": reason}
    es.close()
    workers = SERVER_WORKERS[-1]
    with vanban_server(source_dir, workers=workers, threads=THREADS, es_index_prefix=ES_INDEX_PREFIX) as base:
        load(base, warmup_s)
        log(f"load: Elasticsearch, {workers} workers …")
        return {"alone_es": load(base)}


def relative_swaps(
    work: Path, source_dir: Path, runs: int = 20, connections: int = CONNECTIONS, segment: int = 10, log=print
) -> dict:
    """Issue 14's acceptance: wrk at `connections` connections while `vanban reindex` runs `runs` times
    into the default, relative `var/index` (server and reindex both run from `work`); counts errors.
    Load runs in `segment`-second wrk slices until the last reindex has finished."""
    from bench.bench_query import build_queries, facet_values, read_records, search_path
    from indexer.engines.tantivy_engine import TantivyEngine

    work.mkdir(parents=True, exist_ok=True)
    index = Path("var/index")  # relative on purpose: the operator's default
    source = source_dir.resolve()
    reindex_cmd = [sys.executable, "-m", "search_app.cli", "reindex", str(source), "--segmenter", "none"]
    subprocess.run([*reindex_cmd, "--index-dir", str(index)], cwd=work, check=True, capture_output=True)
    engine = TantivyEngine(work / index, segmenter="none")
    try:
        documents = engine.stats()["documents"]
        queries = build_queries(read_records(source), facet_values(engine), per_kind=50)
    finally:
        engine.close()
    paths = [search_path(q) for q in queries]
    paths_file = work / "load-paths.txt"
    paths_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
    slices: list[dict] = []
    with vanban_server(index, cwd=work) as base:
        wrk_load(base, paths_file, WARMUP_S, connections)
        log(f"load: {connections} connections while `vanban reindex` runs {runs} times on {index} …")
        loop = ReindexLoop(index, source, work / "load-reindex.log", cwd=work, max_runs=runs)
        with loop:
            while not loop.done():
                slices.append(wrk_load(base, paths_file, segment, connections))
    versions = sorted(p.name for p in (work / "var" / "index.versions").iterdir())
    return {
        "documents": documents,
        "connections": connections,
        "reindex_runs": loop.runs,
        "requests": sum(s["requests"] for s in slices),
        "seconds": sum(s["seconds"] for s in slices),
        "errors": sum(s["errors"] for s in slices),
        "error_detail": [s["error_detail"] for s in slices if s["errors"]],
        "p50_ms": median([s["p50_ms"] for s in slices]),
        "p99_ms": max(s["p99_ms"] for s in slices),
        "versions_left": len(versions),
    }


def relative_table(result: dict) -> str:
    runs = result["reindex_runs"]
    ok = sum(r["exit"] == 0 for r in runs)
    return Table(
        ["index", "documents", "reindex runs (exit 0)", "requests", "req/s", "p50 ms", "p99 ms", "errors"],
        [
            [
                "var/index (relative)",
                f"{result['documents']:,}",
                f"{len(runs)} ({ok})",
                f"{result['requests']:,}",
                fmt(result["requests"] / result["seconds"] if result["seconds"] else float("nan"), 0),
                fmt(result["p50_ms"], 1),
                fmt(result["p99_ms"], 1),
                f"{result['errors']}" + (" ✓" if result["errors"] == 0 else " ✗"),
            ]
        ],
    ).markdown()


def table(result: dict) -> str:
    rows = []
    phases = [
        (f"alone_{w}", f"{w} worker(s), serving alone") for w in SERVER_WORKERS if f"alone_{w}" in result
    ]
    if "alone_es" in result:
        phases.append(("alone_es", f"Elasticsearch, {SERVER_WORKERS[-1]} workers, serving alone"))
    phases.append(("with_reindex", f"{SERVER_WORKERS[-1]} workers, `vanban reindex` looping"))
    for key, label in phases:
        r = result[key]
        rows.append(
            [
                label,
                r["client"],
                f"{r['requests']:,}",
                fmt(r["rps"], 0),
                fmt(r["p50_ms"], 1),
                fmt(r["p99_ms"], 1),
                fmt(r["max_ms"], 0),
                f"{r['errors']}" + (" ✓" if r["errors"] == 0 else " ✗"),
                fmt(r["server_cpu_s"] / r["seconds"], 2) if r.get("server_cpu_s") else "",
                fmt(1000 * r["server_cpu_s"] / r["requests"], 1) if r.get("server_cpu_s") else "",
            ]
        )
    runs = result.get("reindex_runs", [])
    ok = sum(r["exit"] == 0 for r in runs)
    speedup = result.get("speedup")
    note = (
        f"`vanban serve --workers N` (gunicorn, {THREADS} threads per worker) over {result['documents']:,} "
        f"documents; {result['connections']} concurrent keep-alive connections, {result['duration_s']} s "
        f"per phase after a {result.get('warmup_s', 0)} s warm-up that is not counted, {result['paths']} "
        f"distinct `/api/search` URLs (every kind of query). During the last phase `vanban reindex` of a "
        f"smaller jsonl set ran {len(runs)} times into the same --index-dir ({ok} completed with exit 0, "
        f"each an atomic swap), competing for the same cores.\n\n"
    )
    if speedup:
        mark = "✓" if speedup >= 1.8 else "✗"
        ratio = f"{SERVER_WORKERS[-1]} workers / 1 worker: {speedup:.2f}× the requests/s"
        note += (
            f"**{ratio}** (target ≥ 1.8×) {mark}. Server cores busy = CPU seconds of the server's "
            "processes per wall second: on a machine shared with other work, the workers get what the "
            "scheduler leaves them, and this column says how much that was.\n\n"
        )
    if "es_skipped" in result:
        note += f"Elasticsearch phase: {result['es_skipped']}.\n\n"
    return (
        note
        + Table(
            [
                "phase",
                "client",
                "requests",
                "req/s",
                "p50 ms",
                "p99 ms",
                "max ms",
                "errors (target 0)",
                "server cores busy",
                "server CPU ms/request",
            ],
            rows,
        ).markdown()
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "relative-swaps":
        swaps = argparse.ArgumentParser(prog="python -m bench.load relative-swaps")
        swaps.add_argument("work", type=Path, help="a scratch folder: var/index is created in it")
        swaps.add_argument("source_dir", type=Path, help="a jsonl folder to index and reindex")
        swaps.add_argument("--runs", type=int, default=20)
        swaps.add_argument("--connections", type=int, default=CONNECTIONS)
        args = swaps.parse_args(sys.argv[2:])
        print(relative_table(relative_swaps(args.work, args.source_dir, args.runs, args.connections)))
        return
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument(
        "index_dir", type=Path, help="a vanban-managed index (built by `vanban index/reindex`)"
    )
    parser.add_argument("source_dir", type=Path, help="the jsonl the index was built from (query mix)")
    parser.add_argument("reindex_source", type=Path, help="a smaller jsonl folder to reindex during load")
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    args = parser.parse_args()
    print(table(run(args.index_dir, args.source_dir, args.reindex_source, args.duration, args.connections)))


if __name__ == "__main__":
    main()
