"""Snippets and highlights cut from the ORIGINAL text via token offsets, HTML-escaped.

Engine-independent, so every engine shows the same highlights for the same query.
"""

from __future__ import annotations

from html import escape

from analyzers.query import ParsedQuery, QPhrase
from analyzers.tokenize import Token, syllables

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


def _token_matches(tok: Token, term) -> bool:
    return tok.text == term.text if term.exact else tok.folded == term.index_term


def _phrases(query: ParsedQuery) -> list[QPhrase]:
    return [p for group in query.must for p in group.alternatives]


def match_spans(text: str, query: ParsedQuery, tokens: list[Token] | None = None) -> list[tuple[int, int]]:
    """Character spans of every occurrence of a positive query phrase in `text`, merged and sorted."""
    phrases = _phrases(query)
    if not phrases or not text:
        return []
    tokens = syllables(text) if tokens is None else tokens
    spans: list[tuple[int, int]] = []
    for phrase in phrases:
        n = len(phrase.terms)
        first = phrase.terms[0]
        for i, tok in enumerate(tokens):
            if not _token_matches(tok, first) or i + n > len(tokens):
                continue
            if all(_token_matches(tokens[i + k], phrase.terms[k]) for k in range(1, n)):
                spans.append((tok.start, tokens[i + n - 1].end))
    return _merge(spans, text)


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
    spans = match_spans(text, query)
    if spans:
        first = spans[0][0]
        start = max(0, first - width // 3)
        # start at a word boundary so no syllable is cut in half
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    else:
        start = 0
    end = min(len(text), start + width)
    while end < len(text) and not text[end].isspace():
        end += 1
    body = mark(text, spans, start, end)
    body = " ".join(body.split())
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")
