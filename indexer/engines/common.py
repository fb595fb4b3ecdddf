"""Pieces of query semantics every engine shares, so that they cannot drift apart."""

from __future__ import annotations

from analyzers.query import ParsedQuery

HEAD_BOOST = 3.0  # number, type, issuer, subject matches weigh more than body matches
WORD_BOOST = 0.5  # segmented-word matches refine ranking; they never decide what matches


def date_sort_key(issued: str) -> int:
    """'2020-03-29' → 20200329, '2021-09' → 20210900, '2021' → 20210000, '' → 0."""
    digits = issued.replace("-", "")
    return int(digits.ljust(8, "0")) if digits.isdigit() else 0


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
