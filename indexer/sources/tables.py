"""One table row of a Word or HTML document as text lines, keeping what the layout says.

Official documents put their header (issuer | quốc hiệu, number | place and date) and their closing
(`Nơi nhận` list | authority, title, name) in two-column tables whose cells hold several paragraphs.
Joining a cell's paragraphs with spaces glued the subject to the date line and the recipients list to
the signature; so a row is written as:
- one cell: its paragraphs as lines (a boxed note, a layout wrapper: plain text);
- several cells of one paragraph each: `a | b` (a data table's row, a one-line header row);
- several cells, some with several paragraphs: a markdown row `| a1<br>a2 | b1<br>b2 |`, which the
  parser reads cell by cell and paragraph by paragraph, and the document view shows as a table.
"""

from __future__ import annotations

CELL_SEPARATOR = " | "
LINE_BREAK = "<br>"


def row_lines(cells: list[list[str]]) -> list[str]:
    """Text lines of a row given each cell's paragraphs (empty cells dropped). A paragraph's soft line
    breaks (Shift+Enter in Word, `<br>` in HTML) count as breaks between paragraphs."""
    cells = [
        [part.strip() for p in paragraphs for part in p.split("\n") if part.strip()] for paragraphs in cells
    ]
    cells = [paragraphs for paragraphs in cells if paragraphs]
    if not cells:
        return []
    if len(cells) == 1:
        return list(cells[0])
    if all(len(paragraphs) == 1 for paragraphs in cells):
        return [CELL_SEPARATOR.join(paragraphs[0] for paragraphs in cells)]
    # a bar inside a cell (a nested table's row) would open a cell of its own
    return [
        "| "
        + CELL_SEPARATOR.join(
            LINE_BREAK.join(p.replace("|", "/") for p in paragraphs) for paragraphs in cells
        )
        + " |"
    ]
