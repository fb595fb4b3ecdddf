"""The chain of instructions of a document: JSON at /api/documents/<id>/chain, and the page's view.

The chain itself is `indexer.chain` (built on the engine's citation lookups); the picture is
`chain_svg` (pure); this module only wires them to the web.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from indexer.chain import Chain, ChainNode, build_chain
from indexer.levels import place_label
from indexer.model import Document
from search_app import get_engine
from search_app.api import get_document
from search_app.chain_svg import chain_svg, node_url
from search_app.format import format_issued

bp = Blueprint("chain", __name__)


def node_json(node: ChainNode) -> dict:
    data = {
        "key": node.key,
        "id": node.id or None,
        "url": node_url(node),
        "number": node.number,
        "doc_type": node.doc_type,
        "issuer": node.issuer,
        "issued": node.issued,
        "issued_precision": node.issued_precision,
        "subject": node.subject,
        "level": node.level,
        "branch": node.branch,
        "depth": node.depth,
        "direction": "up" if node.depth < 0 else "down" if node.depth > 0 else "self",
        "missing": node.missing,
    }
    return data


def chain_json(chain: Chain) -> dict:
    return {
        "ok": True,
        "root": chain.root,
        "nodes": [node_json(n) for n in sorted(chain.nodes, key=lambda n: (n.depth, n.issued, n.key))],
        "edges": [
            {"from": e.source, "to": e.target, "relation": e.relation, "cycle": e.cycle} for e in chain.edges
        ],
        "truncated": chain.truncated,
        "limits": {"depth": chain.max_depth, "nodes": chain.max_nodes},
        "cycles": sum(1 for e in chain.edges if e.cycle),
        "missing": sum(1 for n in chain.nodes if n.missing),
    }


def chain_of(doc: Document) -> Chain:
    return build_chain(doc, get_engine())


def chain_page_view(doc: Document) -> dict:
    """What the document page's "Chuỗi chỉ đạo" section shows: the picture and the same as lists."""
    chain = chain_of(doc)

    def item(node: ChainNode) -> dict:
        steps = abs(node.depth)
        meta = [
            node.issuer,
            format_issued(node.issued, node.issued_precision) if node.issued else "",
            place_label(node.level, node.branch),
            f"{steps} bậc" if steps > 1 else "",
        ]
        return {**node_json(node), "meta": " · ".join(m for m in meta if m)}

    return {
        "svg": chain_svg(chain) if len(chain.nodes) > 1 else "",
        "above": [item(n) for n in chain.above()],
        "below": [item(n) for n in chain.below()],
        "truncated": chain.truncated,
        "cycles": sum(1 for e in chain.edges if e.cycle),
        "json_url": f"/api/documents/{doc.id}/chain",
    }


@bp.get("/api/documents/<doc_id>/chain")
def document_chain(doc_id: str):
    return jsonify(chain_json(chain_of(get_document(doc_id))))
