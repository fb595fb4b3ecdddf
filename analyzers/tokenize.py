"""Syllable tokenizer with character offsets into the original text.

A syllable is a run of letters and digits (plus combining marks and invisible joiners inside it, so
NFD text and OCR's zero-width spaces do not split words). Underscores, punctuation and markdown
(`**`, `|`, `_`) separate syllables. HTML tags that leak into converted text (`<br>`, `<sup>`) and
character entities (`&nbsp;`) are skipped so they never become searchable words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analyzers.fold import loose_form
from analyzers.normalize import normalize_syllable

_MARKS = "\u0300-\u036f\u1dc0-\u1dff\u200b-\u200d\u2060\u00ad"
_TAGS = "br|p|div|span|b|i|u|s|strong|em|sup|sub|table|thead|tbody|tr|td|th|li|ul|ol|hr|font|a|img|center"
_SCAN = re.compile(
    rf"(?:</?(?:{_TAGS})\b[^<>\n]{{0,200}}>|&#?[A-Za-z0-9]{{1,8}};)|([^\W_](?:[^\W_]|[{_MARKS}])*)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # exact form: NFC, tone-normalised, lowercase
    folded: str  # diacritics removed, đ→d, numbers without leading zeros (analyzers.fold.loose_form)
    start: int  # offsets into the original text
    end: int
    position: int


@lru_cache(maxsize=200_000)
def forms(raw: str) -> tuple[str, str]:
    """(exact, folded) of one raw syllable, cached: a corpus repeats a few thousand syllables."""
    exact = normalize_syllable(raw)
    return exact, loose_form(exact)


def syllables(text: str) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    position = 0
    for match in _SCAN.finditer(text):
        raw = match.group(1)
        if raw is None:
            continue
        exact, folded = forms(raw)
        if not exact:  # nothing left once invisible characters are dropped
            continue
        append(Token(exact, folded, match.start(1), match.end(1), position))
        position += 1
    return tokens
