"""What of a converted text is layout, not words: markdown and table debris, by character offsets.

Texts come from markdown files, OCR output and converters that write table rows as `a | b`. The
index keeps them as they are (offsets point into the original text), so what a reader sees has to
drop the markup itself: `**` and `__`, paired `*emphasis*`, heading `#`, blockquote `>`, table
borders `|`, rule rows `|---|---|`, `---` lines, code fences, `<br>` and simple inline tags,
backslash escapes and the `(url)` of a link. Pure functions over offsets: every character shown
is an original character at its original offset, so highlights computed on the original text land
on the right characters; what is added (a cell separator, a line break) carries no offset.

Linear: each line is looked at once, with bounded regular expressions (no nested quantifiers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

BOLD, ITALIC = 1, 2


class Run(NamedTuple):
    """Visible text: `text[start:end]` in `style` (BOLD|ITALIC), or, when start == -1, a `gap` the
    display adds ("cell" between table cells, "line" for a `<br>`, "space" between two lines)."""

    start: int
    end: int
    style: int = 0
    gap: str = ""


CELL_GAP = Run(-1, -1, 0, "cell")
LINE_GAP = Run(-1, -1, 0, "line")
SPACE_GAP = Run(-1, -1, 0, "space")

# a line that is only a rule: ---, ***, ___, ===, or a table's |---|:---:| row
_RULE = re.compile(r"[ \t]{0,3}(?:[-*_=][ \t]{0,3}){3,}")
_TABLE_RULE_CHARS = frozenset("|-: \t")  # a set test, not a regex: runs of spaces backtrack
_FENCE = re.compile(r"[ \t]{0,3}(?:`{3,}|~{3,})")
_HEADING = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_QUOTE = re.compile(r"[ \t]{0,3}>[ \t]?")
_STAR_BULLET = re.compile(r"[ \t]{0,8}[*+][ \t]+")
# inline markup, one alternative per kind; the emphasis pairs are bounded and single-line
_INLINE = re.compile(
    r"(?P<esc>\\[\\`*_{}\[\]()#+\-.!|>~])"
    r"|(?P<br><br[ \t]{0,3}/?>)"
    r"|(?P<tag></?(?:b|i|u|em|strong|sup|sub|s|span|font|p|div)>)"
    r"|(?P<link>!?\[(?=[^\[\]\n]{0,300}\]\([^()\s]{0,500}\)))"
    r"|(?P<url>\]\([^()\s]{0,500}\))"
    r"|(?P<strong>\*\*\*?|(?<![_\w])__(?!_)|(?<!_)__(?![_\w]))"
    r"|(?P<em>(?<![\w*\\])\*(?=[^\s*][^*\n]{0,300}(?<=[^\s*\\])\*(?![\w*])))"
    r"|(?P<emclose>(?<=[^\s*])\*(?![\w*]))"
    r"|(?P<uem>(?<![\w_\\])_(?=[^\s_][^_\n]{0,300}(?<=[^\s_\\])_(?![\w_])))"
    r"|(?P<uemclose>(?<=[^\s_])_(?![\w_]))"
)
MAX_LINE_LOOK = 400  # a longer line is never a rule or a table row worth reshaping


def line_bounds(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(line start, line end without the newline) of every line overlapping text[start:end].

    Bounded: a line's start and end are looked for at most MAX_LINE_LOOK characters away from the
    range, so a snippet of a huge single-line text costs its width, not the text's length."""
    end = len(text) if end is None else min(end, len(text))
    if start <= 0:
        ls = 0
    else:
        nl = text.rfind("\n", max(0, start - MAX_LINE_LOOK), start)
        ls = nl + 1 if nl != -1 else (0 if start <= MAX_LINE_LOOK else start)
    limit = min(len(text), end + MAX_LINE_LOOK)
    while True:
        le = text.find("\n", ls, limit)
        if le == -1:
            le = limit
        yield ls, le
        if le >= end:
            return
        ls = le + 1


def line_kind(text: str, ls: int, le: int) -> str:
    """blank | rule | table-rule | fence | row (a `| a | b |` table row) | heading | quote | text."""
    head = text[ls : min(le, ls + MAX_LINE_LOOK)]
    stripped = head.strip()
    if not stripped:
        return "blank"
    short = le - ls <= MAX_LINE_LOOK
    if short and "-" in stripped and "|" in stripped and _TABLE_RULE_CHARS.issuperset(stripped):
        return "table-rule"
    if short and _RULE.fullmatch(head.rstrip()):
        return "rule"
    if _FENCE.match(head):
        return "fence"
    if stripped.startswith("|") and text[max(ls, le - MAX_LINE_LOOK) : le].rstrip().endswith("|"):
        return "row"
    if _HEADING.match(head):
        return "heading"
    if _QUOTE.match(head):
        return "quote"
    return "text"


def content_start(text: str, ls: int, le: int, kind: str) -> int:
    """Where a line's words begin once its heading `#`, quote `>` or `*` bullet marker is dropped."""
    head = text[ls : min(le, ls + MAX_LINE_LOOK)]
    pattern = {"heading": _HEADING, "quote": _QUOTE}.get(kind)
    m = pattern.match(head) if pattern else None
    return ls + m.end() if m else ls


