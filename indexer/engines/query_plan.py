"""A search query described once, as a small tree of plain values, for every engine to compile.

`indexer.engines.ranking` builds these trees from a ParsedQuery (what matches, what ranks);
`tantivy_query.compile_query` and `es_requests.compile_query` translate them. Neither compiler decides
anything: a clause, a boost or a slop changed here changes both engines, so they cannot drift apart.

Fields are the logical names both engines index: `syl` (body syllables, exact + folded), `head`
(number, type, issuer, title, subject, signer), `subj` (title and subject: the trích yếu), `words`
(segmented words, ranking only), and keyword fields (`number_key`, `canonical`, `doc_id`, `id`,
`copy_group`, facets), and the integer `issued_sort`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One index term in one field (never re-analysed)."""

    field: str
    value: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Index terms at consecutive positions; `slop` allows that many extra positions between them
    (in order), which is how proximity is scored."""

    field: str
    words: tuple[str, ...]
    slop: int = 0
    boost: float = 1.0


@dataclass(frozen=True)
class Keyword:
    """A keyword field equal to `value` (a filter: identity, number, copy group)."""

    field: str
    value: str


@dataclass(frozen=True)
class Flag:
    """A boolean keyword (tantivy stores "1"/"0", Elasticsearch a boolean)."""

    field: str
    value: bool = True


@dataclass(frozen=True)
class AnyOf:
    """A keyword field holding one of `values` (a filter: OR inside a facet)."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class IntRange:
    field: str
    low: int
    high: int


@dataclass(frozen=True)
class Bool:
    """must: all match and score; filter: all match, no score; should: optional and scoring (at
    least `minimum_should_match` of them when set, at least one when there is nothing else);
    must_not: none may match."""

    must: tuple = ()
    should: tuple = ()
    must_not: tuple = ()
    filter: tuple = ()
    minimum_should_match: int = 0
    boost: float = 1.0


@dataclass(frozen=True)
class ConstScore:
    """`score` for every document `node` matches, whatever its term statistics."""

    node: object
    score: float


Node = ConstScore | Term | Phrase | Keyword | Flag | AnyOf | IntRange | Bool


def conjunction(*parts: Bool) -> Bool:
    """The clauses of several Bools in one (their boosts and floors must be the defaults)."""
    return Bool(
        must=tuple(c for p in parts for c in p.must),
        should=tuple(c for p in parts for c in p.should),
        must_not=tuple(c for p in parts for c in p.must_not),
        filter=tuple(c for p in parts for c in p.filter),
    )


def without_should(node: Bool) -> Bool:
    """The same matches without the optional clauses that only rank (what facet counts run)."""
    return Bool(must=node.must, must_not=node.must_not, filter=node.filter)
