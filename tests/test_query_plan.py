"""The query plan: one description of ranking, compiled to tantivy and to Elasticsearch."""

from __future__ import annotations

import pytest
import tantivy

from analyzers.query import parse_query
from indexer.engines import es_requests as req
from indexer.engines import ranking
from indexer.engines.base import SearchRequest
from indexer.engines.query_plan import Bool, Phrase, Term, without_should
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
        '"bao nhiêu năm" phạt tù chiếm đoạt di vật?',  # quoted: the user means those words
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
