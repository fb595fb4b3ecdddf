"""Test data: builders for real .pdf/.docx files, and a corpus of broken files next to good ones.

Not a test module: a pure helper. `write_broken_corpus(root)` writes every case into `root` and
returns the expectations, so that a pipeline test can index the folder in one batch and check that
every failure is reported with its reason and every good file is searchable by its marker word.

Unreadable files under root: tests run as root, and root reads a chmod 000 file. The corpus
therefore relies on failures that hold for every user: a FIFO named pipe.txt (reading it would block;
read_source refuses non-regular files), a symlink loop and a dangling symlink. A chmod 000 file is
written too; its expectation is "permission denied" for ordinary users and "ok" for root.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

VIETNAMESE = (
    "Công văn số 628/UBND-VX của Ủy ban nhân dân tỉnh Lai Châu về việc thực hiện Thông báo kết luận "
    "số 172-TB/TW của Bộ Chính trị về công tác phòng, chống dịch Covid-19."
)
CLAUSE = "1. Các cấp, các ngành quán triệt thực hiện nghiêm túc mục tiêu kép và thông điệp 5K."


@dataclass(frozen=True)
class Case:
    name: str  # path relative to the corpus root
    expect: str  # "ok": read cleanly; "warn": read, with a warning or line error; "fail": SourceError
    pattern: str = ""  # regex the failure reason (fail) or one warning/error (warn) must match
    marker: str | None = None  # a word only this file contains: searchable after indexing (ok/warn)


# ----------------------------------------------------------------------------------------------- PDF


def make_pdf(pages: list[list[str] | None | tuple[int, int, bytes]]) -> bytes:
    """A small valid PDF. Each page is a list of text lines, None (a drawing, no text), or
    (width, height, gray pixels) for a scanned page. ASCII lines use Helvetica/WinAnsi; other lines
    use a font whose ToUnicode map gives back the Vietnamese letters, as real Vietnamese PDFs do."""
    special = sorted(
        {ch for page in pages if isinstance(page, list) for line in page for ch in line if ch > "~"}
    )
    codes = {ch: 0x80 + i for i, ch in enumerate(special)}
    if len(codes) > 0x7F:
        raise ValueError("too many distinct non-ASCII characters for one simple font")
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(header: bytes, data: bytes) -> bytes:
        return header[:-2] + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"

    catalog = add(b"")  # filled in at the end
    pages_obj = add(b"")
    helvetica = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    cmap_lines = [f"<{code:02X}> <{ord(ch):04X}>" for ch, code in codes.items()]
    cmap_lines += [f"<{c:02X}> <{c:04X}>" for c in range(0x20, 0x7F)]
    chunks = [cmap_lines[i : i + 100] for i in range(0, len(cmap_lines), 100)]
    bfchar = "".join(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n" for chunk in chunks)
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n" + bfchar + "endcmap\n"
        "CMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("ascii")
    to_unicode = add(stream(b"<< >>", cmap))
    vietnamese_font = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode %d 0 R >>" % to_unicode
    )
    kids: list[int] = []
    for page in pages:
        resources = b"/Font << /F1 %d 0 R /F2 %d 0 R >>" % (helvetica, vietnamese_font)
        if page is None:
            content = b"0.5 g 72 600 200 100 re f"
        elif isinstance(page, tuple):
            width, height, pixels = page
            packed = zlib.compress(pixels)
            image = add(
                stream(
                    b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 8 /Filter /FlateDecode >>" % (width, height),
                    packed,
                )
            )
            resources += b" /XObject << /Im1 %d 0 R >>" % image
            content = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
        else:
            ops = [b"BT", b"72 740 Td"]
            for line in page:
                if all(ch <= "~" for ch in line):
                    ops.append(b"/F1 12 Tf (" + _pdf_escape(line.encode("ascii")) + b") Tj")
                else:
                    raw = bytes(codes[ch] if ch > "~" else ord(ch) for ch in line)
                    ops.append(b"/F2 12 Tf (" + _pdf_escape(raw) + b") Tj")
                ops.append(b"0 -18 Td")
            ops.append(b"ET")
            content = b"\n".join(ops)
        contents = add(stream(b"<< >>", content))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
                b"/Resources << %s >> /Contents %d 0 R >>" % (pages_obj, resources, contents)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    return pdf_file(objects, catalog)


def pdf_file(objects: list[bytes], catalog: int = 1) -> bytes:
    """Numbered objects (1-based) written as a PDF with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    )
    return out.getvalue()


def _pdf_escape(raw: bytes) -> bytes:
    return b"".join(b"\\%03o" % b if b > 0x7E or b in b"()\\" else bytes([b]) for b in raw)


