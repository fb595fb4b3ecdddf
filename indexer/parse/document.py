"""One document's text → a filled Document (metadata with provenance, clauses, citations)."""

from __future__ import annotations

import re

from analyzers.numbers import number_key
from indexer.model import INFERRED, STATED, Document, content_hash
from indexer.parse.appendix import appendix_clauses, appendix_starts, with_appendices
from indexer.parse.citations import find_citations
from indexer.parse.clauses import split_clauses
from indexer.parse.closing import adoption_date, consolidation_block
from indexer.parse.dates import iso
from indexer.parse.doctypes import type_from_number
from indexer.parse.gazetteer import find_province, infer_province, provinces_in
from indexer.parse.header import Header, month_from_meeting, read_header
from indexer.parse.names import KNOWN_PARENTS, body_name, central_body_of_number, is_central
from indexer.parse.signature import co_signatures, read_signature

_SUB_BODIES = ("Ban Thường vụ", "Thường trực", "Ban Chấp hành")
_TOP_BODIES = ("Bộ Chính trị", "Ban Bí thư")
_STANDING = ("Ban Thường trực", "Ban Thường vụ", "Thường trực")
_PROVINCIAL = re.compile(
    r"^(Ban Thường vụ |Thường trực |Ban Chấp hành Đảng bộ |)(Tỉnh ủy|Thành ủy|UBND tỉnh|UBND thành phố|"
    r"HĐND tỉnh|HĐND thành phố|UBND|HĐND|Đảng bộ tỉnh)$"
)
_CLOSING = re.compile(r"\./\.\s*$|\./\s*$")


def _province_of(name: str) -> str:
    """The province a normalised body name ends with ('UBND tỉnh Lai Châu' → 'Lai Châu')."""
    found = provinces_in(name)
    if found:
        return found[-1][0]
    words = name.split()
    for size in (3, 2):  # OCR'd names: 'Văn phòng Tỉnh ủy Kiến Giang'
        if len(words) >= size:
            province = find_province(" ".join(words[-size:]))
            if province:
                return province.name
    return ""


def parse_part(text: str, source: str = "", part: int = 0, lines=None, header_tops=None) -> Document:
    """One document's text (its `lines` and the offsets of the `header_tops` inside it when the
    caller has read them) → a filled Document."""
    from indexer.model import document_id
    from indexer.parse.split import read_lines

    doc = Document(source=source, text=text, part=part, content_hash=content_hash(text))
    doc.id = document_id(source, text, part)
    lines = read_lines(text) if lines is None else lines
    header = read_header(lines)
    block = consolidation_block(lines)
    if block is not None:
        header = _consolidated(header, block.header)
    sig = read_signature(lines, header.body_start)
    doc.co_signers = [other.name for other in co_signatures(lines, sig)]
    appendix = _appendices(text, lines, sig, header_tops)
    own_text = text[: lines[appendix[0]].start] if appendix else text  # the document without them
    if block is not None and block.signature.name:
        sig = block.signature
    _number_and_type(doc, header, consolidated=block is not None)
    _date_and_place(doc, header)
    _issuer_and_province(doc, header, sig, own_text)
    if not doc.issued:
        _date_from_elsewhere(doc, header, own_text, lines)
    _signature(doc, header, sig)
    _body(doc, header, sig, text, lines)
    doc.clauses = with_appendices(doc.clauses, appendix_clauses(text, lines, appendix))
    if not header.bodies and not header.type_line and not header.number:
        doc.warnings.append("no header: issuer, number and date not stated")
    return doc


def _appendices(text: str, lines, sig, header_tops) -> list[int]:
    """Line indexes where the appendices after the signature open (none without a signature). A
    `Nơi nhận` found inside one is a blank form's, not the document's."""
    from indexer.parse.split import part_starts

    if sig.end < 0:
        return []
    if header_tops is None:
        header_tops = part_starts(text, lines)[1:]
    index_at = {line.start: i for i, line in enumerate(lines) if not line.blank}
    tops = [index_at[offset] for offset in header_tops if offset in index_at]
    starts = appendix_starts(lines, sig.end, tops)
    if starts and sig.noi_nhan_start >= starts[0]:
        sig.noi_nhan, sig.noi_nhan_start = [], -1
    return starts


def _consolidated(header: Header, block: Header) -> Header:
    """A VBHN: number, date, place and issuer from its authentication block, title from its head."""
    header.number, header.number_blank = block.number, block.number_blank
    header.number_span = block.number_span
    header.issued, header.precision, header.place = block.issued, block.precision, block.place
    if block.bodies:
        header.bodies = block.bodies
    header.doc_type, header.consolidated = "văn bản hợp nhất", True
    return header


