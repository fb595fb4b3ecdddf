"""The document page's text rendering on huge documents (issue 14, item 8: `/van-ban/<19 MB doc>?q=phong`
cost 128 s of CPU): generated texts of growing size, as many lines or as one line, rendered with a
query matching every sentence. The time per MB must stay flat (linear), not grow with the size.

    .venv/bin/python -m bench.bench_docpage [--sizes 1,4,19] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import Table, fmt  # noqa: E402

SENTENCE = "Công tác phòng, chống dịch bệnh tại địa phương được triển khai nghiêm túc theo chỉ đạo. "


def make_document(size_mb: float, one_line: bool, suffix: str = ".txt"):
    """A document of about `size_mb` MB: numbered clauses of three sentences each."""
    from indexer.model import Clause, Document

    pieces, clauses, at = [], [], 0
    while at < size_mb * 1_000_000:
        piece = f"{len(pieces) + 1}. " + SENTENCE * 3
        clauses.append(Clause(str(len(pieces) + 1), f"{len(pieces) + 1}.", at, at + len(piece)))
        pieces.append(piece)
        at += len(piece) + 1
    text = (" " if one_line else "\n").join(pieces)
    return Document(id="bench", source="bench" + suffix, text=text, clauses=clauses)


def measure(doc, query: str, rounds: int) -> dict:
    from analyzers.query import parse_query
    from search_app.document_view import render_text

    parsed = parse_query(query)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        rendered = render_text(doc, parsed)
        times.append(time.perf_counter() - started)
    return {"seconds": statistics.median(times), "marks": rendered.matches, "more": rendered.more}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,4,19", help="document sizes in MB")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--query", default="phong")
    args = parser.parse_args(argv)
    table = Table(["size", "layout", "clauses", "marks drawn", "render s (median)", "s per MB"], [])
    for size in [float(s) for s in args.sizes.split(",")]:
        for one_line, suffix, label in (
            (False, ".txt", "plain, lines"),
            (True, ".txt", "plain, one line"),
            (False, ".md", "markdown"),
        ):
            doc = make_document(size, one_line, suffix)
            rounds = args.rounds if size < 10 else 1
            result = measure(doc, args.query, rounds)
            mb = len(doc.text.encode()) / 1_000_000
            marks = f"{result['marks']}{'+' if result['more'] else ''}"
            table.rows.append(
                [
                    f"{mb:.1f} MB",
                    label,
                    fmt(len(doc.clauses)),
                    marks,
                    fmt(result["seconds"], 2),
                    fmt(result["seconds"] / mb, 3),
                ]
            )
            print(f"{size} MB {label}: {result['seconds']:.2f}s", file=sys.stderr, flush=True)
    print(table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
