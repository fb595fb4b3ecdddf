"""Index versions on disk: a swap never deletes what a server may still be reading."""

from __future__ import annotations

import os
import time

import pytest

from indexer import store


@pytest.fixture
def relative_index(tmp_path, monkeypatch):
    # the default `--index-dir var/index` is relative: the case that used to sweep the served version
    monkeypatch.chdir(tmp_path)
    return store.Path("var/index")


def _publish_new(index_dir):
    version = store.new_version(index_dir)
    store.mark_complete(version)
    store.publish(index_dir, version)
    return version.resolve()


def test_sweep_never_deletes_the_current_version_with_a_relative_path(relative_index):
    first = _publish_new(relative_index)
    removed = store.sweep(relative_index, keep_previous=0, grace_seconds=0)
    assert first.is_dir() and first not in removed
    assert store.current_version(relative_index) == first


def test_previous_version_survives_the_swap(relative_index):
    first = _publish_new(relative_index)
    second = _publish_new(relative_index)
    removed = store.sweep(relative_index, grace_seconds=0)
    assert removed == []
    assert first.is_dir() and second.is_dir()
    assert store.current_version(relative_index) == second


def test_old_versions_go_after_the_grace_period(relative_index):
    versions = [_publish_new(relative_index) for _ in range(4)]
    # within the grace period nothing superseded goes, however many swaps came after it
    assert store.sweep(relative_index) == []
    past = time.time() - store.GRACE_SECONDS - 10
    for age, v in enumerate(reversed(versions[:-1])):
        os.utime(v, (past - age, past - age))
    removed = store.sweep(relative_index)
    assert sorted(removed) == sorted(versions[:2])  # newest previous kept, current kept
    assert versions[2].is_dir() and versions[3].is_dir()


def test_sweep_unpublished_keeps_current_with_a_relative_path(relative_index):
    current = store.ensure_index_dir(relative_index)
    (current / ".complete").unlink()  # an index first built before markers existed
    store.sweep_unpublished(relative_index)
    assert current.is_dir()
