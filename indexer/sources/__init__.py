"""Reading source files into text: one reader per format, all returning SourceText.

Readers are thin I/O; they never parse structure. A file that cannot be read raises
indexer.errors.SourceError(path, reason) with a short, specific reason, and the pipeline carries on
with the rest. Format modules: text (txt/md), docx, msword (.doc via antiword, .rtf), pdf (+ ocr), html,
jsonl; encoding detection in `encoding`, path checks and content sniffing in `detect`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from indexer.errors import SourceError
from indexer.sources.detect import check_path, random_looking, read_bytes, sniff
from indexer.sources.model import SourceText

__all__ = [
    "MAX_FILE_BYTES",
    "SourceError",
    "SourceText",
    "iter_source_files",
    "read_source",
    "supported_suffixes",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
_FORMATS = {
    **dict.fromkeys(TEXT_SUFFIXES, "text"),
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".doc": "doc",
    ".rtf": "rtf",
}
# formats people will drop into an archive folder, with what to do about them
_UNSUPPORTED = {
    ".odt": "OpenDocument .odt is not supported (save as .docx)",
    ".xls": "spreadsheets are not supported",
    ".xlsx": "spreadsheets are not supported",
    ".zip": "archive: unpack it first",
    ".rar": "archive: unpack it first",
    ".7z": "archive: unpack it first",
    ".gz": "compressed file: unpack it first",
    ".jpg": "image: OCR of images is not supported (put scans in a PDF)",
    ".jpeg": "image: OCR of images is not supported (put scans in a PDF)",
    ".png": "image: OCR of images is not supported (put scans in a PDF)",
    ".tif": "image: OCR of images is not supported (put scans in a PDF)",
    ".tiff": "image: OCR of images is not supported (put scans in a PDF)",
}
# Office lock files (~$name.docx), OS litter and editor backups: never documents, never worth a report
_LITTER = ("~$",)
_LITTER_NAMES = {"thumbs.db", "desktop.ini"}


def supported_suffixes() -> set[str]:
    return set(_FORMATS)


def read_source(path: Path, *, ocr: bool = False, max_bytes: int = MAX_FILE_BYTES) -> list[SourceText]:
    """Read one file. Most formats give one SourceText; jsonl gives one per good line.

    ocr=True lets PDF pages without a text layer go through tesseract when it is installed.
    Raises SourceError(path, reason) when nothing usable can be read.
    """
    path = Path(path)
    where = str(path)
    suffix = path.suffix.lower()
    check_path(path, max_bytes)
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        reason = _UNSUPPORTED.get(suffix) or f"unsupported format {suffix or '(no extension)'}"
        raise SourceError(where, reason)
    data = read_bytes(path, max_bytes)
    if fmt in ("text", "jsonl"):
        kind = sniff(data[:4096])
        if kind and kind != "an HTML page":
            raise SourceError(where, f"binary file: looks like {kind}")
        noise = random_looking(data) if b"\x00" not in data[:65536] else None  # NULs: their own reason
        if noise:
            raise SourceError(where, noise)
    return _reader(fmt)(data, where, ocr)


def _reader(fmt: str) -> Callable[[bytes, str, bool], list[SourceText]]:
    # imported on use: python-docx, pypdf and bs4 cost import time that plain-text runs never need
    if fmt == "text":
        from indexer.sources.text import read_text

        return lambda data, where, ocr: read_text(data, where)
    if fmt == "docx":
        from indexer.sources.docx import read_docx

        return lambda data, where, ocr: read_docx(data, where)
    if fmt == "pdf":
        from indexer.sources.pdf import read_pdf

        return lambda data, where, ocr: read_pdf(data, where, ocr=ocr)
    if fmt == "html":
        from indexer.sources.html import read_html

        return lambda data, where, ocr: read_html(data, where)
    if fmt in ("doc", "rtf"):
        from indexer.sources.msword import read_doc, read_rtf

        reader = read_doc if fmt == "doc" else read_rtf
        return lambda data, where, ocr: reader(data, where)
    from indexer.sources.jsonl import read_jsonl

    return lambda data, where, ocr: read_jsonl(data, where)


def iter_source_files(paths: list[Path]) -> Iterator[Path]:
    """Every file to try, in a stable order: folders walked (sorted, hidden entries and Office lock
    files skipped, symlinked folders followed once), files given explicitly yielded as they are.

    Unsupported, broken and unreadable entries ARE yielded, so that read_source reports them; a
    folder that cannot be listed is yielded itself (read_source then says why). Never raises.
    """
    seen_dirs: set[tuple[int, int]] = set()
    yielded: set[str] = set()
    for root in paths:
        root = Path(root)
        try:
            is_dir = root.is_dir()
        except OSError:
            is_dir = False
        walk = _walk(root, seen_dirs) if is_dir else iter([root])
        for path in walk:
            key = str(path)
            if key not in yielded:
                yielded.add(key)
                yield path


def _walk(folder: Path, seen_dirs: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        info = os.stat(folder)
        key = (info.st_dev, info.st_ino)
        if key in seen_dirs:  # a symlink back up the tree: walk each real folder once
            return
        seen_dirs.add(key)
        with os.scandir(folder) as entries:
            children = sorted(entries, key=lambda entry: entry.name)
    except OSError:
        yield folder
        return
    for entry in children:
        name = entry.name
        if _skipped(name):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, seen_dirs)
        else:
            yield path  # regular, broken symlink, FIFO, socket...: read_source decides and reports


def _skipped(name: str) -> bool:
    return name.startswith((".", *_LITTER)) or name.endswith("~") or name.lower() in _LITTER_NAMES
