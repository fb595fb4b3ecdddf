"""Streaming jsonl: record by record from the open file, each record size-limited, memory bounded."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from indexer.sources.jsonl import file_lines, read_jsonl, stream_jsonl
from tests.conftest import REPO


def row(n: int, text: str = "Công văn số {n}/UBND-VX về phòng, chống dịch.") -> bytes:
    return json.dumps({"id": f"r{n}", "text": text.format(n=n)}, ensure_ascii=False).encode() + b"\n"


def test_lines_longer_than_the_limit_are_passed_over_not_held():
    data = b"short\n" + b"x" * 5000 + b"\n" + b"y" * 100 + b"\nlast"
    lines = list(file_lines(io.BytesIO(data), max_line_bytes=1000))
    assert lines == [(1, b"short", 6), (2, None, 5001), (3, b"y" * 100, 101), (4, b"last", 4)]
    exact = list(file_lines(io.BytesIO(b"z" * 1000 + b"\n"), max_line_bytes=1000))
    assert exact == [(1, b"z" * 1000, 1001)]  # the newline does not count against the record


def test_stream_gives_the_records_and_problems_of_read_jsonl(tmp_path):
    data = (
        row(1)
        + b"{broken\n"
        + row(2)
        + row(1)
        + json.dumps({"id": "big", "text": "x" * 3000}).encode()
        + b"\n"
    )
    path = tmp_path / "mix.jsonl"
    path.write_bytes(data)
    streamed = list(stream_jsonl(path, max_record_bytes=2000))
    records = [r for r in streamed if not isinstance(r, str)]
    problems = [p for p in streamed if isinstance(p, str)]
    assert [r.metadata["id"] for r in records] == ["r1", "r2"]
    assert [r.line for r in records] == [1, 3]
    assert problems[0].startswith("line 2: invalid JSON")
    assert problems[1] == 'line 4: duplicate id "r1" (first on line 1)'
    assert problems[2].startswith("line 5: record too large")
    whole = read_jsonl(data, str(path))
    assert [(r.text, r.metadata) for r in whole[:2]] == [(r.text, r.metadata) for r in records]


@pytest.mark.slow
def test_streaming_a_file_far_larger_than_its_records_keeps_memory_flat(tmp_path):
    """50 MB of records plus one 40 MB line: peak RSS of the reading process stays near its start."""
    path = tmp_path / "big.jsonl"
    with path.open("wb") as out:
        chunk = b"".join(row(n, "Nội dung văn bản số {n}. " * 40) for n in range(2000))
        for _ in range(20):
            out.write(chunk.replace(b'"id": "r', f'"id": "c{_}-'.encode()))
        out.write(b'{"id": "huge", "text": "' + b"a" * 40_000_000 + b'"}\n')
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from indexer.sources.jsonl import stream_jsonl\n"
        "start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "n = sum(1 for r in stream_jsonl(Path(sys.argv[1]), 20 * 1024 * 1024) if not isinstance(r, str))\n"
        "print(n, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start) // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)], cwd=REPO, capture_output=True, text=True, check=True
    )
    records, grown_mb = map(int, out.stdout.split())
    assert records == 40_000
    assert path.stat().st_size > 85_000_000
    assert grown_mb < 40, f"reading grew the process by {grown_mb} MB"


@pytest.mark.parametrize("command", ["index", "reindex"])
def test_a_jsonl_larger_than_max_file_mb_goes_in_record_by_record(tmp_path, command):
    from click.testing import CliRunner

    from search_app.cli import main

    path = tmp_path / "export.jsonl"
    with path.open("wb") as out:
        for n in range(900):
            out.write(
                row(n, "Công văn số {n}/UBND-VX về phòng, chống dịch COVID-19 trên địa bàn tỉnh. " * 16)
            )
        out.write(json.dumps({"id": "too-big", "text": "dịch " * 300_000}).encode() + b"\n")
        out.write(b"{not json}\n")
    assert path.stat().st_size > 2 * 1024 * 1024
    index_dir = tmp_path / "index"
    args = [command, str(path), "--index-dir", str(index_dir), "--segmenter", "none", "--max-file-mb", "1"]
    result = CliRunner().invoke(main, args + ["--json"])
    # the records around the bad ones are indexed; the two lost records make the run not ok (exit 1)
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["documents"] == 900 and summary["failed"] == [] and not summary["ok"]
    assert [r["reason"].split(":")[0] for r in summary["skipped_records"]] == ["line 901", "line 902"]
    assert "line 901: record too large (" in result.stderr
    assert "line 902: invalid JSON" in result.stderr
    again = CliRunner().invoke(
        main, ["index", str(path), "--index-dir", str(index_dir), "--max-file-mb", "1"]
    )
    assert again.exit_code == 0 and "1 unchanged" in again.stdout + again.stderr, again.output
