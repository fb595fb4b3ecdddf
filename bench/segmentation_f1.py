"""Word-segmentation F1 of pyvi and underthesea on UD Vietnamese-VTB (gold: FORMs with inner spaces).

    .venv/bin/python bench/segmentation_f1.py [--split test] [--limit N]

Each segmenter gets the sentence as running text (gold FORMs joined by spaces). A word is a span of
the sentence with whitespace removed; precision/recall/F1 are over exact spans, on all words and on
multi-syllable words only (the ones the `words` field stores). syl/s is one core, model loaded.
pyvi's CRF model was trained on VTB-derived data, so its figure here is likely optimistic.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
UD = REPO.parent / "shared" / "corpus" / "ud_vtb"


def read_conllu(path: Path) -> list[list[str]]:
    sentences, words = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append(words)
            words = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                words.append(unicodedata.normalize("NFC", cols[1]))
    if words:
        sentences.append(words)
    return sentences


def spans(words: list[str]) -> set[tuple[int, int, bool]]:
    """(start, end, multi-syllable) of each word over the sentence with whitespace removed."""
    out, pos = set(), 0
    for word in words:
        compact = "".join(word.split())
        if not compact:
            continue
        out.add((pos, pos + len(compact), len(word.split()) > 1))
        pos += len(compact)
    return out


def pyvi_words(text: str) -> list[str]:
    from pyvi import ViTokenizer

    return [w.replace("_", " ") for w in ViTokenizer.tokenize(text).split()]


def underthesea_words(text: str) -> list[str]:
    from underthesea import word_tokenize

    return word_tokenize(text)


def score(gold: list[set], predicted: list[set], multi_only: bool) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for g, p in zip(gold, predicted, strict=True):
        if multi_only:
            g = {s for s in g if s[2]}
            p = {s for s in p if s[2]}
        g2, p2 = {s[:2] for s in g}, {s[:2] for s in p}
        tp += len(g2 & p2)
        fp += len(p2 - g2)
        fn += len(g2 - p2)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    path = UD / f"vi_vtb-ud-{args.split}.conllu"
    if not path.exists():
        sys.exit(f"../shared/corpus not present: {path}")
    sentences = read_conllu(path)
    if args.limit:
        sentences = sentences[: args.limit]
    gold = [spans(s) for s in sentences]
    texts = [" ".join(s) for s in sentences]
    n_syllables = sum(len(t.split()) for t in texts)
    print(f"{path.name}: {len(sentences)} sentences, {n_syllables} syllables")
    header = ("segmenter", "P", "R", "F1", "P multi", "R multi", "F1 multi", "syl/s")
    print("{:<12} {:>6} {:>6} {:>6} {:>8} {:>8} {:>9} {:>8}".format(*header))
    for name, segment in (("pyvi", pyvi_words), ("underthesea", underthesea_words)):
        segment(texts[0])  # load the model outside the timing
        start = time.perf_counter()
        predicted = [spans(segment(t)) for t in texts]
        elapsed = time.perf_counter() - start
        p, r, f = score(gold, predicted, multi_only=False)
        pm, rm, fm = score(gold, predicted, multi_only=True)
        rate = n_syllables / elapsed
        print(f"{name:<12} {p:6.3f} {r:6.3f} {f:6.3f} {pm:8.3f} {rm:8.3f} {fm:9.3f} {rate:8.0f}")


if __name__ == "__main__":
    main()
