"""HTML pages (documents saved from government portals) through BeautifulSoup's stdlib html.parser.

Block elements become lines, table rows are written like in .docx (indexer.sources.tables), script/style
and other non-content elements are dropped, and so is the portal chrome around the document (menus, tab
bars, status boxes, link lists, footers: indexer.sources.html_chrome); entities are decoded by the parser.
The charset comes from a BOM, else from <meta charset> / http-equiv, else from the bytes themselves.
"""

from __future__ import annotations

import re

from indexer.errors import SourceError
from indexer.sources.encoding import decode_text, repair_legacy
from indexer.sources.html_chrome import strip_chrome
from indexer.sources.model import SourceText
from indexer.sources.tables import row_lines

DROPPED = frozenset(
    """script style nav noscript noframes template svg head title iframe object embed canvas button
    select""".split()
)
BLOCKS = frozenset(
    """p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table thead tbody tfoot caption section article header
    footer main aside blockquote pre address figure figcaption hr form fieldset center body""".split()
)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f]+")  # HTML whitespace; NBSP is content


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    name = match.group(1).decode("ascii", errors="ignore")
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def read_html(data: bytes, path: str) -> list[SourceText]:
    markup, warnings = decode_text(data, path, declared=declared_charset(data), repair=False)
    try:
        text = html_to_text(markup)
    except RecursionError:  # only tables nested inside tables recurse
        raise SourceError(path, "HTML nested too deeply") from None
    if not text:
        # a frameset's own text is the browser's fallback ("This page uses frames…"), never the document
        framed = re.search(r"<frame\s[^>]*src\s*=", markup, re.IGNORECASE)
        raise SourceError(
            path, "frameset page: its text is in its frames' files" if framed else "no text in the HTML page"
        )
    fixed, encoding = repair_legacy(text)
    if encoding:
        warnings.append(f"repaired from {encoding}")
    return [SourceText(path, fixed, warnings)]


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    strip_chrome(soup)
    pieces: list[str] = []
    _render(soup, pieces, pre=False)
    # blocks meet as "\n\n" (one closes, the next opens): empty lines carry no meaning in HTML
    return "\n".join(line.strip() for line in "".join(pieces).split("\n") if line.strip())


def _render(node, out: list[str], pre: bool) -> None:
    """Append the visible text under `node` to `out`. Iterative: hostile pages nest thousands deep."""
    from bs4.element import NavigableString, Tag

    stack: list = [(child, pre) for child in reversed(list(node.children))]
    while stack:
        item, in_pre = stack.pop()
        if isinstance(item, str) and not isinstance(item, NavigableString):  # a line break queued below
            out.append(item)
            continue
        if isinstance(item, NavigableString):
            if type(item) is NavigableString:  # comments, doctype, CDATA, processing instructions: not text
                out.append(str(item) if in_pre else _SPACES.sub(" ", str(item)))
            continue
        if not isinstance(item, Tag) or item.name in DROPPED:
            continue
        name = item.name
        if name == "br":
            out.append("\n")
        elif name == "tr":
            cells = [_cell_lines(cell) for cell in item.find_all(["td", "th"], recursive=False)]
            out.append("\n" + "\n".join(row_lines(cells)) + "\n")
        else:
            block = name in BLOCKS
            if block:
                out.append("\n")
                stack.append(("\n", in_pre))
            inner_pre = in_pre or name == "pre"
            stack.extend((child, inner_pre) for child in reversed(list(item.children)))


def _cell_lines(cell) -> list[str]:
    pieces: list[str] = []
    _render(cell, pieces, pre=False)
    return [line.strip() for line in "".join(pieces).split("\n") if line.strip()]
