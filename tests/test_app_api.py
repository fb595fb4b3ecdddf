"""The JSON API: response shapes, facets and filters, number redirects, exports, OpenAPI, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from indexer.engines import open_engine
from indexer.engines.base import FACETS, SearchRequest
from search_app.api import _csv_cell, response_json
from search_app.openapi import HIT_FIELDS, SEARCH_FIELDS, openapi_document
from tests import conftest_app
from tests.conftest_app import XSS_PROBES, doc_by_number

# fixtures shared with the other web tests
app_index, app, client = conftest_app.app_index, conftest_app.app, conftest_app.client


def ids(body) -> set[str]:
    return {h["id"] for h in body["hits"]}


def test_search_response_shape_is_pinned(client, app_index):
    body = client.get("/api/search?q=muc+tieu+kep").get_json()
    assert list(body) == SEARCH_FIELDS
    assert body["ok"] is True and body["total"] == len(body["hits"]) == 3
    for hit in body["hits"]:
        assert list(hit) == HIT_FIELDS
        for clause in hit["clauses"]:
            assert set(clause) == {"path", "label", "anchor", "snippet"}
    assert set(body["facets"]) == set(FACETS)
    for values in body["facets"].values():
        for value in values:
            assert set(value) == {"value", "count", "selected"}
    assert body["query"] == {
        "q": "muc tieu kep",
        "filters": {},
        "from": "",
        "to": "",
        "sort": "relevance",
        "match": "auto",
        "scope": "all",
        "page": 1,
        "per_page": 10,
    }
    assert body["relaxed"] is False


def test_folded_query_highlights_original_diacritics(client):
    body = client.get("/api/search?q=muc+tieu+kep&province=Lai+Châu").get_json()
    assert body["total"] == 1
    clause = body["hits"][0]["clauses"][0]
    assert clause["path"] == "2"
    assert "<mark>mục tiêu kép</mark>" in clause["snippet"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("province=Lai+Châu", {"lc628", "lc2021"}),
        ("province=Lai+Châu&year=2021", {"lc2021"}),
        ("province=Lai+Châu&province=Điện+Biên&year=2021", {"lc2021", "dien_bien"}),  # OR within, AND across
        ("type=thông+báo&year=2020", {"tb172_kien_giang"}),  # the copy collapses under its canonical document
        ("from=2021-09&to=2021-09", {"lc2021", "vpcp241"}),  # month precision falls inside its month
        ("from=12/9/2021&to=2021-09-12", {"vpcp241"}),  # Vietnamese day/month/year accepted
        ("q=5K&type=công+văn", {"lc2021"}),
        ('q="mục+tiêu+kép"+-vắc', {"dien_bien"}),
        ("q=muc+tieu+kep", {"dien_bien", "lc2021", "<script>"}),
        ('q="Điện+Biên"', {"dien_bien"}),
        ('q="quán+triệt"+OR+F1&year=2020', {"tb172_kien_giang", "lc628"}),
    ],
)
def test_filters_and_query_syntax(client, query, expected):
    body = client.get(f"/api/search?{query}").get_json()
    assert {h["source"].removeprefix("seeds/").removesuffix(".txt") for h in body["hits"]} == expected


def test_facet_counts_are_disjunctive(client):
    body = client.get("/api/search?province=Lai+Châu").get_json()
    province = {v["value"]: (v["count"], v["selected"]) for v in body["facets"]["province"]}
    assert province["Lai Châu"] == (2, True)
    assert province["Điện Biên"] == (1, False)  # still offered with its own count
    years = {v["value"]: v["count"] for v in body["facets"]["year"]}
    assert years == {"2020": 1, "2021": 1}  # other facets are narrowed by the selection


def test_sort_and_pagination(client):
    body = client.get("/api/search?type=kế+hoạch&sort=date_asc&per_page=10&page=3").get_json()
    assert body["total"] == 24 and body["pages"] == 3 and len(body["hits"]) == 4
    dates = [h["issued"] for h in body["hits"]]
    assert dates == sorted(dates)
    newest = client.get("/api/search?type=kế+hoạch&sort=date_desc&per_page=3").get_json()
    assert [h["issued"] for h in newest["hits"]] == sorted(
        (h["issued"] for h in newest["hits"]), reverse=True
    )
    assert newest["hits"][0]["issued"] == "2022-12-15"


@pytest.mark.parametrize(
    "q, number",
    [
        ("172-TB/TW", "172-TB/TW"),
        ("số 628/UBND-VX", "628/UBND-VX"),
        ("so:241/tb-vpcp", "241/TB-VPCP"),
        ("172 - TB/TW", "172-TB/TW"),
    ],
)
def test_number_query_names_the_document(client, app_index, q, number):
    body = client.get("/api/search", query_string={"q": q}).get_json()
    target = doc_by_number(app_index["docs"], number)
    assert body["redirect_id"] == target.id
    assert body["redirect_url"] == f"/van-ban/{target.id}"


def test_response_json_is_what_the_cli_prints(client, app_index):
    request = SearchRequest(q="phòng chống dịch", filters={"province": ["Lai Châu"]}, per_page=5)
    engine = open_engine(app_index["settings"])
    direct = response_json(engine.search(request), request)
    served = client.get("/api/search?q=phòng+chống+dịch&province=Lai+Châu&per_page=5").get_json()
    direct.pop("took_ms"), served.pop("took_ms")
    assert json.loads(json.dumps(direct, ensure_ascii=False)) == served


def test_document_endpoint_resolves_citations_both_ways(client, app_index):
    docs = app_index["docs"]
    lc628, tb172 = doc_by_number(docs, "628/UBND-VX"), doc_by_number(docs, "172-TB/TW")
    body = client.get(f"/api/documents/{lc628.id}").get_json()
    assert body["ok"] is True
    doc = body["document"]
    assert doc["text"] == lc628.text and doc["number"] == "628/UBND-VX"
    cites = {c["number"]: c for c in doc["cites"]}
    assert cites["172-TB/TW"]["ids"] == [tb172.id]
    assert cites["1276-CV/TU"]["ids"] == []  # not indexed: listed, not linked
    assert [c["path"] for c in doc["clauses"]] == ["1", "2"]
    notice = client.get(f"/api/documents/{tb172.id}").get_json()["document"]
    assert [d["id"] for d in notice["cited_by"]] == [lc628.id]
    assert len(notice["copies"]) == 1 and notice["copies"][0]["source"] == "seeds/tb172_lai_chau.txt"


ERROR_CASES = [
    ("/api/search?page=0", 400, "bad_query"),
    ("/api/search?page=abc", 400, "bad_query"),
    ("/api/search?per_page=100000", 400, "bad_query"),
    ("/api/search?sort=random", 400, "bad_query"),
    ("/api/search?match=most", 400, "bad_query"),
    ("/api/export.csv?match=most", 400, "bad_query"),
    ("/api/search?from=2021-13", 400, "bad_query"),
    ("/api/search?to=31/02/2021", 400, "bad_query"),
    ("/api/search?from=2022&to=2021", 400, "bad_query"),
    ("/api/search?year=20x1", 400, "bad_query"),
    ("/api/search?month=2021-13", 400, "bad_query"),
    ("/api/export.csv?limit=0", 400, "bad_query"),
    ("/api/export.json?limit=99999999", 400, "bad_query"),
    ("/api/documents/0000000000000000", 404, "not_found"),
    ("/api/documents/..%2f..%2fetc", 404, "not_found"),
    ("/api/no-such-endpoint", 404, "not_found"),
]


@pytest.mark.parametrize("url, status, code", ERROR_CASES)
def test_every_api_error_has_one_shape(client, url, status, code):
    response = client.get(url)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"ok", "error"} and body["ok"] is False
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert body["error"]["message"]


def test_wrong_method_uses_the_error_shape(client):
    response = client.post("/api/search")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_missing_index_is_a_clear_error(tmp_path):
    from search_app import create_app

    app = create_app({"INDEX_DIR": str(tmp_path / "nowhere")})
    body = app.test_client().get("/api/search?q=x").get_json()
    assert body["error"]["code"] == "index_missing" and "vanban index" in body["error"]["message"]
    health = app.test_client().get("/healthz")
    assert health.status_code == 503 and health.get_json()["ok"] is False


HOSTILE_QUERIES = [
    '"',
    '"mục tiêu',
    'a"b"c"',
    ":",
    "so:",
    'so:"',
    "():/\\*",
    "-",
    "--",
    "OR",
    "OR OR a",
    '-""',
    "((a)",
    "\\",
    "%",
    "%00",
    "a" * 10_000,
    "mục " * 3000,
    "\x00\x01\x02\x1b[31m",
    "\u0301\u0301",
    "m\u0323\u0302c",
    "🙂 covid",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "so:" + "1" * 500 + "/ABC",
    "*",
    "?",
    "~",
    "field:value",
    "AND",
    "NOT x",
]


@pytest.mark.parametrize("q", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_queries_never_500(client, q):
    api = client.get("/api/search", query_string={"q": q})
    assert api.status_code == 200, api.get_json()
    assert api.get_json()["ok"] is True
    page = client.get("/", query_string={"q": q, "list": "1"}, follow_redirects=True)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<script>alert" not in html


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=99999999999999999999",
        "per_page=0",
        "from=abc",
        "to=2021-02-30",
        "year=%00",
        "month=x",
        "sort=%27",
        "unknown=1&other=2",
        "province=" + "x" * 5000,
        "pv=%3Cscript%3E",
    ],
)
def test_hostile_parameters_never_500(client, query):
    assert client.get(f"/api/search?{query}").status_code in (200, 400)
    assert client.get(f"/?{query}", follow_redirects=True).status_code == 200  # the page reads leniently


def test_csv_export_streams_capped_rows(client):
    response = client.get("/api/export.csv?type=kế+hoạch&limit=7&sort=date_asc")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["id", "number", "doc_type"]
    assert len(rows) == 1 + 7
    assert rows[1][rows[0].index("issued")] == "2022-01-15"
    assert {r[rows[0].index("doc_type")] for r in rows[1:]} == {"kế hoạch"}


def test_json_export_is_valid_and_capped_by_config(app_index):
    from search_app import create_app

    small = create_app({"SETTINGS": app_index["settings"], "EXPORT_MAX": 5})
    body = json.loads(small.test_client().get("/api/export.json?type=kế+hoạch").get_data(as_text=True))
    assert body["ok"] is True and body["exported"] == 5 and body["total"] == 24 and len(body["hits"]) == 5
    assert list(body["hits"][0]) == HIT_FIELDS
    over = small.test_client().get("/api/export.json?limit=6")
    assert over.status_code == 400


@pytest.mark.parametrize(
    "value, cell",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+84 912", "'+84 912"),
        ("-5K", "'-5K"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("628/UBND-VX", "628/UBND-VX"),
        ("Lai Châu", "Lai Châu"),
        ("", ""),
    ],
)
def test_csv_cells_never_become_formulas(value, cell):
    assert _csv_cell(value) == cell


def test_openapi_documents_every_api_route(app, client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec == json.loads(json.dumps(openapi_document()))
    assert spec["openapi"].startswith("3.1")
    routes = {
        r.rule.replace("<doc_id>", "{id}")
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api/") or r.rule in ("/healthz", "/feed.atom")
    }
    assert routes == set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert params >= {"q", "from", "to", "sort", "page", "per_page", *FACETS}


def test_healthz(client):
    body = client.get("/healthz").get_json()
    assert body["ok"] is True and body["engine"] == "tantivy" and body["documents"] >= 30


def test_api_snippets_are_escaped(client):
    body = client.get("/api/search", query_string={"q": "<script>alert mục tiêu kép"}).get_json()
    snippets = [c["snippet"] for h in body["hits"] for c in h["clauses"]] + [
        h["snippet"] for h in body["hits"]
    ]
    assert snippets
    for snippet in snippets:
        for probe in XSS_PROBES:
            assert probe not in snippet


def test_match_modes_through_the_api(client):
    question = "cách ly các trường hợp tiếp xúc ở Hà Nội"  # no document holds every word
    assert client.get("/api/search", query_string={"q": question, "match": "all"}).get_json()["total"] == 0
    auto = client.get("/api/search", query_string={"q": question}).get_json()
    assert auto["relaxed"] is True and auto["total"] > 0
    assert any("<mark>" in c["snippet"] for hit in auto["hits"] for c in hit["clauses"])
    any_ = client.get("/api/search", query_string={"q": question, "match": "any"}).get_json()
    assert any_["relaxed"] is False and any_["query"]["match"] == "any"
    assert [h["id"] for h in any_["hits"]] == [h["id"] for h in auto["hits"]]
    exported = client.get("/api/export.json", query_string={"q": question, "match": "all"}).get_json()
    assert exported["exported"] == 0 and exported["query"]["match"] == "all"


def test_export_keeps_the_search_scope(client):
    # the export is the result set of the same parameters: a subject-only search exports subject hits
    def total(path):
        return client.get(path).get_json()["total"]

    subject = total("/api/search?q=dich&scope=subject")
    assert subject != total("/api/search?q=dich&scope=all")  # the case tells the scopes apart
    assert total("/api/export.json?q=dich&scope=subject") == subject
