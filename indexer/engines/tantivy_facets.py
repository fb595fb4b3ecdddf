"""Facet counts for tantivy in one aggregation pass.

The selected facet values are disjunctive (OR inside a facet, AND across facets), and each facet's
counts ignore its own selection. Asked naively that is one pass over the matches per selected facet
plus one for the rest, and a count pass beside the top-k search. Here it is one pass: the query
WITHOUT facet filters is aggregated once, and each set of counts sits under a `filter` aggregation
holding the other facets' selections (a bitset per segment, cheap next to the text query).

Filter aggregations take tantivy query strings; a selected value that the query-string grammar
cannot hold verbatim (a quote, a backslash) falls back to the pass-per-facet plan.

Beyond `track_total_hits` matches the counts are estimated from a fixed sample (Lucene's
RandomSamplingFacetsCollector does the same): every document belongs to one of SAMPLE_SLICES slices by
a hash of its id (the `sample` field), the pass runs over slice 0 first, and when that slice holds
more than its share of the threshold its counts, times SAMPLE_SLICES, are the answer (flagged as
estimated). The facet pass then costs a sixteenth of the aggregation work on the largest result sets;
below the threshold the exact pass follows the (small) sample pass. The number of matches is counted
exactly by the top-k search, which visits every match anyway.
"""

from __future__ import annotations

import zlib

from indexer.engines.base import FACETS, FacetValue, SearchRequest

SAMPLE_SLICES = 16
SAMPLED_SLICE = "0"

TOTAL = "_total"  # the aggregation counting every match
MATCHED = "_matched"  # the filter aggregation holding every selection


def quotable(value: str) -> bool:
    return '"' not in value and "\\" not in value


def one_pass_possible(filters: dict[str, list[str]]) -> bool:
    return all(quotable(v) for key, values in filters.items() if key in FACETS for v in values)


def selection_query(filters: dict[str, list[str]], skip: str = "") -> str:
    """`(issuer:"A" OR issuer:"B") AND province:"C"` for the selected facet values, but `skip`'s."""
    parts = []
    for key in sorted(filters):
        values = filters[key]
        if key == skip or key not in FACETS or not values:
            continue
        field = FACETS[key]
        parts.append("(" + " OR ".join(f'{field}:"{v}"' for v in values) + ")")
    return " AND ".join(parts)


def selected_keys(request: SearchRequest) -> list[str]:
    return [key for key in FACETS if request.filters.get(key)]


def aggregation(request: SearchRequest) -> dict:
    """The one-pass specification, to run over the query without facet filters."""

    def terms(key: str) -> dict:
        return {"terms": {"field": FACETS[key], "size": max(1, int(request.facet_size))}}

    selected = selected_keys(request)
    count = {"value_count": {"field": "issued_sort"}}  # every document has it (0 when undated)
    plain = {key: terms(key) for key in FACETS if key not in selected}
    if not selected:
        return {**plain, TOTAL: count}
    spec: dict = {MATCHED: {"filter": selection_query(request.filters), "aggs": {**plain, TOTAL: count}}}
    for key in selected:
        others = selection_query(request.filters, skip=key)
        spec[key] = {"filter": others, "aggs": {key: terms(key)}} if others else terms(key)
    return spec


def read(result: dict, request: SearchRequest) -> tuple[dict[str, list[FacetValue]], int]:
    """(facets, number of matches) from the aggregation's result."""
    selected = selected_keys(request)
    matched = result[MATCHED] if selected else result
    facets = {}
    for key in FACETS:
        if key in selected:
            node = result[key]
            buckets = (node[key] if key in node else node)["buckets"]
        else:
            buckets = matched[key]["buckets"]
        facets[key] = facet_values(buckets, request.filters.get(key, []))
    return facets, int(matched[TOTAL]["value"] or 0)


def sample_slice(doc_id: str) -> str:
    """The slice a document belongs to: stable across runs and machines (not Python's hash())."""
    return str(zlib.crc32(doc_id.encode("utf-8")) % SAMPLE_SLICES)


def sampled_enough(sample_matches: int, request: SearchRequest) -> bool:
    """The sample stands for the whole: its matches, scaled, reach the exact-count threshold."""
    return sample_matches * SAMPLE_SLICES >= max(1, int(request.track_total_hits))


def scaled(facets: dict[str, list[FacetValue]]) -> dict[str, list[FacetValue]]:
    """A sample's counts as estimates for every match."""
    return {
        key: [FacetValue(v.value, v.count * SAMPLE_SLICES, v.selected) for v in values]
        for key, values in facets.items()
    }


def facet_values(buckets: list[dict], selected_values: list[str]) -> list[FacetValue]:
    """Buckets as FacetValues; a selected value missing from the buckets still shows, with 0."""
    selected = set(selected_values)
    values = [FacetValue(b["key"], int(b["doc_count"]), b["key"] in selected) for b in buckets]
    for value in sorted(selected - {v.value for v in values}):
        values.append(FacetValue(value, 0, True))
    return values
