"""Copies of one document across files (the Politburo notice received by two provinces).

Near-duplicate text found by MinHash over 5-syllable shingles of the folded text, candidates from
LSH bands (16 bands of 4 rows), confirmed by the shingle-set Jaccard similarity; two documents
whose numbers are both known and differ are never copies. Cost: linear in the number of documents
plus the candidate pairs, never all pairs.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict

import numpy as np

from analyzers.fold import fold_diacritics
from indexer.model import INFERRED, INHERITED, STATED, Document

SHINGLE = 5
BANDS, ROWS = 16, 4
THRESHOLD = 0.7  # shingle Jaccard at which two texts are the same document
_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(20200321)
_A = _rng.integers(1, _PRIME, BANDS * ROWS, dtype=np.int64)
_B = _rng.integers(0, _PRIME, BANDS * ROWS, dtype=np.int64)
_WORD = re.compile(r"\w+")
_INHERITABLE = (
    "number",
    "issued",
    "doc_type",
    "issuer",
    "parent_issuer",
    "place",
    "province",
    "signer",
    "signer_title",
    "signer_authority",
    "subject",
)


def shingles(text: str) -> set[int]:
    words = _WORD.findall(fold_diacritics(text).lower())
    if len(words) < SHINGLE:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {zlib.crc32(" ".join(words[i : i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1)}


def signature(hashes: set[int]) -> np.ndarray:
    values = np.fromiter(hashes, dtype=np.int64, count=len(hashes)) & 0x7FFFFFFF
    return ((np.outer(_A, values) + _B[:, None]) % _PRIME).min(axis=1)


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _fullness(doc: Document) -> tuple:
    stated = sum(1 for name in _INHERITABLE if getattr(doc, name) and doc.provenance.get(name) == STATED)
    return (stated, doc.issued_precision == "day", len(doc.text), doc.id)


def group_copies(documents: list[Document]) -> None:
    """Mark copies: canonical=True on the fullest of each group, `copies` = the other ids, and let a
    copy inherit number/date/issuer... it lacks (or only inferred) from the canonical one."""
    sets = [shingles(doc.text) for doc in documents]
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for i, hashes in enumerate(sets):
        if len(hashes) < 20:  # too short to tell a copy from a common form letter
            continue
        sig = signature(hashes)
        for band in range(BANDS):
            buckets[(band, *sig[band * ROWS : (band + 1) * ROWS].tolist())].append(i)
    parent = list(range(len(documents)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                pair = (min(i, j), max(i, j))
                if pair in checked or find(i) == find(j):
                    continue
                checked.add(pair)
                a, b = documents[i], documents[j]
                if a.number_key and b.number_key and a.number_key != b.number_key:
                    continue
                if jaccard(sets[i], sets[j]) >= THRESHOLD:
                    parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(documents)):
        groups[find(i)].append(i)
    for members in groups.values():
        if len(members) == 1:
            continue
        docs = [documents[i] for i in members]
        best = max(docs, key=_fullness)
        for doc in docs:
            doc.canonical = doc is best
            doc.copies = sorted(d.id for d in docs if d is not doc)
            if doc is not best:
                _inherit(doc, best)


def _inherit(copy: Document, source: Document) -> None:
    for name in _INHERITABLE:
        value = getattr(source, name)
        mine = getattr(copy, name)
        if value and (
            not mine
            or (
                value != mine
                and copy.provenance.get(name) == INFERRED
                and source.provenance.get(name) == STATED
            )
        ):
            setattr(copy, name, value)
            copy.provenance[name] = INHERITED
            if name == "number":
                copy.number_key = source.number_key
            elif name == "issued":
                copy.issued_precision = source.issued_precision
            elif name == "province":
                copy.province_current = source.province_current
                copy.provenance["province_current"] = INHERITED
