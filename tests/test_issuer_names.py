"""A query that spells an issuer's name ranks that issuer's documents first: the recognition (pure),
the plan both engines compile (pure), and the order on a real tantivy index built by the pipeline."""

from __future__ import annotations

import pytest

from analyzers.query import parse_query
from indexer.engines import es_requests, issuer_names, ranking, tantivy_query
from indexer.engines.base import SearchRequest
from indexer.engines.query_plan import AnyOf, ConstScore
from indexer.engines.search_plan import clause_plan, document_plan

# issuer values as the parser normalises them (the issuer facet of an index)
NAMES = issuer_names.build(
    [
        "UBND tỉnh Bình Thuận",
        "Sở Nội vụ tỉnh Bình Thuận",
        "Sở Y tế tỉnh Bình Thuận",
        "Sở Giáo dục và Đào tạo thành phố Đà Nẵng",
        "Bộ Y tế",
        "Bộ Lao động - Thương binh và Xã hội",
        "Chính phủ",
        "Thủ tướng Chính phủ",
        "HĐND tỉnh Quảng Ninh",
        "Quốc hội",
        "Tỉnh ủy Lai Châu",
        "Ban Chấp hành Trung ương",
        "Ban Thường vụ Tỉnh ủy Lai Châu",
        "Văn phòng Quốc hội",
        "Ủy ban Thường vụ Quốc hội",
        "Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh",
        "UBND",  # a header whose place was lost: names no particular body
        "Ủy ban nhân dân tỉnh",
        "Văn phòng UBND tỉnh",
        "Hội đồng nhân dân",
        "cá nhân",  # free-text metadata of a source: no body's name
        "các Bộ",
    ]
)


@pytest.mark.parametrize(
    "q, expected",
    [
        ("ubnd tinh binh thuan", ("UBND tỉnh Bình Thuận",)),
        ("UBND tỉnh Bình Thuận", ("UBND tỉnh Bình Thuận",)),
        ("uy ban nhan dan tinh binh thuan", ("UBND tỉnh Bình Thuận",)),
        ("ủy ban nhân dân tỉnh Bình Thuận dịch covid", ("UBND tỉnh Bình Thuận",)),
        ("ubnd binh thuan dai hoi", ("UBND tỉnh Bình Thuận",)),  # the level word left out
        ("ke hoach cua ubnd tinh binh thuan", ("UBND tỉnh Bình Thuận",)),  # topic first
        ('"ubnd tỉnh bình thuận" covid', ("UBND tỉnh Bình Thuận",)),
        ("so noi vu binh thuan", ("Sở Nội vụ tỉnh Bình Thuận",)),
        ("sở y tế tỉnh bình thuận", ("Sở Y tế tỉnh Bình Thuận",)),
        ("so gddt da nang ke hoach", ("Sở Giáo dục và Đào tạo thành phố Đà Nẵng",)),
        ("so giao duc dao tao da nang", ("Sở Giáo dục và Đào tạo thành phố Đà Nẵng",)),
        ("bo y te covid", ("Bộ Y tế",)),
        ("Bộ Y tế", ("Bộ Y tế",)),
        ("bo ldtbxh", ("Bộ Lao động - Thương binh và Xã hội",)),
        ("bo lao dong thuong binh va xa hoi", ("Bộ Lao động - Thương binh và Xã hội",)),
        ("chinh phu bao hiem xa hoi", ("Chính phủ",)),
        ("thu tuong chinh phu", ("Thủ tướng Chính phủ",)),
        ("tinh uy lai chau ket luan", ("Tỉnh ủy Lai Châu",)),
        ("tu lai chau", ("Tỉnh ủy Lai Châu",)),  # TU: tỉnh ủy (or thành ủy)
        ("ban chap hanh trung uong", ("Ban Chấp hành Trung ương",)),
        ("bch tw nghi quyet", ("Ban Chấp hành Trung ương",)),
        ("ban thuong vu tinh uy lai chau", ("Ban Thường vụ Tỉnh ủy Lai Châu",)),
        ("hdnd tinh quang ninh nghi quyet", ("HĐND tỉnh Quảng Ninh",)),
        # a name inside a longer one typed is not named
        ("van phong quoc hoi bao hiem xa hoi", ("Văn phòng Quốc hội",)),
        ("uy ban thuong vu quoc hoi nghi quyet", ("Ủy ban Thường vụ Quốc hội",)),
        ("quoc hoi luat bao hiem xa hoi", ("Quốc hội",)),
        (
            "ban thuong truc uy ban mttq viet nam xa luong minh",
            ("Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh",),
        ),
        # not a whole name, or another spelling
        ("tinh binh thuan", ()),
        ("so noi vu", ()),
        ("bộ y tê", ()),  # typed with other diacritics: only that spelling
        ("bộ tài chính", ()),  # not an issuer of this index
        ("ubnd covid", ()),  # a bare UBND names no body
        ("uy ban nhan dan tinh covid", ()),
        ("hoi dong nhan dan nghi quyet", ()),
        ("van phong ubnd tinh", ()),  # which province's?
        ("y te", ()),
        ("uy lai chau", ()),
        ("so:12/UBND-VX", ()),
        ("trach nhiem cua ca nhan", ()),
        # mentioned in passing by a long query: about its content
        ("trach nhiem cua chinh phu trong cong tac quan ly nha nuoc ve dau gia tai san", ()),
        ("bo y te quy dinh thoi han cap giay phep hanh nghe kham benh chua benh la bao lau", ()),
        ("trách nhiệm của các bộ ngành", ()),
    ],
)
def test_recognised_issuers(q, expected):
    assert issuer_names.recognise(parse_query(q), NAMES).issuers == expected


