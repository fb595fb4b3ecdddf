"""PDF with a text layer through pypdf; pages without text are reported, or OCR'd when asked.

pypdf repairs many damaged files on its own (non-strict mode rebuilds a lost xref), so a truncated PDF
may still give most of its text: we keep it and say so in a warning instead of refusing the file.
"""

from __future__ import annotations

import io
import logging
import re

from indexer.errors import SourceError
from indexer.sources.detect import sniff
from indexer.sources.encoding import repair_legacy
from indexer.sources.model import SourceText

MIN_PAGE_CHARS = 3  # a page with fewer letters/digits than this is a scan (stray page numbers don't count)
PAGE_SEPARATOR = "\n\n"
# (?<!\d): a run of digits is tried once, from its start (the search runs over the whole file)
_CATALOG = re.compile(rb"(?<!\d)(\d+)\s+\d+\s+obj\s*<<\s*/Type\s*/Catalog\b")


def read_pdf(data: bytes, path: str, *, ocr: bool = False) -> list[SourceText]:
    if b"%PDF-" not in data[:1024]:
        kind = sniff(data[:4096])
        hint = " (a failed download?)" if kind == "an HTML page" else ""
        raise SourceError(path, f"not a PDF: {'looks like ' + kind + hint if kind else 'no %PDF header'}")
    warnings: list[str] = []
    truncated = b"%%EOF" not in data[-2048:]
    try:
        pages = _page_texts(data, path)
    except SourceError:
        if not truncated:
            raise
        try:
            pages = _page_texts(_with_rebuilt_trailer(data, path), path)
        except SourceError as exc:
            if exc.reason == "pdf without pages":
                raise SourceError(path, "truncated pdf: no pages left") from None
            raise SourceError(path, f"truncated pdf: cannot be repaired ({exc.reason})") from None
    empty = [number for number, text in enumerate(pages, 1) if not _has_text(text)]
    if truncated:
        if len(empty) == len(pages):
            raise SourceError(path, "truncated pdf: no readable text left")
        warnings.append("truncated pdf (no %%EOF): text may be incomplete")
    if empty and ocr:
        from indexer.sources.ocr import ocr_pdf_pages, ocr_unavailable_reason

        missing = ocr_unavailable_reason()
        if missing:
            if len(empty) == len(pages):
                raise SourceError(path, f"no text layer (needs OCR; OCR unavailable: {missing})")
            warnings.append(f"needs OCR: pages {_page_list(empty)} (OCR unavailable: {missing})")
        else:
            recognised = ocr_pdf_pages(data, empty)
            for number, text in recognised.items():
                pages[number - 1] = text
            done = [n for n in empty if _has_text(recognised.get(n, ""))]
            if done:
                warnings.append(f"OCR text: pages {_page_list(done)}")
            empty = [n for n in empty if n not in done]
            if empty:
                warnings.append(f"no text even after OCR: pages {_page_list(empty)}")
    elif empty:
        warnings.append(f"needs OCR: pages {_page_list(empty)}")
    if len(empty) == len(pages):
        if ocr:
            raise SourceError(path, "no text layer, and OCR found no text")
        raise SourceError(path, "no text layer (needs OCR; run with --ocr)")
    text = PAGE_SEPARATOR.join(page.strip() for page in pages if _has_text(page))
    fixed, encoding = repair_legacy(text)
    if encoding:
        warnings.append(f"repaired from {encoding}")
    return [SourceText(path, fixed, warnings)]


def _with_rebuilt_trailer(data: bytes, path: str) -> bytes:
    """A PDF cut short lost its xref and trailer; give pypdf a trailer naming the catalog and a bad
    startxref, and its non-strict mode rebuilds the xref by scanning the objects that survived."""
    catalog = _CATALOG.search(data)
    if not catalog:
        raise SourceError(path, "no catalog left")
    return data + b"\ntrailer\n<< /Root %s 0 R >>\nstartxref\n0\n%%%%EOF\n" % catalog.group(1)


