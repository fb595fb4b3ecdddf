"""An index written by another on-disk schema is refused with a message to run `vanban reindex`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

VANBAN = [sys.executable, "-m", "search_app.cli"]


def test_an_index_of_an_older_schema_is_refused_until_reindexed(tmp_path, samples_dir):
    docs = tmp_path / "docs"
    docs.mkdir()
    first = sorted(samples_dir.glob("*.txt"))[0]
    (docs / first.name).write_bytes(first.read_bytes())
    index = tmp_path / "index"
    args = ["--index-dir", str(index)]
    subprocess.run(
        [*VANBAN, "index", str(docs), *args, "--segmenter", "none"], check=True, capture_output=True
    )
    meta = Path(index.resolve()) / "vanban.json"
    meta.write_text(json.dumps({**json.loads(meta.read_text()), "schema_version": 1}), encoding="utf-8")

    for command in (["search", "a"], ["stats"], ["index", str(docs)]):
        run = subprocess.run([*VANBAN, *command, *args], capture_output=True, text=True)
        assert run.returncode == 2, (command, run.stderr)
        assert "schema version 1" in run.stderr and "vanban reindex" in run.stderr
        assert "Traceback" not in run.stderr

    rebuilt = subprocess.run(
        [*VANBAN, "reindex", str(docs), *args, "--segmenter", "none"], capture_output=True
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert subprocess.run([*VANBAN, "stats", *args], capture_output=True).returncode == 0
