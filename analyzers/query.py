"""Query analysis: a user's query string → a ParsedQuery every engine can translate.

Lenient by design: unbalanced quotes close at the end, stray operators are read as text, control
characters are dropped, and overlong input is cut. It never raises on user input.

Semantics (DESIGN.md): plain words are ANDed; a word typed with diacritics matches only that
spelling (after tone normalisation), a word typed without matches every accented form; "…" is an
exact phrase over syllables; -word excludes; OR between two terms makes them alternatives;
so:NUMBER or a bare document number asks for that document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzers.fold import fold_diacritics
from analyzers.numbers import looks_like_number, number_key
from analyzers.tokenize import syllables

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 32
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PIECE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class QTerm:
    text: str  # exact (normalised) form
    exact: bool  # True when typed with diacritics: match only this spelling

    @property
    def index_term(self) -> str:
        """The term to look up in the combined syllable field (exact or folded form)."""
        return self.text if self.exact else fold_diacritics(self.text)


@dataclass(frozen=True)
class QPhrase:
    terms: tuple[QTerm, ...]


@dataclass
class QGroup:
    """Alternatives joined by OR; a document must match at least one."""

    alternatives: list[QPhrase]


@dataclass
class ParsedQuery:
    raw: str = ""
    must: list[QGroup] = field(default_factory=list)
    must_not: list[QGroup] = field(default_factory=list)
    number: str = ""  # normalised number key when the query names a document number

    @property
    def is_empty(self) -> bool:
        return not self.must and not self.number

    def positive_terms(self) -> list[QTerm]:
        return [t for g in self.must for p in g.alternatives for t in p.terms]


def _phrase(text: str) -> QPhrase | None:
    terms = tuple(QTerm(tok.text, tok.text != tok.folded) for tok in syllables(text))
    return QPhrase(terms) if terms else None


def parse_query(raw: str) -> ParsedQuery:
    text = _CONTROL.sub(" ", raw or "")[:MAX_QUERY_CHARS].strip()
    parsed = ParsedQuery(raw=text)
    stripped = re.sub(r"^so:\s*", "", text, flags=re.IGNORECASE)
    if stripped != text or looks_like_number(text):
        key = number_key(stripped)
        if key:
            parsed.number = key
        if stripped != text:
            return parsed
    pending_or = False
    for match in _PIECE.finditer(text):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR":
            pending_or = bool(parsed.must)
            continue
        if bare is not None:
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            body = bare[1:] if negated else bare
        else:
            body = quoted
        phrase = _phrase(body)
        if phrase is None:
            pending_or = False
            continue
        if negated:
            parsed.must_not.append(QGroup([phrase]))
        elif pending_or:
            parsed.must[-1].alternatives.append(phrase)
        else:
            parsed.must.append(QGroup([phrase]))
        pending_or = False
        if len(parsed.must) + len(parsed.must_not) >= MAX_CLAUSES:
            break
    return parsed
