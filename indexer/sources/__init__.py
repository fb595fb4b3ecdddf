"""Reading source files into text: one reader per format, all returning SourceText.

Readers are thin I/O; they never parse structure. A file that cannot be read raises
indexer.errors.SourceError(path, reason) and the pipeline carries on with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from indexer.errors import SourceError

MAX_FILE_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}


@dataclass
class SourceText:
    path: str
    text: str
    warnings: list[str] = field(default_factory=list)  # e.g. "repaired from TCVN3", "needs OCR: page 3"
    metadata: dict = field(default_factory=dict)  # producer-given metadata (jsonl)


def supported_suffixes() -> set[str]:
    return set(TEXT_SUFFIXES)


def read_source(path: Path) -> list[SourceText]:
    """Read one file. Most formats give one SourceText; jsonl gives one per line."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if size == 0:
        raise SourceError(str(path), "empty file")
    if size > MAX_FILE_BYTES:
        raise SourceError(str(path), f"too large ({size // (1024 * 1024)} MB > {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES:
        raise SourceError(str(path), f"unsupported format {suffix or '(no extension)'}")
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise SourceError(str(path), "binary content (NUL bytes) in a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(str(path), f"not UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise SourceError(str(path), "no text")
    return [SourceText(str(path), text)]
