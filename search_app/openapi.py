"""The OpenAPI 3.1 description of the JSON API (data; tests pin it against the real responses)."""

from __future__ import annotations

from indexer.engines.base import FACETS, MATCH_MODES, SCOPES, SORTS
from search_app.params import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE


def _string(description: str = "", **extra) -> dict:
    schema = {"type": "string", **extra}
    if description:
        schema["description"] = description
    return schema


_ARRAY_OF_STRINGS = {"type": "array", "items": {"type": "string"}}

SEARCH_PARAMETERS = [
    {
        "name": "q",
        "in": "query",
        "schema": _string(
            'Query: words are ANDed; a word typed without diacritics matches every accented form; "…" is an '
            "exact phrase; -word excludes; OR joins alternatives; so:172-TB/TW or a bare number names "
            "a document."
        ),
    },
    *[
        {
            "name": key,
            "in": "query",
            "style": "form",
            "explode": True,
            "schema": _ARRAY_OF_STRINGS,
            "description": f"Filter on {key}; repeat for several values (OR within a facet, AND across).",
        }
        for key in FACETS
    ],
    {
        "name": "from",
        "in": "query",
        "schema": _string("Issued on or after: 2021, 2021-09, 2021-09-12 or 12/9/2021."),
    },
    {"name": "to", "in": "query", "schema": _string("Issued on or before (inclusive, same formats).")},
    {"name": "sort", "in": "query", "schema": _string(enum=list(SORTS), default="relevance")},
    {
        "name": "match",
        "in": "query",
        "schema": _string(
            "all: every word must match; any: a share of the words is enough (questions in plain "
            "language), documents with more of them, typed together, first; auto: all, then any when "
            "all finds nothing, and any at once for a question typed in plain words (ending with ? or "
            "holding an interrogative such as bao nhiêu, thế nào, là gì; 4 or more words, none quoted or "
            "excluded); the response then says relaxed: true.",
            enum=list(MATCH_MODES),
            default="auto",
        ),
    },
    {
        "name": "scope",
        "in": "query",
        "schema": _string(
            "Where the words are looked for: all = the whole document (full text, title, number, issuer, "
            "signer); subject = the title and trích yếu only. A query starting with `trichyeu:` (also "
            "`trích yếu:`) asks for subject as well.",
            enum=list(SCOPES),
            default="all",
        ),
    },
    {
        "name": "page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    },
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
    },
]

_CLAUSE = {
    "type": "object",
    "required": ["path", "label", "anchor", "snippet"],
    "properties": {
        "path": _string("Clause path, e.g. 2.2 or Điều 5.2.a"),
        "label": _string("The clause marker as printed"),
        "anchor": _string("Fragment id of the clause on the document page"),
        "snippet": _string("HTML: escaped original text with <mark> around matches"),
    },
}

HIT_FIELDS = [
    "id",
    "url",
    "score",
    "number",
    "doc_type",
    "issuer",
    "province",
    "province_current",
    "issued",
    "issued_precision",
    "source",
    "subject",
    "signer",
    "title",
    "snippet",
    "clauses",
    "copies",
]

_HIT = {
    "type": "object",
    "required": HIT_FIELDS,
    "properties": {
        **{name: _string() for name in HIT_FIELDS},
        "score": {"type": "number"},
        "issued": _string("ISO date cut to its precision: 2020-03-29, 2021-09, 2021 or empty"),
        "issued_precision": _string(enum=["day", "month", "year", "unknown"]),
        "snippet": _string("HTML snippet from the document text when no clause matched"),
        "clauses": {"type": "array", "items": _CLAUSE},
        "copies": {**_ARRAY_OF_STRINGS, "description": "Ids of other files holding the same document"},
    },
}

_FACET_VALUE = {
    "type": "object",
    "required": ["value", "count", "selected"],
    "properties": {"value": _string(), "count": {"type": "integer"}, "selected": {"type": "boolean"}},
}

SEARCH_FIELDS = [
    "ok",
    "query",
    "total",
    "total_relation",
    "page",
    "per_page",
    "pages",
    "took_ms",
    "redirect_id",
    "redirect_url",
    "relaxed",
    "issuers",
    "hits",
    "facets",
    "facets_estimated",
]

_SEARCH_RESPONSE = {
    "type": "object",
    "required": SEARCH_FIELDS,
    "properties": {
        "ok": {"const": True},
        "query": {"type": "object"},
        "total": {"type": "integer"},
        "total_relation": {
            "enum": ["eq", "gte"],
            "description": "gte: more matches than `total` (counting stops there, as in Elasticsearch)",
        },
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "pages": {"type": "integer"},
        "took_ms": {"type": "number"},
        "redirect_id": _string("Set when the query is a document number naming exactly one document"),
        "redirect_url": _string(),
        "relaxed": {
            "type": "boolean",
            "description": "match=auto shows documents holding a share of the words: no document "
            "held every word, or the query reads as a question (8 or more plain words)",
        },
        "issuers": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Issuers whose whole name the query spells (`ubnd tinh binh thuan`): their "
            "documents are ranked first; each is a value of the issuer facet",
        },
        "hits": {"type": "array", "items": _HIT},
        "facets_estimated": {
            "type": "boolean",
            "description": "true: the facet counts are estimates from a fixed sample of the matches "
            "(more matches than the exact-count threshold, 10,000); `total` stays exact",
        },
        "facets": {
            "type": "object",
            "description": "Disjunctive counts: a facet's own selection does not narrow its own counts",
            "properties": {key: {"type": "array", "items": _FACET_VALUE} for key in FACETS},
        },
    },
}

