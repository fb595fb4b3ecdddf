"""Pieces of query semantics every engine shares, so that they cannot drift apart."""

from __future__ import annotations

import calendar
import functools
import time

RECENCY_SCALE = 10**10  # epoch seconds stay below it until the year 2286


def date_sort_key(issued: str) -> int:
    """'2020-03-29' → 20200329, '2021-09' → 20210900, '2021' → 20210000, '' → 0."""
    digits = issued.replace("-", "")
    return int(digits.ljust(8, "0")) if digits.isdigit() else 0


def stamp_indexed(doc) -> None:
    """Record when a document is first written (a document re-added within a run keeps its time)."""
    if not doc.indexed_at:
        doc.indexed_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def recency_key(issued: str, indexed_at: str) -> int:
    """Newest first by issue date, then by indexing time: one integer for engines that sort on one
    field (20200329 and 2026-12-01T22:00:00Z → 20200329 * 10^10 + epoch seconds; fits an i64)."""
    seconds = _epoch_seconds(indexed_at)
    return date_sort_key(issued) * RECENCY_SCALE + max(0, min(seconds, RECENCY_SCALE - 1))


# A run stamps one time per second while issue dates vary: cached by the stamp alone, strptime
# (a tenth of the writer's time once) runs about once per second of indexing.
@functools.lru_cache(maxsize=1024)
def _epoch_seconds(indexed_at: str) -> int:
    if not indexed_at:
        return 0
    try:
        return calendar.timegm(time.strptime(indexed_at[:19], "%Y-%m-%dT%H:%M:%S"))
    except ValueError:
        return 0


def lower_date_key(value: str) -> int:
    """Inclusive lower bound that keeps coarser dates inside their period: a range from 2021-01-01
    includes a document dated only '2021' (key 20210000) or '2021-01' (20210100)."""
    key = date_sort_key(value)
    if key % 10000 == 101:
        return key - 101
    if key % 100 == 1:
        return key - 1
    return key


def upper_date_key(value: str) -> int:
    """Inclusive upper bound: '2021' → 20211299, '2021-09' → 20210999."""
    digits = value.replace("-", "")
    if not digits.isdigit():
        return 99991231
    return int(digits.ljust(8, "9")) if len(digits) < 8 else int(digits[:8])
