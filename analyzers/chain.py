"""The index-time chain for the combined syllable field and the segmented word field.

Combined syllable field (`index_terms`): at every syllable position the exact form (NFC,
tone-normalised, lowercase) comes first, then its loose form (folded, numbers without leading
zeros) when different. A query term typed with diacritics looks up the exact form, one typed
without looks up the loose form, so one positional field serves both and mixed phrases work.

Codes are searchable whole and by parts:
- a *code run* — syllables joined by `-` or `/` with no space (`172-TB/TW`, `COVID-19`,
  `SARS-CoV-2`, `24/3/2020`, `30/2020/NĐ-CP`), by ` - `/` /` between code-like parts
  (`172 - TB/TW`, `628 /UBND-VX`), or by `.` between digits (`2.3`, `1.000`) — keeps its parts at
  consecutive positions and adds the whole normalised code at the first part's position — exact
  (`30/2020/nđ-cp`), folded (`30/2020/nd-cp`, which is `analyzers.numbers.number_key`) and loose
  (`01/2021/tt-byt` → `1/2021/tt-byt`) — plus a compact form without separators for dash-joined codes that mix
  letters and digits (`covid19`, `sarscov2`) so that `COVID19` and `COVID-19` meet;
- a syllable mixing letters and digits (`5K`, `F0`, `COVID19`, `H5N1`) is one position holding the
  whole and, stacked at that same position, its letter and digit parts (`covid`, `19`).

`syllable_terms` is the subset Elasticsearch's `vb_syllables` reproduces from the same syllables
(exact + loose forms only); `index_terms` is a superset of it position by position.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from itertools import accumulate, chain, repeat
from typing import NamedTuple

from analyzers.fold import fold_diacritics, loose_form
from analyzers.normalize import normalize_syllable, normalize_text
from analyzers.segment import Segmenter
from analyzers.tokenize import SKIPPED_MARKUP, Token, forms, syllables

MAX_CODE_PARTS = 10
MAX_CODE_CHARS = 64
_TIGHT_GAPS = {"-": "-", "\u2010": "-", "\u2011": "-", "\u2013": "-", "/": "/"}
_SPACED_GAP = re.compile(r"[ \t]{0,2}([-\u2013/])[ \t]{0,2}")
_COMPOUND_PART = re.compile(r"\d+|[^\W\d_]+")


def _is_codeish(raw: str) -> bool:
    """A part that reads as a code on its own: has a digit, or is upper case beyond its first letter
    (TB, TW, NĐ, CoV) — unlike ordinary words such as 'Covid' or 'lập'."""
    return (
        any(ch.isdigit() for ch in raw)
        or any(ch.isupper() for ch in raw[1:])
        or (len(raw) == 1 and raw.isupper())
    )


def _gap(text: str, left: Token, right: Token) -> str | None:
    """The normalised separator joining two neighbouring syllables into one code, or None."""
    between = text[left.end : right.start]
    if between in _TIGHT_GAPS:
        raw_l, raw_r = text[left.start : left.end], text[right.start : right.end]
        return _TIGHT_GAPS[between] if _is_codeish(raw_l) or _is_codeish(raw_r) else None
    if between == ".":
        return "." if left.text.isdigit() and right.text.isdigit() else None
    spaced = _SPACED_GAP.fullmatch(between)
    if spaced and between.strip() == between.strip(" \t") and " " in between:
        raw_l, raw_r = text[left.start : left.end], text[right.start : right.end]
        if _is_codeish(raw_l) and _is_codeish(raw_r):
            return {"\u2013": "-"}.get(spaced.group(1), spaced.group(1))
    return None


def code_runs(text: str, tokens: list[Token]) -> list[tuple[int, int, list[str]]]:
    """(first index, last index, separators) of every run of ≥2 syllables that forms one code."""
    runs = []
    i = 0
    while i < len(tokens):
        j, seps = i, []
        while j + 1 < len(tokens) and len(seps) < MAX_CODE_PARTS - 1:
            sep = _gap(text, tokens[j], tokens[j + 1])
            if sep is None:
                break
            seps.append(sep)
            j += 1
        if j > i and _is_code(text, tokens[i : j + 1]):
            runs.append((i, j, seps))
        i = j + 1
    return runs


def _is_code(text: str, parts: list[Token]) -> bool:
    if any(ch.isdigit() for p in parts for ch in p.text):
        return True
    raws = [text[p.start : p.end] for p in parts]
    return all(r.isupper() for r in raws)


def _joined(parts: Iterable[str], seps: list[str]) -> str:
    parts = list(parts)
    return parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=True))


def code_forms(parts: list[str], seps: list[str]) -> list[str]:
    """Whole forms of one code from its parts' forms: with separators, and compact when dash-joined
    and mixing letters and digits ('covid', '19' → 'covid-19', 'covid19')."""
    whole = _joined(parts, seps)
    if len(whole) > MAX_CODE_CHARS:
        return []
    out = [whole]
    joined = "".join(parts)
    if set(seps) == {"-"} and any(c.isdigit() for c in joined) and any(c.isalpha() for c in joined):
        out.append(joined)
    return out


def compound_parts(syllable: str) -> list[str]:
    """'covid19' → ['covid', '19'], '5k' → ['5', 'k']; [] when the syllable does not mix both."""
    parts = _COMPOUND_PART.findall(syllable)
    if len(parts) < 2 or not any(p[0].isdigit() for p in parts):
        return []
    return parts


def syllable_terms(text: str) -> list[tuple[str, int]]:
    """(term, position): each syllable's exact form and, when different, its loose form."""
    terms: list[tuple[str, int]] = []
    for tok in syllables(text):
        terms.append((tok.text, tok.position))
        if tok.folded != tok.text:
            terms.append((tok.folded, tok.position))
    return terms


