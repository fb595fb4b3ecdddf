"""The Elasticsearch engine's I/O edge without a real cluster: the official client talking to a real
closed port (unreachable node) and to a small local HTTP responder that answers like Elasticsearch
does (status codes, error bodies, bulk item results), so errors are mapped through the real client."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from analyzers.numbers import number_key
from indexer.engines import open_engine
from indexer.engines.base import SearchRequest
from indexer.engines.elasticsearch_engine import (
    ElasticsearchEngine,
    client_options,
    new_version,
    node_urls,
    redact_url,
)
from indexer.errors import ConfigError, EngineError, IndexMissing
from indexer.model import Clause, Document
from indexer.settings import CONFIG_DIR, Settings

CLOSED = "http://127.0.0.1:1"  # nothing listens on port 1: a real unreachable node


def es_settings(url: str, **kw) -> Settings:
    return Settings(engine="elasticsearch", es_url=url, segmenter="none", **kw)


# -- pure helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://elastic:s3cr3t@es.tinh.gov.vn:9200", "https://es.tinh.gov.vn:9200"),
        ("http://user@127.0.0.1:9200/", "http://127.0.0.1:9200/"),
        ("https://es.tinh.gov.vn", "https://es.tinh.gov.vn"),
    ],
)
def test_redact_url(url, shown):
    assert redact_url(url) == shown


def test_client_options_auth_and_cluster():
    api = client_options(es_settings("https://a:9200, https://b:9200", es_api_key="k", es_username="u"))
    assert api["hosts"] == ["https://a:9200", "https://b:9200"]
    assert api["api_key"] == "k" and "basic_auth" not in api  # an API key wins over basic auth
    basic = client_options(es_settings("https://a:9200", es_username="elastic", es_password="pw",
                                       es_ca_certs="/etc/vanban/ca.crt"))  # fmt: skip
    assert basic["basic_auth"] == ("elastic", "pw")
    assert basic["ca_certs"] == "/etc/vanban/ca.crt"
    assert "api_key" not in client_options(es_settings("http://localhost:9200"))
    assert node_urls(" http://a:9200 ,,") == ["http://a:9200"]


@pytest.mark.parametrize("url", ["", "es.tinh.gov.vn:9200", "ftp://es:9200"])
def test_bad_url_is_a_config_error(url):
    engine = ElasticsearchEngine(es_settings(url))  # lazy: no error before the first request
    with pytest.raises(ConfigError, match="VANBAN_ES_URL"):
        engine.stats()


def test_missing_ca_certificate_is_a_config_error(tmp_path):
    engine = ElasticsearchEngine(es_settings("https://127.0.0.1:1", es_ca_certs=str(tmp_path / "ca.crt")))
    with pytest.raises(ConfigError, match="VANBAN_ES_CA_CERTS"):
        engine.stats()


def test_versions_sort_in_time_order():
    from datetime import UTC, datetime

    early = new_version(datetime(2025, 7, 1, 9, 0, 0, 5, tzinfo=UTC))
    late = new_version(datetime(2025, 7, 1, 9, 0, 1, 0, tzinfo=UTC))
    assert early == "20250701090000000005" and early < late


# -- an unreachable node -----------------------------------------------------------------------


def test_opening_is_lazy():
    engine = open_engine(es_settings(CLOSED))  # no I/O without create=True
    assert engine.name == "elasticsearch"
    assert engine._es is None


@pytest.mark.parametrize(
    "call",
    [
        lambda e: e.search(SearchRequest(q="mục tiêu kép")),
        lambda e: e.get("laichau-628"),
        lambda e: e.stats(),
        lambda e: e.known_hashes(),
        lambda e: e.find_by_number(number_key("172-TB/TW")),
        lambda e: e.add([Document(id="d1", source="a.txt", text="Thông báo số 1")]),
        lambda e: e.delete(["laichau-628"]),
    ],
)
def test_unreachable_node_is_a_clear_engine_error(call):
    engine = ElasticsearchEngine(es_settings("http://elastic:s3cr3t@127.0.0.1:1"))
    with pytest.raises(EngineError, match="cannot reach Elasticsearch at http://127.0.0.1:1") as info:
        call(engine)
    assert "s3cr3t" not in str(info.value)
    assert engine._filling == ""  # a failed reindex_begin leaves nothing half-started


def test_create_against_unreachable_node_fails_at_open():
    with pytest.raises(EngineError, match="cannot reach"):
        open_engine(es_settings(CLOSED), create=True)


# -- a local responder speaking Elasticsearch's HTTP ---------------------------------------------


class FakeNode:
    """Answers (status, body) per route; `_bulk` answers item by item from `bulk_status`."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict]] = {}
        self.bulk_status: dict[str, list[int]] = {}  # _id -> statuses for successive attempts
        self.bulk_requests = 0
        self.seen_auth: list[str] = []
        self.requests: list[tuple[str, str]] = []
        node = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep pytest output clean
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                node.seen_auth.append(self.headers.get("Authorization", ""))
                node.requests.append((self.command, self.path))
                path = self.path.split("?")[0]
                if path.endswith("/_bulk"):
                    status, body = 200, node.bulk(raw)
                else:
                    status, body = next(
                        (
                            answer
                            for route, answer in node.routes.items()
                            if node.matches(route, self.command, path)
                        ),
                        (
                            404,
                            {
                                "error": {"type": "resource_not_found_exception", "reason": path},
                                "status": 404,
                            },
                        ),
                    )
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()

    @staticmethod
    def matches(route: str, method: str, path: str) -> bool:
        """'PUT -clauses-v' matches PUT requests whose path contains '-clauses-v'; '/_mget' any method."""
        wanted_method, _, fragment = route.rpartition(" ")
        return fragment in path and wanted_method in ("", method)

    def bulk(self, raw: str) -> dict:
        self.bulk_requests += 1
        lines = [json.loads(line) for line in raw.splitlines() if line.strip()]
        items, i = [], 0
        while i < len(lines):
            op, meta = next(iter(lines[i].items()))
            i += 2 if op in ("index", "create", "update") else 1
            statuses = self.bulk_status.get(meta["_id"], [201])
            status = statuses.pop(0) if len(statuses) > 1 else statuses[0]
            item = {"_index": meta.get("_index"), "_id": meta["_id"], "status": status}
            if status >= 300:
                item["error"] = {"type": "document_parsing_exception", "reason": f"rejected {meta['_id']}"}
                if status == 429:
                    item["error"]["type"] = "es_rejected_execution_exception"
            items.append({op: item})
        return {"took": 1, "errors": any(x[next(iter(x))]["status"] >= 300 for x in items), "items": items}

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def node():
    fake = FakeNode()
    yield fake
    fake.close()


