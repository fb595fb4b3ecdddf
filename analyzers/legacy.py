"""Legacy Vietnamese encodings in old government files: detect and repair, never guess silently.

Before Unicode (TCVN 6909:2001) Vietnamese offices typed with 8-bit font encodings. Their files
reach us in two shapes:
- raw bytes that are not UTF-8 (`decode_legacy_bytes`): cp1258 (Windows' own, with tone marks as
  separate combining characters), TCVN3/ABC (one byte per precomposed lower-case letter) or VNI
  (a base letter followed by a mark byte);
- text already decoded as Windows-1252/Latin-1, i.e. mojibake (`repair_legacy`): "Th«ng b¸o"
  (TCVN3), "Thoâng baùo" (VNI), "Thông baìo" (cp1258).

Detection is conservative: a conversion is accepted only when it turns words that are not
Vietnamese syllables into words that are (see `is_vietnamese_syllable`), line by line, never
touching a line that already holds Unicode-only Vietnamese letters (ă đ ơ ư ạ …), and only when
enough words were repaired to be sure. Otherwise the text is returned unchanged with None, and a
caller holding bytes must refuse the file rather than index mojibake.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TCVN3 = "TCVN3"
VNI = "VNI"
CP1258 = "cp1258"
MIN_REPAIRED_WORDS = 4
MIN_VALID_RATIO = 0.8

_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}

# -- Vietnamese syllables ------------------------------------------------------------------------


def _precomposed() -> frozenset[str]:
    letters = set("abcdeghiklmnopqrstuvxyđ")
    for base in "aăâeêioôơuưy":
        for mark in _TONES:
            letters.add(unicodedata.normalize("NFC", base + mark))
        letters.add(base)
    return frozenset(letters)


VIETNAMESE_LETTERS = _precomposed()
# Letters only Vietnamese uses, outside Latin-1: their presence proves a line is already Unicode.
UNICODE_ONLY = frozenset(
    ch for ch in VIETNAMESE_LETTERS | {c.upper() for c in VIETNAMESE_LETTERS} if ord(ch) > 0xFF
)
# Vowel nuclei with their qualities (tone dropped): the only clusters Vietnamese writes.
_NUCLEI = (
    "iêu oai oay oao oeo uây uôi uya uyê uyu ươi ươu yêu "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê "
    "a ă â e ê i o ô ơ u ư y"
).split()
_UNICODE_ONLY = re.compile("[" + "".join(sorted(UNICODE_ONLY)) + "]")
_SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?"
    r"(?:" + "|".join(_NUCLEI) + r")(?:ch|ng|nh|[cmnpt])?"
)
_BASE = {}
# keep the vowel qualities (â, ă, ơ, ư, ê, ô) and drop only the tone
for _ch in VIETNAMESE_LETTERS:
    _d = unicodedata.normalize("NFD", _ch)
    _BASE[_ch] = unicodedata.normalize("NFC", "".join(c for c in _d if c not in _TONES))


def is_vietnamese_syllable(word: str) -> bool:
    """True for a well-formed written syllable: Vietnamese letters only, at most one tone mark, an
    onset/nucleus/coda shape ('nghiêng', 'được', 'Ủy'); False for mojibake ('Th«ng', 'baùo', 'cĭa')."""
    word = unicodedata.normalize("NFC", word).lower()
    if not word or any(ch not in VIETNAMESE_LETTERS for ch in word):
        return False
    tones = sum(1 for ch in unicodedata.normalize("NFD", word) if ch in _TONES)
    if tones > 1:
        return False
    return bool(_SYLLABLE.fullmatch("".join(_BASE[ch] for ch in word)))


_WORD_SPLIT = re.compile(r"[\s!-/:-@\[-`{-~\u2013\u2014\u2018-\u201f\u2026]+")


@dataclass(frozen=True)
class Score:
    marked: int  # words with a non-ASCII character
    valid: int  # of those, well-formed Vietnamese syllables

    @property
    def ratio(self) -> float:
        return self.valid / self.marked if self.marked else 0.0


def score(text: str) -> Score:
    """How Vietnamese the non-ASCII words of `text` look."""
    marked = valid = 0
    for word in _WORD_SPLIT.split(text):
        if word and not word.isascii():
            marked += 1
            valid += is_vietnamese_syllable(word)
    return Score(marked, valid)


# -- the three encodings ---------------------------------------------------------------------------

# TCVN3 (ABC), byte → letter. Upper-case accented letters had no codes: ABC's ".VnTimeH" fonts drew
# the lower-case codes as capitals, so they come back lower case (see _recase).
_TCVN3_LETTERS = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip
_TCVN3_TEXT = str.maketrans({chr(b): u for b, u in _TCVN3_LETTERS.items()})
_TCVN3_ENCODE = {u: bytes([b]) for b, u in _TCVN3_LETTERS.items()}
# TCVN3 codes that are no Vietnamese letter when read as Latin-1 (µ ¸ « ¬ ­ ® § …): the evidence.
_TCVN3_EVIDENCE = re.compile(
    "[" + "".join(re.escape(chr(b)) for b in _TCVN3_LETTERS if chr(b).lower() not in VIETNAMESE_LETTERS) + "]"
)

# VNI: letters with a mark are a base letter followed by one mark character.
_VNI_MARKS = {
    "ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
    "â": "\u0302", "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309", "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
    "ê": "\u0306", "é": "\u0306\u0301", "è": "\u0306\u0300", "ú": "\u0306\u0309", "ü": "\u0306\u0303",
    "ë": "\u0306\u0323",
    "ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
}  # fmt: skip
_VNI_TEXT = str.maketrans({**_VNI_MARKS, **{k.upper(): v.upper() for k, v in _VNI_MARKS.items()}})
_VNI_EVIDENCE = re.compile(
    r"[ñÑöÖ]|[aeoyAEOY][âÂ]|[aA][êÊéÉèÈúÚüÜëË]|[aeAE][áàåãäÁÀÅÃÄ]|[oO][åäÅÄ]"
    r"|[aeiouyAEIOUYôÔ][ùøûõïÙØÛÕÏ]"
)
_CP1258_EVIDENCE = re.compile(
    "[\u00cc\u00ec\u00d2\u00f2\u00de\u00fe\u00d0\u00f0\u00dd\u00fd\u00c3\u00e3\u00d5\u00f5]"
)


def tcvn3_to_unicode(text: str) -> str:
    return text.translate(_TCVN3_TEXT)


def vni_to_unicode(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_VNI_TEXT))


def cp1258_to_unicode(text: str) -> str:
    """cp1258 bytes that were read as Windows-1252 (or Latin-1) back to Unicode."""
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:
        try:
            data = text.encode("latin-1")
        except UnicodeEncodeError:
            return text
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return text


_CONVERTERS = {TCVN3: (tcvn3_to_unicode, _TCVN3_EVIDENCE), VNI: (vni_to_unicode, _VNI_EVIDENCE),
               CP1258: (cp1258_to_unicode, _CP1258_EVIDENCE)}  # fmt: skip


def _recase(original: str, repaired: str) -> str:
    """ABC's caps fonts drew lower-case codes as capitals, so capitals with marks come back lower
    case ('CéNG HßA' → 'CộNG HòA'). A line typed in capitals is upper-cased whole; elsewhere a word
    whose ASCII letters (at least two) are all capitals is."""
    ascii_letters = [c for c in original if c.isascii() and c.isalpha()]
    if len(ascii_letters) >= 4 and sum(c.isupper() for c in ascii_letters) >= 0.8 * len(ascii_letters):
        return repaired.upper()

    def fix(match: re.Match) -> str:
        word = match.group()
        letters = [c for c in word if c.isascii() and c.isalpha()]
        return word.upper() if len(letters) >= 2 and all(c.isupper() for c in letters) else word

    return re.sub(r"\w+", fix, repaired)


@dataclass(frozen=True)
class Repair:
    text: str
    encoding: str
    repaired_words: int
    ratio: float


def _try(text: str, name: str) -> Repair | None:
    convert, evidence = _CONVERTERS[name]
    if not evidence.search(text):
        return None
    out, words, valid = [], 0, 0
    for line in text.splitlines(keepends=True):
        if line.isascii() or not evidence.search(line) or _UNICODE_ONLY.search(line):
            out.append(line)
            continue
        fixed = convert(line)
        before, after = score(line), score(fixed)
        if fixed != line and after.ratio > before.ratio and after.ratio >= MIN_VALID_RATIO:
            out.append(_recase(line, fixed) if name == TCVN3 else fixed)
            words += after.marked
            valid += after.valid
        else:
            out.append(line)
    if words < MIN_REPAIRED_WORDS:
        return None
    return Repair("".join(out), name, words, valid / words)


def _convertible_line(text: str) -> bool:
    """Whether some line could be repaired at all: one with a non-ASCII character and no letter only
    Unicode has. `_try` leaves every other line as it is, so without one no converter repairs
    anything; checked once here instead of line by line for each of the three converters."""
    return any(not line.isascii() and not _UNICODE_ONLY.search(line) for line in text.splitlines())


def repair_legacy(text: str) -> tuple[str, str | None]:
    """(repaired text, "TCVN3" | "VNI" | "cp1258") for legacy mojibake, else (text, None) unchanged."""
    if not text or text.isascii() or not _convertible_line(text):
        return text, None
    best: Repair | None = None
    for name in _CONVERTERS:
        found = _try(text, name)
        if found and (
            best is None or (found.repaired_words, found.ratio) > (best.repaired_words, best.ratio)
        ):
            best = found
    if best is None:
        return text, None
    return best.text, best.encoding


def _decode_tcvn3(data: bytes) -> str:
    return data.decode("latin-1").translate(_TCVN3_TEXT)


def _decode_vni(data: bytes) -> str:
    return vni_to_unicode(data.decode("cp1252", errors="replace"))


def _decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258"))


def decode_legacy_bytes(data: bytes) -> tuple[str, str | None]:
    """Raw bytes of a legacy-encoded file → (text, encoding name); (best effort, None) when no legacy
    encoding makes Vietnamese of it — the caller must then refuse the file, not index it."""
    try:
        return repair_legacy(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    results = []
    for name, decode in ((CP1258, _decode_cp1258), (TCVN3, _decode_tcvn3), (VNI, _decode_vni)):
        try:
            text = decode(data)
        except UnicodeDecodeError:
            continue
        s = score(text)
        results.append((s.ratio, s.valid, name, text))
    if not results:
        return data.decode("latin-1"), None
    ratio, valid, name, text = max(results)
    if valid >= 2 and ratio >= MIN_VALID_RATIO:
        if name == TCVN3:
            originals = data.decode("latin-1").splitlines(keepends=True)
            text = "".join(
                _recase(o, r) for o, r in zip(originals, text.splitlines(keepends=True), strict=True)
            )
        return text, name
    return data.decode("cp1252", errors="replace"), None


def encode_tcvn3(text: str) -> bytes:
    """Unicode → TCVN3 bytes (what an ABC-font editor saved); capitals with marks lose their case,
    as they did in ABC. For tests and for producing fixtures, not used by the chain."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = _TCVN3_ENCODE.get(ch) or _TCVN3_ENCODE.get(ch.lower())
        if code is None:
            out += ch.encode("latin-1", errors="replace")
        else:
            out += code
    return bytes(out)