def index_terms_from_tokens(text: str) -> list[tuple[str, int]]:
    """The definition of `index_terms`, from syllables() tokens with offsets: used for text with markup
    or combining marks, and by the tests as the reference the fast path must equal."""
    tokens = syllables(text)
    extra: dict[int, list[str]] = {}
    for tok in tokens:
        parts = compound_parts(tok.text)
        if parts:
            extra.setdefault(tok.position, []).extend(p for part in parts for p in (part, loose_form(part)))
    for first, last, seps in code_runs(text, tokens):
        run = tokens[first : last + 1]
        forms = code_forms([t.text for t in run], seps)
        forms += code_forms([fold_diacritics(t.text) for t in run], seps)  # = analyzers.numbers.number_key
        forms += code_forms([t.folded for t in run], seps)
        extra.setdefault(run[0].position, []).extend(forms)
    terms: list[tuple[str, int]] = []
    for tok in tokens:
        terms.append((tok.text, tok.position))
        seen = {tok.text}
        if tok.folded not in seen:
            terms.append((tok.folded, tok.position))
            seen.add(tok.folded)
        for term in extra.get(tok.position, ()):
            if term not in seen:
                terms.append((term, tok.position))
                seen.add(term)
    return terms


# -- the fast path ---------------------------------------------------------------------------------

# Text the fast path cannot read as is: HTML tags/entities, combining marks, invisible characters.
_ODD = re.compile("[<&\u0300-\u036f\u1dc0-\u1dff\u200b-\u200d\u2060\u00ad\ufeff]")
# A syllable, with any separators and syllables glued to it that could make a code (checked later).
_RUN = re.compile(r"[^\W_]+(?:(?:[ \t]{0,2}[-/\u2010\u2011\u2013][ \t]{0,2}|\.(?=\d))[^\W_]+)*")
_PARTS = re.compile(r"[^\W_]+")
_MARKUP_SKIP = re.compile(SKIPPED_MARKUP, re.IGNORECASE)
_DROP_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\u00ad\ufeff"), None)
_COMBINING = re.compile("[\u0300-\u036f\u1dc0-\u1dff]")
_TEMPLATES: dict[str, tuple[tuple[str, ...], ...]] = {}
_TEMPLATES_LIMIT = 500_000


