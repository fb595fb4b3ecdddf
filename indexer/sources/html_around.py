"""Around the main content of a portal page: what the page's layout puts near the document.

The main content (html_stats.main_content) is the deepest element holding most of the page's prose.
Its siblings are the document's own flow (a title, an appendix, signature lines printed one by one)
and are left alone; two or more levels out are the page's layout, where these are chrome:
- a heading that restates the document's words and names its number: the portal's title of it (a
  document's own title never carries its own number);
- a block of short labels, or of lines the document already says (a contents panel repeating its
  headings), with no table, no heading, no upper-case line and none of a document's marks (number
  line, date, quốc hiệu, authority): a tab bar, a zoom control, a status box;
- after the main content, a block of short lines with the site's contacts (©, an e-mail address, a
  phone number): the site's footer.
"""

from __future__ import annotations

import re

from indexer.sources.html_stats import gone

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# what only a document prints (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW), whatever its case (a
# portal may write the letterhead in lower case and upper-case it with CSS): a number line, a date, the
# quốc hiệu or the Party's name, a signing authority
_DOCUMENT_MARK = re.compile(
    r"\bSố\s*[:.]\s*[\w.]*\s*/|\bngày\s+(?:\d{1,2}|[.…]+)?\s*tháng\s+(?:\d{1,2}|[.…]+)?\s*năm\s+\d{2,4}"
    r"|cộng\s+h[oò][aà]\s+xã\s+hội\s+chủ\s+nghĩa|đảng\s+cộng\s+sản\s+việt\s+nam|\b(?:TM|KT|TL)\.\s|\b(?:T/M|K/T|T/L)\s",
    re.IGNORECASE,
)
# a document number's shape: 249/2025/NĐ-CP, 172-TB/TW, 66.3/2025/NQ-CP (starts only where digits start)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?[/-][^\s,;)]*")
_SERIAL = re.compile(r"[\d./-]*")
# ©, an e-mail address, a phone number written in groups (024.6273.9468, (028) 3829 1234, 0903 123 456)
_CONTACT = re.compile(r"©|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\(?\b0\d{1,3}\)?[ .-]?\d{3,4}[ .-]?\d{3,4}\b")

LABEL_LINE = 60  # the longest line of a label (a tab, a status, a control)
PARAGRAPH = 150  # a line this long is a paragraph, not a footer's address or contact
PANEL_LINES = 8  # lines of a contents panel
FAR = 2  # blocks this many levels out of the main content are the page's layout
RESTATED = 0.9  # share of a heading's words the document already says


def drop_around(root, main) -> None:
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
                if _restates(heading, words, said):
                    heading.decompose()
            if not gone(block) and (_label_block(block, said) or (after and _contact_block(block))):
                block.decompose()
        path = parent


def _restates(heading, words: set[str], said: str) -> bool:
    """A heading, not upper case, whose words the document already says and which names the number
    the document prints (`Nghị định số 249/2025/NĐ-CP Quy định …`): the portal's title of it. A
    document's own title never carries its own number (that is on the `Số:` line)."""
    text = heading.get_text(" ").strip()
    if _upper_line(text):
        return False
    own = _WORD.findall(text.lower())
    numbered = any(_serial(number) in said for number in _NUMBER.findall(text) if _serial(number) != number)
    return numbered and len(own) >= 3 and sum(word in words for word in own) >= RESTATED * len(own)


def _serial(number: str) -> str:
    """`249/2025/` of `249/2025/NĐ-CP`: compared without the symbol, which portals retype (a Cyrillic
    `СР` for `CP` in a title was seen); a date (`12/05/2025`) has no symbol and is no number."""
    return _SERIAL.match(number).group(0)


def _label_block(tag, said: str) -> bool:
    """No table, no heading, and every line a short label, not upper case, or a line the document says;
    an upper-case line only in a long panel of them (a contents panel repeating the chapter titles),
    never in a few lines (a letterhead whose body an authority line repeats: `TM. ỦY BAN …`)."""
    if tag.name in ("table", *HEADINGS) or tag.find(("table", *HEADINGS)) is not None:
        return False  # a table, a title: the document's (a portal's title restating it is gone by now)
    lines = [line.strip() for line in tag.get_text("\n").split("\n") if line.strip()]
    # a document's mark in a line the document already says (a contents panel's heading) is its echo
    echoes = {
        i for i, line in enumerate(lines) if len(line) > LABEL_LINE // 2 and _SPACE.sub("", line) in said
    }
    if _DOCUMENT_MARK.search(" ".join(line for i, line in enumerate(lines) if i not in echoes)):
        return False
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
