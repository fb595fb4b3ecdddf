"""Whole search queries as plans: a document query (text, number, members, filters) and the query
for a hit's best clauses. Pure; both engines compile exactly these (tantivy_query, es_requests)."""

from __future__ import annotations

from analyzers.query import ParsedQuery
from indexer.engines.base import FACETS, SearchRequest
from indexer.engines.common import lower_date_key, upper_date_key
from indexer.engines.query_plan import AnyOf, Bool, Flag, IntRange, Keyword, Node, conjunction
from indexer.engines.ranking import document_text_plan, text_plan


def only_number(parsed: ParsedQuery) -> bool:
    return bool(parsed.number) and not parsed.must


def effective_scope(parsed: ParsedQuery, request: SearchRequest) -> str:
    """subject when the request or the query's `trichyeu:` prefix asks for it."""
    return "subject" if "subject" in (parsed.scope, request.scope) else "all"


def facet_filter_nodes(request: SearchRequest, skip_facet: str = "") -> tuple[Node, ...]:
    """OR within one facet, AND across facets; unknown keys and empty selections ignored."""
    return tuple(
        AnyOf(FACETS[key], tuple(values))
        for key, values in sorted(request.filters.items())
        if key != skip_facet and key in FACETS and values
    )


def date_range_node(request: SearchRequest) -> IntRange | None:
    if not (request.date_from or request.date_to):
        return None
    low = lower_date_key(request.date_from) if request.date_from else 1
    high = upper_date_key(request.date_to) if request.date_to else 99991231
    return IntRange("issued_sort", low, high)


def members_node(extra_ids: tuple[str, ...] = ()) -> Node:
    """Which documents may be hits: canonical ones, and copies standing in for their group when the
    canonical member is excluded (copies.py of the service chooses them)."""
    if not extra_ids:
        return Flag("canonical", True)
    return Bool(should=(Flag("canonical", True), AnyOf("id", tuple(extra_ids))), minimum_should_match=1)


def document_plan(
    parsed: ParsedQuery,
    request: SearchRequest,
    match: str = "all",
    *,
    ranked: bool = True,
    facets: bool = True,
    skip_facet: str = "",
    members: Node | None = None,
) -> Bool:
    """The document query. `facets=False` leaves the facet filters out (Elasticsearch applies them
    as a post_filter for disjunctive counts); `members=None` means every member of a copy group
    (used to find the copies that match when their canonical member does not)."""
    filters: list[Node] = []
    if members is not None:
        filters.append(members)
    date_range = date_range_node(request)
    if date_range is not None:
        filters.append(date_range)
    if facets:
        filters.extend(facet_filter_nodes(request, skip_facet))
    text = document_text_plan(parsed, only_number(parsed), match, ranked, effective_scope(parsed, request))
    return conjunction(Bool(filter=tuple(filters[:1])), text, Bool(filter=tuple(filters[1:])))


def clause_plan(parsed: ParsedQuery, doc_id: str, match: str = "all") -> Bool:
    """The best clauses of one document hit, in the mode the hit was found."""
    return conjunction(Bool(filter=(Keyword("doc_id", doc_id),)), text_plan(parsed, False, match))
