"""tantivy's one-pass facets and counts (indexer/engines/tantivy_facets.py) against the pass-per-facet
plan, on the real index of the repository's samples and seeds (sample_index)."""

from __future__ import annotations

import itertools

import pytest

from indexer.engines import open_engine, tantivy_facets
from indexer.engines.base import FACETS, SearchRequest

UNQUOTABLE = 'không "có" \\ giá trị này'  # forces the pass-per-facet plan; matches nothing


@pytest.fixture(scope="module")
def engine(sample_index):
    eng = open_engine(sample_index)
    yield eng
    eng.close()


def values_of(engine, key: str, n: int = 2) -> list[str]:
    facets = engine.search(SearchRequest(q="", per_page=1)).facets
    return [v.value for v in facets[key][:n]]


def requests(engine) -> list[SearchRequest]:
    issuers, provinces, years = (values_of(engine, k) for k in ("issuer", "province", "year"))
    selections = [
        {},
        {"province": provinces[:1]},
        {"province": provinces},
        {"province": provinces[:1], "year": years[:1]},
        {"issuer": issuers, "province": provinces, "year": years},
    ]
    queries = ["", "dịch", "phong chong dich", '"Ủy ban nhân dân"', "UBND -covid"]
    return [SearchRequest(q=q, filters=f) for q, f in itertools.product(queries, selections)]


def with_unquotable(request: SearchRequest, key: str) -> SearchRequest:
    filters = {k: list(v) for k, v in request.filters.items()}
    filters[key] = filters.get(key, []) + [UNQUOTABLE]
    return SearchRequest(q=request.q, filters=filters)


def test_one_pass_counts_equal_the_pass_per_facet_counts(engine):
    checked = 0
    for request in requests(engine):
        assert tantivy_facets.one_pass_possible(request.filters)
        one = engine.search(request)
        for key in request.filters:
            # OR-ing a value that matches nothing changes no count, only the plan
            fallback = with_unquotable(request, key)
            assert not tantivy_facets.one_pass_possible(fallback.filters)
            other = engine.search(fallback)
            assert other.total == one.total, request
            for name in FACETS:
                shown = [(v.value, v.count, v.selected) for v in other.facets[name] if v.value != UNQUOTABLE]
                assert shown == [(v.value, v.count, v.selected) for v in one.facets[name]], (request, name)
            checked += 1
    assert checked > 30


def test_total_is_the_number_of_matches_with_or_without_facets(engine):
    for request in requests(engine):
        with_facets = engine.search(request)
        bare = engine.search(SearchRequest(q=request.q, filters=request.filters, with_facets=False))
        assert with_facets.total == bare.total
        assert [h.id for h in with_facets.hits] == [h.id for h in bare.hits]
        assert with_facets.total_relation == "eq"
        if request.filters.get("province") and not request.q:
            # every match holds one of the selected provinces
            selected = sum(v.count for v in with_facets.facets["province"] if v.selected)
            assert selected == with_facets.total


def test_auto_relaxes_on_a_later_page_only_when_nothing_matches(engine):
    strict = engine.search(SearchRequest(q="dịch COVID", page=50))
    assert not strict.hits and strict.total > 0 and not strict.relaxed
    nothing = engine.search(SearchRequest(q="dịch zzqxj", page=2))
    assert nothing.relaxed


def test_selection_query_strings():
    filters = {"province": ["Lai Châu", "Điện Biên"], "type": ["công văn"], "nope": ["x"]}
    assert tantivy_facets.selection_query(filters) == (
        '(province:"Lai Châu" OR province:"Điện Biên") AND (doc_type:"công văn")'
    )
    assert tantivy_facets.selection_query(filters, skip="province") == '(doc_type:"công văn")'
    assert not tantivy_facets.one_pass_possible({"issuer": ['a "b"']})
