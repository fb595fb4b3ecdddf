"""The full text of a document as HTML: escaped original text, clause anchors, query highlights.

Pure: a Document and a parsed query in, Markup out. Offsets come from the original text, so what is
highlighted is exactly what was written; nothing folded or normalised is ever shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from analyzers.query import ParsedQuery
from indexer.highlight import mark, match_spans
from indexer.model import Document


@dataclass
class RenderedText:
    html: Markup
    matches: int  # number of highlighted spans


def _display(fragment: str) -> str:
    # Sources converted from scans carry markdown bold markers (`**`); they are layout, not words.
    return fragment.replace("**", "")


def render_text(doc: Document, query: ParsedQuery | None = None) -> RenderedText:
    text = doc.text or ""
    spans = match_spans(text, query) if query is not None and query.must else []
    anchors: dict[int, list[tuple[str, str]]] = {}
    for clause in doc.clauses:
        if 0 <= clause.start <= len(text):
            anchors.setdefault(clause.start, []).append((clause.anchor, clause.path))
    cuts = sorted(set(anchors) | {0, len(text)})
    out: list[str] = []
    for start, end in zip(cuts, cuts[1:] + [len(text)], strict=True):
        for anchor, path in anchors.get(start, []):
            out.append(
                Markup(
                    '<a class="clause-anchor" id="{0}" href="#{0}" title="Liên kết tới mục {1}"></a>'
                ).format(anchor, path)
            )
        if end > start:
            out.append(_display(mark(text, spans, start, end)))
    return RenderedText(Markup("".join(str(piece) for piece in out)), len(spans))


def clause_outline(doc: Document, width: int = 70) -> list[dict]:
    """Clause tree as a flat list for a table of contents: path, anchor, level, first words."""
    outline = []
    for clause in doc.clauses:
        body = (doc.text[clause.start : clause.end] if doc.text else clause.text) or ""
        body = " ".join(_display(body).split())
        if body.startswith(clause.label):
            body = body[len(clause.label) :].strip()
        if len(body) > width:
            cut = body.rfind(" ", 0, width)
            body = body[: cut if cut > 20 else width] + " …"
        outline.append(
            {
                "path": clause.path,
                "anchor": clause.anchor,
                "level": clause.level,
                "label": clause.label,
                "preview": body,
            }
        )
    return outline
