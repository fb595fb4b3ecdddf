"""The HTML pages through Flask's test client: facets, chips, results, document page, XSS, params."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup

from indexer.engines.base import SearchRequest
from search_app.format import clause_label, format_count, format_issued, safe_snippet
from search_app.params import normalize_date, parse_args, to_pairs, toggle_filter
from tests import conftest_app
from tests.conftest_app import XSS_PROBES, doc_by_number

# fixtures shared with the other web tests
app_index, app, client = conftest_app.app_index, conftest_app.app, conftest_app.client


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def facet_link(page: BeautifulSoup, facet: str, label: str) -> str:
    for a in page.select(f'section[data-facet="{facet}"] li a'):
        if a.select_one(".label") and a.select_one(".label").get_text(strip=True) == label:
            return a["href"]
    raise AssertionError(f"no {facet} value {label!r}")


# -- pure helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "issued, precision, shown",
    [
        ("2020-03-29", "day", "29/3/2020"),
        ("2021-09", "month", "tháng 9/2021"),
        ("2021", "year", "năm 2021"),
        ("", "unknown", "không rõ ngày"),
        ("2021-09-12", "month", "tháng 9/2021"),
        ("2021-09", "", "tháng 9/2021"),
        ("xx", "day", "không rõ ngày"),
    ],
)
def test_dates_respect_their_precision(issued, precision, shown):
    assert format_issued(issued, precision) == shown


@pytest.mark.parametrize(
    "path, label",
    [("2.2", "mục 2.2"), ("1", "mục 1"), ("Điều 5.2.a", "Điều 5.2.a"), ("a", "điểm a"), ("", "")],
)
def test_clause_labels(path, label):
    assert clause_label(path) == label


@pytest.mark.parametrize(
    "raw, iso",
    [
        ("2021", "2021"),
        ("2021-9", "2021-09"),
        ("12/9/2021", "2021-09-12"),
        ("9/2021", "2021-09"),
        ("29.03.2020", "2020-03-29"),
        ("2020-02-29", "2020-02-29"),
    ],
)
def test_dates_typed_by_people(raw, iso):
    assert normalize_date(raw) == iso


@pytest.mark.parametrize("raw", ["2021-13", "31/2/2021", "2021-02-30", "20211", "abc", "0001", "1/1/21"])
def test_impossible_dates_are_rejected(raw):
    with pytest.raises(ValueError):
        normalize_date(raw)


ROUND_TRIPS = [
    SearchRequest(),
    SearchRequest(q='"mục tiêu kép" -vắc', filters={"province": ["Lai Châu", "Điện Biên"], "year": ["2021"]}),
    SearchRequest(q="so:172-TB/TW", sort="date_asc", page=3, per_page=25),
    SearchRequest(q="phạt tù bao nhiêu năm", match="any"),
    SearchRequest(q="mục tiêu", match="all", page=2),
    SearchRequest(
        filters={"month": ["2021-09"], "issuer": ["UBND tỉnh Lai Châu"]}, date_from="2021-01", date_to="2021"
    ),
]


@pytest.mark.parametrize("request_", ROUND_TRIPS, ids=range(len(ROUND_TRIPS)))
def test_every_state_round_trips_through_its_url(request_):
    pairs = parse_qsl(urlsplit("/?" + "&".join(f"{k}={v}" for k, v in to_pairs(request_))).query)
    from werkzeug.datastructures import MultiDict

    assert parse_args(MultiDict(to_pairs(request_)), strict=True).request == request_
    assert len(pairs) == len(to_pairs(request_))


def test_unselecting_a_year_drops_its_months():
    request = SearchRequest(filters={"year": ["2021", "2020"], "month": ["2021-09", "2020-03"]}, page=4)
    after = toggle_filter(request, "year", "2021")
    assert after.filters == {"year": ["2020"], "month": ["2020-03"]} and after.page == 1
    assert request.filters["year"] == ["2021", "2020"]  # the original is untouched


def test_safe_snippet_allows_only_mark():
    assert str(safe_snippet("a <mark>b</mark> &lt;c&gt;")) == "a <mark>b</mark> &lt;c&gt;"
    assert str(safe_snippet('<script>x</script><mark onclick="y">')) == (
        "&lt;script&gt;x&lt;/script&gt;&lt;mark onclick=&quot;y&quot;&gt;"
    )


def test_vietnamese_digit_grouping():
    assert format_count(1234567) == "1.234.567"


# -- search page --------------------------------------------------------------------------------


def test_search_page_shows_results_with_highlighted_clauses(client):
    page = soup(client.get("/?q=muc+tieu+kep"))
    assert page.select_one("#q")["value"] == "muc tieu kep"
    hits = page.select("li.hit")
    assert len(hits) == 3
    lc2021 = next(h for h in hits if "241/TB-VPCP" in h.get_text())
    assert lc2021.select_one(".type").get_text(strip=True) == "Công văn"
    assert lc2021.select_one(".number").get_text(strip=True) == "không số"
    assert lc2021.select_one("time").get_text(strip=True) == "tháng 9/2021"
    assert lc2021.select_one(".clauses .path").get_text(strip=True) == "mục 2"
    assert lc2021.select_one(".clauses mark").get_text() == "mục tiêu kép"
    assert lc2021.select_one(".clauses .path")["href"].endswith("#c-2")
    assert "q=muc+tieu+kep" in lc2021.select_one("h3 a")["href"]


def test_facet_click_filters_and_chip_removes_it(client):
    first = soup(client.get("/?q=dich"))
    url = facet_link(first, "province", "Lai Châu")
    filtered = soup(client.get(url))
    chips = filtered.select(".chips .chip")
    assert [c.get_text(" ", strip=True).split(" ×")[0] for c in chips] == ["Tỉnh, thành phố: Lai Châu"]
    assert {h.select_one(".issuer").get_text() for h in filtered.select("li.hit")} == {"UBND tỉnh Lai Châu"}
    selected = filtered.select_one('section[data-facet="province"] li.selected .count').get_text()
    assert selected == "2"
    year_url = next(a["href"] for a in filtered.select(".years a.year") if "2021" in a.get_text())
    both = soup(client.get(year_url))
    assert len(both.select("li.hit")) == 1 and len(both.select(".chips .chip")) == 2
    removed = soup(client.get(both.select(".chips .chip")[0]["href"]))
    assert len(removed.select(".chips .chip")) == 1  # only the year is left
    cleared = soup(client.get(both.select_one(".clear-all")["href"]))
    assert not cleared.select(".chips .chip") and cleared.select_one("#q")["value"] == "dich"


def test_year_shows_a_month_histogram(client):
    page = soup(client.get("/?type=kế+hoạch&year=2022"))
    months = page.select(".years li.selected .months li")
    # each bar says which month it is ("tháng 6", not a bare "6")
    assert [m.select_one(".month-label").get_text() for m in months] == [f"tháng {i}" for i in range(1, 13)]
    assert all(m.select_one(".bar span")["class"][0].startswith("w") for m in months)


def test_province_view_switches_to_post_2025(client):
    page = soup(client.get("/?type=kế+hoạch&pv=current"))
    assert page.select_one('section[data-facet="province_current"]') is not None
    counts = {
        a.select_one(".label").get_text(): a.select_one(".count").get_text()
        for a in page.select('section[data-facet="province_current"] li a')
    }
    assert counts["Tuyên Quang"] == "12"  # Hà Giang merged into Tuyên Quang
    assert "Hà Giang" not in counts


def test_pagination_and_sort_links_keep_the_state(client):
    page = soup(client.get("/?type=kế+hoạch&sort=date_asc"))
    assert page.select_one(".total strong").get_text() == "24"
    next_url = page.select_one('.pager a[rel="next"]')["href"]
    assert dict(parse_qsl(urlsplit(next_url).query)) == {"type": "kế hoạch", "sort": "date_asc", "page": "2"}
    second = soup(client.get(next_url))
    assert second.select_one("ol.hits")["start"] == "11"
    assert second.select_one("#sort option[selected]")["value"] == "date_asc"


@pytest.mark.parametrize(
    "sent, canonical",
    [
        ("/?q=+5K++&from=&to=&sort=relevance", "/?q=5K"),
        ("/?q=dich&from=1/2021&to=12/9/2021", "/?q=dich&from=2021-01&to=2021-09-12"),
        ("/?year=2021&province=L%C3%A0o+Cai&page=1&per_page=10", "/?province=L%C3%A0o+Cai&year=2021"),
        ("/?q=&list=1", "/?list=1"),
    ],
)
def test_form_submissions_land_on_one_canonical_url(client, sent, canonical):
    response = client.get(sent)
    assert response.status_code == 302 and response.headers["Location"] == canonical
    assert client.get(canonical).status_code == 200  # and the canonical URL is final


def test_empty_state_suggests_ways_out(client):
    page = soup(client.get("/?q=mục+tiêu+kép&province=Hà+Giang&match=all"))
    assert page.select_one(".empty h2") is not None
    tips = [a.get_text() for a in page.select(".empty li a")]
    assert any("Bỏ bộ lọc" in t and "Hà Giang" in t for t in tips)
    assert any("muc tieu kep" in t for t in tips)


def test_number_query_goes_straight_to_the_document(client, app_index):
    target = doc_by_number(app_index["docs"], "172-TB/TW")
    response = client.get("/?q=172-TB/TW")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == f"/van-ban/{target.id}"
    listed = soup(client.get("/?q=172-TB/TW&list=1"))
    first = listed.select_one("li.hit")
    assert first.select_one(".number").get_text(strip=True) == "số 172-TB/TW"
    assert first.select_one("details.copies summary").get_text(strip=True) == "+1 bản sao"


# -- document page ------------------------------------------------------------------------------


def test_document_page_anchors_highlights_and_citations(client, app_index):
    docs = app_index["docs"]
    lc628, tb172 = doc_by_number(docs, "628/UBND-VX"), doc_by_number(docs, "172-TB/TW")
    page = soup(client.get(f"/van-ban/{lc628.id}?q=quan+triet"))
    assert [a["id"] for a in page.select(".fulltext a.clause-anchor")] == ["c-1", "c-2"]
    marks = [m.get_text() for m in page.select(".fulltext mark")]
    assert marks and set(marks) == {"quán triệt"}
    assert page.select_one(".fulltext").get_text().replace("\n", "") == lc628.text.replace("\n", "")
    linked = page.select("#dan-chieu a.cite-link")
    assert [a["href"] for a in linked] == [f"/van-ban/{tb172.id}"]
    assert "1276-CV/TU" in page.select_one("#dan-chieu .cite-missing").get_text()
    assert page.select_one(".relation").get_text() == "thực hiện"
    meta = {dt.get_text(): dt.find_next_sibling("dd") for dt in page.select(".meta dt")}
    assert meta["Ngày ban hành"].get_text(" ", strip=True).startswith("29/3/2020")
    assert meta["Số, ký hiệu"].select_one("abbr.prov-stated") is not None
    notice = soup(client.get(f"/van-ban/{tb172.id}"))
    cited_by = [a["href"] for a in notice.select("#dan-chieu .rel a")]
    assert f"/van-ban/{lc628.id}" in cited_by
    assert notice.select_one(".meta abbr.prov-inferred") is not None  # issuer was inferred
    assert "Bản sao (1)" in notice.get_text()


def test_source_file_route_serves_only_indexed_sources(app_index, tmp_path):
    from search_app import create_app

    lc628 = doc_by_number(app_index["docs"], "628/UBND-VX")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "lc628.txt").write_text(lc628.text, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("mật", encoding="utf-8")
    client = create_app({"SETTINGS": app_index["settings"], "SOURCE_ROOT": str(tmp_path)}).test_client()
    response = client.get(f"/van-ban/{lc628.id}/nguon")
    assert response.status_code == 200 and response.get_data(as_text=True) == lc628.text
    assert response.mimetype == "text/plain"
    page = soup(client.get(f"/van-ban/{lc628.id}"))
    assert page.select_one(".meta .source a")["href"] == f"/van-ban/{lc628.id}/nguon"
    for url in [
        "/van-ban/..%2Fsecret.txt/nguon",
        "/van-ban/secret.txt/nguon",
        "/van-ban/0000000000000000/nguon",
    ]:
        assert client.get(url).status_code == 404
    other = doc_by_number(app_index["docs"], "241/TB-VPCP")  # indexed, but its file is not on this server
    assert client.get(f"/van-ban/{other.id}/nguon").status_code == 404


def test_unknown_document_gets_a_friendly_page(client):
    response = client.get("/van-ban/0000000000000000")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Không tìm thấy" in response.get_data(as_text=True)


# -- XSS ------------------------------------------------------------------------------------------


def assert_no_injection(html: str) -> None:
    for probe in XSS_PROBES:
        assert probe not in html, probe
    assert html.count("<script") == 1  # our own script tag, in <head>


def test_hostile_document_and_query_cannot_inject_markup(client, app_index):
    hostile = next(d for d in app_index["docs"] if d.source == "seeds/<script>.txt")
    results = client.get("/", query_string={"q": '<script>alert(1)</script> "><img src=x> mục tiêu kép'})
    assert results.status_code == 200
    assert_no_injection(results.get_data(as_text=True))
    listing = client.get("/?q=muc+tieu+kep")
    html = listing.get_data(as_text=True)
    assert_no_injection(html)
    assert "&lt;script&gt;alert(&#39;subject&#39;)&lt;/script&gt;" in html  # shown, as text
    page = client.get(f"/van-ban/{hostile.id}", query_string={"q": "<script> mục tiêu"})
    assert_no_injection(page.get_data(as_text=True))
    facets = client.get("/?year=2019")
    assert_no_injection(facets.get_data(as_text=True))
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Content-Type-Options"] == "nosniff"


def test_relaxed_results_say_so_discreetly(client):
    relaxed = soup(client.get("/?q=cách+ly+các+trường+hợp+tiếp+xúc+ở+Hà+Nội"))
    notice = relaxed.select_one("p.notice.relaxed")
    assert notice is not None and "Không có văn bản chứa tất cả các từ" in notice.get_text()
    assert relaxed.select("li.hit")
    strict = soup(client.get("/?q=cách+ly+các+trường+hợp+tiếp+xúc+ở+Hà+Nội&match=all"))
    assert strict.select_one("p.notice.relaxed") is None and not strict.select("li.hit")
    assert soup(client.get("/?q=muc+tieu+kep")).select_one("p.notice.relaxed") is None


def test_unknown_match_mode_is_dropped_on_the_page(client):
    page = soup(client.get("/?q=muc+tieu+kep&match=most"))
    assert "match" in page.select_one("p.notice").get_text()
    assert len(page.select("li.hit")) == 3


@pytest.mark.parametrize(
    "q,notice",
    [
        ("Các trường hợp nào phải cách ly tập trung?", "Câu hỏi"),
        ("cách ly các trường hợp tiếp xúc ở Hà Nội", "Không có văn bản chứa tất cả các từ"),
    ],
)
def test_relaxed_notice_says_why(client, q, notice):
    # a question is ranked by most words at once: "no document holds every word" would not be true
    page = soup(client.get("/", query_string={"q": q}))
    shown = page.select_one("p.notice.relaxed")
    assert shown is not None and notice in shown.get_text()


@pytest.mark.parametrize(("threshold", "estimated"), [(1, True), (10_000, False)])
def test_facet_counts_beyond_the_exact_count_threshold_say_they_are_estimates(
    app_index, threshold, estimated
):
    """Ops set the exact-count threshold (track_total_hits); beyond it tantivy estimates the facet
    counts from a sample, and the page and the API say so (the total stays exact)."""
    from dataclasses import replace

    from indexer.engines.tantivy_facets import SAMPLED_SLICE, sample_slice
    from search_app import create_app

    sampled = [d for d in app_index["docs"] if d.canonical and sample_slice(d.id) == SAMPLED_SLICE]
    assert sampled, "the app corpus needs a document in the facet sample for this test"
    settings = replace(app_index["settings"], track_total_hits=threshold)
    client = create_app({"SETTINGS": settings, "TESTING": True}).test_client()
    body = client.get("/api/search?q=").get_json()
    assert body["facets_estimated"] is estimated
    assert body["total"] == sum(d.canonical for d in app_index["docs"])
    counts = [v["count"] for values in body["facets"].values() for v in values]
    assert all(c % 16 == 0 for c in counts) if estimated else any(c % 16 for c in counts)
    page = BeautifulSoup(client.get("/").data, "html.parser")
    shown = [c.get_text() for c in page.select(".facets .count")]
    assert shown and all(c.startswith("≈") is estimated for c in shown)
    assert bool(page.select(".facets-estimated")) is estimated
