"""Two-column tables of Word and HTML documents: the header (issuer, number, V/v | quốc hiệu, place and
date) and the closing (`Nơi nhận` list | authority, title, name) sit side by side.

Each layout below is written the way a source delivers it (a real .docx through python-docx with
paragraphs or soft line breaks in its cells, a Word "web page" table, antiword's `|cell|cell|` rows of a
.doc, a PDF text layer that flattened both columns onto one line) and read through our readers. Whatever
the layout: the subject never takes the place/date line or a table bar, the recipients stop where the
signature cell starts, and the signer and title are still found.
"""

from __future__ import annotations

import io

import pytest

from indexer.parse import parse_documents
from indexer.sources.docx import read_docx
from indexer.sources.html import html_to_text

ISSUER = ["ỦY BAN NHÂN DÂN", "TỈNH ĐIỆN BIÊN"]
NUMBER = "Số: 215/UBND-KT"
SUBJECT = "tăng cường công tác phòng, chống thiên tai"
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
DATE = "Điện Biên, ngày 14 tháng 7 năm 2023"
BODY = [
    "Kính gửi: Sở Nông nghiệp và Phát triển nông thôn",
    "Thực hiện chỉ đạo của Ban Chỉ đạo Quốc gia về phòng, chống thiên tai, UBND tỉnh yêu cầu:",
    "1. Rà soát phương án ứng phó với mưa lớn, lũ quét, sạt lở đất.",
    "2. Báo cáo kết quả trước ngày 30/7/2023./.",
]
RECIPIENTS = [
    "Nơi nhận:",
    "- Như trên;",
    "- Bộ Nông nghiệp và Phát triển nông thôn;",
    "- Sở Tài chính;",
    "- Lưu: VT, KT.",
]
SIGNATURE = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lò Văn Tiến"]


def _left():
    return [*ISSUER, NUMBER, "V/v " + SUBJECT]


def _right(date=DATE):
    return [*MOTTO, date]


def _docx(cells_as, date=DATE) -> str:
    """A real .docx: each cell's lines as paragraphs ("paragraphs") or one paragraph with soft breaks."""
    import docx

    document = docx.Document()

    def table(left, right):
        grid = document.add_table(rows=1, cols=2)
        for cell, lines in zip(grid.rows[0].cells, (left, right), strict=True):
            if cells_as == "soft breaks":
                cell.text = "\n".join(lines)
                continue
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)

    table(_left(), _right(date))
    for line in BODY:
        document.add_paragraph(line)
    table(RECIPIENTS, SIGNATURE)
    out = io.BytesIO()
    document.save(out)
    (record,) = read_docx(out.getvalue(), "cv.docx")
    return record.text


def _html(date=DATE) -> str:
    def row(left, right):
        cells = "".join(
            "<td>" + "".join(f"<p class=MsoNormal>{x}</p>" for x in side) + "</td>" for side in (left, right)
        )
        return f"<table><tr>{cells}</tr></table>"

    body = "".join(f"<p>{line}</p>" for line in BODY)
    return html_to_text(
        f"<html><body>{row(_left(), _right(date))}{body}{row(RECIPIENTS, SIGNATURE)}</body></html>"
    )


def _antiword(date=DATE) -> str:
    """antiword prints a Word table row by row: the i-th line of each cell on the i-th text row."""

    def rows(left, right):
        height = max(len(left), len(right))
        left, right = left + [""] * (height - len(left)), right + [""] * (height - len(right))
        return [f"|{a:<60}|{b:<60}|" for a, b in zip(left, right, strict=True)]

    return "\n".join([*rows(_left(), _right(date)), "", *BODY, "", *rows(RECIPIENTS, SIGNATURE)])


def _flattened(date=DATE) -> str:
    """A text layer that printed each table row as one line, cells joined by a bar."""
    return "\n".join(
        [
            " ".join(_left()) + " | " + " ".join(_right(date)),
            *BODY,
            " ".join(RECIPIENTS) + " | " + " ".join(SIGNATURE),
        ]
    )


