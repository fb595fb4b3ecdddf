"""Query analysis: a user's query string → a ParsedQuery every engine can translate.

Lenient by design: unbalanced quotes close at the end, smart quotes count as quotes, stray
operators are read as text, control characters are dropped, and overlong input is cut. It never
raises on user input.

Semantics (DESIGN.md): plain words are ANDed; a word typed with diacritics matches only that
spelling (after tone normalisation), a word typed without matches every accented form; "…" is an
exact phrase over syllables; -word excludes; OR between two terms makes them alternatives;
so:NUMBER or a bare document number asks for that document. A `trichyeu:` prefix (also typed
`trích yếu:`, `trich-yeu:`) limits the search to the title and trích yếu (`scope == "subject"`).

Each group's alternatives also carry, at query time only:
- abbreviation synonyms from config/synonyms.json (`UBND` → `ủy ban nhân dân`; a full form typed
  as a phrase or as consecutive bare words → its unambiguous abbreviation, the words then being
  read as one phrase);
- code variants matching analyzers.chain's index terms: `COVID-19` is the phrase `covid 19` (which
  meets `Covid-19` and `COVID 19` alike) or the compact `covid19` (which meets `COVID19`); a typed
  `COVID19` finds `COVID-19` through the compact form the index stores at its first position.
The first alternative of a group is always what was typed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from analyzers.chain import code_forms, code_runs
from analyzers.fold import fold_diacritics, has_diacritics, loose_form
from analyzers.numbers import looks_like_number, number_key
from analyzers.synonyms import abbreviations_of, expand_abbreviation, synonym_table
from analyzers.tokenize import Token, syllables

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 32
MAX_ALTERNATIVES = 16
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»＂〝〞", '"'))
_PIECE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_SCOPE_PREFIX = re.compile(r"^\s*trich[\s_-]?yeu\s*:\s*", re.IGNORECASE)


def split_scope(text: str) -> tuple[str, str]:
    """('subject', rest) when the query starts with a trích yếu prefix, else ('', text). Matched on the
    folded form, so `trích yếu:`, `Trichyeu:` and `trich-yeu:` all count."""
    head = fold_diacritics(text[:24])
    found = _SCOPE_PREFIX.match(head) if len(head) == len(text[:24]) else None
    return ("subject", text[found.end() :]) if found else ("", text)


@dataclass(frozen=True)
class QTerm:
    text: str  # exact (normalised) form
    exact: bool  # True when typed with diacritics: match only this spelling

    @property
    def index_term(self) -> str:
        """The term to look up in the combined syllable field (exact or loose form)."""
        return self.text if self.exact else loose_form(self.text)


@dataclass(frozen=True)
class QPhrase:
    terms: tuple[QTerm, ...]


@dataclass
class QGroup:
    """Alternatives joined by OR; a document must match at least one."""

    alternatives: list[QPhrase]
    quoted: bool = False  # typed in quotes: required even when the other words are relaxed
    # joined by OR: no alternative is "what was typed" (unlike an abbreviation's or a code's
    # variants, which follow the typed form)
    or_joined: bool = False


@dataclass
class ParsedQuery:
    raw: str = ""
    must: list[QGroup] = field(default_factory=list)
    must_not: list[QGroup] = field(default_factory=list)
    number: str = ""  # normalised number key when the query names a document number
    scope: str = ""  # "subject" when the query asked for the title/trích yếu only (trichyeu: prefix)
    # issuer facet values whose whole name the words spell (indexer.engines.issuer_names): filled
    # by the search service, which knows the index's issuers; their documents rank first
    issuers: tuple[str, ...] = ()
    issuer_groups: frozenset[int] = frozenset()  # the indexes of the groups that spell them

    @property
    def is_empty(self) -> bool:
        return not self.must and not self.number

    def positive_terms(self) -> list[QTerm]:
        return [t for g in self.must for p in g.alternatives for t in p.terms]


def _term(exact: str) -> QTerm:
    return QTerm(exact, has_diacritics(exact))


def _typed(tok: Token) -> QTerm:
    return QTerm(tok.text, tok.text != tok.folded and not tok.text.isdigit())


def _slots(body: str) -> list[list[tuple[QTerm, ...]]]:
    """The typed syllables as slots, each with its variants (the typed form first)."""
    tokens = syllables(body)
    runs = {first: (last, seps) for first, last, seps in code_runs(body, tokens)}
    longest = synonym_table().longest_meaning
    slots: list[list[tuple[QTerm, ...]]] = []
    i = 0
    while i < len(tokens):
        # a full form typed out (ủy ban nhân dân) → also its abbreviation
        for n in range(min(longest, len(tokens) - i), 1, -1):
            span = tokens[i : i + n]
            abbrs = abbreviations_of(tuple(t.folded for t in span))
            if abbrs:
                variants = [tuple(_typed(t) for t in span)]
                variants += [(QTerm(a.exact, False),) for a in abbrs]
                slots.append(_unique(variants))
                i += n
                break
        else:
            if i in runs:  # a code: its parts as typed, and its compact form (COVID-19 → covid19)
                last, seps = runs[i]
                span = tokens[i : last + 1]
                variants = [tuple(_typed(t) for t in span)]
                compact = code_forms([t.text for t in span], seps)[1:]
                variants += [(_term(c),) for c in compact]
                slots.append(_unique(variants))
                i = last + 1
                continue
            tok = tokens[i]
            variants = [(_typed(tok),)]
            for meaning in expand_abbreviation(tok.text, tok.folded, _typed(tok).exact):
                variants.append(tuple(_term(s) for s in meaning))
                for abbr in _other_abbreviations(tok, meaning):
                    variants.append((QTerm(abbr, False),))
            slots.append(_unique(variants))
            i += 1
    return slots


def _other_abbreviations(tok: Token, meaning: tuple[str, ...]) -> list[str]:
    """Other written forms of the same full form (UBMTTQ ↔ UBMTTQVN), never an ordinary word."""
    return [a.exact for a in abbreviations_of(tuple(loose_form(s) for s in meaning)) if a.loose != tok.folded]


def _unique(variants: list[tuple[QTerm, ...]]) -> list[tuple[QTerm, ...]]:
    seen, out = set(), []
    for v in variants:
        key = tuple(t.index_term for t in v)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


def _group(body: str, quoted: bool = False) -> QGroup | None:
    """One group from a bare word or a quoted phrase: the product of its slots' variants, capped."""
    slots = _slots(body)
    if not slots:
        return None
    alternatives = []
    for combo in itertools.islice(itertools.product(*slots), MAX_ALTERNATIVES):
        alternatives.append(QPhrase(tuple(t for variant in combo for t in variant)))
    return QGroup(alternatives, quoted)


