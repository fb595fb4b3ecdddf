"""How tantivy runs a plan must never change what it finds: the optional (ranking) clauses chained to
the required part one by one (tantivy_query._chained) or guarded by the filters (_guarded) give the
same hits with the same scores (up to float rounding: the sums are added in another order) as the
plain translation, for document queries (filters, facets, copies, match="any") and for a hit's
clauses."""

from __future__ import annotations

import itertools

import pytest

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
    """(count, [(score to 4 significant digits, id)] best first, ties by id)."""
    query = compile_query(plan, schema, guard=guard, fields=fields)
    found = searcher.search(query, limit=limit, count=True)
    hits = [(float(f"{score:.4g}"), searcher.doc(address)["id"][0]) for score, address in found.hits]
    return found.count, sorted(hits, key=lambda hit: (-hit[0], hit[1]))


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


def test_ranking_clauses_are_chained_to_the_required_part_one_by_one(engine):
    """The optimized form is what the engine runs: no union of ranking clauses, each one paired with
    the required part, which only seeks it to the documents that match."""
    plan = conjunction(
        Bool(filter=(Keyword("kind", "doc"),)), text_plan(parse_query("phong chong dich"), True)
    )
    assert len(plan.should) > 1
    plain = repr(compile_query(plan, engine.schema, guard=False))
    chained = repr(compile_query(plan, engine.schema))
    assert chained.count("(Should, ") == plain.count("(Should, ")  # the same clauses
    nesting = "Query(BooleanQuery { subqueries: [" + "(Must, BooleanQuery { subqueries: [" * len(plan.should)
    assert chained.startswith(nesting) and not plain.startswith(nesting)