_VNI_ENCODE = {v: k for k, v in _VNI_MARKS.items() if len(v) == 1 and not unicodedata.combining(v)}
# combining marks in canonical (NFD) order → their VNI mark character
_VNI_MARK_OF = {
    unicodedata.normalize("NFD", "a" + v)[1:]: k for k, v in _VNI_MARKS.items() if unicodedata.combining(v[0])
}


def encode_vni(text: str) -> bytes:
    """Unicode → VNI bytes: base letter then its mark byte (ơ, ư, đ, ỉ, ĩ, ị, ỵ have their own).
    For tests and fixtures, not used by the chain."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        lower = ch.lower()
        upper = ch != lower
        decomposed = unicodedata.normalize("NFD", lower)
        base, rest = decomposed[0], decomposed[1:]
        if lower in _VNI_ENCODE:
            base, rest = _VNI_ENCODE[lower], ""
        elif base in "ou" and "\u031b" in rest:  # ơ/ư carrying a tone
            base, rest = (
                _VNI_ENCODE[unicodedata.normalize("NFC", base + "\u031b")],
                rest.replace("\u031b", ""),
            )
        elif base == "i" and rest in ("\u0301", "\u0300"):
            base, rest = lower, ""
        mark = _VNI_MARK_OF.get(rest, "") if rest else ""
        if rest and not mark:
            out.append(ch)
            continue
        piece = base + mark
        out.append(piece.upper() if upper else piece)
    return "".join(out).encode("cp1252", errors="replace")


def encode_cp1258(text: str) -> bytes:
    """Unicode → cp1258 bytes as Windows wrote them: base letters (ă â ê ô ơ ư đ) precomposed, the tone
    as a separate combining mark. For tests and fixtures, not used by the chain."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        for candidate in (ch, base + tones):
            try:
                out.append(candidate.encode("cp1258"))
                break
            except UnicodeEncodeError:
                continue
        else:
            out.append(b"?")
    return b"".join(out)