def _template(run: str) -> tuple[tuple[str, ...], ...]:
    """The terms of one regex run at each of its positions, cached by its spelling: one position
    (exact, loose, stacked compound parts) for a syllable; one per syllable for syllables glued by
    separators, with the whole-code forms at the first."""
    if run.isalnum():
        exact, loose = forms(run)
        terms = (exact, loose, *_compound_terms(exact))
        found = (tuple(dict.fromkeys(terms)),)
    else:
        tokens, cursor = [], 0
        for i, raw in enumerate(_PARTS.findall(run)):
            cursor = run.index(raw, cursor)
            exact, loose = forms(raw)
            tokens.append(Token(exact, loose, cursor, cursor + len(raw), i))
            cursor += len(raw)
        per_position = [[t.text, t.folded, *_compound_terms(t.text)] for t in tokens]
        for first, last, seps in code_runs(run, tokens):
            span = tokens[first : last + 1]
            per_position[first] += code_forms([t.text for t in span], seps)
            per_position[first] += code_forms([fold_diacritics(t.text) for t in span], seps)
            per_position[first] += code_forms([t.folded for t in span], seps)
        found = tuple(tuple(dict.fromkeys(terms)) for terms in per_position)
    if len(_TEMPLATES) >= _TEMPLATES_LIMIT:
        _TEMPLATES.clear()
    _TEMPLATES[run] = found
    return found


def _compound_terms(exact: str) -> list[str]:
    return [p for part in compound_parts(exact) for p in (part, loose_form(part))]


def _plain(text: str) -> str | None:
    """Text the fast path reads exactly as syllables() would: tags and entities blanked, invisible
    characters dropped, NFC; None when marks remain that NFC cannot compose."""
    if "<" in text or "&" in text:
        text = _MARKUP_SKIP.sub(" ", text)
    text = unicodedata.normalize("NFC", text.translate(_DROP_INVISIBLE))
    return None if _COMBINING.search(text) else text


def index_terms(text: str) -> list[tuple[str, int]]:
    """(term, position) pairs for the combined syllable field; the exact form is first at each position.

    Same result as `index_terms_from_tokens`, about 5x faster: one regex pass yields syllables and
    the code candidates glued to them, and each distinct run's terms are computed once per process."""
    plain = _plain(text) if _ODD.search(text) else text
    if plain is None:
        return index_terms_from_tokens(text)
    get = _TEMPLATES.get
    runs = [get(run) or _template(run) for run in _RUN.findall(plain)]
    return [(term, position) for position, terms in enumerate(chain.from_iterable(runs)) for term in terms]


def index_term_columns(text: str) -> tuple[list[str], list[int]]:
    """`index_terms` as two columns, terms and their positions: the form the indexer ships from its
    worker processes (a few million (term, position) tuples cost more to pickle than to compute)."""
    plain = _plain(text) if _ODD.search(text) else text
    if plain is None:
        pairs = index_terms_from_tokens(text)
        return [t for t, _ in pairs], [p for _, p in pairs]
    get = _TEMPLATES.get
    stacks = list(chain.from_iterable([get(run) or _template(run) for run in _RUN.findall(plain)]))
    positions = list(chain.from_iterable(map(repeat, range(len(stacks)), map(len, stacks))))
    return list(chain.from_iterable(stacks)), positions


class RunSpans(NamedTuple):
    """Where each regex run of a text lies and where its terms start in `index_term_columns`."""

    starts: list[int]  # character offsets
    ends: list[int]
    first_term: list[int]  # index of the run's first term; one extra entry: the total
    first_position: list[int]  # position of the run's first syllable; one extra entry: the total


def index_term_columns_with_runs(text: str) -> tuple[list[str], list[int], RunSpans | None]:
    """`index_term_columns` plus the spans of its runs, None when the text is not read on the fast
    path (markup, combining marks): what `slice_columns` needs to give a substring's terms."""
    if _ODD.search(text):
        return (*index_term_columns(text), None)
    get = _TEMPLATES.get
    matches = list(_RUN.finditer(text))
    templates = [get(m.group()) or _template(m.group()) for m in matches]
    stacks = list(chain.from_iterable(templates))
    positions = list(chain.from_iterable(map(repeat, range(len(stacks)), map(len, stacks))))
    spans = RunSpans(
        [m.start() for m in matches],
        [m.end() for m in matches],
        list(accumulate((sum(map(len, t)) for t in templates), initial=0)),
        list(accumulate(map(len, templates), initial=0)),
    )
    return list(chain.from_iterable(stacks)), positions, spans


