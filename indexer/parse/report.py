"""The human view of a parsed document (`vanban inspect FILE`)."""

from __future__ import annotations

from indexer.model import Document
from indexer.parse.names import is_central

_FIELDS = [
    ("doc_type", "Loại văn bản / type"),
    ("number", "Số, ký hiệu / number"),
    ("issuer", "Cơ quan ban hành / issuer"),
    ("parent_issuer", "Cơ quan chủ quản / parent"),
    ("province", "Tỉnh (khi ban hành) / province"),
    ("province_current", "Tỉnh (sau 2025) / current province"),
    ("place", "Địa danh / place"),
    ("issued", "Ngày ban hành / issued"),
    ("subject", "Trích yếu / subject"),
    ("signer_authority", "Thẩm quyền ký / authority"),
    ("signer_title", "Chức vụ / signer title"),
    ("signer", "Người ký / signer"),
]


def _first_words(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def format_document(doc: Document) -> str:
    out = [f"{doc.source}" + (f"  (part {doc.part})" if doc.part else "") + f"  id={doc.id}"]
    if doc.title:
        out.append(f"  {_first_words(doc.title, 110)}")
    out.append("")
    width = max(len(label) for _, label in _FIELDS)
    for name, label in _FIELDS:
        value = getattr(doc, name)
        if name == "issued" and value:
            value = f"{value} ({doc.issued_precision})"
        shown = value if value else "unknown"
        if name.startswith("province") and not value and doc.issuer and is_central(doc.issuer):
            shown = "none (central body)"
        where = doc.provenance.get(name, "")
        out.append(f"  {label:<{width}}  {shown}" + (f"   [{where}]" if value and where else ""))
    if doc.co_issuers or doc.co_signers:  # a joint document: the other bodies and their signers
        out.append("\n  Liên tịch / joint with:")
        out.extend(f"    - {name}" for name in doc.co_issuers)
        out.extend(f"    - người ký / signer: {name}" for name in doc.co_signers)
    if doc.recipients:
        out.append("\n  Kính gửi / recipients:")
        out.extend(f"    - {r}" for r in doc.recipients)
    if doc.received:
        out.append("\n  Dấu đến / received:")
        for stamp in doc.received:
            out.append(
                f"    - {stamp.get('office') or 'unknown office'}: số {stamp.get('number') or '?'}, "
                f"ngày {stamp.get('date') or '?'}"
            )
    if doc.cites:
        out.append("\n  Văn bản được dẫn / cites:")
        for c in doc.cites:
            details = ", ".join(filter(None, [c.doc_type, c.issued, c.issuer]))
            out.append(f"    - {c.relation or 'mentions'} {c.number}" + (f" ({details})" if details else ""))
    links = []
    if doc.attached_to:
        links.append(f"attached to {doc.attached_to}")
    if doc.attachments:
        links.append("attachments: " + ", ".join(doc.attachments))
    if doc.copies:
        links.append(("canonical copy; " if doc.canonical else "copy; ") + "copies: " + ", ".join(doc.copies))
    if links:
        out.append("\n  Liên kết / links: " + "; ".join(links))
    out.append(f"\n  Điều khoản / clauses ({len(doc.clauses)}):")
    if not doc.clauses:
        out.append("    (none)")
    for clause in doc.clauses:
        body = doc.text[clause.start : clause.end]
        if body.startswith(clause.label):
            body = body[len(clause.label) :]
        body = body.lstrip("* ")
        out.append(f"    {'  ' * (clause.level - 1)}[{clause.path}] {_first_words(body, 70)}")
    if doc.warnings:
        out.append("\n  Notes:")
        out.extend(f"    - {w}" for w in doc.warnings)
    return "\n".join(out)
