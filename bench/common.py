"""Shared helpers of the benchmarks: corpus loading, jsonl shards, timing, machine facts, results.

Everything here is plain I/O or pure arithmetic; the benchmarks themselves decide what to measure.
Corpora are read from ../shared/corpus (relative to the repository root) and never copied into it.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
PHAPDIEN = CORPUS / "phapdien" / "articles.jsonl.gz"
ALQAC = CORPUS / "alqac2022"
RESULTS = REPO / "bench" / "results"

# The pipeline parallelises per file, and runs single-process below MIN_FILES_FOR_WORKERS files:
# a corpus handed over as one jsonl would be analysed on one core. Shard it.
DEFAULT_SHARDS = 32


class CorpusMissing(RuntimeError):
    """The shared corpus is not present (outside this workplace): the bench is skipped."""


# -- corpus -------------------------------------------------------------------------------------


def iso_date(day_month_year: str | None) -> str:
    """'03/12/2004' → '2004-12-03'; anything else → ''."""
    parts = (day_month_year or "").strip().split("/")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return ""
    day, month, year = (int(p) for p in parts)
    if not (1 <= day <= 31 and 1 <= month <= 12 and 1000 <= year <= 9999):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def phapdien_record(row: dict) -> dict:
    """One article of the legal code → one record in the jsonl source format (given metadata)."""
    record = {"id": row["id"], "text": row["text"]}
    for ours, theirs in (
        ("number", "doc_number"),
        ("doc_type", "doc_type"),
        ("issuer", "issuer"),
        ("title", "title"),
    ):
        if row.get(theirs):
            record[ours] = str(row[theirs]).strip()
    issued = iso_date(row.get("doc_date"))
    if issued:
        record["issued"] = issued
    return record


def load_phapdien(limit: int | None = None, path: Path = PHAPDIEN) -> list[dict]:
    """Rows of the legal corpus that have body text, in file order, as jsonl records."""
    if not path.exists():
        raise CorpusMissing(f"../shared/corpus not present: {path}")
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row.get("text") and row["text"].strip():
                records.append(phapdien_record(row))
                if limit is not None and len(records) >= limit:
                    break
    return records


def subsample(records: list[dict], n: int, seed: int = 8) -> list[dict]:
    """A reproducible random subsample, kept in corpus order."""
    if n >= len(records):
        return list(records)
    picked = sorted(random.Random(seed).sample(range(len(records)), n))
    return [records[i] for i in picked]


def write_jsonl_shards(records: list[dict], folder: Path, shards: int = DEFAULT_SHARDS) -> list[Path]:
    """Write records as `shards` jsonl files (round-robin keeps shard sizes even)."""
    folder.mkdir(parents=True, exist_ok=True)
    shards = max(1, min(shards, len(records)))
    paths = [folder / f"part-{n:03d}.jsonl" for n in range(shards)]
    handles = [p.open("w", encoding="utf-8") for p in paths]
    try:
        for n, record in enumerate(records):
            handles[n % shards].write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        for h in handles:
            h.close()
    return paths


def text_bytes(records: Iterable[dict]) -> int:
    return sum(len(r["text"].encode("utf-8")) for r in records)


def load_alqac(folder: Path = ALQAC) -> tuple[list[dict], list[dict]]:
    """ALQAC 2022 → (article records in the jsonl format, questions with their gold ids)."""
    law_file, question_file = folder / "law.json", folder / "question.json"
    if not law_file.exists() or not question_file.exists():
        raise CorpusMissing(f"../shared/corpus not present: {folder}")
    laws = json.loads(law_file.read_text(encoding="utf-8"))
    articles = []
    for law in laws:
        for article in law["articles"]:
            text = article["text"]
            title = text.split("\n", 1)[0].strip()
            articles.append(
                {"id": alqac_id(law["id"], article["id"]), "text": text, "number": law["id"], "title": title}
            )
    questions = [
        {
            "id": q["id"],
            "text": q["text"],
            "gold": {alqac_id(a["law_id"], a["article_id"]) for a in q["relevant_articles"]},
        }
        for q in json.loads(question_file.read_text(encoding="utf-8"))
    ]
    return articles, questions


def alqac_id(law_id: str, article_id: str) -> str:
    return f"{law_id}#{article_id}"


# -- timing and statistics ---------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) — no interpolation across a gap between samples."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def latency_summary(samples_ms: list[float]) -> dict:
    return {
        "n": len(samples_ms),
        "p50_ms": round(percentile(samples_ms, 50), 3),
        "p99_ms": round(percentile(samples_ms, 99), 3),
        "mean_ms": round(statistics.fmean(samples_ms), 3) if samples_ms else float("nan"),
    }


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def peak_rss_mb() -> dict:
    """Peak resident memory of this process and of its largest reaped child (Linux: kB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(own, 1), "largest_child_mb": round(children, 1)}


