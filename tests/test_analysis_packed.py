"""The packed analysis the pipeline ships between processes says exactly what index_terms says."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

from analyzers.chain import index_term_columns, index_term_columns_with_runs, index_terms, slice_columns
from analyzers.letterhead import without_letterhead
from indexer.analysis import TextAnalysis, analyze_document
from indexer.parse import parse_documents

SAMPLE_DIR = Path(__file__).parent.parent / "samples"
SAMPLES = sorted(p for p in SAMPLE_DIR.iterdir() if p.suffix in (".txt", ".md"))
ODD = "Điều 1. Mức <b>phạt</b> COVID-19 &nbsp; 30/2020/NĐ-CP\n2. Người thứ hai ủy quyền.\u200b\n"


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in SAMPLES] + [ODD, "", "5K"]


def test_columns_are_index_terms():
    for text in _texts():
        terms, positions = index_term_columns(text)
        assert list(zip(terms, positions, strict=True)) == index_terms(text)
        assert index_term_columns_with_runs(text)[:2] == (terms, positions)


def test_a_slice_of_the_columns_is_the_substring_analysed_on_its_own():
    rng = random.Random(5)
    cut_somewhere = 0
    for text in _texts():
        terms, positions, runs = index_term_columns_with_runs(text)
        if runs is None:
            continue
        for _ in range(200):
            start = rng.randrange(len(text) + 1)
            end = rng.randrange(start, len(text) + 1)
            cut = slice_columns(runs, start, end)
            if cut is None:  # a run crosses an edge: the caller analyses the substring itself
                continue
            cut_somewhere += 1
            first, stop, offset = cut
            own = index_term_columns(text[start:end])
            assert (terms[first:stop], [p - offset for p in positions[first:stop]]) == own
    assert cut_somewhere > 100


def test_clause_analyses_survive_pickling_and_match_their_own_text():
    for path in SAMPLES:
        for doc in parse_documents(path.read_text(encoding="utf-8"), str(path)):
            analysis = pickle.loads(pickle.dumps(analyze_document(doc, "none")))
            # the body is searched without its letterhead (analyzers.letterhead)
            assert analysis.body.terms == index_terms(without_letterhead(doc.text))
            for clause, clause_analysis in zip(doc.clauses, analysis.clauses, strict=True):
                assert clause_analysis.base in (None, analysis.body)  # a view keeps pointing at its body
                assert clause_analysis.terms == index_terms(without_letterhead(clause.text))


def test_terms_and_words_can_be_set():
    analysis = TextAnalysis([("mục", 0), ("muc", 0), ("tiêu", 1)], ["mục_tiêu"])
    assert analysis.term_list() == ["mục", "muc", "tiêu"]
    analysis.words = ["a_b", "c_d"]
    assert analysis.packed_words == "a_b c_d" and analysis.words == ["a_b", "c_d"]
    assert TextAnalysis().terms == [] and TextAnalysis().words == []
