"""What is this path, really? Checks before reading, and content sniffing for specific reasons.

`check_path` turns every way a path can be unreadable into one short reason (raised as SourceError);
`sniff` names the format a file's first bytes belong to, so that a PDF renamed .txt or an HTML error
page saved as .pdf is reported as such instead of as "garbage".
"""

from __future__ import annotations

import errno
import math
import os
import stat
from collections import Counter
from pathlib import Path

from indexer.errors import SourceError

_MB = 1024 * 1024

# magic bytes → what a human would call the file
_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (docx/xlsx/zip)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (.doc/.xls) or an encrypted docx"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ", "a Windows executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
]


def sniff(head: bytes) -> str | None:
    """Name the format of a file from its first bytes, or None when it looks like plain text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"%PDF-" in head[:1024]:  # the PDF spec tolerates junk before the header
        return "a PDF file"
    text = head[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")) or (text.startswith(b"<") and b"<body" in head.lower()):
        return "an HTML page"
    return None


# Text in any encoding repeats a small alphabet (Vietnamese UTF-8: ~5.3 bits of entropy per byte, legacy
# 8-bit and UTF-16 lower still); compressed, encrypted and random bytes use all 256 values evenly (~8).
MAX_TEXT_ENTROPY = 6.8
MIN_ENTROPY_SAMPLE = 1024


def byte_entropy(sample: bytes) -> float:
    """Shannon entropy of the byte histogram, in bits per byte."""
    if not sample:
        return 0.0
    total = len(sample)
    return -sum(n / total * math.log2(n / total) for n in Counter(sample).values())


def random_looking(data: bytes) -> str | None:
    """A reason when the bytes look compressed, encrypted or random rather than text; else None."""
    sample = data[:65536]
    if len(sample) < MIN_ENTROPY_SAMPLE:
        return None
    bits = byte_entropy(sample)
    if bits <= MAX_TEXT_ENTROPY:
        return None
    return f"binary content: looks compressed, encrypted or random ({bits:.1f} bits of entropy per byte)"


def check_path(path: Path, max_bytes: int) -> int:
    """Raise SourceError unless `path` is a readable regular file of acceptable size; return its size."""
    where = str(path)
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise SourceError(where, _os_reason(exc)) from None
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                raise SourceError(where, f"broken symlink (target {os.readlink(path)} is missing)") from None
            if exc.errno == errno.ELOOP:
                raise SourceError(where, "symlink loop") from None
            raise SourceError(where, _os_reason(exc)) from None
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        try:
            os.listdir(path)
        except OSError as exc:
            raise SourceError(where, f"cannot open folder: {_os_reason(exc)}") from None
        raise SourceError(where, "a folder, not a file")
    if not stat.S_ISREG(mode):
        # reading a FIFO would block forever and a device never ends: refuse before opening
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "a device"
        )
        raise SourceError(where, f"not a regular file: {kind}")
    if info.st_size == 0:
        raise SourceError(where, "empty file")
    if info.st_size > max_bytes:
        raise SourceError(where, f"too large: {info.st_size / _MB:.1f} MB (limit {_mb(max_bytes)})")
    return info.st_size


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """Read at most max_bytes (+1 to notice a file that grew since it was checked)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(str(path), _os_reason(exc)) from None
    if len(data) > max_bytes:
        raise SourceError(str(path), f"too large: over {_mb(max_bytes)} (the file grew while reading)")
    if not data:
        raise SourceError(str(path), "empty file")
    return data


def _mb(n: int) -> str:
    return f"{n / _MB:g} MB" if n >= _MB else f"{n} bytes"


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOENT: "no such file",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ELOOP: "symlink loop",
        errno.ENOTDIR: "a file in the path is not a folder",
        errno.ENAMETOOLONG: "file name too long",
        errno.EISDIR: "a folder, not a file",
        errno.EIO: "input/output error (damaged disk or network share?)",
    }
    return reasons.get(exc.errno, f"cannot read: {exc.strerror or exc}")
