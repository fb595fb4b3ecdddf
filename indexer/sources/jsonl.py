"""JSON Lines from a producer: one document per line, `{"id", "text"}` required.

Optional fields (title, number, doc_type, issuer, issued, province, signer, url) go into
SourceText.metadata together with `id`; they win over what the parser infers. A bad line never sinks
the file: each good line gives one SourceText (with `.line` set), and the problems of the whole file
("line 7: invalid JSON ...") are listed on the FIRST record's `errors`. Only when no line is usable
does the reader raise SourceError, with the first problem as the reason.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from indexer.errors import SourceError
from indexer.model import DOC_ID
from indexer.sources.encoding import repair_legacy
from indexer.sources.model import SourceText

OPTIONAL_FIELDS = ("title", "number", "doc_type", "issuer", "issued", "province", "signer", "url")
MAX_REPORTED_ERRORS = 50
_MB = 1024 * 1024
_CHUNK = 1 << 20  # bytes read at a time past an over-long line

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_VN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")  # 29/3/2020, as Vietnamese producers write it


MAX_GIVEN_ID = 512
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.:-]+")


def url_safe_id(given: str) -> str:
    """The id as given when it fits a URL path segment (/van-ban/<id>); otherwise a readable form with
    a hash of the original, so producers' ids such as `100/2015/QH13#418` stay distinct and stable."""
    if DOC_ID.fullmatch(given):
        return given
    readable = _UNSAFE.sub("-", given).strip("-")[:100] or "id"
    return f"{readable}.{hashlib.sha1(given.encode('utf-8')).hexdigest()[:10]}"


class _BadLine(Exception):
    pass


def read_jsonl(data: bytes, path: str) -> list[SourceText]:
    """A whole file already in memory (small files, `vanban inspect`)."""
    lines = ((n, raw, len(raw)) for n, raw in enumerate(data.split(b"\n"), 1))
    records: list[SourceText] = []
    errors: list[str] = []
    for item in parse_lines(lines, path):
        (errors if isinstance(item, str) else records).append(item)
    if not records:
        if not errors:
            raise SourceError(path, "no records (only blank lines)")
        more = f" ({len(errors)} bad lines)" if len(errors) > 1 else ""
        raise SourceError(path, f"no valid line{more}: {errors[0]}")
    records[0].errors.extend(capped(errors))
    return records