def error_body(status: int, kind: str, reason: str, **extra) -> dict:
    error = {"root_cause": [{"type": kind, "reason": reason}], "type": kind, "reason": reason, **extra}
    return {"error": error, "status": status}


def test_bad_credentials(node):
    node.routes["/_search"] = (401, error_body(401, "security_exception", "unable to authenticate user [vb]"))
    engine = ElasticsearchEngine(es_settings(node.url, es_username="vb", es_password="wrong-pass"))
    with pytest.raises(EngineError, match="rejected the credentials") as info:
        engine.search(SearchRequest(q="5K"))
    assert "wrong-pass" not in str(info.value)
    assert node.seen_auth[-1].startswith("Basic ")  # the credentials did go to the node, and only there


def test_missing_privileges(node):
    node.routes["/_count"] = (
        403,
        error_body(403, "security_exception", "action [indices:data/read] unauthorized"),
    )
    engine = ElasticsearchEngine(es_settings(node.url, es_api_key="a2V5"))
    with pytest.raises(EngineError, match="403") as info:
        engine.stats()
    assert "a2V5" not in str(info.value)
    assert node.seen_auth[-1] == "ApiKey a2V5"


def test_missing_alias_is_index_missing(node):
    node.routes["/vanban-documents/_search"] = (
        404,
        error_body(
            404, "index_not_found_exception", "no such index [vanban-documents]", index="vanban-documents"
        ),
    )
    engine = ElasticsearchEngine(es_settings(node.url))
    with pytest.raises(IndexMissing, match="vanban-documents"):
        engine.search(SearchRequest(q="mục tiêu kép"))


