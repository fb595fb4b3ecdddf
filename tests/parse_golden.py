"""What a careful reader sees in a document, as the JSON kept in tests/golden/.

`python -m tests.parse_golden samples/*.txt ...` rewrites the golden files after a deliberate change;
review the diff before committing it: the goldens are the acceptance cases of the parser.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from indexer.model import Document

GOLDEN = Path(__file__).resolve().parent / "golden"
FIELDS = (
    "number",
    "number_key",
    "doc_type",
    "issuer",
    "parent_issuer",
    "province",
    "province_current",
    "place",
    "issued",
    "issued_precision",
    "subject",
    "recipients",
    "signer",
    "signer_title",
    "signer_authority",
    "received",
    "provenance",
)


def view(doc: Document) -> dict:
    """The golden view of one document: metadata, citations, clause outline; '' means unknown."""
    data = {name: getattr(doc, name) for name in FIELDS}
    data["part"] = doc.part
    data["attached"] = bool(doc.attached_to)
    data["attachments"] = len(doc.attachments)
    data["cites"] = [
        {
            "number": c.number,
            "doc_type": c.doc_type,
            "relation": c.relation,
            "issued": c.issued,
            "issuer": c.issuer,
        }
        for c in doc.cites
    ]
    data["clauses"] = [f"{c.path} | {' '.join(doc.text[c.start : c.end].split())[:48]}" for c in doc.clauses]
    return data


def golden_path(kind: str, source: Path) -> Path:
    return GOLDEN / kind / (source.stem + ".json")


def write(kind: str, source: Path) -> Path:
    from indexer.parse import parse_documents

    docs = parse_documents(source.read_text(encoding="utf-8"), source.name)
    path = golden_path(kind, source)
    path.write_text(
        json.dumps([view(d) for d in docs], ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return path


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        source = Path(arg)
        kind = "samples" if source.parent.name == "samples" else "seeds"
        print(write(kind, source))
