"""SourceText: what every reader returns (one per document the file holds)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SourceText:
    """The text of one document read from a file.

    warnings: the text is usable but something is off ("repaired from TCVN3", "needs OCR: pages 3, 5").
    errors: parts of the file that were dropped ("line 7: invalid JSON ..."). A reader that returns
        several records (jsonl) puts the errors of the whole file on the FIRST record only, so that
        summing `errors` over the records counts each problem once; when nothing in the file is usable
        the reader raises SourceError instead.
    metadata: producer-given fields (jsonl), which win over what the parser infers.
    line: 1-based line of the record in a jsonl file, None for other formats.
    """

    path: str
    text: str
    warnings: list[str] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    line: int | None = None
