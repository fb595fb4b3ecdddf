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


HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def html_table(texts: dict[str, str], parsed: dict[str, list], labels: dict[str, list[dict]]) -> str:
    """The HTML pages of the corpus: gold fields on them, and what their texts hold around the document
    (pages with lines above the letterhead, lines below the signer's last mention), tune / held."""
    from bench.bench_parse import score
    from bench.parse_accuracy import split_half

    pages = sorted(name for name in texts if name.lower().endswith(HTML_SUFFIXES))
    rows = [f"\nhtml pages: {len(pages)} ({', '.join(_per_half(pages))})"]
    rows.append(f"{'':<34}{'tune':>14}{'held':>14}")
    counts: dict[str, dict[str, int]] = {"tune": {}, "held": {}}
    for name in pages:
        docs = parsed.get(name) or []
        found = edges(texts[name], docs[0].signer if docs else "")
        c = counts[split_half(name)]
        c["letterhead"] = c.get("letterhead", 0) + (found.before >= 0)
        c["chrome_top"] = c.get("chrome_top", 0) + (found.before > 0)
        c["lines_top"] = c.get("lines_top", 0) + max(found.before, 0)
        c["lines_after"] = c.get("lines_after", 0) + max(found.after, 0)
    for label, key_ in (
        ("pages with a letterhead", "letterhead"),
        ("  whose text starts above it", "chrome_top"),
        ("  lines above the letterhead", "lines_top"),
        ("lines after the signer's name (*)", "lines_after"),
    ):
        rows.append(f"{label:<34}" + "".join(f"{counts[h].get(key_, 0):>14}" for h in ("tune", "held")))
    scored = score({n: v for n, v in labels.items() if n in pages}, parsed)
    for field in ("number", "doc_type", "issuer", "province", "issued", "signer", "subject"):
        line = f"{'gold ' + field:<34}"
        for half in ("tune", "held"):
            cell = scored.get(half, {}).get("fields", {}).get(field)
            line += f"{f'{cell[0]}/{cell[1]} fp {cell[2]}' if cell else '-':>14}"
        rows.append(line)
    rows.append("(*) appendices, forms and footnotes of the documents included")
    return "\n".join(rows)


def _per_half(pages: list[str]) -> list[str]:
    from bench.parse_accuracy import split_half

    halves = [split_half(name) for name in pages]
    return [f"{half} {halves.count(half)}" for half in ("tune", "held")]
