"""Issue 16 side by side in one run: feed vs the search it mirrors, the chain of instructions, and
`vanban watch` (time from a file write to search seeing it).

Feeds and chains run in-process through the WSGI app over samples/ + the shared seeds (server time,
no network); the watcher runs as the real CLI in a subprocess over a temporary folder.

    .venv/bin/python -m bench.bench_follow [--rounds 30] [--changes 10] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import CORPUS, Table, fmt, latency_summary, median  # noqa: E402

SEEDS = CORPUS / "seeds"
FEED_QUERIES = [
    ("words, folded", "q=muc+tieu+kep"),
    ("phrase", 'q="phòng,+chống+dịch"'),
    ("facet filter", "q=dich&province=Lai+Châu"),
    ("browse everything", ""),
]
DEBOUNCE = 0.3


def build_index(index_dir: Path):
    from indexer.reindex import index_incremental
    from indexer.settings import Settings

    paths = [REPO / "samples"] + ([SEEDS] if SEEDS.is_dir() else [])
    settings = Settings.load(index_dir=str(index_dir), engine="tantivy")
    index_incremental([p for p in paths if p.exists()], settings, workers=1)
    return settings


def timed(client, url: str, rounds: int) -> list[float]:
    client.get(url).get_data()  # warm: the first request opens the engine
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        response.get_data()
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def measure_web(settings, rounds: int) -> dict:
    from search_app import create_app

    client = create_app({"SETTINGS": settings}).test_client()
    feeds = []
    for label, qs in FEED_QUERIES:
        sep = "&" if qs else ""
        feed = timed(client, f"/feed.atom?{qs}", rounds)
        api = timed(client, f"/api/search?{qs}{sep}sort=date_desc&per_page=20", rounds)
        feeds.append({"query": label, "feed": latency_summary(feed), "api": latency_summary(api)})
    ids = [h["id"] for h in client.get("/api/search?per_page=100").get_json()["hits"]]
    chain_ms, page_ms, nodes = [], [], []
    for doc_id in ids:
        chain_ms += timed(client, f"/api/documents/{doc_id}/chain", max(3, rounds // 10))
        page_ms += timed(client, f"/van-ban/{doc_id}", max(3, rounds // 10))
        nodes.append(len(client.get(f"/api/documents/{doc_id}/chain").get_json()["nodes"]))
    return {
        "feeds": feeds,
        "documents": len(ids),
        "chain": latency_summary(chain_ms),
        "page": latency_summary(page_ms),
        "chain_nodes_max": max(nodes or [0]),
        "chain_nodes_median": median(nodes),
    }


def _text(n: int, word: str) -> str:
    return (
        f"ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG\n\nSố: {100 + n}/UBND-VX\nV/v đo thời gian {word}\n\n"
        f"Tam Đường, ngày 2 tháng 4 năm 2020\n\n1. Nội dung {word} của văn bản số {n}.\n"
    )


def _word(n: int) -> str:
    return "zq" + chr(97 + n // 26) + chr(97 + n % 26)


def _wait_seen(engine, word: str, expected: int, timeout: float = 60.0) -> float:
    from indexer.engines.base import SearchRequest

    started = time.perf_counter()
    while engine.search(SearchRequest(q=word, with_facets=False)).total != expected:
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"{word} not seen in {timeout}s")
        time.sleep(0.01)
    return time.perf_counter() - started


def measure_watch(changes: int, burst: int) -> dict:
    from indexer.engines import open_engine
    from indexer.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        folder, index_dir = Path(tmp) / "docs", Path(tmp) / "index"
        folder.mkdir()
        (folder / "seed.txt").write_text(_text(0, _word(0)), encoding="utf-8")
        args = [sys.executable, "-m", "search_app.cli", "watch", "docs", "--index-dir", str(index_dir)]
        args += ["--segmenter", "none", "--debounce", str(DEBOUNCE), "--workers", "1"]
        proc = subprocess.Popen(args, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        lines: list[dict] = []
        reader = threading.Thread(
            target=lambda: lines.extend(json.loads(x) for x in proc.stdout), daemon=True
        )
        reader.start()
        try:
            while not any(e["event"] == "ready" for e in list(lines)):
                time.sleep(0.05)
            engine = open_engine(Settings.load(index_dir=str(index_dir), segmenter="none"))
            single = []
            for n in range(1, changes + 1):
                (folder / f"c{n}.txt").write_text(_text(n, _word(n)), encoding="utf-8")
                single.append(_wait_seen(engine, _word(n), 1) * 1000)
                time.sleep(DEBOUNCE * 2)
            batches_before = sum(1 for e in list(lines) if e["event"] == "batch-done")
            started = time.perf_counter()
            for n in range(100, 100 + burst):
                (folder / f"b{n}.txt").write_text(_text(n, _word(n)), encoding="utf-8")
            for n in range(100, 100 + burst):
                _wait_seen(engine, _word(n), 1)
            burst_s = time.perf_counter() - started
            time.sleep(DEBOUNCE * 2)
            batches = sum(1 for e in list(lines) if e["event"] == "batch-done") - batches_before
            engine.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return {
        "debounce_s": DEBOUNCE,
        "single": latency_summary(single),
        "single_median_ms": round(median(single), 1),
        "burst_files": burst,
        "burst_seconds": round(burst_s, 2),
        "burst_batches": batches,
        "exit": proc.returncode,
    }


def run(rounds: int, changes: int, burst: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        settings = build_index(Path(tmp) / "index")
        web = measure_web(settings, rounds)
    return {"web": web, "watch": measure_watch(changes, burst), "rounds": rounds}


def print_tables(result: dict) -> None:
    web, watch = result["web"], result["watch"]
    table = Table(["search", "feed p50 ms", "feed p99 ms", "same search, API p50 ms", "feed / API"], [])
    for row in web["feeds"]:
        ratio = row["feed"]["p50_ms"] / row["api"]["p50_ms"] if row["api"]["p50_ms"] else float("nan")
        table.rows.append(
            [
                row["query"],
                fmt(row["feed"]["p50_ms"], 2),
                fmt(row["feed"]["p99_ms"], 2),
                fmt(row["api"]["p50_ms"], 2),
                fmt(ratio, 2),
            ]
        )
    rounds = result["rounds"]
    print(f"feeds: server time, in-process WSGI, {rounds} rounds each (API: sort=date_desc, per_page=20)\n")
    print(table.markdown())
    chain, page = web["chain"], web["page"]
    print(
        f"\nchain over {web['documents']} documents: /api/documents/<id>/chain p50 "
        f"{fmt(chain['p50_ms'], 2)} ms, p99 {fmt(chain['p99_ms'], 2)} ms; the document page (chain "
        f"drawn in) p50 {fmt(page['p50_ms'], 2)} ms, p99 {fmt(page['p99_ms'], 2)} ms; nodes per chain: "
        f"median {fmt(float(web['chain_nodes_median']), 1)}, max {web['chain_nodes_max']}"
    )
    print(
        f"\nwatch (debounce {watch['debounce_s']} s, segmenter none): one new file searchable after p50 "
        f"{fmt(watch['single']['p50_ms'], 0)} ms, max {fmt(watch['single']['p99_ms'], 0)} ms over "
        f"{watch['single']['n']} changes; a burst of {watch['burst_files']} files all searchable after "
        f"{fmt(watch['burst_seconds'], 2)} s in {watch['burst_batches']} batch(es); "
        f"SIGTERM exit {watch['exit']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--burst", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.rounds, args.changes, args.burst)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_tables(result)


if __name__ == "__main__":
    main()
