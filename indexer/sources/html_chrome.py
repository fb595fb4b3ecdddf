"""Portal chrome in an HTML page: what a portal wraps around a document, found by what it is, never by
what it says.

A page saved from a government portal holds, around the document, the portal's menus, breadcrumbs,
tab bars (`Nội dung | Thuộc tính | Tải về`), zoom and print controls, a status box restating the
document's title, related-document lists, a table of contents panel and a footer. Indexed, they open
every snippet and stand between the parser and the letterhead. They are found in four ways, in this order:

1. marked chrome: navigation landmarks (`nav`, `aside`, a page-level `header`/`footer` unless it holds
   a letterhead or a closing), the ARIA roles of navigation and controls (`navigation`, `tablist`,
   `menu`, `toolbar`, `banner`, `contentinfo` …), form controls, what the page hides (`hidden`,
   `aria-hidden`, `display:none`) and the tab panels it keeps but does not show;
2. unmarked copies of marked chrome (a responsive page prints its tab bar or breadcrumb twice), and a
   second copy of the document (a reading view and a print view);
3. link lists: blocks whose text is mostly links to other pages and which end no clause (menus,
   related documents, share bars, pagination); a document's own linked citations
   (`Căn cứ <a>Luật …</a>;`) end theirs; and teaser lists, three or more items alike each opening
   with a title linking to another page, a summary under it (html_teasers);
4. around the main content, the deepest element holding most of the prose (html_stats): far out of
   it, a heading restating the document with its number, blocks of labels or of lines the document
   already says (status boxes, zoom controls, contents panels) and, after it, the site's contacts
   (html_around).

Whatever a rule would drop, it keeps an element holding most of the page's prose: a page that hides
its document until a script shows it still gives the document. Nothing names a site, a class or a
phrase; a Word "web page" export has none of this and comes through unchanged.
"""

from __future__ import annotations

import re

from indexer.sources.html_around import drop_around
from indexer.sources.html_stats import Stats, gone, main_content, measure
from indexer.sources.html_teasers import drop_teaser_lists

