"""The JSON API: search, documents, exports, OpenAPI description, health.

Every 4xx/5xx answers with one shape: {"ok": false, "error": {"status", "code", "message"}}.
`response_json` is pure so `vanban search --json` prints exactly what /api/search returns.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import os
from collections.abc import Iterator

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context

from analyzers.numbers import number_key
from indexer.engines.base import Hit, SearchRequest, SearchResponse
from indexer.errors import NotFound, QueryError
from indexer.model import DOC_ID, Document
from search_app import get_engine, run_search
from search_app.params import MAX_PAGE, request_from_args

bp = Blueprint("api", __name__)

DOCUMENT_URL = "/van-ban/{id}"
EXPORT_PAGE = 100
CSV_COLUMNS = (
    "id",
    "number",
    "doc_type",
    "issuer",
    "province",
    "province_current",
    "issued",
    "issued_precision",
    "subject",
    "signer",
    "clauses",
    "copies",
    "source",
    "url",
)


def error_json(status: int, code: str, message: str):
    body = {"ok": False, "error": {"status": status, "code": code, "message": message}}
    return jsonify(body), status


def document_url(doc_id: str) -> str:
    return DOCUMENT_URL.format(id=doc_id)


def hit_json(hit: Hit) -> dict:
    return {
        "id": hit.id,
        "url": document_url(hit.id),
        "score": round(hit.score, 4),
        "number": hit.number,
        "doc_type": hit.doc_type,
        "issuer": hit.issuer,
        "province": hit.province,
        "province_current": hit.province_current,
        "issued": hit.issued,
        "issued_precision": hit.issued_precision,
        "source": hit.source,
        "subject": hit.subject,
        "signer": hit.signer,
        "title": hit.title,
        "snippet": hit.snippet,
        "clauses": [
            {"path": c.path, "label": c.label, "anchor": c.anchor, "snippet": c.snippet} for c in hit.clauses
        ],
        "copies": list(hit.copies),
    }


def request_json(request_: SearchRequest) -> dict:
    return {
        "q": request_.q,
        "filters": {k: list(v) for k, v in request_.filters.items() if v},
        "from": request_.date_from,
        "to": request_.date_to,
        "sort": request_.sort,
        "match": request_.match,
        "scope": request_.scope,
        "page": request_.page,
        "per_page": request_.per_page,
    }


def response_json(response: SearchResponse, request: SearchRequest) -> dict:
    """The body of /api/search (also `vanban search --json`)."""
    pages = min(MAX_PAGE, math.ceil(response.total / request.per_page)) if request.per_page else 0
    return {
        "ok": True,
        "query": request_json(request),
        "total": response.total,
        "total_relation": response.total_relation,
        "page": request.page,
        "per_page": request.per_page,
        "pages": pages,
        "took_ms": response.took_ms,
        "redirect_id": response.redirect_id,
        "redirect_url": document_url(response.redirect_id) if response.redirect_id else "",
        "relaxed": response.relaxed,
        "issuers": response.issuers,
        "hits": [hit_json(h) for h in response.hits],
        "facets": {
            name: [{"value": f.value, "count": f.count, "selected": f.selected} for f in values]
            for name, values in response.facets.items()
        },
        "facets_estimated": response.facets_estimated,
    }


@bp.get("/api/search")
def search():
    search_request = request_from_args(request.args, strict=True)
    response = run_search(search_request)
    return jsonify(response_json(response, search_request))


def get_document(doc_id: str) -> Document:
    """The document with this id or NotFound (ids are validated before they reach the engine)."""
    if not DOC_ID.fullmatch(doc_id or ""):
        raise NotFound(f"no document with id {doc_id[:40]!r}")
    doc = get_engine().get(doc_id)
    if doc is None:
        raise NotFound(f"no document with id {doc_id!r}")
    return doc


def _brief(doc: Document) -> dict:
    return {
        "id": doc.id,
        "url": document_url(doc.id),
        "number": doc.number,
        "doc_type": doc.doc_type,
        "issuer": doc.issuer,
        "issued": doc.issued,
        "issued_precision": doc.issued_precision,
        "subject": doc.subject,
        "source": doc.source,
    }


def document_relations(doc: Document) -> dict:
    """What the document cites (resolved to indexed ids), what cites it, its copies and attachments."""
    engine = get_engine()
    cites = []
    for cite in doc.cites:
        key = cite.number_key or number_key(cite.number)
        ids = [i for i in engine.find_by_number(key) if i != doc.id] if key else []
        cites.append({**cite.__dict__, "ids": ids, "urls": [document_url(i) for i in ids]})
    cited_by = engine.cited_by(doc.number_key) if doc.number_key else []
    related = {}
    for name in ("copies", "attachments"):
        found = [engine.get(i) for i in getattr(doc, name)]
        related[name] = [_brief(d) for d in found if d is not None]
    parent = engine.get(doc.attached_to) if doc.attached_to else None
    return {
        "cites": cites,
        "cited_by": [_brief(d) for d in cited_by if d.id != doc.id],
        "copies": related["copies"],
        "attachments": related["attachments"],
        "attached_to": _brief(parent) if parent else None,
    }


@bp.get("/api/documents/<doc_id>")
def document(doc_id: str):
    doc = get_document(doc_id)
    body = doc.to_dict()
    body.update(document_relations(doc))
    body["url"] = document_url(doc.id)
    body["source_url"] = document_url(doc.id) + "/nguon"
    return jsonify({"ok": True, "document": body})


# -- exports ---------------------------------------------------------------------------------------


def _export_limit() -> int:
    cap = int(current_app.config.get("EXPORT_MAX", 1000))
    raw = request.args.get("limit", "").strip()
    if not raw:
        return cap
    # isdigit() alone accepts '²' and other digits int() refuses: ASCII digits only
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= cap:
        raise QueryError(f"limit must be a whole number from 1 to {cap}")
    return int(raw)


def _export_hits(search_request: SearchRequest, limit: int) -> Iterator[tuple[int, Hit]]:
    """(total, hit) for up to `limit` hits, page by page, so nothing holds the whole set."""
    engine = get_engine()
    sent, page = 0, 1
    while sent < limit:
        # every field of the asked search (scope included) carries over; only paging and extras change
        page_request = dataclasses.replace(
            search_request, page=page, per_page=EXPORT_PAGE, with_facets=False, clauses_per_hit=1
        )
        response = engine.search(page_request)
        if not response.hits:
            return
        for hit in response.hits[: limit - sent]:
            yield response.total, hit
            sent += 1
        if page * EXPORT_PAGE >= response.total:
            return
        page += 1


def _csv_cell(value: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet; a journalist's export must stay data.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_row(values) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_csv_cell(str(v)) for v in values])
    return buffer.getvalue()


def _export_name(extension: str) -> str:
    return f'attachment; filename="vanban-ket-qua.{extension}"'


@bp.get("/api/export.csv")
def export_csv():
    search_request = request_from_args(request.args, strict=True)
    limit = _export_limit()
    search_request.page = 1

    def rows() -> Iterator[str]:
        yield "\ufeff" + _csv_row(CSV_COLUMNS)  # BOM: spreadsheets then read the Vietnamese right
        for _, hit in _export_hits(search_request, limit):
            data = hit_json(hit)
            data["clauses"] = " ".join(c["path"] for c in data["clauses"])
            data["copies"] = " ".join(data["copies"])
            yield _csv_row(data[c] for c in CSV_COLUMNS)

    return Response(
        stream_with_context(rows()),
        mimetype="text/csv",
        headers={"Content-Disposition": _export_name("csv")},
    )


@bp.get("/api/export.json")
def export_json():
    search_request = request_from_args(request.args, strict=True)
    limit = _export_limit()
    search_request.page = 1
    head = {"ok": True, "query": request_json(search_request), "limit": limit}

    def chunks() -> Iterator[str]:
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "hits": ['
        count, total = 0, 0
        for seen_total, hit in _export_hits(search_request, limit):
            total = seen_total
            yield ("," if count else "") + "\n" + json.dumps(hit_json(hit), ensure_ascii=False)
            count += 1
        yield f'\n], "exported": {count}, "total": {total}}}\n'

    return Response(
        stream_with_context(chunks()),
        mimetype="application/json",
        headers={"Content-Disposition": _export_name("json")},
    )


@bp.get("/api/openapi.json")
def openapi():
    from search_app.openapi import openapi_document

    return jsonify(openapi_document())


@bp.get("/healthz")
def healthz():
    try:
        stats = get_engine().stats()
    except Exception as exc:  # health must answer, whatever the engine does
        status = 503
        code = getattr(exc, "code", "engine_unavailable")
        return error_json(status, code, str(exc) or exc.__class__.__name__)
    # pid: which worker process answered (`vanban serve --workers N` runs several)
    return jsonify(
        {
            "ok": True,
            "engine": stats.get("engine"),
            "documents": stats.get("documents", 0),
            "pid": os.getpid(),
        }
    )
