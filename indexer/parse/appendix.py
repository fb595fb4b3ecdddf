"""What a document prints after its signature: appendices (`Phụ lục I`, `Mẫu số 01`, a blank form with
its own `Số: …/…` and `…, ngày … tháng … năm …`), and the regulation a decree or decision enacts
(`QUY CHẾ … (Kèm theo Nghị định số …)`, printed under the issuer's name and the quốc hiệu).

They belong to the document they close: each becomes a clause of it (path `Phụ lục I`, `Mẫu số 02`,
`Quy chế`) whose numbered items are clauses below it (`Phụ lục I.2.a`, `Quy chế.Điều 5.1`), so a search
finds an appendix's text as a passage of its document, never as a document of its own with a form's
blanks for metadata (see indexer.parse.split.document_starts for what does make a new document).
"""

from __future__ import annotations

import re

from indexer.model import Clause
from indexer.parse.clauses import split_clauses, unique_paths
from indexer.parse.lines import Line

# 'PHỤ LỤC I', 'Phụ lục 02', 'PHỤ LỤC', 'Mẫu số 14a', 'Biểu mẫu số 3' (folded, upper case)
_HEADING = re.compile(
    r"^(?P<kind>PHU LUC|MAU SO|BIEU MAU(?: SO)?|BIEU SO)(?:\s+(?P<no>[IVXLC]+|\d{1,3}[A-Z]?)\b)?\s*[.:]?"
)
_KINDS = {"PHU LUC": "Phụ lục", "MAU SO": "Mẫu số", "BIEU MAU": "Biểu mẫu", "BIEU MAU SO": "Biểu mẫu số"}
_HEADING_MAX = 120  # a heading line, not a sentence that mentions an appendix
_OWNED = 15  # lines under a heading where the form's own header (quốc hiệu, issuer) still belongs to it


def appendix_starts(lines: list[Line], after: int, header_tops: list[int]) -> list[int]:
    """Line indexes (from `after` on) where an appendix opens: a heading line, or the header of an
    enacted text or form (`header_tops`, from the split) that no heading right above it owns."""
    found = [i for i in range(after, len(lines)) if _heading(lines[i])]
    # a list of the forms ('Mẫu số 01 / Đơn khiếu nại / Mẫu số 02 / …') names them: no form opens there
    following = [*found[1:], len(lines)]
    headings = [h for k, h in enumerate(found) if not _listed(lines, h, following[k])]
    starts = list(headings)
    for top in header_tops:
        if top >= after and not any(0 <= top - h <= _OWNED for h in headings):
            starts.append(top)
    return sorted(set(starts))


_LISTED = 2  # non-blank lines under a heading before the next one: an entry of a list of forms


def _listed(lines: list[Line], heading: int, following: int) -> bool:
    """An entry of a list: the next heading of the same kind ('Mẫu số 01' → 'Mẫu số 04') comes after
    at most a title line."""
    if following >= len(lines):
        return False
    if _heading(lines[heading]).group("kind") != _heading(lines[following]).group("kind"):
        return False  # 'Phụ lục / DANH MỤC BIỂU MẪU' above the list is an appendix of its own
    return sum(1 for line in lines[heading + 1 : following] if not line.blank) <= _LISTED - 1


def _heading(line: Line):
    if line.blank or len(line.clean) > _HEADING_MAX:
        return None
    match = _HEADING.match(line.folded)
    if not match:
        return None
    rest = line.clean[match.end() :].strip()
    # 'Phụ lục I', 'MẪU SỐ 02 - TỜ KHAI', 'PHỤ LỤC' alone: never 'Phụ lục này quy định …'
    return match if (match.group("no") or not rest or rest[:1].isupper() or rest[:1] in "(-–") else None


def appendix_clauses(text: str, lines: list[Line], starts: list[int]) -> list[Clause]:
    """One clause per appendix (its whole span) with its numbered items below it."""
    clauses: list[Clause] = []
    seen: dict[str, int] = {}
    for k, start in enumerate(starts):
        end_line = starts[k + 1] if k + 1 < len(starts) else len(lines)
        end = lines[end_line].start if end_line < len(lines) else len(text)
        while end > lines[start].start and text[end - 1].isspace():
            end -= 1
        path, label = _name(lines, start, end_line)
        seen[path] = seen.get(path, 0) + 1
        path = path if seen[path] == 1 else f"{path}~{seen[path]}"  # 'Phụ lục' twice: its items apart
        span_start = lines[start].start
        clauses.append(Clause(path, label, span_start, end, level=1, text=text[span_start:end]))
        for inner in split_clauses(text, lines, start + 1, end_line, end):
            inner.path, inner.level = f"{path}.{inner.path}", inner.level + 1
            clauses.append(inner)
    return clauses


def _name(lines: list[Line], start: int, end_line: int) -> tuple[str, str]:
    """(path, label): 'Phụ lục I' from a heading; else the enacted text's type ('Quy chế')."""
    from indexer.parse.header import type_line

    match = _heading(lines[start])
    if match:
        kind = _KINDS.get(match.group("kind"), "Phụ lục")
        number = lines[start].clean[match.start("no") : match.end("no")] if match.group("no") else ""
        return f"{kind} {number}".strip(), lines[start].clean
    for line in lines[start : min(end_line, start + _OWNED)]:
        doc_type = type_line(line)[0]
        if doc_type and not line.table:
            return doc_type[:1].upper() + doc_type[1:], line.clean
    return "Phụ lục", lines[start].clean


def with_appendices(clauses: list[Clause], appendix: list[Clause]) -> list[Clause]:
    """The document's clauses then its appendices', every path unique."""
    return unique_paths(clauses + appendix) if appendix else clauses
