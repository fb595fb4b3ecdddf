"""Against a real Elasticsearch node (VANBAN_ES_URL): zero-downtime reindex and analyzer parity.

Skipped, with the reason, when no node is configured. The engine contract itself runs from
tests/contract (its `elasticsearch` parameter uses the same variable). Every test works under its own
random index prefix and drops it afterwards.
"""

from __future__ import annotations

import os
import uuid

import pytest

from analyzers.chain import syllable_terms
from indexer.analysis import analyze_text
from indexer.engines import es_requests as req
from indexer.engines.base import SearchRequest
from indexer.engines.elasticsearch_engine import ElasticsearchEngine
from indexer.errors import EngineError, IndexMissing
from indexer.model import Document
from indexer.settings import Settings


@pytest.fixture
def settings() -> Settings:
    url = os.environ.get("VANBAN_ES_URL")
    if not url:
        pytest.skip("VANBAN_ES_URL is not set: no Elasticsearch node for the real-node tests")
    return Settings.load(engine="elasticsearch", es_url=url, segmenter="none",
                         es_index_prefix=f"vanban-test-{uuid.uuid4().hex[:8]}")  # fmt: skip


@pytest.fixture
def engine(settings):
    eng = ElasticsearchEngine(settings, create=True)
    yield eng
    eng.reindex_abort()
    eng.drop()
    eng.close()


def doc(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, source=f"src/{doc_id}.txt", content_hash=f"h-{doc_id}", text=text)


def ids(engine, q: str) -> list[str]:
    return sorted(h.id for h in engine.search(SearchRequest(q=q)).hits)


def serving(engine) -> dict[str, list[str]]:
    return engine._serving()


def test_missing_alias_without_create(settings):
    with pytest.raises(IndexMissing):
        ElasticsearchEngine(settings).search(SearchRequest(q="5K"))


def test_reindex_swaps_both_aliases_and_deletes_the_old_pair(engine):
    engine.add([doc("old", "Thực hiện nghiêm 5K.")])
    engine.commit()
    before = serving(engine)
    version = engine.reindex_begin()
    engine.add([doc("new", "Mục tiêu kép trong tình hình mới.")])
    engine.commit()
    assert ids(engine, "5K") == ["old"]  # the old pair serves during the fill
    assert ids(engine, "muc tieu kep") == []
    result = engine.reindex_commit()
    assert result["documents"] == 1 and result["version"] == version
    after = serving(engine)
    assert after == {
        engine.documents_alias: [req.index_name(engine.prefix, "documents", version)],
        engine.clauses_alias: [req.index_name(engine.prefix, "clauses", version)],
    }
    assert ids(engine, "muc tieu kep") == ["new"] and ids(engine, "5K") == []
    leftovers = engine.client.indices.get(index=",".join(i for v in before.values() for i in v),
                                          ignore_unavailable=True).body  # fmt: skip
    assert leftovers == {}


def test_abort_leaves_the_old_pair_serving(engine):
    engine.add([doc("old", "Thực hiện nghiêm 5K.")])
    engine.commit()
    before = serving(engine)
    engine.reindex_begin()
    new_pair = engine._target
    engine.add([doc("new", "Mục tiêu kép.")])
    engine.reindex_abort()
    assert serving(engine) == before
    assert ids(engine, "5K") == ["old"]
    assert engine.client.indices.exists(index=",".join(new_pair)).body is False


def test_count_mismatch_refuses_the_swap(engine):
    engine.add([doc("old", "Thực hiện nghiêm 5K.")])
    engine.commit()
    before = serving(engine)
    engine.reindex_begin()
    engine.add([doc("a", "Mục tiêu kép."), doc("b", "Tiêm vắc xin.")])
    engine.client.delete(index=engine._target[0], id="b", refresh=True)  # a document lost behind our back
    with pytest.raises(EngineError, match="keeps serving"):
        engine.reindex_commit()
    assert serving(engine) == before
    assert ids(engine, "5K") == ["old"]


TEXTS = [
    "Tỉnh uỷ Điện Biên chỉ đạo thực hiện nghiêm 5K",
    "HOÀ BÌNH, khoẻ mạnh; F1, F2, F3 — mục tiêu kép",
    "Căn cứ Thông báo số 172-TB/TW ngày 21/3/2020 của Bộ Chính trị",
    "Mục 2.3 của Nghị định 30/2020/NĐ-CP",
]


@pytest.mark.parametrize("text", TEXTS)
def test_vb_syllables_on_our_syllables_gives_our_syllable_terms(engine, text):
    # what the engine feeds the syl field must come out as exactly our syllable terms (whole codes and
    # split parts are tantivy-only extras; see analyzers.chain.index_terms)
    fed = req.exact_syllables(analyze_text(text, "none"))
    tokens = engine.client.indices.analyze(
        index=engine.documents_alias, analyzer="vb_syllables", text=fed
    ).body
    got = sorted((t["token"], t["position"]) for t in tokens["tokens"])
    assert got == sorted(syllable_terms(text))
