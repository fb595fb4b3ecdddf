"""The full text of a document as HTML: the original text laid out as a document, with clause
anchors and query highlights.

Pure: a Document and a parsed query in, Markup out. Every character shown is an original character
at its original offset (indexer.markup decides what is markup), so highlights computed on the
original text land on the right characters, and nothing of the source reaches the page unescaped:
the HTML is built here, tag by tag, from the structure of the text.

Three layouts, by the source's format:
- markdown (.md): tables as tables (the two-column header of an official document as two columns),
  headings, paragraphs, bold and italics, rules; `**`, `|---|`, `<br>` and the like never shown;
- converted (.docx, .html, …, whose readers wrote table rows as `a | b` lines): one paragraph per
  line, rows as tables;
- plain (everything else): the text as it is, line breaks kept.

Linear in the text and its matches: one pass over lines, runs, highlights and anchors together;
at most MAX_MARKS highlights are drawn (the page says when there are more).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import PurePosixPath

from markupsafe import Markup

from analyzers.query import ParsedQuery
from indexer.highlight import match_spans
from indexer.markup import (
    BOLD,
    ITALIC,
    LINE_GAP,
    Run,
    content_start,
    inline_runs,
    line_kind,
    row_cells,
    trim_borders,
)
from indexer.markup import visible_text as _visible
from indexer.model import Document

MAX_MARKS = 1000
MARKDOWN_SUFFIXES = {".md", ".markdown"}
CONVERTED_SUFFIXES = {".docx", ".doc", ".rtf", ".odt", ".html", ".htm", ".xhtml"}
CONVERTED_CELL = " | "  # what the docx and html readers put between the cells of a row
HEADER_ROWS = 6  # a two-column table this early, before any clause, is the document's header


@dataclass
class RenderedText:
    html: Markup
    matches: int  # number of highlighted spans (at most MAX_MARKS)
    more: bool = False  # the text holds more matches than are highlighted
    layout: str = "plain"


def layout_of(doc: Document) -> str:
    suffix = PurePosixPath((doc.source or "").replace("\\", "/")).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in CONVERTED_SUFFIXES:
        return "converted"
    return "plain"


def render_text(doc: Document, query: ParsedQuery | None = None) -> RenderedText:
    text = doc.text or ""
    spans = match_spans(text, query, limit=MAX_MARKS) if query is not None and query.must else []
    more = len(spans) > MAX_MARKS
    spans = spans[:MAX_MARKS]
    anchors = sorted((c.start, c.anchor, c.path) for c in doc.clauses if 0 <= c.start <= len(text))
    writer = _Writer(text, spans, anchors)
    layout = layout_of(doc)
    if layout == "plain":
        writer.out.append('<div class="plain">')
        writer.runs(inline_runs(text, 0, len(text), markdown=False), line_break="\n")
        writer.out.append("</div>")
    else:
        first_clause = min((c.start for c in doc.clauses), default=len(text))
        _Blocks(text, writer, layout == "markdown", first_clause).render()
    writer.rest_of_anchors()
    return RenderedText(Markup("".join(writer.out)), len(spans), more, layout)


class _Writer:
    """Writes visible runs as escaped HTML, with <mark> around the highlighted spans and the clause
    anchors at their offsets; runs arrive in text order, so spans and anchors are walked once."""

    def __init__(self, text: str, spans: list[tuple[int, int]], anchors: list[tuple[int, str, str]]):
        self.text, self.spans, self.anchors = text, spans, anchors
        self.out: list[str] = []
        self.k = 0  # next span that may still be drawn
        self.a = 0  # next anchor to place

    def anchors_upto(self, offset: int) -> None:
        while self.a < len(self.anchors) and self.anchors[self.a][0] <= offset:
            _, anchor, path = self.anchors[self.a]
            self.out.append(
                f'<a class="clause-anchor" id="{escape(anchor)}" href="#{escape(anchor)}" '
                f'title="Liên kết tới mục {escape(path)}"></a>'
            )
            self.a += 1

    def rest_of_anchors(self) -> None:
        self.anchors_upto(len(self.text) + 1)

    def runs(self, runs: list[Run], line_break: str = "<br>") -> None:
        for run in runs:
            if run.gap:
                self.out.append(line_break if run is LINE_GAP or run.gap == "line" else " ")
            else:
                self.run(run)

    def run(self, run: Run) -> None:
        text, spans, out = self.text, self.spans, self.out
        opening = ("<strong>" if run.style & BOLD else "") + ("<em>" if run.style & ITALIC else "")
        out.append(opening)
        p, e = run.start, run.end
        while self.k < len(spans) and spans[self.k][1] <= p:
            self.k += 1
        j = self.k
        while p < e:
            self.anchors_upto(p)
            next_anchor = self.anchors[self.a][0] if self.a < len(self.anchors) else e
            stop = min(e, next_anchor) if next_anchor > p else e
            if j < len(spans) and spans[j][0] <= p:
                q = min(stop, spans[j][1])
                out.append("<mark>" + escape(text[p:q], quote=False) + "</mark>")
                if q == spans[j][1]:
                    j += 1
            else:
                q = min(stop, spans[j][0]) if j < len(spans) else stop
                out.append(escape(text[p:q], quote=False))
            p = q
        out.append(("</em>" if run.style & ITALIC else "") + ("</strong>" if run.style & BOLD else ""))


class _Blocks:
    """Lines grouped into blocks (paragraphs, tables, headings, rules, quotes), written in order."""

    def __init__(self, text: str, writer: _Writer, markdown: bool, first_clause: int):
        self.text, self.w, self.markdown, self.first_clause = text, writer, markdown, first_clause
        self.lines = _lines(text)
        self.kinds = [self._kind(i) for i in range(len(self.lines))]
        self.tables = 0

    def kind(self, i: int) -> str:
        return self.kinds[i]

    def _kind(self, i: int) -> str:
        ls, le = self.lines[i]
        if not self.markdown:
            if not self.text[ls:le].strip():
                return "blank"
            return "crow" if CONVERTED_CELL in self.text[ls:le] else "text"
        return line_kind(self.text, ls, le)

    def render(self) -> None:
        i, n, out = 0, len(self.lines), self.w.out
        fenced = False
        while i < n:
            kind = self.kind(i)
            if kind == "fence":
                fenced = not fenced
                i += 1
            elif fenced:
                j = self._run_of(i, lambda k: self.kind(k) != "fence")
                out.append('<div class="plain">')
                for ls, le in self.lines[i:j]:
                    self.w.runs([Run(ls, le)])
                    out.append("\n")
                out.append("</div>")
                i = j
            elif kind == "blank" or kind == "table-rule":
                i += 1
            elif kind == "rule":
                out.append("<hr>")
                i += 1
            elif kind in ("row", "crow"):
                j = self._run_of(i, lambda k, row=kind: self.kind(k) in (row, "table-rule"))
                self._table(i, j, kind)
                i = j
            elif kind == "heading":
                self._heading(i)
                i += 1
            elif kind == "quote":
                j = self._run_of(i, lambda k: self.kind(k) == "quote")
                out.append("<blockquote>")
                self._lines_of(i, j, "quote")
                out.append("</blockquote>")
                i = j
            elif self.markdown:
                j = self._run_of(i, lambda k: self.kind(k) == "text")
                out.append("<p>")
                self._lines_of(i, j, "text")
                out.append("</p>")
                i = j
            else:  # a converter's line is a paragraph of its own, without a stray border
                out.append("<p>")
                self.w.runs(self._inline(*trim_borders(self.text, *self.lines[i])))
                out.append("</p>")
                i += 1

    def _run_of(self, i: int, same) -> int:
        j = i + 1
        while j < len(self.lines) and same(j):
            j += 1
        return j

    def _inline(self, start: int, end: int) -> list[Run]:
        if self.markdown:
            return inline_runs(self.text, start, end)
        return inline_runs(self.text, start, end, markdown=False)

    def _lines_of(self, i: int, j: int, kind: str) -> None:
        for k in range(i, j):
            ls, le = self.lines[k]
            if k > i:
                self.w.out.append("<br>")
            start = content_start(self.text, ls, le, kind)
            self.w.runs(self._inline(start, le))

    def _heading(self, i: int) -> None:
        ls, le = self.lines[i]
        start = content_start(self.text, ls, le, "heading")
        level = len(self.text[ls:start].strip())
        tag = f"h{min(6, level + 1)}"
        self.w.out.append(f'<{tag} class="doc-h">')
        self.w.runs(self._inline(start, le))
        self.w.out.append(f"</{tag}>")

    def _table(self, i: int, j: int, kind: str) -> None:
        separator = "|" if kind == "row" else CONVERTED_CELL
        rows = [
            (row_cells(self.text, ls, le, separator), self.kind(k + i) == "table-rule")
            for k, (ls, le) in enumerate(self.lines[i:j])
        ]
        ruled = any(is_rule for _, is_rule in rows)
        rows = [cells for cells, is_rule in rows if not is_rule]
        width = max(len(cells) for cells in rows)
        self.tables += 1
        small = width in (2, 3) and len(rows) <= HEADER_ROWS
        header = small and self.tables == 1 and self.lines[i][0] < self.first_clause and self._near_top(i)
        # Word and web pages lay the closing out as a borderless table too: `Nơi nhận | KT. CHỦ TỊCH …`
        signature = small and not ruled and self._last_table(j)
        css = "doc-header" if header else "doc-header doc-sign" if signature else "doc-table"
        out = self.w.out
        out.append(f'<table class="{css}">')
        for r, cells in enumerate(rows):
            cell_tag = "th" if ruled and r == 0 and css == "doc-table" and kind == "row" else "td"
            out.append("<tr>")
            for start, end in cells + [(0, 0)] * (width - len(cells)):
                out.append(f"<{cell_tag}>")
                if end > start:
                    self.w.runs(self._inline(start, end))
                out.append(f"</{cell_tag}>")
            out.append("</tr>")
        out.append("</table>")

    def _near_top(self, i: int) -> bool:
        """At most a few lines (a page heading) before line i: where a document's header stands."""
        return sum(1 for k in range(i) if self.kinds[k] != "blank") <= 3

    def _last_table(self, j: int) -> bool:
        """No table after line j, and only a few short lines (a name, a seal note) left."""
        left = 0
        for k in range(j, len(self.kinds)):  # stops at the fifth line: no rescan of the text
            kind = self.kinds[k]
            if kind in ("row", "crow"):
                return False
            if kind != "blank":
                left += 1
                if left > 4:
                    return False
        return True


def _lines(text: str) -> list[tuple[int, int]]:
    lines, ls = [], 0
    while True:
        le = text.find("\n", ls)
        if le == -1:
            lines.append((ls, len(text)))
            return lines
        lines.append((ls, le))
        ls = le + 1


def clause_outline(doc: Document, width: int = 70) -> list[dict]:
    """Clause tree as a flat list for a table of contents: path, anchor, level, first words."""
    outline = []
    for clause in doc.clauses:
        if doc.text:
            body = _visible(doc.text, clause.start, min(clause.end, clause.start + 4 * width))
        else:
            body = " ".join((clause.text or "").split())
        label = clause.label.strip("*_ ")
        if body.startswith(label):
            body = body[len(label) :].strip()
        if len(body) > width:
            cut = body.rfind(" ", 0, width)
            body = body[: cut if cut > 20 else width] + " …"
        outline.append(
            {
                "path": clause.path,
                "anchor": clause.anchor,
                "level": clause.level,
                "label": label,
                "preview": body,
            }
        )
    return outline
