"""What a parsed query matches and how its hits are ordered, as a query plan (query_plan.py).

Matching follows DESIGN.md: every group must match (match="all"), or a share of them (match="any").
Ordering rewards what the user typed together (issue 12, measured by bench/bench_ranking.py):
- the typed syllables adjacent and in order (a phrase on the body) and close together (a sloppy
  phrase), above scattered matches: a short query typed without diacritics is very ambiguous
  syllable by syllable (`so` = số, sở, sổ…), much less as a sequence;
- the same sequence in the title/subject/number/issuer/signer (`head`) above the body, while one
  stray syllable of the head (`tho` → "Thợ máy") weighs little;
- segmented words as evidence for compounds;
- the documents of an issuer whose whole name the query spells (issuer_names.py), first.
These are optional clauses: they change the order, never which documents match.
"""

from __future__ import annotations

import math

from analyzers.fold import fold_diacritics
from analyzers.query import ParsedQuery, QPhrase, QTerm
from indexer.engines.base import FACETS
from indexer.engines.query_plan import AnyOf, Bool, ConstScore, Keyword, Node, Phrase, Term

# One group found in the head (number, type, issuer, title, subject, signer). Low: one stray folded
# syllable of a title (`tho` → "Thợ máy") must not outweigh the typed sequence in the body
# (bench ranking, short queries: (a) MRR@10 0.91 at 3.0, 0.94 at 1.0 with the phrase boosts).
HEAD_BOOST = 1.0
WORD_BOOST = 0.5  # segmented-word matches refine ranking; they never decide what matches
# The whole typed sequence, adjacent and in order, in the body / close together / in the head. The
# head phrase weighs most: a title typed out finds its document rather than others citing it.
PHRASE_BOOST = 20.0
PROXIMITY_BOOST = 2.0
PROXIMITY_SLOP = 3
HEAD_PHRASE_BOOST = 40.0
NUMBER_BOOST = 50.0
# A document issued by a body whose whole name the query spells (issuer_names.py: `ubnd tinh binh
# thuan`, `bo y te covid`) gets this much on top, whatever its term statistics: such a query means
# that body's documents, and a letter of another body citing the name in every paragraph must not
# outrank them. The other words must still match and still order the body's own documents, typed
# together as their own sequence (TOPIC_SEQUENCE: `dich covid`), whose phrase boosts reach a few
# hundred in a long text: the bonus is above them. Bench ranking, issuer queries, MRR@10 tuned /
# held-out: 0.619 / 0.702 without; bonus alone 25: 0.774, 200: 0.828 / 0.894 (saturated); with the
# topic sequence 200: 0.812 (a statute on the topic, by another body, came first), 1000: 0.833 / 0.901.
ISSUER_BONUS = 1000.0
TOPIC_SEQUENCE = True

