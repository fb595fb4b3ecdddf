"""`python -m bench`: every benchmark side by side in one run, one table, results under bench/results/.

    python -m bench                         # full run (< 30 min on 2 cores), writes latest.md/latest.json
    python -m bench --quick                 # minutes: small subsets, prints only (or --out DIR)
    python -m bench --only indexing,query,ranking,scale,http,load
    python -m bench --work-dir /tmp/vb --keep   # keep the indexes built on the way

Sections: indexing (pipeline vs segmenter alone vs raw tantivy), query (latency engine-level and HTTP),
ranking (ALQAC 2022 vs bm25s), scale (1×/3×/10×), load (wrk at 32 connections, with a reindex
running), and the benches other engineers own (analyzers, segmentation F1, parse, http), run in
subprocesses when present and skipped with a message otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import REPO, RESULTS, CorpusMissing, git_commit, machine, write_jsonl_shards

REINDEX_DOCS = 600  # articles reindexed in a loop during the load section

OURS = ("indexing", "query", "ranking", "scale", "load")
# other engineers' benches: section name -> (module, extra args)
THEIRS = {
    "analyzers": ("bench.bench_analyzers", []),
    "segmentation": ("bench.segmentation_f1", []),
    "parse": ("bench.bench_parse", []),
    "http": ("bench.bench_http", []),
    "docpage": ("bench.bench_docpage", []),
}
SECTIONS = (*OURS, *THEIRS)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def corpus_index(work: Path, quick: bool, state: dict) -> dict:
    """The legal-code index the query, scale and load sections run over (built once)."""
    if "indexing" in state:
        return state["indexing"]
    from bench import bench_indexing

    log("building the legal-code index (segmenter none) for the sections that need it …")
    data = bench_indexing.prepare(work, quick)
    index_dir = work / "index-none"
    built = bench_indexing.measure_pipeline(data["full"]["dir"], index_dir, "none", _cores())
    state["indexing"] = {
        "runs": [{"segmenter": "none", "seconds": built["seconds"]}],
        "index_dir": str(index_dir),
        "source_dir": str(data["full"]["dir"]),
        "sample_dir": str(data["sample"]["dir"]),
    }
    return state["indexing"]


def _cores() -> int:
    import os

    return os.cpu_count() or 1


def run_external(section: str, quick: bool) -> dict:
    module, args = THEIRS[section]
    if importlib.util.find_spec(module) is None:
        return {"skipped": f"{module} not present"}
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", module, *args], cwd=REPO, capture_output=True, text=True, timeout=900
    )
    return {
        "module": module,
        "exit": proc.returncode,
        "seconds": round(time.perf_counter() - started, 1),
        "output": proc.stdout.strip()[-6000:],
        "stderr_tail": proc.stderr.strip()[-1500:] if proc.returncode else "",
    }


def run_all(sections: list[str], work: Path, quick: bool, checkpoint=None, keep: bool = False) -> dict:
    from bench import bench_indexing, bench_query, bench_ranking, bench_scale, load

    results: dict = {}
    tables: dict[str, str] = {}
    state: dict = {}
    timings: dict[str, float] = {}
    for section in SECTIONS:
        if section not in sections:
            continue
        started = time.perf_counter()
        log(f"== {section} ==")
        try:
            if section == "indexing":
                result = bench_indexing.run(work, quick=quick, log=log)
                state["indexing"] = result
                tables[section] = bench_indexing.table(result)
            elif section == "query":
                idx = corpus_index(work, quick, state)
                result = bench_query.run(
                    Path(idx["index_dir"]), Path(idx["source_dir"]), quick=quick, with_http=True, log=log
                )
                tables[section] = bench_query.table(result)
            elif section == "ranking":
                result = bench_ranking.run(work, quick=quick, log=log)
                tables[section] = bench_ranking.table(result)
            elif section == "scale":
                idx = corpus_index(work, quick, state)
                base_seconds = next(r["seconds"] for r in idx["runs"] if r["segmenter"] == "none")
                result = bench_scale.run(
                    work,
                    Path(idx["source_dir"]),
                    quick=quick,
                    log=log,
                    base_index=Path(idx["index_dir"]),
                    base_seconds=base_seconds,
                    keep=keep,
                )
                tables[section] = bench_scale.table(result)
            elif section == "load":
                idx = corpus_index(work, quick, state)
                # small enough that several reindexes (and their swaps) land inside the load window
                small = work / "reindex-src"
                records = bench_query.read_records(Path(idx["sample_dir"]), limit=REINDEX_DOCS)
                write_jsonl_shards(records, small, shards=16)
                result = load.run(
                    Path(idx["index_dir"]),
                    Path(idx["source_dir"]),
                    small,
                    duration=5 if quick else 20,
                    log=log,
                )
                tables[section] = load.table(result)
            else:
                result = run_external(section, quick)
                if "skipped" in result:
                    tables[section] = f"skipped: {result['skipped']}"
                else:
                    status = "" if result["exit"] == 0 else f" (exit {result['exit']})"
                    tables[section] = f"`python -m {result['module']}`{status}:\n\n{result['output']}"
                    if result["stderr_tail"]:
                        tables[section] += f"\n\n```\n{result['stderr_tail']}\n```"
        except CorpusMissing as exc:
            result = {"skipped": str(exc)}
            tables[section] = f"skipped: {exc}"
        except Exception as exc:  # one broken section must not lose the others' figures
            log(f"{section} failed: {type(exc).__name__}: {exc}")
            result = {"error": f"{type(exc).__name__}: {exc}"}
            tables[section] = f"**failed**: `{type(exc).__name__}: {str(exc)[:500]}`"
        timings[section] = round(time.perf_counter() - started, 1)
        results[section] = result
        log(f"{section}: {timings[section]:.0f}s")
        if checkpoint:  # a long run killed late still leaves the sections it finished
            checkpoint({"results": results, "tables": tables, "timings": timings})
    return {"results": results, "tables": tables, "timings": timings}


TITLES = {
    "indexing": "Indexing: the pipeline against the segmenter alone and raw tantivy",
    "query": "Query latency",
    "ranking": "Ranking quality: short queries (issue 12) and ALQAC 2022",
    "scale": "Scale",
    "load": "Load: `vanban serve` at 32 connections (issue 7)",
    "analyzers": "Analyzers",
    "segmentation": "Word segmentation F1",
    "parse": "Parsing",
    "http": "HTTP server time (bench_http)",
    "docpage": "Document page on huge documents (bench_docpage)",
}


def markdown(run: dict, meta: dict) -> str:
    m = meta["machine"]
    lines = [
        "# vanban benchmarks",
        "",
        f"- date: {meta['date']}  (commit {meta['commit']}, {'quick' if meta['quick'] else 'full'} run, "
        f"{meta['seconds'] / 60:.1f} min{'' if meta['complete'] else ', IN PROGRESS: partial results'})",
        f"- machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gb']} GB RAM; Python {m['python']}, "
        f"tantivy {m['tantivy']}; shared and noisy",
        f"- command: `{meta['command']}`",
        "",
    ]
    for section in SECTIONS:
        if section in run["tables"]:
            lines += [f"## {TITLES[section]}", "", run["tables"][section], ""]
    lines += ["## Time per section", "", ", ".join(f"{k} {v:.0f}s" for k, v in run["timings"].items()), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small subsets; minutes, not half an hour")
    parser.add_argument("--only", default="", help=f"comma-separated sections: {','.join(SECTIONS)}")
    parser.add_argument("--work-dir", type=Path, default=None, help="where indexes go (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the work dir")
    parser.add_argument(
        "--out", type=Path, default=None, help="results folder (default: bench/results for full runs)"
    )
    args = parser.parse_args(argv)
    sections = [s.strip() for s in args.only.split(",") if s.strip()] or list(SECTIONS)
    unknown = sorted(set(sections) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {','.join(SECTIONS)}")
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="vanban-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    out = args.out or (None if args.quick else RESULTS)
    command = "python -m bench" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()

    def write(run: dict, final: bool) -> str:
        meta = {
            "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "commit": git_commit(),
            "quick": args.quick,
            "complete": final,
            "command": command,
            "machine": machine(),
            "seconds": time.perf_counter() - started,
        }
        text = markdown(run, meta)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / "latest.md").write_text(text, encoding="utf-8")
            payload = {"meta": meta, "timings": run["timings"], "results": run["results"]}
            (out / "latest.json").write_text(
                json.dumps(payload, ensure_ascii=False, indent=1, default=_jsonable), encoding="utf-8"
            )
        return text

    try:
        run = run_all(
            sections, work, args.quick, checkpoint=lambda partial: write(partial, final=False), keep=args.keep
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(write(run, final=True))
    if out is not None:
        log(f"wrote {out / 'latest.md'} and {out / 'latest.json'}")
    failed = [s for s, r in run["results"].items() if isinstance(r, dict) and "error" in r]
    return 1 if failed else 0


def _jsonable(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, Path):
        return str(value)
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
