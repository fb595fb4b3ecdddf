"""What an HTML page's text holds around its document: lines before the letterhead, lines after the
signer's name.

Portal pages wrap a document in tabs, breadcrumbs, status boxes, tables of contents and footers; the
reader should keep the document only. The letterhead is where the parser's header starts (the quốc
hiệu or Party motto, with the issuer and number lines right above it); the signature ends at the last
line naming the parsed signer. What lies after it may be the document's own (appendices, forms,
footnotes) or chrome, so those lines are reported, not judged; what lies before the letterhead on a
page is never the document's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edges:
    before: int  # non-blank lines above the letterhead (-1: no letterhead found)
    after: int  # non-blank lines below the signer's last mention (-1: no signer)
    first_line: str
    last_line: str


def letterhead_line(text: str) -> int:
    """Index (in non-blank lines) of the letterhead's first line, -1 when the text has none."""
    from indexer.parse.header import _NUMBER_LINE, is_party_motto, is_quoc_hieu
    from indexer.parse.lines import is_upper, split_lines

    lines = [ln for ln in split_lines(text) if not ln.blank]
    motto = next((i for i, ln in enumerate(lines) if is_quoc_hieu(ln) or is_party_motto(ln)), -1)
    if motto < 0:
        return -1
    top = motto
    while top > 0 and (is_upper(lines[top - 1].clean) or _NUMBER_LINE.match(lines[top - 1].folded)):
        top -= 1
    # a header row read cell by cell: its left cell (issuer) sits on the motto's physical line
    physical = text[: lines[top].start].count("\n")
    return sum(1 for line in text.split("\n")[:physical] if line.strip())


def edges(text: str, signer: str) -> Edges:
    physical = [line for line in text.split("\n") if line.strip()]
    after = -1
    if signer:
        last = max((i for i, line in enumerate(physical) if signer in line), default=-1)
        after = len(physical) - 1 - last if last >= 0 else -1
    first, last = (physical[0][:80], physical[-1][:80]) if physical else ("", "")
    return Edges(letterhead_line(text), after, first, last)
