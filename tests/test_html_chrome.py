"""Portal chrome out of an HTML page's text: small hand-written pages in the styles portals use (a
script-rendered page with ARIA tabs, an ASP.NET page laid out with divs and link lists, an article
page with HTML5 landmarks, a Word "web page" export), read by the real reader (BeautifulSoup)."""

from __future__ import annotations

import pytest

from indexer.errors import SourceError
from indexer.sources.html import html_to_text

LETTERHEAD = (
    "<table><tr><td><p>BỘ KHOA HỌC VÀ CÔNG NGHỆ</p><p>Số: 12/2025/TT-BKHCN</p></td>"
    "<td><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>Độc lập - Tự do - Hạnh phúc</p>"
    "<p>Hà Nội, ngày 3 tháng 7 năm 2025</p></td></tr></table>"
)
BODY = (
    "<p>THÔNG TƯ</p><p>Quy định quản lý nhiệm vụ khoa học và công nghệ cấp quốc gia</p>"
    "<p>Căn cứ Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15 ngày 27 tháng 6 năm 2025;</p>"
    "<p>Bộ trưởng Bộ Khoa học và Công nghệ ban hành Thông tư quy định quản lý nhiệm vụ khoa học.</p>"
    "<p>Điều 1. Phạm vi điều chỉnh</p>"
    "<p>Thông tư này quy định việc xác định, tuyển chọn, giao trực tiếp và đánh giá nhiệm vụ khoa học.</p>"
    "<p>Điều 2. Hiệu lực thi hành</p>"
    "<p>Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 9 năm 2025 và thay thế các văn bản trước.</p>"
)
SIGNATURE = (
    "<table><tr><td><p>Nơi nhận:</p><p>- Văn phòng Chính phủ;</p><p>- Lưu: VT, PC.</p></td>"
    "<td><p>KT. BỘ TRƯỞNG</p><p>THỨ TRƯỞNG</p><p>(Đã ký)</p><p>Lê Xuân Định</p></td></tr></table>"
)
DOCUMENT = LETTERHEAD + BODY + SIGNATURE
FIRST = "| BỘ KHOA HỌC VÀ CÔNG NGHỆ<br>Số: 12/2025/TT-BKHCN |"
LAST = "Lê Xuân Định |"

TABBED_PORTAL = f"""<html><body><main><div class="page">
<div class="top"><nav aria-label="breadcrumb"><ol><li><a href="/">Trang chủ</a></li><li>&gt;</li>
  <li><a href="/vb">Văn bản trung ương</a></li></ol></nav>
  <div class="bar"><div class="t">Toàn văn</div><div class="t">Thuộc tính</div><div class="t">Lịch sử</div>
  <div class="t">Tải về</div></div>
  <div class="tools"><span>100%</span><span>Hiện chi tiết thay đổi</span></div></div>
<div class="body"><div class="head"><h1>Thông tư số 12/2025/TT-BKHCN Quy định quản lý nhiệm vụ khoa học
  và công nghệ cấp quốc gia</h1><div class="state"><div>Còn hiệu lực</div>
  <div>Hiệu lực: 01/09/2025</div></div></div>
 <div class="tabs"><div role="tablist"><div role="tab">Toàn văn</div><div role="tab">Thuộc tính</div>
  <div role="tab">Lịch sử</div><div role="tab">Tải về</div></div>
  <div class="holder"><div role="tabpanel"><div class="paper">{DOCUMENT}</div></div></div></div></div>
</div></main>
<footer><p>CỔNG DỮ LIỆU VĂN BẢN</p><p>Điện thoại: 024.3333.4444</p></footer>
<div class="side"><div>Mục lục</div><div>Điều 1. Phạm vi điều chỉnh</div><div>Điều 2. Hiệu lực thi hành</div>
  <div>Khoản 1</div></div>
</body></html>"""

