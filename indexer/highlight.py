"""Snippets and highlights cut from the ORIGINAL text via token offsets, HTML-escaped.

Engine-independent, so every engine shows the same highlights for the same query.

Speed: a result page cuts a snippet from every hit and every best clause, and re-tokenising whole
texts for that was most of a search's time. Long texts therefore go through a cheap prefilter: one
regular expression finds every place where a query phrase's first syllable *could* start (any case,
any diacritics, NFC or NFD), and only windows around those places are tokenised and matched exactly
as before. The prefilter may find too much, never too little, so the spans are the same; texts it
cannot vouch for (letters outside Latin, odd case mappings) take the full path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from html import escape
from typing import NamedTuple

from analyzers.fold import loose_form
from analyzers.letterhead import letterhead_spans
from analyzers.query import ParsedQuery, QPhrase
from analyzers.tokenize import Token, syllables
from indexer.markup import SNIPPET_GAPS, Run, snippet_runs

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"

# Texts shorter than this are tokenised whole (measured: the prefilter pays for itself on any length).
WINDOWED_FROM = 0
# Characters tokenised after a candidate, per syllable of the longest phrase; a window a phrase may run
# past is grown (small windows measured fastest: most queries are single syllables).
_TAIL_PER_TERM = 8
# Windows grown by overlapping candidates are handed over once this long (characters).
_WINDOW_MAX = 400
# Inside a syllable, between its letters: combining marks and invisible joiners (as analyzers.tokenize).
_MARKS = "\u0300-\u036f\u1dc0-\u1dff\u200b-\u200d\u2060\u00ad"
# Code points whose per-character fold the prefilter knows: Latin, Vietnamese, super/subscript digits.
_SAFE_RANGES = ((0x30, 0x24F), (0x1E00, 0x1EFF), (0x2070, 0x209F))


def _phrases(query: ParsedQuery) -> list[QPhrase]:
    return [p for group in query.must for p in group.alternatives]


def match_spans(
    text: str, query: ParsedQuery, tokens: list[Token] | None = None, limit: int | None = None
) -> list[tuple[int, int]]:
    """Character spans of every occurrence of a positive query phrase in `text`, merged and sorted.

    With `limit`, scanning stops once more than `limit` spans are found (at most limit + 1 come
    back, the first ones): a page showing the first hundreds of matches of a huge text pays for
    those, not for the text's every match."""
    phrases = _specs(_phrases(query))
    if not phrases or not text:
        return []
    if tokens is None:
        spans: list[tuple[int, int]] = []
        try:
            for window in _windows(text, phrases):
                spans.extend(_window_spans(text, window, phrases))
                if limit is not None and len(spans) > limit + 1:
                    break
        except _FullPath:
            tokens = syllables(text)
        else:
            return _cap(_merge(_outside_letterhead(text, spans), text), limit)
    return _cap(_merge(_outside_letterhead(text, _token_spans(tokens, phrases)), text), limit)


