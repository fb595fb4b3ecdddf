"""Browser walks of issue 16 (Playwright + Debian chromium): follow a search through its feed, and
read the chain of instructions of the seeds' Lai Châu công văn."""

from __future__ import annotations

from urllib.parse import urlsplit

import feedparser
import pytest

from tests import browser_support
from tests.browser_support import LiveServer
from tests.conftest import SEEDS

pytestmark = pytest.mark.browser
browser = browser_support.browser  # the shared fixture, registered in this module


@pytest.fixture(scope="module")
def server(request):
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/corpus not present: these walks need the seeds at {SEEDS}")
    from search_app import create_app

    live = LiveServer(create_app({"SETTINGS": request.getfixturevalue("sample_index")}))
    yield live.url
    live.stop()


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def page(browser, request):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1280, "height": 900}, java_script_enabled=request.param
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors


def test_follow_a_search_through_its_feed(page, server):
    page.goto(server + "/?q=muc+tieu+kep&sort=date_desc")
    hits = [
        page.locator("li.hit").nth(i).get_attribute("data-id") for i in range(page.locator("li.hit").count())
    ]
    assert len(hits) >= 2
    link = page.locator("a", has_text="Theo dõi")
    assert link.get_attribute("type") == "application/atom+xml"
    response = page.request.get(server + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.version == "atom10"
    entries = [urlsplit(e.link).path.rsplit("/", 1)[1] for e in feed.entries]
    assert entries == hits  # the same documents, newest first, as the page sorted by date
    first = feed.entries[0]
    page.goto(first.link)  # a feed reader opens the entry
    page.wait_for_selector(".fulltext")
    number = first.title.split("số ", 1)[1].split(":", 1)[0] if "số " in first.title else ""
    assert number and number in page.locator(".meta").inner_text()
    assert "mục tiêu kép" in [m.lower() for m in page.locator(".fulltext mark").all_inner_texts()]


def _node_y(page, number: str) -> list[float]:
    nodes = page.locator(f'#chuoi-chi-dao svg a.chain-node[data-number="{number}"]')
    return [float(nodes.nth(i).locator("rect").get_attribute("y")) for i in range(nodes.count())]


def test_chain_of_the_lai_chau_cong_van(page, server):
    page.goto(server + "/?q=so:628/UBND-VX")  # a number goes straight to its document
    page.wait_for_selector("#chuoi-chi-dao svg")
    assert "628/UBND-VX" in page.locator(".meta").inner_text()
    root = page.locator("#chuoi-chi-dao svg a.chain-root")
    assert "628/UBND-VX" in root.text_content()
    root_y = float(root.locator("rect").get_attribute("y"))
    above = _node_y(page, "172-TB/TW")
    assert above and max(above) < root_y  # the Politburo notice is drawn above
    for district in ("415/UBND-VX", "38/UBND"):  # samples 24 (huyện Tam Đường) and 25 (xã Bình Lư)
        below = _node_y(page, district)
        assert below and min(below) > root_y, district
    lists = page.locator("#chuoi-chi-dao .chain-below").inner_text()
    assert "UBND huyện Tam Đường" in lists and "UBND xã Bình Lư" in lists
    assert "chưa có trong chỉ mục" in page.locator("#chuoi-chi-dao .chain-above").inner_text()  # 1276-CV/TU
    page.locator('#chuoi-chi-dao svg a.chain-node[data-number="172-TB/TW"]').first.click()
    page.wait_for_selector(".meta")
    assert "172-TB/TW" in page.locator(".meta").inner_text()
    below = page.locator("#chuoi-chi-dao .chain-below").inner_text()
    assert "628/UBND-VX" in below and "415/UBND-VX" in below  # seen from above, the same chain
