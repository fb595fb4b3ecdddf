"""PDF: text layer through pypdf, pages that need OCR, broken and encrypted files, optional OCR."""

from __future__ import annotations

import io
import re
import subprocess

import pytest

from indexer.errors import SourceError
from indexer.sources import read_source
from indexer.sources.ocr import ocr_unavailable_reason
from indexer.sources.pdf import _page_list, read_pdf
from tests.broken_files import make_pdf

NUMBER_LINE = "CONG VAN SO 628/UBND-VX"
VIETNAMESE_LINES = [
    "Thông báo kết luận số 172-TB/TW của Bộ Chính trị",
    "Ủy ban nhân dân tỉnh Lai Châu; mục tiêu kép; thông điệp 5K",
]


def test_text_layer_pages_are_joined_in_order():
    data = make_pdf([[NUMBER_LINE, "Lai Chau, ngay 29 thang 3 nam 2020"], ["(tiep theo) Trang 2"]])
    (record,) = read_pdf(data, "cv.pdf")
    assert record.text == f"{NUMBER_LINE}\nLai Chau, ngay 29 thang 3 nam 2020\n\n(tiep theo) Trang 2"
    assert record.warnings == []


def test_vietnamese_text_comes_back_through_the_tounicode_map():
    (record,) = read_pdf(make_pdf([VIETNAMESE_LINES]), "tb.pdf")
    assert record.text.split("\n") == VIETNAMESE_LINES


@pytest.mark.parametrize(
    "pages, warning",
    [
        ([["Trang 1"], None, ["Trang 3"], None], "needs OCR: pages 2, 4"),
        ([["Trang 1"], None, None, None, ["Trang 5"], None], "needs OCR: pages 2-4, 6"),
        ([None, ["Trang 2"]], "needs OCR: pages 1"),
        ([["Trang 1"], ["12"]], "needs OCR: pages 2"),  # a lone page number is not a text layer
    ],
)
def test_pages_without_text_are_named(pages, warning):
    (record,) = read_pdf(make_pdf(pages), "cv.pdf")
    assert record.warnings == [warning]
    assert "Trang" in record.text


@pytest.mark.parametrize(
    "numbers, text",
    [([3], "3"), ([3, 5], "3, 5"), ([1, 2, 3, 5, 7, 8], "1-3, 5, 7-8"), (list(range(1, 301)), "1-300")],
)
def test_page_list(numbers, text):
    assert _page_list(numbers) == text


