"""Short queries built reproducibly from the legal-code articles (issue 12): what a journalist types.

Three query sets, drawn with a fixed seed from a fixed subsample of ../shared/corpus/phapdien:
- (a) `phrase, no diacritics`: a 2–4 syllable phrase from an article body (syllables separated by
  single spaces, letters only), every syllable of which is common on its own (folded, it occurs in
  at least `MIN_SYLLABLE_SHARE` of the articles) while the phrase itself is rare; typed unquoted and
  folded. Relevant: every article holding the exact phrase (tone-normalised syllables, punctuation
  between syllables ignored, as the engine's phrase matching does).
- (b) `phrase, with diacritics`: the same phrases typed with their diacritics.
- (c) `title, no diacritics`: an article title typed folded; relevant: the articles with that title.

Every query has a fixed split: one in three is held out (`held-out`), the rest are the ones the
ranking was tuned on (`tuned`). Pure functions over records; no I/O here.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from dataclasses import dataclass

from analyzers.tokenize import syllables

SEED = 12
MIN_SYLLABLE_SHARE = 0.02  # each syllable alone is common (folded, in ≥ 2% of the articles)
MAX_PHRASE_DOCS = 40  # the phrase itself is rare: the user means something specific
MAX_TITLE_DOCS = 3
HELD_OUT_EVERY = 3
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class ShortQuery:
    kind: str  # "phrase" or "title"
    exact: str  # with diacritics (lower case, tone-normalised syllables)
    folded: str
    relevant: frozenset[str]
    held_out: bool


@dataclass
class ArticleSyllables:
    ids: list[str]
    exact: list[list[str]]
    folded: list[list[str]]
    gaps: list[list[str]]  # the raw text between syllable i and i+1


def article_syllables(records: list[dict]) -> ArticleSyllables:
    out = ArticleSyllables([], [], [], [])
    for record in records:
        text = record["text"]
        tokens = syllables(text)
        out.ids.append(record["id"])
        out.exact.append([t.text for t in tokens])
        out.folded.append([t.folded for t in tokens])
        out.gaps.append([text[a.end : b.start] for a, b in zip(tokens, tokens[1:], strict=False)])
    return out


def _postings(sequences: list[list[str]]) -> dict[str, set[int]]:
    postings: dict[str, set[int]] = {}
    for i, seq in enumerate(sequences):
        for s in set(seq):
            postings.setdefault(s, set()).add(i)
    return postings


def _holding(phrase: list[str], joined: list[str], postings: dict[str, set[int]]) -> set[int]:
    """Indexes of the sequences (space-joined, padded) holding `phrase` as consecutive items."""
    candidates = set.intersection(*(postings.get(s, set()) for s in phrase))
    needle = " " + " ".join(phrase) + " "
    return {i for i in candidates if needle in joined[i]}


def phrase_queries(articles: ArticleSyllables, n: int, seed: int = SEED) -> list[ShortQuery]:
    rng = random.Random(seed)
    folded_df = Counter(s for seq in articles.folded for s in set(seq))
    floor = MIN_SYLLABLE_SHARE * len(articles.ids)
    exact_postings = _postings(articles.exact)
    joined = [" " + " ".join(seq) + " " for seq in articles.exact]
    seen: set[str] = set()
    out: list[ShortQuery] = []
    for _ in range(n * 400):
        if len(out) >= n:
            break
        doc = rng.randrange(len(articles.ids))
        length = rng.choice((2, 3, 4))
        exact, folded, gaps = articles.exact[doc], articles.folded[doc], articles.gaps[doc]
        if len(exact) < length:
            continue
        start = rng.randrange(len(exact) - length + 1)
        words = exact[start : start + length]
        key = " ".join(words)
        if key in seen or any(g != " " for g in gaps[start : start + length - 1]):
            continue
        if not all(_LETTERS.fullmatch(w) for w in words):
            continue
        if any(folded_df[f] < floor for f in folded[start : start + length]):
            continue
        holding = _holding(words, joined, exact_postings)
        if not 1 <= len(holding) <= MAX_PHRASE_DOCS:
            continue
        seen.add(key)
        relevant = frozenset(articles.ids[i] for i in holding)
        folded_text = " ".join(folded[start : start + length])
        out.append(ShortQuery("phrase", key, folded_text, relevant, len(out) % HELD_OUT_EVERY == 2))
    return out


def title_queries(records: list[dict], n: int, seed: int = SEED) -> list[ShortQuery]:
    rng = random.Random(seed + 1)
    by_title: dict[str, set[str]] = {}
    for record in records:
        folded = " ".join(t.folded for t in syllables(record.get("title", "")))
        if folded:
            by_title.setdefault(folded, set()).add(record["id"])
    candidates = [
        r for r in records if r.get("title") and len(syllables(r["title"])) >= 2 and len(r["title"]) <= 120
    ]
    out: list[ShortQuery] = []
    seen: set[str] = set()
    for record in rng.sample(candidates, min(len(candidates), n * 4)):
        if len(out) >= n:
            break
        tokens = syllables(record["title"])
        folded = " ".join(t.folded for t in tokens)
        if folded in seen or len(by_title[folded]) > MAX_TITLE_DOCS:
            continue
        seen.add(folded)
        exact = " ".join(t.text for t in tokens)
        out.append(
            ShortQuery("title", exact, folded, frozenset(by_title[folded]), len(out) % HELD_OUT_EVERY == 2)
        )
    return out


# -- metrics ---------------------------------------------------------------------------------------


def precision_at_1(ranked: list[str], relevant: frozenset[str]) -> float:
    return 1.0 if ranked and ranked[0] in relevant else 0.0


def mrr_at_10(ranked: list[str], relevant: frozenset[str]) -> float:
    for rank, doc_id in enumerate(ranked[:10], start=1):
        if doc_id in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_10(ranked: list[str], relevant: frozenset[str]) -> float:
    dcg = sum(1.0 / math.log2(rank + 1) for rank, d in enumerate(ranked[:10], start=1) if d in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(relevant), 10) + 1))
    return dcg / ideal if ideal else 0.0


def scores(rankings: list[list[str]], queries: list[ShortQuery]) -> dict:
    n = len(queries) or 1
    pairs = list(zip(rankings, queries, strict=True))
    return {
        "queries": len(queries),
        "p@1": sum(precision_at_1(r, q.relevant) for r, q in pairs) / n,
        "mrr@10": sum(mrr_at_10(r, q.relevant) for r, q in pairs) / n,
        "ndcg@10": sum(ndcg_at_10(r, q.relevant) for r, q in pairs) / n,
    }


def parity(first: list[list[str]], second: list[list[str]]) -> dict:
    """Two engines' rankings of the same queries: same first hit, and top-10 overlap (|A∩B| / max)."""
    n = len(first) or 1
    same_first = sum(bool(a) and bool(b) and a[0] == b[0] for a, b in zip(first, second, strict=True))
    overlap = sum(
        len(set(a[:10]) & set(b[:10])) / max(len(a[:10]), len(b[:10]), 1)
        for a, b in zip(first, second, strict=True)
    )
    return {"same_first": same_first / n, "overlap@10": overlap / n}
