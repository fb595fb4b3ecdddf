"""The index-time chain for the combined syllable field and the segmented word field."""

from __future__ import annotations

from analyzers.fold import fold_diacritics
from analyzers.normalize import normalize_syllable
from analyzers.segment import Segmenter
from analyzers.tokenize import syllables


def index_terms(text: str) -> list[tuple[str, int]]:
    """(term, position) pairs: each syllable's exact form and, when different, its folded form."""
    terms: list[tuple[str, int]] = []
    for tok in syllables(text):
        terms.append((tok.text, tok.position))
        if tok.folded != tok.text:
            terms.append((tok.folded, tok.position))
    return terms


def word_terms(text: str, segmenter: Segmenter) -> list[str]:
    """Segmented words, lowercase, in exact and (when different) folded form."""
    out = []
    for word in segmenter.words(text):
        exact = "_".join(normalize_syllable(s) for s in word.split("_"))
        out.append(exact)
        folded = fold_diacritics(exact)
        if folded != exact:
            out.append(folded)
    return out
