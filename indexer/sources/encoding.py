"""Bytes → text for plain-text formats: BOMs, UTF-8, then the legacy Vietnamese encodings.

Order matters: a BOM is proof, strict UTF-8 is near-proof (legacy 8-bit Vietnamese text almost never
decodes as UTF-8), and only then do we try cp1258/TCVN3/VNI through analyzers.legacy. UTF-16 without
a BOM is refused rather than guessed: it is rare, and a wrong guess indexes garbage silently.
"""

from __future__ import annotations

import codecs
import re

from indexer.errors import SourceError

_BOMS = [  # UTF-32 first: its LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
]
_ALLOWED_CONTROLS = set("\t\n\r\f\v")
_MAX_CONTROL_RATIO = 0.01
MIN_GOOD_PER_BAD_UTF8 = 20
# a numeric character reference to a letter only Vietnamese uses: ă đ ơ ư (and capitals), ạ…ỹ
_VIETNAMESE_ENTITY = re.compile(rb"&#(?:25[89]|27[23]|41[67]|43[12]|7[89]\d\d);")


def decode_text(
    data: bytes, path: str, *, declared: str | None = None, repair: bool = True
) -> tuple[str, list[str]]:
    """Decode a text file; returns (text, warnings). `declared` is a charset named by the file itself
    (HTML meta); a BOM still wins over it, and it is ignored when the bytes contradict it.
    repair=False leaves TCVN3/VNI mojibake for the caller to repair after removing markup."""
    warnings: list[str] = []
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                reason = f"damaged {name} text (bad bytes at offset {exc.start + len(bom)})"
                raise SourceError(path, reason) from None
            return _repaired(text, path, warnings, repair)
    if b"\x00" in data:
        data, stripped = _strip_nul_padding(data)
        if stripped:
            warnings.append(f"ignored {stripped} NUL bytes of padding at the end")
        if b"\x00" in data:
            data, stray = _strip_stray_nuls(data)
            if b"\x00" in data:
                raise SourceError(path, _nul_reason(data))
            warnings.append(f"ignored {stray} stray NUL bytes inside the text")
    if declared and _is_utf8_name(declared) is False:
        text = _decode_declared(data, declared)
        if text is not None:
            return _repaired(text, path, warnings, repair)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        damaged = _damaged_utf8(data)
        if damaged is not None:
            text, bad = damaged
            warnings.append(f"{bad} invalid UTF-8 byte sequences replaced")
            return _repaired(text, path, warnings, repair)
        text, encoding = decode_legacy(data)
        if (encoding is None or not looks_vietnamese(text)) and declared:
            # Word "web page" exports: windows-1252 as declared, letters outside it as &#NNN; entities
            text, encoding = _declared_as_last_resort(data, declared)
        if encoding is None or not looks_vietnamese(text):
            bad = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
            raise SourceError(path, f"not UTF-8 ({bad}) and no known Vietnamese encoding") from None
        warnings.append(f"repaired from {encoding}")
        return _checked(text, path), warnings
    return _repaired(text, path, warnings, repair)


def _repaired(text: str, path: str, warnings: list[str], repair: bool) -> tuple[str, list[str]]:
    fixed, encoding = repair_legacy(text) if repair else (text, None)
    if encoding:
        warnings.append(f"repaired from {encoding}")
    return _checked(fixed, path), warnings


def repair_legacy(text: str) -> tuple[str, str | None]:
    """TCVN3/VNI mojibake → Unicode, through analyzers.legacy (a no-op if that module is absent)."""
    try:
        from analyzers.legacy import repair_legacy as repair
    except ImportError:
        return text, None
    return repair(text)


def decode_legacy(data: bytes) -> tuple[str, str | None]:
    """Non-UTF-8 bytes → (text, encoding name) through analyzers.legacy; encoding None = unknown."""
    try:
        from analyzers.legacy import decode_legacy_bytes
    except ImportError:
        try:  # cp1258 is the only legacy encoding the standard library knows
            return data.decode("cp1258"), "cp1258"
        except UnicodeDecodeError:
            return "", None
    return decode_legacy_bytes(data)


