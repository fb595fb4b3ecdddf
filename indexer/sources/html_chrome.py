"""Portal chrome in an HTML page: what a portal wraps around a document, found by what it is, not by
what it says.

A page saved from a government portal holds, around the document, the portal's menus, breadcrumbs,
tab bars (`Nội dung | Thuộc tính | Tải về`), zoom and print controls, a status box restating the
document's title, related-document lists, a table of contents panel and a footer. Indexed, they open
every snippet and hide the letterhead from the parser. They are found in four generic ways:

1. marked chrome: navigation landmarks (`nav`, `aside`, a page-level `header`/`footer`), ARIA roles of
   navigation and controls (`navigation`, `tablist`, `menu`, `toolbar`, `banner`, `contentinfo` …),
   and what the page hides (`hidden`, `aria-hidden`, `display:none`);
2. copies of marked chrome: a responsive page prints its tab bar or breadcrumb twice, once unmarked;
3. link lists: blocks whose text is mostly links to other pages and reads as no sentence (menus,
   related documents, share bars); a document's own links (`Căn cứ <a>Luật …</a>;`) end in punctuation;
4. labels around the main content: the main content is the deepest element holding most of the page's
   prose; blocks far outside it (not its siblings) that hold no prose, no table and no upper-case
   line (letterheads, titles and signatures always have one) are controls and status labels, and a
   heading out there that only restates the document's words is the portal's title of it.

Nothing names a site, a class name or a phrase; a Word "web page" export has none of this and comes
through unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHROME_TAGS = frozenset({"nav", "aside", "menu"})
LANDMARK_TAGS = frozenset({"header", "footer"})  # chrome at page level only, not inside content
SECTIONING = frozenset({"article", "section", "main"})
CHROME_ROLES = frozenset(
    """navigation banner contentinfo search tablist tab menu menubar menuitem toolbar complementary
    dialog alertdialog tooltip switch slider scrollbar""".split()
)
CONTROL_TAGS = frozenset({"input", "textarea", "option", "datalist"})
NOT_TEXT = frozenset(
    "script style noscript template svg head title iframe object embed canvas button select".split()
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[;.,:]\s*$")
_WORD = re.compile(r"\w+")

MAIN_SHARE = 0.85  # the main content holds this share of the page's prose
PROSE_CHARS = 50  # a block's own text, links excluded, that makes it prose
LINK_LIST_SHARE = 0.6  # link text share of a block that lists links
LABEL_LINE = 60  # the longest line of a label block (a status box, a tab bar, a zoom control)
FAR = 2  # blocks this many levels above the main content are page layout, not document flow
REPEAT_MAX = 400  # a copy of marked chrome is short; longer text is never compared


@dataclass
class _Stats:
    chars: int = 0  # visible characters, spaces excluded
    link_chars: int = 0  # of them inside links to other pages
    links: int = 0
    prose: int = 0  # characters of prose blocks below
    sentence_ends: int = 0  # text pieces outside links that end a clause or sentence (; . , :)
    table: bool = False


def strip_chrome(root) -> None:
    """Remove portal chrome from a parsed page (BeautifulSoup tree), in place."""
    repeated = _drop_marked(root)
    stats = measure(root)
    _drop_repeats(root, stats, repeated)
    stats = measure(root)
    main = main_content(root, stats)
    _drop_link_lists(root, stats, main)
    if main is not None:
        stats = measure(root)
        _drop_far_labels(root, main, stats)


def _tags(root):
    """Every element under root, parents before children (iterative: pages nest thousands deep)."""
    from bs4.element import Tag

    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(child for child in reversed(node.contents) if isinstance(child, Tag))


def _marked(tag, in_section: bool) -> bool:
    name = tag.name
    if name in CHROME_TAGS or name in CONTROL_TAGS or (name in LANDMARK_TAGS and not in_section):
        return True
    attrs = tag.attrs
    roles = str(attrs.get("role", "")).lower().split()
    if any(role in CHROME_ROLES for role in roles):
        return True
    if "hidden" in attrs or str(attrs.get("aria-hidden", "")).lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(str(attrs.get("style", ""))))


def _marked_tags(root) -> list:
    """Marked chrome, outermost first; a header or footer inside an article, section or main is the
    content's own (a document's closing), not the page's."""
    from bs4.element import Tag

    found = []
    stack = [(child, False) for child in reversed(root.contents) if isinstance(child, Tag)]
    while stack:
        tag, in_section = stack.pop()
        if _marked(tag, in_section):
            found.append(tag)
            continue
        inner = in_section or tag.name in SECTIONING
        stack.extend((child, inner) for child in reversed(tag.contents) if isinstance(child, Tag))
    return found


def _drop_marked(root) -> set[str]:
    """Drop marked chrome; return the keys of the texts of landmarks and roles (not of hidden copies,
    which may be a whole hidden document) that an unmarked copy would repeat."""
    repeated = set()
    for tag in _marked_tags(root):
        hidden = "hidden" in tag.attrs or _HIDDEN_STYLE.search(str(tag.attrs.get("style", "")))
        if not hidden:
            key = _key(tag.get_text(" "))
            if 8 <= len(key) <= REPEAT_MAX:
                repeated.add(key)
        tag.decompose()
    return repeated


def _key(text: str) -> str:
    return _SPACE.sub("", text).lower()


