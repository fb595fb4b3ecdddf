"""Query analysis: per-token diacritics, phrases, exclusion, OR, numbers, abbreviation synonyms."""

from __future__ import annotations

import pytest

from analyzers.query import MAX_ALTERNATIVES, ParsedQuery, parse_query


def alts(parsed: ParsedQuery, which: str = "must") -> list[list[str]]:
    """Each group as its alternatives, a phrase written as its index terms, '!' marking exact terms."""
    return [
        [" ".join(t.index_term + ("!" if t.exact else "") for t in a.terms) for a in g.alternatives]
        for g in getattr(parsed, which)
    ]


@pytest.mark.parametrize(
    ("query", "groups"),
    [
        ("muc tieu kep", [["muc"], ["tieu"], ["kep"]]),
        ("mục tiêu kép", [["mục!"], ["tiêu!"], ["kép!"]]),
        ("Tỉnh uỷ", [["tỉnh!"], ["ủy!"]]),
        ("tinh uy", [["tinh"], ["uy"]]),
        ("dien bien", [["dien"], ["bien"]]),
        ('"mục tiêu kép"', [["mục! tiêu! kép!"]]),
        ("“mục tiêu kép”", [["mục! tiêu! kép!"]]),
        ('"mục tieu kep"', [["mục! tieu kep"]]),
        ('"F1, F2, F3"', [["f1 f2 f3"]]),
        ('"mục tiêu kép', [["mục! tiêu! kép!"]]),  # unbalanced quote closes at the end
        ("5K", [["5k"]]),
        ("F0 OR F1", [["f0", "f1"]]),
        ("COVID-19", [["covid 19", "covid19"]]),
        ("SARS-CoV-2", [["sars cov 2", "sarscov2"]]),
        ("24/03/2020", [["24 3 2020"]]),
    ],
)  # fmt: skip
def test_positive_groups(query, groups):
    assert alts(parse_query(query)) == groups


@pytest.mark.parametrize(
    ("query", "must", "must_not"),
    [("dịch -Covid", [["dịch!"]], [["covid"]]), ('cách ly -"F0"', [["cách!"], ["ly"]], [["f0"]]),
     ('-"tỉnh ủy" huyện', [["huyện!"]], [["tỉnh! ủy!"]])],
)  # fmt: skip
def test_exclusions(query, must, must_not):
    parsed = parse_query(query)
    assert alts(parsed) == must
    assert alts(parsed, "must_not") == must_not


@pytest.mark.parametrize(
    ("query", "key"),
    [("172-TB/TW", "172-tb/tw"), ("172 - TB/TW", "172-tb/tw"), ("số 172-tb/tw", "172-tb/tw"),
     ("so:172-TB/TW", "172-tb/tw"), ("30/2020/NĐ-CP", "30/2020/nd-cp"), ("Số: 628 /UBND-VX", "628/ubnd-vx")],
)  # fmt: skip
def test_document_numbers_meet_one_key(query, key):
    assert parse_query(query).number == key


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("UBND", ["ubnd", "ủy! ban nhân! dân!"]),
        ("ubnd", ["ubnd", "ủy! ban nhân! dân!"]),
        ("HĐND", ["hđnd!", "hội! đồng! nhân! dân!"]),
        ("hdnd", ["hdnd", "hội! đồng! nhân! dân!"]),
        ("BCĐ", ["bcđ!", "ban chỉ! đạo!"]),
        ("MTTQ", ["mttq", "mặt! trận! tổ! quốc!", "mttqvn", "mặt! trận! tổ! quốc! việt! nam"]),
        ("TW", ["tw", "trung ương!"]),
        ("TƯ", ["tư!", "trung ương!", "tw"]),
        ("TU", ["tu", "trung ương!", "tw", "tỉnh! ủy!", "thành! ủy!"]),
        ("tu", ["tu", "trung ương!", "tw", "tỉnh! ủy!", "thành! ủy!"]),
        ("CT", ["ct", "chỉ! thị!", "chủ! tịch!"]),
        ("TTg", ["ttg", "thủ! tướng!", "thủ! tướng! chính! phủ!"]),
        ("VPCP", ["vpcp", "văn! phòng! chính! phủ!"]),
        ("BN", ["bn", "bệnh! nhân!"]),
        ("NĐ", ["nđ!", "nghị! định!"]),
        ("QĐ", ["qđ!", "quyết! định!"]),
        ("KH", ["kh", "kế! hoạch!"]),
        ("CV", ["cv", "công! văn!"]),
        ("TB", ["tb", "thông! báo!"]),
        ("BTV", ["btv", "ban thường! vụ!"]),
        ("BCH", ["bch", "ban chấp! hành!"]),
        ("CP", ["cp", "chính! phủ!"]),
        ("UBMTTQ", ["ubmttq", "ủy! ban mặt! trận! tổ! quốc!", "ubmttqvn",
                    "ủy! ban mặt! trận! tổ! quốc! việt! nam"]),
    ],
)  # fmt: skip
def test_abbreviations_expand_to_every_meaning(query, expected):
    assert alts(parse_query(query)) == [expected]


@pytest.mark.parametrize(
    ("query", "groups"),
    [
        ("ủy ban nhân dân", [["ủy! ban nhân! dân!", "ubnd"]]),
        ("Uỷ ban nhân dân tỉnh", [["ủy! ban nhân! dân!", "ubnd"], ["tỉnh!"]]),
        ("uy ban nhan dan", [["uy ban nhan dan", "ubnd"]]),
        ('"Ủy ban nhân dân tỉnh Lai Châu"', [["ủy! ban nhân! dân! tỉnh! lai châu!", "ubnd tỉnh! lai châu!"]]),
        ('"UBND tỉnh"', [["ubnd tỉnh!", "ủy! ban nhân! dân! tỉnh!"]]),
        ("Ban Chỉ đạo", [["ban chỉ! đạo!", "bcd"]]),  # abbreviations are looked up loose: BCĐ and BCD
        ("trung ương", [["trung ương!", "tw"]]),
        ("thông báo", [["thông! báo!", "tb"]]),
        # ambiguous or ordinary-word abbreviations are never added for a full form
        ("chủ tịch", [["chủ!"], ["tịch!"]]),
        ("tỉnh ủy", [["tỉnh!"], ["ủy!"]]),
        ("thông tư", [["thông!"], ["tư!", "trung ương!", "tw"]]),
    ],
)  # fmt: skip
def test_full_forms_typed_out_also_search_their_abbreviation(query, groups):
    assert alts(parse_query(query)) == groups


def test_negated_abbreviation_excludes_every_spelling():
    assert alts(parse_query("dịch -UBND"), "must_not") == [["ubnd", "ủy! ban nhân! dân!"]]


def test_alternatives_are_capped():
    parsed = parse_query('"UBND HĐND TU CT TT MTTQ tỉnh"')
    assert 1 < len(parsed.must[0].alternatives) <= MAX_ALTERNATIVES


@pytest.mark.parametrize(
    "query",
    ['"', "---", "OR", "OR OR", ":", "((", "so:", "\x00\x01", "a" * 20000, '""', "-", "“”", "UBND" * 500],
)
def test_odd_input_never_raises(query):
    parsed = parse_query(query)
    assert len(parsed.must) + len(parsed.must_not) <= 32