ASPNET_PORTAL = f"""<html><body><form id="aspnetForm" action="./vb.aspx" method="post">
<div id="wrapper"><div id="top"><img src="logo.png" alt="logo"><ul class="m">
  <li><a href="/">TRANG CHỦ</a></li><li><a href="/gt">GIỚI THIỆU</a></li><li><a href="/vb">VĂN BẢN</a></li>
  <li><a href="/lh">LIÊN HỆ</a></li></ul><input type="text" value="Nhập từ khóa"><label>Tìm kiếm</label></div>
<div id="path"><a href="/">Trang chủ</a> » <a href="/vb">Văn bản pháp luật</a> »
  <a href="/vb/tt">Thông tư</a></div>
<div id="middle"><div id="left"><div class="box"><div class="title">VĂN BẢN MỚI</div>
  <ul><li><a href="/vb/1">Nghị định 10/2025/NĐ-CP về quản lý đầu tư</a> (12/01/2025)</li>
  <li><a href="/vb/2">Thông tư 05/2025/TT-BTC hướng dẫn thuế</a> (20/02/2025)</li>
  <li><a href="/vb/3">Quyết định 88/QĐ-TTg phê duyệt đề án</a> (03/03/2025)</li></ul></div></div>
 <div id="content"><ul class="tabs"><li><a href="javascript:void(0)">Toàn văn</a></li>
  <li><a href="/vb/tt/thuoc-tinh">Thuộc tính</a></li><li><a href="/vb/tt/lich-su">Lịch sử</a></li>
  <li><a href="/vb/tt/lien-quan">VB liên quan</a></li><li><a href="/vb/tt/tai-ve">Tải về</a></li></ul>
  <div class="fulltext"><div class="inner">{DOCUMENT}</div></div>
  <div class="share"><a href="/print">In</a> | <a href="/mail">Gửi email</a> |
  <a href="https://fb.example">Chia sẻ</a></div>
 </div></div>
<div id="bottom"><p>CỔNG THÔNG TIN ĐIỆN TỬ</p><p>Địa chỉ: 58 Trần Phú, Hà Nội</p>
  <p>Email: banbientap@example.gov.vn</p><p>© Bản quyền thuộc về cổng thông tin</p></div>
</div></form></body></html>"""

ARTICLE_PORTAL = f"""<html><body><header><div>SỞ NỘI VỤ</div><nav><a href="/">Trang chủ</a>
<a href="/tin">Tin tức</a><a href="/vb">Văn bản</a></nav></header>
<div class="container"><div class="row"><div class="col-9"><article><div class="doc">{DOCUMENT}</div>
</article>
<div class="tags"><a href="/tag/1">khoa học</a>, <a href="/tag/2">công nghệ</a>,
  <a href="/tag/3">nhiệm vụ</a></div></div>
<aside class="col-3"><h3>Văn bản liên quan</h3><p>Nghị định hướng dẫn Luật Khoa học</p></aside></div></div>
<footer>© 2025 Sở Nội vụ. Địa chỉ: 01 Lê Lợi.</footer></body></html>"""

SAVED_TABS = f"""<html><body><ul class="nav nav-tabs" role="tablist"><li><a href="#noidung">Nội dung</a></li>
<li><a href="#thuoctinh">Thuộc tính</a></li><li><a href="#lichsu">Lịch sử</a></li></ul>
<div class="tab-content"><div class="tab-pane fade show active" id="noidung">{DOCUMENT}</div>
<div class="tab-pane fade" id="thuoctinh"><table><tr><td>Số hiệu</td><td>12/2025/TT-BKHCN</td></tr>
<tr><td>Ngày ban hành</td><td>03/07/2025</td></tr></table></div>
<div class="tab-pane fade" id="lichsu"><p>Ngày 03/07/2025: ban hành; ngày 01/09/2025: có hiệu lực.</p></div>
</div>
</body></html>"""

PRINTED_TWICE = f"""<html><body><div class="read"><div class="view">{DOCUMENT}</div></div>
<div class="print-view"><div>{DOCUMENT}</div></div></body></html>"""