def measure(root) -> dict[int, _Stats]:
    """Text statistics of every element (by id), in one pass from the leaves up."""
    from bs4.element import NavigableString, Tag

    stats: dict[int, _Stats] = {}
    order = []  # (tag, its own text chars, own link chars) in parent-first order
    stack = [(root, False)]
    while stack:
        tag, in_link = stack.pop()
        own = _Stats()
        link = in_link or (tag.name == "a" and _off_page(tag))
        if tag.name == "a" and link and not in_link:
            own.links = 1
        for child in tag.contents:
            if isinstance(child, Tag):
                if child.name not in NOT_TEXT:
                    stack.append((child, link))
            elif type(child) is NavigableString:
                chars = len(_SPACE.sub("", child))
                own.chars += chars
                own.link_chars += chars if link else 0
                if chars and not link and _SENTENCE_END.search(child):
                    own.sentence_ends += 1
        own.table = tag.name == "table"
        order.append((tag, own))
    for tag, own in reversed(order):
        total = own
        for child in tag.contents:
            sub = stats.get(id(child))
            if sub is not None:
                total.chars += sub.chars
                total.link_chars += sub.link_chars
                total.links += sub.links
                total.sentence_ends += sub.sentence_ends
                total.table = total.table or sub.table
        stats[id(tag)] = total
    for tag, _ in order:  # a leaf block whose text outside links is a paragraph's worth is prose
        s = stats[id(tag)]
        if tag.name in _BLOCKISH and s.chars - s.link_chars >= PROSE_CHARS and not _has_block_child(tag):
            _add_prose(tag, stats, s.chars - s.link_chars)
    return stats


def _has_block_child(tag) -> bool:
    from bs4.element import Tag

    return any(isinstance(child, Tag) and child.name in _BLOCKISH for child in tag.contents)


_BLOCKISH = frozenset(
    """p div h1 h2 h3 h4 h5 h6 li ul ol dl table tr td th section article header footer main aside
    blockquote pre form center body""".split()
)


def _add_prose(tag, stats: dict[int, _Stats], chars: int) -> None:
    node = tag
    while node is not None:
        s = stats.get(id(node))
        if s is not None:
            s.prose += chars
        node = node.parent


def _off_page(link) -> bool:
    """A link to another page (a fragment link stays in the document: footnotes, its own contents)."""
    href = str(link.get("href", "")).strip()
    return bool(href) and not (href.startswith("#") and len(href) > 1)


def _drop_repeats(root, stats: dict[int, _Stats], repeated: set[str]) -> None:
    if not repeated:
        return
    lengths = {len(key) for key in repeated}
    for tag in list(_tags(root)):
        if tag is root or _gone(tag):
            continue
        s = stats.get(id(tag))
        if s is not None and s.chars in lengths and _key(tag.get_text(" ")) in repeated:
            tag.decompose()


def main_content(root, stats: dict[int, _Stats]):
    """The deepest element holding most of the page's prose (never inside a table: a document laid
    out in a table keeps the letterhead rows beside its body); None when the page has no prose."""
    from bs4.element import Tag

    total = stats[id(root)].prose
    if not total:
        return None
    node = root
    while node.name not in ("table", "pre"):
        inner = [
            child
            for child in node.contents
            if isinstance(child, Tag) and id(child) in stats and stats[id(child)].prose >= MAIN_SHARE * total
        ]
        if not inner:
            break
        node = inner[0]
    return node


def _drop_link_lists(root, stats: dict[int, _Stats], main) -> None:
    """Blocks that list links to other pages: at least three links, most of the text theirs, and fewer
    clause endings outside them than links (a related-documents list, not a `Căn cứ` paragraph)."""
    holding_main = set()
    node = main
    while node is not None:
        holding_main.add(id(node))
        node = node.parent
    for tag in list(_tags(root)):
        if _gone(tag) or id(tag) in holding_main or tag.name in ("a", "p", "td", "th", "span"):
            continue
        s = stats.get(id(tag))
        if (
            s is not None
            and s.links >= 3
            and s.link_chars >= LINK_LIST_SHARE * s.chars
            and s.sentence_ends * 2 < s.links
        ):
            tag.decompose()


def _drop_far_labels(root, main, stats: dict[int, _Stats]) -> None:
    """Blocks of short labels, FAR or more levels above the main content."""
    from bs4.element import Tag

    said = main.get_text(" ")
    words = set(_WORD.findall(said.lower()))
    said = _SPACE.sub("", said)
    path = main
    level = 0
    while path.parent is not None and path is not root:
        parent = path.parent
        level += 1
        if level >= FAR:
            for sibling in [c for c in parent.contents if isinstance(c, Tag) and c is not path]:
                for heading in sibling.find_all(_HEADINGS) if sibling.name not in _HEADINGS else [sibling]:
                    if _restates(heading, words):
                        heading.decompose()
                if not _gone(sibling) and _label_block(sibling, said):
                    sibling.decompose()
        path = parent


_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def _restates(heading, words: set[str]) -> bool:
    """A heading out of the main content whose words the document already says: the portal's title."""
    text = heading.get_text(" ").strip()
    if not text or _upper_line(text):
        return False
    own = _WORD.findall(text.lower())
    return len(own) >= 3 and sum(w in words for w in own) >= 0.9 * len(own)


def _label_block(tag, said: str) -> bool:
    """No table, and every line a short label (not upper case) or a line the document already says:
    controls, status boxes, a table of contents repeating the document's headings."""
    if tag.name == "table" or tag.find("table") is not None:
        return False
    lines = [line.strip() for line in tag.get_text("\n").split("\n") if line.strip()]
    return all(
        (len(line) <= LABEL_LINE and not _upper_line(line)) or _SPACE.sub("", line) in said for line in lines
    )


def _upper_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _gone(tag) -> bool:
    """Removed with a block dropped before it. (`Tag.decomposed` looks `_decomposed` up through
    `Tag.__getattr__`, which searches the whole subtree for a child of that name: quadratic.)"""
    return bool(tag.__dict__.get("_decomposed"))