CHROME_TAGS = frozenset({"nav", "aside", "menu"})
LANDMARK_TAGS = frozenset({"header", "footer"})  # the page's, unless inside content
SECTIONING = frozenset({"article", "section", "main"})
CHROME_ROLES = frozenset(
    """navigation banner contentinfo search tablist tab menu menubar menuitem toolbar complementary
    dialog alertdialog tooltip switch slider scrollbar""".split()
)
CONTROL_TAGS = frozenset({"input", "textarea", "option", "datalist", "label"})
CELLS_AND_INLINE = frozenset("a span b i u em strong font small td th".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_PANE_CLASS = re.compile(r"tab-?pane", re.IGNORECASE)  # Bootstrap `tab-pane`, Ant Design `ant-tabs-tabpane`
_ACTIVE_CLASS = re.compile(r"(?:^|[\s_-])(?:active|show|in|current|selected)(?:$|\s)", re.IGNORECASE)
# a letterhead (quốc hiệu, the Party's name) or a closing (an authority line, the recipients)
_DOCUMENT_PART = re.compile(
    r"cộng\s+h[oò][aà]\s+xã\s+hội\s+chủ\s+nghĩa|đảng\s+cộng\s+sản\s+việt\s+nam|\b(?:TM|KT|TL)\.\s|\bT/M\s|\bK/T\s"
    r"|\bT/L\s|\bNơi\s+nhận\b",
    re.IGNORECASE,
)
MOST_PROSE = 0.5  # an element holding this share of the page's prose is never chrome
LINK_LIST_SHARE = 0.6  # share of a block's text in links that makes it a list of links
MIN_LINKS = 3
COPY_SHARE = 0.3  # a second copy of the document holds this share of the page's text at least
REPEAT_MAX = 400  # a copy of marked chrome is short; longer texts are never compared


def strip_chrome(root) -> None:
    """Remove portal chrome from a parsed page (a BeautifulSoup tree), in place."""
    stats = measure(root)
    page_prose = stats[id(root)].prose
    repeated = _drop_marked(root, stats, page_prose)
    stats = measure(root)  # measured again only after something was dropped
    if _drop_repeats(root, stats, repeated, page_prose) | _drop_second_copy(root, stats):
        stats = measure(root)
    if drop_teaser_lists(root, stats):
        stats = measure(root)
    main = main_content(root, stats)
    _drop_link_lists(root, stats, main)
    if main is not None:
        drop_around(root, main)


def _most_prose(tag, stats: dict[int, Stats], page_prose: int) -> bool:
    s = stats.get(id(tag))
    return bool(page_prose) and s is not None and s.prose >= MOST_PROSE * page_prose


def _marked(tag, in_section: bool) -> bool:
    name = tag.name
    if name in CHROME_TAGS or name in CONTROL_TAGS or (name in LANDMARK_TAGS and not in_section):
        return True
    if any(role in CHROME_ROLES for role in _roles(tag)):
        return True
    return _hidden(tag)


def _hidden(tag) -> bool:
    attrs = tag.attrs
    return (
        "hidden" in attrs
        or str(attrs.get("aria-hidden", "")).lower() == "true"
        or bool(_HIDDEN_STYLE.search(str(attrs.get("style", ""))))
    )


def _marked_tags(root) -> list[tuple[object, bool]]:
    """Marked chrome, outermost first, each with whether the page hides it. A header or footer inside
    an article, a section or main is the content's own (a document's heading or closing), not the
    page's. Tab panels the page does not show (a saved page keeps them all; its style sheet shows the
    active one) are hidden like the rest."""
    from bs4.element import Tag

    found = []
    stack = [(child, False) for child in reversed(root.contents) if isinstance(child, Tag)]
    while stack:
        tag, in_section = stack.pop()
        if _marked(tag, in_section):
            found.append((tag, _hidden(tag)))
            continue
        children = [child for child in tag.contents if isinstance(child, Tag)]
        inactive = _inactive_panels(children)
        found.extend((panel, True) for panel in inactive)
        shown = [child for child in children if all(child is not panel for panel in inactive)]
        inner = in_section or tag.name in SECTIONING
        stack.extend((child, inner) for child in reversed(shown))
    return found


def _inactive_panels(children: list) -> list:
    """Of sibling tab panels (ARIA `tabpanel`, or a tab framework's `tab-pane`), those not marked
    active when one is."""
    panels = [c for c in children if "tabpanel" in _roles(c) or _PANE_CLASS.search(_classes(c))]
    if len(panels) < 2:
        return []
    inactive = [p for p in panels if not _ACTIVE_CLASS.search(_classes(p))]
    return inactive if len(inactive) < len(panels) else []


def _roles(tag) -> list[str]:
    return str(tag.attrs.get("role", "")).lower().split()


def _classes(tag) -> str:
    value = tag.attrs.get("class", "")
    return " ".join(value) if isinstance(value, list) else str(value)


def _drop_marked(root, stats: dict[int, Stats], page_prose: int) -> set[str]:
    """Drop marked chrome; return the text keys of the bars and lists among it that an unmarked copy
    would repeat. Not one tab's word (a document's table may head a column with it), not a hidden
    element's text (a hidden print copy of the document is no chrome to look for)."""
    repeated = set()
    for tag, hidden in _marked_tags(root):
        if gone(tag) or _most_prose(tag, stats, page_prose):
            continue
        if tag.name in LANDMARK_TAGS and not hidden and _DOCUMENT_PART.search(tag.get_text(" ")):
            continue  # a page built of landmarks: the document's letterhead in <header>, closing in <footer>
        if not hidden and len(list(tag.stripped_strings)) >= 2:  # a bar, not one word of it
            key = _key(tag.get_text(" "))
            if 8 <= len(key) <= REPEAT_MAX:
                repeated.add(key)
        tag.decompose()
    return repeated


def _key(text: str) -> str:
    return _SPACE.sub("", text).lower()


def _tags(root):
    """Every element under root, parents before children."""
    from bs4.element import Tag

    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(child for child in reversed(node.contents) if isinstance(child, Tag))


def _drop_repeats(root, stats: dict[int, Stats], repeated: set[str], page_prose: int) -> bool:
    lengths = {len(key) for key in repeated}
    dropped = False
    for tag in list(_tags(root)):
        if tag is root or gone(tag):
            continue
        s = stats.get(id(tag))
        if s is None or s.chars not in lengths or stats.get(id(tag.parent), s).chars == s.chars:
            continue  # another length, or a wrapper's child: its wrapper was compared
        if not _most_prose(tag, stats, page_prose):
            if _key(tag.get_text(" ")) in repeated:
                tag.decompose()
                dropped = True
    return dropped


def _drop_second_copy(root, stats: dict[int, Stats]) -> bool:
    """A page printing the document twice (a reading view and a print view, both shown to a saved
    page's reader) keeps the first: elements of the same long text, neither inside the other. Only the
    outermost of a chain of wrappers around one text is compared (its parent holds more text), so two
    of them with the same length are never one inside the other."""
    page = stats[id(root)].chars
    seen: dict[int, list] = {}
    dropped = False
    for tag in list(_tags(root)):
        s = stats.get(id(tag))
        if tag is root or gone(tag) or s is None or s.chars < COPY_SHARE * page:
            continue
        if stats.get(id(tag.parent), s).chars == s.chars:
            continue  # a wrapper's child: the same text as its wrapper
        same = seen.setdefault(s.chars, [])
        key = _key(tag.get_text(" ")) if same else ""
        if any(_key(other.get_text(" ")) == key for other in same):
            tag.decompose()
            dropped = True
            continue
        same.append(tag)
    return dropped


def _drop_link_lists(root, stats: dict[int, Stats], main) -> None:
    """Blocks listing links to other pages: at least three links, most of the text theirs, fewer clause
    endings outside them than half the links. Never the main content or what holds it."""
    holding_main = set()
    node = main
    while node is not None:
        holding_main.add(id(node))
        node = node.parent
    for tag in list(_tags(root)):
        if gone(tag) or id(tag) in holding_main or tag.name in CELLS_AND_INLINE:
            continue
        s = stats.get(id(tag))
        if (
            s is not None
            and s.links >= MIN_LINKS
            and s.link_chars >= LINK_LIST_SHARE * s.chars
            and s.clause_ends * 2 < s.links
        ):
            tag.decompose()
