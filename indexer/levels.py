"""Where an issuing body sits: its level (central, province, district/commune) and its branch (Party
or state), from the normalised issuer name and the document number.

Pure functions over the names the parser produces ("UBND huyện Tam Đường", "Ban Thường vụ Tỉnh ủy
Lai Châu", "Bộ Chính trị") and the number conventions of ND30 and HD36 (a Party number joins number
and type code with a dash and ends with the body's code: 172-TB/TW, 1276-CV/TU, 45-CV/HU).
"""

from __future__ import annotations

import re

from analyzers.fold import fold_diacritics

CENTRAL = "central"
PROVINCE = "province"
LOCAL = "local"  # district or commune
UNKNOWN = "unknown"
LEVELS = (CENTRAL, PROVINCE, LOCAL, UNKNOWN)

PARTY = "party"
STATE = "state"
BRANCHES = (PARTY, STATE, UNKNOWN)

LEVEL_LABELS = {
    CENTRAL: "Trung ương",
    PROVINCE: "Tỉnh, thành phố",
    LOCAL: "Huyện, xã",
    UNKNOWN: "Chưa rõ cấp",
}
BRANCH_LABELS = {PARTY: "Đảng", STATE: "Chính quyền", UNKNOWN: ""}

# Party numbers: "172-TB/TW", "1276-CV/TU", "08-NQ/TU"; the code after the slash names the body.
_PARTY_NUMBER = re.compile(r"^\d*\s*-\s*[A-ZĐ]+\s*/\s*([A-ZĐ]+)", re.IGNORECASE)
_PARTY_CODE_LEVEL = {"TW": CENTRAL, "TU": PROVINCE, "HU": LOCAL, "QU": LOCAL, "TXU": LOCAL, "ĐU": LOCAL}
# Folded (no diacritics, lower case) words, matched as whole words.
_PARTY_WORDS = (
    "bo chinh tri",
    "ban bi thu",
    "ban chap hanh trung uong",
    "trung uong dang",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "quan uy",
    "thi uy",
    "dang uy",
    "dang bo",
    "ban can su dang",
    "ban thuong vu",
    "ban tuyen giao",
    "ban dan van",
    "ban to chuc",
    "uy ban kiem tra",
)
_CENTRAL_PARTY = ("bo chinh tri", "ban bi thu", "trung uong")
_CENTRAL_STATE = (
    "chinh phu",
    "thu tuong",
    "quoc hoi",
    "chu tich nuoc",
    "bo",
    "ban chi dao quoc gia",
    "toa an nhan dan toi cao",
    "vien kiem sat nhan dan toi cao",
    "kiem toan nha nuoc",
)
_NOT_CENTRAL = ("bo chi huy", "bo doi")  # the province's military and border-guard commands
_LOCAL_WORDS = ("huyen", "quan", "thi xa", "thi tran", "phuong", "xa", "huyen uy", "quan uy", "thi uy")
_PROVINCE_WORDS = ("tinh", "so", "tinh uy")
# number codes of central state bodies: 30/2020/NĐ-CP, 16/CT-TTg, 241/TB-VPCP, 202/2025/QH15
_CENTRAL_STATE_CODE = re.compile(r"[-/](CP|TTG|VPCP|QH\d*|UBTVQH\d*|CTN|B[A-ZĐ]{1,6})$", re.IGNORECASE)


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold_diacritics(text or "").lower()).split())


def _has(folded: str, words: tuple[str, ...]) -> bool:
    padded = f" {folded} "
    return any(f" {w} " in padded for w in words)


def branch_of(issuer: str, number: str = "") -> str:
    if _PARTY_NUMBER.match((number or "").strip()):
        return PARTY
    folded = _folded(issuer)
    if _has(folded, _PARTY_WORDS):
        return PARTY
    return STATE if folded or number else UNKNOWN


def _city_is_province(folded: str) -> bool | None:
    """'thanh pho ha noi' → True (centrally run), 'thanh pho dien bien phu' → False, no city → None."""
    m = re.search(r"\bthanh pho (.+)$", folded)
    if not m:
        return None
    from indexer.parse.gazetteer import find_province

    name = m.group(1)
    province = find_province(name)
    return bool(province and province.kind == "thành phố" and _folded(province.name) == name)


def level_of(issuer: str, number: str = "") -> str:
    """The level of the body that issued a document ('' issuer and number: UNKNOWN)."""
    party = _PARTY_NUMBER.match((number or "").strip())
    if party:
        level = _PARTY_CODE_LEVEL.get(party.group(1).upper())
        if level:
            return level
    folded = _folded(issuer)
    if folded and not _has(folded, _NOT_CENTRAL):
        if _has(folded, _CENTRAL_PARTY) or _has(folded, _CENTRAL_STATE):
            return CENTRAL
    if folded:
        # "xa hoi" (social) is not a commune: "Sở Lao động - Thương binh và Xã hội"
        local_text = folded.replace("xa hoi", "")
        if _has(local_text, _LOCAL_WORDS):
            return LOCAL
        city = _city_is_province(folded)
        if city is not None:
            return PROVINCE if city else LOCAL
        if _has(folded, _PROVINCE_WORDS) or _has(folded, _NOT_CENTRAL):
            return PROVINCE
    if number and _CENTRAL_STATE_CODE.search(number.strip()):
        return CENTRAL
    return UNKNOWN


def place_of(issuer: str, number: str = "") -> tuple[str, str]:
    """(level, branch) of an issuing body."""
    return level_of(issuer, number), branch_of(issuer, number)


def place_label(level: str, branch: str) -> str:
    """'Tỉnh, thành phố · Đảng'."""
    return LEVEL_LABELS[level] + (f" · {BRANCH_LABELS[branch]}" if BRANCH_LABELS[branch] else "")
