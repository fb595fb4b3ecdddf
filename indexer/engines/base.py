"""The engine contract: what every search engine behind vanban must do.

Engines receive parsed Documents (with their clauses) and answer SearchRequests with
SearchResponses. Query *analysis* is not theirs: they get an `analyzers.query.ParsedQuery` built by
the shared chain, and translate it into their own query objects. Snippets are not theirs either:
`indexer.highlight` cuts them from the original text, so every engine shows the same highlights.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Protocol, runtime_checkable

from indexer.errors import QueryError
from indexer.model import Document

# Facets every engine must count. The key is the API/URL parameter name; the value is the
# document field it counts.
FACETS: dict[str, str] = {
    "issuer": "issuer",
    "province": "province",
    "province_current": "province_current",
    "type": "doc_type",
    "signer": "signer",
    "year": "year",
    "month": "month",
}

SORTS = ("relevance", "date_desc", "date_asc")
# Matches counted exactly up to this many; beyond it a response says "at least" (Elasticsearch's
# `track_total_hits`): counting every match of a very common word costs as much as the result set.
TRACK_TOTAL_HITS = 10_000
# all: every word must match (AND). any: a share of the words is enough, ranked by how many and how
# close together (questions in plain language). auto: all, and any when all finds nothing.
MATCH_MODES = ("all", "any", "auto")
# where the words are looked for: all = the whole document (title, number, issuer, signer, full text);
# subject = the title and trích yếu only ("Tìm trong: trích yếu · toàn văn").
SCOPES = ("all", "subject")


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet key -> selected values
    date_from: str = ""  # ISO date or prefix (yyyy, yyyy-mm, yyyy-mm-dd), inclusive
    date_to: str = ""
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    with_facets: bool = True
    facet_size: int = 30
    clauses_per_hit: int = 3
    match: str = "auto"
    scope: str = "all"
    track_total_hits: int = TRACK_TOTAL_HITS

    def __post_init__(self) -> None:
        if self.match not in MATCH_MODES:
            raise QueryError(f"match must be one of {', '.join(MATCH_MODES)} (got {str(self.match)[:20]!r})")
        if self.scope not in SCOPES:
            raise QueryError(f"scope must be one of {', '.join(SCOPES)} (got {str(self.scope)[:20]!r})")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class ClauseHit:
    path: str
    label: str
    anchor: str
    snippet: str  # HTML-escaped original text with <mark> around matches


@dataclass
class Hit:
    id: str
    score: float
    number: str
    doc_type: str
    issuer: str
    province: str
    province_current: str
    issued: str
    issued_precision: str
    source: str
    subject: str
    signer: str
    title: str = ""
    snippet: str = ""  # HTML-escaped, from the document text when no clause matched
    clauses: list[ClauseHit] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)
    indexed_at: str = ""  # when this version was written to the index (feeds order ties by it)


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclass
class SearchResponse:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    took_ms: float = 0.0
    redirect_id: str = ""  # set when the query is a document number naming exactly one document
    relaxed: bool = False  # match="auto" answered with "any": a question, or no document held every word
    question: bool = False  # relaxed because the query was typed as a question (ranking.is_question)
    total_relation: str = "eq"  # "gte": at least `total` matches (counting stopped at the threshold)
    facets_estimated: bool = False  # facet counts estimated from a sample (beyond track_total_hits)
    # issuers whose name the query spells (issuer_names.py): their documents were ranked first
    issuers: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class IndexReport:
    indexed: int = 0
    clauses: int = 0
    deleted: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (document id or path, reason)


class SourceEntriesMixin:
    """Incremental indexing's two views of what is indexed, from an engine's `_doc_entries()`
    (yielding source path, content hash, document id for every document)."""

    def _doc_entries(self) -> Iterable[tuple[str, str, str]]:
        raise NotImplementedError

    def known_hashes(self) -> dict[str, str]:
        return {source: digest for source, digest, _ in self._doc_entries()}

    def ids_by_source(self) -> dict[str, list[str]]:
        ids: dict[str, list[str]] = {}
        for source, _, doc_id in self._doc_entries():
            ids.setdefault(source, []).append(doc_id)
        return ids


@runtime_checkable
class Engine(Protocol):
    """Every engine implements this; tests/contract runs the same suite against each."""

    name: str

    def add(self, documents: Iterable[Document]) -> IndexReport:
        """Add or replace documents (by id) and their clauses. Visible after commit()."""

    def delete(self, doc_ids: Iterable[str]) -> int:
        """Remove documents and their clauses by id; returns how many were asked to go."""

    def commit(self) -> None: ...

    def search(self, request: SearchRequest) -> SearchResponse: ...

    def get(self, doc_id: str) -> Document | None: ...

    def find_by_number(self, number_key: str) -> list[str]:
        """Ids of canonical documents whose normalised number equals number_key."""

    def cited_by(self, number_key: str) -> list[Document]:
        """Documents whose `cites` include number_key."""

    def known_hashes(self) -> dict[str, str]:
        """source path -> content hash of every indexed document (for incremental indexing)."""

    def stats(self) -> dict: ...

    def close(self) -> None: ...
