"""Syllable tokenizer with character offsets into the original text.

A syllable is a run of letters and digits (plus combining marks and invisible joiners inside it, so
NFD text and OCR's zero-width spaces do not split words). Underscores, punctuation and markdown
(`**`, `|`, `_`) separate syllables. HTML tags that leak into converted text (`<br>`, `<sup>`) and
character entities (`&nbsp;`) are skipped so they never become searchable words.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from analyzers.fold import loose_form
from analyzers.normalize import normalize_syllable

_MARKS = "\u0300-\u036f\u1dc0-\u1dff\u200b-\u200d\u2060\u00ad"
_TAGS = "br|p|div|span|b|i|u|s|strong|em|sup|sub|table|thead|tbody|tr|td|th|li|ul|ol|hr|font|a|img|center"
SKIPPED_MARKUP = rf"</?(?:{_TAGS})\b[^<>\n]{{0,200}}>|&#?[A-Za-z0-9]{{1,8}};"
_SCAN = re.compile(rf"(?:{SKIPPED_MARKUP})|([^\W_](?:[^\W_]|[{_MARKS}])*)", re.IGNORECASE)


class Token(NamedTuple):
    text: str  # exact form: NFC, tone-normalised, lowercase
    folded: str  # diacritics removed, đ→d, numbers without leading zeros (analyzers.fold.loose_form)
    start: int  # offsets into the original text
    end: int
    position: int


_FORMS: dict[str, tuple[str, str]] = {}
_FORMS_LIMIT = 500_000


def forms(raw: str) -> tuple[str, str]:
    """(exact, folded) of one raw syllable, cached in a plain dict (cheaper per hit than lru_cache):
    a corpus repeats a few tens of thousands of spellings; the cache is dropped if it ever fills."""
    found = _FORMS.get(raw)
    if found is None:
        exact = normalize_syllable(raw)
        found = (exact, loose_form(exact))
        if len(_FORMS) >= _FORMS_LIMIT:
            _FORMS.clear()
        _FORMS[raw] = found
    return found


def syllables(text: str) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    position = 0
    get = _FORMS.get
    for match in _SCAN.finditer(text):
        raw = match.group(1)
        if raw is None:
            continue
        pair = get(raw) or forms(raw)
        if not pair[0]:  # nothing left once invisible characters are dropped
            continue
        start, end = match.span(1)
        append(Token(pair[0], pair[1], start, end, position))
        position += 1
    return tokens