# ---------------------------------------------------------------------------------------------- DOCX


def make_docx(blocks: list[str | list[list[str]]]) -> bytes:
    """A .docx through python-docx: a str is a paragraph, a list of rows is a table."""
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        else:
            table = document.add_table(rows=len(block), cols=max(len(row) for row in block))
            for r, row in enumerate(block):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------------ encodings


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps â ê ô ơ ư ă đ precomposed but writes tone marks as combining characters."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in tones)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + tone)
    return "".join(out).encode("cp1258")


# --------------------------------------------------------------------------------------------- corpus


def good_text(marker: str) -> str:
    return f"{VIETNAMESE}\n\n{CLAUSE}\n\nMã kiểm tra: {marker}.\n"


def write_broken_corpus(root: Path, *, noise_mb: int = 50) -> list[Case]:
    """Write good and broken files into `root` (created if needed); return what reading each must give."""
    import random

    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    cases: list[Case] = []

    def write(name: str, data: bytes, case: Case) -> None:
        (root / name).write_bytes(data)
        cases.append(case)

    def good(name: str, marker: str, data: bytes, expect: str = "ok", pattern: str = "") -> None:
        write(name, data, Case(name, expect, pattern, marker))

    good("good_utf8.txt", "vbmark01", good_text("vbmark01").encode("utf-8"))
    good("good_utf8_bom.txt", "vbmark02", b"\xef\xbb\xbf" + good_text("vbmark02").encode("utf-8"))
    good("good_utf16le_bom.txt", "vbmark03", good_text("vbmark03").encode("utf-16"))
    good("good_utf16be_bom.txt", "vbmark04", b"\xfe\xff" + good_text("vbmark04").encode("utf-16-be"))
    good("good_note.md", "vbmark05", ("# Ghi chú\n\n" + good_text("vbmark05")).encode("utf-8"))
    good("good_cp1258.txt", "vbmark06", to_cp1258(good_text("vbmark06")), "warn", r"^repaired from ")
    good(
        "good.docx",
        "vbmark07",
        make_docx(
            [
                [
                    ["ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                    ["Số: 628/UBND-VX", "Lai Châu, ngày 29 tháng 3 năm 2020"],
                ],
                VIETNAMESE,
                CLAUSE,
                "Mã kiểm tra: vbmark07.",
            ]
        ),
    )
    good(
        "good.pdf",
        "vbmark08",
        make_pdf([["CONG VAN SO 628/UBND-VX", "Ma kiem tra: vbmark08."], None]),
        "warn",
        r"^needs OCR: pages 2$",
    )
    good(
        "good_vietnamese.pdf",
        "vbmark09",
        make_pdf([[VIETNAMESE[:60], CLAUSE[:60], "Mã kiểm tra: vbmark09."]]),
    )
    page = (
        "<!DOCTYPE html><html><head><meta charset='{charset}'><title>Cổng thông tin</title>"
        "<style>p {{ color: red }}</style></head><body><nav>Trang chủ | Liên hệ</nav><p>{text}</p>"
        "<script>var x = 1;</script><p>{clause} Mã kiểm tra: {marker}.</p></body></html>"
    )
    good(
        "good.html",
        "vbmark10",
        page.format(charset="utf-8", text=VIETNAMESE, clause=CLAUSE, marker="vbmark10").encode("utf-8"),
    )
    good(
        "good_cp1258.htm",
        "vbmark15",
        to_cp1258(page.format(charset="windows-1258", text=VIETNAMESE, clause=CLAUSE, marker="vbmark15")),
    )
    good(
        "good.jsonl",
        "vbmark11",
        (
            '{"id": "vb-1", "text": "'
            + VIETNAMESE
            + ' vbmark11", "number": "628/UBND-VX", "issued": "2020-03-29"}\n'
            "{not json\n"
            '{"id": "vb-2", "text": "' + CLAUSE + '"}\n'
        ).encode("utf-8"),
        "warn",
        r"^line 2: invalid JSON",
    )
    good(
        "nul_padded.txt",
        "vbmark12",
        good_text("vbmark12").encode("utf-8") + b"\x00" * 512,
        "warn",
        r"^ignored 512 NUL bytes",
    )
    good(
        "cut_utf8.txt",
        "vbmark13",
        good_text("vbmark13").encode("utf-8") + "Hà".encode()[:-1],
        "warn",
        r"^1 invalid UTF-8 byte sequences replaced",
    )
    locked = root / "locked.txt"
    locked.write_bytes(good_text("vbmark14").encode("utf-8"))
    locked.chmod(0)
    if os.geteuid() == 0:
        cases.append(Case("locked.txt", "ok", "", "vbmark14"))
    else:
        cases.append(Case("locked.txt", "fail", r"^permission denied$"))

    def fail(name: str, data: bytes, pattern: str) -> None:
        write(name, data, Case(name, "fail", pattern))

    png = b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(2048))
    fail("image_named.txt", png, r"^binary file: looks like a PNG image$")
    fail(
        "noise.txt",
        bytes(rng.getrandbits(8) for _ in range(65536)),
        r"^binary content: NUL byte at offset \d+$",
    )
    no_nul = bytes(rng.randrange(1, 256) for _ in range(65536))
    fail("noise_without_nul.txt", no_nul, r"^(binary content|not UTF-8)")
    fail("empty.txt", b"", r"^empty file$")
    fail("blank.md", b" \n\t\r\n   \n", r"^no text \(only whitespace\)$")
    fail("utf16_without_bom.txt", good_text("x").encode("utf-16-le"), r"^UTF-16 text without BOM")
    fail("utf16be_without_bom.txt", good_text("x").encode("utf-16-be"), r"^UTF-16 text without BOM")
    fail(
        "nul_inside.txt",
        b"Cong van so 628\x00\x00\x01 tiep theo " * 20,
        r"^binary content: NUL byte at offset 15$",
    )
    russian = ("Постановление правительства о мерах по борьбе с эпидемией. " * 30).encode("cp1251")
    fail("russian_cp1251.txt", russian, r"^not UTF-8 .* no known Vietnamese encoding$")
    docx_bytes = make_docx([VIETNAMESE, CLAUSE])
    fail("truncated.docx", docx_bytes[: len(docx_bytes) // 2], r"^truncated docx: zip directory missing$")
    fail("plain_text.docx", VIETNAMESE.encode("utf-8"), r"^not a docx: not a zip file$")
    fail("old_word.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), r"^old Word \.doc format")
    # a damaged .doc (OLE header, no Word stream): antiword's reason, or the missing tool named
    ole_only = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    fail("old_word.doc", ole_only, r"^(unreadable \.doc|.*needs antiword)")
    fail(
        "error_page.pdf",
        b"<!DOCTYPE html><html><body>404 Not Found</body></html>",
        r"^not a PDF: looks like an HTML page \(a failed download\?\)$",
    )
    pdf = make_pdf([["CONG VAN SO 628/UBND-VX"], ["Trang hai"]])
    fail("truncated.pdf", pdf[:200], r"^truncated pdf: no pages left$")
    fail("scan_only.pdf", make_pdf([None, None]), r"^no text layer \(needs OCR; run with --ocr\)$")
    fail(
        "all_bad.jsonl",
        b'{"id": 1}\n[1, 2]\n{"text": "x"}\n',
        r"^no valid line \(3 bad lines\): line 1: missing \"text\"$",
    )
    fail("notes.xyz", b"some notes", r"^unsupported format \.xyz$")
    fail("big_noise.txt", b"", r"^too large: 50\.0 MB \(limit 20 MB\)$")
    with open(
        root / "big_noise.txt", "wb"
    ) as handle:  # noise, not a sparse file: it must really be read-sized
        for _ in range(noise_mb):
            handle.write(os.urandom(1024 * 1024))
    if noise_mb != 50:
        cases[-1] = Case("big_noise.txt", "fail", r"^(too large|binary content)")

    os.symlink(root / "gone.txt", root / "dangling.txt")
    cases.append(Case("dangling.txt", "fail", r"^broken symlink \(target .*gone\.txt is missing\)$"))
    os.symlink(root / "loop_b.txt", root / "loop_a.txt")
    os.symlink(root / "loop_a.txt", root / "loop_b.txt")
    cases.append(Case("loop_a.txt", "fail", r"^symlink loop$"))
    cases.append(Case("loop_b.txt", "fail", r"^symlink loop$"))
    os.mkfifo(root / "pipe.txt")
    cases.append(Case("pipe.txt", "fail", r"^not a regular file: a named pipe \(FIFO\)$"))

    # never reported, never indexed: hidden files and folders, Office lock files
    (root / ".hidden.txt").write_text(good_text("vbhidden"), encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "notes.txt").write_text(good_text("vbhidden"), encoding="utf-8")
    (root / "~$good.docx").write_bytes(b"\x0bnguoi dung" + bytes(150))
    return cases


def matches(case: Case, messages: list[str]) -> bool:
    """True when one of the reported messages matches the case's pattern."""
    return any(re.search(case.pattern, message) for message in messages)
