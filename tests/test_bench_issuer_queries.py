"""The issuer query set of the ranking bench, built from header labels (pure functions)."""

from __future__ import annotations

import pytest

from bench import bench_ranking
from bench import issuer_queries as iq


@pytest.mark.parametrize(
    "printed, name",
    [
        ("UBND TỈNH BÌNH THUẬN SỞ NỘI VỤ", "sở nội vụ tỉnh bình thuận"),
        ("ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN", "ủy ban nhân dân tỉnh bình thuận"),
        ("UBND THÀNH PHỐ ĐÀ NẴNG SỞ GIÁO DỤC VÀ ĐÀO TẠO", "sở giáo dục và đào tạo thành phố đà nẵng"),
        ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "bộ lao động thương binh và xã hội"),
        ("THỦ TƯỚNG CHÍNH PHỦ", "thủ tướng chính phủ"),
        (
            "ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH BAN THƯỜNG TRỰC",
            "ban thường trực ủy ban mttq việt nam xã lương minh",
        ),
        ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO - TÒA ÁN NHÂN DÂN TỐI CAO - BỘ CÔNG AN", ""),  # joint
    ],
)
def test_issuer_name_from_a_printed_header_block(printed, name):
    assert iq.issuer_name(printed) == name


def test_ubnd_and_its_full_form_are_one_issuer_and_the_other_form_of_each_other():
    assert iq.issuer_key("ubnd tỉnh bình thuận") == iq.issuer_key("ủy ban nhân dân tỉnh bình thuận")
    assert iq.other_form("ubnd tinh binh thuan") == "uy ban nhan dan tinh binh thuan"
    assert iq.other_form("hoi dong nhan dan tinh quang ninh") == "hdnd tinh quang ninh"
    assert iq.other_form("bo y te") == ""


def test_queries_per_issuer_with_type_and_topic_split_by_issuer():
    files = [
        iq.LabelledFile("a.txt", "bộ tài chính", "thong tu", "thue tncn"),
        iq.LabelledFile("b.txt", "bộ tài chính", "quyet dinh", "cong doan"),
        iq.LabelledFile("c.txt", "ủy ban nhân dân tỉnh bình thuận", "cong van", ""),
    ]
    queries = {(q.kind, q.text): q for q in iq.issuer_queries(files)}
    assert queries[("typed", "bộ tài chính")].relevant == {"a.txt", "b.txt"}
    assert queries[("no diacritics", "bo tai chinh")].relevant == {"a.txt", "b.txt"}
    assert queries[("+ type", "bo tai chinh thong tu")].relevant == {"a.txt"}
    assert queries[("+ topic", "bo tai chinh cong doan")].relevant == {"b.txt"}
    assert queries[("other form", "ubnd tinh binh thuan")].relevant == {"c.txt"}
    by_issuer = {}
    for q in queries.values():
        by_issuer.setdefault(q.issuer, set()).add(q.held_out)
    assert all(len(splits) == 1 for splits in by_issuer.values())  # an issuer is tuned or held out


def test_unjudged_files_leave_the_ranking_before_scoring():
    assert iq.condensed(["x", "a", "a", "y", "b"], {"a", "b"}) == ["a", "b"]
    assert iq.condensed([f"f{i}" for i in range(30)], {f"f{i}" for i in range(30)}, depth=10)[-1] == "f9"


def test_the_table_prints_mrr_and_p1_or_why_it_was_skipped():
    row = {"system": "vanban", "kind": "typed", "split": "held-out", "queries": 2, "p@1": 0.5, "mrr@10": 0.75}
    result = {
        "files": 3,
        "issuers": 2,
        "held_out_issuers": 1,
        "segmenter": "none",
        "rows": [row],
        "examples": [],
    }
    text = bench_ranking.issuer_table(result)
    assert "| P@1 | MRR@10 |" in text and "| 0.500 | **0.750** |" in text
    assert bench_ranking.issuer_table({"skipped": "no corpus"}) == "skipped: no corpus\n"


def test_the_real_corpus_labels_give_issuers_of_every_level():
    from tests.conftest import need_real

    files = bench_ranking.issuer_label_files(need_real())
    queries = iq.issuer_queries(files)
    issuers = {q.issuer for q in queries}
    assert len(issuers) >= 20 and {q.held_out for q in queries} == {True, False}
    assert any(k.startswith("uy ban nhan dan tinh ") for k in issuers)  # a provincial committee
    assert any(k.startswith("so ") for k in issuers)  # a department
    assert any(k.startswith("bo ") for k in issuers)  # a ministry
