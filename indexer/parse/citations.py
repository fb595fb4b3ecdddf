"""Citations of other documents: `Thực hiện Công văn số 1276-CV/TU ngày 24/3/2020 của Ban Thường
vụ Tỉnh uỷ`, `Thông báo số 241/TB-VPCP`, `Nghị quyết số 68/NQ-CP của Chính phủ`, `số 2033 -TB/TU`.

Each number is kept once (the first place it is cited), with the details later mentions add. The
relation is the linking verb before the citation in the same sentence (căn cứ, thực hiện, theo,
kèm theo, sửa đổi, thay thế, bãi bỏ), or `kèm theo` when the sentence says the cited document is
sent along ("(sao gửi kèm theo)").
"""

from __future__ import annotations

import re
from functools import cache

from analyzers.fold import fold_diacritics
from analyzers.numbers import NUMBER_RE, number_key
from indexer.model import Citation
from indexer.parse.dates import date_after
from indexer.parse.doctypes import type_from_name, type_from_number, type_name_pattern
from indexer.parse.names import body_name, fix_tones

# folded relation phrases, longest first; "theo" alone only right before the type word
_RELATIONS = [
    ("kem theo", "kèm theo"),
    ("can cu", "căn cứ"),
    ("thuc hien", "thực hiện"),
    ("trien khai", "thực hiện"),
    ("sua doi", "sửa đổi"),
    ("thay the", "thay thế"),
    ("bai bo", "bãi bỏ"),
    ("quan triet", "thực hiện"),
]
_RELATION_RE = re.compile(r"(?i)\b(" + "|".join(f for f, _ in _RELATIONS) + r")\b")
_SENTENCE_END = re.compile(r"[.;:!?\n](?=\s)|\n")
_OF = re.compile(r"\s*(?:,\s*)?(?:của|cua)\s+", re.I)
# (?<!\s): a whitespace run is tried once from its start, not from every position inside it
_ISSUER_STOP = re.compile(
    r"(?i)(?<!\s)\s+(?:về|ve|tại|tai|trong|thông báo|kết luận|đã|da|và|va|đối với|ngày|nay|đến|để|"
    r"quy định|hướng dẫn|sau|khi)\b|[,;:()\".“”\n|*<]"
)


@cache
def _intro_pattern() -> re.Pattern:
    names = type_name_pattern().pattern.split("(?!")[0][len("(?i)(?<!\\w)") :]
    # bounded gaps: '\s*$' tried at every start of a whitespace run is quadratic
    return re.compile(
        r"(?i)(?:(?<!\w)(?P<type>" + names[1:-1] + r")\s{0,4})?(?P<so>s[ốo]\s{0,4}[:.]?)?\s{0,4}$"
    )


def _relation(folded: str, sentence_start: int, type_start: int) -> str:
    window = folded[sentence_start:type_start]
    found = list(_RELATION_RE.finditer(window))
    if found:
        last = found[-1].group(1).lower()
        return dict(_RELATIONS)[last]
    if re.search(r"(?i)\btheo\s*$", window):
        return "theo"
    return ""


def _issuer_after(text: str, pos: int) -> str:
    match = _OF.match(text, pos)
    if not match:
        return ""
    rest = text[match.end() : match.end() + 90]
    stop = _ISSUER_STOP.search(rest)
    phrase = rest[: stop.start()] if stop else rest
    words = phrase.split()
    if not words or len(words) > 9 or not words[0][:1].isupper():
        return ""
    return body_name(fix_tones(" ".join(words)))


def find_citations(text: str, skip: list[tuple[int, int]] = (), own_key: str = "") -> list[Citation]:
    folded = fold_diacritics(text)
    by_key: dict[str, Citation] = {}
    order: list[str] = []
    last_type = ""
    last_type_end = -1
    for match in NUMBER_RE.finditer(text):
        start, end = match.span()
        if any(a <= start < b for a, b in skip):
            continue
        number = re.sub(r"\s+", "", match.group(0))
        key = number_key(number)
        if not key or key == own_key:
            continue
        before = text[max(0, start - 60) : start]
        intro = _intro_pattern().search(before)
        if not intro or not (intro.group("type") or intro.group("so")):
            continue  # a bare number-like token is not a citation
        doc_type = ""
        type_start = start - (len(before) - intro.start())
        if intro.group("type"):
            doc_type = type_from_name(intro.group("type"))
        elif (
            last_type
            and start - last_type_end < 60
            and re.search(r",\s*(?:và\s*)?$", before[: intro.start()])
        ):
            doc_type = last_type  # "Thông báo số 2032-TB/TU ngày ..., số 2033-TB/TU"
        doc_type = doc_type or type_from_number(number)
        sentence = [m.end() for m in _SENTENCE_END.finditer(folded, max(0, type_start - 300), type_start)]
        sentence_start = sentence[-1] if sentence else max(0, type_start - 300)
        relation = _relation(folded, sentence_start, type_start)
        issued, after = date_after(text, folded, end)
        issuer = _issuer_after(text, after)
        if not issued and issuer:
            issued, _ = date_after(text, folded, after + 4 + len(issuer), 60)
        if not relation:
            tail = folded[end : end + 250]
            stop = _SENTENCE_END.search(tail)
            if re.search(r"(?i)\bkem theo\b", tail[: stop.start() if stop else len(tail)]):
                relation = "kèm theo"
        last_type, last_type_end = doc_type, end
        citation = Citation(
            number=number,
            number_key=key,
            doc_type=doc_type,
            relation=relation,
            issued=issued,
            issuer=issuer,
            start=start,
            end=end,
        )
        known = by_key.get(key)
        if known is None:
            by_key[key] = citation
            order.append(key)
        else:
            for name in ("doc_type", "relation", "issued", "issuer"):
                if not getattr(known, name):
                    setattr(known, name, getattr(citation, name))
            if len(citation.issuer) > len(known.issuer):  # "Ban Thường vụ Tỉnh ủy" says more than "Tỉnh ủy"
                known.issuer = citation.issuer
    return [by_key[k] for k in order]
