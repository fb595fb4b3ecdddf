"""Letterhead boilerplate: the parts of a document printed on every document of its kind.

The quốc hiệu (`CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`), the tiêu ngữ (`Độc lập - Tự do - Hạnh phúc`),
the Party's `ĐẢNG CỘNG SẢN VIỆT NAM`, and the labels `Số:` and `Kính gửi` say nothing about a
document's subject; indexed like body text they make every document match `so`, `doc lap` or
`viet nam` (issue 12). The page still shows them: they are cut only from the searchable text.

Found by their folded shape, so OCR that lost or mangled diacritics (`NGHỈA`, `Tư do`, `Sô:`) is
caught too, and only as a whole line or table cell (the quốc hiệu inside a sentence — "công dân
nước Cộng hòa xã hội chủ nghĩa Việt Nam" — is content and stays searchable).
"""

from __future__ import annotations

import re

from analyzers.fold import fold_diacritics

# A cell starts at a line start, after a table bar or after a tag (`<br>`); markdown emphasis around.
_START = r"(?:^|(?<=\|)|(?<=>))[ \t*_]*"
_END = r"[ \t*_.\-\u2013\u2014]*(?=$|\||<)"
_WHOLE_CELL = re.compile(
    _START
    + r"(cong\W{0,3}hoa\W+xa\W+hoi\W+chu\W+nghia\W+viet\W+nam"
    + r"|dang\W+cong\W+san\W+viet\W+nam"
    + r"|doc\W{0,3}lap\W{0,5}tu\W{0,3}do\W{0,5}hanh\W{0,3}phuc)"
    + _END,
    re.MULTILINE,
)
_LABEL = re.compile(_START + r"(so[ \t]*:|kinh[ \t]+gui(?:[ \t]*:)?)", re.MULTILINE)


def _folded_lower(text: str) -> str:
    """Folded, lower-case text with the same length as `text` (offsets stay valid)."""
    folded = fold_diacritics(text).lower()
    if len(folded) == len(text):
        return folded
    out = []
    for ch in text:
        f = fold_diacritics(ch).lower()
        out.append(f if len(f) == 1 else ch)
    return "".join(out)


def letterhead_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of the letterhead boilerplate in `text`, in order."""
    folded = _folded_lower(text)
    spans = [m.span(1) for m in _WHOLE_CELL.finditer(folded)]
    spans += [m.span(1) for m in _LABEL.finditer(folded)]
    return sorted(spans)


def without_letterhead(text: str) -> str:
    """`text` with its letterhead blanked out by spaces: same length, so offsets stay valid."""
    spans = letterhead_spans(text)
    if not spans:
        return text
    pieces, cursor = [], 0
    for start, end in spans:
        pieces.append(text[cursor:start])
        pieces.append(" " * (end - start))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)
