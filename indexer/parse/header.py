"""The formal parts of a document (ND30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW): header, title, recipients,
receipt stamps, signature block and `Nơi nhận`, read line by line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzers.fold import fold_diacritics
from analyzers.numbers import NUMBER_RE
from indexer.parse.dates import WORDY, iso, parse_date
from indexer.parse.doctypes import type_from_name
from indexer.parse.joint import joint_bodies
from indexer.parse.lines import Line, clean_text, is_upper
from indexer.parse.names import _TITLES, body_name, is_body_head, split_bodies

_QUOC_HIEU = (
    "CONG HOA XA HOI CHU NGHIA",
    "DOC LAP - TU DO",
    "DOC LAP TU DO",
    "DOC LAP-TU DO",
    "DOC LAP – TU DO",
    "DOC LAP–TU DO",
)
_PARTY_MOTTO = "DANG CONG SAN VIET NAM"
# `Số:`, and the `Luật số:` / `Nghị quyết số:` of laws and National Assembly resolutions
_NUMBER_LINE = re.compile(
    r"^(?:(?:LUAT|NGHI QUYET|PHAP LENH|LENH) )?S[OÔ]\s*(?:VA KY HIEU)?\s*[:.]?\s*(?P<rest>.*)$"
)
_DATE_LINE = re.compile(r"^(?:(?P<place>[^,\d:]{2,40}),\s*)?NGAY\b")
_STAMP_TRIGGER = re.compile(r"(?:^|\s)DEN(?:\s|:|$)|DEN NGAY|CONG VAN DEN|DIEN DEN|^CHUYEN\b")
_STAMP_FIELD = re.compile(
    r"^(?:SO(?:\s*LUU|\s*DEN)?\s*[:.]?\s*\d+\s*$|(?:DEN\s*)?NGAY\b|CHUYEN\b|LUU HO SO|"
    r"NGUOI NHAN|DEN\b|SO LUU)"
)
_STAMP_OFFICE = re.compile(r"^(?:VP|VAN PHONG|UBND|UY BAN|SO |TINH UY|THANH UY|HUYEN UY|BAN )")
_KINH_GUI = re.compile(r"^KINH GUI\s*:?\s*")
# `Nơi nhận:` opens the list; 'Nơi nhận báo cáo tài chính là …' is a sentence of the body
_NOI_NHAN = re.compile(r"^NOI NHAN(?=\s*(?::|$|[-–•]))\s*:?\s*")
_VV = re.compile(r"^(?:V/v|V/V|v/v|Về việc|VỀ VIỆC)\s*[:.]?\s*")
_AUTHORITY = re.compile(r"^(TM|T/M|T\.M|KT|K/T|K\.T|TL|T/L|T\.L|TUQ|Q|Q/|TM/)\s*[./]?\s+(?=\S)")
_BODY_CUES = (
    "CAN CU",
    "THUC HIEN ",
    "THEO DE NGHI",
    "XET DE NGHI",
    "TAI PHIEN HOP",
    "TAI CUOC HOP",
    "HIEN NAY",
    "NHAM ",
    "TRONG THOI GIAN",
    "NGAY ",
)
_SIGNED = re.compile(r"(?i)^[(\[]?\s*(?:đã ký|da ky|ký|ky|signed|chữ ký|dấu)[^)\]]*[)\]]?\s*$")
_BULLET = re.compile(r"^[-–•+*]\s*")


@dataclass
class Stamp:
    office: str = ""
    number: str = ""
    date: str = ""
    lines: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"office": self.office, "number": self.number, "date": self.date}


@dataclass
class Header:
    issuer_lines: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    number: str = ""
    number_span: tuple[int, int] = (-1, -1)
    number_blank: bool = False
    place: str = ""
    issued: str = ""
    precision: str = "unknown"
    type_line: str = ""
    doc_type: str = ""
    subject: str = ""
    subject_is_vv: bool = False
    title: str = ""
    recipients: list[str] = field(default_factory=list)
    stamps: list[Stamp] = field(default_factory=list)
    party: bool = False
    body_start: int = 0  # index of the first body line
    quoc_hieu: bool = False
    consolidated: bool = False  # a VBHN: number, date and issuer from its authentication block
    joint: list[str] = field(default_factory=list)  # the bodies of a joint document, printed order


def is_quoc_hieu(line: Line) -> bool:
    folded = line.folded
    # OCR that broke the middle words ('CONG HOA xA HQI CilU NGHIA VIT NAM') keeps its shape
    return folded.startswith(_QUOC_HIEU) or (folded.startswith("CONG HOA ") and "NGHIA" in folded[9:40])


def is_party_motto(line: Line) -> bool:
    return line.folded.strip(" .") == _PARTY_MOTTO


def type_line(line: Line) -> tuple[str, str]:
    """(doc type, rest of line) when the line is an upper-case type line ('THÔNG BÁO', 'QUYẾT ĐỊNH')."""
    clean = line.clean
    if not clean or not clean[:1].isupper():
        return "", ""
    raw = line.raw.strip("*# |")
    head = re.split(r"\*\*|\s*[:|]\s*", raw, maxsplit=1)
    first = head[0].strip()
    if is_upper(first):
        doc_type = type_from_name(first)
        if doc_type and len(first) <= 30:
            rest = raw[len(head[0]) :].strip("* :|")
            return doc_type, rest
    # "THÔNG BÁO KẾT LUẬN CỦA ..." on one line: the type name then more upper-case words
    words = clean.split()
    for size in (3, 2, 1):
        if len(words) > size and is_upper(clean):
            doc_type = type_from_name(" ".join(words[:size]))
            if doc_type and size >= 2:
                return doc_type, " ".join(words[size:])
    return "", ""


def body_like(line: Line) -> bool:
    from indexer.parse.clauses import marker

    if len(line.clean) > 200:
        return True
    found = marker(line)
    if found and found[0] in ("number", "multi", "article", "roman", "chapter", "loose"):
        return True
    if not line.folded.startswith(_BODY_CUES) or len(line.clean) <= 40:
        return False
    return len(line.clean) > 80 or not _DATE_LINE.match(line.folded)


def _stamps(lines: list[Line], upto: int) -> list[Stamp]:
    """Receipt stamps ('VĂN PHÒNG TỈNH ỦY ... / Số: 1502 / ĐẾN Ngày: 22.3.20') in the header zone.

    A stamp is a run of short lines (or table rows) around a line saying ĐẾN."""
    stamps: list[Stamp] = []
    used: set[int] = set()
    # table row ends are not paragraph breaks inside a stamp drawn as a table
    seq = [i for i in range(upto) if not (lines[i].blank and lines[i].table)]

    def stampish(i: int, trigger_ok: bool) -> bool:
        line = lines[i]
        if line.blank or len(line.clean) > 60:
            return False
        return bool(
            _STAMP_OFFICE.match(line.folded)
            or _STAMP_FIELD.match(line.folded)
            or (trigger_ok and _STAMP_TRIGGER.search(line.folded))
        )

    for pos, i in enumerate(seq):
        line = lines[i]
        if i in used or line.blank or not _STAMP_TRIGGER.search(line.folded) or len(line.clean) > 60:
            continue
        if _KINH_GUI.match(line.folded) or _NOI_NHAN.match(line.folded):
            continue
        lo = pos
        while lo - 1 >= 0 and seq[lo - 1] not in used and stampish(seq[lo - 1], False):
            lo -= 1
        hi = pos
        while hi + 1 < len(seq) and stampish(seq[hi + 1], True):
            hi += 1
        stamp = Stamp(lines=seq[lo : hi + 1])
        for j in stamp.lines:
            used.add(j)
            folded, clean = lines[j].folded, lines[j].clean
            if _STAMP_OFFICE.match(folded) and not stamp.office:
                stamp.office = body_name(re.sub(r"^(VP|Vp|vp)\b\.?", "VĂN PHÒNG", clean))
            number = re.match(r"^SO(?:\s*LUU|\s*DEN)?\s*[:.]?\s*(\d+)", folded)
            if number and not stamp.number:
                stamp.number = number.group(1)
            if "NGAY" in folded and not stamp.date:
                value, _, _, _ = parse_date(clean, folded)
                stamp.date = value
        stamps.append(stamp)
    return stamps


@dataclass
class _Reading:
    """Where the header reader stands while it walks the header lines in reading order."""

    state: str = ""  # "" | "subject" | "recipients"
    stop_issuer: bool = False  # issuer lines are over (a number, a date, a title or the motto came)
    subject: list[str] = field(default_factory=list)
    subject_at: tuple[bool, int] = (False, 0)  # (in a table, cell) of the line that opened the subject
    subject_done: bool = False
    prose_seen: bool = False  # a line in lower case: a heading under it is a footer or a title
    number_open: bool = False  # the number broke at a dash: 'Số: 01/2022/TTLT-VKSNDTC-' / 'TANDTC-BCA'


def read_header(lines: list[Line]) -> Header:
    """Issuer, number, date and place, type and subject, Kính gửi and receipt stamps of the header:
    the lines above the first body line, in reading order (a table's left column, then its right)."""
    header = Header()
    top = document_top(lines)
    body = _body_start(lines, top)
    header.body_start = body
    header.stamps = _stamps(lines, body)
    in_stamp = {j for s in header.stamps for j in s.lines}
    reading = _Reading()
    for i in range(top, body):
        if i not in in_stamp:
            _read_line(header, reading, lines[i])
    _finish(header, reading)
    if body == len(lines) and not _has_header(header):
        header.body_start = 0  # no header and no long paragraph: all of it is body
    return header


def _body_start(lines: list[Line], top: int) -> int:
    """The first body line. The recipients list and V/v lines may sit after a long V/v line: the body
    starts after Kính gửi."""
    n = len(lines)
    return next((i for i in range(top, n) if body_like(lines[i]) and not _title_after_type(lines, i)), n)


def _has_header(header: Header) -> bool:
    return bool(
        header.bodies
        or header.number
        or header.type_line
        or header.issued
        or header.subject
        or header.recipients
    )


def _read_line(header: Header, reading: _Reading, line: Line) -> None:
    """One header line: the first reader that knows its kind takes it."""
    if line.blank:
        _blank(reading, line)
        return
    if reading.number_open and _number_goes_on(header, reading, line):
        return
    if is_quoc_hieu(line) or is_party_motto(line):
        if _names_the_republic(reading, line):
            reading.subject.append(line.clean)  # '… giữa Chính phủ nước / CỘNG HÒA XÃ HỘI CHỦ NGHĨA …'
            return
        header.quoc_hieu = header.quoc_hieu or is_quoc_hieu(line)
        header.party = header.party or is_party_motto(line)
        reading.stop_issuer = reading.stop_issuer or bool(header.bodies)
        if header.subject_is_vv:
            _end_subject(reading)  # the V/v of the left column is over: the motto heads the right one
        return
    if _recipients(header, reading, line):
        return
    if _number(header, reading, line):
        return
    if not header.issued and _date_line(line) and not _date_in_title(reading, line):
        _date_from(header, line)
        reading.stop_issuer = True
        _end_subject(reading)
        return
    if _title(header, reading, line):
        return
    _issuer(header, reading, line)


def _in_subject(reading: _Reading, line: Line) -> bool:
    """A subject is being read and this line stands where it would go on (the same cell)."""
    return (
        reading.state == "subject"
        and not reading.subject_done
        and bool(reading.subject)
        and not _other_cell(reading, line)
    )


def _names_the_republic(reading: _Reading, line: Line) -> bool:
    """A title naming a treaty partner ('Hiệp định giữa Chính phủ nước') goes on with the country."""
    if not _in_subject(reading, line) or not line.folded.startswith("CONG HOA"):
        return False
    words = reading.subject[-1].split()
    return bool(words) and words[-1].lower() in ("nước", "giữa", *_CONNECTORS)


def _date_in_title(reading: _Reading, line: Line) -> bool:
    """'Hướng dẫn thực hiện Quyết định số 170/2008/QĐ-TTg / ngày 18 tháng 12 năm 2008 của …': a title
    citing a document goes on with its date; the header's date line names its place first."""
    match = _DATE_LINE.match(line.folded)
    return _in_subject(reading, line) and bool(match) and not match.group("place")


def _blank(reading: _Reading, line: Line) -> None:
    if reading.state == "subject" and reading.subject and line.raw:  # a rule under the title ends it
        _end_subject(reading)


def _end_subject(reading: _Reading) -> None:
    if reading.state == "subject" and reading.subject:
        reading.state, reading.subject_done = "", True


def _recipients(header: Header, reading: _Reading, line: Line) -> bool:
    """`Kính gửi:` and its inline or bulleted list."""
    folded, clean = line.folded, line.clean
    if _KINH_GUI.match(folded):
        reading.stop_issuer, reading.state = True, "recipients"
        rest = _KINH_GUI.sub("", folded)
        if rest:
            inline = clean[len(clean) - len(rest) :].strip()
            header.recipients.extend(_items(inline))
        return True
    if reading.state == "recipients":
        if _BULLET.match(line.raw.lstrip("*")):
            header.recipients.extend(_items(_BULLET.sub("", clean)))
            return True
        reading.state = ""
    return False


def _number(header: Header, reading: _Reading, line: Line) -> bool:
    """`Số: 628/UBND-VX` (with the date on the same line, sometimes), or a blank `Số:   /UBND-VX`."""
    number = _NUMBER_LINE.match(line.folded)
    if not number or header.number or header.number_blank:
        return False
    clean = line.clean
    rest = clean[len(clean) - len(number.group("rest")) :]
    found = NUMBER_RE.match(rest.strip())
    if found:
        header.number = re.sub(r"\s+", "", found.group(0))
        offset = line.start + line.raw.find(found.group(0).split()[0][:3])
        header.number_span = (offset, offset + len(found.group(0)) + 4)
    else:
        blank = re.match(r"^[\s.…_]*(/\s*[A-ZĐa-zđ][\wĐđ-]*(?:/[\wĐđ-]+)*)", rest)
        if blank:
            header.number = re.sub(r"\s+", "", blank.group(1))
            header.number_blank = True
    if not header.number:
        return False
    reading.stop_issuer = True
    reading.number_open = bool(found) and rest[found.end() :].strip() in ("-", "/")
    _end_subject(reading)
    tail = rest[found.end() :] if found else ""
    if tail and WORDY.search(line.folded):
        _date_from(header, line)
    return True


_SYMBOL_TAIL = re.compile(r"^[A-ZĐ][A-ZĐ0-9]*(?:[-/][A-ZĐ][A-ZĐ0-9]*)*$")


def _number_goes_on(header: Header, reading: _Reading, line: Line) -> bool:
    """The rest of a number broken at a dash: the next line holds only more of its symbol."""
    reading.number_open = False
    tail = line.clean.strip()
    if not _SYMBOL_TAIL.match(tail):
        return False
    header.number = f"{header.number}-{tail}"
    return True


def _title(header: Header, reading: _Reading, line: Line) -> bool:
    """The type line (`QUYẾT ĐỊNH`), the V/v line, and the subject lines under them."""
    clean = line.clean
    doc_type, rest = type_line(line)
    if doc_type and not header.type_line and not reading.state:
        header.type_line = clean[: len(clean) - len(clean_text(rest))].strip() if rest else clean
        header.doc_type = doc_type
        reading.stop_issuer, reading.state = True, "subject"
        reading.subject_at = (line.table, line.cell)
        if rest:
            reading.subject.append(rest)
        return True
    if _VV.match(clean) and not reading.subject and reading.state != "subject":
        reading.stop_issuer, reading.state = True, "subject"
        reading.subject_at = (line.table, line.cell)
        header.subject_is_vv = bool(re.match(r"(?i)^v/v", clean))
        reading.subject.append(_VV.sub("", clean))
        return True
    if reading.state != "subject" or reading.subject_done:
        return False
    if _title_stop(line, reading.subject) or _other_cell(reading, line):
        reading.state, reading.subject_done = "", True
        return False
    reading.subject.append(clean)
    return True


def _other_cell(reading: _Reading, line: Line) -> bool:
    """A subject printed in a table cell ends with its cell: the cell beside it holds the motto and the
    place and date."""
    in_table, cell = reading.subject_at
    return (in_table or line.table) and (line.table, line.cell) != (in_table, cell)


def _issuer(header: Header, reading: _Reading, line: Line) -> None:
    """An upper-case line of the issuer block ('ỦY BAN NHÂN DÂN', 'TỈNH LAI CHÂU', 'SỞ Y TẾ')."""
    folded, clean = line.folded, line.clean
    if not is_upper(clean):
        reading.prose_seen = True
        return
    if (
        reading.stop_issuer
        or header.type_line
        or _AUTHORITY.match(clean)
        or _bare_title(clean)
        or folded.startswith(_FORM_TITLES)
        # a first body opens the page (not a footer under prose) and is a name (not 'JCH', a smudge)
        or not (header.bodies or is_body_head(folded) or (not reading.prose_seen and " " in clean))
    ):
        return
    header.issuer_lines.append(clean)
    for k, body in enumerate(split_bodies(clean)):  # 'UBND TỈNH BÌNH THUẬN SỞ NỘI VỤ'
        if header.bodies and k == 0 and _unfinished(header.bodies[-1]):
            header.bodies[-1] += " " + body  # 'ỦY BAN THƯỜNG VỤ' / 'QUỐC HỘI'
        elif not header.bodies or k or is_body_head(fold_diacritics(body).upper()):
            header.bodies.append(body)
        else:
            header.bodies[-1] += " " + body


def _finish(header: Header, reading: _Reading) -> None:
    """The subject as one line (never a table bar or what follows it), the title, the joint bodies."""
    heading = _heading_without_letterhead(header)
    header.joint = joint_bodies(header.issuer_lines, header.number, header.type_line)
    subject = " ".join(s for s in reading.subject if s).strip(" :")
    subject = re.split(r"\s\|\s|\s\|$", subject)[0]
    header.subject = re.sub(r"\s+", " ", subject).strip(" :")
    header.title = (
        " ".join(filter(None, [header.type_line if not header.subject_is_vv else "", header.subject]))
        or heading
    )


def _heading_without_letterhead(header: Header) -> str:
    """Upper-case lines opening a page that has no letterhead at all (no body name among them, no
    number, date, quốc hiệu or Party motto) are the paper's heading ('GIẢI TRÌNH BỔ SUNG THEO CHỈ
    ĐẠO'), not its issuer: they are taken out of the issuer and returned as the title."""
    if not header.bodies or header.number or header.issued or header.quoc_hieu or header.party:
        return ""
    if any(is_body_head(fold_diacritics(body).upper()) for body in header.bodies):
        return ""
    heading = " ".join(header.issuer_lines)
    header.bodies, header.issuer_lines = [], []
    return re.sub(r"\s+", " ", heading).strip(" :")


# the titles of forms in appendices ('GIẤY ĐỀ NGHỊ HỖ TRỢ', 'MẪU SỐ 02'): never an issuer line
_FORM_TITLES = ("GIAY ", "DON ", "MAU ", "TO KHAI", "PHIEU ", "BIEU ", "DANH SACH", "BANG ", "SO DO")


def _unfinished(body: str) -> bool:
    """A standing committee's name cut by a line break names no body yet: 'ỦY BAN THƯỜNG VỤ'."""
    return fold_diacritics(body).upper().rstrip(" ,").endswith(("THUONG VU", "THUONG TRUC"))


def _title_after_type(lines: list[Line], i: int) -> bool:
    """'KẾ HOẠCH / Thực hiện công tác …': the line under a type name is its title, whatever its words."""
    j = i - 1
    while j >= 0 and lines[j].blank:
        j -= 1
    return (
        j >= 0 and len(lines[j].clean) <= 30 and bool(type_line(lines[j])[0]) and len(lines[i].clean) <= 250
    )


CHROME_LINES = 5  # non-blank lines above the header that make them a page's chrome, not a stamp


def document_top(lines: list[Line]) -> int:
    """Where the document starts inside a page: portal menus, breadcrumbs, tabs and metadata boxes
    above the header are chrome, never read for a number, a date or a body. The header is the quốc
    hiệu and the issuer and number lines right above it; only a long run of other lines above it
    (not a receipt stamp's few lines) is cut."""
    motto = next((i for i, ln in enumerate(lines[:400]) if is_quoc_hieu(ln) or is_party_motto(ln)), -1)
    if motto < 0:
        return 0
    top = motto
    for j in range(motto - 1, -1, -1):
        line = lines[j]
        if line.blank or is_upper(line.clean) or _NUMBER_LINE.match(line.folded):
            top = j if not line.blank else top
            continue
        break
    above = [ln for ln in lines[:top] if not ln.blank]
    if len(above) < CHROME_LINES or any(_header_part(ln) for ln in above[:8]):
        return 0  # a receipt stamp, or the left column printed first (issuer, Số, V/v), then the motto
    return top


def _header_part(line: Line) -> bool:
    folded = line.folded
    number = _NUMBER_LINE.match(folded)
    rest = number.group("rest") if number else ""
    return bool(
        _STAMP_TRIGGER.search(folded)
        or (
            number
            and folded.startswith("SO")
            and (":" in folded[:5] or len(folded) <= 35)
            and "/" in rest[:20]
        )
        or _VV.match(line.clean)
        or (is_upper(line.clean) and is_body_head(folded))
    )


def _title_stop(line: Line, subject_lines: list[str]) -> bool:
    if len(line.clean) > 250 or len(subject_lines) >= 6:
        return True
    if line.folded.startswith(("CAN CU", "KINH GUI")) or line.clean.endswith(":"):
        return True
    if subject_lines and re.search(r"[.;]\s+\S", line.clean):  # a sentence: the body has begun
        return True
    if _place_and_date(line):
        return True  # the header's place and date ('ngày 18 tháng 12 năm 2008 của …' goes on a title)
    last_word = subject_lines[-1].split()[-1].lower() if subject_lines and subject_lines[-1].split() else ""
    if last_word not in _CONNECTORS and _cites_a_document(line.folded):
        return True  # a VBHN's "Nghị định số 20/2020/NĐ-CP ngày…" after its title
    # "QUYẾT ĐỊNH / Về việc ... / CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...": the enacting authority
    return bool(is_upper(line.clean) and subject_lines and not is_upper(subject_lines[-1]))


_CONNECTORS = {"theo", "của", "tại", "về", "và", "với", "cho", "đối", "số", "các", "thực", "hiện", "trong"}


def _cites_a_document(folded: str) -> bool:
    """A line opening with a cited document: a type name, then 'SỐ <number>' within its first words
    ('Nghị định số 20/2020/NĐ-CP ngày…', 'Luật Thuế tiêu thụ đặc biệt số 66/2025/QH15 ngày…')."""
    words = folded.split(None, 12)
    if not any(type_from_name(" ".join(words[:k])) for k in (1, 2, 3)):
        return False
    # '… số 20/2020/NĐ-CP ngày …': the consolidation note names the text with its date
    return any(
        words[i] == "SO" and words[i + 1][:1].isdigit() and words[i + 2 : i + 3] == ["NGAY"]
        for i in range(1, min(10, len(words) - 2))
    )


def _bare_title(clean: str) -> bool:
    """'PHÓ THỦ TƯỚNG', 'THỨ TRƯỞNG': a signer's title alone on its line is never an issuer line."""
    from analyzers.fold import fold_diacritics

    return " ".join(fold_diacritics(clean).lower().split()) in _TITLES


def _date_line(line: Line) -> bool:
    match = _DATE_LINE.match(line.folded)
    if not match:
        return False
    # 'ngày 05 tháng 6', 'ngày 05/6/2024', 'ngày   tháng 6': not 'Ngày có hiệu lực: …' of a portal box
    after = line.folded[match.end() :].lstrip(" :.,")
    if not (after[:1].isdigit() or after.startswith("THANG")):
        return _blank_date(line.folded, match)
    return bool(
        WORDY.search(line.folded) or re.search(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}", line.folded)
    ) or _blank_date(line.folded, match)


def _place_and_date(line: Line) -> bool:
    """`Lai Châu, ngày …`: a place, then a date, even one an OCR garbled ('Da Nang, ngay,94 thcing 5
    nam 2019') as long as the line ends with its year."""
    match = _DATE_LINE.match(line.folded)
    if not match or not match.group("place"):
        return False
    return _date_line(line) or (len(line.clean) <= 60 and bool(re.search(r"(?:19|20)\d\d\W*$", line.folded)))


# a draft's date line, day and month left for the signer: 'Lai Châu, ngày … tháng … năm 2020'
_BLANK_DATE = re.compile(r"NGAY[\s.…_]*THANG[\s.…_]*NAM\s*(?:(?P<y>\d{4})|\d{0,3})[\s.…_]*$")


def _blank_date(folded: str, match: re.Match) -> bool:
    """A place, then a date left blank: still the header's place-and-date line."""
    return bool(match.group("place")) and bool(_BLANK_DATE.match(folded, match.end() - 4))


def _date_from(header: Header, line: Line) -> None:
    folded = line.folded
    at = folded.find("NGAY")
    before = line.clean[:at].rstrip(" ,")
    before = re.sub(r"^S[ốo]\s*[:.]?\s*\S+\s*", "", before) if _NUMBER_LINE.match(folded) else before
    value, precision, _, _ = parse_date(line.clean[at:], folded[at:].lower())
    blank = _BLANK_DATE.match(folded, at) if not value else None
    if blank and blank.group("y"):
        value, precision = iso(int(blank.group("y")))
    if value or blank:
        header.issued, header.precision = value, precision if value else "unknown"
        if before and len(before) <= 40 and not any(ch.isdigit() for ch in before):
            header.place = before.strip(" *")


def _items(text: str) -> list[str]:
    text = text.strip().rstrip(";.,").strip()
    return [text] if text else []


def month_from_meeting(text: str) -> tuple[str, str, str]:
    """A meeting date in the title or opening ('Tại phiên họp ngày 20/3/2020', '(ngày 07/5/2021)',
    'Ngày 19-02-2020, Ban Thường vụ Tỉnh ủy họp'): (issue month inferred, precision, meeting date).

    The notice of a meeting is issued on or after it, usually within days: the month is inferred
    when the meeting fell in its first twenty days, only the year otherwise."""
    from analyzers.fold import fold_diacritics

    folded = fold_diacritics(text[:1500])
    match = re.search(
        r"(?i)(?:phien hop|cuoc hop|hoi nghi|buoi lam viec|hop)[^.;]{0,80}?(?=ngay)|^\s*(?=ngay\s*\d)", folded
    )
    if not match:
        match = re.search(
            r"(?i)(?=ngay\s*\d{1,2}\s*[-/]\s*\d{1,2}\s*[-/]\s*\d{4}\s*,[^.]{0,80}\bhop\b)", folded
        )
    if not match:
        return "", "unknown", ""
    value, precision, _, _ = parse_date(
        text[match.end() : match.end() + 40], folded[match.end() : match.end() + 40]
    )
    if precision != "day":
        return "", "unknown", ""
    year, month, day = (int(p) for p in value.split("-"))
    if day <= 20:
        issued, precision = iso(year, month)
    else:
        issued, precision = iso(year)
    return issued, precision, value
