"""Where an on-disk index lives, and how a new one replaces it without downtime.

`index_dir` is a symlink to a versioned directory beside it (`<index_dir>.versions/v…`). A reindex
builds a new version and publishes it with one atomic rename of a symlink, so a reader sees either
the old complete index or the new complete one, never a half-built one. A crash before the rename
leaves the old version serving; the orphan is swept by the next writer.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from indexer.errors import IndexBusy

KEEP_PREVIOUS = 1  # versions kept after a swap, so servers still reading them finish cleanly
# A superseded version also stays this long after it stopped serving, however many swaps follow:
# a server that opened it just before a swap keeps answering from it until it reloads.
GRACE_SECONDS = 120.0


def versions_dir(index_dir: Path) -> Path:
    return index_dir.with_name(index_dir.name + ".versions")


def current_version(index_dir: Path) -> Path | None:
    if index_dir.is_symlink():
        target = index_dir.resolve()
        return target if target.exists() else None
    return index_dir.resolve() if index_dir.is_dir() else None


def _versions(index_dir: Path) -> list[Path]:
    """Every version directory, as absolute resolved paths: `current_version` is resolved, and a
    relative `--index-dir var/index` compared unresolved never equals it (the served version was swept)."""
    root = versions_dir(index_dir).resolve()
    if not root.is_dir():
        return []
    return [p for p in root.iterdir() if p.is_dir()]


def new_version(index_dir: Path) -> Path:
    root = versions_dir(index_dir)
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        candidate = root / f"v{stamp}-{os.getpid()}-{n}"
        try:
            candidate.mkdir()
            return candidate
        except FileExistsError:
            continue
    raise IndexBusy(f"cannot create a new index version under {root}")


def publish(index_dir: Path, version: Path) -> None:
    """Atomically point index_dir at version (rename of a fresh symlink over the old one)."""
    if index_dir.exists() and not index_dir.is_symlink():
        raise IndexBusy(f"{index_dir} is a plain directory; move it away to let vanban manage versions")
    tmp = index_dir.with_name(f".{index_dir.name}.swap-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(os.path.relpath(version, index_dir.parent))
    _fsync_dir(version)
    outgoing = current_version(index_dir)
    os.replace(tmp, index_dir)
    _fsync_dir(index_dir.parent)
    if outgoing is not None and outgoing != version.resolve():
        os.utime(outgoing)  # its mtime now says when it stopped serving: the grace period starts


def sweep(
    index_dir: Path, keep_previous: int = KEEP_PREVIOUS, grace_seconds: float = GRACE_SECONDS
) -> list[Path]:
    """Delete versions that are neither current, nor among the newest `keep_previous` others, nor
    superseded less than `grace_seconds` ago."""
    current = current_version(index_dir)
    others = sorted(
        (p for p in _versions(index_dir) if p != current),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    cutoff = time.time() - grace_seconds
    removed = []
    for old in others[keep_previous:]:
        if old.stat().st_mtime > cutoff:
            continue
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old)
    return removed


def sweep_unpublished(index_dir: Path) -> None:
    """Remove half-built versions left by a crashed reindex (never the current one)."""
    current = current_version(index_dir)
    for p in _versions(index_dir):
        if p != current and not (p / ".complete").exists():
            shutil.rmtree(p, ignore_errors=True)


def mark_complete(version: Path) -> None:
    (version / ".complete").write_text("ok\n", encoding="utf-8")


def ensure_index_dir(index_dir: Path) -> Path:
    """The directory to write into for an incremental index run (created on first use)."""
    current = current_version(index_dir)
    if current is not None:
        return current
    version = new_version(index_dir)
    mark_complete(version)
    publish(index_dir, version)
    return version


@contextmanager
def write_lock(index_dir: Path):
    """One writer at a time per index location, across processes."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = index_dir.with_name(index_dir.name + ".lock")
    with open(lock_path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy(f"another vanban process is writing {index_dir} (lock {lock_path})") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
