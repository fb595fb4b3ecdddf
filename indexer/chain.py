"""The chain of instructions ("chuỗi chỉ đạo") around one document.

Upwards: every indexed document it implements or cites, and what those cite, transitively.
Downwards: every indexed document that implements or cites it, and what cites those. Built on the
engine's own citation lookups (`find_by_number`, `cited_by`, `get`), the same resolution as the
document page's "cites / cited by" lists, so the chain and the lists cannot disagree.

A citation whose number no indexed document carries is kept as a *missing* node; an edge that closes
a loop (A cites B, B cites A) is marked as a cycle instead of being followed forever. Depth and the
number of nodes are bounded, and the result says when a bound cut it short.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Protocol

from indexer.levels import place_of
from indexer.model import Citation, Document

MAX_DEPTH = 6  # steps up and steps down: province → central is two or three, a commune → central five
MAX_NODES = 60  # a picture people can read; the JSON says `truncated` when more were there
MAX_SAME_NUMBER = 3  # documents sharing one number (different issuers' "12/CT-UBND") followed per citation
MISSING_PREFIX = "so:"
CANDIDATES = 10  # indexed documents read per cited number before the date check


class CitationLookups(Protocol):
    def get(self, doc_id: str) -> Document | None: ...

    def find_by_number(self, number_key: str) -> list[str]: ...

    def cited_by(self, number_key: str) -> list[Document]: ...


@dataclass
class ChainNode:
    key: str  # the document id, or "so:<number key>" for a cited document that is not indexed
    id: str  # "" when missing
    number: str
    doc_type: str
    issuer: str
    issued: str
    issued_precision: str
    subject: str
    level: str  # indexer.levels: central | province | local | unknown
    branch: str  # party | state | unknown
    depth: int  # < 0 above (cited), 0 the document itself, > 0 below (citing)
    missing: bool = False


@dataclass
class ChainEdge:
    source: str  # key of the citing (implementing) document
    target: str  # key of the cited document
    relation: str = ""  # thực hiện / căn cứ / theo / kèm theo / ""
    cycle: bool = False  # the edge closes a loop of citations


@dataclass
class Chain:
    root: str
    nodes: list[ChainNode]
    edges: list[ChainEdge]
    truncated: bool = False
    max_depth: int = MAX_DEPTH
    max_nodes: int = MAX_NODES
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def above(self) -> list[ChainNode]:
        return sorted((n for n in self.nodes if n.depth < 0), key=lambda n: (-n.depth, n.issued, n.number))

    def below(self) -> list[ChainNode]:
        return sorted((n for n in self.nodes if n.depth > 0), key=lambda n: (n.depth, n.issued, n.number))


def node_of(doc: Document, depth: int) -> ChainNode:
    level, branch = place_of(doc.issuer, doc.number)
    return ChainNode(
        key=doc.id,
        id=doc.id,
        number=doc.number,
        doc_type=doc.doc_type,
        issuer=doc.issuer,
        issued=doc.issued,
        issued_precision=doc.issued_precision,
        subject=doc.subject,
        level=level,
        branch=branch,
        depth=depth,
    )


def missing_node(cite: Citation, depth: int) -> ChainNode:
    level, branch = place_of(cite.issuer, cite.number)
    precision = {10: "day", 7: "month", 4: "year"}.get(len(cite.issued), "unknown")
    return ChainNode(
        key=MISSING_PREFIX + cite.number_key,
        id="",
        number=cite.number,
        doc_type=cite.doc_type,
        issuer=cite.issuer,
        issued=cite.issued,
        issued_precision=precision,
        subject="",
        level=level,
        branch=branch,
        depth=depth,
        missing=True,
    )


class _Builder:
    def __init__(self, lookups: CitationLookups, max_nodes: int):
        self.lookups = lookups
        self.max_nodes = max_nodes
        self.nodes: dict[str, ChainNode] = {}
        self.edges: dict[tuple[str, str], ChainEdge] = {}
        self.truncated = False

    def room(self) -> bool:
        if len(self.nodes) >= self.max_nodes:
            self.truncated = True
            return False
        return True

    def edge(self, source: str, target: str, relation: str) -> None:
        existing = self.edges.get((source, target))
        if existing is None:
            self.edges[(source, target)] = ChainEdge(source, target, relation)
        elif relation and not existing.relation:
            existing.relation = relation

    def _issued(self, doc_id: str) -> tuple[str, Document | None]:
        """The issue date of an indexed document, and the document when it had to be read."""
        if doc_id in self.nodes:
            return self.nodes[doc_id].issued, None
        target = self.lookups.get(doc_id)
        return (target.issued, target) if target is not None else ("", None)

    def step_up(self, doc: Document, depth: int) -> list[Document]:
        """The documents `doc` cites, added at `depth` (< 0); returns the new ones to climb from."""
        found: list[Document] = []
        if not doc.cites or not self.room():
            return found  # full: no lookup at all (each one reads stored documents)
        for cite in doc.cites:
            key = cite.number_key
            if not key or key == doc.number_key:
                continue
            targets = []
            for target_id in [i for i in self.lookups.find_by_number(key) if i != doc.id][:CANDIDATES]:
                issued, target = self._issued(target_id)
                if dates_agree(cite.issued, issued) and (target_id in self.nodes or target is not None):
                    targets.append((target_id, target))
            if not targets:
                missing = MISSING_PREFIX + key
                if missing in self.nodes or self.room():
                    self.nodes.setdefault(missing, missing_node(cite, depth))
                    self.edge(doc.id, missing, cite.relation)
                continue
            for target_id, target in targets[:MAX_SAME_NUMBER]:
                if target_id not in self.nodes:
                    if not self.room():
                        continue
                    self.nodes[target_id] = node_of(target, depth)
                    found.append(target)
                self.edge(doc.id, target_id, cite.relation)
        return found

    def step_down(self, doc: Document, depth: int) -> list[Document]:
        """The documents citing `doc`, added at `depth` (> 0); returns the new ones to descend from."""
        if not doc.number_key or not self.room():
            return []
        found = []
        for citing in self.lookups.cited_by(doc.number_key):
            if citing.id == doc.id:
                continue
            cite = next((c for c in citing.cites if c.number_key == doc.number_key), None)
            if cite is not None and not dates_agree(cite.issued, doc.issued):
                continue  # it cites another document that carries the same number
            if citing.id not in self.nodes:
                if not self.room():
                    continue
                self.nodes[citing.id] = node_of(citing, depth)
                found.append(citing)
            self.edge(citing.id, doc.id, cite.relation if cite is not None else "")
        return found


def dates_agree(cited: str, issued: str) -> bool:
    """A citation's date and a document's issue date name the same day (or month, or year) as far as
    both are known. Numbers repeat across issuers and years (every province has a "12/CT-UBND"): a
    citation dated 16/10/2021 does not point at a 12/CT-UBND of 2019."""
    if not cited or not issued:
        return True
    k = min(len(cited), len(issued))
    return cited[:k] == issued[:k]


def build_chain(
    doc: Document, lookups: CitationLookups, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES
) -> Chain:
    builder = _Builder(lookups, max_nodes)
    builder.nodes[doc.id] = node_of(doc, 0)
    for direction in (-1, 1):
        frontier = [doc]
        for step in range(1, max_depth + 1):
            nxt: list[Document] = []
            for current in frontier:
                if direction < 0:
                    nxt.extend(builder.step_up(current, -step))
                else:
                    nxt.extend(builder.step_down(current, step))
            frontier = nxt
            if not frontier:
                break
        else:
            # the depth bound stopped a walk that still had somewhere to go
            if any(d.cites if direction < 0 else d.number_key for d in frontier):
                builder.truncated = True
    edges = list(builder.edges.values())
    mark_cycles(edges)
    notes = []
    if builder.truncated:
        notes.append(f"cut at {max_depth} steps or {max_nodes} documents")
    return Chain(
        root=doc.id,
        nodes=list(builder.nodes.values()),
        edges=edges,
        truncated=builder.truncated,
        max_depth=max_depth,
        max_nodes=max_nodes,
        notes=notes,
    )


def mark_cycles(edges: Iterable[ChainEdge]) -> None:
    """An edge u → v lies on a cycle when v leads back to u."""
    edges = list(edges)
    graph: dict[str, set[str]] = {}
    for e in edges:
        graph.setdefault(e.source, set()).add(e.target)

    def reaches(start: str, goal: str) -> bool:
        seen, stack = {start}, [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            for nxt in graph.get(node, ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    for e in edges:
        e.cycle = reaches(e.target, e.source)
