"""Lines of a document with their spans, markdown stripped for reading but offsets kept.

Converted scans arrive as markdown-ish text: `**bold**`, `# headings`, two-space line breaks and
tables whose cells hold the header (`| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI ... |`). The parser reads
`Line.clean` and cuts every value it reports from the original text through `Line.start/end`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzers.fold import fold_diacritics

_INNER_BOLD = re.compile(r"\*{1,3}|_{2,}|\\(?=[-*_.()#])")
_SPACES = re.compile(r"\s+")
_RULE_CHARS = frozenset("|:- \t\r")
_BR = re.compile(r"<br\s*/?>", re.I)
_RULE = re.compile(r"^[\s\-_=*~.]{3,}$")


@dataclass
class Line:
    start: int  # span of the (stripped) content in the part text
    end: int
    raw: str
    clean: str  # markdown removed, spaces collapsed
    folded: str  # clean, diacritics folded, upper case: for keyword tests
    cell: int = 0  # column index when the line is a table cell
    row: int = -1  # index of the physical line it came from
    table: bool = False

    @property
    def blank(self) -> bool:
        return not self.clean


def clean_text(raw: str) -> str:
    # str methods first: a regex anchored at the end rescans long lines (measured: the parser's hot spot)
    if "<" in raw:
        raw = _BR.sub(" ", raw)
    text = raw.lstrip(" \t\r*#_>`|").rstrip(" \t\r*_`|\\")
    if "*" in text or "__" in text or "\\" in text:
        text = _INNER_BOLD.sub("", text)
    if "  " in text or "\t" in text or "\xa0" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def is_upper(text: str) -> bool:
    """Upper-case words only (digits and punctuation allowed), at least two letters."""
    return text == text.upper() and text != text.lower() and sum(ch.isalpha() for ch in text[:8]) >= 2


def is_table_rule(physical: str) -> bool:
    """A markdown table's separator row (`|---|:--:|`). A set test, not a regex: the regex form
    `[\\s:|-]*-{3,}[\\s:|-]*` backtracked for minutes on a long rule followed by one more cell."""
    return "---" in physical and _RULE_CHARS.issuperset(physical)


def _make(text: str, start: int, end: int, row: int, cell: int = 0, table: bool = False) -> Line:
    raw = text[start:end]
    lead = len(raw) - len(raw.lstrip())
    trail = len(raw.rstrip())
    start, end = start + lead, start + max(trail, lead)
    raw = text[start:end]
    clean = "" if _RULE.match(raw or "-") and not any(ch.isalnum() for ch in raw) else clean_text(raw)
    return Line(start, end, raw, clean, fold_diacritics(clean).upper(), cell, row, table)


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """Physical lines of text[start:end]; table rows become one Line per non-empty cell."""
    end = len(text) if end is None else end
    lines: list[Line] = []
    pos = start
    row = 0
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        physical = text[pos:stop]
        if physical.lstrip().startswith("|") and physical.count("|") >= 2:
            if not is_table_rule(physical):
                cell_start = pos + physical.index("|") + 1
                cell_no = 0
                while cell_start <= stop:
                    bar = text.find("|", cell_start, stop)
                    cell_end = stop if bar == -1 else bar
                    piece_start = cell_start
                    for br in [*_BR.finditer(text, cell_start, cell_end), None]:
                        piece_end = br.start() if br else cell_end
                        line = _make(text, piece_start, piece_end, row, cell_no, True)
                        if not line.blank:
                            lines.append(line)
                        piece_start = br.end() if br else cell_end
                    cell_no += 1
                    if bar == -1:
                        break
                    cell_start = bar + 1
            lines.append(Line(stop, stop, "", "", "", 0, row, True))  # a row ends like a paragraph
        else:
            lines.append(_make(text, pos, stop, row))
        row += 1
        if nl == -1:
            break
        pos = nl + 1
    return lines


def reading_order(lines: list[Line]) -> list[Line]:
    """Reading order for a header or a closing laid out as a table: the left column first, then the
    right. Lines outside tables keep their order."""
    if not any(line.table for line in lines):
        return lines
    ordered: list[Line] = []
    i = 0
    while i < len(lines):
        if not lines[i].table:
            ordered.append(lines[i])
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].table:
            j += 1
        block = [ln for ln in lines[i:j] if not ln.blank]
        for col in sorted({ln.cell for ln in block}):
            ordered.extend(ln for ln in block if ln.cell == col)
        ordered.append(lines[j - 1])  # the row end: a paragraph break
        i = j
    return ordered
