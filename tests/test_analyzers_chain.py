"""The combined syllable field, codes whole and by parts, and the segmented word field."""

from __future__ import annotations

import gzip
import json
from itertools import islice
from pathlib import Path

import pytest

from analyzers.chain import index_terms, index_terms_from_tokens, segmenter_input, syllable_terms, word_terms
from analyzers.numbers import number_key
from analyzers.query import parse_query
from analyzers.segment import get_segmenter
from analyzers.tokenize import syllables

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
PHAPDIEN = SHARED / "corpus" / "phapdien" / "articles.jsonl.gz"


def at(terms: list[tuple[str, int]]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for term, position in terms:
        out.setdefault(position, []).append(term)
    return out


@pytest.mark.parametrize(
    ("text", "whole", "parts"),
    [
        ("Thông báo số 172-TB/TW của Bộ Chính trị", ["172-tb/tw"], ["172", "tb", "tw"]),
        ("Thông báo số 172 - TB/TW", ["172-tb/tw"], ["172", "tb", "tw"]),
        ("Số: 628 /UBND-VX", ["628/ubnd-vx"], ["628", "ubnd", "vx"]),
        ("Công văn số 1276-CV/TU ngày 24/3/2020", ["1276-cv/tu"], ["1276", "cv", "tu"]),
        ("Nghị định 30/2020/NĐ-CP", ["30/2020/nđ-cp", "30/2020/nd-cp"], ["30", "2020", "nđ", "cp"]),
        ("phòng, chống dịch COVID-19", ["covid-19", "covid19"], ["covid", "19"]),
        ("dịch Covid-19 tại Hà Nội", ["covid-19", "covid19"], ["covid", "19"]),
        ("virus SARS-CoV-2", ["sars-cov-2", "sarscov2"], ["sars", "cov", "2"]),
        ("virus SARS-COV-2", ["sars-cov-2", "sarscov2"], ["sars", "cov", "2"]),
        ("ngày 24/3/2020", ["24/3/2020"], ["24", "3", "2020"]),
        ("ngày 24/03/2020", ["24/03/2020", "24/3/2020"], ["24", "03", "2020"]),
        ("Thông báo 241/TB-VPCP ngày 12/9/2021", ["241/tb-vpcp"], ["241", "tb", "vpcp"]),
        ("Luật số 32/2004/QH11", ["32/2004/qh11"], ["32", "2004", "qh11"]),
        ("Mục 2.3 của kế hoạch", ["2.3"], ["2", "3"]),
    ],
)  # fmt: skip
def test_codes_are_indexed_whole_at_the_first_part_and_by_parts(text, whole, parts):
    terms = index_terms(text)
    by_position = at(terms)
    tokens = syllables(text)
    first = next(t for t in tokens if t.text == parts[0]).position
    for form in whole:
        assert form in by_position[first]
    assert [by_position[first + i][0] for i in range(len(parts))] == parts


@pytest.mark.parametrize(
    ("text", "stacked"),
    [("thực hiện nghiêm 5K", ["5k", "5", "k"]), ("F0 cách ly tại nhà", ["f0", "f", "0"]),
     ("COVID19", ["covid19", "covid", "19"]), ("cúm H5N1", ["h5n1", "h", "5", "n", "1"])],
)  # fmt: skip
def test_letter_digit_syllables_stack_their_parts_at_one_position(text, stacked):
    by_position = at(index_terms(text))
    assert stacked[0] in by_position[len(syllables(text)) - 1] or any(
        terms[: len(stacked)] == stacked for terms in by_position.values()
    )
    assert max(by_position) == len(syllables(text)) - 1  # no extra positions


@pytest.mark.parametrize(
    "text",
    ["Độc lập - Tự do - Hạnh phúc", "V/v thực hiện Thông báo", "kinh tế - xã hội", "năm 2020. Các sở",
     "tỉnh/thành phố", "phòng, chống dịch"],
)  # fmt: skip
def test_ordinary_words_joined_by_punctuation_are_no_code(text):
    assert index_terms(text) == syllable_terms(text)


def test_exact_form_comes_first_at_every_position_and_syllable_terms_are_a_subset():
    text = "Tỉnh uỷ Điện Biên: thực hiện nghiêm 5K, Thông báo 172-TB/TW ngày 24/03/2020"
    full, base = index_terms(text), syllable_terms(text)
    assert set(base) <= set(full)
    tokens = syllables(text)
    firsts = [terms[0] for _, terms in sorted(at(full).items())]
    assert firsts == [t.text for t in tokens]


@pytest.mark.parametrize(
    ("query", "text"),
    [("COVID-19", "dịch Covid-19"), ("COVID-19", "dịch COVID 19"), ("COVID-19", "dịch COVID19"),
     ("covid19", "dịch Covid-19"), ("172-TB/TW", "số 172 - TB/TW"), ("TB/TW", "172-TB/TW"),
     ("24/3/2020", "ngày 24/03/2020"), ("5K", "thực hiện 5K"), ("sars-cov-2", "SARS-CoV-2"),
     ("cov", "SARS-CoV-2"), ("covid", "COVID19")],
)  # fmt: skip
def test_query_terms_meet_index_terms(query, text):
    """A query matches when one alternative of every group is a phrase at consecutive positions."""
    index = at(index_terms(text))
    parsed = parse_query(query)
    assert parsed.must
    for group in parsed.must:
        assert any(
            any(all(t.index_term in index.get(p + i, []) for i, t in enumerate(alt.terms)) for p in index)
            for alt in group.alternatives
        ), (query, text, group)


def test_document_numbers_of_the_legal_code_are_whole_terms():
    if not PHAPDIEN.exists():
        pytest.skip(f"../shared/corpus not present: {PHAPDIEN}")
    with gzip.open(PHAPDIEN, "rt", encoding="utf-8") as fh:
        numbers = {json.loads(line).get("doc_number") or "" for line in islice(fh, 3000)}
    numbers = sorted(n for n in numbers if "/" in n)
    assert len(numbers) > 20
    for number in numbers:
        terms = {t for t, _ in index_terms(f"Căn cứ Nghị định số {number} của Chính phủ")}
        assert number_key(number) in terms, number


def test_seed_tokens_all_point_back_into_the_original():
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/corpus not present: {SEEDS}")
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        tokens = syllables(text)
        assert len(tokens) > 500
        for tok in tokens:
            assert tok.text and tok.text == tok.text.lower()
            assert syllables(text[tok.start : tok.end])[0].text == tok.text


@pytest.mark.parametrize(
    ("line", "fed"),
    [("**ỦY BAN NHÂN DÂN**", "Ủy ban nhân dân"),
     ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cộng hoà xã hội chủ nghĩa việt nam"),
     ("Độc lập - Tự do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"), ("KT. CHỦ TỊCH", "Kt. chủ tịch"),
     ("| Sở Y tế | UBND |", "Sở Y tế   UBND"),
     # a small roman numeral is lower case but no letter: the header is still all capitals
     ("ⅱ. QUY ĐỊNH CHUNG", "ⅱ. Quy định chung"), ("AB 12", "AB 12")],
)  # fmt: skip
def test_segmenter_input_sentence_cases_headers_and_drops_markup(line, fed):
    assert segmenter_input(line) == [fed]


@pytest.mark.parametrize("name", ["pyvi", "underthesea"])
def test_word_terms_give_multi_syllable_words_in_exact_and_loose_form(name):
    segmenter = get_segmenter(name)
    words = word_terms("ỦY BAN NHÂN DÂN TỈNH\nTỉnh uỷ chỉ đạo phòng chống dịch bệnh", segmenter)
    if name == "pyvi":  # underthesea reads 'Ủy | ban_nhân_dân'
        assert "ủy_ban" in words and "uy_ban" in words
    assert "phòng_chống" in words and "phong_chong" in words
    assert "chỉ_đạo" in words and "chi_dao" in words
    assert all("_" in w and w == w.lower() for w in words)


def test_no_segmenter_gives_no_words():
    assert word_terms("Tỉnh uỷ chỉ đạo", get_segmenter("none")) == []


TRICKY = [
    "5K F0 COVID19 dịch Covid-19 172 - TB/TW 24/03/2020 H5N1 6h00 2.3.4 F0-F3 V/v Độc lập - Tự do",
    "Tỉnh uỷ Điện Biên 5K".encode().decode("utf-8").replace("ỷ", "y\u0309"),  # NFD mark
    "nhân<br>dân&nbsp;tỉnh ngh\u200biêm phòng\u00adchống a < b & c",
    "b\u0301 x",  # a mark NFC cannot compose: the reference path
    "Căn cứ Nghị định số 30/2020/NĐ-CP, Thông tư 01/2021/TT-BYT; mục 2.3.",
]


@pytest.mark.parametrize("text", TRICKY)
def test_fast_index_terms_equal_the_token_based_definition(text):
    assert index_terms(text) == index_terms_from_tokens(text)


def test_fast_index_terms_equal_the_definition_on_real_documents():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    if PHAPDIEN.exists():
        with gzip.open(PHAPDIEN, "rt", encoding="utf-8") as fh:
            texts += [json.loads(line).get("text") or "" for line in islice(fh, 400)]
    if not texts:
        pytest.skip(f"../shared/corpus not present: {SHARED}")
    for text in texts:
        assert index_terms(text) == index_terms_from_tokens(text)
