"""Vietnamese text analysis: pure functions, no I/O at import time.

The chain (tokenizer → filters) is the same at index time and at query time:
  original text → syllable tokens with offsets into the original (tokenize.syllables)
               → per-token normalisation: NFC, Ð→Đ, tone placement, lowercase (normalize)
               → diacritic folding incl. đ→d (fold)
               → optional word segmentation (segment) for ranking
"""

from analyzers.fold import fold_diacritics, has_diacritics
from analyzers.normalize import normalize_syllable, normalize_text
from analyzers.tokenize import Token, syllables

__all__ = [
    "Token",
    "fold_diacritics",
    "has_diacritics",
    "normalize_syllable",
    "normalize_text",
    "syllables",
]