HIDDEN_UNTIL_SCRIPT = f"""<html><body><nav><a href="/">Trang chủ</a><a href="/a">Văn bản</a>
<a href="/b">Liên hệ</a></nav><div class="content" style="display:none">{DOCUMENT}</div></body></html>"""


@pytest.mark.parametrize(
    "page",
    [TABBED_PORTAL, ASPNET_PORTAL, ARTICLE_PORTAL, SAVED_TABS, PRINTED_TWICE, HIDDEN_UNTIL_SCRIPT],
    ids=["aria-tabs", "aspnet-divs", "html5-article", "saved-tab-panels", "printed-twice", "script-shows"],
)
def test_portal_page_gives_the_document_only(page):
    text = html_to_text(page)
    assert text.startswith(FIRST), text[:300]
    assert text.endswith(LAST), text[-300:]
    assert text == html_to_text(f"<html><body>{DOCUMENT}</body></html>")


@pytest.mark.parametrize(
    "inside, kept",
    [
        # a document's own linked citations end their clauses: not a list of links
        (
            '<p>Căn cứ <a href="/vb/luat-93">Luật Khoa học</a>, '
            '<a href="/vb/luat-63">Luật Tổ chức Chính phủ</a>'
            ' và <a href="/vb/nd-10">Nghị định số 10/2025/NĐ-CP</a>;</p>'
            '<p>Căn cứ <a href="/vb/nd-20">Nghị định số 20/2025/NĐ-CP</a>;</p>',
            "Căn cứ Luật Khoa học, Luật Tổ chức Chính phủ và Nghị định số 10/2025/NĐ-CP;",
        ),
        # footnotes and a table of contents link inside the page: the document's own
        (
            '<div><p>Mục lục</p><p><a href="#_Toc1">Điều 1. Phạm vi</a></p>'
            '<p><a href="#_Toc2">Điều 2. Hiệu lực</a></p><p><a href="#_Toc3">Phụ lục</a></p></div>'
            '<div id="ftn1"><p><a href="#_ftnref1">[1]</a> Đã sửa.</p></div>',
            "Mục lục\nĐiều 1. Phạm vi\nĐiều 2. Hiệu lực\nPhụ lục\n[1] Đã sửa.",
        ),
        # the signature's lines as the body's siblings, each a short line of its own
        ("<p>KT. BỘ TRƯỞNG</p><p>(Đã ký)</p><p>Lê Xuân Định</p>", "(Đã ký)\nLê Xuân Định"),
        # a title and an appendix beside the body, an article's own header and footer
        (
            "<header><h2>Quy định quản lý nhiệm vụ khoa học</h2></header><div><p>Phụ lục I</p>"
            "<p>Mẫu số 01</p><p>Tên tổ chức: ……</p></div><footer><p>Ngày ký: 03/7/2025</p></footer>",
            "Mẫu số 01\nTên tổ chức: ……",
        ),
        # a list of repealed documents, each paragraph opening with its link: inside the sentence
        (
            "<div><p>Bãi bỏ các văn bản sau:</p>"
            + "".join(
                f'<div><p><a href="/vb/{n}">Thông tư số {n}/2010/TT-BKHCN</a> ngày 12 tháng 3 năm 2010 '
                "của Bộ trưởng Bộ Khoa học và Công nghệ</p></div>"
                for n in (1, 2, 3)
            )
            + "</div>",
            "Thông tư số 3/2010/TT-BKHCN ngày 12 tháng 3 năm 2010",
        ),
    ],
    ids=["linked-citations", "in-page-links", "signature-lines", "appendix-and-own-landmarks", "repealed"],
)
def test_document_text_is_kept(inside, kept):
    page = (
        "<html><body><nav><a href='/'>Trang chủ</a></nav><div id='page'><div id='col'><article>"
        f"<div class='body'>{BODY}{BODY}</div>{inside}</article></div></div></body></html>"
    )
    assert kept in html_to_text(page)
    assert "Trang chủ" not in html_to_text(page)


