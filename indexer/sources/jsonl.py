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
from datetime import date

from indexer.errors import SourceError
from indexer.model import DOC_ID
from indexer.sources.encoding import repair_legacy
from indexer.sources.model import SourceText

OPTIONAL_FIELDS = ("title", "number", "doc_type", "issuer", "issued", "province", "signer", "url")
MAX_REPORTED_ERRORS = 50

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
    records: list[SourceText] = []
    errors: list[str] = []
    first_line_of: dict[str, int] = {}
    for number, raw in enumerate(data.split(b"\n"), 1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        try:
            record, problems = _record(raw, number, path)
        except _BadLine as exc:
            errors.append(f"line {number}: {exc}")
            continue
        doc_id = record.metadata["id"]
        if doc_id in first_line_of:
            errors.append(f'line {number}: duplicate id "{doc_id}" (first on line {first_line_of[doc_id]})')
            continue
        first_line_of[doc_id] = number
        errors.extend(problems)
        records.append(record)
    if not records:
        if not errors:
            raise SourceError(path, "no records (only blank lines)")
        more = f" ({len(errors)} bad lines)" if len(errors) > 1 else ""
        raise SourceError(path, f"no valid line{more}: {errors[0]}")
    if len(errors) > MAX_REPORTED_ERRORS:
        errors = errors[:MAX_REPORTED_ERRORS] + [f"... and {len(errors) - MAX_REPORTED_ERRORS} more problems"]
    records[0].errors.extend(errors)
    return records


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
