"""Teaser lists on a portal page: `Tin khác`, `Bài viết liên quan`, `Văn bản mới` with a summary under
each title. Their summaries are prose, so neither the link share nor the prose share tells them from
the document; their shape does: three or more items alike, each opening with a link to another page
that stands on a line of its own (a title), with text of its own under it. A document's linked
citation sits inside its sentence (`<p><a>Nghị định 10/2010/NĐ-CP</a> ngày …;</p>`), never on a line
of its own above a paragraph.
"""

from __future__ import annotations

from indexer.sources.html_stats import BLOCKISH, Stats, off_page

MIN_ITEMS = 3
ITEMS_SHARE = 0.7  # of the list's text in its teaser items
OWN_TEXT = 20  # characters of an item's own text besides its title link
_NO_LINKS = Stats()
ONLY_TEASERS = 0.9  # a page whose text is all teasers is a listing page: left as it is


def teaser_lists(root, stats: dict[int, Stats]) -> list:
    """Elements that are lists of teasers, outermost first."""
    from bs4.element import Tag

    found = []
    stack = [root]
    while stack:
        tag = stack.pop()
        linked = [c for c in tag.contents if isinstance(c, Tag) and stats.get(id(c), _NO_LINKS).links]
        items = [c for c in linked if _teaser(c, stats)] if len(linked) >= MIN_ITEMS else []
        names = {item.name for item in items}
        chars = stats.get(id(tag), Stats()).chars
        if (
            len(items) >= MIN_ITEMS
            and len(names) == 1
            and sum(stats[id(item)].chars for item in items) >= ITEMS_SHARE * chars
        ):
            found.append(tag)
            continue
        stack.extend(c for c in reversed(tag.contents) if isinstance(c, Tag))
    return found


def drop_teaser_lists(root, stats: dict[int, Stats]) -> bool:
    """Drop the teaser lists of a page that has more than them; True when one was dropped."""
    page = stats[id(root)].chars
    lists = [tag for tag in teaser_lists(root, stats) if stats[id(tag)].chars < ONLY_TEASERS * page]
    for tag in lists:
        tag.decompose()
    return bool(lists)


def _teaser(item, stats: dict[int, Stats]) -> bool:
    s = stats.get(id(item))
    if s is None or s.chars - s.link_chars < OWN_TEXT:
        return False
    first = next((text for text in item.strings if text.strip()), None)
    link = first.find_parent("a") if first is not None else None
    if link is None or not off_page(link) or not _is_inside(link, item):
        return False
    return _own_line(link, item)


def _is_inside(node, ancestor) -> bool:
    return any(parent is ancestor for parent in node.parents)


def _own_line(link, item) -> bool:
    """The link is all of its block, or a block or a line break follows it."""
    block = next((p for p in link.parents if p is item or p.name in BLOCKISH), item)
    if block is not item and block.get_text(strip=True) == link.get_text(strip=True):
        return True
    node = link
    while node is not item:  # the first thing after the link (or after the inline element it closes)
        after = node.next_sibling
        while after is not None and isinstance(after, str) and not after.strip():
            after = after.next_sibling
        if after is not None:
            return getattr(after, "name", None) in BLOCKISH or getattr(after, "name", None) == "br"
        node = node.parent
        if node.name in BLOCKISH:
            return True  # the link ends its block: a line of its own
    return False
