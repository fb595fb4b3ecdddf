"""The `vanban` CLI end to end on real files, a real tantivy index and the real parser (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from search_app.cli import main

runner = CliRunner()


def run(*args, **kw):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


@pytest.fixture()
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


@pytest.fixture(scope="module")
def seed_cli_index(tmp_path_factory, seeds_dir) -> Path:
    index_dir = tmp_path_factory.mktemp("cli") / "index"
    result = run("index", seeds_dir, "--index-dir", index_dir, "--json")
    assert result.exit_code == 0, result.output
    return index_dir


def search_ids(index_dir: Path, query: str) -> list[str]:
    result = run("search", query, "--index-dir", index_dir, "--json")
    assert result.exit_code in (0, 1), result.output
    return sorted(Path(h["source"]).name for h in json.loads(result.stdout)["hits"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("5K", ["003_d986d6e27b0971c8.txt", "004_b9edc395e283ea20.txt"]),
        ("muc tieu kep", ["003_d986d6e27b0971c8.txt", "004_b9edc395e283ea20.txt"]),
        ('"mục tiêu kép"', ["003_d986d6e27b0971c8.txt", "004_b9edc395e283ea20.txt"]),
        ('"Điện Biên"', ["003_d986d6e27b0971c8.txt"]),
    ],
)
def test_seed_acceptance_queries(seed_cli_index, query, expected):
    assert search_ids(seed_cli_index, query) == expected


def test_folded_dien_bien_also_finds_dien_bien_as_designed(seed_cli_index):
    found = search_ids(seed_cli_index, "dien bien")
    assert "003_d986d6e27b0971c8.txt" in found
    assert len(found) > 1  # "diễn biến" occurs in the others


def test_search_json_has_api_shape_and_original_diacritics(seed_cli_index):
    result = run("search", "muc tieu kep", "--index-dir", seed_cli_index, "--json")
    data = json.loads(result.stdout)
    assert data["total"] == 2
    assert {"total", "hits", "facets"} <= set(data)
    hit = data["hits"][0]
    assert {
        "id",
        "number",
        "doc_type",
        "issuer",
        "province",
        "issued",
        "source",
        "subject",
        "clauses",
    } <= set(hit)
    snippets = " ".join(c["snippet"] for h in data["hits"] for c in h["clauses"]) + " ".join(
        h.get("snippet", "") for h in data["hits"]
    )
    assert "<mark>mục" in snippets and "muc tieu kep" not in snippets


def test_province_facet_lists_lai_chau_for_the_two_cong_van(seed_cli_index):
    result = run("search", "UBND", "--index-dir", seed_cli_index, "--json", "--province", "Lai Châu")
    data = json.loads(result.stdout)
    province = {f["value"]: f["count"] for f in data["facets"]["province"]}
    assert province.get("Lai Châu") == 2


def test_search_plain_output(seed_cli_index):
    result = run("search", '"mục tiêu kép"', "--index-dir", seed_cli_index)
    assert result.exit_code == 0
    assert result.output.startswith("2 kết quả")
    assert "[mục tiêu kép]" in result.output  # highlight marks rendered as brackets off a terminal


def test_search_match_modes(seed_cli_index):
    question = ("cách", "ly", "tiếp", "xúc", "ở", "Hà", "Nội", "zzzkhongco")
    strict = run("search", *question, "--match", "all", "--index-dir", seed_cli_index)
    assert strict.exit_code == 1 and strict.output.startswith("0 kết quả")
    relaxed = run("search", *question, "--index-dir", seed_cli_index)
    assert relaxed.exit_code == 0
    assert "Không có văn bản chứa tất cả các từ" in relaxed.output
    answered = run("search", *question, "--match", "any", "--json", "--index-dir", seed_cli_index)
    body = json.loads(answered.stdout)
    assert body["total"] > 0 and body["relaxed"] is False and body["query"]["match"] == "any"
    assert run("search", "x", "--match", "most", "--index-dir", seed_cli_index).exit_code == 2


def test_search_nothing_found_exits_1(seed_cli_index):
    result = run("search", "zzzkhongco", "--index-dir", seed_cli_index)
    assert result.exit_code == 1
    assert result.output.startswith("0 kết quả")


def test_index_is_incremental_and_prunes(tmp_path, index_dir):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(
        "UBND TỈNH LAI CHÂU\nSố: 12/UBND-VX\n1. Thực hiện nghiêm 5K.\n", encoding="utf-8"
    )
    (docs / "b.txt").write_text("1. Khoanh vùng F1, F2.\n", encoding="utf-8")
    first = json.loads(run("index", docs, "--index-dir", index_dir, "--json").stdout)
    assert (first["files_indexed"], first["files_unchanged"]) == (2, 0)
    again = json.loads(run("index", docs, "--index-dir", index_dir, "--json").stdout)
    assert (again["files_indexed"], again["files_unchanged"]) == (0, 2)
    (docs / "b.txt").write_text("1. Khoanh vùng F0.\n", encoding="utf-8")
    changed = json.loads(run("index", docs, "--index-dir", index_dir, "--json").stdout)
    assert changed["files_indexed"] == 1
    assert search_ids(index_dir, "F1") == []
    assert search_ids(index_dir, "F0") == ["b.txt"]
    (docs / "a.txt").unlink()
    pruned = json.loads(run("index", docs, "--index-dir", index_dir, "--prune", "--json").stdout)
    assert pruned["deleted"] == 1
    assert search_ids(index_dir, "5K") == []
    stats = json.loads(run("stats", "--index-dir", index_dir, "--json").stdout)
    assert stats["documents"] == 1


def test_broken_files_are_reported_and_the_rest_indexed(tmp_path, index_dir):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("1. Thực hiện mục tiêu kép.\n", encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00" * 50)
    result = runner.invoke(main, ["index", str(docs), "--index-dir", str(index_dir)])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "binary.txt" in result.output
    assert search_ids(index_dir, "muc tieu kep") == ["good.txt"]


def test_reindex_swaps_in_a_new_version(tmp_path, index_dir):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("1. Thực hiện 5K.\n", encoding="utf-8")
    assert run("index", docs, "--index-dir", index_dir).exit_code == 0
    before = index_dir.resolve()
    (docs / "a.txt").write_text("1. Thực hiện F0.\n", encoding="utf-8")
    assert run("reindex", docs, "--index-dir", index_dir).exit_code == 0
    assert index_dir.resolve() != before
    assert search_ids(index_dir, "F0") == ["a.txt"]
    assert search_ids(index_dir, "5K") == []


def test_missing_index_is_a_clear_error(tmp_path):
    result = runner.invoke(main, ["search", "x", "--index-dir", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "no index" in result.output


def test_inspect_json_and_human(seeds_dir):
    seed = seeds_dir / "000_a8ad884f9afb5345.txt"
    data = json.loads(run("inspect", seed, "--json").stdout)
    first = data["documents"][0]
    assert first["number"] == "628/UBND-VX"
    assert first["issuer"] == "UBND tỉnh Lai Châu"
    assert first["issued"] == "2020-03-29"
    assert "text" not in first
    human = run("inspect", seed)
    assert human.exit_code == 0 and "628/UBND-VX" in human.output


def test_inspect_missing_file_is_usage_error(tmp_path):
    result = runner.invoke(main, ["inspect", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["index", "reindex", "search", "inspect", "serve", "stats"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Usage" in result.output
