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
from dataclasses import dataclass

import numpy as np

from analyzers.fold import fold_diacritics
from indexer.model import INFERRED, INHERITED, STATED, Document

SHINGLE = 5
BANDS, ROWS = 16, 4
THRESHOLD = 0.7  # shingle Jaccard at which two texts are the same document
MIN_SHINGLES = 20  # fewer: too short to tell a copy from a common form letter
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


@dataclass(frozen=True)
class CopyKey:
    """What grouping needs from one document's text, computed where the document is parsed (a worker
    process) so that the process writing the index only does the banding: an array pickles cheaply."""

    shingles: np.ndarray  # distinct shingle hashes, sorted (uint32)
    signature: tuple[int, ...]  # MinHash, BANDS * ROWS values; () when too short to judge


def copy_key(doc: Document) -> CopyKey:
    hashes = shingles(doc.text)
    sig = tuple(signature(hashes).tolist()) if len(hashes) >= MIN_SHINGLES else ()
    return CopyKey(np.array(sorted(hashes), dtype=np.uint32), sig)


def _jaccard_sorted(a: np.ndarray, b: np.ndarray) -> float:
    """`jaccard` of two sorted distinct hash arrays (same value, no sets built)."""
    if not len(a) or not len(b):
        return 0.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def _fullness(doc: Document) -> tuple:
    stated = sum(1 for name in _INHERITABLE if getattr(doc, name) and doc.provenance.get(name) == STATED)
    return (stated, doc.issued_precision == "day", len(doc.text), doc.id)


def group_copies(documents: list[Document], keys: list[CopyKey] | None = None) -> list[Document]:
    """Mark copies: canonical=True on the fullest of each group, `copies` = the other ids, and let a
    copy inherit number/date/issuer... it lacks (or only inferred) from the canonical one.
    `keys`: the documents' `copy_key`s when already computed. Returns the documents it changed."""
    keys = keys if keys is not None else [copy_key(doc) for doc in documents]
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        sig = key.signature
        for band in range(BANDS if sig else 0):
            buckets[(band, *sig[band * ROWS : (band + 1) * ROWS])].append(i)
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
                if _jaccard_sorted(keys[i].shingles, keys[j].shingles) >= THRESHOLD:
                    parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(documents)):
        groups[find(i)].append(i)
    changed: list[Document] = []
    for members in groups.values():
        if len(members) == 1:
            continue
        docs = [documents[i] for i in members]
        changed.extend(docs)
        best = max(docs, key=_fullness)
        for doc in docs:
            doc.canonical = doc is best
            doc.copies = sorted(d.id for d in docs if d is not doc)
            if doc is not best:
                _inherit(doc, best)
    return changed


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
