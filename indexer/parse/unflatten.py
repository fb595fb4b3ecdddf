"""Two-column headers and signature blocks flattened onto one line, cut back into their parts.

Portals, Word "web page" exports and PDF text layers print the header's two columns (issuer | quốc
hiệu, number | place and date) and the signature block (`Nơi nhận` | authority, title, name) on one
line: `ỦY BAN MTTQ … BAN THƯỜNG TRỰC Số: 16/KH-MTTQ-BTT | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập -
Tự do - Hạnh phúc Lương Minh, ngày 18 tháng 11 năm 2025`, `TM. CHÍNH PHỦ KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG
(Đã ký) Lê Thành Long`, `CHÁNH VĂN PHÒNGNguyễn Văn A`. Such a line becomes one Line per part (spans
inside the original line), so the header and signature readers see the layout a clean file has.

Header shapes are looked for in the first lines only; below them only lines that open in upper case
and go on in lower case (a signature block's authority, title and name): a body sentence stays whole.
"""

from __future__ import annotations

import re

from analyzers.fold import fold_diacritics
from indexer.parse.lines import Line, clean_text

TOP_LINES = 40  # non-blank lines read as a possible header

# cut BEFORE these (folded, upper case); each pattern is anchored on a space or a bar before it;
# `Số:` only before a number or its blank (`Các sở: Tài chính, Y tế` is a recipient, not a number),
# and never inside `Luật số:` / `Nghị quyết số:` (one number line)
_BEFORE_TOP = re.compile(
    r"(?<=[\s|])(?:CONG HOA XA HOI CHU NGHIA|CONG HOA (?=(?:\S+ ){2,3}NGHIA)|"
    r"DOC LAP\s?[-–]\s?TU DO|(?<!LUAT )(?<!QUYET )(?<!LENH )SO\s?:(?=\s*(?:[\d.…_/]|$))|V/V\s)"
)
_BEFORE_END = re.compile(
    r"(?<=[\s|])(?:NOI NHAN\s?:|(?:TM|KT|TL|TUQ|T/M|K/T|T/L)\.?\s(?=[A-Z])|Q\.\s(?=[A-Z])|\((?:DA KY|KY)\b)"
)
_SIGNATURE_CUES = ("NOI NHAN", "TM", "KT", "TL", "T/M", "KY)", "Q.")
# cut AFTER these: the end of the quốc hiệu's motto, a signed-mark, a rule
_AFTER = re.compile(r"HANH PHUC\b|\((?:DA KY|KY)[^)]{0,30}\)|-{3,}|_{3,}")
_BAR = re.compile(r"\s\|\s?|\t|\s{4,}")
_MARKERS = ("CONG HOA", "DOC LAP", "SO:", "SO :", "V/V", "HANH PHUC", "|", "-----", "___")


def unflatten(lines: list[Line]) -> list[Line]:
    """Lines with flattened header and signature lines cut into parts; other lines untouched."""
    if not lines:
        return lines
    top = _top_indices(lines)
    out: list[Line] = []
    for i, line in enumerate(lines):
        at_top = i in top
        if line.blank or not _worth_a_look(line, at_top):
            out.append(line)
            continue
        out.extend(_cut(line, at_top))
    return out


def _top_indices(lines: list[Line]) -> set[int]:
    found, seen = set(), 0
    for i, line in enumerate(lines):
        if line.blank:
            continue
        found.add(i)
        seen += 1
        if seen >= TOP_LINES:
            break
    return found


def _worth_a_look(line: Line, at_top: bool) -> bool:
    raw = line.raw
    if len(raw) < 12:
        return False
    folded = line.folded
    if at_top and (any(m in folded for m in _MARKERS) or "\t" in raw or "    " in raw):
        return True  # a short document's signature also stands among its first lines
    # below the header only the signature's own shapes: a body sentence stays whole
    clean = line.clean
    if folded.startswith("NOI NHAN"):
        return True
    if not clean[:6].isupper() or clean.isupper():
        return False
    return any(m in folded for m in _SIGNATURE_CUES) or _glued(clean) > 0 or _trailing_name(clean) > 0


def _cut(line: Line, at_top: bool) -> list[Line]:
    raw = line.raw
    folded = fold_diacritics(raw).upper()
    if len(folded) != len(raw):
        return [line]
    cuts: set[int] = set()
    for found in _BAR.finditer(raw):
        if not _keeps_gap(folded, found.start(), found.end()):
            cuts.update((found.start(), found.end()))
    for pattern in (_BEFORE_TOP, _BEFORE_END) if at_top else (_BEFORE_END,):
        for found in pattern.finditer(folded):
            cuts.add(found.start())
    for found in _AFTER.finditer(folded):
        cuts.add(found.end())
        if found.group(0)[0] in "-_":
            cuts.add(found.start())
    bounds = sorted(c for c in cuts if 0 < c < len(raw))
    spans = list(zip([0, *bounds], [*bounds, len(raw)], strict=True))
    # inside each part: a title glued to a name, an upper-case title followed by a name
    finer: list[tuple[int, int]] = []
    for a, b in spans:
        piece = raw[a:b]
        if len(piece) > 90 or not piece.lstrip(" |\t")[:4].isupper():  # not a title (and a name)
            finer.append((a, b))
            continue
        inner = sorted({c for c in (_glued(piece), _trailing_name(piece)) if 0 < c < len(piece)})
        finer.extend(zip([a, *(a + c for c in inner)], [*(a + c for c in inner), b], strict=True))
    if len(finer) == 1:
        return [line]
    pieces: list[Line] = []
    for a, b in finer:
        piece = raw[a:b]
        clean = clean_text(piece.strip(" |\t-_"))
        if not clean:
            continue
        lead = len(piece) - len(piece.lstrip())
        start, end = a + lead, a + len(piece.rstrip())
        pieces.append(
            Line(
                line.start + start,
                line.start + end,
                raw[start:end],
                clean,
                fold_diacritics(clean).upper(),
                line.cell,
                line.row,
                line.table,
            )
        )
    return pieces or [line]


def _keeps_gap(folded: str, start: int, end: int) -> bool:
    """A wide gap inside one value is not a column break: `Số:      /UBND-VX`, `ngày    tháng 02`."""
    before = folded[:start].rstrip()
    after = folded[end:].lstrip()
    return before.endswith(("SO:", "SO", "NGAY", "THANG", "NAM", ",")) or after.startswith(
        ("/", "THANG", "NAM")
    )


def _glued(text: str) -> int:
    """Where an upper-case title runs into a name: 'CHÁNH VĂN PHÒNGNguyễn' → index of 'N'."""
    for i in range(2, len(text) - 1):
        if text[i].isupper() and text[i + 1].islower() and text[i - 1].isupper() and text[i - 2].isupper():
            if text[i - 1].isalpha() and text[i - 2].isalpha():
                return i
    return -1


def _trailing_name(raw: str) -> int:
    """In an upper-case line that ends with a person's name ('PHÓ THỦ TƯỚNG Lê Thành Long'), where the
    name starts. The name is 2-5 capitalised words, the words before it are all upper case."""
    words = list(re.finditer(r"\S+", raw))
    if len(words) < 3:
        return -1
    k = len(words)
    while k > 0 and _capitalised(words[k - 1].group(0)):
        k -= 1
    if not 2 <= len(words) - k <= 5 or k == 0:
        return -1
    before = raw[: words[k].start()]
    letters = [ch for ch in before if ch.isalpha()]
    if len(letters) < 4 or any(ch.islower() for ch in letters):
        return -1
    return words[k].start()


def _capitalised(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper() and word[1:].replace("-", "").islower() and word.isalpha()
