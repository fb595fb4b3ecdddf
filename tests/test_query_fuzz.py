"""Hostile queries against the real app and index: never a 5xx, always the JSON error shape on 4xx."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzers.query import parse_query
from indexer.engines import open_engine
from indexer.engines.base import SearchRequest

PIECES = [
    '"',
    '"',
    "'",
    ":",
    "(",
    ")",
    "/",
    "\\",
    "*",
    "-",
    "--",
    "OR",
    "AND",
    "NOT",
    "so:",
    "so:172-TB/TW",
    "+",
    "~",
    "^",
    "[",
    "]",
    "{",
    "}",
    "<script>",
    "&amp;",
    "%",
    "%00",
    "\x00",
    "\x1b[31m",
    "\u200b",
    "\ufeff",
    "\u0301",
    "Ð",
    "đ",
    "uỷ",
    "ủy",
    "mục",
    "tiêu",
    "kép",
    "muc",
    "tieu",
    "kep",
    "5K",
    "F0",
    "COVID-19",
    "628/UBND-VX",
    "ngày 29/3/2020",
    " ",
    "  ",
    "\t",
    "\n",
    "🙂",
    "𝔘",
    "\ud7ff",
    "x" * 300,
    "ỦY BAN",
    "Điện Biên",
    "*:*",
]
PARAMS = [
    "issuer",
    "province",
    "province_current",
    "type",
    "signer",
    "year",
    "month",
    "from",
    "to",
    "sort",
    "page",
    "per_page",
]


def hostile_queries(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = ["", '"', '"""', "x" * 10_000, "\x00" * 50, ":" * 500, "(" * 200, "-" * 100, "OR " * 300]
    while len(out) < n:
        k = rng.randint(1, 12)
        out.append("".join(rng.choice(PIECES) + rng.choice(["", " "]) for _ in range(k)))
    return out


@pytest.fixture(scope="module")
def client(sample_index):
    from search_app import create_app

    app = create_app({"SETTINGS": sample_index, "TESTING": True})
    return app.test_client()


@pytest.mark.slow
def test_ten_thousand_hostile_queries_never_5xx(client):
    rng = random.Random(11)
    failures = []
    for n, query in enumerate(hostile_queries(10_000)):
        params = {"q": query}
        if n % 5 == 0:  # hostile parameter values too
            params[rng.choice(PARAMS)] = rng.choice(PIECES)
        response = client.get("/api/search", query_string=params)
        if response.status_code >= 500:
            failures.append((query[:80], response.status_code))
        elif response.status_code >= 400:
            body = response.get_json()
            assert body["ok"] is False and body["error"]["status"] == response.status_code
        if len(failures) > 5:
            break
    assert failures == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_any_text_parses_and_searches(sample_index, text):
    parsed = parse_query(text)
    assert all(t.text for t in parsed.positive_terms())
    engine = _engine(sample_index)
    response = engine.search(SearchRequest(q=text, with_facets=False))
    assert response.total >= 0


_ENGINES = {}


def _engine(settings):
    if settings.index_dir not in _ENGINES:
        _ENGINES[settings.index_dir] = open_engine(settings)
    return _ENGINES[settings.index_dir]
