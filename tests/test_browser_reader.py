"""What a reader sees, in Debian's chromium: documents laid out as documents and no markup debris
(`**`, `|---`, `<br>`, a lone `|` cell border) in the visible text of any page.

One screenshot per page kind (search results, a markdown document, a plain-text document, a docx
document), written to $VANBAN_SCREENSHOTS when set (else to the test's temporary directory); a
walk over every sample's page; the same checks over documents of ../shared/corpus/real (markdown,
html and docx sources) when it is present.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.request import urlopen

import pytest

from tests import browser_support
from tests.browser_support import LiveServer
from tests.conftest import SAMPLES, SHARED, build_index

pytestmark = pytest.mark.browser
browser = browser_support.browser  # the shared fixture, registered in this module

REAL = SHARED / "corpus" / "real" / "docs"
# a lone `|` between spaces (or at a line's edge) is a table's cell border, never a word
LONE_BAR = re.compile(r"(?:^|[ \t\u00a0])\|(?:[ \t\u00a0]|$)", re.MULTILINE)


def debris(text: str) -> list[str]:
    found = [d for d in ("**", "|---", "<br>", "<br/>") if d in text]
    found += [m.group().strip() or "|" for m in LONE_BAR.finditer(text)][:1]
    return found


def write_docx(path: Path) -> None:
    """A công văn as offices write it in Word: the two-column header table, then paragraphs."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    cells = [
        ("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
        ("Số: 77/UBND-VX\nV/v tăng cường phòng, chống dịch", "Lai Châu, ngày 5 tháng 8 năm 2021"),
    ]
    for row, values in zip(table.rows, cells, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            first, *more = value.split("\n")  # one paragraph per line, as Word writes a cell
            cell.text = first
            for line in more:
                cell.add_paragraph(line)
    document.add_paragraph("Kính gửi: Các sở, ban, ngành tỉnh.")
    document.add_paragraph("1. Thực hiện nghiêm thông điệp 5K tại nơi làm việc.")
    document.add_paragraph("2. Báo cáo kết quả về UBND tỉnh (*) trước ngày 30/8/2021.")
    document.save(str(path))


@pytest.fixture(scope="module")
def reader_server(tmp_path_factory):
    """samples/ plus a generated docx, indexed by the real pipeline, served by the real app."""
    folder = tmp_path_factory.mktemp("reader-docs")
    write_docx(folder / "cong_van_word.docx")
    settings, report = build_index([SAMPLES, folder], tmp_path_factory.mktemp("reader-index") / "index")
    from search_app import create_app

    server = LiveServer(create_app({"SETTINGS": settings}))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def real_server(tmp_path_factory):
    """A few documents of each rich format of ../shared/corpus/real."""
    if not REAL.is_dir():
        pytest.skip(f"../shared/corpus/real not present at {REAL}: the real-document checks need it")
    chosen = []
    for pattern, count in (("*.md", 7), ("*.docx", 4), ("*.html", 3), ("*.htm", 3)):
        chosen += sorted(REAL.rglob(pattern))[:count]
    folder = tmp_path_factory.mktemp("real-docs")
    for i, path in enumerate(chosen):  # short names: the walk is about the text, not the file names
        (folder / f"{i:02d}{path.suffix}").write_bytes(path.read_bytes())
    settings, _ = build_index([folder], tmp_path_factory.mktemp("real-index") / "index")
    from search_app import create_app

    server = LiveServer(create_app({"SETTINGS": settings}))
    yield server
    server.stop()


@pytest.fixture()
def page(browser):  # noqa: F811 (the browser fixture imported above)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, errors


def shoot(page, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("VANBAN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"reader-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def documents(server) -> list[dict]:
    with urlopen(f"{server.url}/api/search?per_page=100") as response:
        return json.load(response)["hits"]


def doc_by_source(server, suffix: str) -> dict:
    return next(h for h in documents(server) if h["source"].endswith(suffix))


def visible(page) -> str:
    return page.locator("main").inner_text()


def test_search_results_show_snippets_without_debris(page, reader_server, tmp_path):
    page.goto(reader_server.url + "/?q=5K")
    page.wait_for_selector("li.hit")
    assert page.locator("li.hit mark").count() > 0
    text = visible(page)
    assert not debris(text), debris(text)
    # one snippet per passage: no two snippets of a hit read the same
    for hit in page.locator("li.hit").all():
        snippets = [s.strip(" …") for s in hit.locator(".clauses .snip").all_inner_texts()]
        assert len(snippets) == len(set(snippets)), snippets
    # subjects as printed, first letter capitalised
    for title in page.locator("li.hit h3").all_inner_texts():
        assert not title[:1].islower(), title
    shoot(page, "search", tmp_path)


def test_markdown_document_is_laid_out_as_a_document(page, reader_server, tmp_path):
    doc = doc_by_source(reader_server, "21_ubnd_dienbien_cv_table.md")
    page.goto(f"{reader_server.url}/van-ban/{doc['id']}?q=5K")
    header = page.locator("table.doc-header")
    assert header.count() == 1
    left, right = (header.locator("tr").first.locator("td").nth(i).bounding_box() for i in (0, 1))
    assert right["x"] >= left["x"] + left["width"] - 1 and abs(right["y"] - left["y"]) < 2  # side by side
    assert header.locator("strong").first.inner_text() == "ỦY BAN NHÂN DÂN"
    assert page.locator(".fulltext strong", has_text="Thông báo số 215-TB/TU").count() == 1
    assert page.locator(".fulltext mark").all_inner_texts() == ["5K"]
    assert page.evaluate("window.scrollY") == 0  # opens at its top, not scrolled to the first match
    outline = page.locator(".outline a")
    assert outline.count() >= 4
    anchor = outline.first.get_attribute("href")
    assert page.locator(f".fulltext {anchor}").count() == 1
    assert page.locator("a.button", has_text="Tệp gốc").count() == 1
    text = visible(page)
    assert not debris(text), debris(text)
    shoot(page, "document-markdown", tmp_path)


def test_plain_text_document_stays_as_it_is(page, reader_server, tmp_path):
    doc = doc_by_source(reader_server, "10_syt_dienbien_cv_2021.txt")
    page.goto(f"{reader_server.url}/van-ban/{doc['id']}?q=F0")
    shown = page.locator(".fulltext .plain").inner_text()
    original = (SAMPLES / "10_syt_dienbien_cv_2021.txt").read_text(encoding="utf-8")
    assert " ".join(shown.split()) == " ".join(original.split())
    assert page.locator(".fulltext mark").count() >= 1
    assert page.locator(".fulltext table").count() == 0
    shoot(page, "document-plain", tmp_path)


def test_docx_document_shows_its_header_as_two_columns(page, reader_server, tmp_path):
    doc = doc_by_source(reader_server, "cong_van_word.docx")
    page.goto(f"{reader_server.url}/van-ban/{doc['id']}?q=5K")
    cells = page.locator("table.doc-header td").all_inner_texts()
    assert cells[0].startswith("ỦY BAN NHÂN DÂN") and cells[1].startswith("CỘNG HÒA")
    assert page.locator(".fulltext mark").all_inner_texts() == ["5K"]
    text = visible(page)
    assert "(*)" in text and not debris(text), debris(text)
    shoot(page, "document-docx", tmp_path)


def test_no_page_of_the_samples_shows_markup_debris(page, reader_server):
    pages = ["/", "/?q=5K", "/?q=phong+chong+dich", "/?q=ubnd&year=2021", "/?q=-covid"]
    pages += [f"/van-ban/{h['id']}" for h in documents(reader_server)]
    assert len(pages) > 25
    dirty = {}
    for url in pages:
        page.goto(reader_server.url + url)
        found = debris(visible(page))
        if found:
            dirty[url] = found
    assert not dirty, dirty


def test_search_form_details_at_1000_px(page, reader_server):
    page.set_viewport_size({"width": 1000, "height": 800})
    page.goto(reader_server.url + "/?q=phong&year=2021")
    for name in ("from", "to"):
        placeholder = page.locator(f".range input[name={name}]").get_attribute("placeholder")
        assert not re.search(r"\d", placeholder), placeholder  # a hint, not something that looks typed
    label = page.locator(".range label", has_text="đến").bounding_box()
    box = page.locator(".range input[name=to]").bounding_box()
    assert abs((label["y"] + label["height"] / 2) - (box["y"] + box["height"] / 2)) < 6  # on one line
    assert box["width"] >= 100
    months = page.locator(".months .month-label").all_inner_texts()
    assert months and all(re.fullmatch(r"tháng \d{1,2}", m) for m in months), months
    facets = page.locator(".facets")
    assert facets.evaluate("e => getComputedStyle(e).overflowY") == "visible"  # scrolls with the page


def test_real_documents_show_no_markup_debris(page, real_server, tmp_path):
    hits = documents(real_server)
    kinds = {Path(h["source"]).suffix for h in hits}
    assert {".md", ".docx"} <= kinds, kinds
    dirty = {}
    for hit in hits:
        page.goto(f"{real_server.url}/van-ban/{hit['id']}")
        found = debris(visible(page))
        if found:
            dirty[hit["source"]] = found
    for q in ("quyết định", "bau cu", "hiep hoi"):
        page.goto(f"{real_server.url}/?q={q}")
        found = debris(visible(page))
        if found:
            dirty[q] = found
    assert not dirty, dirty
    md = next(h for h in hits if h["source"].endswith(".md"))
    page.goto(f"{real_server.url}/van-ban/{md['id']}")
    shoot(page, "real-markdown", tmp_path)
