"""Where one file holds several documents (a công văn and the notice it forwards): cut the text at
each new header that follows a closed document, and keep the cut only where that header is a
document's own: a number, a date and an issuer. The forms and appendices printed after a signature
(`Phụ lục I`, `Mẫu số 01` with a blank `Số: …/…` and `…, ngày … tháng … năm …`, the regulation a
decree enacts under its issuer's name) belong to the document they close (indexer.parse.appendix)."""

from __future__ import annotations

import re

from indexer.parse.header import (
    _AUTHORITY,
    _NOI_NHAN,
    _NUMBER_LINE,
    is_party_motto,
    is_quoc_hieu,
    type_line,
)
from indexer.parse.lines import Line, is_upper, reading_order, split_lines
from indexer.parse.names import is_body_head
from indexer.parse.noise import drop_noise
from indexer.parse.unflatten import unflatten

_NUMBER_ANCHOR = re.compile(r"^S[OÔ]\s*[:.]?\s*\d+\s*[-/]")
_NUMBER_LINE_MAX = 80  # 'Số: 172-TB/TW' with at most a place and date beside it, not a sentence


def _anchor(line: Line) -> bool:
    return is_quoc_hieu(line) or is_party_motto(line) or _number_anchor(line)


def _number_anchor(line: Line) -> bool:
    """A header's `Số: 172-TB/TW`: capital S, a short line ('số 18-KL/TW của Trung ương, gửi …' that
    a page break put at a line's start is a sentence going on)."""
    return (
        line.clean[:1] == "S"
        and len(line.clean) <= _NUMBER_LINE_MAX
        and bool(_NUMBER_ANCHOR.match(line.folded))
    )


def document_starts(text: str, lines: list[Line] | None = None, starts: list[int] | None = None) -> list[int]:
    """Character offsets where each document of the file starts: the part starts (`starts`, else
    computed) whose header has a filled number, a date and an issuer (always [0, ...])."""
    starts = part_starts(text, lines) if starts is None else starts
    ends = starts[1:] + [len(text)]
    return [0] + [a for a, b in zip(starts[1:], ends[1:], strict=True) if own_header(text[a:b])]


def own_header(text: str) -> bool:
    """The text opens with a document's own header: a filled number, a date and an issuing body (a
    form's `Số: …/…` and `ngày … tháng … năm …` are left blank; an enacted regulation has no number)."""
    from indexer.parse.closing import adoption_date
    from indexer.parse.header import read_header

    header = read_header(read_lines(text[:_HEADER_CHARS]))
    if not (header.number and not header.number_blank and header.bodies):
        return False
    return bool(header.issued) or bool(adoption_date(text)[0])  # a Luật dates itself at its end


_HEADER_CHARS = 4000  # a header fits in it; the rest of a long part is never read for this


def read_lines(text: str) -> list[Line]:
    """The lines the parser reads: physical lines and table cells, carrier noise dropped, flattened
    header and signature lines cut into their parts, a table's cells read column by column (the
    `Nơi nhận` cell, then the signature cell beside it; not the two interleaved row by row)."""
    return reading_order(unflatten(drop_noise(split_lines(text))))


def part_starts(text: str, lines: list[Line] | None = None) -> list[int]:
    """Character offsets where each document of the file starts (always [0, ...])."""
    lines = read_lines(text) if lines is None else lines
    starts = [0]
    closed = False
    seen_anchor = False
    for i, line in enumerate(lines):
        if line.blank:
            continue
        if _NOI_NHAN.match(line.folded) or (_AUTHORITY.match(line.clean) and is_upper(line.clean)):
            closed = seen_anchor or closed or True
            continue
        standalone_type = closed and len(line.clean) <= 30 and bool(type_line(line)[0])
        if _anchor(line) or (closed and standalone_type):
            if closed:
                starts.append(_header_top(lines, i, starts[-1]))
                closed = False
            seen_anchor = True
    return sorted(set(starts))


def _header_top(lines: list[Line], i: int, floor: int) -> int:
    """Walk up from an anchor over the issuer lines above it (upper case, starting with a body word)."""
    top = i
    j = i - 1
    candidates: list[int] = []
    while j >= 0 and lines[j].start > floor:
        line = lines[j]
        if line.blank:
            j -= 1
            continue
        upper = is_upper(line.clean) and len(line.clean) <= 80 and not _AUTHORITY.match(line.clean)
        if upper or _NUMBER_LINE.match(line.folded):  # 'Luật số: 72/2025/QH15' above the motto
            candidates.append(j)
            j -= 1
            continue
        break
    # keep from the highest line that opens a body ("BAN CHẤP HÀNH ...", "ỦY BAN ..."); a signer's
    # name in capitals right above is not part of the next header
    for k in reversed(candidates):
        if is_body_head(lines[k].folded):
            top = k
            break
    return lines[top].start if top < i else lines[i].start
