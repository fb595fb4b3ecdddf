"""Shared fixtures: real indexes on disk built by the real pipeline from real documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VANBAN_SHARED_DIR", REPO.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"
REAL = SHARED / "corpus" / "real"
SAMPLES = REPO / "samples"


def need_seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/corpus/seeds not present at {SEEDS}: seed acceptance tests need it")
    return SEEDS


def need_real() -> Path:
    if not (REAL / "docs").is_dir():
        pytest.skip(f"../shared/corpus/real not present at {REAL}: real-document tests need it")
    return REAL


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need_seeds()


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


def build_index(paths: list[Path], index_dir: Path, segmenter: str = "pyvi"):
    from indexer.reindex import index_incremental
    from indexer.settings import Settings

    settings = Settings.load(index_dir=str(index_dir), engine="tantivy", segmenter=segmenter)
    report = index_incremental(paths, settings, workers=1)
    return settings, report


@pytest.fixture(scope="session")
def samples_only_index(tmp_path_factory):
    """The repository's samples alone, segmenter none: the ranking examples' corpus."""
    settings, report = build_index([SAMPLES], tmp_path_factory.mktemp("samples-only") / "index", "none")
    assert report.ok, report.files_failed
    return settings


@pytest.fixture(scope="module")
def samples_engine(samples_only_index):
    from indexer.engines import open_engine

    engine = open_engine(samples_only_index)
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, seeds_dir):
    """An index of the five shared seeds only (acceptance figures are stated over them)."""
    index_dir = tmp_path_factory.mktemp("seed-index") / "index"
    settings, report = build_index([seeds_dir], index_dir)
    assert report.ok, report.files_failed
    return settings


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory):
    """The repository's samples plus, when present, the shared seeds: the UI tests' corpus."""
    index_dir = tmp_path_factory.mktemp("sample-index") / "index"
    paths = [SAMPLES] + ([SEEDS] if SEEDS.is_dir() else [])
    settings, report = build_index(paths, index_dir)
    return settings
