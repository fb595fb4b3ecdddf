"""Optional OCR of scanned PDF pages with Debian's tools: pdftoppm (poppler-utils) renders a page,
tesseract with the Vietnamese data (tesseract-ocr-vie) reads it. Used only when asked (--ocr) and
only when the binaries are there; nothing is downloaded.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

OCR_DPI = 300
OCR_LANG = "vie"
PAGE_TIMEOUT_S = 180


@lru_cache(maxsize=1)
def ocr_unavailable_reason() -> str | None:
    """None when OCR can run, otherwise what to install."""
    if not shutil.which("tesseract"):
        return "tesseract not installed (apt install tesseract-ocr tesseract-ocr-vie)"
    if not shutil.which("pdftoppm"):
        return "pdftoppm not installed (apt install poppler-utils)"
    try:
        listed = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"tesseract does not run: {exc}"
    if OCR_LANG not in listed.stdout.split():
        return "Vietnamese OCR data missing (apt install tesseract-ocr-vie)"
    return None


def ocr_pdf_pages(data: bytes, pages: list[int], *, dpi: int = OCR_DPI) -> dict[int, str]:
    """Text of the given 1-based pages; a page that fails to render or read is left out."""
    found: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix="vanban-ocr-") as tmp:
        pdf = Path(tmp) / "in.pdf"
        pdf.write_bytes(data)
        for number in pages:
            text = _ocr_page(pdf, number, dpi, Path(tmp))
            if text is not None:
                found[number] = text
    return found


def _ocr_page(pdf: Path, number: int, dpi: int, tmp: Path) -> str | None:
    prefix = tmp / f"p{number}"
    try:
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-gray",
                "-png",
                "-singlefile",
                "-f",
                str(number),
                "-l",
                str(number),
                str(pdf),
                str(prefix),
            ],
            capture_output=True,
            timeout=PAGE_TIMEOUT_S,
            check=True,
        )
        image = prefix.with_suffix(".png")
        result = subprocess.run(
            ["tesseract", str(image), "stdout", "-l", OCR_LANG],
            capture_output=True,
            timeout=PAGE_TIMEOUT_S,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.decode("utf-8", errors="replace")
