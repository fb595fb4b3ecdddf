"""Portal chrome in an HTML page: what a portal wraps around a document, found by what it is, never by
what it says.

A page saved from a government portal holds, around the document, the portal's menus, breadcrumbs,
tab bars (`Nội dung | Thuộc tính | Tải về`), zoom and print controls, a status box restating the
document's title, related-document lists, a table of contents panel and a footer. Indexed, they open
every snippet and stand between the parser and the letterhead. They are found in four ways:

1. marked chrome: navigation landmarks (`nav`, `aside`, a page-level `header`/`footer`), the ARIA
   roles of navigation and controls (`navigation`, `tablist`, `menu`, `toolbar`, `banner`,
   `contentinfo` …), form controls, and what the page hides (`hidden`, `aria-hidden`, `display:none`);
2. unmarked copies of marked chrome: a responsive page prints its tab bar or breadcrumb twice;
3. link lists: blocks whose text is mostly links to other pages and which end no clause (menus,
   related documents, share bars, pagination); a document's own linked citations
   (`Căn cứ <a>Luật …</a>;`) end theirs;
4. around the main content (html_stats.main_content, the deepest element holding most of the prose),
   two or more levels out of it (the page's layout; its siblings are the document's own flow: title,
   signature): a heading that only restates the document's words is the portal's title of it, and
   blocks of short labels or of lines the document already says (a contents panel), with no table
   and no upper-case line (a letterhead, a title, an authority line always has one), are controls
   and status boxes; and after it, a block of short lines with the site's contacts (©, e-mail, phone
   number) is the site's footer.

Whatever a rule would drop, it keeps an element holding most of the page's prose: a page that hides
its document until a script shows it still gives the document. Nothing names a site, a class or a
phrase; a Word "web page" export has none of this and comes through unchanged.
"""

from __future__ import annotations

import re

from indexer.sources.html_stats import Stats, main_content, measure

CHROME_TAGS = frozenset({"nav", "aside", "menu"})
LANDMARK_TAGS = frozenset({"header", "footer"})  # the page's, unless inside content
SECTIONING = frozenset({"article", "section", "main"})
CHROME_ROLES = frozenset(
    """navigation banner contentinfo search tablist tab menu menubar menuitem toolbar complementary
    dialog alertdialog tooltip switch slider scrollbar""".split()
)
CONTROL_TAGS = frozenset({"input", "textarea", "option", "datalist", "label"})
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
CELLS_AND_INLINE = frozenset("a span b i u em strong font small td th".split())
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# ©, an e-mail address, a phone number written in groups (024.6273.9468, (028) 3829 1234, 0903 123 456)
_CONTACT = re.compile(r"©|&copy;|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\(?\b0\d{1,3}\)?[ .-]?\d{3,4}[ .-]?\d{3,4}\b")

MOST_PROSE = 0.5  # an element holding this share of the page's prose is never chrome
LINK_LIST_SHARE = 0.6  # share of a block's text in links that makes it a list of links
MIN_LINKS = 3
LABEL_LINE = 60  # the longest line of a label (a tab, a status, a control)
PARAGRAPH = 150  # a line this long is a paragraph, not a footer's address or contact
PANEL_LINES = 8  # lines of a contents panel
FAR = 2  # blocks this many levels out of the main content are the page's layout
RESTATED = 0.9  # share of a heading's words the document already says
REPEAT_MAX = 400  # a copy of marked chrome is short; longer texts are never compared


def strip_chrome(root) -> None:
    """Remove portal chrome from a parsed page (a BeautifulSoup tree), in place."""
    stats = measure(root)
    page_prose = stats[id(root)].prose
    repeated = _drop_marked(root, stats, page_prose)
    stats = measure(root)
    _drop_repeats(root, stats, repeated, page_prose)
    stats = measure(root)
    main = main_content(root, stats)
    _drop_link_lists(root, stats, main)
    if main is not None:
        _drop_around(root, main)


def _most_prose(tag, stats: dict[int, Stats], page_prose: int) -> bool:
    s = stats.get(id(tag))
    return bool(page_prose) and s is not None and s.prose >= MOST_PROSE * page_prose


def _marked(tag, in_section: bool) -> bool:
    name = tag.name
    if name in CHROME_TAGS or name in CONTROL_TAGS or (name in LANDMARK_TAGS and not in_section):
        return True
    attrs = tag.attrs
    if any(role in CHROME_ROLES for role in str(attrs.get("role", "")).lower().split()):
        return True
    return _hidden(tag)


