"""Relevance in two phases (indexer/engines/tantivy_rescore.py): the body's phrase clauses rescore a
pool of the best matches. On the real index of the samples and seeds, with the threshold lowered so
that their small result sets take the two-phase path."""

from __future__ import annotations

import pytest

from analyzers.query import parse_query
from indexer.engines import open_engine, tantivy_rescore
from indexer.engines.base import SearchRequest
from indexer.engines.query_plan import AnyOf, Bool, ConstScore, Flag, IntRange, Keyword, Phrase, Term
from indexer.engines.search_plan import members_node

QUERIES = ["phòng chống dịch", "phong chong dich", "kế hoạch triển khai", "tiem vac xin"]


@pytest.fixture(scope="module")
def engine(sample_index):
    eng = open_engine(sample_index)
    yield eng
    eng.close()


@pytest.fixture
def two_phase(monkeypatch):
    """Every query with body phrase clauses takes the pool path, whatever its number of matches."""
    monkeypatch.setattr(tantivy_rescore, "RESCORE_FROM", 0)


def keyed(hits):
    """Addresses in order; scores equal up to float rounding (the sums are added in another order)."""
    return [(address.segment_ord, address.doc) for _, address in hits]


def same(hits, other) -> bool:
    scores = [score for score, _ in hits]
    return keyed(hits) == keyed(other) and scores == pytest.approx([s for s, _ in other], rel=1e-5)


def page(engine, q: str, limit: int, offset: int = 0):
    searcher = engine._searcher()
    plan = engine._doc_plan(parse_query(q), SearchRequest(q=q), members=members_node())
    return searcher, plan, engine._by_relevance(searcher, plan, limit, offset)


def test_the_deferred_clauses_are_the_body_phrases():
    plan = Bool(
        should=(
            Phrase("syl", ("a", "b")),
            Phrase("syl", ("a", "b"), slop=3),
            Phrase("head", ("a", "b")),
            Term("words", "a_b"),
            Phrase("syl", ("a",)),
        )
    )
    cheap, deferred = tantivy_rescore.split(plan)
    assert deferred == (Phrase("syl", ("a", "b")), Phrase("syl", ("a", "b"), slop=3))
    assert cheap.should == (Phrase("head", ("a", "b")), Term("words", "a_b"), Phrase("syl", ("a",)))


def test_rescoring_orders_by_the_sum_and_breaks_ties_by_address():
    pool = [(5.0, "c"), (4.0, "a"), (4.0, "b"), (1.0, "d")]
    order = tantivy_rescore.rescore(pool, {"d": 10.0, "b": 1.0, "a": 1.0}, key=lambda address: address)
    assert order == [(11.0, "d"), (5.0, "a"), (5.0, "b"), (5.0, "c")]
    assert tantivy_rescore.page(order, [(0.5, "e")], 3, 2) == [(5.0, "c"), (0.5, "e")]


@pytest.mark.usefixtures("two_phase")
def test_a_pool_holding_every_match_gives_the_one_phase_result(engine):
    compared = 0
    for q in QUERIES:
        searcher, plan, found = page(engine, q, limit=50)
        assert tantivy_rescore.split(plan)[1], q  # the path under test was taken
        one = searcher.search(engine._compile(plan), limit=50, count=True)
        assert found.count == one.count
        assert same(found.hits, one.hits), q
        compared += len(one.hits) > 1
    assert compared >= 3


@pytest.mark.usefixtures("two_phase")
def test_pages_cut_one_order_when_the_pool_is_smaller_than_the_matches(engine, monkeypatch):
    monkeypatch.setattr(tantivy_rescore, "RESCORE_POOL", 3)
    q = "phong chong dich"
    _, _, whole = page(engine, q, limit=12)
    assert whole.count > 6
    pages = [page(engine, q, limit=2, offset=o)[2].hits for o in range(0, 12, 2)]
    assert same([hit for p in pages for hit in p], whole.hits)
    scores = [score for score, _ in whole.hits]
    assert scores == sorted(scores, reverse=True)


def test_search_results_are_unchanged_below_the_threshold(engine, monkeypatch):
    """The default threshold: the samples' result sets are one-phase results, whether the pool holds
    every match (rescored) or not (then the whole query runs again)."""
    again = 0
    for size, limit in ((tantivy_rescore.RESCORE_POOL, 10), (1, 1)):
        monkeypatch.setattr(tantivy_rescore, "RESCORE_POOL", size)
        for q in QUERIES:
            searcher, plan, found = page(engine, q, limit=limit)
            assert found.count < tantivy_rescore.RESCORE_FROM
            one = searcher.search(engine._compile(plan), limit=limit, count=True)
            assert same(found.hits, one.hits), (size, q)
            if found.count > max(size, limit):
                assert found.hits == one.hits  # the one-phase search itself
                again += 1
    assert again >= 2


def test_when_the_pool_is_used():
    assert tantivy_rescore.pooled(matches=150, found=150)
    assert not tantivy_rescore.pooled(matches=201, found=200)
    assert tantivy_rescore.pooled(matches=tantivy_rescore.RESCORE_FROM, found=200)


DOC_FREQ = {
    ("syl", "quy"): 900,
    ("syl", "định"): 700,
    ("head", "quy"): 40,
    ("head", "định"): 30,
    ("syl", "thuế"): 120,
    ("kind", "doc"): 5000,
    ("canonical", "1"): 4800,
    ("type", "Luật"): 60,
    ("type", "Nghị định"): 90,
}


@pytest.mark.parametrize(
    ("node", "bound"),
    [
        (Term("syl", "thuế"), 120),
        (Term("syl", "không có"), 0),
        (Phrase("syl", ("quy", "định")), 700),
        (Bool(should=(Phrase("syl", ("quy", "định")), Phrase("head", ("quy", "định")))), 730),
        # a required group bounds its Bool; optional ranking clauses do not widen it
        (Bool(must=(Term("syl", "quy"), Term("syl", "thuế")), should=(Term("syl", "định"),)), 120),
        (Bool(filter=(Keyword("kind", "doc"), Flag("canonical")), must=(Term("syl", "quy"),)), 900),
        (Bool(filter=(AnyOf("type", ("Luật", "Nghị định")),), must=(Term("syl", "quy"),)), 150),
        (ConstScore(Term("syl", "thuế"), 2.0), 120),
        (Bool(filter=(IntRange("issued_sort", 0, 9),)), float("inf")),
        (Bool(must_not=(Term("syl", "thuế"),)), float("inf")),
    ],
)
def test_the_match_bound_of_a_plan(node, bound):
    assert tantivy_rescore.match_bound(node, lambda field, term: DOC_FREQ.get((field, term), 0)) == bound


@pytest.mark.parametrize("match", ["all", "any"])
def test_the_match_bound_holds_on_the_index(engine, match):
    """What decides to skip the first phase must never be below the true number of matches."""
    searcher = engine._searcher()
    for q in QUERIES + ['"ủy ban nhân dân" tỉnh', "tiêm OR xét nghiệm", "ubnd -covid"]:
        plan = engine._doc_plan(parse_query(q), SearchRequest(q=q), match=match, members=members_node())
        count = searcher.search(engine._compile(plan), limit=1, count=True).count
        assert count <= tantivy_rescore.match_bound(plan, searcher.doc_freq) < float("inf"), q