def _encrypted(user_password: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([[NUMBER_LINE]]))))
    writer.encrypt(user_password=user_password, owner_password="chu-so-huu", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_owner_only_protection_is_read():
    # "protected" government PDFs usually only forbid editing: the empty user password opens them
    (record,) = read_pdf(_encrypted("", "RC4-128"), "cv.pdf")
    assert record.text == NUMBER_LINE


def test_aes_owner_only_protection_is_read():
    pytest.importorskip("cryptography", reason="pypdf needs the 'cryptography' package for AES")
    (record,) = read_pdf(_encrypted("", "AES-128"), "cv.pdf")
    assert record.text == NUMBER_LINE


GOOD = make_pdf([[NUMBER_LINE], ["Trang hai"]])


@pytest.mark.parametrize(
    "data, reason",
    [
        (make_pdf([None, None, None]), r"^no text layer \(needs OCR; run with --ocr\)$"),
        (
            b"<!DOCTYPE html><html><body>404</body></html>",
            r"^not a PDF: looks like an HTML page \(a failed download\?\)$",
        ),
        (b"PK\x03\x04" + bytes(100), r"^not a PDF: looks like a ZIP archive"),
        ("Công văn số 628".encode(), r"^not a PDF: no %PDF header$"),
        (GOOD[:150], r"^truncated pdf: no pages left$"),
        (b"%PDF-1.4\n" + bytes(300), r"^truncated pdf: cannot be repaired \(no catalog left\)$"),
        (b"%PDF-1.4\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", r"^(damaged pdf|pdf without pages)"),
    ],
    ids=["scan", "html", "zip", "text", "truncated-header", "zeros", "no-objects"],
)
def test_broken_pdf(data, reason):
    with pytest.raises(SourceError) as caught:
        read_pdf(data, "cv.pdf")
    assert re.search(reason, caught.value.reason), caught.value.reason
    assert len(caught.value.reason) < 120


def test_password_protected_pdf():
    with pytest.raises(SourceError) as caught:
        read_pdf(_encrypted("mat-khau", "RC4-128"), "cv.pdf")
    assert caught.value.reason == "password-protected pdf"


@pytest.mark.parametrize("cut_at", [b"\nxref\n", b"startxref"])
def test_truncated_tail_is_recovered_with_a_warning(cut_at):
    # a copy cut before the xref keeps every object: pypdf rebuilds the table, we say it was cut
    (record,) = read_pdf(GOOD[: GOOD.index(cut_at)], "cv.pdf")
    assert record.text == f"{NUMBER_LINE}\n\nTrang hai"
    assert record.warnings == ["truncated pdf (no %%EOF): text may be incomplete"]


@pytest.mark.parametrize("fraction", [0.3, 0.5, 0.7, 0.9])
def test_truncated_pdf_is_reported_or_partly_read(fraction):
    try:
        (record,) = read_pdf(GOOD[: int(len(GOOD) * fraction)], "cv.pdf")
    except SourceError as exc:
        assert re.match(r"^(truncated pdf|damaged pdf)", exc.reason), exc.reason
    else:
        assert record.warnings[-1] == "truncated pdf (no %%EOF): text may be incomplete"
        assert NUMBER_LINE in record.text or "Trang hai" in record.text


def test_read_source_dispatches_pdf(tmp_path):
    path = tmp_path / "cv.pdf"
    path.write_bytes(GOOD)
    (record,) = read_source(path)
    assert record.text.startswith(NUMBER_LINE)


# ------------------------------------------------------------------------------------------------ OCR


def _scanned_page(tmp_path, lines: list[str]) -> tuple[int, int, bytes]:
    """Render a text page to gray pixels with pdftoppm: the page spec of a scan for make_pdf."""
    source = tmp_path / "source.pdf"
    source.write_bytes(make_pdf([lines]))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-gray", "-singlefile", str(source), str(tmp_path / "page")], check=True
    )
    pgm = (tmp_path / "page.pgm").read_bytes()
    magic, width, height, maxval, pixels = pgm.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255"
    return int(width), int(height), pixels[: int(width) * int(height)]


def test_ocr_flag_without_tesseract_says_what_to_install(tmp_path, monkeypatch):
    # a machine without the OCR tools, whatever this one has: an empty PATH
    monkeypatch.setenv("PATH", str(tmp_path))
    ocr_unavailable_reason.cache_clear()
    try:
        with pytest.raises(SourceError) as caught:
            read_pdf(make_pdf([None]), "scan.pdf", ocr=True)
    finally:
        monkeypatch.undo()
        ocr_unavailable_reason.cache_clear()
    prefix = "no text layer (needs OCR; OCR unavailable: tesseract not installed"
    assert caught.value.reason.startswith(prefix)
    assert "apt install tesseract-ocr tesseract-ocr-vie" in caught.value.reason


@pytest.mark.skipif(bool(ocr_unavailable_reason()), reason=f"OCR unavailable: {ocr_unavailable_reason()}")
def test_ocr_reads_scanned_pages_only_when_asked(tmp_path):
    scan = _scanned_page(tmp_path, ["UY BAN NHAN DAN TINH LAI CHAU", NUMBER_LINE])
    mixed = make_pdf([["Trang mot co lop chu"], scan])
    (record,) = read_pdf(mixed, "scan.pdf")
    assert record.warnings == ["needs OCR: pages 2"] and "628" not in record.text
    (record,) = read_pdf(mixed, "scan.pdf", ocr=True)
    assert record.text.startswith("Trang mot co lop chu\n\n")
    assert "LAI CHAU" in record.text and "628" in record.text
    assert record.warnings == ["OCR text: pages 2"]


@pytest.mark.skipif(bool(ocr_unavailable_reason()), reason=f"OCR unavailable: {ocr_unavailable_reason()}")
def test_ocr_is_not_needed_for_text_pages(tmp_path):
    (record,) = read_pdf(GOOD, "cv.pdf", ocr=True)
    assert record.warnings == []
