"""Index-time analysis of a Document: the terms every engine stores, computed once.

A pure function of the document and the segmenter name, so the pipeline can run it in worker
processes and cache it by content hash.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from analyzers.chain import index_term_columns, index_term_columns_with_runs, slice_columns, word_terms
from analyzers.letterhead import without_letterhead
from analyzers.segment import get_segmenter
from indexer.model import Document

_SEP = "\x1f"  # never inside a term: terms are letters, digits and the code separators - / .


class TextAnalysis:
    """The terms of one text, packed: all terms in one string and their positions in an array.

    Analyses travel from worker processes to the one writing process, where unpickling millions of
    (term, position) tuples used to cost as much as the engine's own work; a string and an array
    unpickle at memory speed. `terms` and `words` give the plain lists back.

    A clause's analysis is usually a *view* of its document's body (`base`, `span` = first term, end
    term, first position): a clause is a slice of the body, so its terms are a slice of the body's,
    renumbered from 0. Views cost nothing to compute or to ship, and let an engine reuse the body's
    tokens."""

    __slots__ = ("_terms", "_positions", "packed_words", "base", "span", "_split")

    def __init__(self, terms: list[tuple[str, int]] = (), words: list[str] = ()):
        self.base, self.span, self._split = None, None, None
        self.terms = terms
        self.words = words

    @classmethod
    def from_columns(cls, terms: list[str], positions: list[int], words: list[str]) -> TextAnalysis:
        analysis = cls.__new__(cls)
        analysis.base, analysis.span, analysis._split = None, None, None
        analysis._terms = _SEP.join(terms)
        analysis._positions = array("I", positions)
        analysis.packed_words = " ".join(words)
        return analysis

    @classmethod
    def view(cls, base: TextAnalysis, first: int, stop: int, first_position: int) -> TextAnalysis:
        analysis = cls.__new__(cls)
        analysis.base, analysis.span, analysis._split = base, (first, stop, first_position), None
        analysis._terms, analysis._positions, analysis.packed_words = None, None, ""
        return analysis

    def _materialize(self) -> None:
        first, stop, offset = self.span
        self._terms = _SEP.join(self.base.term_list()[first:stop])
        self._positions = array("I", [p - offset for p in self.base.positions[first:stop]])
        self.base, self.span = None, None

    @property
    def positions(self) -> array:
        if self.base is not None:
            self._materialize()
        return self._positions

    def term_list(self) -> list[str]:
        if self.base is not None:
            first, stop, _ = self.span
            return self.base.term_list()[first:stop]
        if self._split is None:
            self._split = self._terms.split(_SEP) if self._positions else []
        return self._split

    @property
    def terms(self) -> list[tuple[str, int]]:
        """Combined exact+folded syllable terms with positions (analyzers.chain.index_terms)."""
        return list(zip(self.term_list(), self.positions, strict=True))

    @terms.setter
    def terms(self, terms: list[tuple[str, int]]) -> None:
        self.base, self.span, self._split = None, None, None
        self._terms = _SEP.join(t for t, _ in terms)
        self._positions = array("I", [p for _, p in terms])

    @property
    def words(self) -> list[str]:
        """Segmented multi-syllable words (ranking only)."""
        return self.packed_words.split()

    @words.setter
    def words(self, words: list[str]) -> None:
        self.packed_words = " ".join(words)

    def __getstate__(self):
        # a view pickles as a reference to its base, which pickle sends once per document
        return (self._terms, self._positions, self.packed_words, self.base, self.span)

    def __setstate__(self, state) -> None:
        self._terms, self._positions, self.packed_words, self.base, self.span = state
        self._split = None

    def __eq__(self, other) -> bool:
        if not isinstance(other, TextAnalysis):
            return False
        return (self.term_list(), self.positions, self.packed_words) == (
            other.term_list(),
            other.positions,
            other.packed_words,
        )

    def __repr__(self) -> str:
        return f"TextAnalysis({len(self.term_list())} terms, {len(self.words)} words)"


@dataclass
class DocumentAnalysis:
    head: TextAnalysis  # number, type, issuer, title, subject, signer: short, boosted
    body: TextAnalysis  # the text without its letterhead boilerplate (analyzers.letterhead)
    clauses: list[TextAnalysis] = field(default_factory=list)
    subject: TextAnalysis | None = None  # title and trích yếu: the subject-only search scope
    # Document.stored_json().encode() as it was when the worker finished with the document, so the
    # one writing process does not serialise it; b"" when unknown, or stale (the document changed).
    stored: bytes = b""


def head_text(doc: Document) -> str:
    parts = (doc.number, doc.doc_type, doc.issuer, doc.title, doc.subject, doc.signer)
    return " \n ".join(x for x in parts if x)


def subject_text(doc: Document) -> str:
    return " \n ".join(x for x in (doc.title, doc.subject) if x)


def analyze_text(text: str, segmenter_name: str) -> TextAnalysis:
    segmenter = get_segmenter(segmenter_name)
    words = word_terms(text, segmenter) if segmenter.name != "none" else []
    return TextAnalysis.from_columns(*index_term_columns(text), words)


def analyze_document(doc: Document, segmenter_name: str = "pyvi") -> DocumentAnalysis:
    segmenter = get_segmenter(segmenter_name)
    # The letterhead stays in the stored text (the page shows it) but neither matches nor ranks: it is
    # blanked by spaces, so every offset into the text stays valid.
    text = without_letterhead(doc.text)
    terms, positions, runs = index_term_columns_with_runs(text)
    words = word_terms(text, segmenter) if segmenter.name != "none" else []
    body = TextAnalysis.from_columns(terms, positions, words)
    # Clauses are slices of the body: their terms are slices of the body's (when no run crosses the
    # clause's edges), and they reuse the body's words rather than segmenting twice.
    clauses = [
        _clause_analysis(text, clause.start, _clause_text(doc, text, clause), body, runs)
        for clause in doc.clauses
    ]
    head = analyze_text(head_text(doc), "none")
    return DocumentAnalysis(head, body, clauses, analyze_text(subject_text(doc), "none"))


def _clause_text(doc: Document, text: str, clause) -> str:
    """The clause's searchable text: its span of the blanked body when it is one, else its own."""
    if doc.text.startswith(clause.text, clause.start):
        return text[clause.start : clause.start + len(clause.text)]
    return without_letterhead(clause.text)


def _clause_analysis(text: str, start: int, clause_text: str, body: TextAnalysis, runs) -> TextAnalysis:
    if runs is not None and text.startswith(clause_text, start):
        cut = slice_columns(runs, start, start + len(clause_text))
        if cut is not None:
            return TextAnalysis.view(body, *cut)
    return TextAnalysis.from_columns(*index_term_columns(clause_text), [])
