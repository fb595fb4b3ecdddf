"""The per-file budget and the worker pool, through the real CLI: a file that costs too much CPU or
memory, or whose worker is killed, is reported with its reason and the rest of the batch goes in;
workers never outlive a killed `vanban index`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

VANBAN = [sys.executable, "-m", "search_app.cli"]
SENTENCE = "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành thực hiện nghiêm mục tiêu kép. "


def _corpus(folder: Path, big_mb: float = 6.0) -> Path:
    """One big, slow text (sorted first, so the only worker meets it first) and three small ones."""
    folder.mkdir()
    line = SENTENCE * 20
    lines = int(big_mb * 1024 * 1024 / len(line.encode()))
    (folder / "a_big.txt").write_text("CÔNG VĂN\n" + "\n".join([line] * lines), encoding="utf-8")
    for n in range(3):
        (folder / f"b{n}.txt").write_text(
            f"THÔNG BÁO\nSố: {n + 1}/TB-UBND\nVề việc phòng chống dịch lần {n}\n{SENTENCE}", encoding="utf-8"
        )
    return folder


def _index(folder: Path, index_dir: Path, **env) -> tuple[int, dict]:
    run = subprocess.run(
        [*VANBAN, "index", str(folder), "--index-dir", str(index_dir), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **env},
    )
    return run.returncode, json.loads(run.stdout)


def _failed(summary: dict) -> dict[str, str]:
    return {Path(f["path"]).name: f["reason"] for f in summary["failed"]}


def test_a_file_over_its_cpu_budget_is_reported_and_the_batch_goes_on(tmp_path):
    folder = _corpus(tmp_path / "docs")
    code, summary = _index(folder, tmp_path / "index", VANBAN_FILE_SECONDS="2")
    assert code == 1
    assert _failed(summary) == {"a_big.txt": _failed(summary)["a_big.txt"]}
    assert "more than 2 s of CPU" in _failed(summary)["a_big.txt"]
    assert summary["files_indexed"] == 3


def test_a_file_over_its_memory_budget_is_reported_and_the_batch_goes_on(tmp_path):
    folder = _corpus(tmp_path / "docs")
    code, summary = _index(folder, tmp_path / "index", VANBAN_FILE_MEMORY_MB="60")
    assert code == 1
    assert list(_failed(summary)) == ["a_big.txt"]
    assert "more than 60 MB of memory" in _failed(summary)["a_big.txt"]
    assert summary["files_indexed"] == 3


def _children(pid: int) -> list[tuple[int, str]]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append((int(entry.name), cmdline))
    return found


def _workers(pid: int) -> list[int]:
    return [child for child, cmdline in _children(pid) if "multiprocessing-fork" in cmdline]


def _wait_for_worker(process: subprocess.Popen, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        workers = _workers(process.pid)
        if workers:
            return workers[0]
        assert process.poll() is None, process.communicate()
        time.sleep(0.1)
    raise AssertionError("no worker process appeared")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_worker_costs_its_file_only(tmp_path):
    """As the OOM killer would: SIGKILL the worker while it reads the big file."""
    folder = _corpus(tmp_path / "docs")
    process = subprocess.Popen(
        [*VANBAN, "index", str(folder), "--index-dir", str(tmp_path / "index"), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    worker = _wait_for_worker(process)
    time.sleep(3)  # past its warm-up, inside the big file (minutes of work)
    os.kill(worker, signal.SIGKILL)
    out, err = process.communicate(timeout=240)
    summary = json.loads(out)
    assert process.returncode == 1, err
    assert list(_failed(summary)) == ["a_big.txt"], summary
    assert "killed" in _failed(summary)["a_big.txt"]
    assert summary["files_indexed"] == 3
    stats = subprocess.run(
        [*VANBAN, "stats", "--index-dir", str(tmp_path / "index"), "--json"], capture_output=True, text=True
    )
    assert json.loads(stats.stdout)["documents"] == 3


def test_workers_die_with_a_killed_parent(tmp_path):
    folder = _corpus(tmp_path / "docs")
    process = subprocess.Popen(
        [*VANBAN, "index", str(folder), "--index-dir", str(tmp_path / "index")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = _wait_for_worker(process)
    time.sleep(1)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker), f"worker {worker} outlived its parent"


def _documents(index_dir: Path) -> int:
    run = subprocess.run(
        [*VANBAN, "stats", "--index-dir", str(index_dir), "--json"], capture_output=True, text=True
    )
    return json.loads(run.stdout)["documents"] if run.returncode == 0 else 0


def test_a_kill_loses_only_the_work_since_the_last_timed_commit(tmp_path):
    """Twenty small files, then a slow one: the writer commits on time while the slow one is read,
    so a kill -9 then keeps the twenty (before: nothing was committed until the end of the batch)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(20):
        (folder / f"a{n:02d}.txt").write_text(
            f"THÔNG BÁO\nSố: {n + 1}/TB-UBND\nVề việc kiểm tra lần thứ {n}\n{SENTENCE * (n + 1)}",
            encoding="utf-8",
        )
    line = SENTENCE * 20
    (folder / "z_big.txt").write_text("CÔNG VĂN\n" + "\n".join([line] * 3000), encoding="utf-8")
    index_dir = tmp_path / "index"
    process = subprocess.Popen(
        [*VANBAN, "index", str(folder), "--index-dir", str(index_dir), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "VANBAN_COMMIT_SECONDS": "1"},
    )
    try:
        deadline = time.monotonic() + 180
        while _documents(index_dir) < 20:
            assert process.poll() is None, "the run ended before the kill: make the last file slower"
            assert time.monotonic() < deadline, "nothing committed while the slow file was read"
            time.sleep(0.5)
    finally:
        process.kill()
        process.wait()
    assert _documents(index_dir) == 20