TEASERS = "".join(
    f'<div class="item"><a href="/tin/{n}">Hội nghị tổng kết công tác năm 202{n} của ngành</a>'
    f"<p>Sáng ngày 1{n}/1, Sở tổ chức hội nghị tổng kết công tác năm 202{n} và triển khai nhiệm vụ.</p></div>"
    for n in range(1, 5)
)


@pytest.mark.parametrize(
    "document",
    [DOCUMENT, LETTERHEAD + "<p>Đề nghị các cơ quan, đơn vị triển khai thực hiện kế hoạch.</p>" + SIGNATURE],
    ids=["long-document", "short-letter-fewer-words-than-the-teasers"],
)
def test_teaser_list_is_dropped(document):
    page = (
        f"<html><body><div class='main'><div class='post'><div class='post-body'>{document}</div></div>"
        f"<div class='other'><h3>Tin khác</h3>{TEASERS}</div></div></body></html>"
    )
    text = html_to_text(page)
    assert "Tin khác" not in text and "tổng kết" not in text, text
    assert text.startswith(FIRST) and text.endswith(LAST)


def test_a_listing_page_of_teasers_only_is_left_as_it_is():
    page = f"<html><body><h1>Tin tức</h1>{TEASERS}</body></html>"
    assert "tổng kết công tác năm 2024" in html_to_text(page)


MIXED_CASE_LETTERHEAD = (
    '<div class="head"><div class="left"><p>Bộ Khoa học và Công nghệ</p><p>Số: 12/2025/TT-BKHCN</p></div>'
    '<div class="right"><p>Cộng hòa xã hội chủ nghĩa Việt Nam</p><p>Độc lập - Tự do - Hạnh phúc</p>'
    "<p>Hà Nội, ngày 3 tháng 7 năm 2025</p></div></div>"
)


@pytest.mark.parametrize(
    "before, kept",
    [
        # a letterhead written in lower case (CSS upper-cases it) out of the body's wrappers
        (MIXED_CASE_LETTERHEAD, "Bộ Khoa học và Công nghệ\nSố: 12/2025/TT-BKHCN\nCộng hòa xã hội"),
        # the document's own title as a heading: it never carries the document's number
        ("<h1>Quy định quản lý nhiệm vụ khoa học và công nghệ</h1>", "Quy định quản lý nhiệm vụ"),
    ],
    ids=["lower-case-letterhead", "own-title-heading"],
)
def test_document_parts_far_from_the_body_are_kept(before, kept):
    page = (
        f"<html><body><div class='doc'>{before}<div class='wrap'><div class='inner'>{BODY}</div>"
        f"<div class='note'>Bản in</div></div></div></body></html>"
    )
    assert html_to_text(page).startswith(kept)


def test_a_page_built_of_landmarks_keeps_its_letterhead_and_closing():
    page = f"<html><body><header>{LETTERHEAD}</header><main>{BODY}</main><footer>{SIGNATURE}</footer>"
    assert html_to_text(page) == html_to_text(f"<html><body>{DOCUMENT}</body></html>")


def test_a_page_saved_on_another_tab_keeps_the_document():
    page = SAVED_TABS.replace("fade show active", "fade")
    page = page.replace('fade" id="thuoctinh"', 'active" id="thuoctinh"')
    assert html_to_text(page).startswith(FIRST)


def test_a_word_of_the_tab_bar_stays_in_the_document():
    page = (
        '<html><body><div role="tab">Thuộc tính kỹ thuật</div><div><div><div class="doc">'
        f"{BODY}<table><tr><td>Thuộc tính kỹ thuật</td><td>Giá trị</td></tr></table></div></div></div>"
        "</body></html>"
    )
    assert html_to_text(page).endswith("Thuộc tính kỹ thuật | Giá trị")