_Piece = tuple[str, str | None, str | None]  # (negation, quoted body, bare word)


def _merge_full_forms(pieces: list[_Piece]) -> list[_Piece]:
    """Consecutive bare words that spell a full form with an abbreviation ('uy ban nhan dan') become
    one piece, read as a phrase, so that the group can offer the abbreviation as an alternative."""
    longest = synonym_table().longest_meaning
    out, i = [], 0
    while i < len(pieces):
        merged = False
        for n in range(min(longest, len(pieces) - i), 1, -1):
            window = pieces[i : i + n]
            if any(neg or bare is None or bare == "OR" for neg, _, bare in window):
                continue
            tokens = [syllables(bare) for _, _, bare in window]
            if any(len(t) != 1 for t in tokens) or not abbreviations_of(tuple(t[0].folded for t in tokens)):
                continue
            out.append(("", None, " ".join(bare for _, _, bare in window)))  # typed bare: not quoted
            i += n
            merged = True
            break
        if not merged:
            out.append(pieces[i])
            i += 1
    return out


def parse_query(raw: str) -> ParsedQuery:
    text = _CONTROL.sub(" ", raw or "")[:MAX_QUERY_CHARS].translate(_QUOTES).strip()
    scope, text = split_scope(text)
    parsed = ParsedQuery(raw=text, scope=scope)
    stripped = re.sub(r"^so:\s*", "", text, flags=re.IGNORECASE)
    if stripped != text or looks_like_number(text):
        key = number_key(stripped)
        if key:
            parsed.number = key
        if stripped != text:
            return parsed
    pieces = []
    for match in _PIECE.finditer(text):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare != "OR" and bare.startswith("-") and len(bare) > 1:
            negated, bare, quoted = "-", None, bare[1:]
            pieces.append((negated, None, quoted))  # a negated bare word reads like a one-word phrase
            continue
        pieces.append((negated or "", quoted, bare))
    pending_or = False
    for negated, quoted, bare in _merge_full_forms(pieces):
        if bare == "OR":
            pending_or = bool(parsed.must)
            continue
        group = _group(quoted if bare is None else bare, quoted=bare is None)
        if group is None:
            pending_or = False
            continue
        if negated:
            parsed.must_not.append(group)
        elif pending_or:
            alternatives = parsed.must[-1].alternatives
            alternatives.extend(a for a in group.alternatives if a not in alternatives)
            parsed.must[-1].or_joined = True
        else:
            parsed.must.append(group)
        pending_or = False
        if len(parsed.must) + len(parsed.must_not) >= MAX_CLAUSES:
            break
    return parsed
