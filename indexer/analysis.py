"""Index-time analysis of a Document: the terms every engine stores, computed once.

A pure function of the document and the segmenter name, so the pipeline can run it in worker
processes and cache it by content hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzers.chain import index_terms, word_terms
from analyzers.segment import get_segmenter
from indexer.model import Document


@dataclass
class TextAnalysis:
    terms: list[tuple[str, int]]  # combined exact+folded syllable terms with positions
    words: list[str]  # segmented multi-syllable words (ranking only)


@dataclass
class DocumentAnalysis:
    head: TextAnalysis  # number, type, issuer, subject: short, boosted
    body: TextAnalysis
    clauses: list[TextAnalysis] = field(default_factory=list)


def head_text(doc: Document) -> str:
    return " \n ".join(x for x in (doc.number, doc.doc_type, doc.issuer, doc.title, doc.subject) if x)


def analyze_text(text: str, segmenter_name: str) -> TextAnalysis:
    segmenter = get_segmenter(segmenter_name)
    return TextAnalysis(index_terms(text), word_terms(text, segmenter) if segmenter.name != "none" else [])


def analyze_document(doc: Document, segmenter_name: str = "pyvi") -> DocumentAnalysis:
    body = analyze_text(doc.text, segmenter_name)
    # Clauses are slices of the body: reuse the body's words rather than segmenting twice.
    clauses = [TextAnalysis(index_terms(c.text), []) for c in doc.clauses]
    return DocumentAnalysis(analyze_text(head_text(doc), "none"), body, clauses)
