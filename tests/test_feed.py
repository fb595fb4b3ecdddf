"""The Atom feed twin of every search: read by a real feed parser (feedparser) and a strict XML parser."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from indexer.engines.base import ClauseHit, Hit, SearchRequest
from search_app.feed import FEED_MAX_ENTRIES, atom_feed, build_feed
from tests import conftest_app
from tests.conftest_app import XSS_PROBES

app_index, app, client = conftest_app.app_index, conftest_app.app, conftest_app.client

ATOM = "{http://www.w3.org/2005/Atom}"


def get_feed(client, **params):
    response = client.get("/feed.atom", query_string=params)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    body = response.get_data(as_text=True)
    ET.fromstring(body.encode())  # well-formed for a strict parser too
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed, body


def test_feed_is_atom_newest_first_with_the_page_s_results(client):
    parsed, body = get_feed(client, q="dịch", province="Lai Châu")
    api = client.get("/api/search", query_string={"q": "dịch", "province": "Lai Châu", "sort": "date_desc"})
    expected = [h["id"] for h in api.get_json()["hits"]]
    got = [urlsplit(e.link).path.rsplit("/", 1)[1] for e in parsed.entries]
    assert got == expected and len(got) == 2
    first = parsed.entries[0]
    assert first.title.startswith("Công văn")  # lc2021 (2021-09) before 628 (2020-03-29)
    second = parsed.entries[1]
    assert "628/UBND-VX" in second.title and second.author == "UBND tỉnh Lai Châu"
    assert second.published.startswith("2020-03-29")
    assert second.updated  # when it was indexed
    assert second.id.endswith(urlsplit(second.link).path)
    assert parse_qs(urlsplit(second.link).query) == {"q": ["dịch"]}  # the page highlights the query
    assert "29/3/2020" in second.summary and "mục 2" in second.summary
    # the HTML as sent (feedparser's sanitiser drops <mark>, a reader's may keep it)
    raw = ET.fromstring(body.encode()).findall(f"{ATOM}entry")[1].find(f"{ATOM}summary").text
    assert "<mark>dịch</mark>" in raw
    assert "Lai Châu" in parsed.feed.title and "dịch" in parsed.feed.title
    assert {t.term for t in second.tags} == {"công văn", "Lai Châu"}


def test_feed_link_self_and_alternate_are_the_same_search(client):
    parsed, _ = get_feed(client, q="mục tiêu kép", year="2021", sort="relevance", page="3")
    links = {link.rel: link.href for link in parsed.feed.links}
    self_query = parse_qs(urlsplit(links["self"]).query)
    assert self_query == {"q": ["mục tiêu kép"], "year": ["2021"]}  # order and page are the feed's own
    page = urlsplit(links["alternate"])
    assert page.path == "/" and parse_qs(page.query)["year"] == ["2021"]


def test_feed_size_is_bounded(client):
    parsed, _ = get_feed(client)
    assert len(parsed.entries) == 20
    parsed, _ = get_feed(client, per_page="100")
    total = client.get("/api/search").get_json()["total"]
    assert len(parsed.entries) == min(FEED_MAX_ENTRIES, total) and total > 20
    parsed, _ = get_feed(client, per_page="2")
    assert len(parsed.entries) == 2


def test_hostile_document_cannot_break_or_inject_into_the_feed(client):
    parsed, body = get_feed(client, q="mục tiêu kép")
    hostile = [e for e in parsed.entries if "alert" in e.title]
    assert hostile, "the hostile document matches the query"
    for probe in XSS_PROBES:
        assert probe not in body  # every '<' of the document is escaped in the XML text
    assert "<script>alert('subject')</script>" in hostile[0].title  # shown as text, intact


def test_atom_feed_survives_characters_xml_forbids():
    hit = Hit(
        id="x1",
        score=0,
        number="1/\x00UBND",
        doc_type="công văn",
        issuer="UBND \x1b huyện ]]> & <b>",
        province="",
        province_current="",
        issued="2021",
        issued_precision="year",
        source="",
        subject="Trích yếu \ufffe có ký tự \x07 lạ & “ngoặc”",
        signer="",
        clauses=[ClauseHit("1", "1.", "c-1", "a <mark>mục tiêu</mark> &amp; \x0c b")],
    )
    body = atom_feed(build_feed(SearchRequest(q="mục \x01 tiêu"), [hit], "http://h"))
    ET.fromstring(body.encode())
    parsed = feedparser.parse(body)
    assert not parsed.bozo
    entry = parsed.entries[0]
    assert entry.title == "Công văn số 1/UBND: Trích yếu  có ký tự  lạ & “ngoặc”".replace("  ", " ", 0)
    assert entry.author == "UBND  huyện ]]> & <b>"
    assert "published" not in entry  # year precision only
    summary = ET.fromstring(body.encode()).find(f"{ATOM}entry/{ATOM}summary").text
    assert "<mark>mục tiêu</mark> &amp; " in summary


@pytest.mark.parametrize("params", [{"from": "31/2/2021"}, {"per_page": "abc"}, {"q": "\x00" * 10}])
def test_bad_parameters_are_read_leniently_like_the_page(client, params):
    get_feed(client, **params)


def test_search_page_links_its_feed(client):
    html = client.get("/", query_string={"q": "mục tiêu kép", "province": "Lai Châu"}).get_data(as_text=True)
    assert 'href="/feed.atom?q=m%E1%BB%A5c+ti%C3%AAu+k%C3%A9p&amp;province=L' in html
    assert ">Theo dõi</a>" in html
    head = html.split("</head>", 1)[0]  # autodiscovery: a feed reader given the page URL finds the feed
    assert '<link rel="alternate" type="application/atom+xml"' in head and 'href="/feed.atom?q=m' in head