def star_bullet(text: str, ls: int, le: int) -> int:
    """Offset of a `*`/`+` list bullet at the start of the line, or -1 (a `-` bullet is kept as is)."""
    m = _STAR_BULLET.match(text, ls, min(le, ls + 16))
    return ls + m.group().index(m.group().strip()) if m else -1


def row_cells(text: str, ls: int, le: int, separator: str = "|") -> list[tuple[int, int]]:
    """The cells of a table row as (start, end) with surrounding spaces trimmed. `separator` is "|"
    for a markdown row (outer borders dropped, `\\|` kept) or " | " for a converter's row."""
    cells = []
    if separator == "|":
        s = text.find("|", ls, le) + 1
        e = text.rfind("|", ls, le)
        cuts = [s - 1] + [i for i in range(s, e) if text[i] == "|" and text[i - 1] != "\\"] + [e]
    else:
        cuts, at = [ls - len(separator)], ls
        while True:
            i = text.find(separator, at, le)
            if i == -1:
                break
            cuts.append(i)
            at = i + len(separator)
        cuts.append(le)
    width = 1 if separator == "|" else len(separator)
    for a, b in zip(cuts, cuts[1:], strict=False):
        cells.append(trim_borders(text, a + width, b))
    return cells


def trim_borders(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without the spaces and the `|` borders at either edge (a converted web page's
    `Điện thoại: … |`, a cell's own border)."""
    while start < end and text[start] in " \t|":
        start += 1
    while end > start and text[end - 1] in " \t|":
        end -= 1
    return start, end


def inline_runs(text: str, start: int, end: int, markdown: bool = True) -> list[Run]:
    """Visible runs of text[start:end] (one line or cell): inline markup dropped, styles kept.

    Without `markdown` (a plain text or a converter's output, where `*` and `_` are words) only `**`
    and `<br>` are taken for markup: scans and conversions leave them in plain texts too."""
    runs: list[Run] = []
    style, cursor = 0, start
    pattern = _INLINE if markdown else _PLAIN_INLINE
    for m in _matches(pattern, _TRIGGERS if markdown else _PLAIN_TRIGGERS, text, start, end):
        kind = m.lastgroup
        if m.start() > cursor:
            runs.append(Run(cursor, m.start(), style))
        cursor = m.end()
        if kind == "esc":
            runs.append(Run(m.start() + 1, m.end(), style))
        elif kind == "br":
            runs.append(LINE_GAP)
        elif kind == "strong":
            style ^= BOLD
        elif kind in ("em", "uem"):
            style |= ITALIC
        elif kind in ("emclose", "uemclose"):
            if style & ITALIC:
                style &= ~ITALIC
            else:  # a lone `*` closes nothing: it is a word ("(*)"), not markup
                runs.append(Run(m.start(), m.end(), style))
    if cursor < end:
        runs.append(Run(cursor, end, style))
    return runs


_PLAIN_INLINE = re.compile(r"(?P<strong>\*\*)|(?P<br><br[ \t]{0,3}/?>)")
# the characters an inline markup can start with: the big pattern is only tried where one stands
# (7x faster on whole documents than letting it scan every character)
_TRIGGERS = re.compile(r"[\\<!\[\]*_]")
_PLAIN_TRIGGERS = re.compile(r"[*<]")


def _matches(pattern: re.Pattern, triggers: re.Pattern, text: str, start: int, end: int):
    at = start
    while True:
        t = triggers.search(text, at, end)
        if t is None:
            return
        m = pattern.match(text, t.start(), end)
        if m is None:
            at = t.start() + 1
            continue
        yield m
        at = m.end()


def snippet_runs(text: str, start: int, end: int) -> list[Run]:
    """Visible runs of text[start:end] for a one-line snippet: rules and fences dropped, headings
    and quotes unmarked, table cells apart, every kind of markup recognised (snippets do not know
    the source's format; a converter's ` | ` reads as a cell border too)."""
    runs: list[Run] = []
    for ls, le in line_bounds(text, start, end):
        kind = line_kind(text, ls, le)
        if kind in ("blank", "rule", "table-rule", "fence"):
            continue
        if runs:
            runs.append(SPACE_GAP)
        if kind == "row":
            cells = [c for c in row_cells(text, ls, le) if c[1] > c[0]]
        elif " | " in text[ls : min(le, ls + 4 * MAX_LINE_LOOK)]:
            cells = [c for c in row_cells(text, ls, le, " | ") if c[1] > c[0]]
        else:
            cs = content_start(text, ls, le, kind)
            bullet = star_bullet(text, cs, le)
            cells = [trim_borders(text, bullet + 1 if bullet != -1 else cs, le)]
        for i, (a, b) in enumerate(cells):
            a, b = max(a, start), min(b, end)
            if b <= a:
                continue
            if i and runs and runs[-1].gap != "space":
                runs.append(CELL_GAP)
            runs.extend(inline_runs(text, a, b))
    return runs


SNIPPET_GAPS = {"cell": " · ", "line": " ", "space": " "}


def visible_text(text: str, start: int = 0, end: int | None = None) -> str:
    """text[start:end] as a reader sees it on one line: markup dropped, whitespace collapsed."""
    end = len(text) if end is None else end
    pieces = [SNIPPET_GAPS[r.gap] if r.gap else text[r.start : r.end] for r in snippet_runs(text, start, end)]
    return " ".join("".join(pieces).split())
