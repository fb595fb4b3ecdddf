"""Unicode clean-up, tone placement and folding: tables of real spellings from the seeds and the code."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from analyzers import fold_diacritics, has_diacritics, normalize_syllable, normalize_text, syllables
from analyzers.fold import loose_form
from analyzers.normalize import TONE_TABLE_PATH, place_tone

TONE_TABLE = json.loads(Path(TONE_TABLE_PATH).read_text(encoding="utf-8"))
OPEN = sorted(TONE_TABLE["open_syllable_endings"].items())
EXCEPTIONS = sorted(TONE_TABLE["exceptions"].items())


@pytest.mark.parametrize(("old", "new"), OPEN)
def test_every_open_syllable_cluster_moves_its_mark_in_both_cases(old, new):
    for onset in ("", "h", "th", "kh", "ng"):
        assert normalize_syllable(onset + old) == onset + new
        assert normalize_syllable((onset + old).upper()) == onset + new
        assert normalize_syllable((onset + old).capitalize()) == (onset + new)


@pytest.mark.parametrize(("old", "new"), OPEN)
def test_closed_syllables_keep_their_mark(old, new):
    # hoàn, khoảng, toát, huýt: a coda keeps the mark on the second vowel in both styles
    for coda in ("n", "ng", "t", "c", "nh", "i"):
        assert normalize_syllable("h" + old + coda) == "h" + old + coda


@pytest.mark.parametrize(("misplaced", "right"), EXCEPTIONS)
def test_qu_and_gi_onsets_carry_no_mark(misplaced, right):
    assert normalize_syllable(misplaced) == right
    assert normalize_syllable(misplaced.upper()) == right


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Tỉnh uỷ", "tỉnh ủy"), ("Uỷ ban", "ủy ban"), ("CỘNG HOÀ", "cộng hòa"), ("khoẻ mạnh", "khỏe mạnh"),
        ("thuỷ lợi", "thủy lợi"), ("quý", "quý"), ("qúy", "quý"), ("hoà bình", "hòa bình"),
        ("toàn diện", "toàn diện"), ("Đoàn thể", "đoàn thể"), ("hoàn thành", "hoàn thành"),
        ("ngoài ra", "ngoài ra"), ("xoá bỏ", "xóa bỏ"), ("hoá chất", "hóa chất"), ("loè loẹt", "lòe loẹt"),
        ("Thuỵ Sĩ", "thụy sĩ"), ("luỹ kế", "lũy kế"), ("khuỷu tay", "khuỷu tay"),
        ("huỳnh quang", "huỳnh quang"),
        ("gìa", "già"), ("người già", "người già"),
    ],
)  # fmt: skip
def test_real_words_old_and_new_style_meet(old, new):
    assert [t.text for t in syllables(old)] == new.split()


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


@pytest.mark.parametrize(
    ("raw", "exact", "folded"),
    [
        (nfd("Điện Biên"), ["điện", "biên"], ["dien", "bien"]),
        (nfd("Tỉnh uỷ"), ["tỉnh", "ủy"], ["tinh", "uy"]),
        ("\u00d0iện Biên", ["điện", "biên"], ["dien", "bien"]),  # Icelandic eth as Đ
        ("ĐẢNG", ["đảng"], ["dang"]),
        ("ngh\u200biêm túc", ["nghiêm", "túc"], ["nghiem", "tuc"]),  # zero-width space inside a word
        ("phòng\u00adchống", ["phòngchống"], ["phongchong"]),  # soft hyphen is no separator
        ("\ufeffCông văn", ["công", "văn"], ["cong", "van"]),  # BOM
        ("Lai\u00a0Châu", ["lai", "châu"], ["lai", "chau"]),  # NBSP separates
        ("CO₂ và m²", ["co2", "và", "m2"], ["co2", "va", "m2"]),  # subscript, superscript digits
        ("**ỦY BAN NHÂN DÂN**", ["ủy", "ban", "nhân", "dân"], ["uy", "ban", "nhan", "dan"]),
        ("| 1 | Sở Y tế |", ["1", "sở", "y", "tế"], ["1", "so", "y", "te"]),  # table pipes
        ("Thông báo số  \n241/TB-VPCP", ["thông", "báo", "số", "241", "tb", "vpcp"],
         ["thong", "bao", "so", "241", "tb", "vpcp"]),  # markdown hard line break
        ("nhân<br>dân&nbsp;tỉnh", ["nhân", "dân", "tỉnh"], ["nhan", "dan", "tinh"]),
        ("“pháo đài”", ["pháo", "đài"], ["phao", "dai"]),  # smart quotes
        ("*gửi kèm theo*", ["gửi", "kèm", "theo"], ["gui", "kem", "theo"]),
        ("ngày 01/07/2005", ["ngày", "01", "07", "2005"], ["ngay", "1", "7", "2005"]),
        ("thực hiện_nghiêm", ["thực", "hiện", "nghiêm"], ["thuc", "hien", "nghiem"]),
    ],
)  # fmt: skip
def test_tokens_are_clean_and_offsets_point_into_the_original(raw, exact, folded):
    tokens = syllables(raw)
    assert [t.text for t in tokens] == exact
    assert [t.folded for t in tokens] == folded
    assert [t.position for t in tokens] == list(range(len(tokens)))
    for tok in tokens:
        assert normalize_syllable(raw[tok.start : tok.end]) == tok.text


ALL_LETTERS = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ"


@pytest.mark.parametrize("base", ["a", "e", "i", "o", "u", "y"])
def test_folding_maps_every_vietnamese_letter(base):
    letters = [ch for ch in ALL_LETTERS if unicodedata.normalize("NFD", ch)[0] == base]
    assert len(letters) in (6, 12, 18)
    for ch in letters:
        assert fold_diacritics(ch) == base
        assert fold_diacritics(ch.upper()) == base.upper()
        assert fold_diacritics(nfd(ch)) == base


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Đà Nẵng", "Da Nang"), ("đường", "duong"), ("Ðiện", "Dien"), ("Thủ tướng", "Thu tuong"),
     ("Nghị định 30/2020/NĐ-CP", "Nghi dinh 30/2020/ND-CP"), ("Sóc Trăng", "Soc Trang"), ("café", "cafe")],
)  # fmt: skip
def test_fold_diacritics(text, folded):
    assert fold_diacritics(text) == folded
    assert has_diacritics(text)
    assert not has_diacritics(folded)


@pytest.mark.parametrize(("exact", "loose"), [("03", "3"), ("0", "0"), ("000", "0"), ("2020", "2020"),
                                              ("f0", "f0"), ("ủy", "uy"), ("05k", "05k")])  # fmt: skip
def test_loose_form_drops_leading_zeros_of_numbers_only(exact, loose):
    assert loose_form(exact) == loose


def test_normalize_text_keeps_case_and_print_form():
    assert normalize_text(nfd("Tỉnh uỷ\u00a0Lai Châu\u200b")) == "Tỉnh uỷ Lai Châu"
    assert normalize_text("\u00d0ảng") == "Đảng"


def test_place_tone_only_rewrites_syllable_endings():
    assert place_tone("hoà") == "hòa"
    assert place_tone("hoàng") == "hoàng"
