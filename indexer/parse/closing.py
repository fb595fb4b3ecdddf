"""Formal parts printed at the END of a document: the consolidated text's authentication block, and
the adoption formula of laws and National Assembly resolutions.

- A văn bản hợp nhất (VBHN) opens with the header of the text it consolidates; its own number, date,
  issuer and signer stand in the closing `XÁC THỰC VĂN BẢN HỢP NHẤT` block:
  `BỘ Y TẾ / Số: 04/VBHN-BYT / XÁC THỰC VĂN BẢN HỢP NHẤT / Hà Nội, ngày 13 tháng 4 năm 2018 /
  KT. BỘ TRƯỞNG / THỨ TRƯỞNG / Phạm Lê Tuấn`.
- A Luật or a UBTVQH resolution prints no date in its header: `Luật này được Quốc hội … thông qua ngày
  13 tháng 11 năm 2020.` closes it. Both are printed formal parts: their values are `stated`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.parse.dates import WORDY, iso
from indexer.parse.header import Header, read_header
from indexer.parse.lines import Line, is_upper
from indexer.parse.signature import Signature, read_signature

_AUTHENTICATION = re.compile(r"^XAC THUC VAN BAN HOP NHAT\b")
_ADOPTED = re.compile(r"THONG QUA (?=NGAY)")
_FORMULA_HINT = re.compile(r"qua[ \t\r\n]{1,4}ng[àa]y")
_BLOCK_LINES = 16  # issuer, number, formula, place and date, authority, title, name, blank lines


@dataclass
class ConsolidationBlock:
    header: Header
    signature: Signature


def consolidation_block(lines: list[Line]) -> ConsolidationBlock | None:
    """The last `XÁC THỰC VĂN BẢN HỢP NHẤT` block, read as a small header plus its signature."""
    at = next(
        (i for i in range(len(lines) - 1, -1, -1) if _AUTHENTICATION.match(lines[i].folded)),
        -1,
    )
    if at < 0:
        return None
    start, seen = at, 0
    while start - 1 >= 0 and seen < 6:  # up over the number and the issuer lines
        above = lines[start - 1]
        stray = not any(ch.isalnum() for ch in above.clean)  # a lone '.' or '[' of the text layer
        if not above.blank and not stray and not (is_upper(above.clean) or above.folded.startswith("SO")):
            break
        seen += 0 if above.blank or stray else 1
        start -= 1
    block = lines[start:at] + lines[at + 1 : at + _BLOCK_LINES]  # the formula is no issuer line
    header = read_header(block)
    if not header.number:
        return None
    return ConsolidationBlock(header, read_signature(block, 0))


def adoption_date(text: str) -> tuple[str, str]:
    """(ISO date, precision) of the adoption formula near the end, ('', 'unknown') when none."""
    from analyzers.fold import fold_diacritics

    low = text[-6000:].lower()
    if not _FORMULA_HINT.search(low):
        return "", "unknown"  # no formula: skip folding the tail (most documents)
    tail = " ".join(fold_diacritics(low).upper().split())
    found = None
    for found in _ADOPTED.finditer(tail):  # noqa: B007
        pass  # the last formula: an amending law quotes earlier ones in its body
    if found is None:
        return "", "unknown"
    date = WORDY.match(tail, found.end())
    if not date:
        return "", "unknown"
    day = date.group("d")
    return iso(int(date.group("y")), int(date.group("m")), int(day) if day else None)
