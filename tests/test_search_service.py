"""The search service above the engines: paging, order, match-mode fallback and redirect, decided once.

Pure decisions are checked as functions; the service itself runs over the real tantivy engine (and
its Elasticsearch request bodies, built as pure functions, use the same paging window)."""

from __future__ import annotations

import pytest

from analyzers.query import parse_query
from indexer.engines import es_requests as req
from indexer.engines import service
from indexer.engines.base import SearchRequest
from indexer.engines.tantivy_engine import TantivyEngine
from tests.contract.test_engine_contract import make_doc

CORPUS = [
    make_doc("a", "Thông báo. 1. Tăng cường phòng chống dịch bệnh trên địa bàn tỉnh.", clauses=("1",)),
    make_doc("b", "Kế hoạch. 1. Phòng chống thiên tai và tìm kiếm cứu nạn.", clauses=("1",)),
    make_doc("c", "Quyết định. 1. Khen thưởng tập thể có thành tích.", number="12/QĐ-UBND", clauses=("1",)),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    eng = TantivyEngine(tmp_path_factory.mktemp("service") / "index", segmenter="none", create=True)
    eng.add(CORPUS)
    eng.commit()
    yield eng
    eng.close()


@pytest.mark.parametrize(
    ("per_page", "page", "window"), [(10, 1, (10, 0)), (10, 3, (10, 20)), (0, 1, (1, 0)), (500, 1, (100, 0))]
)
def test_the_page_window_is_decided_once_for_every_engine(per_page, page, window):
    request = SearchRequest(q="phong chong", per_page=per_page, page=page)
    assert service.page_window(request) == window
    body = req.search_body(parse_query(request.q), request)
    assert (body["size"], body["from"]) == window  # Elasticsearch asks for the same window


@pytest.mark.parametrize(
    ("q", "sort", "expected"),
    [
        ("phong chong", "relevance", "relevance"),
        ("", "relevance", "date_desc"),
        ("x", "nonsense", "relevance"),
    ],
)
def test_the_order_is_decided_once(q, sort, expected):
    request = SearchRequest(q=q, sort=sort)
    assert service.effective_sort(parse_query(q), request) == expected


def test_auto_falls_back_only_when_all_matched_nothing():
    parsed = parse_query("phong chong xyzw")
    auto = SearchRequest(q="phong chong xyzw")
    empty, found = service.Page([], 0, matched=False), service.Page([], 0, matched=True)
    assert service.falls_back(parsed, auto, "all", empty)
    assert not service.falls_back(parsed, auto, "all", found)  # an empty page past the end
    assert not service.falls_back(parsed, auto, "any", empty)  # already relaxed
    assert not service.falls_back(parsed, SearchRequest(q=auto.q, match="all"), "all", empty)  # asked for
    assert not service.falls_back(parse_query("xyzw"), SearchRequest(q="xyzw"), "all", empty)  # one word


def test_the_engine_answers_through_the_service(engine):
    response = engine.search(SearchRequest(q="phong chong xyzw", with_facets=False))
    assert response.relaxed and not response.question
    assert {h.id for h in response.hits} == {"a", "b"}
    assert engine.search(SearchRequest(q="12/QĐ-UBND")).redirect_id == "c"


@pytest.mark.parametrize("with_facets", [False, True])
def test_an_empty_page_past_the_end_still_matched(engine, with_facets):
    request = SearchRequest(q="phong chong", page=5, with_facets=with_facets)
    page = engine.search_page(parse_query(request.q), request, "all")
    assert page.hits == [] and page.matched
    response = engine.search(request)
    assert not response.relaxed and response.hits == []  # not read as "nothing holds every word"
