"""Rebuild an index from scratch and swap it in without downtime.

tantivy: build a new version directory beside the served one, then publish it with one atomic
symlink rename (indexer.store). Elasticsearch: the engine's own begin/commit/abort trio (a new
versioned index pair and one alias swap). In both cases a crash before the swap leaves the
previous index serving, and rerunning the command completes the job.
"""

from __future__ import annotations

from pathlib import Path

from indexer import store
from indexer.engines import open_engine
from indexer.pipeline import PipelineReport, index_paths
from indexer.settings import Settings


def reindex(
    paths: list[Path],
    settings: Settings,
    workers: int | None = None,
    progress=None,
    *,
    allow_errors: bool = False,
) -> PipelineReport:
    """`allow_errors`: swap even when the engine rejected some documents (Elasticsearch mapping
    errors, reported in the summary); by default such a fill is thrown away and the old index serves."""
    if settings.engine == "tantivy":
        return _reindex_tantivy(paths, settings, workers, progress)
    engine = open_engine(settings, create=True)
    engine.reindex_begin()
    try:
        report = index_paths(paths, engine, settings, force=True, workers=workers, progress=progress)
        engine.reindex_commit(allow_errors=allow_errors)
    except BaseException:
        engine.reindex_abort()
        raise
    finally:
        engine.close()
    return report


def _reindex_tantivy(paths, settings, workers, progress) -> PipelineReport:
    index_dir = Path(settings.index_dir)
    with store.write_lock(index_dir):
        store.sweep_unpublished(index_dir)
        version = store.new_version(index_dir)
        engine = open_engine(settings, create=True, index_dir=str(version))
        try:
            report = index_paths(paths, engine, settings, force=True, workers=workers, progress=progress)
            engine.commit()
        finally:
            engine.close()
        store.mark_complete(version)
        store.publish(index_dir, version)
        store.sweep(index_dir)
    return report


def index_incremental(
    paths: list[Path], settings: Settings, *, prune=False, force=False, workers=None, progress=None
) -> PipelineReport:
    """`vanban index`: add new and changed files to the served index in place."""
    if settings.engine != "tantivy":
        engine = open_engine(settings, create=True)
        try:
            return index_paths(
                paths, engine, settings, prune=prune, force=force, workers=workers, progress=progress
            )
        finally:
            engine.close()
    index_dir = Path(settings.index_dir)
    with store.write_lock(index_dir):
        target = store.ensure_index_dir(index_dir)
        engine = open_engine(settings, create=True, index_dir=str(target))
        try:
            return index_paths(
                paths, engine, settings, prune=prune, force=force, workers=workers, progress=progress
            )
        finally:
            engine.close()