def test_get_of_an_absent_document_is_none(node):
    node.routes["/vanban-documents/_doc/nope"] = (
        404,
        {"_index": "vanban-documents-v1", "_id": "nope", "found": False},
    )
    assert ElasticsearchEngine(es_settings(node.url)).get("nope") is None


def sample_docs() -> list[Document]:
    docs = []
    for doc_id in ("laichau-628", "bad-doc", "dienbien-tb"):
        text = "Tại Điện Biên. 1. Khoanh vùng các trường hợp F1, F2, F3. 2. Tỉnh uỷ chỉ đạo."
        first, second = text.index("1. "), text.index("2. ")
        clauses = [Clause("1", "1.", first, second, text=text[first:second]),
                   Clause("2", "2.", second, len(text), text=text[second:])]  # fmt: skip
        docs.append(Document(id=doc_id, source=f"seeds/{doc_id}.txt", text=text, clauses=clauses))
    return docs


def test_bulk_errors_are_reported_per_document_never_dropped(node):
    node.routes["/_mget"] = (200, {"docs": []})
    node.bulk_status = {"bad-doc": [400], "dienbien-tb#2": [400]}
    engine = ElasticsearchEngine(es_settings(node.url))
    report = engine.add(sample_docs())
    assert report.indexed == 2  # laichau-628 and dienbien-tb (its entry went in; a clause did not)
    assert report.clauses == 5
    reasons = dict(report.errors)
    assert set(reasons) == {"seeds/bad-doc.txt", "seeds/dienbien-tb.txt"}
    assert "bad-doc" in reasons["seeds/bad-doc.txt"] and "rejected bad-doc" in reasons["seeds/bad-doc.txt"]
    assert "clause 2" in reasons["seeds/dienbien-tb.txt"]


def test_bulk_retries_rejections_with_backoff(node):
    node.routes["/_mget"] = (200, {"docs": []})
    node.bulk_status = {"laichau-628": [429, 201]}  # the node is busy once, then accepts
    report = ElasticsearchEngine(es_settings(node.url)).add(sample_docs()[:1])
    assert report.errors == []
    assert (report.indexed, report.clauses) == (1, 2)
    assert node.bulk_requests == 2
    bulk_paths = [path for _, path in node.requests if "/_bulk" in path]
    assert all("require_alias=true" in path for path in bulk_paths)  # never auto-create "vanban-documents"


def test_replacing_a_document_deletes_its_vanished_clauses(node):
    old = {
        "_id": "laichau-628",
        "found": True,
        "_source": {"payload": {"clauses": [{"path": p} for p in "123"]}},
    }
    node.routes["/_mget"] = (200, {"docs": [old]})
    node.bulk_status = {"laichau-628#3": [404]}  # already gone is fine for a delete
    report = ElasticsearchEngine(es_settings(node.url)).add(sample_docs()[:1])
    assert report.errors == [] and report.clauses == 2


def need_analysis():
    # index bodies need the analysis chain; a missing file is a broken checkout, not a reason to skip
    assert (CONFIG_DIR / "es_analysis.json").exists(), "config/es_analysis.json is missing"


def test_reindex_begin_creates_both_indices_or_neither(node):
    need_analysis()
    node.routes["GET -v*"] = (200, {})  # no leftovers from earlier runs
    node.routes["PUT -documents-v"] = (200, {"acknowledged": True})
    node.routes["PUT -clauses-v"] = (400, error_body(400, "illegal_argument_exception", "unknown analyzer"))
    node.routes["DELETE -documents-v"] = (200, {"acknowledged": True})
    engine = ElasticsearchEngine(es_settings(node.url))
    with pytest.raises(EngineError, match="illegal_argument_exception"):
        engine.reindex_begin()
    assert engine._filling == ""
    assert engine._target == ("vanban-documents", "vanban-clauses")
    assert node.requests[-1][0] == "DELETE" and "-documents-v" in node.requests[-1][1]


