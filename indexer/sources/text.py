"""Plain text and Markdown: the text is the file (markup is left for the parser, which expects it)."""

from __future__ import annotations

from indexer.sources.encoding import decode_text
from indexer.sources.model import SourceText


def read_text(data: bytes, path: str) -> list[SourceText]:
    text, warnings = decode_text(data, path)
    return [SourceText(path, text, warnings)]