@pytest.mark.parametrize(
    "name, spelt",
    [
        ("UBND tỉnh Bình Thuận", "ủy ban nhân dân bình thuận"),
        ("Sở Giáo dục và Đào tạo thành phố Đà Nẵng", "sở giáo dục đào tạo đà nẵng"),
        ("Tỉnh ủy Lai Châu", "tỉnh ủy lai châu"),  # the body itself, not a level word
    ],
)
def test_spellings_leave_out_the_level_and_joining_words(name, spelt):
    assert tuple(spelt.split()) in {tuple(e for e, _ in s) for s in issuer_names.spellings(name)}


def test_the_same_names_are_not_built_again():
    again = issuer_names.rebuilt(NAMES, sorted(NAMES.values))
    assert again is NAMES
    assert issuer_names.rebuilt(NAMES, ["Bộ Y tế"]).values == {"Bộ Y tế"}


def test_no_names_no_issuers():
    assert issuer_names.recognise(parse_query("ubnd tinh binh thuan"), issuer_names.build([])).issuers == ()


def _bonus(plan):
    return [c for c in plan.should if isinstance(c, ConstScore) and isinstance(c.node, AnyOf)]


def _parsed(q: str):
    parsed = parse_query(q)
    named = issuer_names.recognise(parsed, NAMES)
    parsed.issuers, parsed.issuer_groups = named.issuers, named.groups
    return parsed


@pytest.mark.parametrize("match", ["all", "any"])
def test_the_plan_gives_the_named_issuers_documents_a_constant_bonus(match):
    plan = document_plan(_parsed("ubnd tinh binh thuan dich covid"), SearchRequest(), match)
    bonus = _all_bonuses(plan)
    assert bonus == [ConstScore(AnyOf("issuer", ("UBND tỉnh Bình Thuận",)), ranking.ISSUER_BONUS)]
    # both engines compile it: a keyword filter at a constant score
    body = es_requests.compile_query(bonus[0])
    assert body == {
        "constant_score": {
            "filter": {"terms": {"issuer": ["UBND tỉnh Bình Thuận"]}},
            "boost": ranking.ISSUER_BONUS,
        }
    }


def _all_bonuses(node) -> list:
    found = _bonus(node) if hasattr(node, "should") else []
    for child in (*getattr(node, "must", ()), *getattr(node, "should", ())):
        found += _all_bonuses(child)
    return found


