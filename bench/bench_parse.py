"""Parsing speed: documents per second per core over the seeds, the samples and phapdien articles.

    python -m bench.bench_parse [--articles 2000] [--repeat 3]

Runs in one process (one core): parse_documents on every text, then group_copies over all the
documents. Prints a table; the target is at least 200 documents/s per core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def _texts(articles: int) -> dict[str, list[tuple[str, str]]]:
    sets: dict[str, list[tuple[str, str]]] = {}
    seeds = CORPUS / "seeds"
    if seeds.is_dir():
        sets["seeds"] = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))]
    sets["samples"] = [
        (p.name, p.read_text(encoding="utf-8"))
        for p in sorted((REPO / "samples").iterdir())
        if p.suffix in (".txt", ".md")
    ]
    phapdien = CORPUS / "phapdien" / "articles.jsonl.gz"
    if phapdien.exists() and articles:
        rows = []
        with gzip.open(phapdien, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record.get("text"):
                    rows.append((record["id"], record["text"]))
                    if len(rows) >= articles:
                        break
        sets["phapdien"] = rows
    return sets


def measure(texts: list[tuple[str, str]], repeat: int) -> dict:
    from indexer.parse import parse_documents
    from indexer.parse.copies import group_copies

    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        docs = [doc for name, text in texts for doc in parse_documents(text, name)]
        parsed = time.perf_counter() - started
        group_copies(docs)
        total = time.perf_counter() - started
        if best is None or total < best[1]:
            best = (parsed, total, docs)
    parsed, total, docs = best
    chars = sum(len(t) for _, t in texts)
    return {
        "files": len(texts),
        "documents": len(docs),
        "clauses": sum(len(d.clauses) for d in docs),
        "chars": chars,
        "parse_s": parsed,
        "total_s": total,
        "docs_per_s": len(docs) / total,
        "mb_per_s": chars / total / 1e6,
    }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="phapdien articles to parse (0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args(argv)
    from indexer.parse import parse_documents

    parse_documents("khởi động", "warmup")  # config files load once, outside the timing
    results = {}
    print(
        f"{'set':<10} {'files':>6} {'docs':>6} {'clauses':>8} {'MB':>6} {'parse s':>8} {'+copies s':>10} "
        f"{'docs/s/core':>12} {'MB/s':>6}"
    )
    for name, texts in _texts(args.articles).items():
        r = measure(texts, args.repeat)
        results[name] = r
        print(
            f"{name:<10} {r['files']:>6} {r['documents']:>6} {r['clauses']:>8} {r['chars'] / 1e6:>6.2f} "
            f"{r['parse_s']:>8.3f} {r['total_s']:>10.3f} {r['docs_per_s']:>12.0f} {r['mb_per_s']:>6.2f}"
        )
    return results


if __name__ == "__main__":
    main()
