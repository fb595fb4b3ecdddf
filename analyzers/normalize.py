"""Unicode and orthography normalisation of Vietnamese text (never shown to users)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CHAR_FIXES = str.maketrans({"Ð": "Đ", "ð": "đ", "\u00a0": " "})

# Old-style tone placement ("hoà", "khoẻ", "thuỷ") → the style used as the index key
# ("hòa", "khỏe", "thủy"): in an open syllable ending in oa/oe/uy the mark sits on the first vowel.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below
_OLD_STYLE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([" + _TONES + r"])$")


@lru_cache(maxsize=65536)
def normalize_syllable(token: str) -> str:
    """NFC, Ð→Đ, tone placement, lowercase: the 'exact' form of one syllable."""
    text = unicodedata.normalize("NFC", token.translate(_CHAR_FIXES).translate(_INVISIBLE))
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved).lower()


def normalize_text(text: str) -> str:
    """NFC + character fixes for whole texts (parsing); keeps case and tone placement."""
    return unicodedata.normalize("NFC", text.translate(_CHAR_FIXES).translate(_INVISIBLE))
