"""The HTML pages: search with facets, the document page, the original source file, error pages.

Views only gather data; every decision about URLs lives in `params`, every display format in
`format`, the document text rendering in `document_view`.
"""

from __future__ import annotations

import io
import math
import os
import re
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, current_app, redirect, render_template, request, send_file

from analyzers.fold import fold_diacritics
from analyzers.query import parse_query
from indexer.engines.base import SearchRequest, SearchResponse
from indexer.errors import NotFound
from indexer.model import safe_source
from indexer.source_check import indexed_source_bytes
from search_app import get_settings, run_search
from search_app.api import document_relations, document_url, get_document
from search_app.chain_view import chain_page_view
from search_app.document_view import clause_outline, render_text
from search_app.format import FACET_LABELS, SORT_LABELS, format_issued, format_month, relaxed_notice
from search_app.params import (
    MAX_PAGE,
    active_filters,
    clear_filters,
    has_filters,
    parse_args,
    remove_filter,
    to_pairs,
    toggle_filter,
    url_for_state,
    with_page,
    with_query,
    with_sort,
)

bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static", static_url_path="/static")

FACETS_SHOWN = 8  # values visible before "xem thêm"
TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".jsonl", ".json", ".html", ".htm"}


def _filter_label(key: str, value: str) -> str:
    if key == "year":
        return value
    if key == "month" and len(value) == 7:
        return f"{int(value[5:7])}/{value[:4]}"
    if key in ("from", "to"):
        return format_issued(value)
    if key == "type":
        return value[:1].upper() + value[1:]
    return value


def _facet_block(response: SearchResponse, search: SearchRequest, key: str, view: str) -> dict:
    values = []
    for fv in response.facets.get(key, []):
        values.append(
            {
                "value": fv.value,
                "label": _filter_label(key, fv.value),
                "count": fv.count,
                "selected": fv.selected,
                "url": url_for_state("/", toggle_filter(search, key, fv.value), view),
            }
        )
    # selected values first so a choice never hides behind "xem thêm"
    values.sort(key=lambda v: (not v["selected"], -v["count"], v["label"]))
    return {
        "key": key,
        "label": FACET_LABELS[key],
        "values": values[:FACETS_SHOWN],
        "more": values[FACETS_SHOWN:],
    }


def _step(count: int, top: int) -> int:
    """Bar length in twentieths (CSS classes w0…w20: no inline styles under our CSP)."""
    return round(20 * count / top) if top else 0


def _date_histogram(response: SearchResponse, search: SearchRequest, view: str) -> dict:
    years = [fv for fv in response.facets.get("year", []) if fv.value]
    top = max([fv.count for fv in years] or [1])
    selected_years = set(search.filters.get("year", []))
    shown_years = selected_years or ({years[0].value} if len(years) == 1 else set())
    year_rows = []
    for fv in sorted(years, key=lambda f: f.value, reverse=True):
        months = []
        if fv.value in shown_years:
            month_values = [m for m in response.facets.get("month", []) if m.value.startswith(fv.value + "-")]
            month_top = max([m.count for m in month_values] or [1])
            for m in sorted(month_values, key=lambda f: f.value):
                months.append(
                    {
                        "value": m.value,
                        "label": format_month(m.value),
                        "count": m.count,
                        "selected": m.selected,
                        "width": max(1, _step(m.count, month_top)),
                        "url": url_for_state("/", toggle_filter(search, "month", m.value), view),
                    }
                )
        year_rows.append(
            {
                "value": fv.value,
                "count": fv.count,
                "selected": fv.selected,
                "width": max(1, _step(fv.count, top)),
                "url": url_for_state("/", toggle_filter(search, "year", fv.value), view),
                "months": months,
            }
        )
    return {"years": year_rows, "from": search.date_from, "to": search.date_to}


