"""What the pipeline stores for a document is the document as it ends up after the whole batch.

Workers serialise each document's stored form so the writing process does not (indexer.pipeline);
grouping copies at commit time changes documents after that, and the index must hold the changed
ones — never the form a worker serialised before it knew of the copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from indexer.engines.tantivy_engine import TantivyEngine
from indexer.parse.copies import copy_key, group_copies
from indexer.pipeline import index_paths, process_file
from indexer.settings import Settings

SAMPLES = Path(__file__).parent.parent / "samples"
PAIR = ("02_tinhuy_dienbien_tb_2021.md", "14_copy_of_215_received.md")  # a notice and its received copy


def _without_time(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "indexed_at"}


def test_a_copy_found_at_commit_time_is_stored_as_a_copy(tmp_path):
    source = tmp_path / "docs"
    source.mkdir()
    for name in PAIR:
        shutil.copy(SAMPLES / name, source / name)
    settings = Settings.load(index_dir=str(tmp_path / "index"), engine="tantivy", segmenter="none")
    engine = TantivyEngine(settings.index_dir, segmenter="none", create=True)
    try:
        report = index_paths([source], engine, settings, workers=1)
        assert report.ok and report.documents == 2
        stored = {doc_id: engine.get(doc_id) for ids in engine.ids_by_source().values() for doc_id in ids}
    finally:
        engine.close()
    # the same files read and grouped in this process, the way the writer groups its batch
    expected = [doc for name in PAIR for doc in process_file(str(source / name), "none").documents]
    group_copies(expected, [copy_key(doc) for doc in expected])
    full, copy = expected
    assert copy.copies == [full.id] and not copy.canonical  # the case this test is about
    assert stored[copy.id].copies == [full.id] and not stored[copy.id].canonical
    assert stored[copy.id].provenance["number"] == "inherited"
    for doc in expected:
        assert _without_time(stored[doc.id].to_dict()) == _without_time(doc.to_dict())
        assert stored[doc.id].indexed_at  # stamped once, by the run that wrote it
