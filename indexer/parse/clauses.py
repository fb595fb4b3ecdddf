"""The clause tree: `Chương I`, `Điều 5.`, `I.`, `1.`, `2.1.`, `a)`, `-` bullets, each with a path.

Paths (what the UI anchors and the engines index):
- numbered items: `2`, `2.1`, `2.1.a`; under a Roman section `II.3.b`; under an article `Điều 5.2.a`
  (khoản 2, điểm a), articles are not prefixed by their chapter (their numbers are unique);
- chapters `Chương I`, sections inside a decree `Mục 2`;
- `-`/`+`/`•` bullets become children numbered in order with a dash: `1.-2` is the second bullet
  under item 1, `2.1.a.-1` the first bullet under point a; bullets outside any item are `-1`, `-2`.

A clause's span runs from its marker to the next marker of the same or a higher rank (children
included), trimmed of trailing blank space. A bullet is one paragraph: it ends at the next paragraph
unless that one starts in lower case (a page break inside the bullet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.model import Clause
from indexer.parse.lines import Line

_STRIP = re.compile(r"^[\s*#_>]+")
_CHAPTER = re.compile(r"^(Chương|CHƯƠNG)\s+([IVXLC]+|\d+)\b")
_SECTION = re.compile(r"^(Mục|MỤC)\s+(\d+|[IVX]+)\s*[.:]?\s")
_ARTICLE = re.compile(r"^(Điều|ĐIỀU)\s+(\d+[a-zđ]?)\s*[.:]")
_ROMAN = re.compile(r"^(?=[IVXL])(L?X{0,3}(?:IX|IV|V?I{0,3}))\s*[.:/]\s+(?=\S)")
_MULTI = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)")
_NUMBER = re.compile(r"^(\d{1,2})\s*[.)/]\s+(?=\S)")
_OCR_NUMBER = re.compile(r"^(l|\d{1,2})\s*[.,]\s+(?=[A-ZĐÀ-Ỹ])")
_LETTER = re.compile(r"^([a-zđ])\s*[)/]\s+(?=\S)")
_BULLET = re.compile(r"^([-–•+∙])\s*(?=\S)")

RANK = {
    "chapter": 0,
    "section": 1,
    "article": 2,
    "roman": 3,
    "number": 4,
    "letter": 10,
    "bullet": 11,
    "sub_bullet": 12,
}


@dataclass
class _Open:
    rank: int
    path: str
    own: str  # the item's own number ("2", "2.1") for numbered items
    start: int
    index: int  # position in the output list
    bullets: int = 0


def marker(line: Line) -> tuple[str, str, str] | None:
    """(kind, value, label) of the clause marker that opens this line, or None."""
    if line.table or not line.raw:
        return None
    raw = _STRIP.sub("", line.raw)
    raw = raw[:16].replace("*", "") + raw[16:]  # "**1.** Các cấp ủy": bold markers around the number
    for kind, pattern in (("chapter", _CHAPTER), ("section", _SECTION), ("article", _ARTICLE)):
        match = pattern.match(raw)
        if match:
            return kind, match.group(2), match.group(0).strip()
    match = _ROMAN.match(raw)
    if match and match.group(1):
        return "roman", match.group(1), match.group(0).strip()
    match = _MULTI.match(raw)
    if match:
        return "multi", match.group(1), match.group(0).strip()
    match = _NUMBER.match(raw)
    if match and not re.match(r"^\d{1,2}\s*/\s*\d", raw):  # not a date "12/9/2021"
        return "number", match.group(1), match.group(0).strip()
    match = _OCR_NUMBER.match(raw)  # OCR: "l. Các cơ quan" (l for 1), "3, Đồn Biên phòng" (comma for dot)
    if match:
        return "loose", "1" if match.group(1) == "l" else match.group(1), match.group(0).strip()
    match = _LETTER.match(raw)
    if match:
        return "letter", match.group(1), match.group(0).strip()
    match = _BULLET.match(raw)
    if match and not re.match(r"^-\s*\d", raw):  # "-5°C" is not a bullet
        return ("sub_bullet" if match.group(1) == "+" else "bullet"), match.group(1), match.group(1)
    return None


def _base(stack: list[_Open]) -> str:
    """Path of the nearest enclosing article/section: numbered items hang below it."""
    for item in reversed(stack):
        if item.rank < RANK["number"]:
            return item.path if item.rank >= RANK["article"] else ""
    return ""


def split_clauses(
    text: str, lines: list[Line], start_line: int, end_line: int, end_offset: int
) -> list[Clause]:
    """Clauses of lines[start_line:end_line] (the body), spans into text, ending by end_offset."""
    clauses: list[Clause] = []
    stack: list[_Open] = []
    paragraph_start = True
    bullet_open: _Open | None = None

    def close(item: _Open, end: int) -> None:
        clause = clauses[item.index]
        stop = max(clause.start, min(end, end_offset))
        while stop > clause.start and text[stop - 1].isspace():
            stop -= 1
        clause.end = stop
        clause.text = text[clause.start : stop]

    for i in range(start_line, end_line):
        line = lines[i]
        if line.blank:
            paragraph_start = True
            continue
        found = marker(line)
        if bullet_open is not None and paragraph_start and found is None:
            # a new unmarked paragraph ends a bullet, unless it continues it after a page break
            first = line.clean[:1]
            if not (first.islower() or first.isdigit()):
                close(bullet_open, line.start)
                stack.remove(bullet_open)
                bullet_open = None
        paragraph_start = False
        if found is None:
            continue
        kind, value, label = found
        if kind == "loose":
            # accepted only where the numbering expects it: the first item, or the next sibling
            last = next((c for c in reversed(clauses) if c.level == 1 and c.path.isdigit()), None)
            expected = str(int(last.path) + 1) if last else "1"
            if value != expected:
                continue
            kind = "number"
        if kind == "multi":
            depth = value.count(".")
            rank = RANK["number"] + depth
        else:
            rank = RANK[kind]
        while stack and stack[-1].rank >= rank:
            close(stack.pop(), line.start)
        bullet_open = None
        path = _path(kind, value, stack, clauses)
        label_start = line.start + (len(line.raw) - len(_STRIP.sub("", line.raw)))
        clause = Clause(path=path, label=label, start=label_start, end=label_start, level=len(stack) + 1)
        item = _Open(rank, path, value, label_start, len(clauses))
        clauses.append(clause)
        stack.append(item)
        if kind in ("bullet", "sub_bullet"):
            bullet_open = item
    while stack:
        close(stack.pop(), end_offset)
    return unique_paths(clauses)


def _path(kind: str, value: str, stack: list[_Open], clauses: list[Clause]) -> str:
    """The path of a new clause of this kind under the open ones (see the module's doc)."""
    parent = stack[-1] if stack else None
    if kind in ("chapter", "section"):
        return f"{'Chương' if kind == 'chapter' else 'Mục'} {value}"
    if kind == "article":
        return f"Điều {value}"
    if kind == "roman":
        return value
    if kind in ("number", "letter"):
        return f"{parent.path}.{value}" if parent else value
    if kind == "multi":
        base = _base(stack)
        roman = next((s for s in reversed(stack) if s.rank == RANK["roman"]), None)
        if roman and not base:
            return f"{roman.path}.{value}"
        return f"{base}.{value}" if base else value
    if parent:  # a bullet
        parent.bullets += 1
        return f"{parent.path}.-{parent.bullets}"
    top = sum(1 for c in clauses if c.path.startswith("-") and c.path.count("-") == 1) + 1
    return f"-{top}"


def unique_paths(clauses: list[Clause]) -> list[Clause]:
    """A numbering restarted by mistake (two items '2.') must not give two clauses one anchor."""
    seen: dict[str, int] = {}
    for clause in clauses:
        if clause.path in seen:
            seen[clause.path] += 1
            clause.path = f"{clause.path}~{seen[clause.path]}"
        else:
            seen[clause.path] = 1
    return clauses
