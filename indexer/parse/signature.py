"""The signature block and `Nơi nhận`, wherever they stand.

The block is the first run of authority lines (`TM.`, `KT.`, `TL.`, `Q.`, `T/M`) or a bare title
(`BỘ TRƯỞNG`, `CHỦ TỊCH QUỐC HỘI`) after the header that a person's name follows: appendices, blank
signature templates, portal footers and tables of contents come after it and never hide it. A name
is 2-6 capitalised words starting with a Vietnamese family name (config/surnames.json): a title, an
office or a heading is never a person. When no block has a name, the last authority lines near the
end still give the authority and the title.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache

from analyzers.fold import fold_diacritics
from indexer.parse.header import _AUTHORITY, _BULLET, _NOI_NHAN, _SIGNED, _items
from indexer.parse.lines import Line, is_upper
from indexer.parse.names import _TITLES, body_name, person_name, signer_title
from indexer.settings import CONFIG_DIR

SURNAMES_PATH = CONFIG_DIR / "surnames.json"
_NAME_WINDOW = 10  # lines between the block's first line and the name (titles, "(Đã ký)", blanks)
_TAIL_WINDOW = 60  # where the fallback looks for a block without a name


@dataclass
class Signature:
    authorities: list[str] = field(default_factory=list)
    on_behalf_of: str = ""  # body after TM./T/M/TL./T/L
    title: str = ""
    name: str = ""
    start: int = -1  # line index where the block starts
    end: int = -1  # line index after the block (after the name when there is one)
    noi_nhan: list[str] = field(default_factory=list)
    noi_nhan_start: int = -1


@cache
def surnames() -> frozenset[str]:
    data = json.loads(SURNAMES_PATH.read_text(encoding="utf-8"))
    return frozenset(fold_diacritics(s).lower() for s in data["surnames"])


def read_signature(lines: list[Line], body_start: int) -> Signature:
    sig = Signature()
    start = _block_start(lines, body_start)
    _read_noi_nhan(sig, lines, body_start, start)
    if start >= 0:
        _read_block(sig, lines, start)
    if not sig.name and sig.noi_nhan_start >= 0:
        _side_by_side(sig, lines, sig.noi_nhan_start)
    return sig


def _side_by_side(sig: Signature, lines: list[Line], head: int) -> None:
    """A text layer that printed the two closing columns on the same lines, one space apart:
    `Nơi nhận: GIÁM ĐỐC` / `- Như trên; (Đã ký và đóng dấu)` / `- Bộ Giáo dục và Đào tạo;` /
    `- UBND thành phố; Lê Thị Bích Thuận`. The title stands after `Nơi nhận:`, the name at the end of
    a list line after its `;`; both are cut from the recipients."""
    rest = _NOI_NHAN.sub("", lines[head].folded)
    title = lines[head].clean[len(lines[head].clean) - len(rest) :] if rest else ""
    if not (title and is_upper(title) and _opens_block_text(title)):
        return
    for j in range(head + 1, min(len(lines), head + 1 + _NAME_WINDOW)):
        tail = lines[j].clean.rsplit(";", 1)[-1].strip() if ";" in lines[j].clean else ""
        if tail and looks_like_name(tail):
            sig.name = person_name(tail)
            sig.title = signer_title(title)
            sig.start = head
            sig.noi_nhan = [item for item in sig.noi_nhan if item != tail]
            return


def co_signatures(lines: list[Line], sig: Signature) -> list[Signature]:
    """The blocks printed right after the first one (a joint circular: one per body, side by side or
    one under the other): only blank lines and `(Đã ký)` marks between them; anything else ends them."""
    out: list[Signature] = []
    at = sig.end
    while at >= 0:
        start = _next_block(lines, at)
        if start < 0:
            break
        other = Signature()
        _read_block(other, lines, start)
        if not other.name:
            break
        out.append(other)
        at = other.end
    return out


def _next_block(lines: list[Line], at: int) -> int:
    for j in range(at, min(len(lines), at + _NAME_WINDOW)):
        line = lines[j]
        if line.blank or _SIGNED.match(line.clean):
            continue
        return j if _opens_block(line) and _name_follows(lines, j) else -1
    return -1


def _read_noi_nhan(sig: Signature, lines: list[Line], body_start: int, block: int) -> None:
    """The `Nơi nhận` list nearest the block (a blank template's list in an appendix is not it)."""
    n = len(lines)
    if block >= 0:
        order = sorted(range(max(body_start, block - 40), min(n, block + 30)), key=lambda i: abs(i - block))
    else:
        order = range(n - 1, body_start - 1, -1)
    for i in order:
        if not _NOI_NHAN.match(lines[i].folded):
            continue
        sig.noi_nhan_start = i
        sig.noi_nhan = recipient_items(lines, i)
        return


def recipient_items(lines: list[Line], head: int) -> list[str]:
    """The items of the list that opens at lines[head] (`Nơi nhận:`): the rest of that line, then its
    bullets and their wrapped lines, up to the first line of another kind. Where the list and the
    signature sit side by side in a table, the list ends with its cell: the authority, title and name
    beside it are never recipients."""
    opening = lines[head]
    items: list[str] = []
    inline = _NOI_NHAN.sub("", opening.folded)
    rest = opening.clean[len(opening.clean) - len(inline) :] if inline else ""
    titled = bool(rest) and is_upper(rest) and _opens_block_text(rest)  # 'Nơi nhận: GIÁM ĐỐC'
    if rest and not titled:
        items.extend(split_items(rest))
    side_by_side = False
    for line in lines[head + 1 :]:
        if line.blank:
            continue
        if opening.table and (not line.table or line.cell != opening.cell):
            break  # the cell beside the list: the signature
        if side_by_side or (titled and not items and _is_item_line(line)):
            if not _is_item_line(line):
                break
            side_by_side = True  # 'Nơi nhận: GIÁM ĐỐC' then 'Như trên; (Đã ký …)': items without dashes
            items.append(_SIGNED_TAIL.sub("", line.clean).rstrip().rsplit(";", 1)[0])
        elif _BULLET.match(line.raw.lstrip("*|")):
            items.extend(split_items(_BULLET.sub("", line.clean)))
        elif items and _wraps(line, opening):
            items[-1] = f"{items[-1]} {line.clean}".strip()
        else:
            break
    return [item for text in items for item in _items(text)]


_SIGNED_TAIL = re.compile(r"[(\[](?:đã ký|ký|da ky)[^)\]]{0,60}[)\]]\s*$", re.IGNORECASE)


def _is_item_line(line: Line) -> bool:
    """A list line printed without its dash: short, ending its item with ';' or '.' (a name or a
    signed-mark of the column beside it may follow)."""
    text = _SIGNED_TAIL.sub("", line.clean).rstrip()
    return len(text) <= 120 and not is_upper(text) and (";" in text or text.endswith("."))


def _wraps(line: Line, opening: Line) -> bool:
    """A list item's wrapped line: lower case first, or more words of the same table cell."""
    if is_upper(line.clean) or _AUTHORITY.match(line.clean):
        return False
    return line.clean[:1].islower() or (opening.table and line.table and line.cell == opening.cell)


def split_items(text: str) -> list[str]:
    """'- Như Điều 3; - Bộ Tư pháp; - Lưu: VT' (a list run into one line) → its items."""
    parts = re.split(r"[;,.:]\s*[-–+•]\s*(?=\S)|^\s*[-–+•]\s*", text)
    return [item for part in parts for item in _items(part)]


def _opens_block(line: Line) -> bool:
    return _opens_block_text(line.clean)


def _opens_block_text(clean: str) -> bool:
    if not clean or len(clean) > 90 or not is_upper(clean):
        return False
    return bool(_AUTHORITY.match(clean)) or _is_title(clean)


def _block_start(lines: list[Line], body_start: int) -> int:
    """The first block after the header with a name under it; else the last one near the end."""
    previous_opens = False
    for i in range(body_start, len(lines)):
        if lines[i].blank:
            continue
        opens = _opens_block(lines[i])
        if opens and not previous_opens and _name_follows(lines, i):
            return i
        previous_opens = opens
    window_start = max(body_start, len(lines) - _TAIL_WINDOW)
    for i in range(len(lines) - 1, window_start - 1, -1):
        if _AUTHORITY.match(lines[i].clean) and is_upper(lines[i].clean):
            while i - 1 >= window_start and _AUTHORITY.match(lines[i - 1].clean):
                i -= 1
            return i
    for i in range(len(lines) - 1, window_start - 1, -1):
        if is_upper(lines[i].clean) and _key(lines[i].clean) in _TITLES:
            return i
    return -1


def _name_follows(lines: list[Line], i: int) -> bool:
    for j in range(i + 1, min(len(lines), i + _NAME_WINDOW)):
        clean = lines[j].clean
        if not clean or _SIGNED.match(clean) or clean.startswith(("(", "[")):
            continue
        if is_upper(clean) and len(clean) <= 90 and not looks_like_name(clean):
            continue  # more titles or the body under the authority
        return looks_like_name(clean)
    return False


def _read_block(sig: Signature, lines: list[Line], start: int) -> None:
    """Authorities, the body signed for, the title and the name, from the block's first line on."""
    n = len(lines)
    sig.start = start
    j = start
    title_lines: list[str] = []
    while j < n and (lines[j].blank or is_upper(lines[j].clean)) and j < start + 8:
        clean = lines[j].clean
        if clean:
            match = _AUTHORITY.match(clean)
            if match:
                sig.authorities.append(_authority(match.group(1)))
                rest = clean[match.end() :].strip()
                if (
                    rest
                    and sig.authorities[-1] in ("TM.", "T/M", "TL.", "T/L", "TUQ.")
                    and not _is_title(rest)
                ):
                    body, title = _split_trailing_title(rest)  # 'TM. ỦY BAN … CHỦ TỊCH' on one line
                    sig.on_behalf_of = body_name(body)
                    if title:
                        title_lines.append(title)
                elif rest:
                    # 'KT. CHỦ TỊCH PHÓ CHỦ TỊCH' on one line: the signer's own title is the last one
                    head, own = _split_trailing_title(rest)
                    title_lines.append(own if own and _is_title(head) else rest)
            elif title_lines and looks_like_name(clean) and not _is_title(clean):
                break
            else:
                title_lines.append(clean)
        j += 1
    if title_lines:
        sig.title = signer_title(title_lines[-1])
    sig.end = j
    for k in range(j, min(n, j + 8)):
        clean = lines[k].clean
        if not clean or _SIGNED.match(clean) or clean.startswith(("(", "[")):
            continue
        if looks_like_name(clean, strict=not sig.authorities):
            sig.name = person_name(RANK.sub("", clean))
            sig.end = k + 1
        break


def _split_trailing_title(text: str) -> tuple[str, str]:
    """('ỦY BAN THƯỜNG VỤ QUỐC HỘI', 'CHỦ TỊCH') from a body and a title printed on one line."""
    words = text.split()
    for size in (4, 3, 2, 1):
        if len(words) > size and _key(" ".join(words[-size:])) in _TITLES:
            return " ".join(words[:-size]), " ".join(words[-size:])
    return text, ""


def _authority(printed: str) -> str:
    printed = printed.upper().replace(".", "")
    if "/" in printed:
        return printed if printed != "TM/" else "T/M"
    return printed + "."


def _key(text: str) -> str:
    return " ".join(fold_diacritics(text).lower().split())


def _is_title(text: str) -> bool:
    key = _key(text)
    return key in _TITLES or (len(key.split()) <= 9 and any(key.startswith(t + " ") for t in _TITLES))


_MIDDLE_NAMES = {"van", "thi", "duc", "huu", "minh", "ngoc", "quoc", "thanh", "xuan", "dinh", "cong", "ba"}


# a general's or officer's rank printed before the name: 'Trung tướng Nguyễn Duy Ngọc'
RANK = re.compile(r"^(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy)\s+", re.IGNORECASE)


def looks_like_name(text: str, strict: bool = True) -> bool:
    """2-6 capitalised words, the first a Vietnamese family name ('Lan Thị Vân', 'NGUYỄN VĂN A').
    Under an authority line (not strict) a family name missing from the list passes when a common
    middle name follows it ('Tao Văn Chiến')."""
    words = RANK.sub("", text.replace("*", "")).split()
    if not (2 <= len(words) <= 6) or _BULLET.match(text):
        return False
    if not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return False
    folded = [fold_diacritics(w).lower() for w in words]
    if folded[0] in surnames():
        return True
    return not strict and len(words) >= 3 and folded[1] in _MIDDLE_NAMES and not _is_title(text)