@pytest.mark.parametrize(
    "plan",
    [
        lambda p: document_plan(p, SearchRequest(), "all", ranked=False),  # facet counts: no ranking
        lambda p: document_plan(p, SearchRequest(scope="subject"), "all"),  # the subject only
        lambda p: clause_plan(p, "doc-1"),  # a hit's clauses: all share the issuer
    ],
)
def test_no_bonus_where_it_cannot_rank(plan):
    assert _all_bonuses(plan(_parsed("ubnd tinh binh thuan"))) == []


def test_no_bonus_when_no_issuer_is_named():
    assert _all_bonuses(document_plan(_parsed("dich covid binh thuan"), SearchRequest(), "all")) == []


def test_es_reads_the_issuer_names_with_one_terms_aggregation():
    body = es_requests.issuer_names_body()
    assert body["size"] == 0 and body["aggs"]["issuers"]["terms"]["field"] == "issuer"
    answer = {"aggregations": {"issuers": {"buckets": [{"key": "Bộ Y tế", "doc_count": 3}]}}}
    assert es_requests.issuer_names_from(answer) == ["Bộ Y tế"]
    assert es_requests.issuer_names_from({}) == []


def test_tantivy_compiles_the_bonus():
    from indexer.engines.tantivy_engine import build_schema

    plan = document_plan(_parsed("bo y te covid"), SearchRequest(), "all")
    assert _all_bonuses(plan)
    tantivy_query.compile_query(plan, build_schema())


# -- on a real index ----------------------------------------------------------------------------

_HEADER = """{parent}
{body}
-------

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: {number}
V/v {subject}

Bình Thuận, ngày 12 tháng 8 năm 2021

"""
_SIGNATURE = """
Nơi nhận:
- Như trên;
- Lưu: VT.

{authority}
{title}

{name}
"""
# A department's submission naming the provincial People's Committee over and over, and two letters
# the Committee itself issued: `ubnd tinh binh thuan` means the latter.
DOCUMENTS = {
    "so-y-te.txt": _HEADER.format(
        parent="UBND TỈNH BÌNH THUẬN",
        body="SỞ Y TẾ",
        number="412/SYT-NVY",
        subject="báo cáo UBND tỉnh Bình Thuận kết quả phòng, chống dịch COVID-19",
    )
    + "Kính gửi: UBND tỉnh Bình Thuận.\n\n"
    + "Thực hiện chỉ đạo của UBND tỉnh Bình Thuận tại các văn bản về phòng, chống dịch COVID-19, "
    "Sở Y tế báo cáo UBND tỉnh Bình Thuận như sau:\n\n"
    + "".join(
        f"{i}. Theo Kế hoạch của UBND tỉnh Bình Thuận về phòng, chống dịch COVID-19, đợt {i} đã tiêm "
        f"vắc xin cho {i * 1000} người; đề nghị UBND tỉnh Bình Thuận chỉ đạo chống dịch COVID-19.\n\n"
        for i in range(1, 13)
    )
    + _SIGNATURE.format(authority="KT. GIÁM ĐỐC", title="PHÓ GIÁM ĐỐC", name="Nguyễn Văn Bình"),
    "ubnd-covid.txt": _HEADER.format(
        parent="ỦY BAN NHÂN DÂN",
        body="TỈNH BÌNH THUẬN",
        number="2790/UBND-KGVXNV",
        subject="tăng cường phòng, chống dịch COVID-19",
    )
    + "Kính gửi: Các sở, ban, ngành tỉnh.\n\n"
    + "1. Các sở, ngành tiếp tục thực hiện nghiêm các biện pháp phòng, chống dịch COVID-19.\n\n"
    + "2. Sở Y tế chủ trì tổ chức tiêm vắc xin theo kế hoạch.\n\n"
    + "".join(
        f"{i}. Huyện, thị xã thứ {i} rà soát người về từ vùng có dịch, lấy mẫu xét nghiệm, bố trí khu "
        "cách ly tập trung, bảo đảm vật tư y tế và báo cáo kết quả hằng ngày về Sở Y tế.\n\n"
        for i in range(3, 12)
    )
    + _SIGNATURE.format(authority="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH", name="Nguyễn Minh Hòa"),
    "ubnd-dai-hoi.txt": _HEADER.format(
        parent="ỦY BAN NHÂN DÂN",
        body="TỈNH BÌNH THUẬN",
        number="3083/UBND-NCKS",
        subject="công nhận kết quả đại hội Hiệp hội Doanh nghiệp tỉnh",
    )
    + "Kính gửi: Sở Nội vụ.\n\n"
    + "Xét đề nghị của Sở Nội vụ, Chủ tịch Ủy ban nhân dân tỉnh có ý kiến như sau: công nhận kết quả "
    "đại hội nhiệm kỳ 2021 - 2026 của Hiệp hội Doanh nghiệp tỉnh.\n"
    + _SIGNATURE.format(authority="TM. ỦY BAN NHÂN DÂN", title="CHỦ TỊCH", name="Lê Tuấn Phong"),
}


