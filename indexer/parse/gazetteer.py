"""Provinces before and after the 2025 merger (config/provinces.json), and finding them in text.

Header lines are matched loosely (folded, so OCR's `KIẾN GIANG` still finds Kiên Giang); running
text only by the capitalised name, so `diễn biến` is never Điện Biên and `hòa bình` (peace) never
Hòa Bình.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from analyzers.fold import fold_diacritics
from indexer.settings import CONFIG_DIR

PROVINCES_PATH = CONFIG_DIR / "provinces.json"

# Names that also mean something else in running text: counted only after "tỉnh"/"thành phố"/"TP".
_NEEDS_UNIT = {"Hồ Chí Minh", "Huế", "Vinh"}
_OLD_TONES = {
    "òa": "oà",
    "óa": "oá",
    "ỏa": "oả",
    "õa": "oã",
    "ọa": "oạ",
    "òe": "oè",
    "óe": "oé",
    "ỏe": "oẻ",
    "õe": "oẽ",
    "ọe": "oẹ",
    "ùy": "uỳ",
    "úy": "uý",
    "ủy": "uỷ",
    "ũy": "uỹ",
    "ụy": "uỵ",
}


@dataclass(frozen=True)
class Province:
    name: str  # pre-2025 name, new tone placement
    kind: str  # "tỉnh" | "thành phố"
    successor: str  # name after 1 July 2025


@dataclass(frozen=True)
class Gazetteer:
    by_folded: dict[str, Province]  # folded lower name/alias/place -> province
    current: dict[str, list[str]]  # new name -> old names
    text_pattern: re.Pattern  # capitalised names in running text
    by_printed: dict[str, Province]  # printed form (both tone styles) -> province


def old_tone_variant(name: str) -> str:
    for new, old in _OLD_TONES.items():
        name = name.replace(new, old)
    return name


def _key(name: str) -> str:
    return re.sub(r"[\s.\-–]+", " ", fold_diacritics(name).lower()).strip()


@cache
def gazetteer() -> Gazetteer:
    data = json.loads(PROVINCES_PATH.read_text(encoding="utf-8"))
    by_folded: dict[str, Province] = {}
    by_printed: dict[str, Province] = {}
    for entry in data["before_2025"]:
        province = Province(entry["name"], entry["kind"], entry["successor"])
        for name in [entry["name"], *entry["aliases"], *entry["places"]]:
            by_folded.setdefault(_key(name), province)
            for form in (name, old_tone_variant(name)):
                by_printed.setdefault(form, province)
    current = {entry["name"]: entry["merged_from"] for entry in data["after_2025"]}
    for new_name in current:  # a post-2025 name met in a 2025 document
        by_folded.setdefault(
            _key(new_name), by_folded.get(_key(new_name)) or Province(new_name, "tỉnh", new_name)
        )
    names = sorted(by_printed, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\wÀ-ỹ])(?:(?P<unit>tỉnh|Tỉnh|thành phố|Thành phố|TP\.?)\s+)?(?P<name>"
        + "|".join(re.escape(n) for n in names)
        + r")(?![\wÀ-ỹ])"
    )
    return Gazetteer(by_folded, current, pattern, by_printed)


def find_province(name: str) -> Province | None:
    """'LAI CHÂU', 'tỉnh Lai Châu', 'Rạch Giá', 'KIẾN GIANG' (OCR) → the pre-2025 province."""
    key = _key(name)
    key = re.sub(r"^(tinh|thanh pho|tp|thu do)\s+", "", key)
    return gazetteer().by_folded.get(key)


def current_province(name: str) -> str:
    """Pre-2025 province name → its successor after the 2025 merger ('' when unknown)."""
    province = find_province(name) if name else None
    return province.successor if province else ""


def provinces_in(text: str) -> list[tuple[str, int, int]]:
    """(province name, start, end) for every province named in running text."""
    found = []
    g = gazetteer()
    for match in g.text_pattern.finditer(text):
        printed = match.group("name")
        province = g.by_printed[printed]
        if (printed in _NEEDS_UNIT or province.name in _NEEDS_UNIT) and not match.group("unit"):
            continue
        found.append((province.name, match.start(), match.end()))
    return found


def infer_province(text: str) -> tuple[str, float]:
    """The province a body text is about, with a confidence in [0, 1]; ('', 0.0) when unclear.

    A name after 'tỉnh'/'thành phố' counts three times; the winner must be named at least twice as
    often as the runner-up.
    """
    scores: dict[str, int] = {}
    g = gazetteer()
    for match in g.text_pattern.finditer(text):
        printed = match.group("name")
        province = g.by_printed[printed]
        if printed in _NEEDS_UNIT and not match.group("unit"):
            continue
        scores[province.name] = scores.get(province.name, 0) + (3 if match.group("unit") else 1)
    if not scores:
        return "", 0.0
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, score = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0
    if score < 2 * runner:
        return "", 0.0
    total = sum(scores.values())
    confidence = round(min(0.95, 0.4 + 0.1 * min(score, 5)) * score / total, 2)
    return best, confidence
