"""Engine latency of two vanban trees, each on its own index, alternately over one fixed query list.

Schema changes need an index per tree; the machine is shared and noisy, so the two are measured in
turns (round 1 before, round 1 after, round 2 before, …) over the same queries, facets and
highlights included (bench_query.engine_latency, one pass per round).

    python -m bench.latency_pair --before TREE:INDEX --after TREE:INDEX SOURCE_DIR [--rounds 2]

TREE is a checkout or `git archive` of vanban (its own code is imported: `PYTHONPATH=TREE`); the
queries are built once, by this tree, from SOURCE_DIR and the `after` index's facet values.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import Table, fmt

_RUN = (
    "import json, sys\n"
    "from bench.bench_query import engine_latency\n"
    "from indexer.engines.tantivy_engine import TantivyEngine\n"
    "engine = TantivyEngine(sys.argv[1], segmenter='none')\n"
    "result = engine_latency(engine, json.load(open(sys.argv[2], encoding='utf-8')), passes=1)\n"
    "print(json.dumps({k: [v['p50_ms'], v['p99_ms']] for k, v in result.items()}))\n"
)


def measure(tree: Path, index: Path, queries: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", _RUN, str(index), str(queries)],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    from bench.bench_query import build_queries, facet_values, read_records
    from indexer.engines.tantivy_engine import TantivyEngine

    parser = argparse.ArgumentParser(prog="python -m bench.latency_pair")
    parser.add_argument("source_dir", type=Path)
    parser.add_argument("--before", required=True, help="TREE:INDEX")
    parser.add_argument("--after", required=True, help="TREE:INDEX")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--per-kind", type=int, default=60)
    args = parser.parse_args()
    sides = {
        name: [Path(p) for p in spec.split(":", 1)]
        for name, spec in (("before", args.before), ("after", args.after))
    }
    engine = TantivyEngine(sides["after"][1], segmenter="none")
    try:
        queries = build_queries(read_records(args.source_dir), facet_values(engine), per_kind=args.per_kind)
    finally:
        engine.close()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        query_file = Path(tmp) / "queries.json"
        query_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        for round_ in range(1, args.rounds + 1):
            for name, (tree, index) in sides.items():
                load = os.getloadavg()[0]
                result = measure(tree, index, query_file)
                p50, p99 = result["all"]
                phrase = result.get("phrase", [None, None])[1]
                rows.append([name, str(round_), fmt(load, 2), fmt(p50, 2), fmt(p99, 2), fmt(phrase, 2)])
                print(f"{name} round {round_}: p50 {p50:.2f} p99 {p99:.2f} ms", file=sys.stderr, flush=True)
    print(f"{len(queries)} queries, engine level with facets and highlights, one pass per round.\n")
    print(Table(["tree", "round", "load", "p50 ms", "p99 ms", "phrase p99 ms"], rows).markdown())


if __name__ == "__main__":
    main()
