"""The document page's text: markdown and converted sources laid out as documents, plain text as it
is, highlights on the original characters, nothing of the source unescaped, bounded work."""

from __future__ import annotations

import time

from bs4 import BeautifulSoup

from analyzers.query import parse_query
from indexer import highlight
from indexer.model import Clause, Document
from search_app.document_view import MAX_MARKS, clause_outline, render_text

HEADER_MD = """| **ỦY BAN NHÂN DÂN**<br>**TỈNH ĐIỆN BIÊN** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |
|:---:|:---:|
| Số: 1790/UBND-KGVX | *Điện Biên, ngày 14 tháng 5 năm 2021* |

# BÁO CÁO

Thực hiện **Thông báo số 215-TB/TU**, UBND tỉnh yêu cầu:

**1.** Các cơ quan thực hiện nghiêm thông điệp 5K.

| Chỉ tiêu | Số lượng |
|---|---|
| F1 cách ly tập trung | 74 |

---

<script>alert(1)</script> <img src=x onerror=alert(2)>
"""


def doc_of(text: str, source: str, clauses: list[Clause] = ()) -> Document:
    return Document(id="x", source=source, text=text, clauses=list(clauses))


def soup(rendered) -> BeautifulSoup:
    return BeautifulSoup(str(rendered.html), "html.parser")


def test_markdown_is_laid_out_as_a_document():
    start = HEADER_MD.index("**1.**")
    clause = Clause("1", "1.", start, HEADER_MD.index("| Chỉ tiêu"))
    rendered = render_text(doc_of(HEADER_MD, "a/b.md", [clause]), parse_query("5K"))
    page = soup(rendered)
    header, table = page.select("table")
    assert "doc-header" in header["class"] and "doc-table" in table["class"]
    first_row = [td.get_text(" ", strip=True) for td in header.select("tr")[0].select("td")]
    assert first_row == ["ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert header.select_one("strong").get_text() == "ỦY BAN NHÂN DÂN"
    assert header.select("em")[0].get_text() == "Điện Biên, ngày 14 tháng 5 năm 2021"
    assert [th.get_text() for th in table.select("th")] == ["Chỉ tiêu", "Số lượng"]
    assert page.select_one("h2.doc-h").get_text() == "BÁO CÁO"
    assert page.select("hr")
    assert page.select_one("#c-1")  # the clause anchor, placed where its words start
    assert [m.get_text() for m in page.select("mark")] == ["5K"] and rendered.matches == 1
    visible = page.get_text()
    for debris in ("**", "|---", "<br>", "| ", "# "):
        assert debris not in visible


def test_nothing_of_the_source_reaches_the_page_unescaped():
    html = str(render_text(doc_of(HEADER_MD, "a.md")).html)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_highlights_land_on_the_original_characters_inside_markup():
    text = "**Mục tiêu kép** là *vừa phòng, chống dịch*"
    page = soup(render_text(doc_of(text, "x.md"), parse_query("muc tieu kep phong")))
    assert [m.get_text() for m in page.select("mark")] == ["Mục tiêu kép", "phòng"]
    assert page.select_one("strong mark").get_text() == "Mục tiêu kép"
    assert page.select_one("em mark").get_text() == "phòng"


def test_plain_text_stays_as_it_is():
    text = "UBND TỈNH\n  Số: 12/UBND\n\n1. Ghi chú (*) và 2*3\n"
    rendered = render_text(doc_of(text, "x.txt"))
    assert rendered.layout == "plain"
    assert soup(rendered).select_one("div.plain").get_text() == text


def test_converted_rows_become_tables():
    text = (
        "UBND TỈNH BÌNH THUẬN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 5/UBND | Bình Thuận\nKính gửi: Hội\n"
    )
    page = soup(render_text(doc_of(text, "x.docx")))
    assert [td.get_text() for td in page.select("table.doc-header td")] == [
        "UBND TỈNH BÌNH THUẬN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 5/UBND",
        "Bình Thuận",
    ]
    assert "|" not in page.get_text() and page.select_one("p").get_text() == "Kính gửi: Hội"


def test_outline_previews_have_no_markup():
    text = "**1.** Các **cơ quan** thực hiện:\n\n| Chỉ tiêu | 74 |\n|---|---|\n"
    outline = clause_outline(doc_of(text, "x.md", [Clause("1", "1.", 0, len(text))]))
    assert outline[0]["preview"] == "Các cơ quan thực hiện: Chỉ tiêu · 74"


def test_highlighting_a_huge_document_is_bounded():
    """The audit's 19 MB document took 128 s: spans were re-walked for every clause, and every match
    looked for the next line break up to the end of a single-line text. Now: one pass, and at most
    MAX_MARKS highlights drawn. Work counted on the input (the characters find/rfind scan)."""

    class Counting(str):
        scanned = 0

        def find(self, sub, start=0, end=None):
            end = len(self) if end is None else min(end, len(self))
            found = str.find(self, sub, start, end)
            Counting.scanned += (found if found != -1 else end) - start
            return found

        def rfind(self, sub, start=0, end=None):
            end = len(self) if end is None else min(end, len(self))
            found = str.rfind(self, sub, start, end)
            Counting.scanned += end - (found if found != -1 else start)
            return found

    sentence = "Công tác phòng, chống dịch được triển khai nghiêm túc theo chỉ đạo của tỉnh. "
    for separator in (" ", "\n"):  # one huge line, and many lines
        pieces, clauses, at = [], [], 0
        while at < 4_000_000:
            piece = f"{len(pieces) + 1}. " + sentence * 2
            clauses.append(Clause(str(len(pieces) + 1), "1.", at, at + len(piece)))
            pieces.append(piece)
            at += len(piece) + 1
        text = Counting(separator.join(pieces))
        Counting.scanned = 0
        started = time.perf_counter()
        rendered = render_text(
            Document(id="x", source="big.txt", text=text, clauses=clauses), parse_query("phong")
        )
        seconds = time.perf_counter() - started
        assert rendered.matches == MAX_MARKS and rendered.more
        assert str(rendered.html).count("<mark>") == MAX_MARKS
        assert str(rendered.html).count('class="clause-anchor"') == len(clauses)
        assert Counting.scanned < 3 * len(text), (separator, Counting.scanned, len(text))
        assert seconds < 60  # generous: about a second here; it was minutes before


def test_match_spans_stops_after_its_limit():
    text = "phòng, " * 10_000
    spans = highlight.match_spans(text, parse_query("phong"), limit=10)
    assert len(spans) == 11 and spans[0] == (0, 5)


def test_a_closing_table_is_laid_out_without_borders():
    text = "UBND | CỘNG HÒA\n1. Nội dung.\nNơi nhận: - Như trên | KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn A\n"
    clause = Clause("1", "1.", text.index("1."), len(text))
    tables = soup(render_text(doc_of(text, "x.docx", [clause]))).select("table")
    assert [t["class"] for t in tables] == [["doc-header"], ["doc-header", "doc-sign"]]
    data = "Mở đầu.\n\n" * 4 + "| Chỉ tiêu | Số |\n|---|---|\n| F1 | 74 |\n\n" + "Đoạn kết luận dài.\n\n" * 6
    assert soup(render_text(doc_of(data, "x.md"))).select_one("table")["class"] == ["doc-table"]