_CHAIN_NODE = {
    "type": "object",
    "required": ["key", "id", "url", "number", "level", "branch", "depth", "direction", "missing"],
    "properties": {
        "key": _string("The document id, or so:<number key> for a cited document that is not indexed"),
        "id": {"type": ["string", "null"]},
        "url": _string("The document page, or a search for the number when missing"),
        "number": _string(),
        "doc_type": _string(),
        "issuer": _string(),
        "issued": _string(),
        "issued_precision": _string(enum=["day", "month", "year", "unknown"]),
        "subject": _string(),
        "level": _string(enum=["central", "province", "local", "unknown"]),
        "branch": _string(enum=["party", "state", "unknown"]),
        "depth": {"type": "integer", "description": "< 0 above (cited), 0 the document, > 0 below"},
        "direction": _string(enum=["up", "self", "down"]),
        "missing": {"type": "boolean"},
    },
}

_CHAIN = {
    "type": "object",
    "required": ["ok", "root", "nodes", "edges", "truncated", "limits"],
    "properties": {
        "ok": {"const": True},
        "root": _string("Id of the document asked for"),
        "nodes": {"type": "array", "items": _CHAIN_NODE},
        "edges": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["from", "to", "relation", "cycle"],
                "properties": {
                    "from": _string("Key of the citing (implementing) document"),
                    "to": _string("Key of the cited document"),
                    "relation": _string("thực hiện, căn cứ, theo, kèm theo or empty"),
                    "cycle": {"type": "boolean"},
                },
            },
        },
        "truncated": {"type": "boolean"},
        "limits": {"type": "object"},
        "cycles": {"type": "integer"},
        "missing": {"type": "integer"},
    },
}

_ERROR = {
    "type": "object",
    "required": ["ok", "error"],
    "properties": {
        "ok": {"const": False},
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {"status": {"type": "integer"}, "code": _string(), "message": _string()},
        },
    },
}


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": schema_ref}}}}


_ERRORS = {
    "400": _json("#/components/schemas/Error", "Bad parameter"),
    "404": _json("#/components/schemas/Error", "Not found, or no index yet"),
    "503": _json("#/components/schemas/Error", "Engine unavailable"),
}


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "vanban — tìm kiếm văn bản hành chính",
            "version": "1",
            "description": "Full-text search over Vietnamese official documents, with facets.",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Search documents",
                    "parameters": SEARCH_PARAMETERS,
                    "responses": {"200": _json("#/components/schemas/SearchResponse", "Results"), **_ERRORS},
                }
            },
            "/api/documents/{id}": {
                "get": {
                    "summary": "One document with its text, clauses, citations (resolved) and copies",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": _string()}],
                    "responses": {
                        "200": {
                            "description": "The document",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "object", "required": ["ok", "document"]}
                                }
                            },
                        },
                        **_ERRORS,
                    },
                }
            },
            "/api/documents/{id}/chain": {
                "get": {
                    "summary": "The chain of instructions (chuỗi chỉ đạo) around one document",
                    "description": "Every indexed document this one implements or cites, transitively "
                    "(depth < 0), and every one that implements or cites it (depth > 0), with each "
                    "issuer's level (central, province, local = district/commune) and branch (party, "
                    "state). A cited number no indexed document carries is a node with missing: true; "
                    "an edge closing a loop has cycle: true. Bounded: at most limits.depth steps each "
                    "way and limits.nodes nodes (truncated says when the bound cut it).",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": _string()}],
                    "responses": {
                        "200": _json("#/components/schemas/Chain", "The chain"),
                        **_ERRORS,
                    },
                }
            },
            "/api/export.csv": {
                "get": {
                    "summary": "Export a result set as CSV (streamed, capped)",
                    "parameters": SEARCH_PARAMETERS
                    + [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
                    "responses": {
                        "200": {"description": "CSV, UTF-8 with BOM", "content": {"text/csv": {}}},
                        **_ERRORS,
                    },
                }
            },
            "/api/export.json": {
                "get": {
                    "summary": "Export a result set as JSON (streamed, capped)",
                    "parameters": SEARCH_PARAMETERS
                    + [{"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
                    "responses": {
                        "200": {
                            "description": "{query, limit, hits[], exported, total}",
                            "content": {"application/json": {}},
                        },
                        **_ERRORS,
                    },
                }
            },
            "/feed.atom": {
                "get": {
                    "summary": "Atom 1.0 feed of a search: the search page's parameters, newest first",
                    "description": "Same parameters and the same reading of them as the search page "
                    "(`/?…`); the order is always newest first (issue date, then the time the document "
                    "was indexed), `sort` and `page` are ignored, `per_page` is capped at 50 (default "
                    "20). Each entry: number, type, issuer, date, subject, the best clause snippet and "
                    "a link to the document page.",
                    "parameters": [p for p in SEARCH_PARAMETERS if p["name"] not in ("sort", "page")],
                    "responses": {
                        "200": {"description": "Atom 1.0 (RFC 4287)", "content": {"application/atom+xml": {}}}
                    },
                }
            },
            "/api/openapi.json": {
                "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1"}}}
            },
            "/healthz": {
                "get": {
                    "summary": "Health: the engine answers",
                    "responses": {
                        "200": {"description": "{ok, engine, documents}"},
                        "503": _json("#/components/schemas/Error", "Engine unavailable"),
                    },
                }
            },
        },
        "components": {
            "schemas": {"SearchResponse": _SEARCH_RESPONSE, "Hit": _HIT, "Error": _ERROR, "Chain": _CHAIN}
        },
    }
