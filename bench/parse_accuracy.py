"""Parser accuracy on real documents: labels, the fixed split, and how a parsed value matches a label.

Two label sets over ../shared/corpus/real:
- `gold`: gold-dev.json, 40 files labelled by hand (number, type, issuer, province, issued, signer,
  subject) in the printed form.
- `gazette`: the Công báo files' own metadata (`given` in metadata.jsonl): the number from `so_hieu`
  (slug `thong-tu-so-45-2026-tt-btc-469477` or printed `Thông tư số 25/2026/TT-BKHCN`), the type from
  `loai`, the issuer from the number's body code (`…-tt-btc` → Bộ Tài chính; joint codes not labelled),
  the issue year from `nam` (only when it is a plausible year: the source fills it with 0 or the gazette
  number for ~60 files), and province empty (every gazette issuer is central).

Split: a file is `tune` or `held` by the parity of the first byte of md5(file name): fixed forever,
independent of the parser, roughly half each.

Matching (one key function for text: NFC, diacritics folded, lower case, words of letters and digits):
- number: the same key, leading zeros of the serial dropped (`07/2026/TT-BNV` = `7/2026/TT-BNV`); a
  draft's blank number compares by its symbol (`/UBND-NCKSTTHC`).
- type: the same key after expanding the gazette's abbreviations (`QĐ`, `NQ`, `VB HN`, `TT Liên tịch`).
- issuer: the label is the header's left block as printed (`UBND TỈNH BÌNH THUẬN SỞ NỘI VỤ`), ours a
  normalised body (`Sở Nội vụ tỉnh Bình Thuận`) plus a parent. Abbreviations expand both ways
  (`UBND` = `Ủy ban nhân dân`, `MTTQ` = `Mặt trận Tổ quốc`, `TP` = `thành phố`). Ours matches when it
  starts with the label's LOWEST body (the last segment that opens with a body word: `Sở Nội vụ`) and
  every further word of ours is printed somewhere in the label (`tỉnh Bình Thuận`): the issuer must name
  the lowest body and may only add what the header printed. Joint issuers (`A - B - C`, each opening
  with a body word) must name every body, in any order.
- province: the key; a label of null (central body, or not said) counts a false positive when we give one.
- issued: the ISO string exactly (precision included: `2025-02` is not `2025-02-14`); the gazette
  label compares the year only.
- signer: the key of each name; co-signers as a set.
- subject: the key, after dropping a leading `V/v` (the label drops it, and keeps `Về việc` as printed).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

FIELDS = ("number", "doc_type", "issuer", "province", "issued", "signer", "subject")

_TYPE_ABBREVIATIONS = {
    "qd": "quyet dinh",
    "nq": "nghi quyet",
    "vb hn": "van ban hop nhat",
    "tt lien tich": "thong tu lien tich",
    "khac": "",
}
_ISSUER_CODES = {
    "cp": "chinh phu",
    "ttg": "thu tuong chinh phu",
    "btc": "bo tai chinh",
    "bkhdt": "bo ke hoach va dau tu",
    "bldtbxh": "bo lao dong thuong binh va xa hoi",
    "vpqh": "van phong quoc hoi",
    "bca": "bo cong an",
    "bkhcn": "bo khoa hoc va cong nghe",
    "bct": "bo cong thuong",
    "bnv": "bo noi vu",
    "byt": "bo y te",
    "nhnn": "ngan hang nha nuoc viet nam",
    "bxd": "bo xay dung",
    "bnnmt": "bo nong nghiep va moi truong",
    "bnnptnt": "bo nong nghiep va phat trien nong thon",
    "bgddt": "bo giao duc va dao tao",
    "btp": "bo tu phap",
    "ubtvqh": "uy ban thuong vu quoc hoi",
    "qh": "quoc hoi",
}
# abbreviations of body names, expanded before comparing (folded, lower case)
_EXPAND = (
    (r"\bubnd\b", "uy ban nhan dan"),
    (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bmttq\b", "mat tran to quoc"),
    (r"\btp\b", "thanh pho"),
    (r"\bub\b", "uy ban"),
)
_BODY_WORDS = (
    "uy ban",
    "hoi dong",
    "bo ",
    "so ",
    "ban ",
    "van phong",
    "tong cuc",
    "cuc ",
    "chi cuc",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "dang uy",
    "chinh phu",
    "thu tuong",
    "quoc hoi",
    "vien kiem sat",
    "toa an",
    "ngan hang",
    "phong ",
    "trung tam",
    "thanh tra",
)


def fold(text: str) -> str:
    from analyzers.fold import fold_diacritics

    return fold_diacritics(unicodedata.normalize("NFC", text or ""))


def key(text: str | None) -> str:
    """NFC, diacritics folded, lower case, words of letters and digits only."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text or "").lower()))


def split_half(name: str) -> str:
    return "tune" if hashlib.md5(name.encode("utf-8")).digest()[0] % 2 == 0 else "held"


