"""Document numbers ("số và ký hiệu"): recognising them and reducing them to one lookup key."""

from __future__ import annotations

import re

from analyzers.fold import fold_diacritics
from analyzers.normalize import normalize_text

# 628/UBND-VX, 172-TB/TW, 30/2020/NĐ-CP, 1276-CV/TU, 241/TB-VPCP, 36/BC-UBND, and the dotted serials
# of resolutions taken between sessions (66.3/2025/NQ-CP): never read as '3/2025/NQ-CP'
_SERIAL = r"\d{1,6}(?:\.\d{1,3})?"
_SYMBOL = r"[A-ZĐÐa-zđ][A-ZĐÐa-zđ0-9]*(?:\s*[-/]\s*[A-ZĐÐa-zđ0-9]+)*"
NUMBER_PATTERN = _SERIAL + r"\s*[-/]\s*(?:\d{4}\s*/\s*)?" + _SYMBOL
NUMBER_RE = re.compile(r"(?<![\w/.-])" + NUMBER_PATTERN + r"(?![\w])")
_PREFIX = re.compile(r"^\s*(?:s[ốo]|so)\s*[:.]?\s*", re.IGNORECASE)


def number_key(number: str) -> str:
    """'172 - TB/TW', 'số 172-tb/tw', 'Số: 628 /UBND-VX' → one key ('172-tb/tw')."""
    text = normalize_text(number).strip()
    text = _PREFIX.sub("", text)
    text = re.sub(r"\s+", "", text)
    return fold_diacritics(text).lower()


def looks_like_number(query: str) -> bool:
    text = _PREFIX.sub("", normalize_text(query).strip())
    return bool(re.fullmatch(NUMBER_PATTERN, text))
