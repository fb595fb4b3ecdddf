"""Real browser walks (Playwright + Debian chromium) over the real app served on a free local port.

The journalist and official paths of issue 5 run over samples/ + the shared seeds (the lead's
`sample_index`); a facet/no-JavaScript walk runs over the hand-built web index so the browser layer
is exercised even where the seeds are absent. Screenshots land in $VANBAN_SCREENSHOTS when set.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests import browser_support, conftest_app
from tests.browser_support import LiveServer
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser
browser = browser_support.browser  # the shared fixture, registered in this module

app_index = conftest_app.app_index


def serve(settings):
    from search_app import create_app

    return LiveServer(create_app({"SETTINGS": settings}))


@pytest.fixture(scope="module")
def seed_server(request):
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/corpus not present: the journalist/official paths need the seeds at {SEEDS}")
    settings = request.getfixturevalue("sample_index")
    from indexer.engines import open_engine

    engine = open_engine(settings)
    assert engine.stats()["documents"] >= 5, "the sample index must hold the 5 seed files' documents"
    server = serve(settings)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def web_server(app_index):
    server = serve(app_index["settings"])
    yield server
    server.stop()


@pytest.fixture()
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors  # no script error and no CSP violation on any page visited


def screenshot(page, name: str) -> None:
    folder = os.environ.get("VANBAN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def seed_hits(server, query: str) -> list[dict]:
    """Hits of the API whose source is a shared seed (samples/ may add more matches of their own)."""
    import json
    from urllib.parse import quote
    from urllib.request import urlopen

    with urlopen(f"{server.url}/api/search?{quote(query, safe='=&+/')}&per_page=100") as response:
        body = json.load(response)
    return [h for h in body["hits"] if Path(h["source"]).parent.name == "seeds"]


def test_journalist_path(page, seed_server):
    expected = {h["id"] for h in seed_hits(seed_server, "q=muc+tieu+kep")}
    assert len(expected) == 2, "the two seeds holding “mục tiêu kép”"
    page.goto(seed_server.url + "/")
    page.fill("#q", "muc tieu kep")
    page.press("#q", "Enter")
    page.wait_for_selector("li.hit")
    shown = {
        page.locator("li.hit").nth(i).get_attribute("data-id") for i in range(page.locator("li.hit").count())
    }
    assert expected <= shown
    for doc_id in expected:
        marks = page.locator(f'li.hit[data-id="{doc_id}"] mark').all_inner_texts()
        assert "mục tiêu kép" in [m.lower() for m in marks], marks
    screenshot(page, "search-journalist")
    page.locator(f'li.hit[data-id="{sorted(expected)[0]}"] h3 a').click()
    page.wait_for_selector(".fulltext")
    assert "mục tiêu kép" in [m.lower() for m in page.locator(".fulltext mark").all_inner_texts()]
    title = page.locator("h1").inner_text()
    page.click("[data-copy-link]")
    page.wait_for_selector("[data-copied]")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert urlsplit(copied).path == f"/van-ban/{sorted(expected)[0]}" and copied.startswith(seed_server.url)
    screenshot(page, "document-journalist")
    page.goto(copied)  # a colleague opens the shared link
    assert page.locator("h1").inner_text() == title


def test_official_path(page, seed_server):
    cong_van = [
        h for h in seed_hits(seed_server, "province=Lai+Châu&year=2021") if h["doc_type"] == "công văn"
    ]
    assert len(cong_van) == 1, "seed 004: the Lai Châu công văn of September 2021"
    page.goto(seed_server.url + "/")
    page.locator('section[data-facet="province"] a', has_text="Lai Châu").first.click()
    page.locator(".years a.year", has_text="2021").click()
    page.wait_for_selector(".chips .chip >> nth=1")
    assert parse_qs(urlsplit(page.url).query) == {"province": ["Lai Châu"], "year": ["2021"]}
    screenshot(page, "search-official")
    page.locator(f'li.hit[data-id="{cong_van[0]["id"]}"] h3 a').click()
    page.wait_for_selector("#dan-chieu")
    screenshot(page, "document-official")
    implemented = page.locator("#dan-chieu li").filter(has=page.locator(".relation", has_text="thực hiện"))
    assert implemented.count() >= 1
    link = implemented.locator("a.cite-link")
    assert link.count() >= 1, "241/TB-VPCP (samples/23_vpcp_tb_241_2021.txt) must be linked as indexed"
    link.first.click()
    page.wait_for_selector(".meta")
    assert "241/TB-VPCP" in page.locator(".meta").inner_text()
    page.go_back()
    assert page.locator("#dan-chieu").count() == 1  # back works


def test_facets_chips_and_document_over_web_index(page, web_server):
    page.goto(web_server.url + "/?q=dich")
    page.locator('section[data-facet="province"] a', has_text="Lai Châu").click()
    page.wait_for_selector(".chips .chip")
    assert page.locator("li.hit").count() == 2
    page.select_option("#sort", "date_asc")  # JS submits on change
    page.wait_for_url("**sort=date_asc**")
    dates = page.locator("li.hit time").all_inner_texts()
    assert dates == ["29/3/2020", "tháng 9/2021"]
    page.locator(".chips .chip").first.click()
    page.wait_for_selector(".chips", state="detached")
    page.go_back()
    assert page.locator(".chips .chip").count() == 1  # back/forward replay the URL state
    page.locator("li.hit h3 a").last.click()
    page.wait_for_selector(".fulltext mark")
    page.keyboard.press("n")
    assert page.locator(".fulltext mark.current").count() == 1
    page.locator("summary[aria-label]").click()  # help popover
    assert page.locator(".help-body").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator(".help-body").is_visible()


def test_works_without_javascript(browser, web_server):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(web_server.url + "/")
        page.fill("#q", "muc tieu kep")
        page.press("#q", "Enter")
        page.wait_for_selector("li.hit")
        assert page.locator("li.hit").count() == 3
        page.select_option("#sort", "date_desc")
        page.click(".sort button")  # the button JS hides
        assert "sort=date_desc" in page.url
        page.locator(".range input[name=from]").fill("1/2021")
        page.locator(".range button").click()
        assert parse_qs(urlsplit(page.url).query)["from"] == ["2021-01"]
        assert page.locator(".chips .chip").count() == 1
        page.locator("summary[aria-label]").click()
        assert page.locator(".help-body").is_visible()  # <details> needs no script
    finally:
        context.close()