def _number_and_type(doc: Document, header: Header, consolidated: bool) -> None:
    prov = doc.provenance
    if header.number:
        doc.number = header.number
        prov["number"] = STATED
        if header.number_blank:
            doc.warnings.append(
                f"number left blank in the header (only the symbol {header.number} is printed)"
            )
        else:
            doc.number_key = number_key(header.number)
    symbol = header.number if not header.number_blank else "0" + header.number
    if header.doc_type:
        doc.doc_type, prov["doc_type"] = header.doc_type, STATED
    elif header.number and type_from_number(symbol):
        doc.doc_type, prov["doc_type"] = type_from_number(symbol), INFERRED
    elif header.subject_is_vv:
        doc.doc_type, prov["doc_type"] = "công văn", INFERRED
    if header.subject:
        doc.subject, prov["subject"] = header.subject, STATED
    doc.title = header.title


def _date_and_place(doc: Document, header: Header) -> None:
    if header.issued:
        doc.issued, doc.issued_precision = header.issued, header.precision
        doc.provenance["issued"] = STATED
    if header.place:
        doc.place, doc.provenance["place"] = header.place, STATED


def _issuer_and_province(doc: Document, header: Header, sig, text: str) -> None:
    """Issuer: header bodies, refined by the signature's TM./T/M body, else the title's "của ...";
    then the province (never for a central body), which may complete a local issuer's name."""
    prov = doc.provenance
    issuer, parent, issuer_prov = _issuer(doc, header, sig)
    central = (bool(issuer) and is_central(issuer)) or bool(central_body_of_number(doc.number))
    province, province_prov = _province(doc, header, issuer, parent, central, text)
    if province:
        found = find_province(province)
        doc.province = province
        doc.province_current = found.successor if found else ""
        prov["province"] = province_prov
        prov["province_current"] = province_prov
        if issuer and not _province_of(issuer) and _PROVINCIAL.match(issuer):
            issuer = (
                f"{issuer} {province}"
                if not issuer.endswith(("UBND", "HĐND"))
                else f"{issuer} tỉnh {province}"
            )
            issuer_prov = INFERRED if province_prov != STATED else issuer_prov
        if parent and not _province_of(parent) and _PROVINCIAL.match(parent):
            parent = f"{parent} {province}"
        if (
            issuer
            and not _province_of(issuer)
            and parent
            and _province_of(parent)
            and not central
            and issuer.startswith(("Sở ", "Ban ", "Văn phòng ", "Chi cục ", "Trung tâm "))
        ):
            unit = "thành phố" if found and found.kind == "thành phố" else "tỉnh"
            issuer = f"{issuer} {unit} {province}"
    if (
        issuer
        and not parent
        and issuer.startswith(("Ban Thường vụ ", "Thường trực "))
        and len(issuer.split()) > 3
    ):
        parent = issuer.split(" ", 3)[3] if issuer.startswith("Ban ") else issuer.split(" ", 2)[2]
        prov["parent_issuer"] = INFERRED
    if issuer:
        doc.issuer, prov["issuer"] = issuer, issuer_prov or STATED
    if parent:
        doc.parent_issuer = parent


def _issuer(doc: Document, header: Header, sig) -> tuple[str, str, str]:
    """(issuer, parent, provenance of the issuer) from the header bodies and the signature."""
    prov = doc.provenance
    if header.joint:  # a joint circular: the first body issues, the others are named beside it
        names = [body_name(b) for b in header.joint]
        doc.co_issuers = names[1:]
        prov["co_issuers"] = STATED
        return names[0], "", STATED
    names = [body_name(b) for b in header.bodies]
    names = [n for i, n in enumerate(names) if n and (i == 0 or n != names[i - 1])]  # printed twice
    issuer = names[-1] if names else ""
    parent = names[-2] if len(names) >= 2 else ""
    issuer_prov = STATED if issuer else ""
    behalf = sig.on_behalf_of
    if not issuer:
        of_title = _body_in_title(doc.subject)
        if of_title:
            issuer, issuer_prov = of_title, STATED
        if behalf and (not issuer or issuer.startswith(behalf) is False and behalf not in issuer):
            if not issuer or len(behalf) > len(issuer):
                issuer, issuer_prov = behalf, STATED
    elif behalf and behalf not in issuer and not issuer.startswith(behalf.split()[0] + " " + behalf):
        if behalf.startswith(_TOP_BODIES):
            parent, issuer = issuer, behalf
        elif behalf.startswith(_SUB_BODIES) and not issuer.startswith(_SUB_BODIES):
            parent, issuer = issuer, f"{behalf} {issuer}"
    if not issuer and doc.number:
        by_code = central_body_of_number(doc.number)
        if by_code:  # a text whose header was lost (image-only gazette page): the symbol names it
            issuer, issuer_prov = by_code, INFERRED
    if parent and issuer.startswith(_STANDING) and len(issuer.split()) <= 3:
        issuer = f"{issuer} {parent}"  # 'Ban Thường trực' alone names no one: 'Ban Thường trực Ủy ban …'
    if issuer in KNOWN_PARENTS and not parent:
        parent = KNOWN_PARENTS[issuer]
        prov["parent_issuer"] = INFERRED
    if parent and "parent_issuer" not in prov:
        prov["parent_issuer"] = STATED
    return issuer, parent, issuer_prov


