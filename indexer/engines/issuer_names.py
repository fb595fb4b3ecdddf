"""Issuer names typed in a query: `ubnd tinh binh thuan`, `bo y te covid`, `sở nội vụ bình thuận`.

A query whose words spell an issuing body's whole name means that body's documents first: a Sở
letter that mentions "UBND tỉnh Bình Thuận" twenty times is not what `ubnd tinh binh thuan` asks
for, yet the body's phrase counts outweigh the one letterhead line. The names are the index's own
issuer facet values (what the parser normalised), so a recognised name is a keyword filter both
engines already hold: ranking.py turns it into a constant bonus, and no index field is needed.

A name is covered when consecutive query groups, each through one of its alternatives (what was
typed, an abbreviation's meaning: `ubnd` ↔ `ủy ban nhân dân`), spell it syllable by syllable; a
syllable typed with diacritics must match exactly, one typed without matches every accented form.
People leave out the administrative level (`ubnd binh thuan` for "UBND tỉnh Bình Thuận") and the
`và` of long department names (`so giao duc dao tao`), so each name also counts without them. Only
values that open with a body word (Bộ, UBND, Sở, Ban, Cục…, as the header parser knows them) count.
Pure functions; the engines supply the names (cached per index version).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from analyzers.fold import fold_diacritics, loose_form
from analyzers.query import ParsedQuery, QTerm
from analyzers.synonyms import synonym_table
from analyzers.tokenize import syllables
from indexer.parse.names import is_body_head

# Words a user may leave out of a body's name (exact, tone-normalised syllables): the level before a
# place name, and the `và` joining a department's two halves.
LEVEL_WORDS = (("tỉnh",), ("thành", "phố"), ("huyện",), ("quận",), ("thị", "xã"), ("xã",), ("phường",))
JOINING_WORDS = (("và",),)
# A name must be printed with at least this many syllables to be recognised: one (`Bộ`, a bare
# `UBND` whose place the parser lost) names no particular body.
MIN_SYLLABLES = 2
# A name must make up at least this share of the syllables typed: a long query (a title typed out, a
# question) that mentions a body in passing (`trách nhiệm của Chính phủ trong công tác quản lý …`)
# is about its content, not a request for that body's documents.
MIN_QUERY_SHARE = 1 / 4
# How many issuer values the engines read from their facet (distinct names; far above any corpus
# seen: the legal code's 43k articles hold a few hundred).
MAX_NAMES = 20_000

Syllable = tuple[str, str]  # (exact, folded)


@dataclass(frozen=True)
class IssuerNames:
    """Every issuer value of an index by the folded first syllable of each of its spellings."""

    by_first: dict[str, tuple[tuple[tuple[Syllable, ...], str], ...]]

    @property
    def empty(self) -> bool:
        return not self.by_first


def _expanded(name: str) -> tuple[Syllable, ...]:
    """The name's syllables with unambiguous abbreviations spelt out (UBND → ủy ban nhân dân), as the
    index would hold them typed in full."""
    table = synonym_table()
    out: list[Syllable] = []
    for tok in syllables(name):
        meanings = {m for a in table.by_exact.get(tok.text, ()) for m in a.meanings}
        if len(meanings) == 1:
            out.extend((s, t.folded) for s in next(iter(meanings)) for t in syllables(s))
        else:
            out.append((tok.text, tok.folded))
    return tuple(out)


def _without(words: tuple[Syllable, ...], left_out: tuple[tuple[str, ...], ...]) -> tuple[Syllable, ...]:
    """`words` without the runs in `left_out` (matched on exact syllables) where a word follows them:
    a level word goes with the place after it ("Văn phòng UBND tỉnh" keeps its last word)."""
    out: list[Syllable] = []
    i = 0
    while i < len(words):
        for run in left_out:
            end = i + len(run)
            if end < len(words) and tuple(w for w, _ in words[i:end]) == run:
                i = end
                break
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


def spellings(name: str) -> set[tuple[Syllable, ...]]:
    """The ways a query may spell `name`: as printed (abbreviations also spelt out), and without its
    level word and its `và`."""
    printed = tuple((t.text, t.folded) for t in syllables(name))
    # an issuer value that does not open with a body word (`cá nhân`, `các Bộ`: a source's free-text
    # metadata) is no body's name, and ordinary words must not trigger the bonus
    if len(printed) < MIN_SYLLABLES or not is_body_head(fold_diacritics(name).upper()):
        return set()
    full = _expanded(name)
    out = set()
    for form in (printed, full):
        for left_out in ((), LEVEL_WORDS, JOINING_WORDS, LEVEL_WORDS + JOINING_WORDS):
            out.add(_without(form, left_out))
    return out


def build(names: Iterable[str]) -> IssuerNames:
    by_first: dict[str, list[tuple[tuple[Syllable, ...], str]]] = {}
    for name in dict.fromkeys(n for n in names if n):
        for spelt in spellings(name):
            by_first.setdefault(spelt[0][1], []).append((spelt, name))
    return IssuerNames({k: tuple(v) for k, v in by_first.items()})


def _same(term: QTerm, syllable: Syllable) -> bool:
    exact, folded = syllable
    return term.index_term == (exact if term.exact else folded)


def _spelt_until(groups: list[list[tuple[QTerm, ...]]], start: int, name: tuple[Syllable, ...]) -> int:
    """The group after the last of those that, from `start` on, one alternative each, spell exactly
    `name`; -1 when they do not."""
    pending = [(start, 0)]
    while pending:
        g, p = pending.pop()
        if p == len(name):
            return g
        if g == len(groups):
            continue
        for terms in groups[g]:
            end = p + len(terms)
            if end <= len(name) and all(_same(t, s) for t, s in zip(terms, name[p:end], strict=True)):
                pending.append((g + 1, end))
    return -1


def recognise(parsed: ParsedQuery, names: IssuerNames) -> tuple[str, ...]:
    """The issuer values whose whole name the query's consecutive words spell, in query order. A name
    spelt inside a longer one is not named (`văn phòng quốc hội` names Văn phòng Quốc hội, not Quốc
    hội), nor one that is a small part of a long query (MIN_QUERY_SHARE)."""
    if names.empty or parsed.number:
        return ()
    groups = [[alt.terms for alt in g.alternatives] for g in parsed.must]
    spans: dict[str, tuple[int, int]] = {}
    for start, alternatives in enumerate(groups):
        for first in {_first_folded(terms) for terms in alternatives}:
            for spelt, value in names.by_first.get(first, ()):
                end = _spelt_until(groups, start, spelt) if value not in spans else -1
                if end > start:
                    spans[value] = (start, end)
    typed = [len(g.alternatives[0].terms) for g in parsed.must]
    return tuple(
        value
        for value, (a, b) in spans.items()
        if not any(c <= a and b <= d and (c, d) != (a, b) for c, d in spans.values())
        and sum(typed[a:b]) >= MIN_QUERY_SHARE * sum(typed)
    )


def _first_folded(terms: tuple[QTerm, ...]) -> str:
    # what the names are keyed by: a term typed with diacritics keys by its folded form too
    return loose_form(terms[0].text) if terms else ""


def names_from_buckets(buckets: Iterable[dict]) -> list[str]:
    """The values of a terms aggregation's buckets (tantivy and Elasticsearch answer alike)."""
    return [str(b["key"]) for b in buckets if b.get("key")]


def aggregation(field: str = "issuer") -> dict:
    """The terms aggregation both engines run over the documents to read the names."""
    return {"issuers": {"terms": {"field": field, "size": MAX_NAMES}}}
