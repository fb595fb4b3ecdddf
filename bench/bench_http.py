"""Server time per search: the JSON API and the HTML page over samples/ + the shared seeds.

Indexes the corpus into a temporary directory with the real pipeline (or uses --index-dir), then
sends each query of a realistic mix through the WSGI app in-process (server time, without the
network) and prints p50/p99 per kind of request. Target (issue 5): p50 under 10 ms.

    .venv/bin/python bench/bench_http.py [--rounds 30] [--index-dir DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import CORPUS, Table, fmt, latency_summary  # noqa: E402

SEEDS = CORPUS / "seeds"

# (label, query string): what journalists and officials type, with and without filters.
QUERIES = [
    ("words, folded", "q=muc+tieu+kep"),
    ("words, exact", "q=phòng+chống+dịch"),
    ("phrase", 'q="mục+tiêu+kép"'),
    ("short token", "q=5K"),
    ("OR + exclusion", "q=F1+OR+F2+-covid"),
    ("number", "q=172-TB/TW&list=1"),
    ("facet filter", "q=dich&province=Lai+Châu&year=2021"),
    ("browse, date sort", "sort=date_desc"),
    ("two facets, page 2", "type=công+văn&type=thông+báo&page=2&per_page=5"),
    ("no match", "q=xyzzy+quux"),
]


def build_index(index_dir: Path) -> tuple[object, int]:
    from indexer.reindex import index_incremental
    from indexer.settings import Settings

    paths = [REPO / "samples"] + ([SEEDS] if SEEDS.is_dir() else [])
    settings = Settings.load(index_dir=str(index_dir), engine="tantivy")
    report = index_incremental([p for p in paths if p.exists()], settings, workers=1)
    return settings, report.documents


def measure(client, url: str, rounds: int) -> list[float]:
    client.get(url)  # warm caches (first request opens the engine)
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        response.get_data()
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def run(rounds: int, index_dir: str | None) -> dict:
    from search_app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        if index_dir:
            from indexer.settings import Settings

            settings, documents = Settings.load(index_dir=index_dir), None
        else:
            settings, documents = build_index(Path(tmp) / "index")
        app = create_app({"SETTINGS": settings})
        client = app.test_client()
        stats = client.get("/healthz").get_json()
        rows, api_all, html_all, engine_all = [], [], [], []
        for label, qs in QUERIES:
            api = measure(client, f"/api/search?{qs}", rounds)
            html = measure(client, f"/?{qs}", rounds)
            took = [client.get(f"/api/search?{qs}").get_json()["took_ms"] for _ in range(5)]
            api_all += api
            html_all += html
            engine_all += took
            rows.append(
                {
                    "query": label,
                    "api": latency_summary(api),
                    "html": latency_summary(html),
                    "engine_p50_ms": latency_summary(took)["p50_ms"],
                }
            )
        return {
            "documents": stats.get("documents", documents),
            "rounds": rounds,
            "queries": rows,
            "api": latency_summary(api_all),
            "html": latency_summary(html_all),
            "engine": latency_summary(engine_all),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--index-dir", default=None, help="measure an existing index instead")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.rounds, args.index_dir)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    table = Table(["query", "API p50 ms", "API p99 ms", "HTML p50 ms", "HTML p99 ms", "engine p50 ms"], [])
    for row in result["queries"]:
        table.rows.append(
            [
                row["query"],
                fmt(row["api"]["p50_ms"], 2),
                fmt(row["api"]["p99_ms"], 2),
                fmt(row["html"]["p50_ms"], 2),
                fmt(row["html"]["p99_ms"], 2),
                fmt(row["engine_p50_ms"], 2),
            ]
        )
    table.rows.append(
        [
            "**all**",
            fmt(result["api"]["p50_ms"], 2),
            fmt(result["api"]["p99_ms"], 2),
            fmt(result["html"]["p50_ms"], 2),
            fmt(result["html"]["p99_ms"], 2),
            fmt(result["engine"]["p50_ms"], 2),
        ]
    )
    print(
        f"server time per search over {result['documents']} documents, {result['rounds']} rounds per query "
        "(in-process WSGI, no network)\n"
    )
    print(table.markdown())
    verdict = "meets" if result["api"]["p50_ms"] < 10 and result["html"]["p50_ms"] < 10 else "MISSES"
    print(f"\ntarget p50 < 10 ms: {verdict}")


if __name__ == "__main__":
    main()
