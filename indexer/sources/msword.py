"""Legacy Word files: `.doc` (Word 97–2003) through Debian's `antiword`, `.rtf` through `striprtf`.

Government portals still attach both. antiword prints Word tables as `|cell|cell|` rows, which the
parser reads like markdown tables (the two-column header stays two columns). Either reader fails with
a SourceError naming the reason: antiword missing, not a Word file, password-protected, no text.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from indexer.errors import SourceError
from indexer.sources.model import SourceText

ANTIWORD_TIMEOUT_S = 60
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def read_doc(data: bytes, path: str) -> list[SourceText]:
    if data.startswith(b"{\\rtf"):  # an RTF saved with a .doc name: common on portals
        return read_rtf(data, path)
    if not data.startswith(_OLE_MAGIC):
        raise SourceError(path, "not a Word 97-2003 .doc file (no OLE header)")
    antiword = shutil.which("antiword")
    if antiword is None:
        raise SourceError(path, "old Word .doc needs antiword (apt-get install antiword)")
    try:
        done = subprocess.run(
            [antiword, "-m", "UTF-8.txt", "-w", "0", "-"],
            input=data,
            capture_output=True,
            timeout=ANTIWORD_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SourceError(path, f"antiword took more than {ANTIWORD_TIMEOUT_S} s") from None
    text = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0 or not text.strip():
        said = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        reason = said[-1].removeprefix("- ") if said else f"exit code {done.returncode}"
        raise SourceError(path, f"unreadable .doc: {reason}")
    return [SourceText(path, text)]


def read_rtf(data: bytes, path: str) -> list[SourceText]:
    from striprtf.striprtf import rtf_to_text

    if not data.lstrip().startswith(b"{\\rtf"):
        raise SourceError(path, "not an RTF file (no {\\rtf header)")
    codepage = _CODEPAGE.search(data[:2048])
    encoding = f"cp{codepage.group(1).decode()}" if codepage else "cp1252"
    try:
        text = rtf_to_text(data.decode("latin-1"), encoding=encoding, errors="replace")
    except (LookupError, ValueError, IndexError) as exc:
        raise SourceError(path, f"damaged RTF: {type(exc).__name__}") from None
    if not text.strip():
        raise SourceError(path, "no text in the RTF file")
    return [SourceText(path, text)]
