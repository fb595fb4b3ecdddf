"""What text a file's raw bytes gave last time, so that an unchanged docx or PDF is not read again.

Incremental indexing compares the hash of a file's *text* with the one in the index; getting that text
out of a docx or PDF is the expensive part. This cache maps the hash of the raw bytes (plus what
changes a reader's output: the OCR switch and READER_VERSION) to the text hash it produced. It is
content-addressed, so an entry can never be wrong for another file, a stale one is harmless, and it
may be written before or after the engine commits. SQLite: safe against a kill, cheap to update.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

# Bump when a reader's output for the same bytes changes (then every file is read once more).
READER_VERSION = 1
_CHUNK = 1 << 20


def raw_digest(path: str, ocr: bool) -> str | None:
    """The cache key of a file's bytes, or None when it cannot be read (the reader reports why)."""
    digest = hashlib.sha256(f"v{READER_VERSION}:ocr={int(ocr)}:".encode())
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


class ExtractCache:
    def __init__(self, path: Path | None):
        self._db = None
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), timeout=5)
            self._db.execute("CREATE TABLE IF NOT EXISTS extracted (raw TEXT PRIMARY KEY, text_hash TEXT)")
        except sqlite3.Error:
            self._db = None  # a cache that cannot open costs time, never correctness

    def text_hash(self, raw: str | None) -> str | None:
        if self._db is None or not raw:
            return None
        try:
            row = self._db.execute("SELECT text_hash FROM extracted WHERE raw = ?", (raw,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def remember(self, raw: str | None, text_hash: str) -> None:
        if self._db is None or not raw or not text_hash:
            return
        try:
            self._db.execute("INSERT OR REPLACE INTO extracted VALUES (?, ?)", (raw, text_hash))
        except sqlite3.Error:
            pass

    def commit(self) -> None:
        if self._db is not None:
            try:
                self._db.commit()
            except sqlite3.Error:
                pass

    def close(self) -> None:
        if self._db is not None:
            self.commit()
            self._db.close()
            self._db = None


def cache_path(index_dir: str) -> Path:
    """Beside the index location (not inside a version: a reindex keeps what it already knows)."""
    index = Path(index_dir)
    return index.with_name(index.name + ".extracted.sqlite")
