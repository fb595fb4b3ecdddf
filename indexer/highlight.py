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
from analyzers.query import ParsedQuery, QPhrase
from analyzers.tokenize import Token, syllables

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


def match_spans(text: str, query: ParsedQuery, tokens: list[Token] | None = None) -> list[tuple[int, int]]:
    """Character spans of every occurrence of a positive query phrase in `text`, merged and sorted."""
    phrases = _specs(_phrases(query))
    if not phrases or not text:
        return []
    if tokens is None:
        try:
            spans = [
                span for window in _windows(text, phrases) for span in _window_spans(text, window, phrases)
            ]
        except _FullPath:
            tokens = syllables(text)
        else:
            return _merge(spans, text)
    return _merge(_token_spans(tokens, phrases), text)


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
    space = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at))
    if space == -1:
        return 0
    lt = _inside_tag(text, space)
    return space if lt == -1 else lt  # right before the tag's "<" is a boundary too


def _cut_after(text: str, at: int) -> int:
    """A boundary at or after `at` that splits neither a syllable nor skipped markup."""
    while at < len(text):
        space = min((i for i in (text.find(" ", at), text.find("\n", at)) if i != -1), default=-1)
        if space == -1:
            return len(text)
        lt = _inside_tag(text, space)
        if lt == -1:
            return space
        gt = text.find(">", space)
        at = gt + 1 if gt != -1 else len(text)
    return len(text)


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


def snippet(text: str, query: ParsedQuery, width: int = 260) -> str:
    """A window of about `width` characters around the densest matches, whitespace collapsed."""
    spans = _snippet_spans(text, query, width)
    start, end = _snippet_bounds(text, spans[0][0] if spans else None, width)
    body = mark(text, spans, start, end)
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
            spans.extend(_window_spans(text, window, phrases))
            if bound is None and spans:
                # the first match fixes where the snippet ends (a later window can only start later)
                bound = _snippet_bounds(text, min(spans)[0], width)[1]
                while bound < len(text) and text[bound] == " ":
                    bound += 1
    except _FullPath:
        return match_spans(text, query, syllables(text))
    return _merge(spans, text)
