"""Highlights on long texts: the windowed path (prefilter + tokenising windows) must give exactly the
spans and snippets of tokenising the whole text, wherever the matches sit."""

from __future__ import annotations

import re
import unicodedata

import pytest

from analyzers.query import parse_query
from analyzers.tokenize import syllables
from indexer import highlight

FILLER = "Cơ quan, tổ chức có trách nhiệm báo cáo định kỳ theo quy định của pháp luật hiện hành. " * 30


def full_spans(text: str, q: str) -> list[tuple[int, int]]:
    """The reference: every syllable of the text tokenised, as before windowing."""
    return highlight.match_spans(text, parse_query(q), tokens=syllables(text))


def windowed(text: str, q: str) -> list[tuple[int, int]]:
    parsed = parse_query(q)
    assert len(text) >= highlight.WINDOWED_FROM
    assert list(highlight._windows(text, highlight._specs(highlight._phrases(parsed)))), "took the full path"
    return highlight.match_spans(text, parsed)


@pytest.mark.parametrize(
    "text, q",
    [
        ("Mục tiêu kép. " + FILLER, "muc tieu kep"),  # at the very start
        (FILLER + "thực hiện mục tiêu kép", '"mục tiêu kép"'),  # at the very end, no final space
        (FILLER + "mục\ntiêu\n\nkép. " + FILLER, '"muc tieu kep"'),  # a phrase across line breaks
        (FILLER + "mục — — — — tiêu, kép " + FILLER, '"mục tiêu kép"'),  # punctuation between
        (FILLER + "Số 05/2020 và 5/2020 " + FILLER, "5"),  # leading zeros meet
        (FILLER + "ỦY BAN NHÂN DÂN tỉnh; Uỷ ban " + FILLER, "ủy ban"),  # case and tone placement
        (FILLER + 'Đ<br>iện Biên, Điện<span class="x y"> Biên</span> ' + FILLER, "dien bien"),
        (FILLER + "báo cáo " * 200, '"báo cáo báo cáo báo cáo"'),  # a phrase repeated past a window
        (FILLER + "mục" + " -" * 400 + " tiêu " + FILLER, '"muc tieu"'),  # the window must grow
        (FILLER + 'a &nbsp; nbsp <b class="k">class</b> ' + FILLER, "nbsp class"),  # markup never matches
    ],
)
def test_windowed_spans_equal_full_tokenisation(text, q):
    spans = windowed(text, q)
    assert spans == full_spans(text, q)
    assert spans or q == "nbsp class"


def test_nfd_text_highlights_like_nfc():
    nfc = FILLER + "Thực hiện mục tiêu kép trong tình hình mới. " + FILLER
    nfd = unicodedata.normalize("NFD", nfc)
    for q in ("mục tiêu kép", "muc tieu kep", '"mục tiêu"'):
        assert windowed(nfd, q) == full_spans(nfd, q) != []
        assert highlight.snippet(nfd, parse_query(q)).count("<mark>") == 1


def test_text_with_letters_the_prefilter_cannot_vouch_for_takes_the_full_path():
    text = FILLER + "Straße và Ελλάδα, mục tiêu kép. "
    parsed = parse_query("muc tieu")
    with pytest.raises(highlight._FullPath):
        list(highlight._windows(text, highlight._specs(highlight._phrases(parsed))))
    assert highlight.match_spans(text, parsed) == full_spans(text, "muc tieu") != []


def test_snippet_of_a_long_text_marks_the_original_escaped():
    text = FILLER + "Giữ <vững> mục tiêu & kép. " + FILLER
    out = highlight.snippet(text, parse_query("muc tieu kep"))
    assert "Giữ &lt;vững&gt; <mark>mục tiêu</mark> &amp; <mark>kép</mark>." in out
    assert out.startswith("… ") and out.endswith(" …")


@pytest.mark.parametrize(
    "text, q, shown",
    [
        (
            "**3.** Mỗi người dân thực hiện nghiêm thông điệp 5K.",
            "5K",
            "3. Mỗi người dân thực hiện nghiêm thông điệp <mark>5K</mark>.",
        ),
        (
            "| Người về từ vùng dịch | 1.236 |\n| F1 cách ly tập trung | 74 |\n|---|---|",
            "cach ly",
            "Người về từ vùng dịch · 1.236 F1 <mark>cách ly</mark> tập trung · 74",
        ),
        (
            "| ỦY BAN NHÂN DÂN<br>HUYỆN MƯỜNG TÈ | CỘNG HÒA |\n|---|---|\n# BÁO CÁO",
            "muong te",
            "ỦY BAN NHÂN DÂN HUYỆN <mark>MƯỜNG TÈ</mark> · CỘNG HÒA BÁO CÁO",
        ),
        ("**Mục tiêu** kép", "muc tieu kep", "<mark>Mục tiêu</mark> <mark>kép</mark>"),
    ],
)
def test_snippets_show_no_markup_debris(text, q, shown):
    assert highlight.snippet(text, parse_query(q)) == shown


def test_a_clause_does_not_repeat_its_listed_sub_clause():
    text = "1. Giao các sở:\na) Tuyên truyền thông điệp 5K tại nơi làm việc;\nb) Kiểm tra.\n2. Thực hiện 5K."
    one = (0, text.index("2."))
    one_a = (text.index("a)"), text.index("b)"))
    two = (text.index("2."), len(text))
    q = parse_query("5K")
    assert highlight.clause_snippets(text, [one_a, one, two], q) == [
        "a) Tuyên truyền thông điệp <mark>5K</mark> tại nơi làm việc;",
        None,  # clause 1 holds 5K only inside 1.a, already shown
        "2. Thực hiện <mark>5K</mark>.",
    ]
    # a clause with words of its own still shows them, cut from outside its sub-clause
    q = parse_query("giao OR 5K")
    assert highlight.clause_snippets(text, [one_a, one], q)[1] == "1. <mark>Giao</mark> các sở:"


LETTERHEAD_TEXT = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 12/KH-UBND\n\n"
    "KẾ HOẠCH\nTổ chức Đại hội thể dục thể thao năm 2026 của công dân nước Cộng hòa xã hội chủ nghĩa "
    "Việt Nam, bảo đảm độc lập"
)


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        # the letterhead neither matches nor ranks (analyzers/letterhead.py): not highlighted either
        ("dai hoi", ["Đại hội", "hội"]),
        ('"đại hội"', ["Đại hội"]),
        ("viet nam", ["Việt Nam"]),
        ("doc lap", ["độc lập"]),
        ("so", []),
    ],
)
def test_letterhead_boilerplate_is_never_highlighted(query, marked):
    shown = highlight.snippet(LETTERHEAD_TEXT, parse_query(query), width=400)
    assert re.findall(r"<mark>(.*?)</mark>", shown) == marked
    spans = highlight.match_spans(LETTERHEAD_TEXT, parse_query(query))
    assert [LETTERHEAD_TEXT[s:e] for s, e in spans] == marked
