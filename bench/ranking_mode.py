"""Natural-language matching for the tantivy engine: `match="any"` and `match="auto"`.

The product's query semantics are AND of all words (DESIGN.md). That is right for the short queries
journalists type, and wrong for a question in plain language ("Chiếm đoạt di vật của tử sĩ có thể
bị phạt tù lên đến bao nhiêu năm?"): no article holds every word of it, so AND finds nothing.

  match="all"  (default) today's semantics, unchanged.
  match="any"  every positive group becomes optional; a document must match at least
               `minimum_should_match(k)` of the k groups, and is ranked by BM25 over the syllable
               field, with title/number matches boosted (ANY_HEAD_BOOST), adjacent syllable pairs as
               phrases (PAIR_BOOST, this rewards the words of the question appearing together, and
               works for text typed without diacritics, unlike segmented words) and segmented words
               (WORD_BOOST) as in AND mode. Exclusions (-word) and filters still apply.
  match="auto" AND first; when it finds nothing and the query has two or more groups, the same
               request again with match="any" (the response says so: `relaxed=True`).

This file is a wrapper so the lead can merge it into `indexer/engines/tantivy_engine.py`; it only
uses the engine's own query builders and tantivy's public query objects. See the report for the
patch: a `match` field on SearchRequest, `_text_query(parsed, with_head, match)` and the auto
fallback in `search`.
"""

from __future__ import annotations

import math
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import tantivy

from analyzers.query import ParsedQuery, QPhrase, QTerm
from indexer.engines import tantivy_engine as _tantivy_engine
from indexer.engines.base import SearchRequest, SearchResponse
from indexer.engines.tantivy_engine import WORD_BOOST, TantivyEngine

# the engine's word-pair helper (moving to indexer.engines.common as `query_words`)
_query_words = getattr(_tantivy_engine, "query_words", None) or _tantivy_engine._query_words

MATCH_MODES = ("all", "any", "auto")
PAIR_BOOST = 2.0
# Title/number matches weigh less than in AND mode: a long question shares common words ("quy định",
# "trường hợp") with many article titles, and a strong head boost then outranks the body's evidence
# (ALQAC 2022, MRR@10: 0.72 at 3.0, 0.92 at 0.5 — bench/bench_ranking.py).
ANY_HEAD_BOOST = 0.5
# Share of the query's groups a document must match in "any" mode. Low on purpose: BM25 already
# ranks documents matching more groups first; the floor only keeps one-word coincidences of a long
# question (e.g. only "có") out of the hit count and the facet counts.
MIN_SHOULD_RATIO = 0.25


@dataclass
class MatchRequest(SearchRequest):
    """SearchRequest with the proposed `match` field (to be merged into SearchRequest itself)."""

    match: str = "all"


def minimum_should_match(groups: int, ratio: float = MIN_SHOULD_RATIO) -> int:
    """How many of `groups` optional groups a document must match: 1 for short queries."""
    return max(1, min(groups, math.floor(groups * ratio)))


def adjacent_pairs(parsed: ParsedQuery) -> list[QPhrase]:
    """Two-syllable phrases from consecutive query terms, within and across single-word groups."""
    pairs: list[QPhrase] = []
    run: list[QTerm] = []
    for group in parsed.must:
        phrase = group.alternatives[0]
        if len(group.alternatives) > 1:  # an OR group breaks the sequence
            run = []
            continue
        for term in phrase.terms:
            if run:
                pairs.append(QPhrase((run[-1], term)))
            run.append(term)
    return list(dict.fromkeys(pairs))


class MatchModeEngine(TantivyEngine):
    """TantivyEngine answering MatchRequest.match ∈ {all, any, auto}; plain requests are "all"."""

    head_boost = ANY_HEAD_BOOST
    pair_boost = PAIR_BOOST
    word_boost = WORD_BOOST
    min_should_ratio = MIN_SHOULD_RATIO

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._local = threading.local()  # the mode of the search running on this thread

    @contextmanager
    def _matching(self, match: str):
        previous = getattr(self._local, "match", "all")
        self._local.match = match
        try:
            yield
        finally:
            self._local.match = previous

    def search(self, request: SearchRequest) -> SearchResponse:
        match = getattr(request, "match", "all")
        if match not in MATCH_MODES:
            match = "all"
        if match == "all":
            return super().search(request)
        if match == "any":
            with self._matching("any"):
                return super().search(request)
        response = super().search(request)
        if response.total == 0 and _relaxable(request.q):
            with self._matching("any"):
                response = super().search(request)
            response.relaxed = True  # proposed SearchResponse field
        return response

    def _text_query(self, parsed: ParsedQuery, with_head: bool):
        if getattr(self._local, "match", "all") != "any" or not parsed.must:
            return super()._text_query(parsed, with_head)
        occ = tantivy.Occur
        groups = []
        for group in parsed.must:
            alternatives = []
            for phrase in group.alternatives:
                alternatives.append((occ.Should, self._phrase("syl", phrase)))
                if with_head:
                    boosted = tantivy.Query.boost_query(self._phrase("head", phrase), self.head_boost)
                    alternatives.append((occ.Should, boosted))
            groups.append((occ.Should, tantivy.Query.boolean_query(alternatives)))
        wanted = minimum_should_match(len(groups), self.min_should_ratio)
        clauses = [(occ.Must, tantivy.Query.boolean_query(groups, minimum_number_should_match=wanted))]
        for group in parsed.must_not:
            for phrase in group.alternatives:
                clauses.append((occ.MustNot, self._phrase("syl", phrase)))
                if with_head:
                    clauses.append((occ.MustNot, self._phrase("head", phrase)))
        for pair in adjacent_pairs(parsed):
            boosted = tantivy.Query.boost_query(self._phrase("syl", pair), self.pair_boost)
            clauses.append((occ.Should, boosted))
        if with_head:
            for word in _query_words(parsed):
                boosted = tantivy.Query.boost_query(self._term("words", word), self.word_boost)
                clauses.append((occ.Should, boosted))
        return clauses


def _relaxable(q: str) -> bool:
    from analyzers.query import parse_query

    parsed = parse_query(q)
    return len(parsed.must) >= 2 and not parsed.number
