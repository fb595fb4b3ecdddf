"""Pieces of query semantics every engine shares, so that they cannot drift apart."""

from __future__ import annotations

import calendar
import functools
import math
import time

from analyzers.query import ParsedQuery, QPhrase, QTerm

HEAD_BOOST = 3.0  # number, type, issuer, subject matches weigh more than body matches
WORD_BOOST = 0.5  # segmented-word matches refine ranking; they never decide what matches

# match="any" (natural-language questions; bench/bench_ranking.py, ALQAC 2022).
# Title/number matches weigh less than in AND mode: a long question shares common words ("quy định",
# "trường hợp") with many article titles, and a strong head boost then outranks the body's evidence
# (MRR@10: 0.72 at 3.0, 0.92 at 0.5).
ANY_HEAD_BOOST = 0.5
# Adjacent query syllables found together in the text: rewards the question's words appearing as they
# were typed, and works for text typed without diacritics, unlike segmented words.
PAIR_BOOST = 2.0
# Share of the query's groups a document must match in "any" mode. Low on purpose: BM25 already ranks
# documents matching more groups first; the floor only keeps one-word coincidences of a long question
# (e.g. only "có") out of the hit count and the facet counts.
MIN_SHOULD_RATIO = 0.25
RECENCY_SCALE = 10**10  # epoch seconds stay below it until the year 2286


def date_sort_key(issued: str) -> int:
    """'2020-03-29' → 20200329, '2021-09' → 20210900, '2021' → 20210000, '' → 0."""
    digits = issued.replace("-", "")
    return int(digits.ljust(8, "0")) if digits.isdigit() else 0


def stamp_indexed(doc) -> None:
    """Record when a document is first written (a document re-added within a run keeps its time)."""
    if not doc.indexed_at:
        doc.indexed_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


# A document and each of its clauses ask the same: strptime was a tenth of the writer's time.
@functools.lru_cache(maxsize=1024)
def recency_key(issued: str, indexed_at: str) -> int:
    """Newest first by issue date, then by indexing time: one integer for engines that sort on one
    field (20200329 and 2026-12-01T22:00:00Z → 20200329 * 10^10 + epoch seconds; fits an i64)."""
    seconds = 0
    if indexed_at:
        try:
            seconds = calendar.timegm(time.strptime(indexed_at[:19], "%Y-%m-%dT%H:%M:%S"))
        except ValueError:
            seconds = 0
    return date_sort_key(issued) * RECENCY_SCALE + max(0, min(seconds, RECENCY_SCALE - 1))


def lower_date_key(value: str) -> int:
    """Inclusive lower bound that keeps coarser dates inside their period: a range from 2021-01-01
    includes a document dated only '2021' (key 20210000) or '2021-01' (20210100)."""
    key = date_sort_key(value)
    if key % 10000 == 101:
        return key - 101
    if key % 100 == 1:
        return key - 1
    return key


def upper_date_key(value: str) -> int:
    """Inclusive upper bound: '2021' → 20211299, '2021-09' → 20210999."""
    digits = value.replace("-", "")
    if not digits.isdigit():
        return 99991231
    return int(digits.ljust(8, "9")) if len(digits) < 8 else int(digits[:8])


def query_words(parsed: ParsedQuery) -> list[str]:
    """Adjacent syllable pairs of the query as candidate words for the segmented field."""
    words = []
    for group in parsed.must:
        for phrase in group.alternatives:
            terms = [t.index_term for t in phrase.terms]
            words.extend(f"{a}_{b}" for a, b in zip(terms, terms[1:], strict=False))
    if len(parsed.must) > 1:
        singles = [g.alternatives[0].terms for g in parsed.must if len(g.alternatives[0].terms) == 1]
        flat = [t[0].index_term for t in singles]
        words.extend(f"{a}_{b}" for a, b in zip(flat, flat[1:], strict=False))
    return words


def minimum_should_match(groups: int, ratio: float = MIN_SHOULD_RATIO) -> int:
    """How many of `groups` optional groups an "any" match needs: 1 for short queries."""
    return max(1, min(groups, math.floor(groups * ratio)))


def adjacent_pairs(parsed: ParsedQuery) -> list[QPhrase]:
    """Two-syllable phrases of consecutive query terms, within and across groups ("any" boosts).

    An OR group breaks the sequence: its alternatives have no single neighbour."""
    pairs: list[QPhrase] = []
    run: list[QTerm] = []
    for group in parsed.must:
        if len(group.alternatives) > 1:
            run = []
            continue
        for term in group.alternatives[0].terms:
            if run:
                pairs.append(QPhrase((run[-1], term)))
            run.append(term)
    return list(dict.fromkeys(pairs))


def relaxable(parsed: ParsedQuery) -> bool:
    """match="auto" may fall back to "any" only for word queries of two or more groups: a single
    word or a document number that finds nothing must keep answering nothing."""
    return len(parsed.must) >= 2 and not parsed.number
