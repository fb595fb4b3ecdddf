"""An Atom 1.0 feed for every search: `/feed.atom?` + the search page's own parameters.

The query string is read by `params.parse_args`, the same code as the page, so a feed and its page
cannot disagree about what is asked; only the order (newest first: issue date, then indexing time)
and the size (at most FEED_MAX_ENTRIES) are the feed's own. `atom_feed` is pure: entries in, XML
text out, every piece of text XML-escaped and stripped of characters XML 1.0 forbids, so a hostile
subject cannot break the document.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from html import escape as html_escape
from urllib.parse import urlencode
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from flask import Blueprint, Response, request

from indexer.engines.base import Hit, SearchRequest
from search_app import run_search
from search_app.format import FACET_LABELS, capitalize_first, clause_label, format_issued, safe_snippet
from search_app.params import active_filters, parse_args, to_pairs

bp = Blueprint("feed", __name__)

FEED_PATH = "/feed.atom"
FEED_MAX_ENTRIES = 50  # a feed reader polls often: it needs the newest, never the archive
FEED_DEFAULT_ENTRIES = 20
MAX_TITLE_CHARS = 300
ATOM_TYPE = "application/atom+xml; charset=utf-8"
# Characters XML 1.0 does not allow anywhere, not even escaped (control bytes, lone surrogates, U+FFFE/F)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
VIETNAM_OFFSET = "+07:00"  # issue dates are local dates


@dataclass
class FeedEntry:
    """One entry, already in display terms; `url` is absolute."""

    id: str
    url: str
    title: str
    updated: str  # RFC 3339
    published: str = ""
    author: str = ""
    categories: list[str] = field(default_factory=list)
    summary_html: str = ""


@dataclass
class Feed:
    id: str
    title: str
    self_url: str
    page_url: str
    updated: str
    entries: list[FeedEntry]
    subtitle: str = ""


def xml_text(value: str) -> str:
    return xml_escape(_NOT_XML.sub("", value or ""))


def xml_attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value or ""))


def _cut(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def rfc3339_of_issued(issued: str) -> str:
    """A day-precise issue date as the start of that day in Vietnam; coarser dates give ''."""
    return f"{issued}T00:00:00{VIETNAM_OFFSET}" if len(issued or "") == 10 else ""


def entry_title(hit: Hit) -> str:
    kind = capitalize_first(hit.doc_type or "văn bản")
    number = f"số {hit.number}" if hit.number else "không số"
    subject = hit.subject or hit.title or "(không có trích yếu)"
    return _cut(f"{kind} {number}: {subject}", MAX_TITLE_CHARS)


def entry_summary(hit: Hit) -> str:
    """HTML (escaped here; the XML writer escapes it once more, as Atom's type="html" wants)."""
    meta = " · ".join(
        html_escape(part)
        for part in (
            capitalize_first(hit.doc_type or "văn bản") + (f" số {hit.number}" if hit.number else ""),
            hit.issuer,
            format_issued(hit.issued, hit.issued_precision),
        )
        if part
    )
    parts = [f"<p>{meta}</p>"]
    if hit.subject:
        parts.append(f"<p>{html_escape(_cut(hit.subject, 1000))}</p>")
    if hit.clauses:
        best = hit.clauses[0]
        parts.append(f"<p><b>{html_escape(clause_label(best.path))}</b>: {safe_snippet(best.snippet)}</p>")
    elif hit.snippet:
        parts.append(f"<p>{safe_snippet(hit.snippet)}</p>")
    return "".join(parts)


def entry_of(hit: Hit, base_url: str, doc_q: str, fallback_updated: str) -> FeedEntry:
    page = f"{base_url}/van-ban/{hit.id}"
    published = rfc3339_of_issued(hit.issued)
    return FeedEntry(
        id=page,
        url=page + (f"?{doc_q}" if doc_q else ""),
        title=entry_title(hit),
        updated=hit.indexed_at or published or fallback_updated,
        published=published,
        author=hit.issuer,
        categories=[c for c in (hit.doc_type, hit.province) if c],
        summary_html=entry_summary(hit),
    )


def atom_feed(feed: Feed) -> str:
    """The Atom 1.0 document (RFC 4287) of a feed."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
        f"<id>{xml_text(feed.id)}</id>",
        f"<title>{xml_text(feed.title)}</title>",
    ]
    if feed.subtitle:
        out.append(f"<subtitle>{xml_text(feed.subtitle)}</subtitle>")
    out += [
        f"<updated>{xml_text(feed.updated)}</updated>",
        f'<link rel="self" type="application/atom+xml" href={xml_attr(feed.self_url)}/>',
        f'<link rel="alternate" type="text/html" href={xml_attr(feed.page_url)}/>',
        "<author><name>vanban</name></author>",
        "<generator>vanban</generator>",
    ]
    for entry in feed.entries:
        out.append("<entry>")
        out.append(f"<id>{xml_text(entry.id)}</id>")
        out.append(f"<title>{xml_text(entry.title)}</title>")
        out.append(f'<link rel="alternate" type="text/html" href={xml_attr(entry.url)}/>')
        out.append(f"<updated>{xml_text(entry.updated)}</updated>")
        if entry.published:
            out.append(f"<published>{xml_text(entry.published)}</published>")
        if entry.author:
            out.append(f"<author><name>{xml_text(entry.author)}</name></author>")
        out.extend(f"<category term={xml_attr(c)}/>" for c in entry.categories)
        out.append(f'<summary type="html">{xml_text(entry.summary_html)}</summary>')
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


def feed_title(search: SearchRequest) -> str:
    asked = [f"“{search.q}”"] if search.q else []
    asked += [f"{FACET_LABELS.get(k, k)}: {v}" for k, v in active_filters(search)]
    return _cut("vanban — " + (" · ".join(asked) if asked else "văn bản mới"), MAX_TITLE_CHARS)


def feed_request(args) -> tuple[SearchRequest, str]:
    """The search a feed URL asks (read leniently, like the page) and its province view."""
    state = parse_args(args, strict=False)
    wanted = state.request.per_page if "per_page" in args else FEED_DEFAULT_ENTRIES
    search = replace(
        state.request,
        sort="date_desc",
        page=1,
        per_page=max(1, min(FEED_MAX_ENTRIES, wanted)),
        with_facets=False,
        clauses_per_hit=1,
    )
    return search, state.province_view


def _now_rfc3339() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def build_feed(search: SearchRequest, hits: list[Hit], base_url: str, view: str = "issued") -> Feed:
    # the feed's own URL never carries the order or the page: those are the feed's, not the search's
    pairs = [(k, v) for k, v in to_pairs(search, view) if k not in ("sort", "page", "per_page")]
    if search.per_page != FEED_DEFAULT_ENTRIES:
        pairs.append(("per_page", str(search.per_page)))
    query = urlencode(pairs)
    page_pairs = [(k, v) for k, v in pairs if k != "per_page"] + [("sort", "date_desc")]
    self_url = f"{base_url}{FEED_PATH}" + (f"?{query}" if query else "")
    now = _now_rfc3339()
    doc_q = urlencode({"q": search.q}) if search.q else ""
    entries = [entry_of(hit, base_url, doc_q, now) for hit in hits]
    return Feed(
        id=self_url,
        title=feed_title(search),
        subtitle="Văn bản mới nhất theo ngày ban hành, rồi theo thời điểm đưa vào chỉ mục",
        self_url=self_url,
        page_url=f"{base_url}/?{urlencode(page_pairs)}",
        updated=max((e.updated for e in entries), default=now),
        entries=entries,
    )


@bp.get(FEED_PATH)
def feed():
    search, view = feed_request(request.args)
    response = run_search(search)
    body = atom_feed(build_feed(search, response.hits, request.url_root.rstrip("/"), view))
    return Response(body, mimetype="application/atom+xml", content_type=ATOM_TYPE)
