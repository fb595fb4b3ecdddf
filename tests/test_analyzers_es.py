"""Elasticsearch parity: config/es_analysis.json is the chain in ES terms, pinned; a real node agrees.

The comparison with `_analyze` runs only when VANBAN_ES_URL points at a node (official client).
"""

from __future__ import annotations

import json
import os

import pytest

from analyzers.chain import syllable_terms
from analyzers.es_config import ES_ANALYSIS_PATH, build_es_analysis, render
from analyzers.tokenize import syllables


def test_file_on_disk_is_what_the_tables_generate():
    # regenerate with: python -m analyzers.es_config
    assert ES_ANALYSIS_PATH.read_text(encoding="utf-8") == render(build_es_analysis())


def test_analyzers_use_built_in_components_only():
    analysis = json.loads(ES_ANALYSIS_PATH.read_text(encoding="utf-8"))["analysis"]
    index, search = analysis["analyzer"]["vb_syllables"], analysis["analyzer"]["vb_syllables_exact"]
    assert index["tokenizer"] == search["tokenizer"] == "standard"
    assert index["char_filter"] == search["char_filter"] == ["vb_letters", "vb_tone_placement"]
    assert index["filter"] == ["lowercase", "vb_fold", "vb_number_variants"]
    assert search["filter"] == ["lowercase"]
    assert analysis["filter"]["vb_fold"] == {"type": "asciifolding", "preserve_original": True}
    assert {f["type"] for f in analysis["char_filter"].values()} == {"mapping"}
    filters = {f["type"] for f in analysis["filter"].values()}
    assert filters == {"asciifolding", "pattern_replace", "multiplexer"}


def mapping(name: str) -> dict[str, str]:
    analysis = json.loads(ES_ANALYSIS_PATH.read_text(encoding="utf-8"))["analysis"]
    rules = {}
    for rule in analysis["char_filter"][name]["mappings"]:
        key, _, value = rule.partition(" => ")
        rules[key] = value
    return rules


def apply_mapping(rules: dict[str, str], text: str) -> str:
    """What Lucene's MappingCharFilter does: at each point the longest matching key wins."""
    longest = max(map(len, rules))
    out, i = [], 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 0, -1):
            if text[i : i + n] in rules:
                out.append(rules[text[i : i + n]])
                i += n
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


@pytest.mark.parametrize(
    "text",
    ["Tỉnh uỷ Lai Châu", "UỶ BAN NHÂN DÂN", "Uỷ ban", "hoà bình, hoàn thành, khoẻ mạnh, khoảng cách",
     "thuỷ lợi, khuỷu tay, huýt sáo, quý, qúy, QÚY, gìa", "xoá bỏ, toàn diện, đoàn thể, ngoài ra, hoạt động"],
)  # fmt: skip
def test_tone_mapping_char_filter_gives_the_chains_exact_forms(text):
    mapped = apply_mapping(mapping("vb_tone_placement"), text)
    assert [w.lower() for w in mapped.replace(",", " ").split()] == [t.text for t in syllables(text)]


# Real sentences on which the standard tokenizer and ours split alike (no '2.3', no underscores).
PARITY = [
    "Tỉnh uỷ Điện Biên chỉ đạo thực hiện nghiêm 5K",
    "HOÀ BÌNH, khoẻ mạnh; F1, F2, F3 — mục tiêu kép",
    "Căn cứ Thông báo số 172-TB/TW ngày 21/03/2020 của Bộ Chính trị",
    "Nghị định 30/2020/NĐ-CP của Chính phủ về công tác văn thư",
    "tại Lai Châu tính đến 6h00 ngày 29/3/2020 đã ghi nhận 01 trường hợp nhiễm Covid-19",
    "Ðiện Biên, ngh\u200biêm túc, CO₂",
]


@pytest.fixture(scope="module")
def es():
    url = os.environ.get("VANBAN_ES_URL")
    if not url:
        pytest.skip("VANBAN_ES_URL is not set: no Elasticsearch node to compare _analyze with")
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url, request_timeout=30)
    index = "vanban-analysis-parity-test"
    client.options(ignore_status=404).indices.delete(index=index)
    client.indices.create(index=index, settings={"analysis": build_es_analysis()["analysis"]})
    yield client, index
    client.options(ignore_status=404).indices.delete(index=index)


@pytest.mark.parametrize("text", PARITY)
def test_vb_syllables_on_raw_text_equals_syllable_terms(es, text):
    client, index = es
    got = client.indices.analyze(index=index, analyzer="vb_syllables", text=text).body["tokens"]
    assert sorted((t["token"], t["position"]) for t in got) == sorted(syllable_terms(text))


@pytest.mark.parametrize("text", PARITY)
def test_vb_syllables_exact_gives_the_exact_forms(es, text):
    client, index = es
    got = client.indices.analyze(index=index, analyzer="vb_syllables_exact", text=text).body["tokens"]
    assert [t["token"] for t in got] == [t.text for t in syllables(text)]
