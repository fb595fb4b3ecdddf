"""Chuỗi chỉ đạo: the chain of instructions over a real tantivy index, its picture and its JSON."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from analyzers.numbers import number_key
from indexer.chain import MISSING_PREFIX, build_chain
from indexer.engines import open_engine
from indexer.levels import CENTRAL, LOCAL, PARTY, PROVINCE, STATE, UNKNOWN, place_of
from indexer.model import Citation, Document
from indexer.settings import Settings
from search_app.chain_svg import chain_svg
from tests import conftest_app
from tests.conftest_app import doc_by_number

app_index, app, client = conftest_app.app_index, conftest_app.app, conftest_app.client
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    "issuer, number, expected",
    [
        ("Bộ Chính trị", "172-TB/TW", (CENTRAL, PARTY)),
        ("", "1276-CV/TU", (PROVINCE, PARTY)),
        ("Huyện ủy Tam Đường", "45-CV/HU", (LOCAL, PARTY)),
        ("Thủ tướng Chính phủ", "16/CT-TTg", (CENTRAL, STATE)),
        ("", "241/TB-VPCP", (CENTRAL, STATE)),
        ("UBND tỉnh Lai Châu", "628/UBND-VX", (PROVINCE, STATE)),
        ("Sở Lao động - Thương binh và Xã hội tỉnh Lai Châu", "", (PROVINCE, STATE)),
        ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "", (PROVINCE, STATE)),
        ("UBND thành phố Hà Nội", "12/CT-UBND", (PROVINCE, STATE)),
        ("UBND thành phố Điện Biên Phủ", "", (LOCAL, STATE)),
        ("UBND huyện Tam Đường", "415/UBND-VX", (LOCAL, STATE)),
        ("UBND xã Bình Lư", "38/UBND", (LOCAL, STATE)),
        ("", "", (UNKNOWN, UNKNOWN)),
    ],
)
def test_level_and_branch_of_an_issuer(issuer, number, expected):
    assert place_of(issuer, number) == expected


def doc(doc_id, number, issuer, issued, *cites, **meta) -> Document:
    return Document(
        id=doc_id,
        source=f"src/{doc_id}.txt",
        content_hash=doc_id,
        text=f"Văn bản {number} của {issuer}.",
        number=number,
        number_key=number_key(number) if number else "",
        doc_type=meta.pop("doc_type", "công văn"),
        issuer=issuer,
        issued=issued,
        issued_precision="day",
        subject=meta.pop("subject", f"Thực hiện {', '.join(cites)}"),
        cites=[Citation(number=c, number_key=number_key(c), relation="thực hiện") for c in cites],
        **meta,
    )


CHAIN_CORPUS = [
    doc("tw", "172-TB/TW", "Bộ Chính trị", "2020-03-21", "1354-BC/BCSĐCP", doc_type="thông báo"),
    doc("tinh", "628/UBND-VX", "UBND tỉnh Lai Châu", "2020-03-29", "1276-CV/TU", "172-TB/TW"),
    doc("huyen", "415/UBND-VX", "UBND huyện Tam Đường", "2020-03-31", "628/UBND-VX"),
    doc("xa", "38/UBND", "UBND xã Bình Lư", "2020-04-02", "415/UBND-VX"),
    # a loop: each says it implements the other
    doc("loop-a", "1/KH-UBND", "UBND tỉnh Yên Bái", "2021-01-02", "2/KH-UBND"),
    doc("loop-b", "2/KH-UBND", "UBND tỉnh Yên Bái", "2021-01-03", "1/KH-UBND"),
    # a long ladder: step n implements step n-1
    *[
        doc(f"step{n}", f"{n}/CV-X", "UBND tỉnh Lào Cai", f"2022-01-{n:02d}", f"{n - 1}/CV-X")
        for n in range(1, 13)
    ],
    doc("hostile", "9/<b>X</b>", '<svg onload=alert(1)> "huyện"', "2020-04-01", "628/UBND-VX"),
]


@pytest.fixture(scope="module")
def chain_engine(tmp_path_factory):
    settings = Settings.load(index_dir=str(tmp_path_factory.mktemp("chain") / "index"), segmenter="none")
    engine = open_engine(settings, create=True)
    engine.add([Document.from_dict(d.to_dict()) for d in CHAIN_CORPUS])
    engine.commit()
    yield engine
    engine.close()


def test_chain_goes_up_and_down_transitively(chain_engine):
    chain = build_chain(chain_engine.get("tinh"), chain_engine)
    depth = {n.key: n.depth for n in chain.nodes}
    assert depth["tw"] == -1 and depth["tinh"] == 0 and depth["huyen"] == 1 and depth["xa"] == 2
    assert depth[MISSING_PREFIX + number_key("1276-CV/TU")] == -1
    assert depth[MISSING_PREFIX + number_key("1354-BC/BCSĐCP")] == -2  # what 172-TB/TW cites, one up
    missing = {n.number for n in chain.nodes if n.missing}
    assert missing == {"1276-CV/TU", "1354-BC/BCSĐCP"}
    edges = {(e.source, e.target) for e in chain.edges}
    assert ("huyen", "tinh") in edges and ("xa", "huyen") in edges and ("tinh", "tw") in edges
    assert not chain.truncated and not any(e.cycle for e in chain.edges)
    levels = {n.key: (n.level, n.branch) for n in chain.nodes}
    assert levels["tw"] == (CENTRAL, PARTY) and levels["xa"] == (LOCAL, STATE)


def test_chain_marks_cycles_and_terminates(chain_engine):
    chain = build_chain(chain_engine.get("loop-a"), chain_engine)
    assert {n.key for n in chain.nodes} == {"loop-a", "loop-b"}
    assert all(e.cycle for e in chain.edges) and len(chain.edges) == 2


def test_chain_is_bounded_in_depth_and_size(chain_engine):
    chain = build_chain(chain_engine.get("step6"), chain_engine, max_depth=3)
    assert sorted(n.depth for n in chain.nodes) == [-3, -2, -1, 0, 1, 2, 3]
    assert chain.truncated
    small = build_chain(chain_engine.get("step6"), chain_engine, max_nodes=4)
    assert len(small.nodes) == 4 and small.truncated
    whole = build_chain(chain_engine.get("step6"), chain_engine, max_depth=20)
    assert len(whole.nodes) == 13 and not whole.truncated  # step1 cites 0/CV-X: a missing node


def test_chain_picture_is_escaped_svg_with_a_link_per_document(chain_engine):
    chain = build_chain(chain_engine.get("tinh"), chain_engine)
    svg = str(chain_svg(chain))
    root = ET.fromstring(svg)  # well-formed: nothing hostile broke out of its text
    assert "<svg onload" not in svg and "<b>X" not in svg
    links = {a.get("href") for a in root.iter(f"{SVG}a")}
    for node in chain.nodes:
        if not node.missing:
            assert f"/van-ban/{node.id}" in links
    dashed = [a for a in root.iter(f"{SVG}a") if "chain-missing" in a.get("class")]
    assert len(dashed) == 2 and all(a.find(f"{SVG}rect").get("stroke-dasharray") for a in dashed)
    # levels as rows: the central notice is drawn above the province document, the commune below
    y = {a.get("data-key"): float(a.find(f"{SVG}rect").get("y")) for a in root.iter(f"{SVG}a")}
    assert y["tw"] < y["tinh"] < y["xa"]
    x = {a.get("data-key"): float(a.find(f"{SVG}rect").get("x")) for a in root.iter(f"{SVG}a")}
    assert x["tw"] < x["tinh"] < x["huyen"] < x["xa"]  # by issue date


def test_chain_api_and_document_page(app_index, client):
    lc628 = doc_by_number(app_index["docs"], "628/UBND-VX")
    body = client.get(f"/api/documents/{lc628.id}/chain").get_json()
    assert body["ok"] and body["root"] == lc628.id
    nodes = {n["number"]: n for n in body["nodes"]}
    assert nodes["172-TB/TW"]["direction"] == "up" and nodes["172-TB/TW"]["url"].startswith("/van-ban/")
    assert nodes["1276-CV/TU"]["missing"] is True and nodes["1276-CV/TU"]["id"] is None
    assert body["limits"] == {"depth": 6, "nodes": 60}
    assert client.get("/api/documents/nope/chain").status_code == 404
    html = client.get(f"/van-ban/{lc628.id}").get_data(as_text=True)
    assert 'id="chuoi-chi-dao"' in html and "<svg" in html
    assert f'href="/van-ban/{nodes["172-TB/TW"]["id"]}"' in html
    assert "chưa có trong chỉ mục" in html


def test_a_number_shared_by_two_documents_follows_the_citation_s_date(tmp_path):
    hanoi = doc("hn", "12/CT-UBND", "UBND thành phố Hà Nội", "2021-10-16", doc_type="chỉ thị")
    other = doc("yb", "12/CT-UBND", "UBND tỉnh Yên Bái", "2019-05-02", doc_type="chỉ thị")
    citer = doc("sgd", "2150/HD-SGDĐT", "Sở Giáo dục và Đào tạo thành phố Hà Nội", "2021-10-25")
    citer.cites = [Citation("12/CT-UBND", number_key("12/CT-UBND"), relation="căn cứ", issued="2021-10-16")]
    settings = Settings.load(index_dir=str(tmp_path / "index"), segmenter="none")
    engine = open_engine(settings, create=True)
    engine.add([hanoi, other, citer])
    engine.commit()
    try:
        up = {n.key for n in build_chain(engine.get("sgd"), engine).nodes}
        assert up == {"sgd", "hn"}
        assert {n.key for n in build_chain(engine.get("yb"), engine).nodes} == {"yb"}
        assert {n.key for n in build_chain(engine.get("hn"), engine).nodes} == {"hn", "sgd"}
    finally:
        engine.close()