def _pagination(search: SearchRequest, total: int, view: str) -> dict:
    pages = min(MAX_PAGE, max(1, math.ceil(total / search.per_page)))
    current = min(search.page, pages)
    window = sorted({1, pages, *range(max(1, current - 2), min(pages, current + 2) + 1)})
    items, previous = [], 0
    for number in window:
        if number - previous > 1:
            items.append({"gap": True})
        items.append(
            {
                "number": number,
                "current": number == current,
                "url": url_for_state("/", with_page(search, number), view),
            }
        )
        previous = number
    return {
        "pages": pages,
        "current": current,
        "items": items if pages > 1 else [],
        "prev": url_for_state("/", with_page(search, current - 1), view) if current > 1 else "",
        "next": url_for_state("/", with_page(search, current + 1), view) if current < pages else "",
    }


def _suggestions(search: SearchRequest, view: str) -> list[dict]:
    tips = []
    for key, value in active_filters(search):
        tips.append(
            {
                "text": f"Bỏ bộ lọc “{FACET_LABELS[key]}: {_filter_label(key, value)}”",
                "url": url_for_state("/", remove_filter(search, key, value), view),
            }
        )
    if has_filters(search):
        tips.append({"text": "Xoá tất cả bộ lọc", "url": url_for_state("/", clear_filters(search), view)})
    q = search.q
    if q and '"' in q:
        unquoted = " ".join(q.replace('"', " ").split())
        tips.append(
            {
                "text": f"Tìm các từ rời, không theo cụm: {unquoted}",
                "url": url_for_state("/", with_query(search, unquoted), view),
            }
        )
    folded = fold_diacritics(q)
    if q and folded != q:
        tips.append(
            {
                "text": f"Gõ không dấu để khớp mọi cách viết: {folded}",
                "url": url_for_state("/", with_query(search, folded), view),
            }
        )
    words = q.split()
    if len(words) > 3 and '"' not in q:
        shorter = " ".join(words[:3])
        tips.append(
            {
                "text": f"Dùng ít từ hơn: {shorter}",
                "url": url_for_state("/", with_query(search, shorter), view),
            }
        )
    return tips


@bp.get("/")
def search_page():
    state = parse_args(request.args, strict=False)
    search, view = state.request, state.province_view
    canonical = to_pairs(search, view)
    given = [(k, v) for k, v in request.args.items(multi=True) if k != "list"]
    if not state.problems and sorted(given) != sorted(canonical):
        # one URL per state: forms send empty fields and dates as typed (1/2021); links share clean URLs
        extra = [("list", "1")] if "list" in request.args else []
        return redirect("/?" + urlencode(canonical + extra) if canonical or extra else "/", code=302)
    response = run_search(search)
    if response.redirect_id and search.page == 1 and not has_filters(search) and "list" not in request.args:
        return redirect(document_url(response.redirect_id) + "?" + urlencode({"tu": search.q}), code=302)
    province_key = "province_current" if view == "current" else "province"
    facets = [_facet_block(response, search, key, view) for key in ("type", "issuer", province_key, "signer")]
    chips = [
        {
            "label": f"{FACET_LABELS[key]}: {_filter_label(key, value)}",
            "url": url_for_state("/", remove_filter(search, key, value), view),
        }
        for key, value in active_filters(search)
    ]
    hidden = [(k, v) for k, v in to_pairs(search, view) if k not in ("q", "page", "sort")]
    hidden_dates = [(k, v) for k, v in hidden if k not in ("from", "to")]
    return render_template(
        "search.html",
        search=search,
        response=response,
        view=view,
        facets=facets,
        histogram=_date_histogram(response, search, view),
        chips=chips,
        clear_url=url_for_state("/", clear_filters(search), view) if chips else "",
        pagination=_pagination(search, response.total, view),
        hidden=hidden,
        hidden_dates=hidden_dates,
        sorts=[
            {
                "value": s,
                "label": label,
                "selected": s == search.sort,
                "url": url_for_state("/", with_sort(search, s), view),
            }
            for s, label in SORT_LABELS.items()
        ],
        view_urls={v: url_for_state("/", _switch_province(search, v), v) for v in ("issued", "current")},
        suggestions=_suggestions(search, view) if response.total == 0 else [],
        export_qs=urlencode([(k, v) for k, v in to_pairs(search) if k not in ("page", "per_page")]),
        problems=state.problems,
        relaxed_notice=relaxed_notice(response),
        named_issuers=[
            {"name": name, "url": url_for_state("/", toggle_filter(search, "issuer", name), view)}
            for name in response.issuers
            if name not in search.filters.get("issuer", [])
        ],
        doc_q=urlencode({"q": search.q}) if search.q else "",
    )