@pytest.fixture(scope="module")
def issuer_index(tmp_path_factory):
    from tests.conftest import build_index

    folder = tmp_path_factory.mktemp("issuer-docs")
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings, report = build_index([folder], tmp_path_factory.mktemp("issuer-index") / "index", "none")
    assert report.ok, report.files_failed
    return settings


@pytest.fixture(scope="module")
def issuer_engine(issuer_index):
    from indexer.engines import open_engine

    engine = open_engine(issuer_index)
    yield engine
    engine.close()


def _issuers(engine, q: str) -> list[str]:
    return [hit.issuer for hit in engine.search(SearchRequest(q=q, with_facets=False)).hits]


def test_the_parser_read_the_issuers(issuer_engine):
    found = sorted(_issuers(issuer_engine, "binh thuan"))
    assert found == ["Sở Y tế tỉnh Bình Thuận", "UBND tỉnh Bình Thuận", "UBND tỉnh Bình Thuận"]


@pytest.mark.parametrize(
    "q",
    ["ubnd tinh binh thuan", "UBND tỉnh Bình Thuận", "uy ban nhan dan tinh binh thuan", "ubnd binh thuan"],
)
def test_the_named_issuers_documents_come_before_those_that_mention_it(issuer_engine, q):
    assert _issuers(issuer_engine, q) == [
        "UBND tỉnh Bình Thuận",
        "UBND tỉnh Bình Thuận",
        "Sở Y tế tỉnh Bình Thuận",
    ]


@pytest.mark.parametrize("q", ["ubnd tinh binh thuan dich covid", "ủy ban nhân dân tỉnh Bình Thuận covid"])
def test_topic_words_still_match_and_rank(issuer_engine, q):
    # the Committee's letter on the topic first; its other letter lacks the topic and does not match
    hits = issuer_engine.search(SearchRequest(q=q, with_facets=False)).hits
    assert [h.issuer for h in hits] == ["UBND tỉnh Bình Thuận", "Sở Y tế tỉnh Bình Thuận"]
    assert "COVID-19" in hits[0].subject


def test_the_api_and_the_page_say_which_issuer_ranks_first(issuer_index):
    from bs4 import BeautifulSoup

    from search_app import create_app

    client = create_app({"SETTINGS": issuer_index}).test_client()
    body = client.get("/api/search?q=ubnd+tinh+binh+thuan").get_json()
    assert body["issuers"] == ["UBND tỉnh Bình Thuận"]
    assert client.get("/api/search?q=binh+thuan").get_json()["issuers"] == []
    page = BeautifulSoup(client.get("/?q=ubnd+tinh+binh+thuan").get_data(as_text=True), "html.parser")
    notice = page.select_one("p.notice.issuers")
    assert "UBND tỉnh Bình Thuận" in notice.get_text() and "xếp trước" in notice.get_text()
    # its link keeps only that issuer's documents, and the notice then has nothing more to offer
    only = BeautifulSoup(client.get(notice.select_one("a")["href"]).get_data(as_text=True), "html.parser")
    assert only.select("li.hit") and only.select_one("p.notice.issuers") is None
    assert "Sở Y tế" not in " ".join(h.get_text() for h in only.select("li.hit"))


