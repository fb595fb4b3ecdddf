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


# -- estimated counts beyond the exact-count threshold (tantivy_facets: the facet sample) ----------

ISSUERS = ("UBND tỉnh Lai Châu", "Bộ Y tế", "Sở Giáo dục và Đào tạo Hà Nội")


@pytest.fixture(scope="module")
def sampled_engine(tmp_path_factory):
    from indexer.engines.tantivy_engine import TantivyEngine
    from indexer.model import Document

    engine = TantivyEngine(tmp_path_factory.mktemp("sampled"), segmenter="none", create=True)
    docs = [
        Document(
            id=f"vb-{n:03d}",
            text=f"Về việc phòng chống dịch, văn bản số {n}.",
            issuer=ISSUERS[n % 3],
            issued=f"{2020 + n % 2}-03-0{1 + n % 9}",
            issued_precision="day",
        )
        for n in range(96)
    ]
    engine.add(docs)
    engine.commit()
    yield engine, docs
    engine.close()


@pytest.mark.parametrize(
    ("doc_id", "slice_"),
    [("vb-000", "14"), ("72a1f0c3e9b24d5a", "13"), ("Quyết định 30/2020/QĐ-UBND", "4")],
)
def test_a_documents_sample_slice_is_a_stable_hash_of_its_id(doc_id, slice_):
    assert tantivy_facets.sample_slice(doc_id) == slice_


@pytest.mark.parametrize(
    ("sample_matches", "threshold", "estimated"),
    [(625, 10_000, True), (624, 10_000, False), (0, 1, False), (1, 16, True), (3, 64, False)],
)
def test_the_sample_stands_for_the_whole_from_the_threshold_on(sample_matches, threshold, estimated):
    request = SearchRequest(q="dịch", track_total_hits=threshold)
    assert tantivy_facets.sampled_enough(sample_matches, request) is estimated


def test_beyond_the_threshold_facet_counts_are_the_sample_scaled_and_the_total_stays_exact(sampled_engine):
    engine, docs = sampled_engine
    in_sample = [d for d in docs if tantivy_facets.sample_slice(d.id) == tantivy_facets.SAMPLED_SLICE]
    assert 2 <= len(in_sample) < len(docs)  # the fixture's ids put a few documents in the sample
    response = engine.search(SearchRequest(q="phong chong dich", track_total_hits=32))
    assert response.facets_estimated and response.total == len(docs)
    expected = {i: 16 * sum(d.issuer == i for d in in_sample) for i in ISSUERS}
    assert {v.value: v.count for v in response.facets["issuer"]} == {i: n for i, n in expected.items() if n}


def test_below_the_threshold_facet_counts_are_exact(sampled_engine):
    engine, docs = sampled_engine
    response = engine.search(SearchRequest(q="phong chong dich"))
    assert not response.facets_estimated and response.total == len(docs)
    assert {v.value: v.count for v in response.facets["issuer"]} == {i: 32 for i in ISSUERS}
    years = {v.value: v.count for v in response.facets["year"]}
    assert years == {"2020": 48, "2021": 48}