def capped(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_REPORTED_ERRORS:
        return errors
    return errors[:MAX_REPORTED_ERRORS] + [f"... and {len(errors) - MAX_REPORTED_ERRORS} more problems"]


def parse_lines(lines: Iterable[tuple[int, bytes | None, int]], path: str) -> Iterator[SourceText | str]:
    """(line number, raw line or None when it was too long, its size) → a SourceText per good line,
    a message (str) per bad one, in file order. Holds nothing but the ids seen so far."""
    first_line_of: dict[str, int] = {}
    for number, raw, size in lines:
        if raw is None:
            yield f"line {number}: record too large ({size / _MB:.1f} MB); skipped"
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        try:
            record, problems = _record(raw, number, path)
        except _BadLine as exc:
            yield f"line {number}: {exc}"
            continue
        doc_id = record.metadata["id"]
        if doc_id in first_line_of:
            yield f'line {number}: duplicate id "{doc_id}" (first on line {first_line_of[doc_id]})'
            continue
        first_line_of[doc_id] = number
        yield from problems
        yield record


def file_lines(handle: BinaryIO, max_line_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """The lines of an open file, one at a time: a line longer than max_line_bytes is never held
    whole (read past in chunks and given as None with its size)."""
    number = 0
    while raw := handle.readline(max_line_bytes + 1):
        number += 1
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            size = len(raw)
            while (chunk := handle.readline(_CHUNK)) and not chunk.endswith(b"\n"):
                size += len(chunk)
            yield number, None, size + len(chunk)
            continue
        yield number, raw.removesuffix(b"\n"), len(raw)


def stream_jsonl(path: Path, max_record_bytes: int) -> Iterator[SourceText | str]:
    """A jsonl file record by record with bounded memory (the file may be far larger than RAM);
    `max_record_bytes` limits each line, not the file."""
    with open(path, "rb") as handle:
        yield from parse_lines(file_lines(handle, max_record_bytes), str(path))


def _record(raw: bytes, number: int, path: str) -> tuple[SourceText, list[str]]:
    try:
        line = raw.rstrip(b"\r").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadLine(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})") from None
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _BadLine(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise _BadLine("invalid JSON (nested too deeply)") from None
    if not isinstance(value, dict):
        raise _BadLine(f"not a JSON object but {type(value).__name__}")
    doc_id = value.get("id")
    if doc_id is None:
        raise _BadLine('missing "id"')
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) or not str(doc_id).strip():
        raise _BadLine('"id" must be a non-empty string or an integer')
    text = value.get("text")
    if text is None:
        raise _BadLine('missing "text"')
    if not isinstance(text, str):
        raise _BadLine(f'"text" is {type(text).__name__}, not a string')
    if not text.strip():
        raise _BadLine('empty "text"')
    doc_id = str(doc_id).strip()
    if len(doc_id) > MAX_GIVEN_ID or _CONTROL.search(doc_id):
        shown = doc_id[:40].encode("unicode_escape").decode("ascii")
        raise _BadLine(f'"id" "{shown}…" must be at most {MAX_GIVEN_ID} characters without line breaks')
    metadata: dict = {"id": url_safe_id(doc_id)}
    if metadata["id"] != doc_id:
        metadata["given_id"] = doc_id
    problems: list[str] = []
    for name in OPTIONAL_FIELDS:
        given = value.get(name)
        if given is None or given == "":
            continue
        if isinstance(given, bool) or not isinstance(given, str | int | float):
            problems.append(f'line {number}: "{name}" is {type(given).__name__}, not text; ignored')
            continue
        given = str(given).strip()
        if name == "issued":
            iso = iso_date(given)
            if iso is None:
                problems.append(f'line {number}: "issued" {given!r} is not a date (YYYY-MM-DD); ignored')
                continue
            given = iso
        metadata[name] = given
    warnings: list[str] = []
    fixed, encoding = repair_legacy(text)
    if encoding:
        warnings.append(f"repaired from {encoding}")
    return SourceText(path, fixed, warnings, metadata, line=number), problems


def iso_date(value: str) -> str | None:
    """'2020-03-29', '2020-03', '2020' stay; '29/3/2020' → '2020-03-29'; anything else → None."""
    match = _ISO.match(value)
    if match:
        year, month, day = match.groups()
        parts = (int(year), int(month or 1), int(day or 1))
    else:
        match = _VN_DATE.match(value)
        if not match:
            return None
        day, month, year = match.groups()
        parts = (int(year), int(month), int(day))
        value = f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"
    try:
        date(*parts)
    except ValueError:
        return None
    return value


def check_jsonl(path: Path) -> None:
    """What read_source checks before reading (a readable regular file, text rather than binary),
    without its whole-file size limit: a producer file may be far larger than any one document."""
    from indexer.sources.detect import check_path, random_looking, sniff

    check_path(path, max_bytes=1 << 62)
    try:
        with open(path, "rb") as handle:
            head = handle.read(_CHUNK)
    except OSError as exc:
        raise SourceError(str(path), f"cannot read: {exc.strerror or exc}") from None
    kind = sniff(head[:4096])
    if kind and kind != "an HTML page":
        raise SourceError(str(path), f"binary file: looks like {kind}")
    noise = random_looking(head) if b"\x00" not in head[:65536] else None
    if noise:
        raise SourceError(str(path), noise)


def text_digest(path: Path, max_record_bytes: int) -> str:
    """First pass over a producer file: the hash of its records' texts joined by U+001E, the same
    as pipeline.file_hash of the records read whole. Raises SourceError when no line is usable."""
    digest = hashlib.sha256()
    records, bad, first_problem = 0, 0, ""
    for item in stream_jsonl(path, max_record_bytes):
        if isinstance(item, str):
            bad += 1
            first_problem = first_problem or item
            continue
        digest.update((b"\x1e" if records else b"") + item.text.encode("utf-8"))
        records += 1
    if not records:
        if not bad:
            raise SourceError(str(path), "no records (only blank lines)")
        more = f" ({bad} bad lines)" if bad > 1 else ""
        raise SourceError(str(path), f"no valid line{more}: {first_problem}")
    return digest.hexdigest()
