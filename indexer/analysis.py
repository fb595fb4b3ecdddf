"""Index-time analysis of a Document: the terms every engine stores, computed once.

A pure function of the document and the segmenter name, so the pipeline can run it in worker
processes and cache it by content hash.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from analyzers.chain import index_term_columns, word_terms
from analyzers.segment import get_segmenter
from indexer.model import Document

_SEP = "\x1f"  # never inside a term: terms are letters, digits and the code separators - / .


class TextAnalysis:
    """The terms of one text, packed: all terms in one string and their positions in an array.

    Analyses travel from worker processes to the one writing process, where unpickling millions of
    (term, position) tuples used to cost as much as the engine's own work; a string and an array
    unpickle at memory speed. `terms` and `words` give the plain lists back."""

    __slots__ = ("packed_terms", "positions", "packed_words")

    def __init__(self, terms: list[tuple[str, int]] = (), words: list[str] = ()):
        self.terms = terms
        self.words = words

    @classmethod
    def from_columns(cls, terms: list[str], positions: list[int], words: list[str]) -> TextAnalysis:
        analysis = cls.__new__(cls)
        analysis.packed_terms = _SEP.join(terms)
        analysis.positions = array("I", positions)
        analysis.packed_words = " ".join(words)
        return analysis

    def term_list(self) -> list[str]:
        return self.packed_terms.split(_SEP) if self.positions else []

    @property
    def terms(self) -> list[tuple[str, int]]:
        """Combined exact+folded syllable terms with positions (analyzers.chain.index_terms)."""
        return list(zip(self.term_list(), self.positions, strict=True))

    @terms.setter
    def terms(self, terms: list[tuple[str, int]]) -> None:
        self.packed_terms = _SEP.join(t for t, _ in terms)
        self.positions = array("I", [p for _, p in terms])

    @property
    def words(self) -> list[str]:
        """Segmented multi-syllable words (ranking only)."""
        return self.packed_words.split()

    @words.setter
    def words(self, words: list[str]) -> None:
        self.packed_words = " ".join(words)

    def __getstate__(self):
        return (self.packed_terms, self.positions, self.packed_words)

    def __setstate__(self, state) -> None:
        self.packed_terms, self.positions, self.packed_words = state

    def __eq__(self, other) -> bool:
        return isinstance(other, TextAnalysis) and self.__getstate__() == other.__getstate__()

    def __repr__(self) -> str:
        return f"TextAnalysis({len(self.positions)} terms, {len(self.words)} words)"


@dataclass
class DocumentAnalysis:
    head: TextAnalysis  # number, type, issuer, subject: short, boosted
    body: TextAnalysis
    clauses: list[TextAnalysis] = field(default_factory=list)


def head_text(doc: Document) -> str:
    return " \n ".join(x for x in (doc.number, doc.doc_type, doc.issuer, doc.title, doc.subject) if x)


def analyze_text(text: str, segmenter_name: str) -> TextAnalysis:
    segmenter = get_segmenter(segmenter_name)
    words = word_terms(text, segmenter) if segmenter.name != "none" else []
    return TextAnalysis.from_columns(*index_term_columns(text), words)


def analyze_document(doc: Document, segmenter_name: str = "pyvi") -> DocumentAnalysis:
    body = analyze_text(doc.text, segmenter_name)
    # Clauses are slices of the body: reuse the body's words rather than segmenting twice.
    clauses = [TextAnalysis.from_columns(*index_term_columns(c.text), []) for c in doc.clauses]
    return DocumentAnalysis(analyze_text(head_text(doc), "none"), body, clauses)
