"""Citations resolved to indexed documents: number key → ids, and the reverse 'cited by' links."""

from __future__ import annotations

from collections import defaultdict

from indexer.model import Document


def link_citations(documents: list[Document]) -> dict[str, list[str]]:
    """number_key → ids of the documents carrying that number (canonical copy first)."""
    by_key: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        if doc.number_key:
            by_key[doc.number_key].append(doc)
    return {
        key: [d.id for d in sorted(docs, key=lambda d: (not d.canonical, d.id))]
        for key, docs in by_key.items()
    }


def cited_by(documents: list[Document]) -> dict[str, list[str]]:
    """Document id → ids of the documents that cite its number (resolved through link_citations)."""
    ids_by_key = link_citations(documents)
    reverse: dict[str, list[str]] = defaultdict(list)
    for doc in documents:
        for citation in doc.cites:
            for target in ids_by_key.get(citation.number_key, []):
                if target != doc.id and doc.id not in reverse[target]:
                    reverse[target].append(doc.id)
    return dict(reverse)
