"""The document model shared by the parser, the pipeline and every engine.

Plain dataclasses so they serialise to the JSON of `vanban inspect --json` and of the API without
ceremony. Field names are the ones in DESIGN.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields

# Provenance of a metadata value: read from the header, inferred from the body, or inherited from
# a fuller copy of the same document.
STATED = "stated"
INFERRED = "inferred"
INHERITED = "inherited"
GIVEN = "given"  # supplied by the producer of a jsonl record


@dataclass
class Citation:
    number: str  # as printed, e.g. "1276-CV/TU"
    number_key: str  # normalised lookup key (analyzers.numbers.number_key)
    doc_type: str = ""  # "công văn", "thông báo", ... when the citation says so
    relation: str = ""  # thực hiện / căn cứ / theo / kèm theo / "" (plain mention)
    issued: str = ""  # ISO date cut to precision, "" if not given
    issuer: str = ""
    start: int = 0  # character span of the citation in Document.text
    end: int = 0


@dataclass
class Clause:
    path: str  # "2", "2.3", "2.3.a", "Điều 5.2.a"
    label: str  # the marker as printed: "2.", "a)", "Điều 5."
    start: int  # character span in Document.text (own text, children included)
    end: int
    level: int = 1
    text: str = ""  # Document.text[start:end], filled by the parser

    @property
    def anchor(self) -> str:
        return "c-" + "".join(ch if ch.isalnum() else "-" for ch in self.path)


@dataclass
class Document:
    id: str = ""
    source: str = ""  # path of the file it came from (relative where possible)
    content_hash: str = ""
    text: str = ""  # original text of this document (never folded)
    title: str = ""  # the type line + subject as printed, for display
    number: str = ""  # as printed, spaces trimmed: "628/UBND-VX", "172-TB/TW"
    number_key: str = ""
    doc_type: str = ""  # "công văn", "thông báo", "quyết định", ... ; "" when unknown
    issuer: str = ""  # normalised body, e.g. "UBND tỉnh Lai Châu"
    parent_issuer: str = ""
    province: str = ""  # at issue time (pre-2025 name)
    province_current: str = ""  # successor after the 2025 merger
    place: str = ""
    issued: str = ""  # ISO date cut to precision: "2020-03-29", "2021-09", "2021", ""
    issued_precision: str = "unknown"  # day | month | year | unknown
    subject: str = ""
    recipients: list[str] = field(default_factory=list)
    signer: str = ""
    signer_title: str = ""
    signer_authority: str = ""  # TM. / KT. / TL. / Q. ("" when signing in own name)
    # a joint document (thông tư liên tịch): the other issuing bodies and signers, in printed order;
    # `issuer` and `signer` keep the first, so the facets count each document once
    co_issuers: list[str] = field(default_factory=list)
    co_signers: list[str] = field(default_factory=list)
    cites: list[Citation] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    received: list[dict] = field(default_factory=list)  # {office, number, date}
    provenance: dict[str, str] = field(default_factory=dict)  # field name -> STATED/INFERRED/...
    copies: list[str] = field(default_factory=list)  # ids of other documents holding the same text
    canonical: bool = True  # False for a copy collapsed under another document
    attached_to: str = ""  # id of the document that forwards this one (same file)
    attachments: list[str] = field(default_factory=list)
    part: int = 0  # index of this document within its file
    url: str = ""
    indexed_at: str = ""  # UTC time (ISO 8601) this version was written to the index; set by the engine
    warnings: list[str] = field(default_factory=list)  # e.g. "repaired from TCVN3"

    @property
    def year(self) -> str:
        return self.issued[:4] if self.issued else ""

    @property
    def month(self) -> str:
        return self.issued[:7] if len(self.issued) >= 7 else ""

    def to_dict(self) -> dict:
        """Same as dataclasses.asdict, written out: asdict deep-copies every value recursively and was
        a measurable share of indexing time."""
        data = {name: getattr(self, name) for name in _DOC_SCALARS}
        data["recipients"] = list(self.recipients)
        data["co_issuers"] = list(self.co_issuers)
        data["co_signers"] = list(self.co_signers)
        data["cites"] = [{name: getattr(c, name) for name in _CITATION_FIELDS} for c in self.cites]
        data["clauses"] = [{name: getattr(c, name) for name in _CLAUSE_FIELDS} for c in self.clauses]
        data["received"] = [dict(r) for r in self.received]
        data["provenance"] = dict(self.provenance)
        data["copies"] = list(self.copies)
        data["attachments"] = list(self.attachments)
        data["warnings"] = list(self.warnings)
        return {name: data[name] for name in _DOC_FIELDS}  # asdict's key order

    def stored_json(self) -> str:
        """The compact stored form: `to_dict` as JSON minus each clause's text, a slice of `text`
        that `from_dict` restores (nested clauses would otherwise store most of the text again)."""
        data = self.to_dict()
        for clause in data["clauses"]:
            del clause["text"]
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        data = dict(data)
        text = data.get("text", "")
        data["cites"] = [Citation(**c) for c in data.get("cites", [])]
        data["clauses"] = [
            Clause(**c) if "text" in c else Clause(**c, text=text[c["start"] : c["end"]])
            for c in data.get("clauses", [])
        ]
        known = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in known})


_DOC_FIELDS = tuple(f.name for f in fields(Document))
_DOC_CONTAINERS = {
    "recipients",
    "co_issuers",
    "co_signers",
    "cites",
    "clauses",
    "received",
    "provenance",
    "copies",
    "attachments",
    "warnings",
}
_DOC_SCALARS = tuple(name for name in _DOC_FIELDS if name not in _DOC_CONTAINERS)
_CITATION_FIELDS = tuple(f.name for f in fields(Citation))
_CLAUSE_FIELDS = tuple(f.name for f in fields(Clause))


def safe_source(path: str) -> str:
    """A path as vanban stores and shows it: valid UTF-8. A file name in another encoding (bytes the OS
    handed over as surrogates) keeps its bad bytes visible as \\xNN instead of failing the file."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# The id alphabet: what a URL path segment carries unescaped; producer ids (jsonl) must keep to it.
DOC_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id(source: str, text: str, part: int = 0) -> str:
    """Stable id from the source path and the content, short enough for URLs."""
    digest = hashlib.sha256(f"{source}\x00{part}\x00{text}".encode()).hexdigest()
    return digest[:16]