LAYOUTS = {
    "docx paragraphs": lambda date=DATE: _docx("paragraphs", date),
    "docx soft breaks": lambda date=DATE: _docx("soft breaks", date),
    "word web page": _html,
    "antiword rows": _antiword,
    "flattened rows": _flattened,
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_subject_stops_at_the_cell_beside_it(layout):
    (doc,) = parse_documents(LAYOUTS[layout](), "cv")
    assert doc.subject == SUBJECT
    assert "|" not in doc.subject and "ngày" not in doc.subject
    assert (doc.number, doc.issued, doc.place) == ("215/UBND-KT", "2023-07-14", "Điện Biên")
    assert doc.recipients == ["Sở Nông nghiệp và Phát triển nông thôn"]  # Kính gửi


# a draft leaves the day and the month blank: the line still is the place and date, not the subject
@pytest.mark.parametrize(
    "date", ["Điện Biên, ngày      tháng      năm 2023", "Điện Biên, ngày … tháng … năm 20…"]
)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_subject_never_takes_a_blank_date_line(layout, date):
    (doc,) = parse_documents(LAYOUTS[layout](date), "cv")
    assert doc.subject == SUBJECT
    assert doc.place == "Điện Biên"


# what the parser reads from RECIPIENTS in every layout, without the signature beside it
RECIPIENTS_READ = ["Như trên", "Bộ Nông nghiệp và Phát triển nông thôn", "Sở Tài chính", "Lưu: VT, KT"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_recipients_stop_where_the_signature_cell_starts(layout):
    from indexer.parse.signature import read_signature
    from indexer.parse.split import read_lines

    text = LAYOUTS[layout]()
    (doc,) = parse_documents(text, "cv")
    sig = read_signature(read_lines(text), 0)
    assert sig.noi_nhan == RECIPIENTS_READ
    assert (doc.signer, doc.signer_title, doc.signer_authority) == ("Lò Văn Tiến", "Phó Chủ tịch", "KT.")


@pytest.mark.parametrize(
    "cells,lines",
    [
        (
            [["Số: 1/UBND"], ["Hà Nội, ngày 1 tháng 2 năm 2020"]],
            ["Số: 1/UBND | Hà Nội, ngày 1 tháng 2 năm 2020"],
        ),
        ([["STT"], [], ["Đơn vị"]], ["STT | Đơn vị"]),
        ([["Ghi chú:", "- một việc"]], ["Ghi chú:", "- một việc"]),
        (
            [["Nơi nhận:\n- Lưu: VT."], ["GIÁM ĐỐC", "Lê Văn A"]],
            ["| Nơi nhận:<br>- Lưu: VT. | GIÁM ĐỐC<br>Lê Văn A |"],
        ),
        ([["a | b", "c"], ["d"]], ["| a / b<br>c | d |"]),
    ],
    ids=["one-line cells", "empty cell", "one cell", "several lines", "bar inside a cell"],
)
def test_row_lines(cells, lines):
    from indexer.sources.tables import row_lines

    assert row_lines(cells) == lines


@pytest.mark.parametrize("mark", ["(Đã ký)", "(Đã ký và đóng dấu)", ""])
def test_text_layer_printing_both_closing_columns_on_the_same_lines(mark):
    """A page's text layer (not `-layout`) that put the signature column's lines after the list's
    lines: the title after `Nơi nhận:`, the signed-mark and the name after an item's `;`."""
    text = "\n".join(
        [
            *BODY,
            "Nơi nhận: GIÁM ĐỐC",
            f"Như trên; {mark}".strip(),
            "Bộ Nông nghiệp và Phát triển nông thôn;",
            "Sở Tài chính; Lò Văn Tiến",
            "Lưu: VT, KT.",
        ]
    )
    (doc,) = parse_documents(text, "cv")
    assert (doc.signer, doc.signer_title) == ("Lò Văn Tiến", "Giám đốc")
    from indexer.parse.signature import read_signature
    from indexer.parse.split import read_lines

    sig = read_signature(read_lines(text), 0)
    assert sig.noi_nhan == RECIPIENTS_READ


def test_a_subcommittee_under_its_board_in_one_header_cell():
    """'ỦY BAN BẦU CỬ XÃ PHỐ BẢNG' / 'TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN': the subcommittee issues, the
    board is its parent (the two were one name when the cell's lines were glued together)."""
    text = (
        "| ỦY BAN BẦU CỬ XÃ PHỐ BẢNG<br>TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN<br>Số: 01/KH-TBTT"
        " | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc"
        "<br>Phố Bảng, ngày 10 tháng 12 năm 2025 |\n"
        "KẾ HOẠCH\nTriển khai tuyên truyền bầu cử\n1. Mục đích.\n"
    )
    (doc,) = parse_documents(text, "kh")
    assert (doc.issuer, doc.parent_issuer) == (
        "Tiểu ban thông tin, tuyên truyền",
        "Ủy ban bầu cử xã Phố Bảng",
    )
    assert (doc.number, doc.place, doc.subject) == (
        "01/KH-TBTT",
        "Phố Bảng",
        "Triển khai tuyên truyền bầu cử",
    )


@pytest.mark.parametrize(
    "printed,name",
    [
        ("/ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH", "Ủy ban MTTQ Việt Nam xã Lương Minh"),
        ("ỦY BAN BẦU CỬ XÃ PHỐ BẢNG", "Ủy ban bầu cử xã Phố Bảng"),
        ("TIỂU BAN THÔNG TIN, TUYÊN TRUYỀN", "Tiểu ban thông tin, tuyên truyền"),
    ],
)
def test_body_names_from_header_cells(printed, name):
    """A stray mark a Word export left before the cell's first line is no part of the name."""
    from indexer.parse.names import body_name

    assert body_name(printed) == name


def test_subject_stops_at_a_date_line_the_ocr_garbled():
    """A text layer without diacritics ('Da Nang, ngay,94 thcing 5 nam 2019'): still the place and
    date under the V/v lines, never part of the subject."""
    text = "\n".join(
        [
            "UBND THANH PHO DA NANG",
            "SO GIAO DUC VA DAO TAO",
            "So: 463/SGDDT-CTrTT",
            "V/v bao dam an toan giao thong cho HS, SV",
            "trong dip nghi he nam 2019",
            "Da Nang, ngay,94 thcing 5 nam 2019",
            "Kinh gui: Cac truong THPT",
            "Thuc hien Cong van so 2114/BGDDT-GDCTHSSV ngay 16/5/2019 cua Bo GD&DT ve viec bao dam an toan.",
        ]
    )
    (doc,) = parse_documents(text, "cv")
    assert doc.subject == "bao dam an toan giao thong cho HS, SV trong dip nghi he nam 2019"
