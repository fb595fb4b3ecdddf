"""Diacritic folding: every Vietnamese letter to its base ASCII letter, đ/Đ included."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters that NFD does not decompose into base + combining mark.
_EXTRA = {"đ": "d", "Đ": "D", "Ð": "D", "ð": "d", "Ɖ": "D", "ɖ": "d"}


def _build_table() -> dict[int, str]:
    """One translate table for every precomposed Latin letter whose NFD is an ASCII letter + marks
    (all 134 accented Vietnamese letters among them): much faster than NFD + filtering per call."""
    table = {ord(k): v for k, v in _EXTRA.items()}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base.isascii() and base.isalpha() and base != chr(code):
            table[code] = base
    return table


_FOLD = _build_table()


@lru_cache(maxsize=200_000)
def fold_diacritics(text: str) -> str:
    """'Điện Biên' → 'Dien Bien', 'Ủy' → 'Uy'; NFD input folds the same as NFC."""
    if text.isascii():
        return text
    folded = text.translate(_FOLD)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFD", folded)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).translate(_FOLD)


def has_diacritics(text: str) -> bool:
    return fold_diacritics(text) != text


def loose_form(exact: str) -> str:
    """The form a term typed without diacritics looks up: folded, and a number without its leading
    zeros ('03' → '3'), so that `24/3/2020` meets `24/03/2020` and `01/2021/TT-BYT` meets `1/2021`."""
    folded = fold_diacritics(exact)
    if folded.isdigit() and folded.startswith("0") and len(folded) > 1:
        return folded.lstrip("0") or "0"
    return folded