def _switch_province(search: SearchRequest, view: str) -> SearchRequest:
    """Switching the province view drops the other view's province filter (it would hide otherwise)."""
    other = "province" if view == "current" else "province_current"
    return remove_filter(search, other)


@bp.get("/van-ban/<doc_id>")
def document_page(doc_id: str):
    doc = get_document(doc_id)
    q = " ".join((request.args.get("q") or "").split())[:500]
    parsed = parse_query(q) if q else None
    rendered = render_text(doc, parsed)
    relations = document_relations(doc)
    came_from = (request.args.get("tu") or "")[:200]
    return render_template(
        "document.html",
        doc=doc,
        text=rendered.html,
        matches=rendered.matches,
        more_matches=rendered.more,
        layout=rendered.layout,
        q=q,
        outline=clause_outline(doc),
        relations=relations,
        chain=chain_page_view(doc),
        came_from=came_from,
        list_url="/?" + urlencode({"q": came_from, "list": "1"}) if came_from else "",
        back_url="/?" + urlencode({"q": q}) if q else "/",
        source_url=document_url(doc.id) + "/nguon",
        source_available=_source_path(doc.source) is not None,
    )


def _source_path(source: str) -> Path | None:
    """The on-disk file an indexed document came from, if this server can see it.

    Only sources recorded in the index reach here (looked up by document id), never a path taken
    from the URL, so the route cannot be turned into a file browser.
    """
    if not source:
        return None
    path = Path(source)
    roots = [current_app.config.get("SOURCE_ROOT"), os.getcwd()]
    candidates = [path] if path.is_absolute() else [Path(r) / path for r in roots if r]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


@bp.get("/van-ban/<doc_id>/nguon")
def source_file(doc_id: str):
    doc = get_document(doc_id)
    path = _source_path(doc.source)
    if path is None:
        raise NotFound(f"the source file of {doc_id} is not available on this server")
    settings = get_settings()
    limit = settings.max_file_mb * 1024 * 1024
    data = indexed_source_bytes(path, doc.content_hash, settings.index_dir, limit)
    if data is None:  # replaced, moved out of the indexed folders, or a symlink to elsewhere
        raise NotFound(f"the source file of {doc_id} has changed since it was indexed")
    inline = path.suffix.lower() in TEXT_SUFFIXES
    return send_file(
        io.BytesIO(data),
        mimetype="text/plain" if inline else None,  # werkzeug adds "; charset=utf-8" to text/*
        as_attachment=not inline,
        # a file name may hold a line break or bytes that are not UTF-8: neither may reach a header
        download_name=re.sub(r"[\x00-\x1f\x7f]", "_", safe_source(path.name)),
        max_age=0,
    )


ERROR_TITLES = {
    400: "Yêu cầu chưa hợp lệ",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    422: "Không đọc được tệp",
    500: "Đã có lỗi",
    503: "Máy tìm kiếm chưa sẵn sàng",
}


def error_page(status: int, code: str, message: str):
    title = ERROR_TITLES.get(status, "Đã có lỗi")
    hint = ""
    if code == "index_missing":
        title = "Chưa có chỉ mục"
        hint = "Hãy lập chỉ mục trước: vanban index samples/ (hoặc thư mục văn bản của bạn)."
    return render_template(
        "error.html", status=status, code=code, title=title, message=message, hint=hint
    ), status
