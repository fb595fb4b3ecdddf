"""Queries that name an issuer, built from ../shared/corpus/real's own labels: what people type to find
a body's documents (`ubnd tinh binh thuan`, `bo y te covid`).

Labels (bench/parse_accuracy.py): the hand labels of gold-dev.json (the header's issuer block as
printed) and the gazette metadata (issuer from the number's body code). A file's issuer is the lowest
body of its header with the place of its parent (`UBND TỈNH BÌNH THUẬN / SỞ NỘI VỤ` → "sở nội vụ tỉnh
bình thuận"); joint issuers are left out. For each issuer:
- `typed`: its name with diacritics; `no diacritics`: folded; `other form`: folded with UBND spelt
  out or abbreviated (whichever the name does not use), when it holds one;
- `+ type`: folded name and the type of one of its documents (`bo tai chinh thong tu`);
- `+ topic`: folded name and the gazette's topic (`bo tai chinh thue tncn`).
Relevant: the files labelled with that issuer (and that type / topic). Only labelled files are
judged: a hit from an unlabelled file is dropped from the ranking before scoring (a condensed list),
since nobody said who issued it. Split: by issuer (md5 parity of its key, as the parse bench does),
so held-out issuers were never looked at while tuning. Pure functions over the labels; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzers.fold import fold_diacritics
from analyzers.tokenize import syllables
from bench.parse_accuracy import _BODY_WORDS, _ISSUER_CODES, _segments, key, split_half

# The gazette's body codes with their names as printed (the parse bench keeps them folded).
CODE_NAMES = {
    "cp": "Chính phủ",
    "ttg": "Thủ tướng Chính phủ",
    "btc": "Bộ Tài chính",
    "bkhdt": "Bộ Kế hoạch và Đầu tư",
    "bldtbxh": "Bộ Lao động - Thương binh và Xã hội",
    "vpqh": "Văn phòng Quốc hội",
    "bca": "Bộ Công an",
    "bkhcn": "Bộ Khoa học và Công nghệ",
    "bct": "Bộ Công Thương",
    "bnv": "Bộ Nội vụ",
    "byt": "Bộ Y tế",
    "nhnn": "Ngân hàng Nhà nước Việt Nam",
    "bxd": "Bộ Xây dựng",
    "bnnmt": "Bộ Nông nghiệp và Môi trường",
    "bnnptnt": "Bộ Nông nghiệp và Phát triển nông thôn",
    "bgddt": "Bộ Giáo dục và Đào tạo",
    "btp": "Bộ Tư pháp",
    "ubtvqh": "Ủy ban Thường vụ Quốc hội",
    "qh": "Quốc hội",
}
_UBND = ("ubnd", "uy ban nhan dan")


@dataclass(frozen=True)
class IssuerQuery:
    kind: str  # typed, no diacritics, other form, + type, + topic
    text: str
    issuer: str  # the issuer's key
    relevant: frozenset[str]  # files
    held_out: bool


def lower_words(text: str) -> list[str]:
    return [t.text for t in syllables(text)]


def issuer_name(printed: str) -> str:
    """The issuer a header block names, lower case with diacritics: its lowest body, followed by its
    parent's place when the parent is an UBND (`sở nội vụ tỉnh bình thuận`), or by the whole parent
    otherwise (`ban thường trực ủy ban mttq việt nam xã lương minh`); '' for a joint block."""
    if sum((key(p) + " ").startswith(_BODY_WORDS) for p in printed.split(" - ")) > 1:
        return ""
    words = lower_words(printed)
    segments = _segments(" ".join(fold_diacritics(w) for w in words))
    pieces, at = [], 0
    for segment in segments:
        n = len(segment.split())
        pieces.append(words[at : at + n])
        at += n
    if len(pieces) < 2:
        return " ".join(words)
    lowest, parent = pieces[-1], [w for piece in pieces[:-1] for w in piece]
    folded_parent = " ".join(fold_diacritics(w) for w in parent)
    for prefix in _UBND:
        if folded_parent.startswith(prefix + " "):
            parent = parent[len(prefix.split()) :]
            break
    return " ".join(lowest + parent)


def issuer_key(name: str) -> str:
    """Folded, UBND spelt out: the same body however its label was written."""
    folded = " ".join(fold_diacritics(w) for w in lower_words(name))
    return ("uy ban nhan dan " + folded[5:]) if folded.startswith("ubnd ") else folded


_FORMS = (("ubnd", "uy ban nhan dan"), ("hdnd", "hoi dong nhan dan"))


def other_form(folded: str) -> str:
    """The folded name with UBND / HĐND spelt out, or abbreviated; '' when it has neither."""
    for short, full in _FORMS:
        if folded.startswith(short + " "):
            return full + folded[len(short) :]
        if folded.startswith(full + " "):
            return short + folded[len(full) :]
    return ""


@dataclass(frozen=True)
class LabelledFile:
    file: str
    name: str  # issuer name, lower case with diacritics
    doc_type: str  # folded, '' when unknown
    topic: str  # the gazette's topic name, folded ('' outside the gazette)


def labelled_files(gold: dict[str, list[dict]], gazette: dict[str, list[dict]], topics: dict[str, str]):
    """One LabelledFile per file whose first document has a single issuer: the hand label first, else
    the gazette's code. `topics`: file → the gazette's topic name."""
    out = []
    for file in sorted(set(gold) | set(gazette)):
        name, doc_type = "", ""
        if gold.get(file):
            first = gold[file][0]
            name = issuer_name(first.get("issuer") or "")
            doc_type = first.get("doc_type") or ""
        elif gazette.get(file):
            first = gazette[file][0]
            code = next((c for c, folded in _ISSUER_CODES.items() if folded == first.get("issuer")), "")
            name = " ".join(lower_words(CODE_NAMES[code])) if code else ""
            doc_type = first.get("doc_type") or ""
        if name:
            folded_type = " ".join(fold_diacritics(w) for w in lower_words(doc_type))
            out.append(LabelledFile(file, name, folded_type, fold_diacritics(topics.get(file, "")).lower()))
    return out


def issuer_queries(files: list[LabelledFile]) -> list[IssuerQuery]:
    by_issuer: dict[str, list[LabelledFile]] = {}
    names: dict[str, str] = {}
    for f in files:
        k = issuer_key(f.name)
        by_issuer.setdefault(k, []).append(f)
        names.setdefault(k, f.name)
    out: list[IssuerQuery] = []
    for k in sorted(by_issuer):
        mine = by_issuer[k]
        held = split_half(k) == "held"
        name = names[k]
        folded = fold_diacritics(name)
        everything = frozenset(f.file for f in mine)
        variants = [("typed", name), ("no diacritics", folded), ("other form", other_form(folded))]
        out += [IssuerQuery(kind, text, k, everything, held) for kind, text in variants if text]
        for field, kind in (("doc_type", "+ type"), ("topic", "+ topic")):
            for value in sorted({getattr(f, field) for f in mine if getattr(f, field)}):
                relevant = frozenset(f.file for f in mine if getattr(f, field) == value)
                out.append(IssuerQuery(kind, f"{folded} {value}", k, relevant, held))
    return out


def condensed(ranked_files: list[str], judged: set[str], depth: int = 10) -> list[str]:
    """The ranking without unjudged files (each file once), cut at `depth`."""
    out: list[str] = []
    for f in ranked_files:
        if f in judged and f not in out:
            out.append(f)
            if len(out) == depth:
                break
    return out
