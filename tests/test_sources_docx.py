"""Word .docx: paragraphs and tables in document order, and every way a docx arrives broken."""

from __future__ import annotations

import io
import zipfile

import pytest

from indexer.errors import SourceError
from indexer.sources import read_source
from indexer.sources.docx import read_docx
from tests.broken_files import make_docx

HEADER = [
    ["ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["Số: 628/UBND-VX", "Lai Châu, ngày 29 tháng 3 năm 2020"],
]
SUBJECT = "V/v thực hiện Thông báo kết luận số 172-TB/TW của Bộ Chính trị"
CLAUSE = "1. Các cấp, các ngành quán triệt thực hiện nghiêm túc Thông báo kết luận số 172-TB/TW."


def test_paragraphs_and_tables_keep_document_order():
    data = make_docx(
        [HEADER, SUBJECT, "", "", CLAUSE, [["STT", "Đơn vị", "Số ca F1"], ["1", "Sở Y tế", "12"]]]
    )
    (record,) = read_docx(data, "cv.docx")
    assert record.text.split("\n") == [
        "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 628/UBND-VX | Lai Châu, ngày 29 tháng 3 năm 2020",
        SUBJECT,
        "",  # runs of empty paragraphs collapse to one blank line
        CLAUSE,
        "STT | Đơn vị | Số ca F1",
        "1 | Sở Y tế | 12",
    ]
    assert record.warnings == []


def test_merged_and_multi_paragraph_cells():
    import docx

    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "DANH SÁCH CÁC ĐƠN VỊ"
    cell = table.cell(1, 0)
    cell.text = "BAN CHẤP HÀNH TRUNG ƯƠNG"
    cell.add_paragraph("*")
    table.cell(1, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    table.cell(1, 0).merge(table.cell(2, 0))  # vertical merge: the continued cell must not repeat
    table.cell(2, 1).text = "Hà Nội, ngày 13 tháng 3 năm 2020"
    out = io.BytesIO()
    document.save(out)
    (record,) = read_docx(out.getvalue(), "tb.docx")
    assert record.text.split("\n") == [
        "DANH SÁCH CÁC ĐƠN VỊ",
        # a cell of several paragraphs keeps them apart: a markdown row the parser reads cell by cell
        "| BAN CHẤP HÀNH TRUNG ƯƠNG<br>* | ĐẢNG CỘNG SẢN VIỆT NAM |",
        "Hà Nội, ngày 13 tháng 3 năm 2020",
    ]


def test_content_controls_are_read():
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph(SUBJECT)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    sdt = parse_xml(
        f'<w:sdt xmlns:w="{w}"><w:sdtContent><w:p><w:r><w:t>{CLAUSE}</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    )
    document.element.body.insert(1, sdt)
    out = io.BytesIO()
    document.save(out)
    (record,) = read_docx(out.getvalue(), "cv.docx")
    assert record.text == f"{SUBJECT}\n{CLAUSE}"


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in files.items():
            package.writestr(name, data)
    return out.getvalue()


def _corrupt_document_xml(data: bytes) -> bytes:
    """Flip bytes inside word/document.xml's compressed data: the zip directory stays intact."""
    package = zipfile.ZipFile(io.BytesIO(data))
    info = package.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    return data[:start] + bytes(b ^ 0x5A for b in data[start : start + 20]) + data[start + 20 :]


GOOD = make_docx([SUBJECT, CLAUSE])


@pytest.mark.parametrize(
    "data, reason",
    [
        (GOOD[: len(GOOD) // 2], r"^truncated docx: zip directory missing$"),
        (GOOD[:100], r"^truncated docx: zip directory missing$"),
        (SUBJECT.encode(), r"^not a docx: not a zip file$"),
        (b"%PDF-1.4\n" + bytes(64), r"^not a docx: looks like a PDF file$"),
        (b"<html><body>403 Forbidden</body></html>", r"^not a docx: looks like an HTML page$"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
            r"^old Word \.doc format or password-protected docx",
        ),
        (_zip({"xl/workbook.xml": b"<x/>"}), r"^an Excel workbook named \.docx$"),
        (_zip({"ppt/presentation.xml": b"<x/>"}), r"^a PowerPoint file named \.docx$"),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
            r"^an OpenDocument file named \.docx",
        ),
        (_zip({"hello.txt": b"hi"}), r"^not a Word document: no word/document\.xml in the zip$"),
        (_zip({"word/document.xml": b"<w:document/>"}), r"^damaged docx: \[Content_Types\]\.xml missing$"),
        (_corrupt_document_xml(GOOD), r"^damaged docx: (corrupt compressed data|Bad CRC-32)"),
        (make_docx([""]), r"^no text in the docx"),
    ],
    ids=[
        "half",
        "100-bytes",
        "text",
        "pdf",
        "html",
        "ole",
        "xlsx",
        "pptx",
        "odt",
        "zip",
        "no-content-types",
        "bad-crc",
        "empty",
    ],
)
def test_broken_docx(data, reason):
    import re

    with pytest.raises(SourceError) as caught:
        read_docx(data, "cv.docx")
    assert re.search(reason, caught.value.reason), caught.value.reason
    assert len(caught.value.reason) < 120


def test_read_source_dispatches_docx(tmp_path):
    path = tmp_path / "cv.DOCX"
    path.write_bytes(make_docx([HEADER, SUBJECT]))
    (record,) = read_source(path)
    assert record.text.startswith("ỦY BAN NHÂN DÂN TỈNH LAI CHÂU | CỘNG HÒA")
    assert record.path == str(path)
