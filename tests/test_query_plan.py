"""The query plan: one description of ranking, compiled to tantivy and to Elasticsearch."""

from __future__ import annotations

import pytest
import tantivy

from analyzers.query import parse_query
from indexer.engines import es_requests as req
from indexer.engines import ranking
from indexer.engines.base import SearchRequest
from indexer.engines.query_plan import Bool, ConstScore, Phrase, Term, without_should
from indexer.engines.search_plan import document_plan
from indexer.engines.tantivy_engine import build_schema
from indexer.engines.tantivy_query import compile_query


def test_typed_sequence_is_a_strong_phrase_a_proximity_and_a_head_phrase():
    plan = ranking.text_plan(parse_query("chuyen doi so"), True)
    assert len(plan.must) == 3  # AND: which documents match does not change
    words = ("chuyen", "doi", "so")
    assert Phrase("syl", words, 0, ranking.PHRASE_BOOST) in plan.should
    assert Phrase("syl", words, ranking.PROXIMITY_SLOP, ranking.PROXIMITY_BOOST) in plan.should
    assert Phrase("head", words, 0, ranking.HEAD_PHRASE_BOOST) in plan.should
    assert Term("words", "chuyen_doi", ranking.WORD_BOOST) in plan.should


def test_exact_spelling_is_kept_in_the_phrases():
    plan = ranking.text_plan(parse_query("chuyển đổi số"), True)
    assert Phrase("syl", ("chuyển", "đổi", "số"), 0, ranking.PHRASE_BOOST) in plan.should


def test_an_or_group_breaks_the_sequence():
    runs = ranking.typed_runs(parse_query("phong chong tiem OR xet nghiem dich"))
    assert [[t.index_term for t in run] for run in runs] == [["phong", "chong"], ["nghiem", "dich"]]


def test_an_abbreviations_meanings_keep_the_typed_sequence():
    # `tu` is also TU (tỉnh ủy, thành ủy), `du` ĐU (đảng ủy): the typed form stays in the run
    for query in ("chung tu thu tien", "yeu cau ve du lieu", "ubnd tinh lai chau"):
        parsed = parse_query(query)
        assert any(len(g.alternatives) > 1 for g in parsed.must)
        (run,) = ranking.typed_runs(parsed)
        assert " ".join(t.index_term for t in run) == query
        assert (
            Phrase("syl", tuple(query.split()), 0, ranking.PHRASE_BOOST)
            in ranking.text_plan(parsed, True).should
        )


def test_counting_plans_have_no_ranking_clauses():
    parsed = parse_query("chuyen doi so")
    counted = document_plan(parsed, SearchRequest(), ranked=False)
    assert counted.should == ()
    assert without_should(document_plan(parsed, SearchRequest())) == counted


def test_both_compilers_take_every_node():
    parsed = parse_query('chuyen doi so -"lai chau" OR x')
    request = SearchRequest(filters={"province": ["Lai Châu"]}, date_from="2021", scope="all")
    plan = document_plan(parsed, request, members=None)
    assert isinstance(compile_query(plan, build_schema()), tantivy.Query)
    compiled = req.compile_query(plan)
    assert compiled["bool"]["filter"][-1] == {"terms": {"province": ["Lai Châu"]}}
    assert {"range": {"issued_sort": {"gte": 20210000, "lte": 99991231}}} in compiled["bool"]["filter"]
    sloppy = req.compile_query(Phrase("syl", ("a", "b"), 3, 2.0))
    assert sloppy == {
        "match_phrase": {"syl": {"query": "a b", "analyzer": "whitespace", "slop": 3, "boost": 2.0}}
    }
    assert req.compile_query(Bool(should=(Term("syl", "a"),), minimum_should_match=1, boost=2.0)) == {
        "bool": {"should": [{"term": {"syl": {"value": "a"}}}], "minimum_should_match": 1, "boost": 2.0}
    }


@pytest.mark.parametrize(
    "query",
    [
        "xu ly trong truong hop co hanh vi can tro hoi dong dinh gia tien hanh dinh gia tai san",
        "Quy định chi tiết một số điều của Luật Bảo hiểm xã hội về bảo hiểm xã hội bắt buộc",
        "muc tieu kep",
        "5K?",  # too short to be a question: a slogan with a stray mark
        "phạt tù chiếm đoạt di vật bao nhiêu năm -tạm",  # an exclusion: the user means every word
    ],
)
def test_auto_is_and_first_whatever_the_length(query):
    # DESIGN.md: plain words must all match; a long title typed unquoted is not a question to relax
    # (reading 8+ words as `any` matched 90% of the corpus and tripled the p99 latency)
    assert ranking.auto_mode(parse_query(query)) == "all"


