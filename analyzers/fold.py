"""Diacritic folding: every Vietnamese letter to its base ASCII letter, đ/Đ included."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters that NFD does not decompose into base + combining mark.
_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})


@lru_cache(maxsize=65536)
def fold_diacritics(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def has_diacritics(text: str) -> bool:
    return fold_diacritics(text) != text
