"""What a reader sees of a converted text: markup dropped, words kept at their original offsets."""

from __future__ import annotations

import pytest

from indexer.markup import inline_runs, line_kind, snippet_runs, visible_text

DEBRIS = ("**", "__", "|---", "<br>", " | ", "##", "](")


@pytest.mark.parametrize(
    "text, shown",
    [
        ("**1.** Mỗi người dân thực hiện", "1. Mỗi người dân thực hiện"),
        ("3.** Mỗi người dân", "3. Mỗi người dân"),  # a snippet cut inside a bold run
        (
            "| ỦY BAN NHÂN DÂN<br>HUYỆN MƯỜNG TÈ | CỘNG HÒA |\n|---|---|",
            "ỦY BAN NHÂN DÂN HUYỆN MƯỜNG TÈ · CỘNG HÒA",
        ),
        ("| Người về | 1.236 |\n| | F1 cách ly | 74 |", "Người về · 1.236 F1 cách ly · 74"),
        ("# BÁO CÁO\n\n## I. KẾT QUẢ", "BÁO CÁO I. KẾT QUẢ"),
        ("Đoạn một\n\n---\n\nĐoạn hai", "Đoạn một Đoạn hai"),
        ("```\nBỘ Y TẾ\n```", "BỘ Y TẾ"),
        ("Thực hiện [Thông tư số 32](#) ngày", "Thực hiện Thông tư số 32 ngày"),
        ("| \\* | *Điện Biên Phủ, ngày 12* |", "* · Điện Biên Phủ, ngày 12"),
        ("__Kính gửi:__ các sở", "Kính gửi: các sở"),
        ("UBND TỈNH | CỘNG HÒA XÃ HỘI", "UBND TỈNH · CỘNG HÒA XÃ HỘI"),  # a docx/html converter's row
    ],
)
def test_visible_text_drops_markup(text, shown):
    assert visible_text(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "Ghi chú (*) ở cuối trang",  # a lone star is a word
        "2*3*4 = 24",
        "Số: ____/QĐ-UBND",  # a blank to fill in, not markup
        "tệp ten_tep_goc.docx",
        "a * b * c",
    ],
)
def test_words_that_look_like_markup_stay(text):
    assert visible_text(text) == text


def test_every_visible_character_is_an_original_character_at_its_offset():
    text = "| **A**<br>B | *c* |\n|---|---|\n# **Điều 1.** Ban hành [x](y) \\* z\n"
    for run in snippet_runs(text, 0, len(text)):
        if not run.gap:
            assert 0 <= run.start <= run.end <= len(text)
    shown = "".join(text[r.start : r.end] for r in snippet_runs(text, 0, len(text)) if not r.gap)
    assert shown == "ABcĐiều 1. Ban hành x * z"


def test_styles_follow_bold_and_italic_pairs():
    text = "thường **đậm** và *nghiêng*"
    styles = [(text[r.start : r.end], r.style) for r in inline_runs(text, 0, len(text))]
    assert styles == [("thường ", 0), ("đậm", 1), (" và ", 0), ("nghiêng", 2)]


@pytest.mark.parametrize(
    "line, kind",
    [
        ("|---|:---:|", "table-rule"),
        ("| a | b |", "row"),
        ("---", "rule"),
        ("____", "rule"),
        ("```markdown", "fence"),
        ("## I. MỤC ĐÍCH", "heading"),
        ("#5K là thông điệp", "text"),
        ("> trích", "quote"),
        ("- gạch đầu dòng", "text"),
    ],
)
def test_line_kinds(line, kind):
    assert line_kind(line, 0, len(line)) == kind


def test_a_snippet_of_a_huge_single_line_looks_at_its_width_only():
    class Counting(str):
        scanned = 0

        def find(self, sub, start=0, end=None):
            end = len(self) if end is None else end
            found = str.find(self, sub, start, end)
            Counting.scanned += (found if found != -1 else end) - start
            return found

        def rfind(self, sub, start=0, end=None):
            end = len(self) if end is None else end
            found = str.rfind(self, sub, start, end)
            Counting.scanned += end - (found if found != -1 else start)
            return found

    text = Counting("chữ " * 500_000)
    runs = snippet_runs(text, 1_000_000, 1_000_300)
    assert runs and Counting.scanned < 5_000