@pytest.mark.parametrize(
    "query",
    [
        "Chiếm đoạt di vật của tử sĩ có thể bị phạt tù lên đến bao nhiêu năm?",
        "chiem doat di vat cua tu si co the bi phat tu len den bao nhieu nam",
        "Người phạm tội được áp dụng mức hình phạt nào?",
        "thế nào là tội phạm ít nghiêm trọng",
        "vi sao phai cach ly tap trung",
    ],
)
def test_a_question_is_relaxed_at_once(query):
    # nobody means every word of a question literally: "any" ranks the documents holding most of them
    assert ranking.auto_mode(parse_query(query)) == "any"


def test_a_question_keeps_its_quoted_phrase_required():
    # the quotes say "this, exactly": relaxing a question relaxes its other words only
    parsed = parse_query('Định nghĩa của "người lao động"?')
    assert ranking.auto_mode(parsed) == "any"
    plan = ranking.text_plan(parsed, True, "any")
    fields = (("syl", 1.0), ("head", ranking.ANY_HEAD_BOOST))
    # the phrase alone meets the floor of four groups: the other words only rank
    assert plan.must == (ranking._group(parsed.must[3], fields),)
    assert all(ranking._group(g, fields) in plan.should for g in parsed.must[:3])
    longer = ranking.text_plan(
        parse_query('"người lao động" được nghỉ việc riêng mấy ngày hưởng lương?'), True, "any"
    )
    assert len(longer.must) == 2 and longer.must[1].minimum_should_match == 1  # floor 2 of 9
    # a hit's clauses are not held to the phrase (it may be in the head only)
    assert all(
        isinstance(c, Bool) and c.minimum_should_match == 1
        for c in ranking.text_plan(parsed, False, "any").must
    )


@pytest.mark.parametrize(
    ("query", "asking"),
    [
        ("Người phạm tội bị phạt tù bao nhiêu năm?", ["bao", "nhiêu"]),
        ("nguoi pham toi bi phat tu bao nhieu nam", ["bao", "nhieu"]),
        ("Hợp đồng có hiệu lực khi nào?", ["nào"]),
        ("Tài sản hiện có được hiểu như thế nào?", ["như", "thế", "nào"]),
        ("quyen cua nguoi su dung lao dong la gi", ["gi"]),
        ("Điều mấy quy định về tuổi chịu trách nhiệm hình sự?", ["mấy"]),
        # typed without diacritics, `may` is also máy (machine): a word that says something
        ("dieu may quy dinh ve may moc thiet bi", []),
    ],
)
def test_the_asking_words_of_a_question(query, asking):
    parsed = parse_query(query)
    found = sorted(ranking.asking_groups(parsed))
    assert [parsed.must[i].alternatives[0].terms[0].text.lower() for i in found] == asking


def test_a_relaxed_question_neither_matches_nor_ranks_by_its_asking_words():
    parsed = parse_query("phạt tù bao nhiêu năm?")
    plan = ranking.text_plan(parsed, True, "any")
    mentioned = repr(plan)
    assert "'bao'" not in mentioned and "'nhiêu'" not in mentioned
    assert "'năm'" in mentioned
    # nothing but asking words: they are all the question has, so they stay
    assert ranking.asking_groups(parse_query("bao nhiêu")) == frozenset()


def test_a_relaxed_question_counts_the_groups_a_document_holds():
    parsed = parse_query("chiếm đoạt di vật của tử sĩ bị phạt tù bao nhiêu năm?")
    plan = ranking.text_plan(parsed, True, "any")
    (optional,) = plan.must
    coordination = [c for c in plan.should if isinstance(c, ConstScore)]
    assert [c.node for c in coordination] == list(optional.should)
    assert {c.score for c in coordination} == {ranking.COORD_BONUS}
    assert isinstance(compile_query(plan, build_schema()), tantivy.Query)
    # only ranks: the counted plan has none, and the AND plan of a title has none
    assert not [c for c in ranking.text_plan(parsed, True, "any", ranked=False).should]
    assert not [c for c in ranking.text_plan(parsed, True, "all").should if isinstance(c, ConstScore)]