def _hidden(tag) -> bool:
    attrs = tag.attrs
    return (
        "hidden" in attrs
        or str(attrs.get("aria-hidden", "")).lower() == "true"
        or bool(_HIDDEN_STYLE.search(str(attrs.get("style", ""))))
    )


def _marked_tags(root) -> list:
    """Marked chrome, outermost first. A header or footer inside an article, a section or main is
    the content's own (a document's heading or closing), not the page's."""
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


def _drop_marked(root, stats: dict[int, Stats], page_prose: int) -> set[str]:
    """Drop marked chrome; return the text keys of landmarks and roles that an unmarked copy would
    repeat (not of hidden elements: a hidden print copy of the document is no chrome to look for)."""
    repeated = set()
    for tag in _marked_tags(root):
        if _most_prose(tag, stats, page_prose):
            continue
        if not _hidden(tag):
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


def _gone(tag) -> bool:
    """Removed with a block dropped before it. (`Tag.decomposed` looks `_decomposed` up through
    `Tag.__getattr__`, which searches the subtree for a child element of that name: quadratic.)"""
    return bool(tag.__dict__.get("_decomposed"))


def _drop_repeats(root, stats: dict[int, Stats], repeated: set[str], page_prose: int) -> None:
    lengths = {len(key) for key in repeated}
    for tag in list(_tags(root)):
        if tag is root or _gone(tag):
            continue
        s = stats.get(id(tag))
        if s is not None and s.chars in lengths and not _most_prose(tag, stats, page_prose):
            if _key(tag.get_text(" ")) in repeated:
                tag.decompose()


def _drop_link_lists(root, stats: dict[int, Stats], main) -> None:
    """Blocks listing links to other pages: at least three links, most of the text theirs, fewer clause
    endings outside them than half the links. Never the main content or what holds it."""
    holding_main = set()
    node = main
    while node is not None:
        holding_main.add(id(node))
        node = node.parent
    for tag in list(_tags(root)):
        if _gone(tag) or id(tag) in holding_main or tag.name in CELLS_AND_INLINE:
            continue
        s = stats.get(id(tag))
        if (
            s is not None
            and s.links >= MIN_LINKS
            and s.link_chars >= LINK_LIST_SHARE * s.chars
            and s.clause_ends * 2 < s.links
        ):
            tag.decompose()


def _drop_around(root, main) -> None:
    """Walk out of the main content level by level and, from FAR levels out, drop headings restating
    the document and label blocks."""
    from bs4.element import Tag

    said = main.get_text(" ")
    words = set(_WORD.findall(said.lower()))
    said = _SPACE.sub("", said)
    path, level = main, 0
    while path is not root and path.parent is not None:
        parent, level = path.parent, level + 1
        if level < FAR:  # the main content's siblings: the document's own flow (title, signature)
            path = parent
            continue
        after = False
        for block in [c for c in parent.contents if isinstance(c, Tag)]:
            if block is path:
                after = True
                continue
            for heading in [block] if block.name in HEADINGS else block.find_all(HEADINGS):
                if _restates(heading, words):
                    heading.decompose()
            if not _gone(block) and (_label_block(block, said) or (after and _contact_block(block))):
                block.decompose()
        path = parent


def _restates(heading, words: set[str]) -> bool:
    """A heading, not upper case, whose words the document already says: the portal's title of it."""
    text = heading.get_text(" ").strip()
    if _upper_line(text):
        return False
    own = _WORD.findall(text.lower())
    return len(own) >= 3 and sum(word in words for word in own) >= RESTATED * len(own)


def _label_block(tag, said: str) -> bool:
    """No table, and every line a short label, not upper case, or a line the document already says;
    an upper-case line only in a long panel of them (a contents panel repeating the chapter titles),
    never in a few lines (a letterhead whose body an authority line repeats: `TM. ỦY BAN …`)."""
    if tag.name == "table" or tag.find("table") is not None:
        return False
    lines = [line.strip() for line in tag.get_text("\n").split("\n") if line.strip()]
    panel = len(lines) >= PANEL_LINES
    return all(
        (len(line) <= LABEL_LINE and not _upper_line(line))
        or ((panel or not _upper_line(line)) and _SPACE.sub("", line) in said)
        for line in lines
    )


def _contact_block(tag) -> bool:
    """A site footer: the portal's contacts (a copyright sign, an e-mail address, a phone number) and
    no paragraph. Only after the main content: a letterhead may print its body's phone number."""
    text = tag.get_text("\n")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return all(len(line) <= PARAGRAPH for line in lines) and bool(_CONTACT.search(text))


def _upper_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)
