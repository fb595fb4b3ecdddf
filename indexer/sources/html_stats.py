"""Text statistics of every element of a parsed HTML page, and the page's main content.

What tells a document from the portal around it is how its text is made: a document is paragraphs of
prose (and tables, headings, signature lines between them); chrome is links and short labels. Each
element gets, in one pass from the leaves up: its visible characters, those inside links to other
pages, its links, the prose below it (leaf blocks with a paragraph's worth of text outside links), and
the text pieces outside links that end a clause (`;` `.` `,`). Iterative throughout: hostile pages
nest thousands of elements deep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NOT_TEXT = frozenset(
    "script style noscript template svg head title iframe object embed canvas button select".split()
)
# elements that start a line of their own; a leaf one with enough text is a paragraph
BLOCKISH = frozenset(
    """p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tr td th section article header footer main aside
    blockquote pre form center body nav""".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())  # titles, not prose: a portal titles its page in h1
PROSE_CHARS = 50  # a leaf block's own text, links excluded, that makes it a paragraph of prose
MAIN_SHARE = 0.85  # the main content holds this share of the page's prose
_CLAUSE_END = re.compile(r"[;.,]\s*$")


@dataclass
class Stats:
    chars: int = 0  # visible characters, white space excluded
    link_chars: int = 0  # of them inside links to other pages
    links: int = 0  # links to other pages
    prose: int = 0  # characters of prose paragraphs below (links excluded)
    clause_ends: int = 0  # text pieces outside links that end a clause or a sentence


_NONE = Stats()


def measure(root) -> dict[int, Stats]:
    """Stats of every element under root (root included), keyed by id(element)."""
    from bs4.element import NavigableString, Tag

    order = []  # (element, its own stats), parents before children
    stack = [(root, False)]
    while stack:
        tag, in_link = stack.pop()
        link = in_link or (tag.name == "a" and off_page(tag))
        own = Stats(links=1 if link and not in_link else 0)
        for child in tag.contents:
            if isinstance(child, Tag):
                if child.name not in NOT_TEXT:
                    stack.append((child, link))
            elif type(child) is NavigableString:  # not comments, CDATA, doctype
                chars = len("".join(child.split()))
                own.chars += chars
                if link:
                    own.link_chars += chars
                elif chars and _CLAUSE_END.search(child):
                    own.clause_ends += 1
        order.append((tag, own))
    stats: dict[int, Stats] = {}
    for tag, total in reversed(order):  # children before parents
        leaf_block = tag.name in BLOCKISH
        for child in tag.contents:
            sub = stats.get(id(child))
            if sub is None:
                continue
            total.chars += sub.chars
            total.link_chars += sub.link_chars
            total.links += sub.links
            total.prose += sub.prose
            total.clause_ends += sub.clause_ends
            leaf_block = leaf_block and child.name not in BLOCKISH
        if leaf_block and tag.name not in HEADINGS and total.chars - total.link_chars >= PROSE_CHARS:
            total.prose = total.chars - total.link_chars
        stats[id(tag)] = total
    return stats


def off_page(link) -> bool:
    """A link to another page; a fragment link (`#_ftn1`, `#_Toc…`) stays in the document: its
    footnotes and its own table of contents."""
    href = str(link.get("href", "")).strip()
    return bool(href) and not (href.startswith("#") and len(href) > 1)


def main_content(root, stats: dict[int, Stats]):
    """The deepest element holding most of the page's prose, None when the page has none. Never a
    cell or a row: a document laid out in a table keeps its letterhead rows beside its body."""
    from bs4.element import Tag

    total = stats[id(root)].prose
    if not total:
        return None
    node = root
    while node.name not in ("table", "pre"):
        inner = next(
            (
                child
                for child in node.contents
                if isinstance(child, Tag) and stats.get(id(child), _NONE).prose >= MAIN_SHARE * total
            ),
            None,
        )
        if inner is None:
            return node
        node = inner
    return node


def gone(tag) -> bool:
    """Removed with a block dropped before it. (`Tag.decomposed` looks `_decomposed` up through
    `Tag.__getattr__`, which searches the subtree for a child element of that name: quadratic.)"""
    return bool(tag.__dict__.get("_decomposed"))
