"""`vanban watch`: the real CLI in a subprocess, watching a real folder, writing a real index."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from indexer.engines import open_engine
from indexer.engines.base import SearchRequest
from indexer.settings import Settings
from indexer.watch import ChangeQueue, Roots

REPO = Path(__file__).resolve().parents[1]
SEEN_WITHIN = 8.0  # seconds from a file operation to search seeing it (debounce 0.3 s; shared machine)


def marker(n: int) -> str:
    return "zq" + chr(97 + n // 26) + chr(97 + n % 26)


def document_text(n: int, word: str) -> str:
    return (
        f"ỦY BAN NHÂN DÂN\nHUYỆN TAM ĐƯỜNG\n\nSố: {100 + n}/UBND-VX\nV/v kiểm tra số {n} {word}\n\n"
        f"Tam Đường, ngày {1 + n % 28} tháng 4 năm 2020\n\nKính gửi: UBND các xã.\n\n"
        f"1. Nội dung {word} thuộc văn bản số {n}, đợt {n * 7 % 13}.\n\n"
        f"2. Báo cáo kết quả trước ngày {1 + n % 28}/5/2020 về {' '.join(['thôn'] * (n % 5 + 1))}.\n"
    )


class Watcher:
    """`vanban watch` as a child process; its JSON lines collected by a reader thread."""

    def __init__(self, folder: Path, index_dir: Path, *extra: str):
        args = [sys.executable, "-m", "search_app.cli", "watch", folder.name, "--index-dir", str(index_dir)]
        args += ["--segmenter", "none", "--debounce", "0.3", "--workers", "1", *extra]
        self.proc = subprocess.Popen(
            args, cwd=folder.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.lines: list[dict] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(json.loads(line))

    def events(self, name: str) -> list[dict]:
        return [e for e in list(self.lines) if e["event"] == name]

    def wait_for(self, name: str, count: int = 1, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.events(name)) < count:
            if self.proc.poll() is not None:
                raise AssertionError(f"watcher exited: {self.proc.returncode}: {self.proc.stderr.read()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {name!r} event within {timeout}s: {self.lines}")
            time.sleep(0.05)

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        code = self.proc.wait(timeout=30)
        self._reader.join(timeout=5)
        return code


def seen_within(engine, word: str, expected: int, timeout: float = SEEN_WITHIN) -> float:
    """Seconds until a search for `word` finds `expected` documents (fails after `timeout`)."""
    started = time.monotonic()
    while True:
        total = engine.search(SearchRequest(q=word, with_facets=False)).total
        if total == expected:
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{word!r}: {total} documents after {timeout}s, expected {expected}")
        time.sleep(0.1)


@pytest.fixture()
def workspace(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder, tmp_path / "index"


def reader(index_dir: Path):
    return open_engine(Settings.load(index_dir=str(index_dir), engine="tantivy", segmenter="none"))


@pytest.mark.slow
def test_watch_follows_creates_changes_and_deletes(workspace):
    folder, index_dir = workspace
    (folder / "a.txt").write_text(document_text(0, marker(0)), encoding="utf-8")
    watcher = Watcher(folder, index_dir)
    try:
        watcher.wait_for("ready")
        engine = reader(index_dir)
        assert seen_within(engine, marker(0), 1, timeout=1) < 1  # the catch-up indexed what was there

        (folder / "sub").mkdir()
        (folder / "sub" / "b.txt").write_text(document_text(1, marker(1)), encoding="utf-8")
        seen_within(engine, marker(1), 1)  # created, in a new folder

        (folder / "a.txt").write_text(document_text(0, marker(2)), encoding="utf-8")
        seen_within(engine, marker(2), 1)  # changed: the new text is found…
        assert seen_within(engine, marker(0), 0, timeout=1) < 1  # …and the old one is gone

        (folder / "sub" / "b.txt").unlink()
        seen_within(engine, marker(1), 0)  # deleted

        (folder / ".hidden.txt").write_text(document_text(3, marker(3)), encoding="utf-8")
        for n in range(5):  # a burst: one batch, not five
            (folder / "burst.txt").write_text(document_text(4, marker(4 + n)), encoding="utf-8")
        seen_within(engine, marker(8), 1)
        assert engine.search(SearchRequest(q=marker(3))).total == 0  # hidden files are litter
        engine.close()
    finally:
        code = watcher.stop(signal.SIGTERM)
    assert code == 0 and watcher.lines[-1]["event"] == "stop"  # SIGTERM ends it cleanly
    changes = [(e["event"], e["path"]) for e in watcher.lines if e["event"] in ("indexed", "removed")]
    assert ("removed", "docs/sub/b.txt") in changes and ("indexed", "docs/sub/b.txt") in changes
    assert changes.count(("indexed", "docs/burst.txt")) <= 2  # debounced
    assert all("time" in e for e in watcher.lines)


@pytest.mark.slow
def test_kill_9_mid_batch_then_restart_indexes_every_file_exactly_once(workspace):
    folder, index_dir = workspace
    for n in range(20):
        (folder / f"f{n:03d}.txt").write_text(document_text(n, marker(n)), encoding="utf-8")
    first = Watcher(folder, index_dir, "--debounce", "1.0")  # the writes below land in one batch
    first.wait_for("ready")
    # a big batch: 100 new files and 5 changed ones; killed once it has begun, before its commit
    for n in range(20, 120):
        (folder / f"f{n:03d}.txt").write_text(document_text(n, marker(n)), encoding="utf-8")
    for n in range(5):
        (folder / f"f{n:03d}.txt").write_text(document_text(n, marker(200 + n)), encoding="utf-8")
    first.wait_for("batch", count=2)
    first.stop(signal.SIGKILL)
    assert len(first.events("batch")) > len(first.events("batch-done")), "the kill must land mid-batch"

    engine = reader(index_dir)
    assert engine.stats()["documents"] < 120  # the interrupted batch is not (all) there
    engine.close()

    second = Watcher(folder, index_dir)
    try:
        second.wait_for("ready")
    finally:
        assert second.stop(signal.SIGTERM) == 0
    engine = reader(index_dir)
    try:
        by_source = engine.ids_by_source()
        assert sorted(by_source) == sorted(f"docs/f{n:03d}.txt" for n in range(120))
        assert all(len(ids) == 1 for ids in by_source.values())  # exactly once
        assert engine.stats()["documents"] == 120
        for n in range(5):
            assert engine.search(SearchRequest(q=marker(200 + n))).total == 1  # the change won
            assert engine.search(SearchRequest(q=marker(n))).total == 0
    finally:
        engine.close()


def test_debounce_waits_for_quiet_but_not_forever():
    now = [0.0]
    queue = ChangeQueue(debounce=1.0, max_wait=5.0, clock=lambda: now[0])
    assert queue.due_in(now[0]) is None
    queue.add(["a"])
    assert queue.due_in(now[0]) == 1.0
    for step in range(8):  # a change every 0.8 s never leaves a quiet second…
        now[0] += 0.8
        queue.add([f"f{step}"])
    assert queue.due_in(now[0]) == 0.0  # …but max_wait (5 s) made the batch due
    assert queue.take()[:2] == ["a", "f0"] and queue.due_in(now[0]) is None


def test_observer_paths_are_named_as_the_user_named_the_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    roots = Roots(["docs", str(tmp_path / "other")])
    assert roots.user_path(str(tmp_path / "docs" / "a" / "b.txt")) == os.path.join("docs", "a", "b.txt")
    assert roots.user_path(str(tmp_path / "other" / "c.txt")) == str(tmp_path / "other" / "c.txt")
    assert roots.user_path(str(tmp_path / "docs" / ".git" / "x")) is None
    assert roots.user_path(str(tmp_path / "docs" / "~$lock.docx")) is None
    assert roots.user_path(str(tmp_path / "elsewhere.txt")) is None
    inside = Roots(["docs"], exclude=["docs/var/index", "docs/var/index.versions"])
    assert inside.user_path(str(tmp_path / "docs" / "var" / "index.versions" / "v1" / "meta.json")) is None
    assert inside.user_path(str(tmp_path / "docs" / "var" / "a.txt")) == os.path.join("docs", "var", "a.txt")


def test_help_describes_feeds_chains_and_watch():
    from click.testing import CliRunner

    from search_app.cli import main

    top = CliRunner().invoke(main, ["--help"]).output
    assert "/feed.atom" in top and "/api/documents/<id>/chain" in top and "vanban watch" in top
    watch_help = CliRunner().invoke(main, ["watch", "--help"]).output
    for words in ("--poll", "--debounce", "SIGTERM", "JSON line", "removed"):
        assert words in watch_help
    missing = CliRunner().invoke(main, ["watch", "/nonexistent-folder"])
    assert missing.exit_code == 2  # usage error, nothing started


@pytest.mark.slow
def test_polling_fallback_follows_changes_too(workspace):
    folder, index_dir = workspace
    watcher = Watcher(folder, index_dir, "--poll", "--poll-interval", "0.2")
    try:
        watcher.wait_for("ready")
        assert watcher.events("start")[0]["observer"] == "polling"
        engine = reader(index_dir)
        (folder / "p.txt").write_text(document_text(5, marker(5)), encoding="utf-8")
        seen_within(engine, marker(5), 1)
        (folder / "p.txt").unlink()
        seen_within(engine, marker(5), 0)
        engine.close()
    finally:
        assert watcher.stop(signal.SIGTERM) == 0


@pytest.mark.slow
def test_reconcile_keeps_files_whose_names_are_not_utf8(tmp_path, monkeypatch):
    from indexer.watch import WatchOptions, reconcile

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "docs"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"c\xf4ng v\xe3n.txt")  # a cp1258-era file name
    with open(odd, "wb") as handle:
        handle.write(document_text(7, marker(7)).encode("utf-8"))
    settings = Settings.load(index_dir=str(tmp_path / "index"), engine="tantivy", segmenter="none")
    events: list[dict] = []
    options = WatchOptions(workers=1)
    first = reconcile(["docs"], settings, options, events.append)
    assert first["indexed"] == 1 and first["removed"] == 0
    again = reconcile(["docs"], settings, options, events.append)  # a restart's catch-up
    assert again["removed"] == 0 and again["indexed"] == 0
    engine = reader(tmp_path / "index")
    assert engine.search(SearchRequest(q=marker(7))).total == 1
    engine.close()
    os.unlink(odd)
    gone = reconcile(["docs"], settings, options, events.append)
    assert gone["removed"] == 1 and [e["event"] for e in events].count("removed") == 1
