"""Parser accuracy on real documents, and parsing speed.

    python -m bench.bench_parse [--articles 2000] [--repeat 3] [--misses]

Accuracy (bench.parse_accuracy): every file of ../shared/corpus/real read by our readers, parsed, and
compared field by field with two label sets (gold-dev.json by hand; the gazette's own metadata), each
cut into a fixed `tune` / `held` half; the HTML pages get a table of their own (bench.html_edges: gold
fields, and portal chrome left above the letterhead or below the signature). A cell is
`correct/labelled` with the share; `fp` counts the documents where the label is empty (null: a central
body's province, a draft's missing signer) and we still gave a value. `--misses` lists every wrong value.

Speed: one process (one core), parse_documents on every text, then group_copies over all the
documents; the target is at least 200 documents/s per core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
REAL = CORPUS / "real"


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


def read_real(real: Path = REAL) -> tuple[dict[str, str], dict[str, str]]:
    """(file → text, file → reason it could not be read) for every document of the real corpus."""
    from indexer.errors import SourceError
    from indexer.sources import read_source

    texts, unreadable = {}, {}
    for path in sorted((real / "docs").rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(real).as_posix()
        try:
            records = read_source(path)
        except SourceError as exc:
            unreadable[name] = exc.reason
            continue
        texts[name] = "\n".join(r.text for r in records)
    return texts, unreadable


def score(labels: dict[str, list[dict]], parsed: dict[str, list]) -> dict:
    """{half: {field: [correct, labelled, false positives, misses]}} plus extra-document counts."""
    from bench.parse_accuracy import field_matches, split_half

    out: dict = {}
    for name, truths in sorted(labels.items()):
        half = out.setdefault(split_half(name), {"files": 0, "extra_docs": 0, "fields": {}})
        half["files"] += 1
        docs = parsed.get(name, [])
        half["extra_docs"] += max(0, len(docs) - len(truths))
        for i, truth in enumerate(truths):
            doc = docs[i] if i < len(docs) else None
            for field, label in truth.items():
                ours = _value(doc, field)
                cell = half["fields"].setdefault(field, [0, 0, 0, []])
                if label in (None, ""):
                    if ours:
                        cell[2] += 1
                        cell[3].append((name, field, ours, None))
                    continue
                cell[1] += 1
                if field_matches(field, ours, str(label)):
                    cell[0] += 1
                else:
                    cell[3].append((name, field, ours, label))
    return out


def _value(doc, field: str) -> str:
    if doc is None:
        return ""
    if field == "issued_year":
        return doc.issued[:4]
    # a joint document: the label names every body (' - ') and every signer ('; ')
    if field == "issuer" and doc.co_issuers:
        return " - ".join([doc.issuer, *doc.co_issuers])
    if field == "signer" and doc.co_signers:
        return "; ".join([doc.signer, *doc.co_signers])
    return getattr(doc, field, "") or ""


def accuracy(real: Path = REAL, show_misses: bool = False) -> dict:
    from bench.html_edges import html_table
    from bench.parse_accuracy import gazette_labels, gold_labels
    from indexer.parse import parse_documents

    if not (real / "gold-dev.json").exists():
        print(f"accuracy skipped: {real} not present")
        return {}
    texts, unreadable = read_real(real)
    parsed = {name: parse_documents(text, name) for name, text in texts.items()}
    results = {"unreadable": unreadable, "files": len(texts)}
    for set_name, labels in (("gold", gold_labels(real)), ("gazette", gazette_labels(real))):
        scored = score(labels, parsed)
        results[set_name] = scored
        print(_table(set_name, scored))
        if show_misses:
            for half in scored.values():
                for cell in half["fields"].values():
                    for name, field, ours, label in cell[3]:
                        print(f"  miss {field:<11} {name}\n      ours : {ours!r}\n      label: {label!r}")
    print(html_table(texts, parsed, gold_labels(real)))
    central = [
        (name, d.issuer, d.province)
        for name, docs in parsed.items()
        for d in docs
        if d.province and d.issuer and _central(d.issuer)
    ]
    print(
        f"\nfiles read {len(texts)}, unreadable {len(unreadable)}; "
        f"central issuers given a province: {len(central)}"
    )
    for name, reason in unreadable.items():
        print(f"  unreadable {name}: {reason}")
    for name, issuer, province in central[:10]:
        print(f"  central with province {name}: {issuer} / {province}")
    results["central_with_province"] = len(central)
    results["texts"] = texts
    return results


def _central(issuer: str) -> bool:
    from indexer.parse.names import is_central

    return is_central(issuer)


def _table(set_name: str, scored: dict) -> str:
    from bench.parse_accuracy import FIELDS

    fields = [f for f in (*FIELDS, "issued_year") if any(f in h["fields"] for h in scored.values())]
    halves = ", ".join(f"{h} {scored[h]['files']} files" for h in sorted(scored, reverse=True))
    rows = [f"\n{set_name}: {halves}"]
    rows.append(f"{'field':<12}" + "".join(f"{h + ' correct':>20}{'fp':>5}" for h in ("tune", "held")))
    for field in fields:
        line = f"{field:<12}"
        for half in ("tune", "held"):
            cell = scored.get(half, {}).get("fields", {}).get(field)
            if not cell:
                line += f"{'-':>20}{'':>5}"
                continue
            share = cell[0] / cell[1] if cell[1] else 1.0
            line += f"{f'{cell[0]}/{cell[1]} {share:6.1%}':>20}{cell[2]:>5}"
        rows.append(line)
    rows.append(
        f"{'extra docs':<12}"
        + "".join(f"{scored.get(h, {}).get('extra_docs', 0):>20}{'':>5}" for h in ("tune", "held"))
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="phapdien articles to parse (0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    parser.add_argument("--misses", action="store_true", help="list every wrong value")
    parser.add_argument("--no-speed", action="store_true", help="accuracy only")
    parser.add_argument("--speed-only", action="store_true", help="speed only (no accuracy tables)")
    args = parser.parse_args(argv)
    from indexer.parse import parse_documents

    parse_documents("khởi động", "warmup")  # config files load once, outside the timing
    results = {"accuracy": {} if args.speed_only else accuracy(show_misses=args.misses)}
    real_texts = results["accuracy"].pop("texts", {})
    if args.no_speed:
        return results
    print()
    print(
        f"{'set':<10} {'files':>6} {'docs':>6} {'clauses':>8} {'MB':>6} {'parse s':>8} {'+copies s':>10} "
        f"{'docs/s/core':>12} {'MB/s':>6}"
    )
    sets = _texts(args.articles)
    if real_texts:
        sets["real"] = sorted(real_texts.items())
    for name, texts in sets.items():
        r = measure(texts, args.repeat)
        results[name] = r
        print(
            f"{name:<10} {r['files']:>6} {r['documents']:>6} {r['clauses']:>8} {r['chars'] / 1e6:>6.2f} "
            f"{r['parse_s']:>8.3f} {r['total_s']:>10.3f} {r['docs_per_s']:>12.0f} {r['mb_per_s']:>6.2f}"
        )
    return results


if __name__ == "__main__":
    main()
