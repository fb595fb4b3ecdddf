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
there).

The order a page is cut from is the rescored pool, then the remaining matches in phase-one order;
each pooled score is at least its phase-one score, so the order stays descending, and every page
(offset) cuts the same order.
"""

from __future__ import annotations

from dataclasses import replace

from indexer.engines.query_plan import Bool, Phrase

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
