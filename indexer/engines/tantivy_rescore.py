"""Relevance pages in two phases for tantivy: the costly ranking clauses score a pool, not every match.

The phrase and proximity clauses on the body (ranking.py) check term positions in every matching
document: for a query of common syllables at ten times the legal code that is 300,000 long documents
and two thirds of the search's time (bench/bench_scale.py). Elasticsearch's answer is a `rescore`
window; this is the same:

1. the query without those clauses (its words' BM25, the head phrase, the segmented words) picks the
   best RESCORE_POOL matches, and counts them when asked;
2. each deferred clause, restricted to the pooled documents, adds its score to theirs: a pooled
   document gets the score a one-phase search gives it (summed in another order: equal up to float
   rounding).

With no more matches than the pool, the pool is every match and the result is the one-phase result.
Between the pool and RESCORE_FROM matches the whole query runs again as one phase (exactly the
one-phase result): scoring every match whole is cheap there (the ranking bench's corpus is mostly
there). Running the first phase only to learn that is work done twice, so an upper bound of the
matches from the terms' document frequencies (`match_bound`, a dictionary lookup per term) sends a
query that cannot reach RESCORE_FROM straight to the one-phase search.

The order a page is cut from is the rescored pool, then the remaining matches in phase-one order;
each pooled score is at least its phase-one score, so the order stays descending, and every page
(offset) cuts the same order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from indexer.engines.query_plan import AnyOf, Bool, ConstScore, Flag, Keyword, Phrase, Term

# Matches rescored with the phrase evidence. A pooled document costs its id read from the store
# (~13 µs) and a position check; the pool must hold every document the phrase boosts would lift onto
# the first page (bench ranking: MRR and P@1 unchanged at this size).
RESCORE_POOL = 200
# Matches from which the pool is used: below it every match is scored whole (~0.5 µs a match on this
# machine, against ~3 ms for reading the pool's ids).
RESCORE_FROM = 10000
COSTLY_FIELDS = ("syl",)  # the body: long position lists. The head and trích yếu are short.


def costly(node) -> bool:
    """A ranking clause that checks positions in the body."""
    return isinstance(node, Phrase) and len(node.words) > 1 and node.field in COSTLY_FIELDS


def split(plan: Bool) -> tuple[Bool, tuple]:
    """(the plan without its costly ranking clauses, those clauses)."""
    deferred = tuple(c for c in plan.should if costly(c))
    if not deferred:
        return plan, ()
    return replace(plan, should=tuple(c for c in plan.should if not costly(c))), deferred


def pooled(matches: int, found: int) -> bool:
    """Rescore the phase-one hits (rather than run the whole query again) when they are every match
    (the result is then the one-phase result; a quoted phrase of common words found in a few
    documents would otherwise be verified twice), or when there are too many matches to score whole."""
    return matches <= found or matches >= RESCORE_FROM


def rescore(pool: list, extra: dict, key) -> list:
    """(score, address) pairs of the pool with each one's deferred score added, best first; ties in
    address order, as tantivy's own top-k orders them."""
    scored = [(score + extra.get(key(address), 0.0), address) for score, address in pool]
    return sorted(scored, key=lambda hit: (-hit[0], key(hit[1])))


def page(rescored: list, tail: list, offset: int, limit: int) -> list:
    """The page cut from the rescored pool followed by the phase-one matches beyond it."""
    return (rescored + tail)[offset : offset + limit]


def match_bound(node, doc_freq: Callable[[str, str], int]) -> float:
    """At most how many entries `node` matches, from `doc_freq(field, term)`: a required part bounds
    its Bool, alternatives add up; what no term bounds (a range, a Bool of exclusions) is unbounded."""
    if isinstance(node, Term):
        return doc_freq(node.field, node.value)
    if isinstance(node, Phrase):
        return min(doc_freq(node.field, word) for word in node.words)
    if isinstance(node, Keyword):
        return doc_freq(node.field, node.value)
    if isinstance(node, Flag):
        return doc_freq(node.field, "1" if node.value else "0")
    if isinstance(node, AnyOf):
        return sum(doc_freq(node.field, value) for value in node.values)
    if isinstance(node, ConstScore):
        return match_bound(node.node, doc_freq)
    if isinstance(node, Bool):
        required = node.must + node.filter
        if required:
            return min(match_bound(c, doc_freq) for c in required)
        if node.should:
            return sum(match_bound(c, doc_freq) for c in node.should)
    return float("inf")
