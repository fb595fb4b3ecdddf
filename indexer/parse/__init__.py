"""Document understanding: a file's text → Documents with metadata, clauses, citations and links.

Public API:
- `parse_documents(text, source)`: one file → one Document per document it holds; later parts that
  the first one forwards are linked (`attached_to` / `attachments`).
- `indexer.parse.copies.group_copies(documents)`: copies of one document across files.
- `indexer.parse.resolve.link_citations(documents)`: number key → ids.
- `indexer.parse.report.format_document(doc)`: the human view of `vanban inspect`.
- `indexer.parse.gazetteer.current_province(name)`: pre-2025 province → its successor.

Decisions (what a careful clerk would say, and nothing more):
- provenance: "stated" = printed in a formal part (header, title, signature, stamp); "inferred" =
  deduced (type from the symbol's code or a V/v line, province from the text or a receipt stamp, issue
  month from a meeting date, parent body from the known hierarchy); "inherited" = from a fuller copy.
- province is the issuing body's; central bodies (Bộ Chính trị, Chính phủ, Bộ ...) have none, even
  when the place is Hà Nội. A receipt stamp only locates a local body whose name lacks its province.
- a blank number (`Số: /UBND-VX`) keeps the symbol as `number` and leaves `number_key` empty.
- a meeting date is not an issue date: the month is inferred when the meeting fell on days 1-20,
  only the year otherwise; a decree's number gives its year.
- `signer_authority` lists every authority as printed in order (`TM. KT.`, `T/M`, `TL.`).
- clause paths: see indexer.parse.clauses (`2.1.a`, `Điều 5.2.a`, `II.3`, bullets `1.-2`).
- subjects and titles are kept as printed (upper case included); body names and titles are
  normalised (`ỦY BAN NHÂN DÂN TỈNH LAI CHÂU` → `UBND tỉnh Lai Châu`, new tone placement).
- a file holds a second document only where a header has its own filled number, date and issuer;
  appendices, blank forms and enacted regulations after a signature are clauses of their document
  (indexer.parse.appendix).
- a joint document keeps its first body and signer as `issuer`/`signer`, the others in
  `co_issuers`/`co_signers` (the facets count it once).
"""

from __future__ import annotations

import unicodedata

from indexer.model import INFERRED, Document


def parse_documents(text: str, source: str) -> list[Document]:
    from indexer.parse.document import parse_part
    from indexer.parse.split import document_starts, part_starts, read_lines

    warnings = []
    if not unicodedata.is_normalized("NFC", text):
        # tantivy and our patterns need composed letters; the characters look the same to a reader
        text = unicodedata.normalize("NFC", text)
        warnings.append("text normalised to Unicode NFC")
    if not text.strip():
        from indexer.model import content_hash, document_id

        return [
            Document(
                id=document_id(source, text, 0),
                source=source,
                text=text,
                content_hash=content_hash(text),
                warnings=warnings + ["empty document"],
            )
        ]
    lines = read_lines(text)
    candidates = part_starts(text, lines)
    starts = document_starts(text, lines, candidates)
    if len(starts) == 1:  # one document: its lines and the headers after its signature are known
        documents = [parse_part(text, source, 0, lines, candidates[1:])]
    else:
        bounds = list(zip(starts, starts[1:] + [len(text)], strict=True))
        documents = [parse_part(text[a:b], source, n) for n, (a, b) in enumerate(bounds)]
    for doc in documents:
        doc.warnings[:0] = warnings
    if len(documents) > 1:
        _link_attachments(documents)
    return documents


def _link_attachments(documents: list[Document]) -> None:
    """Later parts are attachments of the first when it cites them or says it sends something along."""
    first = documents[0]
    cited = {c.number_key for c in first.cites}
    sends = any(c.relation == "kèm theo" for c in first.cites) or "kèm theo" in first.text.lower()
    for doc in documents[1:]:
        if (doc.number_key and doc.number_key in cited) or sends:
            doc.attached_to = first.id
            first.attachments.append(doc.id)
            doc.provenance["attached_to"] = INFERRED
        else:
            doc.warnings.append(
                f"second document in the file (part {doc.part}), not referred to by the first"
            )
