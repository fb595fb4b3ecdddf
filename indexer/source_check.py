"""Is the file at a document's recorded path still the file that was indexed?

The source link serves a file by the path recorded at index time. That path may since have been
replaced (by another file, or by a symlink to a secret): serve it only when its real location lies
inside a folder (or is a file) given to `vanban index`, and its content gives the indexed text hash.
"""

from __future__ import annotations

import os
from pathlib import Path

from indexer.errors import SourceError
from indexer.extract_cache import ExtractCache, bytes_digest, cache_path


def _inside(real: str, roots: list[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def indexed_source_bytes(path: Path, content_hash: str, index_dir: str, max_bytes: int) -> bytes | None:
    """The file's bytes when it is still what was indexed (and where it was indexed from), else None."""
    real = os.path.realpath(path)
    cache = ExtractCache(cache_path(index_dir), readonly=True)
    try:
        roots = cache.roots()
        if roots is not None and not _inside(real, roots):
            return None
        try:
            with open(real, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError:
            return None
        if len(data) > max_bytes or not content_hash:
            return None
        if any(cache.text_hash(bytes_digest(data, ocr)) == content_hash for ocr in (False, True)):
            return data
    finally:
        cache.close()
    return data if _text_hash(real, max_bytes) == content_hash else None


def _text_hash(path: str, max_bytes: int) -> str | None:
    from indexer.pipeline import ReadOptions, read_file

    try:
        _, digest = read_file(path, ReadOptions(max_bytes=max_bytes))
    except SourceError:
        return None
    return digest