def dir_size(path: Path) -> int:
    path = Path(os.path.realpath(path))
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run_json_subprocess(module: str, args: list[str], timeout: float) -> dict:
    """Run `python -m module args` and read the JSON object it prints on its last stdout line.

    Measured runs go into a fresh process so that peak memory is theirs alone.
    """
    proc = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(
            f"{module} {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}"
        )
    return json.loads(lines[-1])


# -- machine and results -----------------------------------------------------------------------


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        import tantivy

        tantivy_version = getattr(tantivy, "__version__", "")
    except ImportError:  # pragma: no cover
        tantivy_version = ""
    if not tantivy_version:
        from importlib.metadata import version

        tantivy_version = version("tantivy")
    return {
        "nproc": os.cpu_count() or 1,
        "cpu": cpu or platform.processor(),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "tantivy": tantivy_version,
        "platform": platform.platform(),
    }


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


@dataclass
class Table:
    """A markdown table built row by row."""

    headers: list[str]
    rows: list[list[str]]

    def markdown(self) -> str:
        lines = ["| " + " | ".join(self.headers) + " |", "|" + "---|" * len(self.headers)]
        lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in self.rows]
        return "\n".join(lines)


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if value != value:  # NaN
            return "–"
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def mb(n_bytes: int | float) -> float:
    return n_bytes / 1_000_000


# -- a served index ----------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children alive now (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


ES_SKIPPED = "skipped: no node (set VANBAN_ES_URL)"


def elasticsearch_engine(sources: list[Path], index_prefix: str, segmenter: str = "none", log=print):
    """(engine, "") over `sources` indexed into Elasticsearch under `index_prefix` when VANBAN_ES_URL
    points at a node, else (None, the reason): the side-by-side rows of a section are then skipped."""
    if not os.environ.get("VANBAN_ES_URL"):
        return None, ES_SKIPPED
    from indexer.engines import open_engine
    from indexer.reindex import reindex
    from indexer.settings import Settings

    settings = Settings.load(engine="elasticsearch", segmenter=segmenter, es_index_prefix=index_prefix)
    log(f"filling Elasticsearch ({index_prefix}) with the same documents …")
    reindex(list(sources), settings)
    return open_engine(settings), ""


@contextmanager
def vanban_server(
    index_dir: Path,
    threads: int = 4,
    workers: int = 1,
    startup_timeout: float = 90.0,
    info: dict | None = None,
    cwd: Path | None = None,
    es_index_prefix: str = "",
) -> Iterator[str]:
    """`vanban serve --workers N` (gunicorn) on 127.0.0.1 in a subprocess; yields its base URL
    (`info`, when given, receives the server's "pid"). `cwd`: where it runs (a relative index_dir is
    then relative to it, as an operator's default `var/index` is). `es_index_prefix`: serve the
    Elasticsearch indices of that prefix (at VANBAN_ES_URL) instead of the tantivy index."""
    import urllib.error
    import urllib.request

    port = free_port()
    cwd = cwd or REPO
    log = open(cwd / Path(index_dir).parent / f"serve-{port}.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "search_app.cli",
            "serve",
            "--index-dir",
            str(index_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--threads",
            str(threads),
            "--workers",
            str(workers),
            "--no-access-log",
            *(["--engine", "elasticsearch"] if es_index_prefix else []),
        ],
        cwd=cwd or REPO,
        env={**os.environ, "VANBAN_ES_INDEX_PREFIX": es_index_prefix} if es_index_prefix else None,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    if info is not None:
        info["pid"] = proc.pid
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"vanban serve exited with {proc.returncode}; see {log.name}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"vanban serve did not answer /healthz in {startup_timeout:.0f}s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