_VIETNAMESE_LETTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "àáâãèéêìíòóôõùúýăđĩũơưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯ" + "".join(map(chr, range(0x1EA0, 0x1EFA)))
)


def looks_vietnamese(text: str, *, max_foreign: float = 0.02) -> bool:
    """False for text full of letters Vietnamese never uses (ñ, ë, å, Cyrillic...): a Russian cp1251
    file decoded as cp1258 must be refused, not indexed as garbage."""
    letters = [ch for ch in text[:65536] if ch.isalpha()]
    foreign = sum(1 for ch in letters if ch not in _VIETNAMESE_LETTERS)
    return bool(letters) and foreign <= max_foreign * len(letters)


def _checked(text: str, path: str) -> str:
    if not text.strip():
        raise SourceError(path, "no text (only whitespace)")
    sample = text[:65536]
    controls = sum(1 for ch in sample if (ch < " " or "\x7f" <= ch < "\xa0") and ch not in _ALLOWED_CONTROLS)
    if controls > max(3, _MAX_CONTROL_RATIO * len(sample)):
        raise SourceError(path, f"binary content: {controls} control characters in the text")
    return text


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few bad bytes (a cut-off last character, one flipped byte) is still UTF-8: decoding
    it all as cp1258 would turn every accented letter into mojibake. Legacy 8-bit Vietnamese text, on
    the other hand, has almost no valid multi-byte sequences."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for ch in text if ch > "\x7f") - text.count("\ufffd")
    if bad and good >= MIN_GOOD_PER_BAD_UTF8 * bad:
        return text, bad
    return None


def _strip_nul_padding(data: bytes) -> tuple[bytes, int]:
    """Files recovered from disks or cut by a crashed copy often end in NUL padding; that is not binary."""
    stripped = data.rstrip(b"\x00")
    return stripped, len(data) - len(stripped)


STRAY_NUL_EVERY = 20_000  # at most one NUL per this many bytes of otherwise valid UTF-8 is a stray


def _strip_stray_nuls(data: bytes) -> tuple[bytes, int]:
    """A converted gazette text can carry one or two NULs (a converter's glitch): dropping them loses
    nothing, refusing the file loses the document. Binary data holds far more, or is not UTF-8."""
    count = data.count(0)
    if count > len(data) // STRAY_NUL_EVERY:
        return data, 0
    cleaned = data.replace(b"\x00", b"")
    try:
        cleaned.decode("utf-8")
    except UnicodeDecodeError:
        return data, 0
    return cleaned, count


def _nul_reason(data: bytes) -> str:
    head = data[:4096]
    even, odd = head[0::2], head[1::2]
    if odd and odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "UTF-16 text without BOM (save it as UTF-8)"
    if even and even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "UTF-16 text without BOM (save it as UTF-8)"
    return f"binary content: NUL byte at offset {data.index(0)}"


def _is_utf8_name(name: str) -> bool | None:
    try:
        return codecs.lookup(name).name == "utf-8"
    except LookupError:
        return None


def _declared_as_last_resort(data: bytes, declared: str) -> tuple[str, str | None]:
    """The page's own charset, taken at its word once UTF-8 and the Vietnamese encodings failed."""
    if _is_utf8_name(declared) is not False:
        return "", None
    try:
        return data.decode(codecs.lookup(declared).name), declared
    except UnicodeDecodeError:
        return "", None


def _decode_declared(data: bytes, declared: str) -> str | None:
    name = codecs.lookup(declared).name
    if name == "cp1252" and _VIETNAMESE_ENTITY.search(data):
        # Word "web page" export: letters cp1252 has are bytes, the others (ă, ơ, ư, ạ…) entities;
        # read as cp1258 the bytes would turn Ò into a combining hook and Ã into Ă
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return None
    if name in {"ascii", "latin-1", "iso8859-1", "cp1252"}:
        # pages that declare Latin-1/Windows-1252 are mostly UTF-8 or legacy Vietnamese in practice
        return None
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return None