def test_the_department_named_comes_first(issuer_engine):
    assert _issuers(issuer_engine, "so y te binh thuan covid")[0] == "Sở Y tế tỉnh Bình Thuận"


def test_elasticsearch_reads_the_names_from_the_node_and_reuses_them():
    from indexer.engines.elasticsearch_engine import ElasticsearchEngine
    from tests.test_es_engine import FakeNode, es_settings

    node = FakeNode()
    try:
        buckets = [{"key": "UBND tỉnh Bình Thuận", "doc_count": 4}, {"key": "Bộ Y tế", "doc_count": 3}]
        answer = {
            "took": 1,
            "hits": {"total": {"value": 0}, "hits": []},
            "aggregations": {"issuers": {"buckets": buckets}},
        }
        node.routes["/vanban-documents/_search"] = (200, answer)
        engine = ElasticsearchEngine(es_settings(node.url))
        names = engine.issuer_names()
        assert issuer_names.recognise(parse_query("bo y te covid"), names).issuers == ("Bộ Y tế",)
        assert engine.issuer_names() is names and len(node.requests) == 1
    finally:
        node.close()


def test_the_words_beside_the_name_are_scored_as_their_own_sequence():
    from indexer.engines.query_plan import Phrase

    plan = document_plan(_parsed("ubnd tinh binh thuan dich covid"), SearchRequest(), "all")
    phrases = {(c.field, c.words, c.slop, c.boost) for c in plan.should if isinstance(c, Phrase)}
    assert ("syl", ("dich", "covid"), 0, ranking.PHRASE_BOOST) in phrases
    assert ("head", ("dich", "covid"), 0, ranking.HEAD_PHRASE_BOOST) in phrases
    # the name alone leaves nothing beside it
    alone = document_plan(_parsed("bo y te"), SearchRequest(), "all")
    assert not {c.words for c in alone.should if isinstance(c, Phrase)} - {("bo", "y", "te")}


@pytest.fixture(scope="module")
def province_engine(tmp_path_factory):
    """A province's real case folders: the Committee's letters and decisions, and the departments'
    submissions that name the Committee throughout (../shared/corpus/real)."""
    from indexer.engines import open_engine
    from tests.conftest import build_index, need_real

    folders = [d for d in (need_real() / "docs").iterdir() if d.is_dir() and d.name.startswith("binhthuan")]
    settings, _ = build_index(folders, tmp_path_factory.mktemp("province-index") / "index", "none")
    engine = open_engine(settings)
    yield engine
    engine.close()


@pytest.mark.parametrize(
    "q", ["ubnd tinh binh thuan", "ủy ban nhân dân tỉnh Bình Thuận", "ubnd binh thuan dai hoi"]
)
def test_real_documents_of_the_named_committee_come_first(province_engine, q):
    issuers = [
        h.issuer for h in province_engine.search(SearchRequest(q=q, per_page=60, with_facets=False)).hits
    ]
    others = [i for i, name in enumerate(issuers) if name != "UBND tỉnh Bình Thuận"]
    assert others and issuers.count("UBND tỉnh Bình Thuận") >= 3, (
        "both kinds must match for the test to mean something"
    )
    assert (
        set(issuers[: others[0]]) == {"UBND tỉnh Bình Thuận"}
        and "UBND tỉnh Bình Thuận" not in issuers[others[0] :]
    )


@pytest.mark.parametrize(
    "q, first",
    [
        ("chinh phu", "Chính phủ"),  # before the Government Office's notices that name it
        ("Chính phủ", "Chính phủ"),
        ("ubnd tinh lai chau", "UBND tỉnh Lai Châu"),
        ("so gddt ha noi", "Sở Giáo dục và Đào tạo thành phố Hà Nội"),
        ("ubnd ha noi", "UBND thành phố Hà Nội"),
        ("so y te dien bien", "Sở Y tế tỉnh Điện Biên"),
        ("van phong chinh phu thong bao", "Văn phòng Chính phủ"),
    ],
)
def test_samples_the_named_body_first(samples_engine, q, first):
    assert samples_engine.search(SearchRequest(q=q, with_facets=False)).hits[0].issuer == first
