"""How tantivy runs a plan must never change what it finds: the optional (ranking) clauses guarded by
the filters (tantivy_query._guarded) give the same hits with the same float scores as the plain
translation, for document queries (filters, facets, copies, match="any") and for a hit's clauses."""

from __future__ import annotations

import itertools

import pytest
import tantivy

from analyzers.query import parse_query
from indexer.engines import open_engine
from indexer.engines.base import SearchRequest
from indexer.engines.query_plan import Bool, Keyword, conjunction
from indexer.engines.ranking import text_plan
from indexer.engines.search_plan import document_plan, members_node
from indexer.engines.tantivy_engine import CLAUSE_FIELDS
from indexer.engines.tantivy_query import compile_query

QUERIES = [
    "phòng chống dịch",
    "phong chong dich",
    '"ủy ban nhân dân" tỉnh',
    "ubnd tinh -covid",
    "kế hoạch tiêm vắc xin",
    "tiêm OR xét nghiệm",
]


@pytest.fixture(scope="module")
def engine(sample_index):
    eng = open_engine(sample_index)
    yield eng
    eng.close()


def ranked(searcher, plan, schema, guard: bool, limit: int = 50, fields=None):
    query = compile_query(plan, schema, guard=guard, fields=fields)
    found = searcher.search(query, limit=limit, count=True)
    return found.count, [(score, searcher.doc(address)["id"][0]) for score, address in found.hits]


def document_plans(engine):
    province = [v.value for v in engine.search(SearchRequest(q="")).facets["province"][:1]]
    for q, match, filters in itertools.product(QUERIES, ("all", "any"), ({}, {"province": province})):
        request = SearchRequest(q=q, filters=filters)
        plan = document_plan(parse_query(q), request, match, members=members_node())
        yield q, conjunction(Bool(filter=(Keyword("kind", "doc"),)), plan)


def test_guarded_document_queries_find_the_same_hits_with_the_same_scores(engine):
    searcher = engine._searcher()
    guarded_somewhere = 0
    for q, plan in document_plans(engine):
        plain = ranked(searcher, plan, engine.schema, guard=False)
        fast = ranked(searcher, plan, engine.schema, guard=True)
        assert fast == plain, q
        guarded_somewhere += len(plan.should) > 1 and bool(plain[1])
    assert guarded_somewhere >= 6  # the comparison covered queries with several ranking clauses


def test_guarded_clause_queries_find_the_same_clauses_with_the_same_scores(engine):
    searcher = engine._searcher()
    compared = 0
    for q in QUERIES:
        parsed = parse_query(q)
        docs = engine.search(SearchRequest(q=q, with_facets=False, per_page=5)).hits
        for hit in docs:
            own = Bool(filter=(Keyword("kind", "clause"), Keyword("doc_id", hit.id)))
            plan = conjunction(own, text_plan(parsed, False, "all"))
            plain = ranked(searcher, plan, engine.schema, guard=False, fields=CLAUSE_FIELDS)
            assert ranked(searcher, plan, engine.schema, guard=True, fields=CLAUSE_FIELDS) == plain, (
                q,
                hit.id,
            )
            compared += bool(plain[1])
    assert compared >= 5


def test_a_guard_restricts_the_ranking_clauses_to_the_filtered_entries(engine):
    """The guarded form is what the engine runs: a ranking clause joined to the filters at boost 0."""
    plan = conjunction(
        Bool(filter=(Keyword("kind", "doc"),)), text_plan(parse_query("phong chong dich"), True)
    )
    assert len(plan.should) > 1
    plain = compile_query(plan, engine.schema, guard=False)
    guarded = compile_query(plan, engine.schema)
    assert isinstance(guarded, tantivy.Query)
    assert "boost=0)" not in repr(plain)
    assert repr(guarded).count("boost=0)") == len(plan.should)
