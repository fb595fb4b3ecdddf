"""Every regular expression of the parser and the analysis chain, pumped with long runs of its own
characters, answers in bounded time (no catastrophic backtracking on hostile input).

A nested quantifier such as `[\\s|-]*-{3,}[\\s|-]*` turns a markdown table rule of 800 dashes
followed by one more cell into minutes of backtracking; this test finds such patterns before a file does.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import pytest

PACKAGES = ["analyzers", "indexer", "search_app"]
RUN = 4000  # characters per pumped run: quadratic patterns stay well under the bound, exponential ones do not
BOUND_S = 0.5
# characters that classes such as \s, \d, \w and [^...] stand for
CLASS_SAMPLES = " \t1aĐđ-|.:/,*_#()x\u0300"
# patterns the code only ever applies with .match at a known position: a scan (search) is not their use
MATCH_ONLY = {"indexer.parse.citations._OF"}


def _modules():
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            if info.name.endswith("__main__") or ".cli" in info.name:
                continue
            yield importlib.import_module(info.name)


def _patterns():
    seen = {}
    for module in _modules():
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and value.pattern not in seen:
                seen[value.pattern] = (f"{module.__name__}.{name}", value)
    # patterns built from config at first use
    from indexer.parse import citations, doctypes, gazetteer

    built = {
        "indexer.parse.doctypes.type_name_pattern()": doctypes.type_name_pattern(),
        "indexer.parse.citations._intro_pattern()": citations._intro_pattern(),
        "indexer.parse.gazetteer.text_pattern": gazetteer.gazetteer().text_pattern,
    }
    for name, value in built.items():
        seen.setdefault(value.pattern, (name, value))
    return sorted(seen.values(), key=lambda item: item[0])


def _pumps(pattern: re.Pattern) -> list[str]:
    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
    chars = sorted({ch for ch in source if ch.isprintable()} | set(CLASS_SAMPLES))
    pumps = []
    for ch in chars:
        run = ch * RUN
        pumps += [run, run + "x\n", "|" + run + "|x", "Số: " + run + "!"]
    for a, b in (("-", " "), (" ", "|"), ("a", " "), ("1", "."), ("1", "/"), ("a", "-"), ("A", " ")):
        pumps.append((a + b) * (RUN // 2) + "!")
    return pumps


PATTERNS = _patterns()


def test_patterns_found():
    # the walk must see the parser's patterns, or the pump below proves nothing
    names = {name for name, _ in PATTERNS}
    assert "indexer.parse.citations._ISSUER_STOP" in names
    assert len(PATTERNS) > 50


@pytest.mark.parametrize("name,pattern", PATTERNS, ids=[name for name, _ in PATTERNS])
def test_pattern_is_linear_enough(name, pattern):
    is_bytes = isinstance(pattern.pattern, bytes)
    slowest = (0.0, "")
    for pump in _pumps(pattern):
        subject = pump.encode("utf-8") if is_bytes else pump
        started = time.perf_counter()
        if name not in MATCH_ONLY:
            pattern.search(subject)
        pattern.match(subject)
        elapsed = time.perf_counter() - started
        if elapsed > slowest[0]:
            slowest = (elapsed, pump[:20])
        assert elapsed < BOUND_S, f"{name} took {elapsed:.2f}s on {pump[:30]!r}… ({len(pump)} chars)"


def test_table_rule_with_trailing_cell_is_fast():
    from indexer.parse import parse_documents

    started = time.perf_counter()
    parse_documents("|" + "-" * 5000 + "|x\n", "t.md")
    assert time.perf_counter() - started < 2.0