def _province(
    doc: Document, header: Header, issuer: str, parent: str, central: bool, text: str
) -> tuple[str, str]:
    """The issuing body's province: its name, its parent's, the place, a receipt stamp, the text."""
    province = _province_of(issuer)
    if province or central:
        return province, STATED
    if parent:
        province = _province_of(parent)
        if province:
            return province, STATED
    if doc.place and issuer:
        found = find_province(doc.place)
        if found:  # the place locates a local body; with no body known it may be a ministry's Hà Nội
            return found.name, STATED
    for stamp in header.stamps:
        received_in = _province_of(stamp.office)
        if received_in:
            doc.warnings.append(f"province inferred from the receipt stamp of {stamp.office}")
            return received_in, INFERRED
    guess, confidence = infer_province(text)
    if guess:
        doc.warnings.append(f"province inferred from the text: {guess} (confidence {confidence:.2f})")
        return guess, INFERRED
    return "", STATED


def _date_from_elsewhere(doc: Document, header: Header, text: str, lines) -> None:
    """No date in the header: the adoption formula at the end (stated), a meeting date in the opening,
    or a decree's year in its number (inferred)."""
    prov = doc.provenance
    adopted, precision = adoption_date(text)
    if adopted:
        doc.issued, doc.issued_precision, prov["issued"] = adopted, precision, STATED
        return
    month, precision, meeting = month_from_meeting(" ".join([doc.subject, _opening(text, lines, header)]))
    if month:
        doc.issued, doc.issued_precision, prov["issued"] = month, precision, INFERRED
        doc.warnings.append(f"issue date inferred from the meeting of {meeting}")
    elif doc.number and re.match(r"^\d+/(\d{4})/", doc.number):
        year, precision = iso(int(doc.number.split("/")[1]))
        if year:
            doc.issued, doc.issued_precision, prov["issued"] = year, precision, INFERRED


def _signature(doc: Document, header: Header, sig) -> None:
    """Recipients, signer, title and authority, receipt stamps."""
    prov = doc.provenance
    if header.recipients:
        doc.recipients, prov["recipients"] = header.recipients, STATED
    elif sig.noi_nhan:
        doc.recipients = [r for r in sig.noi_nhan if not re.match(r"(?i)^(lưu|như trên|như điều)", r)]
        prov["recipients"] = STATED
    if sig.name:
        doc.signer, prov["signer"] = sig.name, STATED
    if sig.title:
        doc.signer_title, prov["signer_title"] = sig.title, STATED
    if sig.authorities:
        doc.signer_authority = " ".join(sig.authorities)
        prov["signer_authority"] = STATED
    doc.received = [s.as_dict() for s in header.stamps]


def _body(doc: Document, header: Header, sig, text: str, lines) -> None:
    """Clauses between the header and the closing, and the citations of the whole text."""
    body_end_line = len(lines)
    for candidate in (sig.noi_nhan_start, sig.start):
        if header.body_start <= candidate < body_end_line:
            body_end_line = candidate
    body_end = lines[body_end_line].start if body_end_line < len(lines) else len(text)
    body_end = _closing_paragraph(text, lines, header.body_start, body_end_line, body_end)
    doc.clauses = split_clauses(text, lines, header.body_start, body_end_line, body_end)
    skip = [header.number_span] if header.number_span[0] >= 0 else []
    doc.cites = find_citations(text, skip, doc.number_key)


def _opening(text: str, lines, header) -> str:
    if header.body_start >= len(lines):
        return ""
    start = lines[header.body_start].start
    return text[start : start + 600]


def _body_in_title(subject: str) -> str:
    match = re.search(r"(?i)\bcủa\s+(.{3,60}?)(?=\s+(?:về|tại|trong|đối với)\s|\s*[(,]|$)", subject)
    if not match:
        return ""
    name = body_name(match.group(1))
    return (
        name
        if name.startswith(
            (
                "Ban ",
                "Bộ ",
                "Tỉnh ủy",
                "Thành ủy",
                "Huyện ủy",
                "UBND",
                "HĐND",
                "Chính phủ",
                "Thủ tướng",
                "Văn phòng",
                "Thường trực",
                "Sở ",
            )
        )
        else ""
    )


def _closing_paragraph(text: str, lines, start_line: int, end_line: int, end: int) -> int:
    """The closing sentence ('UBND tỉnh yêu cầu ... thực hiện./.') is not part of the last clause."""
    from indexer.parse.clauses import marker

    for i in range(end_line - 1, start_line - 1, -1):
        line = lines[i]
        if line.blank:
            continue
        if _CLOSING.search(line.clean) and marker(line) is None and i > start_line and lines[i - 1].blank:
            return line.start
        return end
    return end