def slice_columns(runs: RunSpans, start: int, end: int) -> tuple[int, int, int] | None:
    """(first term, end term, first position) of the terms `index_term_columns(text[start:end])` gives,
    as a slice of the whole text's columns; None when a run crosses `start` or `end` (the substring
    would be read differently). Runs are regex matches scanned left to right: a scan of the substring
    finds exactly the whole text's runs that lie inside it, since cutting the text after a run
    cannot make a failed match succeed (the pattern has no end anchor and no negative lookahead)."""
    first = bisect_left(runs.starts, start)
    stop = bisect_left(runs.starts, end)
    if (first and runs.ends[first - 1] > start) or (stop and runs.ends[stop - 1] > end):
        return None
    return runs.first_term[first], runs.first_term[stop], runs.first_position[first]


# -- segmented words ------------------------------------------------------------------------------

_MARKUP = re.compile(r"\*\*|__|[|#>`]|<br\s*/?>", re.IGNORECASE)


def _sentence_case(line: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU' → 'Ủy ban nhân dân tỉnh lai châu': segmenter models are trained
    on running text and miss words in ALL-CAPS headers; lines with lower case are left alone."""
    # a letter in lower case ends it almost at once: a line of running text is left alone at C speed
    if any(map(str.islower, filter(str.isalpha, line))) or sum(map(str.isalpha, line)) < 4:
        return line
    lowered = line.lower()
    for i, ch in enumerate(lowered):
        if ch.isalpha():
            return lowered[:i] + ch.upper() + lowered[i + 1 :]
    return lowered


def segmenter_input(text: str) -> list[str]:
    """The text as the segmenters handle it best: NFC, markdown stripped, ALL-CAPS lines sentence-cased,
    one non-empty line at a time (a line break always ends a word)."""
    out = []
    for line in normalize_text(text).splitlines():
        line = _sentence_case(_MARKUP.sub(" ", line)).strip()
        if line:
            out.extend(_bounded_pieces(line))
    return out


# The CRF segmenters cost memory and time super-linearly in the length of what they get at once (pyvi:
# 1.3 GB and 45 s for a 2 MB line): a long line goes in sentence by sentence, a long sentence in
# pieces cut at a space. A word never spans a sentence end, and the field only ranks.
MAX_SEGMENTER_CHARS = 2000
_SENTENCE_END = re.compile(r"(?<=[.;!?…])\s+")


def _bounded_pieces(line: str) -> list[str]:
    if len(line) <= MAX_SEGMENTER_CHARS:
        return [line]
    pieces = []
    for sentence in _SENTENCE_END.split(line):
        while len(sentence) > MAX_SEGMENTER_CHARS:
            cut = sentence.rfind(" ", 0, MAX_SEGMENTER_CHARS)
            cut = cut if cut > 0 else MAX_SEGMENTER_CHARS
            pieces.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        if sentence:
            pieces.append(sentence)
    return pieces


def word_terms(text: str, segmenter: Segmenter) -> list[str]:
    """Multi-syllable words (syllables joined by '_'), each in exact form and, when different, in loose
    form — the same two spellings the query side looks up (`QTerm.index_term`), so a query typed with
    or without diacritics gets the word boost. Single-syllable words are left out: the syllable field
    already holds them. Ranking only: phrase matching never depends on this field."""
    out: list[str] = []
    for line in segmenter_input(text):
        for word in segmenter.words(line):
            out.extend(_word_forms(word))
    return out


@lru_cache(maxsize=200_000)
def _word_forms(word: str) -> tuple[str, ...]:
    """A segmented word's index terms: () for fewer than two syllables, else its exact form and its
    loose form when different. Cached: words repeat far more than texts do."""
    pieces = [normalize_syllable(s) for s in word.split("_") if s]
    pieces = [p for p in pieces if p and any(ch.isalnum() for ch in p)]
    if len(pieces) < 2:
        return ()
    exact = "_".join(pieces)
    loose = "_".join(loose_form(p) for p in pieces)
    return (exact,) if loose == exact else (exact, loose)


__all__ = [
    "code_forms",
    "code_runs",
    "compound_parts",
    "fold_diacritics",
    "index_term_columns",
    "index_term_columns_with_runs",
    "index_terms",
    "index_terms_from_tokens",
    "segmenter_input",
    "slice_columns",
    "syllable_terms",
    "word_terms",
]
