"""Letterhead boilerplate spans: found by folded shape, only as whole lines or table cells."""

from __future__ import annotations

import pytest

from analyzers.letterhead import letterhead_spans, without_letterhead


def found(text: str) -> list[str]:
    return [text[a:b] for a, b in letterhead_spans(text)]


def test_state_letterhead_and_labels():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 628/UBND-VX\nKính gửi: Các sở, ngành.\nNội dung."
    )
    assert found(text) == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:",
        "Kính gửi:",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "CỘNG HÒA XÃ HỘI CHỦ NGHỈA VIỆT NAM",  # OCR: wrong tone
        "CONG HOA XA HOI CHU NGHIA VIET NAM",  # no diacritics at all
        "**CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM**",  # markdown, old tone placement
        "Độc lập - Tư do - Hạnh phúc",
        "Doc lap – Tu do – Hanh phuc",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
    ],
)
def test_robust_to_ocr_and_markup(line):
    assert len(found(f"ỦY BAN\n{line}\n-----\nNội dung")) == 1


def test_table_cells_count_as_lines():
    row = (
        "| **ỦY BAN NHÂN DÂN** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**<br>**Độc lập - Tự do - Hạnh phúc** |"
    )
    assert found(row) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def test_content_inside_a_sentence_stays():
    text = "Luật này áp dụng đối với công dân nước Cộng hòa xã hội chủ nghĩa Việt Nam; số người được nêu."
    assert found(text) == []
    assert found("Theo số liệu: tăng.\nKính gửi lời cảm ơn") == ["Kính gửi"]  # a label only at a line start


def test_blanking_keeps_every_offset():
    text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/UB\nNội dung"
    blanked = without_letterhead(text)
    assert len(blanked) == len(text)
    assert blanked.index("12/UB") == text.index("12/UB")
    assert "CỘNG" not in blanked and "Số" not in blanked
    assert without_letterhead("Nội dung") == "Nội dung"
