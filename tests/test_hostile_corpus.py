"""Acceptance of issue 14: a corpus of hostile files (pathological regex input, a zip-expanding docx,
PDF pages sharing one huge content stream, random bytes, a huge single-line text) next to good ones
indexes in bounded time and memory; every bad file is reported, every good file is found."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile_files import write_hostile_corpus

pytestmark = pytest.mark.slow
MAX_RSS_MB = 1536
MAX_SECONDS = 300

# The wrapper's only child is `vanban index`, whose workers it reaps: RUSAGE_CHILDREN's ru_maxrss is
# then the peak resident size of the largest process of the run.
_MEASURED = """
import json, resource, subprocess, sys
run = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(json.dumps({"code": run.returncode, "out": run.stdout, "err": run.stderr, "peak_mb": peak}))
"""


def test_a_hostile_corpus_indexes_in_bounded_time_and_memory(tmp_path):
    expected = write_hostile_corpus(tmp_path / "docs")
    index_dir = tmp_path / "index"
    command = [sys.executable, "-m", "search_app.cli", "index", str(tmp_path / "docs")]
    started = time.monotonic()
    wrapper = subprocess.run(
        [sys.executable, "-c", _MEASURED, *command, "--index-dir", str(index_dir), "--json"],
        capture_output=True,
        text=True,
        timeout=MAX_SECONDS * 2,
    )
    seconds = time.monotonic() - started
    measured = json.loads(wrapper.stdout)
    summary = json.loads(measured["out"])
    failed = {Path(f["path"]).name: f["reason"] for f in summary["failed"]}

    assert measured["code"] == 1, measured["err"]
    for name, what in expected.items():
        if what == "bad":
            assert name in failed, f"{name} was not reported: {sorted(failed)}"
    for name, marker in ((n, m) for n, m in expected.items() if m != "bad"):
        assert name not in failed, failed[name]
        found = subprocess.run(
            [
                sys.executable,
                "-m",
                "search_app.cli",
                "search",
                marker,
                "--index-dir",
                str(index_dir),
                "--json",
            ],
            capture_output=True,
            text=True,
        )
        assert json.loads(found.stdout)["total"] >= 1, f"{name}: {marker} not found"
    assert seconds < MAX_SECONDS, f"{seconds:.0f} s"
    assert measured["peak_mb"] < MAX_RSS_MB, f"peak RSS {measured['peak_mb']} MB"
