"""Copy groups at query time: which copy stands in for its group.

A document held in several files is one copy group, shown through its canonical member. Exclusions
and filters apply to each member first (issue 12: `ASEAN -"Lai Châu"` must still find the Kiên
Giang copy when the canonical member is the Lai Châu one); a group whose canonical member is out
while another member matches is shown through its best matching member.
"""

from __future__ import annotations

from collections.abc import Iterable

COPY_PROBE_LIMIT = 1000  # non-canonical members examined per query (copies are a small minority)


def copy_group(doc) -> str:
    """One key shared by a document and all its copies (their id lists are symmetric)."""
    return min([doc.id, *doc.copies])


def stand_ins(matching: Iterable[tuple[str, str]], covered_groups: set[str]) -> tuple[str, ...]:
    """From non-canonical members matching the query, best first, as (id, group): the first member
    of each group whose canonical member does not match."""
    chosen: dict[str, str] = {}
    for doc_id, group in matching:
        if group not in covered_groups and group not in chosen:
            chosen[group] = doc_id
    return tuple(chosen.values())
