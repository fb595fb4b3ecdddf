"""Syllable tokenizer with character offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzers.fold import fold_diacritics
from analyzers.normalize import normalize_syllable

# A syllable: letters/digits plus combining marks (NFD input) and invisible joiners inside words.
_SYLLABLE = re.compile(r"[^\W_][\w\u0300-\u036f\u200b-\u200d\u00ad]*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # exact form: NFC, tone-normalised, lowercase
    folded: str  # diacritics removed, đ→d
    start: int  # offsets into the original text
    end: int
    position: int


def syllables(text: str) -> list[Token]:
    tokens = []
    for position, match in enumerate(_SYLLABLE.finditer(text)):
        exact = normalize_syllable(match.group())
        tokens.append(Token(exact, fold_diacritics(exact), match.start(), match.end(), position))
    return tokens