def _body_key(text: str) -> str:
    out = key(text)
    for pattern, full in _EXPAND:
        out = re.sub(pattern, full, out)
    return out


# names that hold another body word inside them: never cut there
_COMPOUNDS = (
    "thu tuong chinh phu",
    "uy ban thuong vu quoc hoi",
    "uy ban nhan dan",
    "uy ban mat tran to quoc",
    "hoi dong nhan dan",
    "van phong quoc hoi",
    "van phong chinh phu",
    "ngan hang nha nuoc",
)


def _segments(label_key: str) -> list[str]:
    """The bodies of a printed header block, top to bottom: split before each body word."""
    words = label_key.split()
    cuts, i = [0], 0
    while i < len(words):
        rest = " ".join(words[i:]) + " "
        compound = next((c for c in _COMPOUNDS if rest.startswith(c + " ")), "")
        if i and (compound or rest.startswith(_BODY_WORDS)):
            cuts.append(i)
        i += len(compound.split()) if compound else 1
    cuts.append(len(words))
    return [" ".join(words[a:b]) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def issuer_matches(ours: str, label: str) -> bool:
    ours_key, label_key = _body_key(ours), _body_key(label)
    if not ours_key:
        return False
    if " - " in label:
        joint = [p for p in label.split(" - ") if (key(p) + " ").startswith(_BODY_WORDS)]
        if len(joint) > 1:
            return all(_body_key(p) in ours_key for p in joint)
    lowest = _segments(label_key)[-1] if label_key else ""
    if not lowest or not (ours_key == lowest or ours_key.startswith(lowest + " ")):
        return False
    printed = set(label_key.split())
    return all(word in printed for word in ours_key[len(lowest) :].split())


def type_key(text: str | None) -> str:
    k = key(text)
    return _TYPE_ABBREVIATIONS.get(k, k)


def signer_key(text: str | None) -> frozenset[str]:
    return frozenset(key(p) for p in (text or "").split(";") if key(p))


def subject_key(text: str | None) -> str:
    return key(re.sub(r"(?i)^\s*v/v\s*[:.]?\s*", "", text or ""))


def field_matches(name: str, ours: str, label: str) -> bool:
    if name == "issuer":
        return issuer_matches(ours, label)
    if name == "issued":
        return (ours or "") == label
    if name == "issued_year":
        return (ours or "")[:4] == label
    if name == "doc_type":
        return type_key(ours) == type_key(label)
    if name == "signer":
        return signer_key(ours) == signer_key(label)
    if name == "subject":
        return subject_key(ours) == subject_key(label)
    if name == "number":
        return number_compare_key(ours) == number_compare_key(label)
    return key(ours) == key(label)


def number_compare_key(number: str | None) -> str:
    """The key with leading zeros dropped from the serial (`07/2026/TT-BNV` is `7/2026/TT-BNV`)."""
    words = key(number).split()
    if words and words[0].isdigit():
        words[0] = words[0].lstrip("0") or "0"
    return " ".join(words)


# -- label sets -----------------------------------------------------------------------------------


def gold_labels(real: Path) -> dict[str, list[dict]]:
    rows = json.loads((real / "gold-dev.json").read_text(encoding="utf-8"))
    return {row["file"]: row["documents"] for row in rows}


def gazette_labels(real: Path) -> dict[str, list[dict]]:
    out = {}
    for line in (real / "metadata.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not row["file"].startswith("docs/congbao-"):
            continue
        given = row["given"]
        number, code = _gazette_number(given.get("so_hieu", ""))
        year = given.get("nam")
        label = {
            "number": number or None,
            "doc_type": type_key(given.get("loai")) or None,
            "issuer": _ISSUER_CODES.get(code) if code else None,
            "province": None,
            "issued_year": str(year) if isinstance(year, int) and 1990 <= year <= 2030 else None,
        }
        # None here means "the source does not say", not "empty": only the province is known empty
        out[row["file"]] = [{k: v for k, v in label.items() if v is not None or k == "province"}]
    return out


def _gazette_number(so_hieu: str) -> tuple[str, str]:
    """(number key, issuing body code) from `thong-tu-so-45-2026-tt-btc-469477` or a printed number."""
    printed = re.search(r"(?i)\bs[ốo]\s+(\S+/\S+)", so_hieu)
    if printed:
        number = printed.group(1)
    else:
        slug = re.sub(r"-\d+$", "", so_hieu)
        if "-so-" not in slug:
            return "", ""
        number = slug.split("-so-", 1)[1]
    parts = key(number).split()
    if not parts:
        return "", ""
    codes = [p for p in parts[1:] if not p.isdigit()]
    # the body code follows the type code; joint numbers (ttlt-a-b-c) name several bodies: unlabelled
    body = codes[1:] if len(codes) > 1 else codes
    code = re.sub(r"\d+$", "", body[0]) if len(body) == 1 else ""
    if code.startswith("ubtvqh"):
        code = "ubtvqh"
    return " ".join(parts), code
