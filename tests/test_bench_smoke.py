"""The bench helpers on a handful of documents, so they cannot rot. Nothing here is timed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench import bench_indexing, bench_query, bench_ranking, bench_scale, common, load
from indexer.engines.ranking import adjacent_pairs, minimum_should_match
from indexer.engines.tantivy_engine import TantivyEngine
from indexer.model import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

# Real articles (Bộ luật Hình sự, Luật Đất đai, Nghị định 82/2019/NĐ-CP), in the jsonl source format.
ARTICLES = [
    {
        "id": "100/2015/QH13#418",
        "number": "100/2015/QH13",
        "doc_type": "Luật",
        "issued": "2015-11-27",
        "title": "Tội chiếm đoạt hoặc hủy hoại di vật của tử sĩ",
        "text": "Tội chiếm đoạt hoặc hủy hoại di vật của tử sĩ\n\n1. Người nào chiếm đoạt hoặc hủy hoại "
        "di vật của tử sĩ, thì bị phạt cải tạo không giam giữ đến 03 năm hoặc phạt tù từ 06 tháng đến "
        "03 năm.\n\n2. Phạm tội thuộc một trong các trường hợp sau đây, thì bị phạt tù từ 03 năm đến 07 năm.",
    },
    {
        "id": "45/2013/QH13#3",
        "number": "45/2013/QH13",
        "doc_type": "Luật",
        "issued": "2013-11-29",
        "title": "Giải thích từ ngữ",
        "text": "Giải thích từ ngữ\n\nTrong Luật này, các từ ngữ dưới đây được hiểu như sau:\n\n"
        "1. Thửa đất là phần diện tích đất được giới hạn bởi ranh giới xác định trên thực địa "
        "hoặc được mô tả trên hồ sơ.",
    },
    {
        "id": "82/2019/NĐ-CP#1",
        "number": "82/2019/NĐ-CP",
        "doc_type": "Nghị định",
        "issued": "2019-11-12",
        "title": "Phạm vi điều chỉnh",
        "text": "Phạm vi điều chỉnh\n\nNghị định này quy định về nhập khẩu, phá dỡ tàu biển đã qua sử dụng.",
    },
    {
        "id": "91/2015/QH13#2",
        "number": "91/2015/QH13",
        "doc_type": "Luật",
        "issued": "2015-11-24",
        "title": "Công nhận, tôn trọng, bảo vệ và bảo đảm quyền dân sự",
        "text": "Công nhận, tôn trọng, bảo vệ và bảo đảm quyền dân sự\n\n1. Ở nước Cộng hòa xã hội chủ "
        "nghĩa Việt Nam, các quyền dân sự được công nhận, tôn trọng, bảo vệ và bảo đảm theo Hiến pháp.",
    },
]


@pytest.mark.parametrize(
    "given, expected",
    [("03/12/2004", "2004-12-03"), ("1/7/2005", "2005-07-01"), ("", ""), (None, ""), ("31/13/2004", "")],
)
def test_iso_date(given, expected):
    assert common.iso_date(given) == expected


def test_phapdien_row_becomes_a_jsonl_record_with_given_metadata():
    row = {
        "id": "1.1.LQ.1",
        "title": "Phạm vi điều chỉnh",
        "doc_number": "32/2004/QH11",
        "doc_type": "Luật",
        "doc_date": "03/12/2004",
        "issuer": None,
        "text": "Luật này quy định về chính sách an ninh quốc gia.",
    }
    assert common.phapdien_record(row) == {
        "id": "1.1.LQ.1",
        "text": "Luật này quy định về chính sách an ninh quốc gia.",
        "number": "32/2004/QH11",
        "doc_type": "Luật",
        "title": "Phạm vi điều chỉnh",
        "issued": "2004-12-03",
    }


@pytest.mark.parametrize(
    "values, p, expected",
    [
        ([5.0, 1.0, 3.0], 50, 3.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
        (list(map(float, range(1, 101))), 99, 99.0),
    ],
)
def test_percentile_is_nearest_rank(values, p, expected):
    assert common.percentile(values, p) == expected


def test_shards_round_trip_through_read_records(tmp_path):
    paths = common.write_jsonl_shards(ARTICLES, tmp_path / "src", shards=3)
    assert len(paths) == 3
    assert sorted(r["id"] for r in bench_query.read_records(tmp_path / "src")) == sorted(
        a["id"] for a in ARTICLES
    )


def test_metrics_recall_and_mrr():
    golds = [{"a"}, {"b"}, {"c", "d"}]
    rankings = [["a", "x"], ["x", "y", "b"], []]
    m = bench_ranking.metrics(rankings, golds)
    assert m["recall@1"] == pytest.approx(1 / 3)
    assert m["recall@5"] == pytest.approx(2 / 3)
    assert m["mrr@10"] == pytest.approx((1 + 1 / 3) / 3)
    assert m["answered"] == pytest.approx(2 / 3)


def test_alqac_questions_are_split_one_in_three_held_out():
    golds = [{"a"}, {"b"}, {"c"}, {"d"}, {"e"}, {"f"}]
    rankings = [["a"], ["b"], ["x"], ["d"], ["e"], ["x"]]  # the held-out ones (3rd, 6th) miss
    scores = bench_ranking.split_metrics(rankings, golds)
    assert scores["held-out"]["n"] == 2 and scores["held-out"]["mrr@10"] == 0.0
    assert scores["tuned"]["n"] == 4 and scores["tuned"]["mrr@10"] == 1.0
    assert scores["all"]["mrr@10"] == pytest.approx(4 / 6)
    rows = [
        {"system": system, "questions": "typed", "split": split, **metrics}
        for system in ("bm25s (plain)", "vanban match=auto, segmenter none")
        for split, metrics in scores.items()
    ]
    text = bench_ranking.alqac_table({"articles": 6, "questions": 6, "rows": rows})
    assert "| vanban match=auto, segmenter none | typed | 0.000 | ≥ 0.9 | ✗ |" in text


def test_bm25_baseline_ranks_the_article_about_the_question_first():
    rankings = bench_ranking.bm25_rankings(
        ARTICLES, ["Chiếm đoạt di vật của tử sĩ bị phạt tù bao nhiêu năm?"]
    )
    assert rankings[0][0] == "100/2015/QH13#418"


@pytest.mark.parametrize("groups, expected", [(1, 1), (2, 1), (4, 1), (8, 2), (14, 3), (32, 8)])
def test_minimum_should_match(groups, expected):
    assert minimum_should_match(groups) == expected


def test_adjacent_pairs_follow_the_query_and_stop_at_or_groups():
    from analyzers.query import parse_query

    pairs = [" ".join(t.text for t in p.terms) for p in adjacent_pairs(parse_query("phạt tù F1 OR F2 tử sĩ"))]
    assert pairs == ["phạt tù", "tử sĩ"]


@pytest.fixture(scope="module")
def small_engine(tmp_path_factory):
    engine = TantivyEngine(tmp_path_factory.mktemp("idx"), segmenter="none", create=True)
    fields = ("id", "text", "number", "doc_type", "issued", "title")
    engine.add([Document(**{k: a[k] for k in fields}) for a in ARTICLES])
    engine.commit()
    yield engine
    engine.close()


def test_engine_rankings_use_the_match_mode(small_engine):
    question = "Chiếm đoạt di vật của tử sĩ có thể bị phạt tù lên đến bao nhiêu năm?"
    assert bench_ranking.engine_rankings(small_engine, [question], "all") == [[]]
    assert bench_ranking.engine_rankings(small_engine, [question], "auto")[0][0] == "100/2015/QH13#418"


def test_query_sets_and_engine_latency_helpers(small_engine):
    queries = bench_query.build_queries(ARTICLES, bench_query.facet_values(small_engine), per_kind=4)
    kinds = {q["kind"] for q in queries}
    assert kinds == set(bench_query.KINDS)
    assert any(q["q"] in {a["number"] for a in ARTICLES} for q in queries if q["kind"] == "number")
    assert all(q["q"].startswith('"') for q in queries if q["kind"] == "phrase")
    assert all(q["q"].isascii() for q in queries if q["kind"] == "nodiac")
    result = bench_query.engine_latency(small_engine, queries, passes=1)
    assert result["all"]["n"] == len(queries)
    assert result["phrase"]["with_hits"] == 1.0  # phrases are cut from the indexed texts
    assert "q=" in bench_query.search_path(queries[0])


def test_raw_tantivy_ingestion(tmp_path):
    common.write_jsonl_shards(ARTICLES, tmp_path / "src", shards=2)
    result = bench_indexing.measure_raw_tantivy(tmp_path / "src", tmp_path / "raw")
    assert result["documents"] == len(ARTICLES)
    assert result["index_bytes"] > 0


def _parser_present() -> bool:
    try:
        from indexer.parse import parse_documents  # noqa: F401
    except ImportError:
        return False
    return True


needs_parser = pytest.mark.skipif(not _parser_present(), reason="indexer.parse.parse_documents not there yet")


@needs_parser
def test_pipeline_run_and_replicated_scale_build(tmp_path):
    src = tmp_path / "src"
    common.write_jsonl_shards(ARTICLES, src, shards=2)
    result = bench_indexing.measure_pipeline(src, tmp_path / "index", "none", workers=1)
    assert (result["documents"], result["failed"]) == (len(ARTICLES), 0)
    points = bench_scale.build_replicated(src, {1: tmp_path / "one", 2: tmp_path / "scaled"}, workers=1)
    assert [(p["documents"], p["failed_files"]) for p in points] == [
        (len(ARTICLES), 0),
        (2 * len(ARTICLES), 0),
    ]
    from indexer.engines.tantivy_engine import TantivyEngine

    engine = TantivyEngine(tmp_path / "scaled", segmenter="none")
    try:
        from indexer.sources.jsonl import url_safe_id

        # a producer's id with slashes is kept under its URL-safe form; replicas append `~n` to it
        assert engine.get(url_safe_id("82/2019/NĐ-CP#1") + "~1") is not None
    finally:
        engine.close()


@needs_parser
def test_scale_keeps_its_indexes_and_reuses_them(tmp_path):
    src = tmp_path / "src"
    common.write_jsonl_shards(ARTICLES, src, shards=2)
    target = {2: tmp_path / "scale-2x"}
    built = bench_scale._built(src, target, workers=1, keep=True)
    assert not built[0].get("reused") and built[0]["documents"] == 2 * len(ARTICLES)
    stamp = (target[2] / "meta.json").stat().st_mtime_ns
    again = bench_scale._built(src, target, workers=1, keep=True)
    assert again[0]["reused"] and again[0]["documents"] == built[0]["documents"]
    assert (target[2] / "meta.json").stat().st_mtime_ns == stamp  # measured again, not rebuilt
    (target[2] / "vanban.json").write_text('{"schema_version": 0}', encoding="utf-8")
    assert not bench_scale._built(src, target, workers=1, keep=True)[0].get("reused")


def test_wrk_summary_script_and_table_shapes():
    assert "function done" in load.LUA.read_text()
    row = {
        "client": "wrk",
        "requests": 10,
        "rps": 5.0,
        "p50_ms": 1.0,
        "p99_ms": 2.0,
        "max_ms": 3.0,
        "errors": 0,
    }
    text = load.table(
        {
            "documents": 4,
            "connections": 32,
            "duration_s": 1,
            "paths": 3,
            "alone_1": row,
            "alone_2": {**row, "rps": 9.5, "seconds": 2.0, "server_cpu_s": 1.5},
            "speedup": 1.9,
            "with_reindex": row,
            "reindex_runs": [{"exit": 0, "seconds": 1.0}],
        }
    )
    assert "0 ✓" in text and "ran 1 times" in text
    assert "1 worker(s), serving alone" in text and "2 workers / 1 worker: 1.90×" in text
    assert "| 0.75 | 150.0 |" in text  # server cores busy, CPU ms per request


def _latency(p50: float, p99: float) -> dict:
    return {"n": 3, "p50_ms": p50, "p99_ms": p99, "with_hits": 1.0}


def _query_result(**extra) -> dict:
    kinds = {kind: _latency(1.0, 2.0) for kind in (*bench_query.KINDS, "all")}
    return {"queries": 21, "documents": 4, "engine": kinds, "http": kinds, "examples": {}, **extra}


def test_query_table_names_why_elasticsearch_did_not_run():
    if not os.environ.get("VANBAN_ES_URL"):
        assert common.elasticsearch_engine([], "vanban-test", log=print) == (None, common.ES_SKIPPED)
    text = bench_query.table(_query_result(es_skipped=common.ES_SKIPPED))
    assert "Elasticsearch: skipped: no node (set VANBAN_ES_URL)." in text
    assert "ES engine p50 ms" not in text


def test_query_table_puts_elasticsearch_beside_tantivy_in_the_same_rows():
    es = {kind: _latency(7.5, 30.25) for kind in (*bench_query.KINDS, "all")}
    text = bench_query.table(_query_result(es_engine=es, es_http=es, es_documents=4))
    header = next(line for line in text.splitlines() if line.startswith("| query kind"))
    assert "ES engine p50 ms | ES engine p99 ms | ES HTTP p50 ms | ES HTTP p99 ms" in header
    one_word = next(line for line in text.splitlines() if line.startswith("| 1 word"))
    assert "| 1.00 | 2.00 ✓ | 1.00 | 2.00 | 7.50 | 30.25 | 7.50 | 30.25 |" in one_word
    assert "Elasticsearch side by side" in text


def test_load_table_has_an_elasticsearch_phase_or_says_why_not():
    row = {"client": "wrk", "requests": 10, "rps": 5.0, "p50_ms": 1.0, "p99_ms": 2.0}
    row |= {"max_ms": 3.0, "errors": 0}
    base = {"documents": 4, "connections": 32, "duration_s": 1, "paths": 3, "alone_1": row, "alone_2": row}
    base |= {"speedup": 1.0, "with_reindex": row, "reindex_runs": []}
    assert "Elasticsearch phase: skipped: no node" in load.table({**base, "es_skipped": common.ES_SKIPPED})
    assert "Elasticsearch, 2 workers, serving alone" in load.table({**base, "alone_es": row})


def test_machine_facts():
    facts = common.machine()
    assert facts["nproc"] >= 1 and facts["tantivy"]
    json.dumps(facts)


def test_alqac_loader_reads_the_shared_set():
    if not (SHARED / "corpus" / "alqac2022").exists():
        pytest.skip("../shared/corpus not present: alqac2022")
    articles, questions = common.load_alqac()
    assert len(articles) == 1377 and len(questions) == 520
    ids = {a["id"] for a in articles}
    assert all(q["gold"] <= ids for q in questions)
