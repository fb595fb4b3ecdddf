"""Test data: files built to cost a reader too much (CPU, memory), next to good ones.

Not a test module: a pure helper used by tests/test_hostile_corpus.py and handy by hand
(`python -m tests.hostile_files DIR`). Each builder returns bytes; `write_hostile_corpus(root)` writes
the lot and returns {file name: "bad" | marker word of a good file}.
"""

from __future__ import annotations

import io
import random
import sys
import zipfile
import zlib
from pathlib import Path

from tests.broken_files import make_docx, pdf_file

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def table_rule(dashes: int = 1600) -> bytes:
    """A markdown table rule with a trailing cell: the backtracking trap of issue 14."""
    return ("|" + "-" * dashes + "|x\n").encode()


def empty_paragraphs_docx(paragraphs: int = 1_000_000) -> bytes:
    """A ~100 KB docx whose document.xml holds a million empty paragraphs."""
    body = "<w:p/>" * paragraphs
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{_W_NS}">'
        f"<w:body>{body}</w:body></w:document>"
    )
    good = zipfile.ZipFile(io.BytesIO(make_docx(["x"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in good.infolist():
            data = document.encode() if info.filename == "word/document.xml" else good.read(info)
            package.writestr(info.filename, data)
    return out.getvalue()


def shared_stream_pdf(pages: int = 200, stream_mb: int = 60) -> bytes:
    """Every page draws the same compressed content stream, which inflates to `stream_mb` MB."""
    unit = b"BT /F1 12 Tf 72 712 Td (ab) Tj ET\n"
    content = zlib.compress(unit * (stream_mb * 1024 * 1024 // len(unit)), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>"
        )
    return pdf_file(objects)


def random_bytes(size: int = 200_000, seed: int = 14) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(1, 256) for _ in range(size))  # no NUL: only the content says binary


def single_line_text(megabytes: int = 8) -> bytes:
    """A huge text on one line (no paragraph breaks at all)."""
    sentence = "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành thực hiện nghiêm mục tiêu kép. "
    return (sentence * (megabytes * 1024 * 1024 // len(sentence.encode()))).encode()


def write_hostile_corpus(root: Path) -> dict[str, str]:
    root.mkdir(parents=True, exist_ok=True)
    bad = {
        "trang-rong.docx": empty_paragraphs_docx(),
        "luong-chung.pdf": shared_stream_pdf(),
        "ngau-nhien.txt": random_bytes(),
    }
    expected = {}
    for name, data in bad.items():
        (root / name).write_bytes(data)
        expected[name] = "bad"
    # the backtracking trap of the table parser, in an otherwise ordinary file: read, in good time
    (root / "bang-gach.md").write_bytes(table_rule() + "Bảng kê tài sản công, mã bangke.\n".encode())
    expected["bang-gach.md"] = "bangke"
    # one line of 8 MB: more text than one document may hold (the writer's memory), said at once
    (root / "mot-dong.txt").write_bytes(single_line_text(8))
    expected["mot-dong.txt"] = "bad"
    # one line of 2 MB: read (the segmenter takes it sentence by sentence), found
    (root / "mot-dong-vua.txt").write_bytes(single_line_text(2) + " Mã kiểm tra: motdongvua.".encode())
    expected["mot-dong-vua.txt"] = "motdongvua"
    subjects = ("phòng chống lụt bão", "kiểm tra an toàn thực phẩm", "tuyển sinh đầu cấp")
    for n, marker in enumerate(("xylanh", "quybac", "thuyentruong")):
        text = (
            f"THÔNG BÁO\nSố: {n + 1}/TB-UBND\nVề việc {subjects[n]}\n1. Giao các đơn vị thực hiện {marker}.\n"
        )
        (root / f"tot-{n}.txt").write_text(text, encoding="utf-8")
        expected[f"tot-{n}.txt"] = marker
    return expected


if __name__ == "__main__":
    print(write_hostile_corpus(Path(sys.argv[1])))
