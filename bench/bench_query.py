"""Query latency p50/p99 by kind of query, engine-level and through HTTP.

Queries are drawn reproducibly from the indexed corpus itself: syllable windows of article titles
(1–3 words), quoted windows of article bodies (phrases), words plus facet filters whose values come
from the index's own facet counts, document numbers as printed (`82/2019/NĐ-CP`), and the word
queries with their diacritics stripped. Every engine-level search asks for facets and highlights,
as the UI does. When VANBAN_ES_URL points at a node, the same documents are indexed into
Elasticsearch and the same queries run on it too (engine-level and through `vanban serve --engine
elasticsearch`), side by side with tantivy in the same run; otherwise those columns say why not.

    python -m bench.bench_query INDEX_DIR SOURCE_DIR [--quick]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import time
import urllib.parse
from pathlib import Path

from bench.common import Table, elasticsearch_engine, fmt, latency_summary, vanban_server

KINDS = ("words1", "words2", "words3", "phrase", "faceted", "number", "nodiac")
LABELS = {
    "words1": "1 word",
    "words2": "2 words",
    "words3": "3 words",
    "phrase": '"phrase" (2–4 syllables)',
    "faceted": "1–2 words + type/year filters",
    "number": "number lookup (82/2019/NĐ-CP)",
    "nodiac": "1–3 words, diacritics stripped",
    "all": "all kinds",
}
TARGET_P99_MS = 20.0
ES_INDEX_PREFIX = "vanban-bench-query"
ES_NOT_RUN = "not run"


def _window(text: str, rng: random.Random, n: int) -> str:
    """n consecutive syllables of `text` as typed (original characters, lowercased)."""
    from analyzers.tokenize import syllables

    tokens = syllables(text)
    if len(tokens) < n:
        return ""
    start = rng.randrange(len(tokens) - n + 1)
    return text[tokens[start].start : tokens[start + n - 1].end].lower()


def read_records(source_dir: Path, limit: int = 20000) -> list[dict]:
    records = []
    for path in sorted(Path(source_dir).glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                records.append(json.loads(line))
                if len(records) >= limit:
                    return records
    return records


def build_queries(
    records: list[dict], facet_values: dict[str, list[str]], per_kind: int, seed: int = 7
) -> list[dict]:
    """[{kind, q, filters}] — the same list for the engine and the HTTP runs."""
    from analyzers.fold import fold_diacritics

    rng = random.Random(seed)
    queries: list[dict] = []
    titled = [r for r in records if r.get("title")]

    def title_words(n: int) -> str:
        for _ in range(50):
            q = _window(rng.choice(titled)["title"], rng, n)
            if q:
                return q
        return ""

    for n in (1, 2, 3):
        queries += [{"kind": f"words{n}", "q": title_words(n), "filters": {}} for _ in range(per_kind)]
    for _ in range(per_kind):
        q = ""
        while not q:
            q = _window(rng.choice(records)["text"], rng, rng.randint(2, 4))
        queries.append({"kind": "phrase", "q": f'"{q}"', "filters": {}})
    types = facet_values.get("type") or []
    years = facet_values.get("year") or []
    for i in range(per_kind):
        filters = {}
        if types:
            filters["type"] = [rng.choice(types)]
        if years and i % 2:
            filters["year"] = [rng.choice(years)]
        queries.append({"kind": "faceted", "q": title_words(rng.randint(1, 2)), "filters": filters})
    numbers = sorted({r["number"] for r in records if r.get("number")})
    for _ in range(per_kind):
        queries.append({"kind": "number", "q": rng.choice(numbers) if numbers else "", "filters": {}})
    words = [q for q in queries if q["kind"].startswith("words")]
    for q in rng.sample(words, min(per_kind, len(words))):
        queries.append({"kind": "nodiac", "q": fold_diacritics(q["q"]), "filters": {}})
    return [q for q in queries if q["q"]]


def facet_values(engine) -> dict[str, list[str]]:
    """The most common values of each facet in the index (what a user clicks on)."""
    from indexer.engines.base import SearchRequest

    response = engine.search(SearchRequest(q="", per_page=1, facet_size=15))
    return {key: [v.value for v in values if v.count] for key, values in response.facets.items()}


def _summaries(samples: dict[str, list[float]]) -> dict[str, dict]:
    out = {kind: latency_summary(values) for kind, values in samples.items() if values}
    out["all"] = latency_summary([v for values in samples.values() for v in values])
    return out


def engine_latency(engine, queries: list[dict], passes: int = 3) -> dict:
    """Warm once, then `passes` timed passes; hits counted so an empty index cannot look fast."""
    from indexer.engines.base import SearchRequest

    requests = [(q["kind"], SearchRequest(q=q["q"], filters=q["filters"])) for q in queries]
    for _, request in requests:
        engine.search(request)
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    hits: dict[str, int] = {kind: 0 for kind in KINDS}
    for _ in range(passes):
        for kind, request in requests:
            started = time.perf_counter()
            response = engine.search(request)
            samples[kind].append((time.perf_counter() - started) * 1000)
            hits[kind] += bool(response.total)
    out = _summaries(samples)
    for kind in KINDS:
        if kind in out:
            out[kind]["with_hits"] = round(hits[kind] / (len(samples[kind]) or 1), 3)
    return out


def search_path(query: dict) -> str:
    pairs = [("q", query["q"])] + [(k, v) for k, values in query["filters"].items() for v in values]
    return "/api/search?" + urllib.parse.urlencode(pairs)


def http_latency(base_url: str, queries: list[dict], passes: int = 1) -> dict:
    """One keep-alive connection, requests in sequence: latency as one user sees it."""
    parsed = urllib.parse.urlparse(base_url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    errors = 0
    try:
        for q in queries:  # warm-up
            conn.request("GET", search_path(q))
            conn.getresponse().read()
        for _ in range(passes):
            for q in queries:
                started = time.perf_counter()
                conn.request("GET", search_path(q))
                response = conn.getresponse()
                response.read()
                samples[q["kind"]].append((time.perf_counter() - started) * 1000)
                errors += response.status != 200
    finally:
        conn.close()
    out = _summaries(samples)
    out["errors"] = errors
    return out


def run(index_dir: Path, source_dir: Path, quick: bool = False, with_http: bool = True, log=print) -> dict:
    from indexer.engines.tantivy_engine import TantivyEngine

    engine = TantivyEngine(index_dir, segmenter="none")
    try:
        per_kind = 30 if quick else 150
        queries = build_queries(read_records(source_dir), facet_values(engine), per_kind)
        log(f"query: {len(queries)} queries, engine-level …")
        result = {
            "queries": len(queries),
            "engine": engine_latency(engine, queries, passes=1 if quick else 3),
        }
        result["documents"] = engine.stats()["documents"]
    finally:
        engine.close()
    if with_http:
        log("query: the same queries through HTTP (vanban serve) …")
        with vanban_server(index_dir) as base:
            result["http"] = http_latency(base, queries)
    result.update(elasticsearch_side(source_dir, queries, quick, with_http, log))
    result["examples"] = {kind: [q["q"] for q in queries if q["kind"] == kind][:3] for kind in KINDS}
    return result


def elasticsearch_side(source_dir: Path, queries: list[dict], quick: bool, with_http: bool, log) -> dict:
    """The same documents and queries on Elasticsearch, or why not ({"es_skipped": reason})."""
    es, reason = elasticsearch_engine([source_dir], ES_INDEX_PREFIX, log=log)
    if es is None:
        return {"es_skipped": reason}
    try:
        log("query: the same queries on Elasticsearch, engine-level …")
        out = {"es_engine": engine_latency(es, queries, passes=1 if quick else 3)}
        out["es_documents"] = es.stats()["documents"]
    finally:
        es.close()
    if with_http:
        log("query: the same queries through HTTP on Elasticsearch (vanban serve --engine elasticsearch) …")
        with vanban_server(source_dir, es_index_prefix=ES_INDEX_PREFIX) as base:
            out["es_http"] = http_latency(base, queries)
    return out


def table(result: dict) -> str:
    rows = []
    engine, http_ = result["engine"], result.get("http", {})
    es_engine, es_http = result.get("es_engine", {}), result.get("es_http", {})
    for kind in (*KINDS, "all"):
        if kind not in engine:
            continue
        e = engine[kind]
        h = http_.get(kind, {})
        ok = "✓" if e["p99_ms"] < TARGET_P99_MS else "✗"
        row = [
            LABELS[kind],
            fmt(e["p50_ms"], 2),
            f"{fmt(e['p99_ms'], 2)} {ok}",
            fmt(h.get("p50_ms"), 2),
            fmt(h.get("p99_ms"), 2),
        ]
        if es_engine:
            ee, eh = es_engine.get(kind, {}), es_http.get(kind, {})
            row += [fmt(ee.get("p50_ms"), 2), fmt(ee.get("p99_ms"), 2), fmt(eh.get("p50_ms"), 2)]
            row += [fmt(eh.get("p99_ms"), 2)]
        row += [
            f"{e['with_hits']:.0%}" if "with_hits" in e else "",
            "; ".join(f"`{x}`" for x in result["examples"].get(kind, [])),
        ]
        rows.append(row)
    note = (
        f"{result['queries']} distinct queries over {result['documents']:,} documents; engine-level: "
        f"`engine.search` with facets (7) and highlights, top 10; HTTP: `GET /api/search` on `vanban serve` "
        f"(one worker), one keep-alive connection"
        + (f", {http_.get('errors', 0)} errors" if http_ else "")
        + ".\n\n"
    )
    if es_engine:
        note += (
            f"Elasticsearch side by side, same queries in the same run over its own copy of the documents "
            f"({result.get('es_documents', 0):,})"
            + (f", HTTP {es_http.get('errors', 0)} errors" if es_http else "")
            + ".\n\n"
        )
    else:
        note += f"Elasticsearch: {result.get('es_skipped', ES_NOT_RUN)}.\n\n"
    columns = ["query kind", "engine p50 ms", "engine p99 ms (target < 20)", "HTTP p50 ms", "HTTP p99 ms"]
    if es_engine:
        columns += ["ES engine p50 ms", "ES engine p99 ms", "ES HTTP p50 ms", "ES HTTP p99 ms"]
    return note + Table([*columns, "with hits", "examples"], rows).markdown()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_query")
    parser.add_argument("index_dir", type=Path)
    parser.add_argument("source_dir", type=Path, help="the jsonl shards the index was built from")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-http", action="store_true")
    args = parser.parse_args()
    print(table(run(args.index_dir, args.source_dir, quick=args.quick, with_http=not args.no_http)))


if __name__ == "__main__":
    main()