WORD_EXPORT = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv=Content-Type content="text/html; charset=windows-1252"><style>p.MsoNormal{}</style></head>
<body lang=EN-US><div class=WordSection1>LETTERHEAD BODY
<p class=MsoNormal>Nội dung chi tiết tại phụ lục kèm theo<a style='mso-footnote-id:ftn1'
href="#_ftn1">[1]</a>.</p>
SIGNATURE</div><span style='font-size:12pt'><br clear=all style='page-break-before:always'></span>
<div class=WordSection2><p class=MsoNormal>PHỤ LỤC</p><table class=MsoTableGrid><tr><td><p>STT</p></td>
<td><p>Nội dung</p></td></tr><tr><td><p>1</p></td><td><p>Tuyên truyền</p></td></tr></table></div>
<div style='mso-element:footnote-list'><div id=ftn1><p class=MsoFootnoteText><a href="#_ftnref1">[1]</a>
Theo Kế hoạch số 16/KH-MTTQ-BTT.</p></div></div></body></html>"""


def test_word_export_comes_through_unchanged():
    from bs4 import BeautifulSoup

    from indexer.sources.html import _render

    page = WORD_EXPORT.replace("LETTERHEAD", LETTERHEAD).replace("BODY", BODY).replace("SIGNATURE", SIGNATURE)
    pieces: list[str] = []
    _render(BeautifulSoup(page, "html.parser"), pieces, pre=False)  # the page without chrome removal
    unstripped = "\n".join(line.strip() for line in "".join(pieces).split("\n") if line.strip())
    assert html_to_text(page) == unstripped
    assert "Theo Kế hoạch số 16/KH-MTTQ-BTT." in unstripped and "1 | Tuyên truyền" in unstripped


def test_a_page_shell_without_a_document_keeps_its_own_text():
    page = (
        "<html><body><nav><a href='/'>Trang chủ</a></nav><h1>Văn bản hợp nhất số 14/VBHN-BCT</h1>"
        "<table><tr><td>Số hiệu</td><td>14/VBHN-BCT</td></tr></table>"
        "<footer>Điện thoại: 024.1234.5678</footer>"
        "</body></html>"
    )
    assert html_to_text(page) == "Văn bản hợp nhất số 14/VBHN-BCT\nSố hiệu | 14/VBHN-BCT"


def _real_pages() -> list[str]:
    from tests.conftest import REAL

    docs = REAL / "docs"
    if not docs.is_dir():
        return ["(../shared/corpus/real absent)"]
    pages = [p for p in docs.rglob("*") if p.suffix.lower() in (".htm", ".html")]
    return sorted(p.relative_to(REAL).as_posix() for p in pages)


@pytest.mark.parametrize("name", _real_pages(), ids=lambda name: name.rsplit("/", 1)[-1][:40])
def test_real_page_text_is_one_slice_starting_at_the_letterhead(name):
    """Every HTML page of ../shared/corpus/real: its text starts at the letterhead when it has one, and
    is one slice of the page's full text (chrome only ever cut around the document, never inside)."""
    from bs4 import BeautifulSoup

    from bench.html_edges import letterhead_line
    from indexer.sources.encoding import decode_text, repair_legacy
    from indexer.sources.html import _render, declared_charset, read_html
    from tests.conftest import need_real

    real = need_real()
    data = (real / name).read_bytes()
    if b"<frameset" in data.lower():  # an Excel export's shell: the sheet is another file
        with pytest.raises(SourceError, match="frameset page"):
            read_html(data, name)
        return
    (record,) = read_html(data, name)
    markup, _ = decode_text(data, name, declared=declared_charset(data), repair=False)
    pieces: list[str] = []
    _render(BeautifulSoup(markup, "html.parser"), pieces, pre=False)
    whole = "\n".join(line.strip() for line in "".join(pieces).split("\n") if line.strip())
    whole = repair_legacy(whole)[0]
    if letterhead_line(whole) >= 0:
        assert letterhead_line(record.text) == 0, record.text[:300]
        assert record.text in whole
