"""Dates as Vietnamese documents print them, cut to the precision the text gives.

`ngày 29 tháng 3 năm 2020` → 2020-03-29 (day); `ngày   tháng 9 năm 2021` (left blank for the
signer to fill in) → 2021-09 (month); `07/5/2021`, `19-02-2020`, `22.3.20` (a receipt stamp).
Patterns run on folded text (same length as the NFC original), so OCR that lost diacritics
(`ngay 29 thang 3 nam 2020`) still reads.
"""

from __future__ import annotations

import datetime as dt
import re

from analyzers.fold import fold_diacritics

# the day may be blank ("ngày   tháng 9") or OCR-dotted ("ngày 22. tháng 3. năm 2020")
WORDY = re.compile(
    r"(?i)ngay\s*(?P<d>\d{1,2})?\s*[.,]?\s*thang\s*(?P<m>\d{1,2})\s*[.,]?\s*nam\s*(?P<y>\d{4})"
)
NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4}|\d{2})(?![\d/])"
)
MONTH_ONLY = re.compile(r"(?i)thang\s*(?P<m>\d{1,2})\s*(?:/|nam)\s*(?P<y>\d{4})")


def iso(year: int, month: int | None = None, day: int | None = None) -> tuple[str, str]:
    """(ISO string cut to precision, precision) or ('', 'unknown') when the date cannot exist."""
    if not 1900 <= year <= 2100:
        return "", "unknown"
    if month is None:
        return f"{year:04d}", "year"
    if not 1 <= month <= 12:
        return "", "unknown"
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    try:
        dt.date(year, month, day)
    except ValueError:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}-{month:02d}-{day:02d}", "day"


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def parse_date(text: str, folded: str | None = None) -> tuple[str, str, int, int]:
    """The first date in text: (iso, precision, start, end); ('', 'unknown', -1, -1) when none."""
    folded = fold_diacritics(text) if folded is None else folded
    best = None
    for pattern in (WORDY, NUMERIC):
        match = pattern.search(folded)
        if match and (best is None or match.start() < best.start()):
            best = match
    if best is None:
        return "", "unknown", -1, -1
    day = best.group("d")
    value, precision = iso(_year(best.group("y")), int(best.group("m")), int(day) if day else None)
    return value, precision, best.start(), best.end()


def date_after(text: str, folded: str, pos: int, window: int = 40) -> tuple[str, int]:
    """A date starting within `window` characters after pos ('ngày 24/3/2020', ', ngày 19/3/2020')."""
    chunk = folded[pos : pos + window + 30]
    match = re.match(r"[\s,(]*(?:ngay|ngay ban hanh)?\s*", chunk, re.I)
    start = match.end() if match else 0
    for pattern in (WORDY, NUMERIC):
        found = pattern.match(chunk, start) or (
            pattern.match(chunk, max(0, start - 5)) if pattern is WORDY else None
        )
        if found and found.start() <= window:
            day = found.group("d")
            value, _ = iso(_year(found.group("y")), int(found.group("m")), int(day) if day else None)
            return value, pos + found.end()
    return "", pos
