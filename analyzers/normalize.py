"""Unicode and orthography normalisation of Vietnamese text (never shown to users).

Two levels:
- `normalize_text` for whole texts that parsers read (NFC, Ð→Đ, invisible characters dropped,
  odd spaces made plain); it keeps case and tone placement, so printed forms stay recognisable.
- `normalize_syllable` for one syllable token: the *exact* index form — NFC, Ð→Đ, invisible
  characters dropped, sub/superscript digits made plain, lowercase, and tone marks placed the
  new way (`uỷ`→`ủy`, `hoà`→`hòa`, `qúy`→`quý`) from config/tone_placement.json.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from analyzers.config_files import config_dir

CONFIG_DIR = config_dir()
TONE_TABLE_PATH = CONFIG_DIR / "tone_placement.json"

# Zero-width space/joiners, word joiner, BOM and soft hyphen: invisible in print, but they split or
# glue words for a tokenizer (OCR and Word exports are full of them).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE), None)
# U+00D0 (Icelandic eth) looks exactly like Đ and is what many Vietnamese keyboards and OCR produce.
_LETTER_FIXES = {"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ"}
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2002\u2003\u2009\u200a\u3000"), " ")
_DIGITS = {**{chr(0x2080 + i): str(i) for i in range(10)}, **{chr(0x2070 + i): str(i) for i in range(10)}}
_DIGITS.update({"¹": "1", "²": "2", "³": "3"})
_TEXT_FIXES = str.maketrans({**_LETTER_FIXES, **_SPACES, **_INVISIBLE})
_SYLLABLE_FIXES = str.maketrans({**_LETTER_FIXES, **_DIGITS, **_INVISIBLE})


@cache
def tone_table(path: Path = TONE_TABLE_PATH) -> tuple[dict[str, str], ...]:
    """Syllable-ending rewrites from the config table, longest ending first (read once per process)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    merged = {**data["open_syllable_endings"], **data["exceptions"]}
    lengths = sorted({len(k) for k in merged}, reverse=True)
    return tuple({k: v for k, v in merged.items() if len(k) == n} for n in lengths)


def place_tone(syllable: str) -> str:
    """New-style tone placement of one lowercase NFC syllable: `thuỷ`→`thủy`, `hoàn` unchanged."""
    for table in tone_table():
        n = len(next(iter(table)))
        new = table.get(syllable[-n:])
        if new is not None:
            return syllable[:-n] + new
    return syllable


@lru_cache(maxsize=200_000)
def normalize_syllable(token: str) -> str:
    """NFC, Ð→Đ, invisible characters out, plain digits, lowercase, tone placement: the 'exact' form."""
    text = token.translate(_SYLLABLE_FIXES)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = text.lower()
    return text if text.isascii() else place_tone(text)


def normalize_text(text: str) -> str:
    """NFC + letter fixes for whole texts (parsing); keeps case and tone placement."""
    return unicodedata.normalize("NFC", text.translate(_TEXT_FIXES))
