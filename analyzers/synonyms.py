"""Abbreviation synonyms (UBND ↔ ủy ban nhân dân), applied at query time only.

Read lazily from config/synonyms.json and cached per process. Keys are syllable tuples in the
index's own forms (analyzers.tokenize.forms), so `Uỷ ban`, `ủy ban` and `uy ban` all meet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analyzers.normalize import CONFIG_DIR
from analyzers.tokenize import syllables

SYNONYMS_PATH = CONFIG_DIR / "synonyms.json"


@dataclass(frozen=True)
class Abbreviation:
    exact: str  # exact index form of the abbreviation ('hđnd')
    loose: str  # what it looks up when typed without diacritics ('hdnd')
    meanings: tuple[tuple[str, ...], ...]  # exact syllables of each full form
    common_word: bool  # folded, it is an ordinary syllable (TU → tu): never added as an alternative
    ambiguous: bool  # its meanings differ (CT: chỉ thị, chủ tịch)


@dataclass(frozen=True)
class SynonymTable:
    by_exact: dict[str, tuple[Abbreviation, ...]]
    by_loose: dict[str, tuple[Abbreviation, ...]]
    # loose syllables of a full form → abbreviations it may be written as (unambiguous ones only)
    by_meaning: dict[tuple[str, ...], tuple[Abbreviation, ...]]
    longest_meaning: int


def _exact_syllables(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in syllables(text))


def _loose_syllables(text: str) -> tuple[str, ...]:
    return tuple(t.folded for t in syllables(text))


def build_table(data: dict) -> SynonymTable:
    by_exact: dict[str, list[Abbreviation]] = {}
    by_loose: dict[str, list[Abbreviation]] = {}
    abbreviations = []
    for entry in data["entries"]:
        meanings = tuple(_exact_syllables(m) for m in entry["meanings"])
        for form in entry["abbr"]:
            (tok,) = syllables(form)
            abbr = Abbreviation(
                tok.text, tok.folded, meanings, bool(entry.get("common_word")), bool(entry.get("ambiguous"))
            )
            abbreviations.append(abbr)
            by_exact.setdefault(abbr.exact, []).append(abbr)
            by_loose.setdefault(abbr.loose, []).append(abbr)
    by_meaning: dict[tuple[str, ...], list[Abbreviation]] = {}
    for abbr in abbreviations:
        # A reverse expansion is safe only when the abbreviation means one thing and is no word.
        shared = {other.meanings for other in by_loose[abbr.loose]}
        if abbr.common_word or abbr.ambiguous or len(shared) > 1:
            continue
        for meaning in abbr.meanings:
            by_meaning.setdefault(_loose_syllables(" ".join(meaning)), []).append(abbr)
    return SynonymTable(
        {k: tuple(v) for k, v in by_exact.items()},
        {k: tuple(v) for k, v in by_loose.items()},
        {k: tuple(v) for k, v in by_meaning.items()},
        max((len(k) for k in by_meaning), default=0),
    )


@cache
def synonym_table(path: Path = SYNONYMS_PATH) -> SynonymTable:
    return build_table(json.loads(path.read_text(encoding="utf-8")))


def abbreviations_for(exact: str, loose: str, typed_exact: bool) -> tuple[Abbreviation, ...]:
    """Entries a typed syllable names: by its exact spelling when typed with diacritics ('tư' is only
    TƯ), by its loose form otherwise ('tu' is TU and TƯ)."""
    table = synonym_table()
    return table.by_exact.get(exact, ()) if typed_exact else table.by_loose.get(loose, ())


def expand_abbreviation(exact: str, loose: str, typed_exact: bool) -> list[tuple[str, ...]]:
    """Full forms (exact syllables) a typed abbreviation stands for, every meaning of every entry."""
    out: list[tuple[str, ...]] = []
    for abbr in abbreviations_for(exact, loose, typed_exact):
        for meaning in abbr.meanings:
            if meaning not in out:
                out.append(meaning)
    return out


def abbreviations_of(loose_syllables: tuple[str, ...]) -> tuple[Abbreviation, ...]:
    return synonym_table().by_meaning.get(loose_syllables, ())
