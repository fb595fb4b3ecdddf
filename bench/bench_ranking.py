"""Ranking quality on ALQAC 2022: Recall@1/5/10 and MRR@10 against a plain BM25 baseline.

The 1,377 articles of ../shared/corpus/alqac2022/law.json go through the real pipeline (jsonl, one
document per article, id = law id + '#' + article id); the 520 questions run as typed and with their
diacritics stripped, in each match mode (`SearchRequest.match`: all = AND; any = a share of the words;
auto = all, then any when all finds nothing — the product default). The baseline is bm25s over the
same article texts, tokenised plainly (lowercase, \\w\\w+), computed in the same run; a second
baseline folds diacritics on both sides.

    python -m bench.bench_ranking [--quick]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.common import Table, load_alqac, write_jsonl_shards

KS = (1, 5, 10)
MODES = ("all", "any", "auto")
SEGMENTERS = ("pyvi", "none")
TARGET_DIACRITIC_LOSS = 0.10


def metrics(rankings: list[list[str]], golds: list[set[str]]) -> dict:
    """Recall@k (share of gold articles in the top k, averaged over questions) and MRR@10."""
    n = len(golds) or 1
    out = {}
    for k in KS:
        out[f"recall@{k}"] = (
            sum(len(set(r[:k]) & g) / len(g) for r, g in zip(rankings, golds, strict=True)) / n
        )
    reciprocal = 0.0
    for ranked, gold in zip(rankings, golds, strict=True):
        for rank, doc_id in enumerate(ranked[:10], start=1):
            if doc_id in gold:
                reciprocal += 1 / rank
                break
    out["mrr@10"] = reciprocal / n
    out["answered"] = sum(bool(r) for r in rankings) / n
    return out


def bm25_rankings(articles: list[dict], questions: list[str], fold: bool = False) -> list[list[str]]:
    import bm25s

    from analyzers.fold import fold_diacritics

    def prep(text: str) -> str:
        return fold_diacritics(text.lower()) if fold else text

    ids = [a["id"] for a in articles]
    retriever = bm25s.BM25()
    retriever.index(
        bm25s.tokenize([prep(a["text"]) for a in articles], stopwords=None, show_progress=False),
        show_progress=False,
    )
    tokens = bm25s.tokenize([prep(q) for q in questions], stopwords=None, show_progress=False)
    docs, _scores = retriever.retrieve(tokens, k=min(10, len(ids)), show_progress=False)
    return [[ids[i] for i in row] for row in docs.tolist()]


def engine_rankings(engine, questions: list[str], match: str) -> list[list[str]]:
    from indexer.engines.base import SearchRequest

    out = []
    for q in questions:
        response = engine.search(SearchRequest(q=q, per_page=10, with_facets=False, match=match))
        out.append([hit.id for hit in response.hits])
    return out


def build_index(articles: list[dict], work: Path, segmenter: str, workers: int | None = None) -> Path:
    from indexer.reindex import reindex
    from indexer.settings import Settings

    source = work / "alqac-src"
    if not source.exists():
        write_jsonl_shards(articles, source, shards=16)
    index_dir = work / f"alqac-index-{segmenter}"
    settings = Settings.load(index_dir=str(index_dir), engine="tantivy", segmenter=segmenter)
    report = reindex([source], settings, workers=workers)
    if report.files_failed or report.documents != len(articles):
        raise RuntimeError(f"ALQAC indexing incomplete: {report.summary()} {report.files_failed[:3]}")
    return index_dir


def run(work: Path, quick: bool = False, log=print, segmenters: tuple[str, ...] = SEGMENTERS) -> dict:
    from analyzers.fold import fold_diacritics
    from indexer.engines.tantivy_engine import TantivyEngine

    articles, questions = load_alqac()
    if quick:
        questions = questions[:60]
        segmenters = segmenters[:1]
    golds = [q["gold"] for q in questions]
    variants = {
        "typed": [q["text"] for q in questions],
        "no diacritics": [fold_diacritics(q["text"]) for q in questions],
    }
    rows = []
    log(f"ranking: bm25s baseline over {len(articles)} articles …")
    for name, fold in (("bm25s (plain)", False), ("bm25s (both sides folded)", True)):
        for variant, texts in variants.items():
            rows.append(
                {"system": name, "questions": variant, **metrics(bm25_rankings(articles, texts, fold), golds)}
            )
    for segmenter in segmenters:
        log(
            f"ranking: indexing {len(articles)} articles (segmenter {segmenter}) and asking {len(questions)} "
            "questions in each mode …"
        )
        index_dir = build_index(articles, work, segmenter)
        engine = TantivyEngine(index_dir, segmenter=segmenter)
        try:
            for mode in MODES:
                for variant, texts in variants.items():
                    rows.append(
                        {
                            "system": f"vanban match={mode}, segmenter {segmenter}",
                            "questions": variant,
                            **metrics(engine_rankings(engine, texts, mode), golds),
                        }
                    )
        finally:
            engine.close()
    return {"articles": len(articles), "questions": len(questions), "rows": rows}


def table(result: dict) -> str:
    baseline = {r["questions"]: r["mrr@10"] for r in result["rows"] if r["system"] == "bm25s (plain)"}
    typed = {r["system"]: r["mrr@10"] for r in result["rows"] if r["questions"] == "typed"}
    rows = []
    for r in result["rows"]:
        vs = r["mrr@10"] - baseline.get(r["questions"], 0.0)
        loss = ""
        if r["questions"] != "typed" and typed.get(r["system"]):
            drop = 1 - r["mrr@10"] / typed[r["system"]]
            loss = f"{drop:+.0%}".replace("+", "−", 1) if drop > 0 else f"{-drop:+.0%}"
            if r["system"].startswith("vanban"):
                loss += " ✓" if drop <= TARGET_DIACRITIC_LOSS else " ✗"
        rows.append(
            [
                r["system"],
                r["questions"],
                f"{r['recall@1']:.3f}",
                f"{r['recall@5']:.3f}",
                f"{r['recall@10']:.3f}",
                f"**{r['mrr@10']:.3f}**",
                f"{vs:+.3f}",
                loss,
                f"{r['answered']:.0%}",
            ]
        )
    note = (
        f"{result['articles']:,} articles, {result['questions']} questions. Targets: MRR@10 above the "
        "plain bm25s baseline; questions without diacritics lose ≤ 10% of MRR@10.\n\n"
    )
    return (
        note
        + Table(
            [
                "system",
                "questions",
                "R@1",
                "R@5",
                "R@10",
                "MRR@10",
                "Δ MRR vs bm25s (same questions)",
                "MRR change without diacritics",
                "questions with ≥1 hit",
            ],
            rows,
        ).markdown()
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_ranking")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        print(table(run(Path(tmp), quick=args.quick)))


if __name__ == "__main__":
    main()
