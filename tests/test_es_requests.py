"""Pure tests pinning every Elasticsearch request body the engine sends (no node needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzers.numbers import number_key
from analyzers.query import parse_query
from indexer.analysis import analyze_document
from indexer.engines import es_requests as req
from indexer.engines import ranking, service
from indexer.engines.base import FACETS, TRACK_TOTAL_HITS, SearchRequest
from indexer.model import Citation, Clause, Document

CONFIG = Path(__file__).resolve().parents[1] / "config"

# The analysis chain as config/es_analysis.json is specified to define it (names are the contract).
ANALYSIS = {
    "analysis": {
        "char_filter": {"vb_tone_placement": {"type": "mapping", "mappings": ["oà => òa"]}},
        "filter": {"vb_fold": {"type": "asciifolding", "preserve_original": True}},
        "analyzer": {
            "vb_syllables": {
                "type": "custom",
                "char_filter": ["vb_tone_placement"],
                "tokenizer": "standard",
                "filter": ["lowercase", "vb_fold"],
            },
            "vb_syllables_exact": {
                "type": "custom",
                "char_filter": ["vb_tone_placement"],
                "tokenizer": "standard",
                "filter": ["lowercase"],
            },
        },
    }
}


def template(kind: str) -> dict:
    return json.loads((CONFIG / f"es_{kind}.json").read_text(encoding="utf-8"))


def laichau_628() -> Document:
    text = (
        "Về việc phòng chống dịch. 1. Các sở thực hiện mục tiêu kép, vừa chống dịch vừa phát triển. "
        "2. Người dân thực hiện nghiêm 5K khi ra ngoài."
    )
    first, second = text.index("1. "), text.index("2. ")
    return Document(
        id="laichau-628", source="seeds/laichau.txt", content_hash="h1", text=text,
        number="628/UBND-VX", number_key=number_key("628/UBND-VX"), doc_type="công văn",
        issuer="UBND tỉnh Lai Châu", province="Lai Châu", province_current="Lai Châu",
        issued="2020-03-29", issued_precision="day", signer="Tống Thanh Hải",
        subject="thực hiện Thông báo 172-TB/TW", copies=["laichau-628-b"],
        cites=[Citation("172-TB/TW", number_key("172-TB/TW"), relation="thực hiện"),
               Citation("172-TB/TW", number_key("172-TB/TW"), relation="theo")],
        clauses=[Clause("1", "1.", first, second, text=text[first:second]),
                 Clause("2", "2.", second, len(text), text=text[second:])],
    )  # fmt: skip


# -- names and index bodies --------------------------------------------------------------------


def test_alias_and_versioned_index_names():
    assert req.alias_name("vanban", "documents") == "vanban-documents"
    assert (
        req.index_name("vanban", "clauses", "20250101120000000001") == "vanban-clauses-v20250101120000000001"
    )
    assert req.version_of("vanban-documents-v20250101120000000001") == "20250101120000000001"
    assert req.version_of("vanban-documents") == ""
    with pytest.raises(ValueError):
        req.alias_name("vanban", "passages")


@pytest.mark.parametrize("kind", req.KINDS)
def test_index_body_merges_analysis_and_settings(kind):
    body = req.index_body(template(kind), ANALYSIS, shards=3, replicas=2, segmenter="pyvi",
                          aliases=[f"vanban-{kind}"])  # fmt: skip
    assert body["settings"]["index"]["number_of_shards"] == 3
    assert body["settings"]["index"]["number_of_replicas"] == 2
    assert "refresh_interval" not in body["settings"]["index"]
    assert body["settings"]["analysis"] == ANALYSIS["analysis"]
    assert body["aliases"] == {f"vanban-{kind}": {}}
    assert body["mappings"]["_meta"] == {"vanban_schema_version": req.SCHEMA_VERSION, "segmenter": "pyvi"}
    assert body["mappings"]["dynamic"] == "strict"
    assert "_comment" not in body
    assert body["mappings"]["properties"]["syl"] == {"type": "text", "analyzer": "vb_syllables"}
    # the template on disk is not changed by building
    assert "analysis" not in template(kind)["settings"]


def test_filling_index_has_no_replicas_and_no_refresh_until_commit():
    body = req.index_body(
        template("documents"), ANALYSIS, shards=1, replicas=2, segmenter="none", filling=True
    )
    assert body["settings"]["index"]["number_of_replicas"] == 0
    assert body["settings"]["index"]["refresh_interval"] == "-1"
    assert "aliases" not in body
    assert req.serving_settings(2) == {"index": {"number_of_replicas": 2, "refresh_interval": None}}


@pytest.mark.parametrize(
    "shape",
    [ANALYSIS, ANALYSIS["analysis"], {"settings": ANALYSIS}, {"settings": {"index": ANALYSIS}}],
)
def test_analysis_file_shapes_are_all_accepted(shape):
    assert req.analysis_section(shape) == ANALYSIS["analysis"]


def test_missing_analyzer_is_a_clear_error():
    bare = {"analyzer": {"vb_syllables_exact": {"type": "custom", "tokenizer": "standard"}}}
    with pytest.raises(ValueError, match="vb_syllables"):
        req.index_body(template("clauses"), bare, shards=1, replicas=0, segmenter="none")


def test_project_analysis_file_defines_what_the_mappings_use():
    path = CONFIG / "es_analysis.json"
    assert path.exists(), "config/es_analysis.json is missing: `python -m analyzers.es_config` writes it"
    analysis = json.loads(path.read_text(encoding="utf-8"))
    for kind in req.KINDS:
        body = req.index_body(template(kind), analysis, shards=1, replicas=0, segmenter="none")
        assert set(req.SYLLABLE_ANALYZERS) <= set(body["settings"]["analysis"]["analyzer"])


@pytest.mark.parametrize("kind", req.KINDS)
def test_facet_fields_are_keywords_in_both_indices(kind):
    properties = template(kind)["mappings"]["properties"]
    for field in FACETS.values():
        assert properties[field] == {"type": "keyword"}, field


def test_entries_only_use_mapped_fields():
    # dynamic: strict — a field the mapping lacks would reject every document on a real node
    doc = laichau_628()
    analysis = analyze_document(doc, "none")
    doc_fields = set(template("documents")["mappings"]["properties"])
    clause_fields = set(template("clauses")["mappings"]["properties"])
    assert set(req.document_entry(doc, analysis)) <= doc_fields
    assert set(req.clause_entry(doc, doc.clauses[0], analysis.clauses[0])) <= clause_fields
    excluded = set(template("documents")["mappings"]["_source"]["excludes"])
    assert excluded == {"syl", "head", "subj", "words"}  # payload keeps the original text for get()/snippets


# -- entries and bulk actions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tỉnh uỷ Điện Biên", "tỉnh ủy điện biên"),  # tone placement normalised, lowercase
        ("HOÀ BÌNH, khoẻ mạnh", "hòa bình khỏe mạnh"),
        ("thực hiện nghiêm 5K; F1, F2, F3", "thực hiện nghiêm 5k f1 f2 f3"),
        ("Mục 2.3 của 172-TB/TW", "mục 2 3 của 172 tb tw"),  # our syllables, not ES's "2.3"
        ("", ""),
    ],
)
def test_exact_syllables_are_the_chain_positions(text, expected):
    from indexer.analysis import analyze_text

    assert req.exact_syllables(analyze_text(text, "none")) == expected


def test_document_entry():
    doc = laichau_628()
    entry = req.document_entry(doc, analyze_document(doc, "none"))
    assert entry["id"] == "laichau-628"
    assert entry["canonical"] is True
    assert entry["copy_group"] == "laichau-628"
    assert entry["number_key"] == "628/ubnd-vx"
    assert entry["cites"] == ["172-tb/tw"]
    assert entry["issued"] == "2020-03-29" and entry["issued_sort"] == 20200329
    assert entry["year"] == "2020" and entry["month"] == "2020-03"
    assert entry["issuer"] == "UBND tỉnh Lai Châu" and entry["doc_type"] == "công văn"
    assert entry["syl"].startswith("về việc phòng chống dịch 1 các sở thực hiện mục tiêu kép")
    assert entry["head"].startswith("628 ubnd vx công văn ubnd tỉnh lai châu")
    assert "words" not in entry  # segmenter none
    assert all("text" not in c for c in entry["payload"]["clauses"])  # slices of text: not stored twice
    assert req.document_from_payload(json.loads(json.dumps(entry["payload"]))) == doc


@pytest.mark.parametrize(
    ("issued", "precision", "es_date", "sort_key"),
    [
        ("2020-03-29", "day", "2020-03-29", 20200329),
        ("2021-09", "month", "2021-09", 20210900),
        ("2021", "year", "2021", 20210000),
        ("", "unknown", None, 0),
        ("2021-13", "month", None, 20211300),  # impossible month: no date field, still sortable
    ],
)
def test_issued_date_with_precision(issued, precision, es_date, sort_key):
    doc = Document(id="d", text="Thông báo", issued=issued, issued_precision=precision)
    entry = req.document_entry(doc, analyze_document(doc, "none"))
    assert entry.get("issued") == es_date
    assert entry["issued_sort"] == sort_key
    assert entry["issued_precision"] == precision


def test_words_field_takes_the_precomputed_segmentation():
    doc = laichau_628()
    analysis = analyze_document(doc, "none")
    analysis.body.words = ["mục_tiêu", "muc_tieu", "phát_triển", "phat_trien"]
    entry = req.document_entry(doc, analysis)
    assert entry["words"] == "mục_tiêu muc_tieu phát_triển phat_trien"


def test_copies_share_one_collapse_group():
    a = Document(id="bct-172", text="x", copies=["bct-172-copy"])
    b = Document(id="bct-172-copy", text="x", copies=["bct-172"], canonical=False)
    assert req.copy_group(a) == req.copy_group(b) == "bct-172"


def test_bulk_actions_replace_document_and_route_clauses():
    doc = laichau_628()
    actions = req.bulk_actions(doc, analyze_document(doc, "none"), "docs-v1", "clauses-v1",
                               stale_clause_paths=["1", "2", "3", "3.a"])  # fmt: skip
    heads = [(a["_op_type"], a["_index"], a["_id"], a.get("routing")) for a in actions]
    assert heads == [
        ("index", "docs-v1", "laichau-628", None),
        ("index", "clauses-v1", "laichau-628#1", "laichau-628"),
        ("index", "clauses-v1", "laichau-628#2", "laichau-628"),
        ("delete", "clauses-v1", "laichau-628#3", "laichau-628"),
        ("delete", "clauses-v1", "laichau-628#3.a", "laichau-628"),
    ]
    clause = actions[1]["_source"]
    assert clause["doc_id"] == "laichau-628" and clause["path"] == "1" and clause["label"] == "1."
    assert doc.text[clause["start"] : clause["end"]].startswith("1. Các sở thực hiện mục tiêu kép")
    assert clause["syl"].startswith("1 các sở thực hiện mục tiêu kép")
    assert clause["province"] == "Lai Châu" and clause["issued_sort"] == 20200329


def test_delete_actions_and_clause_sweep():
    assert req.delete_actions("dienbien-tb", "vanban-documents") == [
        {"_op_type": "delete", "_index": "vanban-documents", "_id": "dienbien-tb"}
    ]
    assert req.clauses_of_query(["a", "b"]) == {"query": {"terms": {"doc_id": ["a", "b"]}}}


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (
            {"index": {"_id": "laichau-628", "status": 400, "error": {
                "type": "document_parsing_exception", "reason": "failed to parse field [issued]",
                "caused_by": {"type": "illegal_argument_exception", "reason": "bad date"}}}},
            ("laichau-628", "index", "document_parsing_exception: failed to parse field [issued] (bad date)"),
        ),
        (
            {"index": {"_id": "laichau-628#2.1", "status": 429, "error": {
                "type": "es_rejected_execution_exception", "reason": "rejected"}}},
            ("laichau-628", "index", "clause 2.1 failed (status 429): es_rejected_execution_exception"),
        ),
        (
            {"index": {"_id": "bct-172", "status": 503, "error": "ConnectionError(node down)"}},
            ("bct-172", "index", "ConnectionError(node down)"),
        ),
    ],
)  # fmt: skip
def test_bulk_item_errors_keep_the_document_id_and_reason(item, expected):
    doc_id, op_type, reason = req.bulk_item_error(item)
    assert (doc_id, op_type) == expected[:2]
    assert expected[2] in reason


# -- queries -----------------------------------------------------------------------------------


def body(q: str, **kw) -> dict:
    return req.search_body(parse_query(q), SearchRequest(q=q, **kw))


def must_of(q: str) -> list:
    return body(q)["query"]["bool"].get("must", [])


def boosted(spec: dict, boost: float) -> dict:
    """A query spec as the compiler writes it: a boost of 1 is left out."""
    return spec if boost == 1.0 else {**spec, "boost": boost}


def syl_of(group: dict) -> list:
    return [alt for alt in group["bool"]["should"] if "syl" in next(iter(alt.values()))]


@pytest.mark.parametrize(
    ("query", "expected_syl"),
    [
        # plain words typed with diacritics: each syllable only in that spelling
        ("mục tiêu kép", [{"term": {"syl": {"value": "mục"}}}, {"term": {"syl": {"value": "tiêu"}}},
                          {"term": {"syl": {"value": "kép"}}}]),
        # typed without: the folded form, which every accented form also carries
        ("muc tieu kep", [{"term": {"syl": {"value": "muc"}}}, {"term": {"syl": {"value": "tieu"}}},
                          {"term": {"syl": {"value": "kep"}}}]),
        # old tone placement meets new; capitals lowered; đ kept when typed
        ("Tỉnh uỷ Điện", [{"term": {"syl": {"value": "tỉnh"}}}, {"term": {"syl": {"value": "ủy"}}},
                          {"term": {"syl": {"value": "điện"}}}]),
        ("5K", [{"term": {"syl": {"value": "5k"}}}]),
        # exact phrase, never re-analysed by Elasticsearch
        ('"mục tiêu kép"', [{"match_phrase": {"syl": {"query": "mục tiêu kép", "analyzer": "whitespace"}}}]),
        ('"muc tieu kep"', [{"match_phrase": {"syl": {"query": "muc tieu kep", "analyzer": "whitespace"}}}]),
        # mixed phrase: per-token semantics inside the phrase
        ('"mục tieu kep"', [{"match_phrase": {"syl": {"query": "mục tieu kep", "analyzer": "whitespace"}}}]),
        # punctuation between syllables is ignored in a phrase
        ('"F1, F2, F3"', [{"match_phrase": {"syl": {"query": "f1 f2 f3", "analyzer": "whitespace"}}}]),
    ],
)  # fmt: skip
def test_text_query_shapes(query, expected_syl):
    groups = must_of(query)
    assert [syl_of(g)[0] for g in groups] == expected_syl
    for group, syl in zip(groups, expected_syl, strict=True):
        assert group["bool"]["minimum_should_match"] == 1
        ((kind, spec),) = syl.items()
        boosted_head = {kind: {"head": boosted(spec["syl"], req.HEAD_BOOST)}}
        assert group["bool"]["should"] == [syl, boosted_head]  # the same terms, boosted, in the head


def test_plain_query_full_body():
    phrase = {"query": "muc tieu", "analyzer": "whitespace"}
    assert body("muc tieu") == {
        "query": {"bool": {
            "filter": [{"term": {"canonical": True}}],
            "must": [
                {"bool": {"should": [{"term": {"syl": {"value": "muc"}}},
                                     {"term": {"head": boosted({"value": "muc"}, ranking.HEAD_BOOST)}}],
                          "minimum_should_match": 1}},
                {"bool": {"should": [{"term": {"syl": {"value": "tieu"}}},
                                     {"term": {"head": boosted({"value": "tieu"}, ranking.HEAD_BOOST)}}],
                          "minimum_should_match": 1}},
            ],
            # what was typed together ranks: adjacent and in order, close together, in the head
            "should": [
                {"match_phrase": {"syl": {**phrase, "boost": ranking.PHRASE_BOOST}}},
                {"match_phrase": {"syl": {**phrase, "slop": ranking.PROXIMITY_SLOP,
                                          "boost": ranking.PROXIMITY_BOOST}}},
                {"match_phrase": {"head": {**phrase, "boost": ranking.HEAD_PHRASE_BOOST}}},
                {"term": {"words": {"value": "muc_tieu", "boost": ranking.WORD_BOOST}}},
            ],
        }},
        "from": 0,
        "size": 10,
        "sort": [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}],
        "track_total_hits": 10_000,
        "collapse": {"field": "copy_group"},
        "_source": ["payload"],
        "aggs": req.facet_aggs(SearchRequest()),
    }  # fmt: skip


def test_subject_scope_searches_only_the_subject_field():
    for query, request in (
        ("muc tieu", SearchRequest(scope="subject")),
        ("trichyeu: muc tieu", SearchRequest()),
    ):
        bool_ = req.search_body(parse_query(query), request)["query"]["bool"]
        fields = {
            field
            for clause in bool_["must"]
            for alt in clause["bool"]["should"]
            for field in next(iter(alt.values()))
        }
        assert fields == {"subj"}
        assert {next(iter(next(iter(c.values())))) for c in bool_["should"]} == {"subj"}  # no words, no body
    _, clauses = req.clause_search(parse_query("trichyeu: muc tieu"), "d1", 3)
    assert "subj" not in str(clauses)  # clause bodies are never searched by subject


def test_copies_standing_in_for_their_group():
    parsed = parse_query('ASEAN -"Lai Châu"')
    members = req.document_query(parsed, SearchRequest(), extra_ids=("kg-copy",))["bool"]["filter"][0]
    assert members == {"bool": {"should": [{"term": {"canonical": True}}, {"terms": {"id": ["kg-copy"]}}],
                                "minimum_should_match": 1}}  # fmt: skip
    request = SearchRequest(filters={"province": ["Kiên Giang"]})
    probe = req.copies_probe_body(parsed, request)["query"]["bool"]
    # exclusions and every filter (facets included) apply to each member first
    assert probe["filter"] == [{"term": {"canonical": False}}, {"terms": {"province": ["Kiên Giang"]}}]
    lai_chau = {"query": "lai châu", "analyzer": "whitespace"}
    assert probe["must_not"] == [{"match_phrase": {"syl": lai_chau}}, {"match_phrase": {"head": lai_chau}}]
    covered = req.groups_covered_body(parsed, request, ["g1"])["query"]["bool"]
    assert covered["filter"][0] == {"term": {"canonical": True}}
    assert covered["filter"][-1] == {"terms": {"copy_group": ["g1"]}}


def test_exclusion_and_or():
    query = body("muc tieu -kep")["query"]["bool"]
    assert query["must_not"] == [{"term": {"syl": {"value": "kep"}}}, {"term": {"head": {"value": "kep"}}}]
    assert len(query["must"]) == 2
    (group,) = must_of("tiêm OR khoanh")
    assert group["bool"]["should"] == [
        {"term": {"syl": {"value": "tiêm"}}},
        {"term": {"head": boosted({"value": "tiêm"}, req.HEAD_BOOST)}},
        {"term": {"syl": {"value": "khoanh"}}},
        {"term": {"head": boosted({"value": "khoanh"}, req.HEAD_BOOST)}},
    ]
    phrase_exclusion = body('chống dịch -"vắc xin"')["query"]["bool"]["must_not"]
    assert phrase_exclusion[0] == {"match_phrase": {"syl": {"query": "vắc xin", "analyzer": "whitespace"}}}


def test_number_lookup_queries():
    so = body("so:628/UBND-VX")["query"]["bool"]
    assert so == {"filter": [{"term": {"canonical": True}}, {"term": {"number_key": "628/ubnd-vx"}}]}
    bare = body("172 - TB/TW")["query"]["bool"]
    (either,) = bare["must"]
    number, text = either["bool"]["should"]
    assert number == {"term": {"number_key": {"value": "172-tb/tw", "boost": req.NUMBER_BOOST}}}
    assert [syl_of(g)[0] for g in text["bool"]["must"]] == [
        {"term": {"syl": {"value": "172"}}},
        {"match_phrase": {"syl": {"query": "tb tw", "analyzer": "whitespace"}}},
    ]
    assert either["bool"]["minimum_should_match"] == 1
    assert req.lookup_body("number_key", "172-tb/tw") == {
        "query": {"bool": {"filter": [{"term": {"number_key": "172-tb/tw"}}, {"term": {"canonical": True}}]}},
        "size": req.LOOKUP_LIMIT,
        "sort": [{"id": {"order": "asc"}}],
        "_source": ["payload"],
    }


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        ("2021-01-01", "2021-12-31", {"gte": 20210000, "lte": 20211231}),  # keeps docs dated only "2021"
        ("2020-03", "", {"gte": 20200300, "lte": 99991231}),
        ("", "2021", {"gte": 1, "lte": 20219999}),  # undated documents (key 0) stay out, as in tantivy
    ],
)
def test_date_range(date_from, date_to, expected):
    query = body("", date_from=date_from, date_to=date_to)["query"]["bool"]
    assert query["filter"][1] == {"range": {"issued_sort": expected}}


@pytest.mark.parametrize(
    ("q", "sort", "expected"),
    [
        ("", "relevance", "issued_sort"),  # nothing to rank by: newest first
        ("mục tiêu", "relevance", "_score"),
        ("mục tiêu", "date_asc", "issued_sort"),
        ("mục tiêu", "bogus", "_score"),
    ],
)
def test_sort(q, sort, expected):
    sort_spec = body(q, sort=sort)["sort"]
    assert next(iter(sort_spec[0])) == expected
    assert sort_spec[-1] == {"id": {"order": "asc"}}  # stable pages
    if sort == "date_asc":
        assert sort_spec[0] == {"issued_sort": {"order": "asc"}}


def test_pagination_is_bounded():
    assert (body("x", page=3, per_page=20)["from"], body("x", page=3, per_page=20)["size"]) == (40, 20)
    assert body("x", per_page=10_000)["size"] == service.MAX_PER_PAGE
    assert body("x", page=0)["from"] == 0


def test_disjunctive_facets():
    request = SearchRequest(
        q="", filters={"province": ["Lai Châu", "Điện Biên"], "year": ["2021"], "nope": ["x"]}
    )
    built = req.search_body(parse_query(""), request)
    province_filter = {"terms": {"province": ["Lai Châu", "Điện Biên"]}}
    year_filter = {"terms": {"year": ["2021"]}}
    # hits: every selection (OR inside a facet, AND across facets); unknown facet keys ignored
    assert built["post_filter"] == {"bool": {"filter": [province_filter, year_filter]}}
    assert built["query"]["bool"]["filter"] == [{"term": {"canonical": True}}]
    aggs = built["aggs"]
    assert set(aggs) == set(FACETS)
    # each facet is counted under every selection but its own
    assert aggs["province"]["filter"] == {"bool": {"filter": [year_filter]}}
    assert aggs["year"]["filter"] == {"bool": {"filter": [province_filter]}}
    assert aggs["issuer"]["filter"] == {"bool": {"filter": [province_filter, year_filter]}}
    assert aggs["type"]["aggs"] == {"values": {"terms": {"field": "doc_type", "size": 30}}}
    assert "aggs" not in req.search_body(parse_query(""), SearchRequest(with_facets=False))
    assert "post_filter" not in req.search_body(parse_query(""), SearchRequest())


def test_facet_values_keep_selected_values_even_without_hits():
    request = SearchRequest(filters={"province": ["Lai Châu", "Hà Giang"]})
    aggregations = {
        "province": {"doc_count": 3, "values": {"buckets": [{"key": "Lai Châu", "doc_count": 2},
                                                             {"key": "Điện Biên", "doc_count": 1}]}},
        "year": {"doc_count": 2, "values": {"buckets": [{"key": "2020", "doc_count": 1}]}},
    }  # fmt: skip
    facets = req.facet_values(aggregations, request)
    assert facets["province"] == [("Lai Châu", 2, True), ("Điện Biên", 1, False), ("Hà Giang", 0, True)]
    assert facets["year"] == [("2020", 1, False)]
    assert facets["signer"] == []


def test_best_clauses_in_one_msearch():
    parsed = parse_query('muc tieu kep -"vắc xin"')
    searches = req.msearch_clauses(parsed, ["laichau-628", "laichau-2021"], 3, "vanban-clauses")
    assert [s for s in searches[::2]] == [
        {"index": "vanban-clauses", "routing": "laichau-628"},
        {"index": "vanban-clauses", "routing": "laichau-2021"},
    ]
    first = searches[1]
    assert first["size"] == 3
    assert first["_source"] == ["path", "label", "start", "end"]
    query = first["query"]["bool"]
    assert query["filter"] == [{"term": {"doc_id": "laichau-628"}}]
    # clauses have no head and no word field: only body syllables
    assert query["must"][0] == {"bool": {"should": [{"term": {"syl": {"value": "muc"}}}],
                                         "minimum_should_match": 1}}  # fmt: skip
    assert query["must_not"] == [{"match_phrase": {"syl": {"query": "vắc xin", "analyzer": "whitespace"}}}]


# -- alias swap --------------------------------------------------------------------------------


def test_alias_swap_moves_both_aliases_in_one_action_list():
    serving = {"vanban-documents": ["vanban-documents-v1"], "vanban-clauses": ["vanban-clauses-v1"]}
    assert req.alias_swap_actions("vanban", "2", serving) == [
        {"remove": {"index": "vanban-documents-v1", "alias": "vanban-documents"}},
        {"add": {"index": "vanban-documents-v2", "alias": "vanban-documents"}},
        {"remove": {"index": "vanban-clauses-v1", "alias": "vanban-clauses"}},
        {"add": {"index": "vanban-clauses-v2", "alias": "vanban-clauses"}},
    ]
    assert req.indices_to_delete("vanban", "2", serving) == ["vanban-clauses-v1", "vanban-documents-v1"]


def test_first_swap_only_adds():
    assert req.alias_swap_actions("vb", "7", {}) == [
        {"add": {"index": "vb-documents-v7", "alias": "vb-documents"}},
        {"add": {"index": "vb-clauses-v7", "alias": "vb-clauses"}},
    ]
    assert req.indices_to_delete("vb", "7", {}) == []


def test_swap_never_deletes_the_new_pair():
    # a rerun after a crash between swap and delete: the aliases already point at the new pair
    serving = {"vb-documents": ["vb-documents-v7", "vb-documents-v6"], "vb-clauses": ["vb-clauses-v7"]}
    assert req.indices_to_delete("vb", "7", serving) == ["vb-documents-v6"]


def test_serving_from_get_alias_including_a_404_body():
    response = {
        "vanban-documents-v1": {"aliases": {"vanban-documents": {}}},
        "other-index": {"aliases": {"other": {}}},
        "error": "alias [vanban-clauses] missing",
        "status": 404,
    }
    assert req.serving_from_get_alias(response, "vanban") == {"vanban-documents": ["vanban-documents-v1"]}


def test_stale_versions_are_only_ours():
    existing = ["vanban-documents-v1", "vanban-clauses-v1", "vanban-documents-v2", "vanban-test-documents-v3",
                "vanban-documents", "logs-2025"]  # fmt: skip
    assert req.stale_versions("vanban", existing, keep=["vanban-documents-v2"]) == [
        "vanban-clauses-v1",
        "vanban-documents-v1",
    ]


@pytest.mark.parametrize(
    "q",
    ["muc tieu", '"mục tieu kep" -"vắc xin" tiêm OR khoanh', "172 - TB/TW", "so:628/UBND-VX", "", "-kep"],
)
def test_bodies_are_valid_query_dsl(q):
    # the official client's DSL model knows every query and aggregation type by name and shape
    search_model = pytest.importorskip("elasticsearch.dsl", reason="elasticsearch client < 8.18 has no DSL")
    Search = search_model.Search

    request = SearchRequest(q=q, filters={"province": ["Lai Châu"]}, date_from="2021", sort="date_desc")
    built = req.search_body(parse_query(q), request)
    assert Search.from_dict(built).to_dict() == built
    header, clause_body = req.clause_search(parse_query(q or "x"), "laichau-628", 3)
    assert Search.from_dict(clause_body).to_dict() == clause_body


def test_young_leftovers_are_spared_as_someone_elses_fill():
    existing = ["vanban-documents-v20250701090000000000", "vanban-documents-v20250701150000000000"]
    assert req.stale_versions("vanban", existing, keep=[], older_than="20250701120000000000") == [
        "vanban-documents-v20250701090000000000"
    ]


# -- match modes ---------------------------------------------------------------------------------


def test_match_any_body_makes_groups_optional_with_a_floor_and_pair_boosts():
    question = "phạt tù bao nhiêu năm -tạm"
    request = SearchRequest(q=question, match="any")
    query = req.search_body(parse_query(question), request, "any")["query"]["bool"]

    def group(word: str) -> dict:
        return {"bool": {"should": [{"term": {"syl": {"value": word}}},
                                    {"term": {"head": {"value": word, "boost": req.ANY_HEAD_BOOST}}}],
                         "minimum_should_match": 1}}  # fmt: skip

    # the asking words (bao nhiêu) neither match nor rank
    words = ["phạt", "tù", "năm"]
    assert query["must"] == [{"bool": {"should": [group(w) for w in words], "minimum_should_match": 1}}]
    assert query["must_not"] == [{"term": {"syl": {"value": "tạm"}}}, {"term": {"head": {"value": "tạm"}}}]
    pairs = [
        s
        for s in query["should"]
        if "syl" in s.get("match_phrase", {}) and len(s["match_phrase"]["syl"]["query"].split()) == 2
    ]
    assert pairs == [
        {"match_phrase": {"syl": {"query": "phạt tù", "analyzer": "whitespace", "boost": req.PAIR_BOOST}}}
    ]
    # coordination: every group found adds the same constant
    coordination = [s for s in query["should"] if "constant_score" in s]
    assert coordination == [
        {"constant_score": {"filter": group(w), "boost": ranking.COORD_BONUS}} for w in words
    ]
    # segmented-word boosts stay as in AND mode
    assert {"term": {"words": {"value": "phạt_tù", "boost": req.WORD_BOOST}}} in query["should"]


def test_match_any_floor_grows_with_the_question():
    question = "chiếm đoạt di vật của tử sĩ có thể bị phạt tù lên đến bao nhiêu năm"
    (outer,) = req.document_query(parse_query(question), SearchRequest(q=question), "any")["bool"]["must"]
    assert len(outer["bool"]["should"]) == 15  # 17 syllables, less the asking words "bao nhiêu"
    assert outer["bool"]["minimum_should_match"] == 3
    # a hit's clauses need one of the words: the document already met the floor
    _, clause_body = req.clause_search(parse_query(question), "blhs-418", 3, "any")
    assert clause_body["query"]["bool"]["must"][0]["bool"]["minimum_should_match"] == 1


def test_match_all_is_the_default_body_and_auto_is_decided_by_the_engine():
    parsed = parse_query("muc tieu")
    assert req.search_body(parsed, SearchRequest(q="muc tieu")) == body("muc tieu")
    assert req.search_body(parsed, SearchRequest(q="muc tieu"), "all") == body("muc tieu")


def test_match_any_clause_search_keeps_the_mode_without_head():
    parsed = parse_query("mục tiêu kép")
    _, clause_body = req.clause_search(parsed, "laichau-628", 3, "any")
    query = clause_body["query"]["bool"]
    (outer,) = query["must"]
    assert outer["bool"]["minimum_should_match"] == 1
    assert all(len(g["bool"]["should"]) == 1 for g in outer["bool"]["should"])  # body syllables only
    whole = {"query": "mục tiêu kép", "analyzer": "whitespace"}
    assert query["should"] == [
        {"match_phrase": {"syl": {"query": "mục tiêu", "analyzer": "whitespace", "boost": req.PAIR_BOOST}}},
        {"match_phrase": {"syl": {"query": "tiêu kép", "analyzer": "whitespace", "boost": req.PAIR_BOOST}}},
        # the typed sequence, as in AND mode (no head in a clause)
        {"match_phrase": {"syl": {**whole, "boost": ranking.PHRASE_BOOST}}},
        {
            "match_phrase": {
                "syl": {**whole, "slop": ranking.PROXIMITY_SLOP, "boost": ranking.PROXIMITY_BOOST}
            }
        },
    ]
    searches = req.msearch_clauses(parsed, ["laichau-628"], 3, "vanban-clauses", "any")
    assert searches[1] == clause_body


def test_match_any_number_query_is_unchanged():
    parsed = parse_query("so:628/UBND-VX")
    assert req.document_query(parsed, SearchRequest(), "any") == req.document_query(parsed, SearchRequest())


def test_total_hits_are_tracked_up_to_the_request_threshold():
    assert body("muc tieu")["track_total_hits"] == TRACK_TOTAL_HITS == 10_000
    request = SearchRequest(q="muc tieu", track_total_hits=500)
    assert req.search_body(parse_query(request.q), request)["track_total_hits"] == 500
    assert req.total_relation({"hits": {"total": {"value": 10_000, "relation": "gte"}}}) == "gte"
    assert req.total_relation({"hits": {"total": {"value": 7, "relation": "eq"}}}) == "eq"
