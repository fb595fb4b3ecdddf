"""HTML: visible text as lines, tables as "a | b" rows, charset from BOM or meta, no script/nav."""

from __future__ import annotations

import pytest

from indexer.errors import SourceError
from indexer.sources import read_source
from indexer.sources.html import declared_charset, html_to_text, read_html
from tests.broken_files import to_cp1258


@pytest.mark.parametrize(
    "markup, text",
    [
        (
            "<p>Số: 628/UBND-VX</p><p>V/v phòng, chống dịch Covid-19</p>",
            "Số: 628/UBND-VX\nV/v phòng, chống dịch Covid-19",
        ),
        (
            "<div>Kính gửi:<br>- Các sở, ban, ngành;<br/>- UBND các huyện.</div>",
            "Kính gửi:\n- Các sở, ban, ngành;\n- UBND các huyện.",
        ),
        (
            "<p>Thông   báo\n  kết <b>luận</b> số <a href='#'>172-TB/TW</a></p>",
            "Thông báo kết luận số 172-TB/TW",
        ),
        (
            "<p>Bộ Y tế &amp; Bộ Công an &ndash; &#7911;y ban &lt;mật&gt;&nbsp;</p>",
            "Bộ Y tế & Bộ Công an – ủy ban <mật>",
        ),
        (
            "<table><tr><td>ỦY BAN NHÂN DÂN<br>TỈNH LAI CHÂU</td>"
            "<td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</td></tr>"
            "<tr><th>Số: 628/UBND-VX</th><td></td></tr></table>",
            "| ỦY BAN NHÂN DÂN<br>TỈNH LAI CHÂU | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 628/UBND-VX",
        ),
        (
            "<html><head><title>Cổng TTĐT</title><style>p{}</style><script>var a='x';</script></head>"
            "<body><nav><a>Trang chủ</a></nav><noscript>Bật JavaScript</noscript><h1>Chỉ thị 16/CT-TTg</h1>"
            "<!-- ghi chú --><p>Thực hiện cách ly toàn xã hội</p><script>track()</script></body></html>",
            "Chỉ thị 16/CT-TTg\nThực hiện cách ly toàn xã hội",
        ),
        ("<ul><li>Điều 1.</li><li>Điều 2.</li></ul>\n\n\n<p></p><p>Điều 3.</p>", "Điều 1.\nĐiều 2.\nĐiều 3."),
        ("<pre>1.  Khoản một\n    a) điểm a</pre>", "1.  Khoản một\na) điểm a"),
    ],
    ids=["paragraphs", "br", "inline", "entities", "table", "dropped", "lists", "pre"],
)
def test_html_to_text(markup, text):
    assert html_to_text(markup) == text


@pytest.mark.parametrize(
    "head, charset",
    [
        (b"<meta charset='windows-1258'>", "windows-1258"),
        (b'<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">', "UTF-8"),
        (b'<meta http-equiv="content-type" content="text/html;charset=iso-8859-1" />', "iso-8859-1"),
        (b"<meta charset=bogus-charset>", None),
        (b"<p>no meta</p>", None),
    ],
)
def test_declared_charset(head, charset):
    assert declared_charset(b"<html><head>" + head + b"</head>") == charset


PAGE = "<html><head><meta charset='{}'></head><body><p>Ủy ban nhân dân tỉnh Điện Biên</p></body></html>"


@pytest.mark.parametrize(
    "data",
    [
        PAGE.format("utf-8").encode(),
        b"\xef\xbb\xbf" + PAGE.format("windows-1258").encode(),  # the BOM wins over the meta
        to_cp1258(PAGE.format("windows-1258")),
        PAGE.format("utf-16").encode("utf-16"),
        to_cp1258(PAGE.format("iso-8859-1")),  # a lying Latin-1 meta: the bytes are cp1258
        PAGE.format("utf-8").replace("<meta charset='utf-8'>", "").encode(),
    ],
    ids=["utf8", "bom-beats-meta", "cp1258", "utf16", "lying-latin1", "no-meta"],
)
def test_charsets(data):
    import unicodedata

    (record,) = read_html(data, "p.html")
    assert unicodedata.normalize("NFC", record.text) == "Ủy ban nhân dân tỉnh Điện Biên"


@pytest.mark.parametrize(
    "data, reason",
    [
        (
            b"<html><head><script>x()</script></head><body><nav>Menu</nav></body></html>",
            "no text in the HTML page",
        ),
        (b"<html>\x00\x00\x00\x00\x01\x02", "binary content: NUL byte at offset 6"),
        (b"\n\n  \n", "no text (only whitespace)"),
        (b"<table><tr><td>" * 3000 + b"x", "HTML nested too deeply"),
        (
            b'<html><head><title>Danh s\xc3\xa1ch</title></head><frameset rows="*,39">'
            b'<frame src="x_files/sheet001.htm"><noframes><body><p>This page uses frames, but your browser '
            b"doesn't support them.</p></body></noframes>"
            b"</frameset></html>",
            "frameset page: its text is in its frames' files",
        ),
    ],
)
def test_broken_html(data, reason):
    with pytest.raises(SourceError) as caught:
        read_html(data, "p.html")
    assert caught.value.reason == reason


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTM"])
def test_read_source_dispatches_html(tmp_path, suffix):
    path = tmp_path / f"cv{suffix}"
    path.write_bytes(PAGE.format("utf-8").encode())
    (record,) = read_source(path)
    assert record.text == "Ủy ban nhân dân tỉnh Điện Biên"


def test_deeply_nested_blocks_are_read():
    data = "<div>" * 5000 + "Chỉ thị 16/CT-TTg" + "</div>" * 5000
    (record,) = read_html(data.encode(), "p.html")
    assert record.text == "Chỉ thị 16/CT-TTg"
