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
READER_VERSION = 2  # 2: the HTML reader drops portal chrome (indexer.sources.html_chrome)
_CHUNK = 1 << 20


def _keyed(ocr: bool):
    return hashlib.sha256(f"v{READER_VERSION}:ocr={int(ocr)}:".encode())


def raw_digest(path: str, ocr: bool) -> str | None:
    """The cache key of a file's bytes, or None when it cannot be read (the reader reports why)."""
    digest = _keyed(ocr)
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def bytes_digest(data: bytes, ocr: bool) -> str:
    digest = _keyed(ocr)
    digest.update(data)
    return digest.hexdigest()


class ExtractCache:
    """Also keeps the roots (folders and files) ever given to `vanban index`/`reindex` for this index:
    the only places the server's source link may serve a file from."""

    def __init__(self, path: Path | None, *, readonly: bool = False):
        self._db = None
        if path is None or (readonly and not path.exists()):
            return
        try:
            if readonly:
                self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), timeout=5)
            self._db.execute("CREATE TABLE IF NOT EXISTS extracted (raw TEXT PRIMARY KEY, text_hash TEXT)")
            self._db.execute("CREATE TABLE IF NOT EXISTS roots (path TEXT PRIMARY KEY)")
        except sqlite3.Error:
            self._db = None  # a cache that cannot open costs time, never correctness

    def add_roots(self, roots) -> None:
        if self._db is None:
            return
        try:
            self._db.executemany("INSERT OR IGNORE INTO roots VALUES (?)", [(str(r),) for r in roots])
        except sqlite3.Error:
            pass

    def roots(self) -> list[str] | None:
        """None when unknown (an index written before roots were recorded)."""
        if self._db is None:
            return None
        try:
            found = [row[0] for row in self._db.execute("SELECT path FROM roots")]
        except sqlite3.Error:
            return None
        return found or None

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