# match="any" (natural-language questions; ALQAC 2022 in bench/bench_ranking.py).
# Title/number matches weigh less than in AND mode: a long question shares common words ("quy định",
# "trường hợp") with many article titles, and a strong head boost then outranks the body's evidence.
ANY_HEAD_BOOST = 0.5
# Adjacent query syllables found together in the text: rewards the question's words appearing as they
# were typed, and works for text typed without diacritics, unlike segmented words.
PAIR_BOOST = 3.0
# Coordination in "any" mode: every group a document holds adds this much (about one ordinary
# term's BM25 weight), so that documents holding more of the question's words rank first; BM25
# alone lets one rare word outweigh most of the question (bench ranking, ALQAC tune split: MRR@10
# 0.887 → 0.913 at 8; 0.888 at 0, 0.894 at 25, 0.875 at 50: beyond, frequent words count too much).
# Schema 5 took the clauses out of the documents' BM25 statistics (a document's length is now
# compared with other documents', not with short clauses): its terms weigh more, and the bonus
# follows (tune split, typed / no diacritics: 8 → 0.892 / 0.899, 12 → 0.898 / 0.905, 16 → 0.906 /
# 0.906, 20 → 0.904 / 0.903, 24 → 0.906 / 0.904, 32 → 0.904 / 0.898).
COORD_BONUS = 16.0
# Share of the query's groups a document must match in "any" mode. Low on purpose: BM25 already ranks
# documents matching more groups first; the floor only keeps one-word coincidences of a long question
# (e.g. only "có") out of the hit count and the facet counts.
MIN_SHOULD_RATIO = 0.25
# match="auto" reads a query of this many plain words as a question and ranks it as "any" (0: never).
# Off: by length alone a long title typed unquoted is relaxed too (p99 108 ms instead of 40).
QUESTION_GROUPS = 0
# What says "this is a question" whatever its length: a final "?", or an interrogative phrase (folded).
# Nobody means every word of a question literally: such a query is ranked as "any" at once.
QUESTION_MIN_GROUPS = 4
INTERROGATIVES = (
    "bao nhieu",
    "nhu the nao",
    "the nao",
    "tai sao",
    "vi sao",
    "la gi",
    "hay khong",
    "co phai",
    "khi nao",
    "o dau",
)
# The words of a question that ask rather than say: in "any" mode they neither match nor rank, since
# an answer does not repeat them (an article answers "bao nhiêu năm" with "từ 02 năm đến 07 năm"),
# and their rarity in statute text gave the few documents that hold them a large BM25 share.
# Typed without diacritics, only the forms that cannot be a common word (`may` is also máy) count.
ASKING_WORDS = (
    "bao nhiêu",
    "bao lâu",
    "như thế nào",
    "thế nào",
    "ra sao",
    "nào",
    "gì",
    "tại sao",
    "vì sao",
    "ở đâu",
    "mấy",
    "hay không",
)
ASKING_FOLDED_AMBIGUOUS = frozenset({"may", "dau", "sao"})
DROP_ASKING_WORDS = True

# the typed sequences' phrase boosts also in "any" mode
ANY_SEQUENCE = True
# Longest typed sequence scored as one phrase (a question is scored by its pairs instead).
MAX_RUN_FOR_PHRASE = 6
MAX_RUN_FOR_PROXIMITY = 4
MAX_RUN_FOR_HEAD_PHRASE = 16


def minimum_should_match(groups: int, ratio: float = MIN_SHOULD_RATIO) -> int:
    """How many of `groups` optional groups an "any" match needs: 1 for short queries."""
    return max(1, min(groups, math.floor(groups * ratio)))


def typed_runs(parsed: ParsedQuery, skip: frozenset[int] = frozenset()) -> list[tuple[QTerm, ...]]:
    """The query's terms as typed, in runs. Words joined by OR break the run: neither is the
    neighbour; so does a skipped group (a question's asking words). A group whose alternatives are
    an abbreviation's meanings or a code's forms keeps its typed form (the first) in the run: `tu` in
    `chung tu thu tien` is also TU (tỉnh ủy), and the sequence typed is still the best evidence."""
    runs: list[tuple[QTerm, ...]] = []
    run: list[QTerm] = []
    for i, group in enumerate(parsed.must):
        if group.or_joined or i in skip:
            if run:
                runs.append(tuple(run))
            run = []
            continue
        run.extend(group.alternatives[0].terms)
    if run:
        runs.append(tuple(run))
    return runs


def adjacent_pairs(parsed: ParsedQuery, skip: frozenset[int] = frozenset()) -> list[QPhrase]:
    """Two-syllable phrases of consecutive query terms, within and across groups."""
    runs = typed_runs(parsed, skip)
    pairs = [QPhrase((a, b)) for run in runs for a, b in zip(run, run[1:], strict=False)]
    return list(dict.fromkeys(pairs))


def _single_syllable(group) -> QTerm | None:
    terms = group.alternatives[0].terms
    return terms[0] if len(group.alternatives) == 1 and len(terms) == 1 else None


def _asks(term: QTerm, word: str) -> bool:
    if term.exact:
        return term.text.lower() == word
    folded = fold_diacritics(word)
    return term.text.lower() == folded and folded not in ASKING_FOLDED_AMBIGUOUS


def asking_groups(parsed: ParsedQuery) -> frozenset[int]:
    """Indexes of the groups that spell a question's asking words (ASKING_WORDS), longest first;
    empty when nothing else would remain."""
    found: set[int] = set()
    singles = [_single_syllable(g) for g in parsed.must]
    phrases = sorted((tuple(w.split()) for w in ASKING_WORDS), key=len, reverse=True)
    i = 0
    while i < len(singles):
        for words in phrases:
            span = singles[i : i + len(words)]
            if len(span) == len(words) and all(
                t is not None and _asks(t, w) for t, w in zip(span, words, strict=False)
            ):
                found.update(range(i, i + len(words)))
                i += len(words)
                break
        else:
            i += 1
    return frozenset(found) if len(found) < len(parsed.must) else frozenset()


