"""The generated corpus of broken files, read in one batch: every file gets its expected outcome."""

from __future__ import annotations

import re

import pytest

from indexer.errors import SourceError
from indexer.sources import iter_source_files, read_source
from tests.broken_files import Case, write_broken_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("broken")
    return root, write_broken_corpus(root)


def _outcome(path) -> tuple[str, list[str], str]:
    """('fail', [reason], '') or ('ok'/'warn', warnings + errors, text)."""
    try:
        records = read_source(path)
    except SourceError as exc:
        assert exc.path == str(path)
        return "fail", [exc.reason], ""
    messages = [m for record in records for m in record.warnings + record.errors]
    return ("warn" if messages else "ok"), messages, "\n".join(record.text for record in records)


def test_walk_yields_every_case_and_nothing_hidden(corpus):
    root, cases = corpus
    found = [path.relative_to(root).as_posix() for path in iter_source_files([root])]
    assert found == sorted(case.name for case in cases)


def test_every_file_gets_its_expected_outcome(corpus):
    root, cases = corpus
    wrong: list[str] = []
    for case in cases:
        outcome, messages, text = _outcome(root / case.name)
        if outcome != case.expect:
            wrong.append(f"{case.name}: expected {case.expect}, got {outcome} {messages}")
        elif case.pattern and not any(re.search(case.pattern, m) for m in messages):
            wrong.append(f"{case.name}: no message matches {case.pattern!r}: {messages}")
        elif case.marker and case.marker not in text:
            wrong.append(f"{case.name}: marker {case.marker} not in the text")
        elif outcome == "fail" and len(messages[0]) > 100:
            wrong.append(f"{case.name}: reason too long: {messages[0]}")
    assert not wrong, "\n".join(wrong)


def test_corpus_covers_the_brief(corpus):
    _, cases = corpus
    by_name = {case.name: case for case in cases}
    for name in [
        "empty.txt",
        "noise.txt",
        "big_noise.txt",
        "truncated.docx",
        "truncated.pdf",
        "dangling.txt",
        "pipe.txt",
        "utf16_without_bom.txt",
        "nul_inside.txt",
        "russian_cp1251.txt",
        "image_named.txt",
    ]:
        assert by_name[name].expect == "fail", name
    good = [case for case in cases if case.expect != "fail"]
    assert len({case.marker for case in good}) == len(good) >= 12
    assert all(isinstance(case, Case) for case in cases)
