"""Document types: names on type lines and in citations, codes in the number's symbol."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from analyzers.fold import fold_diacritics
from indexer.settings import CONFIG_DIR

DOC_TYPES_PATH = CONFIG_DIR / "doc_types.json"


@dataclass(frozen=True)
class DocTypes:
    names: tuple[str, ...]  # longest first
    by_folded: dict[str, str]  # folded lower name -> name ("" for the generic "văn bản")
    state_codes: dict[str, str]  # folded upper code -> name
    legal_codes: dict[str, str]
    party_codes: dict[str, str]


def _fold_upper(code: str) -> str:
    return fold_diacritics(code).upper()


@cache
def doc_types() -> DocTypes:
    data = json.loads(DOC_TYPES_PATH.read_text(encoding="utf-8"))
    by_folded = {fold_diacritics(n): n for n in data["names"]}
    for alias, name in data["aliases"].items():
        by_folded.setdefault(fold_diacritics(alias), name)
    names = tuple(sorted(by_folded, key=len, reverse=True))

    def codes(key: str) -> dict[str, str]:
        return {_fold_upper(c): n for c, n in data[key].items()}

    return DocTypes(names, by_folded, codes("state_codes"), codes("legal_codes"), codes("party_codes"))


def type_from_name(printed: str) -> str:
    """'THÔNG BÁO', 'Thông báo kết luận', 'Văn bản' → 'thông báo', 'thông báo', '' (generic)."""
    return doc_types().by_folded.get(re.sub(r"\s+", " ", fold_diacritics(printed).lower()).strip(), "")


@cache
def type_name_pattern() -> re.Pattern:
    """Type names as printed in running text ('Công văn', 'Thông báo kết luận'), case-insensitive."""
    names = sorted(doc_types().by_folded.values(), key=len, reverse=True)
    names = [n for n in dict.fromkeys(names) if n]
    alternatives = names + ["văn bản", "điện", "thông báo kết luận"]
    return re.compile(
        r"(?i)(?<!\w)("
        + "|".join(re.escape(n) for n in sorted(set(alternatives), key=len, reverse=True))
        + r")(?!\w)"
    )


_PARTY = re.compile(r"^\s*\d+\s*-\s*([A-Za-zĐđÐ]+)\s*/", re.UNICODE)
_LEGAL = re.compile(r"^\s*\d+\s*/\s*\d{4}\s*/\s*([A-Za-zĐđÐ]+)\s*-", re.UNICODE)
_STATE = re.compile(r"^\s*(?:\d+\s*)?/\s*([A-Za-zĐđÐ]+)\s*-", re.UNICODE)  # no \s*\d*\s*: quadratic


def type_from_number(number: str) -> str:
    """The type the symbol's code names: '172-TB/TW' → thông báo, '30/2020/NĐ-CP' → nghị định,
    '628/UBND-VX' → '' (a công văn's symbol carries no code: only the V/v line says công văn)."""
    table = doc_types()
    for pattern, codes in (
        (_PARTY, table.party_codes),
        (_LEGAL, table.legal_codes),
        (_STATE, table.state_codes),
    ):
        match = pattern.match(number)
        if match:
            return codes.get(_fold_upper(match.group(1)), "")
    return ""
