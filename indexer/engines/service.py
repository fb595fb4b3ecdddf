"""One search service above the engines: what every engine's search does the same way, written once.

An engine answers one page of one query in one match mode (`search_page`): the hits with their best
clauses and snippets, the count and the facets, and whether anything matched at all. The service
decides everything around that, for every engine alike:
- paging: the window a page asks for (`page_window`: 1–MAX_PER_PAGE hits, no negative offset);
- the order: relevance, or date when the query has no words (`effective_sort`);
- the match mode: match="auto" runs a question as "any" at once (ranking.auto_mode), anything else
  as "all", and falls back to "any" when "all" matched nothing and the query may be relaxed
  (ranking.relaxable); the response says so (`relaxed`, `question`);
- the redirect to a document named by its number;
- a hit from a stored document and its best clauses: the snippets, from the original text through
  offsets and HTML-escaped (`hit`, indexer.highlight).
Engines keep only what their index does differently (query execution, counting, facets, clause
lookup); the two engines' answers therefore cannot differ in these decisions.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from analyzers.query import ParsedQuery, parse_query
from indexer import highlight
from indexer.engines import issuer_names
from indexer.engines.base import ClauseHit, FacetValue, Hit, SearchRequest, SearchResponse
from indexer.engines.ranking import auto_mode, relaxable
from indexer.model import Clause, Document

MAX_PER_PAGE = 100
SORTS = ("relevance", "date_desc", "date_asc")
# Hit fields read straight from a stored document, with the Document defaults for absent keys.
HIT_FIELDS = {
    f.name: f.default
    for f in dataclasses.fields(Document)
    if f.name in {h.name for h in dataclasses.fields(Hit)} - {"score", "snippet", "clauses", "copies"}
}


@dataclass
class Page:
    """One page of one query in one match mode, as an engine found it."""

    hits: list[Hit]
    total: int
    matched: bool  # some document matches (an empty page past the end may still have matches)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    total_relation: str = "eq"
    facets_estimated: bool = False  # the facet counts are estimates from a sample of the matches


class PageSource(Protocol):
    def search_page(self, parsed: ParsedQuery, request: SearchRequest, match: str) -> Page: ...

    def find_by_number(self, number_key: str) -> list[str]: ...

    def issuer_names(self) -> issuer_names.IssuerNames: ...


def page_window(request: SearchRequest) -> tuple[int, int]:
    """(how many hits, from which one) a page asks for: 1–MAX_PER_PAGE hits, never before the first."""
    return max(1, min(int(request.per_page), MAX_PER_PAGE)), max(0, request.offset)


def effective_sort(parsed: ParsedQuery, request: SearchRequest) -> str:
    """The order of the hits: what was asked (relevance when unknown), by date when nothing ranks."""
    sort = request.sort if request.sort in SORTS else "relevance"
    return "date_desc" if sort == "relevance" and parsed.is_empty else sort


def first_mode(parsed: ParsedQuery, request: SearchRequest) -> str:
    return auto_mode(parsed) if request.match == "auto" else request.match


def falls_back(parsed: ParsedQuery, request: SearchRequest, match: str, page: Page) -> bool:
    """match="auto" tried "all" and no document holds every word: ask again with "any"."""
    return request.match == "auto" and match == "all" and not page.matched and relaxable(parsed)


def redirect_for(engine: PageSource, parsed: ParsedQuery) -> str:
    """The id of the one document a number query names ("" when none or several)."""
    if not parsed.number:
        return ""
    ids = engine.find_by_number(parsed.number)
    return ids[0] if len(ids) == 1 else ""


def hit(doc: Mapping, score: float, parsed: ParsedQuery, clauses: list[Mapping] = ()) -> Hit:
    """A hit from a stored document's dict (Document.stored_json) and its best clauses (path, label,
    start, end), best first; without clauses, a snippet of the whole text."""
    text = doc.get("text", "")
    # one snippet per passage: a clause does not repeat its listed sub-clause's sentence
    snippets = highlight.clause_snippets(text, [(c["start"], c["end"]) for c in clauses], parsed)
    clause_hits = [
        ClauseHit(
            path=info["path"],
            label=info["label"],
            anchor=Clause(info["path"], info["label"], 0, 0).anchor,
            snippet=clause_snippet,
        )
        for info, clause_snippet in zip(clauses, snippets, strict=True)
        if clause_snippet is not None
    ]
    fields = {name: doc.get(name, default) for name, default in HIT_FIELDS.items()}
    return Hit(
        **fields,
        score=score,
        snippet="" if clause_hits else highlight.snippet(text, parsed),
        clauses=clause_hits,
        copies=list(doc.get("copies", ())),
    )


def search(engine: PageSource, request: SearchRequest) -> SearchResponse:
    started = time.perf_counter()
    parsed = parse_query(request.q)
    # a query spelling an issuer's name ranks that issuer's documents first (ranking.ISSUER_BONUS)
    if parsed.must:
        named = issuer_names.recognise(parsed, engine.issuer_names())
        parsed.issuers, parsed.issuer_groups = named.issuers, named.groups
    match = first_mode(parsed, request)
    page = engine.search_page(parsed, request, match)
    question = relaxed = request.match == "auto" and match == "any"  # read as a question
    if falls_back(parsed, request, match, page):
        match, relaxed = "any", True
        page = engine.search_page(parsed, request, match)
    return SearchResponse(
        total=page.total,
        total_relation=page.total_relation,
        hits=page.hits,
        facets=page.facets,
        facets_estimated=page.facets_estimated,
        took_ms=round((time.perf_counter() - started) * 1000, 3),
        redirect_id=redirect_for(engine, parsed),
        relaxed=relaxed,
        question=question,
        issuers=list(parsed.issuers),
    )
