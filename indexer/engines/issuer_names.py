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
values that open with a body word (Bộ, UBND, Sở, Ban, Cục…, as the header parser knows them) count,
and a local body without its place (`Ủy ban nhân dân tỉnh`) names none. Pure functions; the engines
supply the names (tantivy once per index version, Elasticsearch once a minute).
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
# Bodies that exist in every province, district and commune: without a place, or ending with a level
# word (`Ủy ban nhân dân tỉnh`, a source that lost the place), their name names none of them.
LOCAL_BODIES = (("ủy", "ban", "nhân", "dân"), ("hội", "đồng", "nhân", "dân"))
# A name must be printed with at least this many syllables to be recognised: one (`Bộ`, a bare
# `UBND` whose place the parser lost) names no particular body.
MIN_SYLLABLES = 2
# A name must make up at least this share of the syllables typed: a long query (a title typed out, a
# question) that mentions a body in passing (`trách nhiệm của Chính phủ trong công tác quản lý …`)
# is about its content, not a request for that body's documents.
MIN_QUERY_SHARE = 1 / 4
# Longer values are free text, not a body's name (a source's metadata: `Chính phủ quy định chi tiết …`).
MAX_SYLLABLES = 16
# How many issuer values the engines read from their facet (distinct names; far above any corpus
# seen: the legal code's 43k articles hold a few hundred).
MAX_NAMES = 20_000

Syllable = tuple[str, str]  # (exact, folded)


@dataclass(frozen=True)
class IssuerNames:
    """Every issuer value of an index by the folded first two syllables of each of its spellings."""

    by_start: dict[tuple[str, str], tuple[tuple[tuple[Syllable, ...], str], ...]]
    values: frozenset[str] = frozenset()  # what it was built from

    @property
    def empty(self) -> bool:
        return not self.by_start


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
    """`words` without the runs in `left_out` (matched on exact syllables) inside the name, before a
    place: a level word goes with the place after it, and one that opens the name or precedes `ủy`
    names the body itself (Tỉnh ủy, Thành ủy)."""
    out: list[Syllable] = []
    i = 0
    while i < len(words):
        for run in left_out:
            end = i + len(run)
            inside = 0 < i and end < len(words) and words[end][0] != "ủy"
            if inside and tuple(w for w, _ in words[i:end]) == run:
                i = end
                break
        else:
            out.append(words[i])
            i += 1
    return tuple(out)


def spellings(name: str) -> set[tuple[Syllable, ...]]:
    """The ways a query may spell `name`: as printed (abbreviations also spelt out), and without its
    level word and its `và`."""
    # an issuer value that does not open with a body word (`cá nhân`, `các Bộ`: a source's free-text
    # metadata) is no body's name, and ordinary words must not trigger the bonus
    if not is_body_head(fold_diacritics(name).upper()):
        return set()
    printed = tuple((t.text, t.folded) for t in syllables(name))
    if not MIN_SYLLABLES <= len(printed) <= MAX_SYLLABLES:
        return set()
    full = _expanded(name)
    exact = tuple(w for w, _ in full)
    if exact in LOCAL_BODIES or any(exact[-len(level) :] == level for level in LEVEL_WORDS):
        return set()
    out = set()
    for form in (printed, full):
        for left_out in ((), LEVEL_WORDS, JOINING_WORDS, LEVEL_WORDS + JOINING_WORDS):
            out.add(_without(form, left_out))
    return out


def build(names: Iterable[str]) -> IssuerNames:
    names = list(names)
    by_start: dict[tuple[str, str], list[tuple[tuple[Syllable, ...], str]]] = {}
    for name in dict.fromkeys(n for n in names if n):
        for spelt in spellings(name):
            if len(spelt) >= MIN_SYLLABLES:
                by_start.setdefault((spelt[0][1], spelt[1][1]), []).append((spelt, name))
    return IssuerNames({k: tuple(v) for k, v in by_start.items()}, frozenset(n for n in names if n))


def rebuilt(previous: IssuerNames | None, names: list[str]) -> IssuerNames:
    """`previous` when the index still holds the same names (most commits add documents of known
    issuers), else a new build: building costs ~1 ms a name, reading them one aggregation."""
    if previous is not None and previous.values == frozenset(n for n in names if n):
        return previous
    return build(names)


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


@dataclass(frozen=True)
class Named:
    """What a query names: issuer values, and the indexes of the query groups spelling them."""

    issuers: tuple[str, ...] = ()
    groups: frozenset[int] = frozenset()


def recognise(parsed: ParsedQuery, names: IssuerNames) -> Named:
    """The issuer values whose whole name the query's consecutive words spell, in query order. A name
    spelt inside a longer one is not named (`văn phòng quốc hội` names Văn phòng Quốc hội, not Quốc
    hội), nor one that is a small part of a long query (MIN_QUERY_SHARE)."""
    if names.empty or parsed.number:
        return Named()
    groups = [[alt.terms for alt in g.alternatives] for g in parsed.must]
    spans: dict[str, tuple[int, int]] = {}
    for start in range(len(groups)):
        for key in _starts(groups, start):
            for spelt, value in names.by_start.get(key, ()):
                end = _spelt_until(groups, start, spelt) if value not in spans else -1
                if end > start:
                    spans[value] = (start, end)
    typed = [len(g.alternatives[0].terms) for g in parsed.must]
    kept = {
        value: (a, b)
        for value, (a, b) in spans.items()
        if not any(c <= a and b <= d and (c, d) != (a, b) for c, d in spans.values())
        and sum(typed[a:b]) >= MIN_QUERY_SHARE * sum(typed)
    }
    return Named(tuple(kept), frozenset(i for a, b in kept.values() for i in range(a, b)))


def _starts(groups: list[list[tuple[QTerm, ...]]], start: int) -> set[tuple[str, str]]:
    """The folded first two syllables the groups from `start` on may spell (the names' keys: a term
    typed with diacritics looks up its folded form too)."""
    out = set()
    for terms in groups[start]:
        if len(terms) >= 2:
            out.add((loose_form(terms[0].text), loose_form(terms[1].text)))
        elif terms and start + 1 < len(groups):
            out.update((loose_form(terms[0].text), loose_form(t[0].text)) for t in groups[start + 1] if t)
    return out


def names_from_buckets(buckets: Iterable[dict]) -> list[str]:
    """The values of a terms aggregation's buckets (tantivy and Elasticsearch answer alike)."""
    return [str(b["key"]) for b in buckets if b.get("key")]


def aggregation(field: str = "issuer") -> dict:
    """The terms aggregation both engines run over the documents to read the names."""
    return {"issuers": {"terms": {"field": field, "size": MAX_NAMES}}}