def query_words(parsed: ParsedQuery, skip: frozenset[int] = frozenset()) -> list[str]:
    """Adjacent syllable pairs of the query as candidate words for the segmented field."""
    words = []
    for i, group in enumerate(parsed.must):
        if i in skip:
            continue
        for phrase in group.alternatives:
            terms = [t.index_term for t in phrase.terms]
            words.extend(f"{a}_{b}" for a, b in zip(terms, terms[1:], strict=False))
    if len(parsed.must) > 1:
        # one-syllable groups in order (a skipped group breaks the sequence: no pair across it)
        flat = [
            None if i in skip else g.alternatives[0].terms[0].index_term
            for i, g in enumerate(parsed.must)
            if len(g.alternatives[0].terms) == 1
        ]
        words.extend(f"{a}_{b}" for a, b in zip(flat, flat[1:], strict=False) if a and b)
    return words


def auto_mode(parsed: ParsedQuery) -> str:
    """What match="auto" runs first: "any" for a question (`is_question`, at least
    QUESTION_MIN_GROUPS groups, nothing excluded), "all" (DESIGN.md's AND) otherwise: a long title
    typed unquoted stays an AND query. A question's quoted phrases stay required in "any" mode.
    `relaxable` says when "all" may fall back to "any"."""
    if parsed.must_not or not relaxable(parsed):
        return "all"
    if QUESTION_GROUPS and len(parsed.must) >= QUESTION_GROUPS:
        return "any"
    if len(parsed.must) >= QUESTION_MIN_GROUPS and is_question(parsed.raw):
        return "any"
    return "all"


def is_question(raw: str) -> bool:
    """A query typed as a question: it ends with "?" or holds an interrogative phrase."""
    text = raw.strip()
    if text.endswith("?"):
        return True
    folded = " " + " ".join(fold_diacritics(text).lower().replace("?", " ").split()) + " "
    return any(f" {phrase} " in folded for phrase in INTERROGATIVES)


def relaxable(parsed: ParsedQuery) -> bool:
    """match="auto" may fall back to "any" only for word queries of two or more groups: a single
    word or a document number that finds nothing must keep answering nothing."""
    return len(parsed.must) >= 2 and not parsed.number


def phrase(field: str, terms: tuple[QTerm, ...], boost: float = 1.0, slop: int = 0) -> Node:
    words = tuple(t.index_term for t in terms)
    if len(words) == 1:
        return Term(field, words[0], boost)
    return Phrase(field, words, slop, boost)


def _group(group, fields: tuple[tuple[str, float], ...]) -> Bool:
    return Bool(
        should=tuple(phrase(f, alt.terms, boost) for alt in group.alternatives for f, boost in fields),
        minimum_should_match=1,
    )


def _sequence_boosts(
    parsed: ParsedQuery, body: str, head: str | None, skip: frozenset[int] = frozenset()
) -> list[Node]:
    """The typed sequences scored as phrases: adjacent (strong), close together, in the head."""
    out: list[Node] = []
    for run in typed_runs(parsed, skip):
        if len(run) < 2:
            continue
        # Body phrases cost a position check per matching document: short runs only (a long one is a
        # question or a title, found by its pairs or its head phrase); proximity for the shortest.
        if len(run) <= MAX_RUN_FOR_PHRASE:
            out.append(phrase(body, run, PHRASE_BOOST))
        if len(run) <= MAX_RUN_FOR_PROXIMITY:
            out.append(phrase(body, run, PROXIMITY_BOOST, slop=PROXIMITY_SLOP))
        if head and len(run) <= MAX_RUN_FOR_HEAD_PHRASE:
            out.append(phrase(head, run, HEAD_PHRASE_BOOST))
    return out