def _outside_letterhead(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans that are not letterhead boilerplate (the quốc hiệu, the tiêu ngữ, `Số:`): those
    neither match nor rank (analyzers/letterhead.py), so they are not highlighted either, and a
    snippet does not open on `CỘNG HÒA XÃ HỘI …` for a query holding `hội`. Only the lines holding a
    span are looked at."""
    kept, lines = [], {}
    for start, end in spans:
        line = _line_around(text, start, end)
        if line not in lines:
            first, stop = line
            found = letterhead_spans(text[first:stop]) if stop > first else []
            lines[line] = [(a + first, b + first) for a, b in found]
        if not any(a <= start and end <= b for a, b in lines[line]):
            kept.append((start, end))
    return kept


# A letterhead line (or a table row holding it) is short: a span whose line runs on further than this
# is body text, and the bound keeps a huge single-line text from being scanned once per match.
_LINE_REACH = 512


def _line_around(text: str, start: int, end: int) -> tuple[int, int]:
    """[first, stop) of the line holding text[start:end], or an empty range when it is longer than
    _LINE_REACH either way."""
    low = max(0, start - _LINE_REACH)
    first = text.rfind("\n", low, start) + 1
    if first == 0 and low > 0:
        return (start, start)
    high = min(len(text), end + _LINE_REACH)
    stop = text.find("\n", end, high)
    if stop == -1:
        if high < len(text):
            return (start, start)
        stop = len(text)
    return (first, stop)


def _cap(spans: list[tuple[int, int]], limit: int | None) -> list[tuple[int, int]]:
    return spans if limit is None else spans[: limit + 1]


class _Spec(NamedTuple):
    """A query phrase as matching needs it: the first syllable's folded form, (exact?, value) per term."""

    first: str
    wanted: tuple[tuple[bool, str], ...]


def _specs(phrases: list[QPhrase]) -> list[_Spec]:
    return [
        _Spec(_folded(p.terms[0]), tuple((t.exact, t.text if t.exact else t.index_term) for t in p.terms))
        for p in phrases
    ]


def _token_spans(tokens: list[Token], phrases: list[_Spec], shift: int = 0) -> list[tuple[int, int]]:
    """Spans of the phrases in `tokens`, moved by `shift` (a window's offset in the whole text)."""
    spans: list[tuple[int, int]] = []
    # Many phrases (a question's words): look each phrase's first syllable up by its folded form
    # instead of walking every token once per phrase.
    starts: dict[str, list[int]] | None = None
    if len(phrases) > 2:
        starts = {}
        for i, tok in enumerate(tokens):
            starts.setdefault(tok.folded, []).append(i)
    for first, wanted in phrases:
        n = len(wanted)
        candidates = range(len(tokens) - n + 1)
        if starts is not None:
            candidates = [i for i in starts.get(first, ()) if i + n <= len(tokens)]
        for i in candidates:
            for k, (exact, value) in enumerate(wanted):
                tok = tokens[i + k]
                if (tok.text if exact else tok.folded) != value:
                    break
            else:
                spans.append((tokens[i].start + shift, tokens[i + n - 1].end + shift))
    return spans


# -- the prefilter -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _letter_classes() -> tuple[dict[str, str], str]:
    """({ascii letter or digit: every safe character folding to it}, all safe syllable characters),
    built once from the tokenizer's own normalisation so the two cannot disagree."""
    from analyzers.fold import fold_diacritics
    from analyzers.normalize import normalize_syllable

    word = re.compile(r"[^\W_]")
    classes: dict[str, list[str]] = {}
    for low, high in _SAFE_RANGES:
        for code in range(low, high + 1):
            ch = chr(code)
            if not word.match(ch):
                continue
            folded = fold_diacritics(normalize_syllable(ch))
            if len(folded) == 1 and folded.isascii() and folded.isalnum():
                classes.setdefault(folded, []).append(ch)
    letters = {k: re.escape("".join(v)) for k, v in classes.items()}
    return letters, "".join(letters.values())


@lru_cache(maxsize=256)
def _prefilter(firsts: tuple[str, ...]) -> re.Pattern | None:
    """One pattern: group 1 = a possible start of one of the folded `firsts`, group 2 = a syllable
    character the prefilter cannot vouch for (the text then takes the full path)."""
    letters, safe = _letter_classes()
    alternatives = []
    for first in firsts:
        if not first or any(ch not in letters for ch in first):
            return None
        between = f"[{_MARKS}]*"
        body = between.join(f"[{letters[ch]}]" for ch in first)
        if first.isdigit():  # loose forms drop leading zeros: '3' meets '03'
            body = f"(?:[{letters['0']}]{between})*" + body
        alternatives.append(body)
    return re.compile(f"({'|'.join(alternatives)})|([^\\W_{safe}])")


class _FullPath(Exception):
    """The prefilter cannot vouch for this text (or query): tokenise the whole text."""


def _windows(text: str, phrases: list[_Spec]) -> Iterator[list[int]]:
    """[start, end) ranges of `text`, in order, holding every possible match; lazy, so a snippet stops
    scanning once it has what it shows. Raises _FullPath, possibly after some windows (a character
    the prefilter cannot vouch for lies further on): the caller then starts again on the full path."""
    if len(text) < WINDOWED_FROM or not phrases:
        raise _FullPath
    pattern = _prefilter(tuple(sorted({p.first for p in phrases})))
    if pattern is None:
        raise _FullPath
    tail = _TAIL_PER_TERM * max(len(p.wanted) for p in phrases)
    current: list[int] | None = None
    for m in pattern.finditer(text):
        if m.group(2) is not None:
            raise _FullPath
        if current is not None and m.start() <= current[1]:
            if m.end() + tail > current[1]:
                if current[1] - current[0] >= _WINDOW_MAX:
                    # dense candidates (a question's common words): hand over this much, so that a
                    # snippet can stop early; the next window starts at its end, a safe boundary
                    yield current
                    current = [current[1], max(current[1], _cut_after(text, m.end() + tail))]
                else:
                    current[1] = _cut_after(text, m.end() + tail)
            continue
        start, end = _cut_before(text, m.start()), _cut_after(text, m.end() + tail)
        if current is not None and start <= current[1]:
            if current[1] - current[0] >= _WINDOW_MAX:
                yield current
                current = [current[1], max(current[1], end)]
            else:
                current[1] = max(current[1], end)
            continue
        if current is not None:
            yield current
        current = [start, end]
    if current is not None:
        yield current


def _folded(term) -> str:
    """The folded form every token matching `term` has (exact matches fold the same way)."""
    return loose_form(term.text) if term.exact else term.index_term


def _window_spans(text: str, window: list[int], phrases: list[_Spec]) -> list[tuple[int, int]]:
    """Exact matching on the tokens of one window, grown while a phrase could run past its end."""
    longest = max(len(p.wanted) for p in phrases)
    start, end = window
    while True:
        tokens = syllables(text[start:end])
        spans = _token_spans(tokens, phrases, start)
        # a phrase starting in the last tokens may continue past the window: grow it and try again
        if end >= len(text) or longest == 1 or not _may_continue(tokens, phrases, longest):
            window[1] = end
            return spans
        end = _cut_after(text, end + _TAIL_PER_TERM * longest * 2)


def _may_continue(tokens: list[Token], phrases: list[_Spec], longest: int) -> bool:
    for tok in tokens[-(longest - 1) :]:
        for _, wanted in phrases:
            exact, value = wanted[0]
            if len(wanted) > 1 and (tok.text if exact else tok.folded) == value:
                return True
    return False


def _inside_tag(text: str, at: int) -> int:
    """Where the markup tag (`<span …>`, which analyzers.tokenize skips) around `at` opens, or -1."""
    lt = text.rfind("<", max(0, at - 256), at)
    if lt == -1 or text.find(">", lt, at) != -1 or text.find("\n", lt, at) != -1:
        return -1
    return lt


def _cut_before(text: str, at: int) -> int:
    """A boundary at or before `at` that splits neither a syllable nor skipped markup."""
    space = _space_before(text, at)
    if space <= 0:
        return 0
    lt = _inside_tag(text, space)
    return space if lt == -1 else lt  # right before the tag's "<" is a boundary too


def _cut_after(text: str, at: int) -> int:
    """A boundary at or after `at` that splits neither a syllable nor skipped markup."""
    while at < len(text):
        space = _space_after(text, at)
        if space == -1:
            return len(text)
        lt = _inside_tag(text, space)
        if lt == -1:
            return space
        gt = text.find(">", space, space + _REACH)
        at = gt + 1 if gt != -1 else space + 1
    return len(text)


# How far a boundary is looked for. Bounded, so that a text without line breaks (or without spaces)
# costs each candidate this much and not the distance to its end: a 19 MB single-line text made
# every candidate scan to the end, quadratic. Past it, a boundary between two non-word characters
# (or, failing that, the bound itself: no syllable is this long) is taken.
_REACH = 2048
_SPACE = re.compile(r"[ \n]")
_NON_WORD = re.compile(r"[^\w" + _MARKS + r"]")


def _space_before(text: str, at: int) -> int:
    low = max(0, at - _REACH)
    space = text.rfind(" ", low, at)
    space = max(space, text.rfind("\n", max(low, space + 1), at))  # a line break after that space
    if space != -1 or low == 0:
        return space
    last = None
    for last in _NON_WORD.finditer(text, low, at):  # noqa: B007 (the last one is wanted)
        pass
    return last.start() if last else low


def _space_after(text: str, at: int) -> int:
    high = min(len(text), at + _REACH)
    m = _SPACE.search(text, at, high)
    if m:
        return m.start()
    if high == len(text):
        return -1
    m = _NON_WORD.search(text, at, high)
    return m.start() if m else high


# -- marking -----------------------------------------------------------------------------------


def _merge(spans: list[tuple[int, int]], text: str = "") -> list[tuple[int, int]]:
    """Merge overlapping spans, and spans separated only by spaces, so that three matched words in a
    row read as one highlight ("<mark>mục tiêu kép</mark>")."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].strip(" ") == ""):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """HTML-escape text[start:end] and wrap the spans inside it in <mark>."""
    end = len(text) if end is None else end
    out, cursor = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[cursor:s]))
        out.append(MARK_OPEN + escape(text[s:e]) + MARK_CLOSE)
        cursor = e
    out.append(escape(text[cursor:end]))
    return "".join(out)


def mark_runs(text: str, runs: list[Run], spans: list[tuple[int, int]], gaps: dict[str, str]) -> str:
    """HTML-escape the visible runs (in text order) and wrap the parts inside `spans` in <mark>;
    a gap run becomes `gaps[kind]`. One pass over runs and spans together."""
    out: list[str] = []
    k = 0
    for run in runs:
        if run.gap:
            out.append(gaps[run.gap])
            continue
        p, e = run.start, run.end
        while k < len(spans) and spans[k][1] <= p:
            k += 1
        j = k
        while p < e:
            if j < len(spans) and spans[j][0] <= p:
                q = min(e, spans[j][1])
                out.append(MARK_OPEN + escape(text[p:q]) + MARK_CLOSE)
                if q == spans[j][1]:
                    j += 1
            else:
                q = min(e, spans[j][0]) if j < len(spans) else e
                out.append(escape(text[p:q]))
            p = q
    return "".join(out)


def snippet(text: str, query: ParsedQuery, width: int = 260) -> str:
    """A window of about `width` characters around the densest matches, whitespace collapsed."""
    spans = _snippet_spans(text, query, width)
    start, end = _snippet_bounds(text, spans[0][0] if spans else None, width)
    # what a reader sees: table borders, rules, `**` and `<br>` dropped, the words at their offsets
    body = mark_runs(text, snippet_runs(text, start, end), spans, SNIPPET_GAPS)
    body = " ".join(body.split())
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")


def _snippet_bounds(text: str, first: int | None, width: int) -> tuple[int, int]:
    if first is not None:
        start = max(0, first - width // 3)
        # start at a word boundary so no syllable is cut in half
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    else:
        start = 0
    end = min(len(text), start + width)
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _snippet_spans(text: str, query: ParsedQuery, width: int) -> list[tuple[int, int]]:
    """The spans a snippet shows: on the windowed path, only windows up to the snippet's end (and the
    span right after it, which may merge across the cut) are tokenised, not the whole text."""
    phrases = _specs(_phrases(query))
    if not phrases or not text:
        return []
    spans: list[tuple[int, int]] = []
    bound = None
    try:
        for window in _windows(text, phrases):
            if bound is not None and window[0] > bound:
                break
            spans.extend(_outside_letterhead(text, _window_spans(text, window, phrases)))
            if bound is None and spans:
                # the first match fixes where the snippet ends (a later window can only start later)
                bound = _snippet_bounds(text, min(spans)[0], width)[1]
                while bound < len(text) and text[bound] == " ":
                    bound += 1
    except _FullPath:
        return match_spans(text, query, syllables(text))
    return _merge(spans, text)


def clause_snippets(
    text: str, clauses: list[tuple[int, int]], query: ParsedQuery, width: int = 260
) -> list[str | None]:
    """Snippets of a hit's best clauses (character spans in `text`, best first), one per passage.

    A clause holds its sub-clauses, so a clause and its own sub-clause both found (`mục 1` and
    `mục 1.b`) would show the same sentence twice: a clause's snippet is cut from its own words only
    (its span minus the listed clauses inside it), and it is None when only those hold a match.
    Of two listed clauses with the same span, the first keeps it."""
    snippets: list[str | None] = []
    for i, (start, end) in enumerate(clauses):
        if (start, end) in clauses[:i]:
            snippets.append(None)
            continue
        inner = sorted(
            (s, e) for s, e in clauses if start <= s and e <= end and (s, e) != (start, end) and e > s
        )
        if not inner:
            snippets.append(snippet(text[start:end], query, width))
            continue
        parts, cursor = [], start
        for s, e in inner:
            if s > cursor:
                parts.append((cursor, s))
            cursor = max(cursor, e)
        if cursor < end:
            parts.append((cursor, end))
        own = next((text[a:b] for a, b in parts if match_spans(text[a:b], query, limit=0)), None)
        snippets.append(snippet(own, query, width) if own is not None else None)
    return snippets
