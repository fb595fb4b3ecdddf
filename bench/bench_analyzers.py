"""Throughput of the analysis chain per core, without and with each segmenter.

    .venv/bin/python bench/bench_analyzers.py [--mb 8] [--segment-kb 400]

Input: article texts of ../shared/corpus/phapdien (one call per article, as the pipeline does),
in one process (= one core). MB are UTF-8 megabytes of input. Prints one table.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
PHAPDIEN = REPO.parent / "shared" / "corpus" / "phapdien" / "articles.jsonl.gz"

QUERIES = [
    "muc tieu kep", "UBND tỉnh Lai Châu", '"mục tiêu kép"', "COVID-19 -F0", "172-TB/TW",
    "tinh uy OR TU", "ủy ban nhân dân", "5K", "phòng chống dịch", "Nghị định 30/2020/NĐ-CP",
]  # fmt: skip


_SYLLABLE = re.compile(r"[^\W_]+")


def load_texts(megabytes: float) -> list[str]:
    if not PHAPDIEN.exists():
        sys.exit(f"../shared/corpus not present: {PHAPDIEN}")
    texts, size = [], 0
    with gzip.open(PHAPDIEN, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            if text:
                texts.append(text)
                size += len(text.encode("utf-8"))
                if size >= megabytes * 1e6:
                    break
    return texts


def take(texts: list[str], kilobytes: float) -> list[str]:
    out, size = [], 0
    for text in texts:
        out.append(text)
        size += len(text.encode("utf-8"))
        if size >= kilobytes * 1e3:
            break
    return out


def run(name: str, texts: list[str], work) -> tuple[str, float, float, float]:
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    n_syllables = sum(len(_SYLLABLE.findall(t)) for t in texts)  # counted without touching any cache
    start = time.perf_counter()
    for text in texts:
        work(text)
    elapsed = time.perf_counter() - start
    return name, n_bytes / 1e6, n_bytes / 1e6 / elapsed, n_syllables / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=8.0, help="MB of text for the segmenter-free rows")
    parser.add_argument("--segment-kb", type=float, default=400.0, help="KB of text for segmenter rows")
    args = parser.parse_args()

    from analyzers.chain import index_terms, index_terms_from_tokens, syllable_terms, word_terms
    from analyzers.legacy import repair_legacy
    from analyzers.query import parse_query
    from analyzers.segment import get_segmenter
    from analyzers.tokenize import syllables

    texts = load_texts(args.mb)
    small = take(texts, args.segment_kb)
    rows = [
        run("index_terms (+ codes), cold caches", texts, index_terms),
        run("index_terms (+ codes), warm caches", texts, index_terms),
        run("syllables (offset tokens, highlighting)", texts, syllables),
        run("syllable_terms (exact+loose)", texts, syllable_terms),
        run("index_terms_from_tokens (reference)", texts, index_terms_from_tokens),
        run("repair_legacy (genuine Unicode)", texts, repair_legacy),
        run("index_terms + repair_legacy", texts, lambda t: index_terms(repair_legacy(t)[0])),
    ]
    for name in ("pyvi", "underthesea"):
        segmenter = get_segmenter(name)
        word_terms(small[0], segmenter)  # load the model outside the timing
        rows.append(run(f"word_terms ({name})", small, lambda t, s=segmenter: word_terms(t, s)))
        rows.append(
            run(
                f"index_terms + word_terms ({name})",
                small,
                lambda t, s=segmenter: (index_terms(t), word_terms(t, s)),
            )
        )
    print(f"phapdien articles, one process (one core); segmenter rows on the first {args.segment_kb:.0f} KB")
    print(f"{'chain':<42} {'MB in':>7} {'MB/s':>7} {'syllables/s':>12}")
    for name, size, mbps, sps in rows:
        print(f"{name:<42} {size:7.2f} {mbps:7.2f} {sps:12,.0f}")
    start = time.perf_counter()
    for _ in range(200):
        for q in QUERIES:
            parse_query(q)
    per_query = (time.perf_counter() - start) / (200 * len(QUERIES))
    print(f"parse_query: {per_query * 1e6:.0f} µs per query (mix of {len(QUERIES)} real queries)")


if __name__ == "__main__":
    main()
