"""How values read to a Vietnamese reader: dates by precision, clause paths, counts, facet labels.

Pure functions, registered as Jinja filters by the app factory.
"""

from __future__ import annotations

import re

from markupsafe import Markup

FACET_LABELS = {
    "issuer": "Cơ quan ban hành",
    "province": "Tỉnh, thành phố",
    "province_current": "Tỉnh, thành phố (sau 2025)",
    "type": "Loại văn bản",
    "signer": "Người ký",
    "year": "Năm ban hành",
    "month": "Tháng ban hành",
    "from": "Từ ngày",
    "to": "Đến ngày",
}

SORT_LABELS = {"relevance": "Phù hợp nhất", "date_desc": "Mới nhất", "date_asc": "Cũ nhất"}

# Shown when match=auto found no document with every word and answered with a share of them.
RELAXED_NOTICE = "Không có văn bản chứa tất cả các từ; hiển thị văn bản chứa một phần"
QUESTION_NOTICE = "Câu hỏi: hiển thị trước các văn bản chứa nhiều từ của câu hỏi nhất"


def relaxed_notice(response) -> str:
    """Why a SearchResponse was relaxed, in the words the page and the CLI show ("" when it was not)."""
    if not response.relaxed:
        return ""
    return QUESTION_NOTICE if response.question else RELAXED_NOTICE


def issuer_notice(response) -> str:
    """What the page and the CLI say when the query named issuers ("" when it named none)."""
    if not response.issuers:
        return ""
    return f"Văn bản do {', '.join(response.issuers)} ban hành được xếp trước"


PROVENANCE_LABELS = {
    "stated": ("ghi trên văn bản", "Ghi rõ trên văn bản"),
    "inferred": ("suy ra", "Suy ra từ nội dung, không ghi rõ ở phần đầu văn bản"),
    "inherited": ("từ bản sao", "Lấy từ một bản sao đầy đủ hơn của cùng văn bản"),
    "given": ("do nguồn cung cấp", "Do nguồn dữ liệu cung cấp kèm theo"),
}


def format_issued(issued: str, precision: str = "") -> str:
    """'2020-03-29' → '29/3/2020'; '2021-09' → 'tháng 9/2021'; '2021' → 'năm 2021'; '' → 'không rõ ngày'."""
    parts = (issued or "").split("-")
    if not parts[0].isdigit():
        return "không rõ ngày"
    precision = precision or {1: "year", 2: "month", 3: "day"}.get(len(parts), "unknown")
    try:
        if precision == "day" and len(parts) == 3:
            return f"{int(parts[2])}/{int(parts[1])}/{parts[0]}"
        if precision in ("day", "month") and len(parts) >= 2:
            return f"tháng {int(parts[1])}/{parts[0]}"
        if precision in ("day", "month", "year"):
            return f"năm {parts[0]}"
    except ValueError:
        pass
    return "không rõ ngày"


def format_month(value: str) -> str:
    """Facet value '2021-09' → 'tháng 9' (a histogram bar's label)."""
    try:
        return f"tháng {int(value[5:7])}"
    except ValueError:
        return value


def clause_label(path: str) -> str:
    """'2.2' → 'mục 2.2'; 'Điều 5.2.a' stays as printed; 'a' → 'điểm a'."""
    if not path:
        return ""
    if path[0].isdigit():
        return f"mục {path}"
    if re.fullmatch(r"[a-zđ]", path):
        return f"điểm {path}"
    return path


def format_count(n: int) -> str:
    """Vietnamese digit grouping: 12345 → '12.345'."""
    return f"{int(n):,}".replace(",", ".")


def format_ms(ms: float) -> str:
    return f"{ms:.1f}".replace(".", ",") + " ms"


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


_BORDER = re.compile(r"[ \t]\|(?=[ \t])")


def shown_value(value):
    """A metadata value as a reader sees it: a converter's table-cell border (`| Hà Nội`,
    `… Lưu: VT. | TM. CHÍNH PHỦ`) is layout, not part of the value."""
    if not isinstance(value, str) or "|" not in value:
        return value
    return _BORDER.sub(" ·", value).strip(" \t|")


def safe_snippet(snippet: str) -> Markup:
    """Mark an engine snippet safe, allowing nothing but <mark> tags.

    Engine snippets are already escaped with <mark> around matches; this re-checks that promise so a
    future engine that forgot to escape still cannot inject markup.
    """
    pieces = re.split(r"(</?mark>)", snippet or "")
    out = []
    for piece in pieces:
        if piece in ("<mark>", "</mark>"):
            out.append(piece)
        else:
            out.append(piece.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))
    return Markup("".join(out))


def provenance_mark(provenance: dict, name: str) -> Markup:
    kind = (provenance or {}).get(name, "")
    if kind not in PROVENANCE_LABELS:
        return Markup("")
    short, long = PROVENANCE_LABELS[kind]
    return Markup('<abbr class="prov prov-{}" title="{}">{}</abbr>').format(kind, long, short)
