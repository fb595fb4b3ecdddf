"""Lines that belong to the carrier, not the document: gazette running heads and page numbers, digital
signature stamps printed into the text layer. They are dropped before the header and the signature are
read (the spans of the other lines, and so every value cut from the text, stay as they were).

- `CÔNG BÁO/Số 271/Ngày 12-05-2026` (+ the page number on the line before or after it) opens every
  gazette page, also between a document's header lines.
- `VĂN BẢN QUY PHẠM PHÁP LUẬT`, `VĂN BẢN HỢP NHẤT - BỘ Y TẾ`: the gazette's section headings.
- `Ký bởi: CÔNG BÁO …` / `Người ký: Cổng Thông tin …` then `Email:`, `Cơ quan:`, `Ngày ký:` /
  `Thời gian ký:`: the stamp of whoever signed the PDF, never the document's signer or issuer.
"""

from __future__ import annotations

import re

from indexer.parse.lines import Line

_RUNNING_HEAD = re.compile(r"^CONG BAO\s?/\s?SO\b")
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_STAMP_OPEN = re.compile(r"^(?:KY BOI|NGUOI KY)\s?:")
_STAMP_FIELD = re.compile(r"^(?:EMAIL|CO QUAN|NGAY KY|THOI GIAN KY)\s?:")
# the gazette's section headings, printed above a document's own header
_SECTIONS = ("VAN BAN QUY PHAM PHAP LUAT", "VAN BAN PHAP LUAT KHAC", "VAN BAN HOP NHAT -", "VAN BAN KHAC")


def drop_noise(lines: list[Line]) -> list[Line]:
    """The lines without running heads, page numbers next to them, and signature stamps."""
    if not any(_RUNNING_HEAD.match(ln.folded) or _STAMP_OPEN.match(ln.folded) for ln in lines):
        return lines  # the common case costs one pass
    drop: set[int] = set()
    gazette = False
    for i, line in enumerate(lines):
        folded = line.folded
        if _RUNNING_HEAD.match(folded):
            drop.add(i)
            gazette = True
            for j in (*_neighbours(lines, i, -1), *_neighbours(lines, i, 1)):
                if _PAGE_NUMBER.match(lines[j].folded):
                    drop.add(j)
        elif _STAMP_OPEN.match(folded):
            drop.add(i)
            j = i + 1
            while j < len(lines) and j <= i + 6 and (lines[j].blank or _STAMP_FIELD.match(lines[j].folded)):
                drop.add(j)
                j += 1
        elif gazette and folded.startswith(_SECTIONS) and len(folded) <= 60:
            drop.add(i)
    return [line for i, line in enumerate(lines) if i not in drop]


def _neighbours(lines: list[Line], i: int, step: int) -> list[int]:
    """The nearest non-blank line on one side (within three lines)."""
    j = i + step
    while 0 <= j < len(lines) and abs(j - i) <= 3:
        if not lines[j].blank:
            return [j]
        j += step
    return []
