"""The tantivy reader reloads only when the index changed, and still sees every commit at once."""

from __future__ import annotations

from indexer.engines.base import SearchRequest
from indexer.engines.tantivy_engine import TantivyEngine
from indexer.model import Document


def ids(engine, q):
    return [h.id for h in engine.search(SearchRequest(q=q, match="all")).hits]


def test_a_reader_sees_another_writers_commits_without_delay(tmp_path):
    writer = TantivyEngine(tmp_path, segmenter="none", create=True)
    writer.add([Document(id="a", text="Thực hiện mục tiêu kép.")])
    writer.commit()
    reader = TantivyEngine(tmp_path, segmenter="none")
    assert ids(reader, "mục tiêu") == ["a"]
    assert ids(reader, "mục tiêu") == ["a"]  # unchanged index: no reload needed, same answer
    writer.add([Document(id="b", text="Giữ vững mục tiêu an toàn.")])
    writer.commit()
    assert sorted(ids(reader, "mục tiêu")) == ["a", "b"]
    writer.delete(["a"])
    writer.commit()
    assert ids(reader, "mục tiêu") == ["b"]
    assert reader.find_by_number("x") == []
    writer.close()
    reader.close()
