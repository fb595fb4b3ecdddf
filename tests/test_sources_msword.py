"""Legacy Word readers: .doc through antiword, .rtf through striprtf, with clear reasons on failure."""

from __future__ import annotations

import shutil

import pytest

from indexer.errors import SourceError
from indexer.sources import read_source
from tests.conftest import need_real

# RTF as Word writes Vietnamese: ANSI code page 1252, letters outside it as \uNNNN with a '?' fallback
RTF = (
    rb"{\rtf1\ansi\ansicpg1252\uc1{\fonttbl{\f0 Times New Roman;}}"
    rb"\pard \u7910?Y BAN NH\'c2N D\'c2N\par"
    rb"\pard T\u7880?NH B\'ccNH THU\u7852?N\par"
    rb"\pard S\u7889?: 12/UBND-VX\par"
    rb"\pard V/v tri\u7875?n khai k\u7871? ho\u7841?ch\par}"
)


def test_rtf_reads_vietnamese_letters(tmp_path):
    path = tmp_path / "cong_van.rtf"
    path.write_bytes(RTF)
    (record,) = read_source(path)
    assert "ỦY BAN NHÂN DÂN" in record.text
    assert "TỈNH BÌNH THUẬN" in record.text
    assert "Số: 12/UBND-VX" in record.text
    assert "V/v triển khai kế hoạch" in record.text


def test_rtf_without_header_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "not.rtf"
    path.write_bytes("Số: 12/UBND-VX, văn bản thường".encode())
    with pytest.raises(SourceError, match=r"not an RTF file"):
        read_source(path)


def test_rtf_saved_as_doc_is_read(tmp_path):
    path = tmp_path / "portal_attachment.doc"
    path.write_bytes(RTF)
    (record,) = read_source(path)
    assert "Số: 12/UBND-VX" in record.text


def test_damaged_doc_gives_a_reason(tmp_path):
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    with pytest.raises(SourceError, match=r"^.*(unreadable \.doc: is not a Word Document|needs antiword)"):
        read_source(path)


def test_doc_without_ole_header_is_refused(tmp_path):
    path = tmp_path / "text.doc"
    path.write_bytes(b"plain text named .doc")
    with pytest.raises(SourceError, match=r"not a Word 97-2003 \.doc file"):
        read_source(path)


def test_doc_without_antiword_names_the_package(tmp_path, monkeypatch):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    monkeypatch.setenv("PATH", "")
    with pytest.raises(SourceError, match=r"needs antiword \(apt-get install antiword\)"):
        read_source(path)


def test_real_word_97_drafts_are_read():
    real = need_real()
    if shutil.which("antiword") is None:
        pytest.skip("antiword not installed (make sysdeps installs it)")
    docs = sorted((real / "docs").rglob("*.doc"))
    assert docs, "the real corpus holds .doc drafts"
    for path in docs:
        (record,) = read_source(path)
        assert "XÃ HỘI CHỦ NGHĨA VIỆT NAM" in record.text.upper(), path.name
        assert "|" in record.text, "antiword keeps the header table as |cells|"


def test_real_rtf_is_read():
    real = need_real()
    (path,) = sorted((real / "docs").rglob("*.rtf"))
    (record,) = read_source(path)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in record.text
    assert "Kính gửi" in record.text
