"""kill -9 a real `vanban reindex` at random moments: the served index must stay complete.

Each round starts a reindex subprocess, kills it after a random delay drawn over the measured
duration of a full run (so kills land before, during and after the swap), then opens the index the
way a server would and checks that it holds exactly one complete corpus and answers searches.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer import store
from indexer.engines import open_engine
from indexer.engines.base import SearchRequest
from indexer.settings import Settings

ROUNDS = 20


def _corpus(root: Path, generation: int) -> Path:
    docs = root / f"docs{generation}"
    docs.mkdir()
    for n in range(40):
        (docs / f"cv-{n:03d}.txt").write_text(
            f"ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nSố: {n + 1}/UBND-VX\n"
            f"Lai Châu, ngày {n % 28 + 1} tháng 3 năm 2021\n"
            f"1. Thực hiện mục tiêu kép, thế hệ {generation}.\n2. Giữ vững 5K trên địa bàn.\n",
            encoding="utf-8",
        )
    return docs


def _reindex_cmd(docs: Path, index_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "search_app.cli",
        "reindex",
        str(docs),
        "--index-dir",
        str(index_dir),
        "--segmenter",
        "none",
        "--workers",
        "1",
    ]


def _served_state(index_dir: Path) -> tuple[int, int]:
    engine = open_engine(Settings.load(index_dir=str(index_dir), engine="tantivy"))
    try:
        stats = engine.stats()
        hits = engine.search(SearchRequest(q="muc tieu kep", per_page=1, with_facets=False)).total
        return stats["documents"], hits
    finally:
        engine.close()


@pytest.mark.slow
def test_kill_9_during_reindex_never_breaks_the_served_index(tmp_path):
    index_dir = tmp_path / "index"
    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    first = _corpus(tmp_path, 1)
    started = time.perf_counter()
    subprocess.run(_reindex_cmd(first, index_dir), check=True, env=env, capture_output=True)
    full_run = time.perf_counter() - started
    assert _served_state(index_dir) == (40, 40)

    second = _corpus(tmp_path, 2)
    rng = random.Random(20251122)
    for _ in range(ROUNDS):
        proc = subprocess.Popen(
            _reindex_cmd(second, index_dir), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.0, full_run * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # either the old or the new corpus, each complete: never empty, never half
        assert _served_state(index_dir) == (40, 40)
    final = subprocess.run(_reindex_cmd(second, index_dir), env=env, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    assert _served_state(index_dir) == (40, 40)
    engine = open_engine(Settings.load(index_dir=str(index_dir), engine="tantivy"))
    assert engine.search(SearchRequest(q='"thế hệ 2"')).total == 40
    engine.close()
    versions = list((tmp_path / "index.versions").iterdir())
    current = index_dir.resolve()
    # crashed, half-built leftovers are swept; superseded complete ones wait out their grace period
    assert all(v == current or (v / ".complete").exists() for v in versions), versions
    store.sweep(index_dir, grace_seconds=0)
    assert len(list((tmp_path / "index.versions").iterdir())) <= 2  # current + one previous