def test_reindex_begin_sweeps_only_old_unpublished_pairs(node):
    need_analysis()
    old, young = "vanban-documents-v20200101000000000000", "vanban-clauses-v29990101000000000000"
    node.routes["/_alias/"] = (200, {"vanban-documents-v1": {"aliases": {"vanban-documents": {}}}})
    node.routes["GET /vanban-documents-v*"] = (200, {old: {}, "vanban-documents-v1": {}})
    node.routes["GET /vanban-clauses-v*"] = (200, {young: {}})
    node.routes["PUT -v"] = (200, {"acknowledged": True})
    node.routes["DELETE -v"] = (200, {"acknowledged": True})
    engine = ElasticsearchEngine(es_settings(node.url))
    version = engine.reindex_begin()
    deletes = [path for method, path in node.requests if method == "DELETE"]
    assert deletes == [f"/{old}"]  # the serving index and a younger (maybe running) fill are kept
    assert engine._target == (f"vanban-documents-v{version}", f"vanban-clauses-v{version}")


def test_create_completes_a_half_created_pair(node):
    need_analysis()
    node.routes["/_alias/"] = (200, {"vanban-documents-v1": {"aliases": {"vanban-documents": {}}}})
    node.routes["PUT -clauses-v"] = (200, {"acknowledged": True})
    ElasticsearchEngine(es_settings(node.url), create=True)
    puts = [path for method, path in node.requests if method == "PUT"]
    assert len(puts) == 1 and puts[0].startswith("/vanban-clauses-v")


def test_auto_match_asks_again_with_any_only_when_all_finds_nothing(node):
    empty = {"took": 1, "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}, "aggregations": {}}
    node.routes["/vanban-documents/_search"] = (200, empty)
    engine = ElasticsearchEngine(es_settings(node.url))
    assert engine.issuer_names().empty  # read once (one more _search), then reused for a while

    def searches(**kw) -> tuple[int, bool]:
        before = len(node.requests)
        response = engine.search(SearchRequest(q=kw.pop("q", "phạt tù chiếm đoạt di vật"), **kw))
        return sum(path.endswith("/_search") for _, path in node.requests[before:]), response.relaxed

    # each run is two searches: the copies probe (copies.py), then the page
    assert searches() == (4, True)  # auto: all, then any
    assert searches(match="all") == (2, False)
    assert searches(match="any") == (2, False)
    assert searches(q="phạt") == (2, False)  # one word: nothing to relax
    assert searches(q="phạt tù bao nhiêu năm?") == (2, True)  # a question: any at once


def test_both_engines_build_the_same_hit_through_the_service(node, tmp_path):
    # the service builds a hit (snippets from the original text, escaped) from what either engine found
    from indexer.engines.es_requests import payload_of
    from indexer.engines.tantivy_engine import TantivyEngine

    text = "Về phòng chống dịch. 1. Thực hiện <mục tiêu kép> ở các sở. 2. Theo dõi diễn biến hằng ngày."
    doc = Document(id="d1", source="src/d1.txt", content_hash="h", text=text, number="628/UBND-VX")
    for path in ("1", "2"):
        start = text.index(f"{path}. ")
        end = text.index("2. ") if path == "1" else len(text)
        doc.clauses.append(
            Clause(path=path, label=f"{path}.", start=start, end=end, level=1, text=text[start:end])
        )
    request = SearchRequest(q="muc tieu kep", with_facets=False)
    local = TantivyEngine(tmp_path / "index", segmenter="none", create=True)
    local.add([doc])
    local.commit()
    expected = local.search(request).hits
    local.close()
    source = {"payload": payload_of(doc), "id": "d1", "copy_group": "d1"}  # the copies probe reads both
    hit = {"_id": "d1", "_score": expected[0].score, "_source": source}
    page = {"took": 1, "hits": {"total": {"value": 1, "relation": "eq"}, "hits": [hit]}}
    clause = {
        "_source": {"path": "1", "label": "1.", "start": doc.clauses[0].start, "end": doc.clauses[0].end}
    }
    node.routes["/vanban-documents/_search"] = (200, page)
    node.routes["/_msearch"] = (200, {"responses": [{"hits": {"hits": [clause]}}]})
    found = ElasticsearchEngine(es_settings(node.url)).search(request).hits
    assert found == expected
    assert (
        "<mark>mục tiêu kép</mark>" in found[0].clauses[0].snippet and "&lt;" in found[0].clauses[0].snippet
    )
