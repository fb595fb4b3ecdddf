"""Issue 12's examples, on the real pipeline and tantivy: what a user typing a few words expects first.

The expected hit is described by what it holds (the phrase typed, the signer), not by a file name."""

from __future__ import annotations

import pytest

from indexer.engines import open_engine
from indexer.engines.base import SearchRequest


@pytest.fixture(scope="module")
def seeds_engine(seed_index):
    engine = open_engine(seed_index)
    yield engine
    engine.close()


def first_document(engine, q: str):
    response = engine.search(SearchRequest(q=q, with_facets=False))
    if q.isascii():  # typed without diacritics, the syllables match several documents: order matters
        assert len(response.hits) >= 2, "the example only means something when several documents match"
    return engine.get(response.hits[0].id)


@pytest.mark.parametrize("q", ["chuyen doi so", "chuyển đổi số"])
def test_the_document_holding_the_phrase_comes_first(samples_engine, q):
    assert "chuyển đổi số" in first_document(samples_engine, q).text.lower()


@pytest.mark.parametrize("q", ["nguyen van thang", "Nguyễn Văn Thắng"])
def test_the_notice_signed_by_the_name_comes_first(seeds_engine, q):
    assert first_document(seeds_engine, q).signer == "Nguyễn Văn Thắng"


def test_an_exclusion_keeps_the_copy_that_does_not_hold_it(seeds_engine):
    response = seeds_engine.search(SearchRequest(q='ASEAN -"Lai Châu"'))
    assert response.hits, "a copy holding ASEAN and not Lai Châu must still be found"
    for hit in response.hits:
        text = seeds_engine.get(hit.id).text
        assert "ASEAN" in text and "Lai Châu" not in text
    assert response.total == len(response.hits)


def test_letterhead_words_alone_find_nothing(samples_engine):
    response = samples_engine.search(SearchRequest(q='"độc lập tự do hạnh phúc"', with_facets=False))
    assert response.total == 0
