"""Plain text: encoding detection, path checks, content sniffing, dispatch and folder walking."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer.errors import SourceError
from indexer.sources import iter_source_files, read_source, supported_suffixes
from indexer.sources.detect import sniff
from indexer.sources.encoding import decode_text, looks_vietnamese
from tests.broken_files import to_cp1258

TEXT = (
    "Công văn số 628/UBND-VX ngày 29 tháng 3 năm 2020 của Ủy ban nhân dân tỉnh Lai Châu về phòng, chống dịch."
)
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"


@pytest.mark.parametrize(
    "data, expected, warning",
    [
        (TEXT.encode("utf-8"), TEXT, None),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT, None),
        (TEXT.encode("utf-16"), TEXT, None),  # BOM + native order
        (b"\xff\xfe" + MOTTO.encode("utf-16-le"), MOTTO, None),
        (b"\xfe\xff" + MOTTO.encode("utf-16-be"), MOTTO, None),
        (TEXT.encode("utf-32"), TEXT, None),
        (MOTTO.encode("utf-8") + b"\x00" * 300, MOTTO, "ignored 300 NUL bytes of padding at the end"),
        ((TEXT * 3).encode("utf-8") + "Hạ".encode()[:-1], TEXT * 3 + "H\ufffd", "1 invalid UTF-8 byte"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-bom", "utf16be-bom", "utf32", "nul-padding", "cut-utf8"],
)
def test_decode_text(data, expected, warning):
    text, warnings = decode_text(data, "x.txt")
    assert text == expected
    if warning is None:
        assert warnings == []
    else:
        assert warnings[0].startswith(warning)


@pytest.mark.parametrize("text", [TEXT, MOTTO, "Thủ tướng Chính phủ yêu cầu thực hiện nghiêm thông điệp 5K."])
def test_cp1258_is_decoded_and_flagged_as_repaired(text):
    import unicodedata

    decoded, warnings = decode_text(to_cp1258(text), "x.txt")
    assert unicodedata.normalize("NFC", decoded) == text
    assert warnings and warnings[0].startswith("repaired from ")


@pytest.mark.parametrize(
    "data, reason",
    [
        (MOTTO.encode("utf-16-le"), "UTF-16 text without BOM (save it as UTF-8)"),
        (MOTTO.encode("utf-16-be"), "UTF-16 text without BOM (save it as UTF-8)"),
        (b"So 628/UBND\x00\x00VX " * 10, "binary content: NUL byte at offset 11"),
        (b"\xff\xfe" + b"\x00\xd8" + b"a\x00", "damaged UTF-16 text (bad bytes at offset 2)"),
        (b"  \r\n\t\n", "no text (only whitespace)"),
        (b"\xef\xbb\xbf\n\n", "no text (only whitespace)"),
        (
            ("Cong van " + "\x01\x02\x03\x04" * 10).encode(),
            "binary content: 40 control characters in the text",
        ),
        (("Постановление правительства о мерах. " * 20).encode("cp1251"), "no known Vietnamese encoding"),
    ],
    ids=["utf16le-no-bom", "utf16be-no-bom", "nul", "bad-utf16", "blank", "bom-only", "controls", "cp1251"],
)
def test_decode_text_refuses(data, reason):
    with pytest.raises(SourceError) as caught:
        decode_text(data, "x.txt")
    assert reason in caught.value.reason
    assert caught.value.path == "x.txt"


@pytest.mark.parametrize(
    "text, vietnamese",
    [
        (TEXT, True),
        ("Ban Chỉ đạo quốc gia phòng, chống dịch COVID-19", True),
        ("Ïîñòàíîâëåíèå ïðàâèòåëüñòâà î ìåðàõ", False),  # Russian cp1251 bytes read as cp1258
        ("Привет", False),
        ("1234 5678", False),
    ],
)
def test_looks_vietnamese(text, vietnamese):
    assert looks_vietnamese(text) is vietnamese


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"%PDF-1.7\n", "a PDF file"),
        (b"\n\r\n%PDF-1.4", "a PDF file"),
        (b"PK\x03\x04\x14\x00", "a ZIP archive (docx/xlsx/zip)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "an old Office file (.doc/.xls) or an encrypted docx"),
        (b"\x89PNG\r\n\x1a\n\x00", "a PNG image"),
        (b"\xff\xd8\xff\xe0", "a JPEG image"),
        (b"{\\rtf1\\ansi", "an RTF document"),
        (b"\x7fELF\x02", "an executable (ELF)"),
        (b"  <!DOCTYPE html><html>", "an HTML page"),
        (b"<div>x</div><body>", "an HTML page"),
        ("Số: 172-TB/TW".encode(), None),
        (b"# Ghi chu", None),
    ],
)
def test_sniff(head, kind):
    assert sniff(head) == kind


def test_supported_suffixes():
    assert {".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".jsonl"} <= supported_suffixes()


# ---------------------------------------------------------------------------------------- read_source


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_read_source_reads_markdown_as_is(tmp_path):
    body = "**ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU**\n\nSố: 628 /UBND-VX\n"
    (record,) = read_source(_write(tmp_path, "cv.md", body.encode()))
    assert record.text == body
    assert record.path == str(tmp_path / "cv.md")
    assert record.warnings == record.errors == []
    assert record.metadata == {} and record.line is None


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("a.txt", b"", "empty file"),
        ("photo.txt", b"\xff\xd8\xff\xe0" + bytes(100), "binary file: looks like a JPEG image"),
        ("scan.md", b"%PDF-1.4\n" + bytes(100), "binary file: looks like a PDF file"),
        ("notes.odt", b"PK\x03\x04", "OpenDocument .odt is not supported (save as .docx)"),
        ("cv.doc", b"\xd0\xcf\x11\xe0", "not a Word 97-2003 .doc file (no OLE header)"),
        ("hs.zip", b"PK\x03\x04", "archive: unpack it first"),
        ("scan.jpg", b"\xff\xd8\xff", "image: OCR of images is not supported (put scans in a PDF)"),
        ("README", b"text", "unsupported format (no extension)"),
        ("data.csv", b"a,b", "unsupported format .csv"),
    ],
)
def test_read_source_refuses(tmp_path, name, data, reason):
    with pytest.raises(SourceError) as caught:
        read_source(_write(tmp_path, name, data))
    assert caught.value.reason == reason


def test_size_limit_is_configurable_and_says_the_limit(tmp_path):
    path = _write(tmp_path, "big.txt", TEXT.encode() * 100)
    assert read_source(path, max_bytes=len(TEXT.encode()) * 100)
    with pytest.raises(SourceError) as caught:
        read_source(path, max_bytes=1000)
    assert caught.value.reason == "too large: 0.0 MB (limit 1000 bytes)"
    big = tmp_path / "big2.txt"
    with open(big, "wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(SourceError) as caught:
        read_source(big)
    assert caught.value.reason == "too large: 21.0 MB (limit 20 MB)"


def test_unreadable_paths(tmp_path):
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "b.txt", tmp_path / "a.txt")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "folder.txt").mkdir()
    _write(tmp_path, "file.txt", b"x")
    expected = {
        "dangling.txt": f"broken symlink (target {tmp_path / 'gone.txt'} is missing)",
        "a.txt": "symlink loop",
        "pipe.txt": "not a regular file: a named pipe (FIFO)",  # must not block
        "folder.txt": "a folder, not a file",
        "missing.txt": "no such file",
        "file.txt/inner.txt": "a file in the path is not a folder",
        "x" * 300 + ".txt": "file name too long",
    }
    for name, reason in expected.items():
        with pytest.raises(SourceError) as caught:
            read_source(tmp_path / name)
        assert caught.value.reason == reason, name


@pytest.mark.skipif(
    os.geteuid() == 0, reason="running as root, which reads chmod 000 files: run pytest as a normal user"
)
def test_permission_denied(tmp_path):
    path = _write(tmp_path, "locked.txt", TEXT.encode())
    path.chmod(0)
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert caught.value.reason == "permission denied"


# ---------------------------------------------------------------------------------- iter_source_files


def test_walk_is_sorted_skips_hidden_and_litter_and_yields_the_broken(tmp_path):
    for name in [
        "b.txt",
        "a.docx",
        "z/c.md",
        "z/y/d.pdf",
        "notes.xyz",
        ".hidden.txt",
        ".git/config.txt",
        "~$a.docx",
        "Thumbs.db",
        "draft.txt~",
        "z/.cache/e.txt",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink(tmp_path, tmp_path / "z" / "loop")  # a folder symlink back up must not walk forever
    found = [p.relative_to(tmp_path).as_posix() for p in iter_source_files([tmp_path])]
    assert found == ["a.docx", "b.txt", "dangling.txt", "notes.xyz", "pipe.txt", "z/c.md", "z/y/d.pdf"]


def test_explicit_paths_are_yielded_as_given_once(tmp_path):
    (tmp_path / "d").mkdir()
    _write(tmp_path / "d", "a.txt", b"x")
    hidden = _write(tmp_path, ".hidden.txt", b"x")
    missing = tmp_path / "missing.txt"
    found = list(iter_source_files([hidden, missing, tmp_path / "d", tmp_path / "d" / "a.txt"]))
    assert found == [hidden, missing, tmp_path / "d" / "a.txt"]


def test_unlistable_folder_is_yielded_for_reporting(tmp_path, monkeypatch):
    # as root no folder is unlistable, so make scandir fail the way EACCES does for ordinary users
    (tmp_path / "secret").mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "secret":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    _write(tmp_path, "a.txt", b"x")
    assert list(iter_source_files([tmp_path])) == [tmp_path / "a.txt", tmp_path / "secret"]


# ------------------------------------------------------------------ legacy encodings (analyzers.legacy)

# what a .VnTime (TCVN3/ABC) document holds, shown as Latin-1: the classic "nh©n d©n" mojibake
TCVN3_BYTES = "Uû ban nh©n d©n tØnh Lai Ch©u, céng hoµ x· héi chñ nghÜa viÖt nam".encode("latin-1")


def test_legacy_bytes_go_through_analyzers_legacy(tmp_path):
    legacy = pytest.importorskip("analyzers.legacy", reason="analyzers/legacy.py has not landed yet")
    data = TCVN3_BYTES + b"\n" + TCVN3_BYTES
    expected, encoding = legacy.decode_legacy_bytes(data)
    assert encoding, "analyzers.legacy did not recognise TCVN3 bytes"
    path = tmp_path / "tcvn3.txt"
    path.write_bytes(data)
    (record,) = read_source(path)
    assert record.text == expected
    assert record.warnings == [f"repaired from {encoding}"]
    assert "nhân dân" in record.text and "chủ nghĩa" in record.text


def test_legacy_mojibake_saved_as_utf8_is_repaired(tmp_path):
    legacy = pytest.importorskip("analyzers.legacy", reason="analyzers/legacy.py has not landed yet")
    mojibake = (TCVN3_BYTES + b"\n").decode("latin-1") * 3  # TCVN3 typed in .VnTime, saved as UTF-8
    expected, encoding = legacy.repair_legacy(mojibake)
    assert encoding, "analyzers.legacy did not recognise TCVN3 mojibake"
    path = tmp_path / "vntime.txt"
    path.write_bytes(mojibake.encode())
    (record,) = read_source(path)
    assert record.text == expected
    assert record.warnings == [f"repaired from {encoding}"]
    assert "nhân dân" in record.text and "chủ nghĩa" in record.text


def test_a_few_stray_nul_bytes_in_a_long_text_are_dropped_not_fatal(tmp_path):
    # a converted gazette text with two NULs from the converter: the document must not be lost
    body = "Điều 1. Phạm vi điều chỉnh của Thông tư này về kế hoạch và đầu tư.\n" * 1500
    data = body.encode("utf-8")
    data = data[:40_000] + b"\x00" + data[40_000:70_000] + b"\x00" + data[70_000:]
    path = tmp_path / "congbao.txt"
    path.write_bytes(data)
    (source,) = read_source(path)
    assert "\x00" not in source.text and source.text.startswith("Điều 1.")
    assert any("2 stray NUL" in w for w in source.warnings)


@pytest.mark.parametrize(
    "data",
    [
        b"abc\x00def",  # short: one NUL is a large share
        ("văn bản " * 20_000).encode("utf-8").replace(b" ", b"\x00", 200),  # many NULs
        b"\xff\xfe\x00" + ("x" * 100_000).encode(),  # not UTF-8 around it
    ],
    ids=["short", "many", "not-utf8"],
)
def test_nul_bytes_that_are_not_strays_still_mean_binary(tmp_path, data):
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError):
        read_source(path)