def _issuer_boosts(parsed: ParsedQuery, body: str, head: str, skip: frozenset[int]) -> list[Node]:
    """A named issuer's documents first; the words typed beside its name scored as their own typed
    sequence (`dich covid` of `ubnd tinh binh thuan dich covid`: the whole run is rarely adjacent in
    a text, the topic is), so that the topic orders that issuer's documents."""
    if not parsed.issuers or not ISSUER_BONUS:
        return []
    out: list[Node] = [ConstScore(AnyOf(FACETS["issuer"], parsed.issuers), ISSUER_BONUS)]
    if TOPIC_SEQUENCE and parsed.issuer_groups:
        out.extend(_sequence_boosts(parsed, body, head, skip | parsed.issuer_groups))
    return out


def text_plan(
    parsed: ParsedQuery, with_head: bool, match: str = "all", ranked: bool = True, scope: str = "all"
) -> Bool:
    """The text part of a query. match="all": every group must match (in body or head). match="any":
    the groups become optional, `minimum_should_match` of them required (documents only; a hit's
    clauses need one), adjacent query syllables boosted as pairs. ranked=False leaves out what only
    ranks (facet counts). scope="subject": only the title and trích yếu (`subj`) are searched."""
    any_mode = match == "any" and bool(parsed.must)
    head_boost = ANY_HEAD_BOOST if any_mode else HEAD_BOOST
    if scope == "subject":
        body, head, fields = "subj", None, (("subj", 1.0),)
    else:
        body, head = "syl", "head" if with_head else None
        fields = (("syl", 1.0), ("head", head_boost)) if head else (("syl", 1.0),)
    # a relaxed question is matched and ranked by what it says, not by the words that ask
    skip = asking_groups(parsed) if any_mode and DROP_ASKING_WORDS else frozenset()
    groups = tuple(_group(g, fields) for i, g in enumerate(parsed.must) if i not in skip)
    must: tuple = groups
    should: list[Node] = []
    if any_mode:
        # Quoted phrases stay required: the quotes say "this, exactly". A hit's clauses need one
        # group: the document already met the floor, and a floor here cost a scan of every clause in
        # the index per hit (a minimum-should scorer cannot skip).
        quoted = [g.quoted and with_head for i, g in enumerate(parsed.must) if i not in skip]
        required = tuple(node for node, q in zip(groups, quoted, strict=True) if q)
        optional = tuple(node for node, q in zip(groups, quoted, strict=True) if not q)
        wanted = (minimum_should_match(len(groups)) if with_head else 1) - len(required)
        must = required + ((Bool(should=optional, minimum_should_match=wanted),) if wanted > 0 else ())
        if ranked:
            if wanted <= 0:
                should.extend(optional)
            should.extend(phrase(body, p.terms, PAIR_BOOST) for p in adjacent_pairs(parsed, skip))
            # coordination (documents: a hit's clauses are ordered by BM25 as before): each group
            # found adds the same, whatever its term statistics
            should.extend(ConstScore(g, COORD_BONUS) for g in optional if COORD_BONUS and with_head)
            if ANY_SEQUENCE and not skip:
                should.extend(_sequence_boosts(parsed, body, head))
    elif ranked:
        should.extend(_sequence_boosts(parsed, body, head))
    if head and ranked:
        should.extend(Term("words", w, WORD_BOOST) for w in query_words(parsed, skip))
        should.extend(_issuer_boosts(parsed, body, head, skip))
    must_not = []
    for group in parsed.must_not:
        for alt in group.alternatives:
            must_not.extend(phrase(f, alt.terms) for f, _ in fields)
    return Bool(must=must, should=tuple(should), must_not=tuple(must_not))


def document_text_plan(
    parsed: ParsedQuery, only_number: bool, match: str = "all", ranked: bool = True, scope: str = "all"
) -> Bool:
    """The text part of a document query, with the number: so:NUMBER is exactly the documents with
    that number; a bare number puts the numbered document first, then text matches of its parts."""
    # A number's parts typed together are no evidence for a text match: they would outweigh the
    # numbered document's own boost (a document citing 172-TB/TW in its subject and body).
    ranked = ranked and not parsed.number
    text = text_plan(parsed, True, match, ranked, scope) if parsed.must or parsed.must_not else Bool()
    if only_number:
        return Bool(filter=(Keyword("number_key", parsed.number),))
    if parsed.number and (text.must or text.must_not):
        number_match = Term("number_key", parsed.number, NUMBER_BOOST)
        return Bool(must=(Bool(should=(number_match, text), minimum_should_match=1),))
    return text