def _page_texts(data: bytes, path: str) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    # pypdf logs every repair it makes; the reader reports what matters as warnings instead
    logger = logging.getLogger("pypdf")
    previous = logger.level
    logger.setLevel(logging.ERROR)
    try:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise SourceError(path, "password-protected pdf")
            pages = list(reader.pages)
        except SourceError:
            raise
        except (DependencyError, FileNotDecryptedError) as exc:
            raise SourceError(path, f"encrypted pdf: {_short(exc)}") from None
        except PdfReadError as exc:
            raise SourceError(path, f"damaged pdf: {_short(exc)}") from None
        except RecursionError:
            raise SourceError(path, "damaged pdf: object references loop") from None
        except Exception as exc:  # pypdf raises bare KeyError/ValueError/TypeError on hostile files
            raise SourceError(path, f"damaged pdf: {type(exc).__name__}: {_short(exc)}") from None
        if not pages:
            raise SourceError(path, "pdf without pages")
        return _extract_pages(pages, path, content_limit(len(data)))
    finally:
        logger.setLevel(previous)


# Decoded content streams a file may hold: generous for real documents (a few KB to a few hundred KB of
# drawing operators per page), far below the bombs (149 KB of PDF inflating to 60 MB per page).
MIN_CONTENT_LIMIT = 16 * 1024 * 1024  # pypdf extracts ~0.3 MB of content per CPU second
CONTENT_PER_FILE_BYTE = 20


def content_limit(file_size: int) -> int:
    return max(MIN_CONTENT_LIMIT, CONTENT_PER_FILE_BYTE * file_size)


def _extract_pages(pages: list, path: str, limit: int) -> list[str]:
    """Each page's text; pages drawing the same content stream with the same resources are read once,
    and the decoded content of distinct streams is counted against `limit`."""
    texts: list[str] = []
    seen: dict[tuple, str] = {}
    decoded = 0
    for page in pages:
        key = _drawing_key(page)
        if key is not None and key in seen:
            texts.append(seen[key])
            continue
        decoded += _content_size(page)
        if decoded > limit:
            mb = 1024 * 1024
            raise SourceError(
                path, f"pdf content expands to over {decoded // mb} MB (limit {limit // mb} MB for this file)"
            )
        try:
            text = page.extract_text() or ""
        except Exception:  # one broken page must not lose the others; it shows up as "needs OCR"
            text = ""
        texts.append(text)
        if key is not None:
            seen[key] = text
    return texts


def _ref(value) -> object:
    """An indirect object's (number, generation); a direct one's identity."""
    number = getattr(value, "idnum", None)
    return (number, getattr(value, "generation", 0)) if number is not None else id(value)


def _drawing_key(page) -> tuple | None:
    try:
        contents = page.raw_get("/Contents") if "/Contents" in page else None
        if contents is None:
            return None
        if isinstance(contents, list):
            refs = tuple(_ref(item) for item in contents)
        else:
            refs = (_ref(contents),)
        if any(isinstance(r, int) for r in refs):
            return None  # direct streams: nothing to share
        resources = page.raw_get("/Resources") if "/Resources" in page else None
        # the same inline resources written on every page compare equal by their text
        shared = _ref(resources) if getattr(resources, "idnum", None) is not None else repr(resources)
        return refs + (shared,)
    except Exception:
        return None


def _content_size(page) -> int:
    try:
        contents = page.get_contents()
        return len(contents.get_data()) if contents is not None else 0
    except Exception:
        return 0


def _has_text(text: str) -> bool:
    return sum(ch.isalnum() for ch in text) >= MIN_PAGE_CHARS


def _page_list(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → "1-3, 5": a 300-page scan must not make a 300-number warning."""
    parts: list[str] = []
    start = prev = numbers[0]
    for number in numbers[1:] + [None]:
        if number is not None and number == prev + 1:
            prev = number
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if number is not None:
            start = prev = number
    return ", ".join(parts)


def _short(exc: Exception) -> str:
    message = str(exc).strip() or type(exc).__name__
    return message if len(message) <= 100 else message[:97] + "..."
