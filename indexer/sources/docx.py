"""Word .docx through python-docx: paragraphs and tables in document order.

A table row is written by indexer.sources.tables: `a | b`, or `| a1<br>a2 | b1<br>b2 |` when its cells
hold several paragraphs (the header table of an official document puts the issuer and the national
motto side by side; keeping the row and the paragraphs keeps them apart).
Old Vietnamese documents typed in .VnTime fonts store TCVN3 bytes as Latin-1 letters, so the text
goes through the same legacy repair as plain text.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from indexer.errors import SourceError
from indexer.sources.detect import sniff
from indexer.sources.encoding import repair_legacy
from indexer.sources.model import SourceText
from indexer.sources.tables import row_lines

MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # a zip bomb is refused before python-docx inflates it
# A 2,000-page statute book has ~60,000 paragraphs; millions of (empty) ones are a bomb: each costs
# python-docx tens of microseconds and lxml a node, ~4 GB for a 773 KB file.
MAX_PARAGRAPHS = 500_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, path: str) -> list[SourceText]:
    _check_package(data, path)
    import docx
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
    except (zlib.error, EOFError):
        raise SourceError(path, "damaged docx: corrupt compressed data") from None
    except zipfile.BadZipFile as exc:  # "Bad CRC-32 for file 'word/document.xml'"
        raise SourceError(path, f"damaged docx: {_short(exc)}") from None
    except XMLSyntaxError as exc:
        raise SourceError(path, f"damaged docx: broken XML ({_short(exc)})") from None
    except KeyError as exc:  # "There is no item named '[Content_Types].xml' in the archive"
        missing = re.search(r"named '([^']+)'", str(exc))
        raise SourceError(path, f"damaged docx: {missing.group(1) if missing else exc} missing") from None
    except ValueError as exc:  # python-docx: "file ... is not a Word file, content type is ..."
        raise SourceError(path, f"not a Word document: {_short(exc)}") from None
    lines = _collapse_blank_lines(_block_lines(document.element.body, document))
    text = "\n".join(lines).strip()
    if not text:
        raise SourceError(path, "no text in the docx (only images or empty?)")
    warnings: list[str] = []
    fixed, encoding = repair_legacy(text)
    if encoding:
        warnings.append(f"repaired from {encoding}")
    return [SourceText(path, fixed, warnings)]


def _check_package(data: bytes, path: str) -> None:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(b"PK\x03\x04"):
            raise SourceError(path, "truncated docx: zip directory missing") from None
        kind = sniff(data[:4096])
        if kind and "old Office" in kind:
            reason = "old Word .doc format or password-protected docx (save as .docx)"
            raise SourceError(path, reason) from None
        raise SourceError(path, f"not a docx: {'looks like ' + kind if kind else 'not a zip file'}") from None
    names = set(package.namelist())
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise SourceError(path, "an Excel workbook named .docx")
        if "ppt/presentation.xml" in names:
            raise SourceError(path, "a PowerPoint file named .docx")
        if "content.xml" in names:
            raise SourceError(path, "an OpenDocument file named .docx (save it as .docx)")
        raise SourceError(path, "not a Word document: no word/document.xml in the zip")
    unpacked = sum(info.file_size for info in package.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise SourceError(path, f"docx too large once unpacked ({unpacked // (1024 * 1024)} MB)")
    try:
        body = package.read("word/document.xml")
    except (zipfile.BadZipFile, zlib.error, EOFError):
        return  # python-docx says what is damaged
    paragraphs = sum(body.count(tag) for tag in (b"<w:p>", b"<w:p ", b"<w:p/>"))
    if paragraphs > MAX_PARAGRAPHS:
        raise SourceError(
            path, f"docx with {paragraphs:,} paragraphs (limit {MAX_PARAGRAPHS:,}): not a document"
        )


def _block_lines(container, parent) -> list[str]:
    """Lines of a body or table cell: paragraphs, table rows, and content controls, in order."""
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == _W + "p":
            # an empty paragraph (no w:t below it) costs a C-level find, not a python-docx Paragraph
            has_text = child.find(".//" + _W + "t") is not None
            lines.append(Paragraph(child, parent).text.strip() if has_text else "")
        elif child.tag == _W + "tbl":
            lines.extend(_table_lines(child, parent))
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                lines.extend(_block_lines(content, parent))
    return lines


def _table_lines(tbl, parent) -> list[str]:
    lines: list[str] = []
    for tr in tbl.iterchildren(_W + "tr"):
        cells: list[list[str]] = []
        for tc in tr.iterchildren(_W + "tc"):
            if tc.vMerge == "continue":  # a vertically merged cell repeats nothing
                continue
            cells.append([line for line in _block_lines(tc, parent) if line])
        lines.extend(row_lines(cells))
    return lines


def _collapse_blank_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out


def _short(exc: Exception) -> str:
    message = str(exc).strip() or type(exc).__name__
    return message if len(message) <= 100 else message[:97] + "..."
