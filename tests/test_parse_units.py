"""The parser's pieces on tables of real Vietnamese forms: dates, numbers, bodies, provinces, clauses,
citations, splitting, copies and the inspect view."""

from __future__ import annotations

import json
import unicodedata

import pytest

from indexer.model import Document
from indexer.parse import parse_documents
from indexer.parse.copies import group_copies
from indexer.parse.dates import parse_date
from indexer.parse.doctypes import type_from_number
from indexer.parse.gazetteer import PROVINCES_PATH, current_province, find_province, infer_province
from indexer.parse.names import body_name, signer_title
from indexer.parse.report import format_document
from indexer.parse.resolve import cited_by, link_citations


@pytest.mark.parametrize(
    "text,iso,precision",
    [
        ("Lai Châu, ngày 29 tháng 3 năm 2020", "2020-03-29", "day"),
        ("Lai Châu, ngày     tháng 9 năm 2021", "2021-09", "month"),
        ("ngày 07/5/2021", "2021-05-07", "day"),
        ("Ngày 19-02-2020, Ban Thường vụ", "2020-02-19", "day"),
        ("ĐẾN Ngày: 22.3.20", "2020-03-22", "day"),
        ("Ngày 22. tháng 3. năm 2020...", "2020-03-22", "day"),
        ("Phong Thổ, ngay 25 thang 8 nam 2020", "2020-08-25", "day"),
        ("ngày 31 tháng 2 năm 2021", "2021-02", "month"),  # no such day: keep what is certain
        ("không có ngày", "", "unknown"),
    ],
)
def test_dates(text, iso, precision):
    assert parse_date(text)[:2] == (iso, precision)


@pytest.mark.parametrize(
    "number,doc_type",
    [
        ("172-TB/TW", "thông báo"),
        ("1276-CV/TU", "công văn"),
        ("35-CT/TW", "chỉ thị"),
        ("127-KL/TW", "kết luận"),
        ("30/2020/NĐ-CP", "nghị định"),
        ("05/2021/TT-BYT", "thông tư"),
        ("241/TB-VPCP", "thông báo"),
        ("68/NQ-CP", "nghị quyết"),
        ("1099/CĐ-TTg", "công điện"),
        ("45/KH-UBND", "kế hoạch"),
        ("628/UBND-VX", ""),  # a công văn's symbol has no type code: never guessed
        ("202/2025/QH15", ""),
    ],
)
def test_type_from_number(number, doc_type):
    assert type_from_number(number) == doc_type


@pytest.mark.parametrize(
    "printed,name",
    [
        ("ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "UBND tỉnh Lai Châu"),
        ("UỶ BAN NHÂN DÂN TỈNH VĨNH PHÚC", "UBND tỉnh Vĩnh Phúc"),
        ("BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"),
        ("TỈNH UỶ LAI CHÂU", "Tỉnh ủy Lai Châu"),
        ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư"),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
        ("HUYỆN ỦY PHONG THỔ", "Huyện ủy Phong Thổ"),
        ("VĂN PHÒNG TỈNH ỦY KIẾN GIANG", "Văn phòng Tỉnh ủy Kiên Giang"),  # OCR lost a mark
        ("Ban Thường vụ Tỉnh uỷ", "Ban Thường vụ Tỉnh ủy"),
    ],
)
def test_body_names(printed, name):
    assert body_name(printed) == name


@pytest.mark.parametrize(
    "printed,title",
    [
        ("PHÓ CHỦ TỊCH", "Phó Chủ tịch"),
        ("CHANH VĂN PHÒNG", "Chánh Văn phòng"),
        ("BÍ THƯ", "Bí thư"),
        ("PHÓ BÍ THƯ THƯỜNG TRỰC", "Phó Bí thư Thường trực"),
        ("GIÁM ĐỐC SỞ Y TẾ", "Giám đốc Sở Y tế"),
    ],
)
def test_signer_titles(printed, title):
    assert signer_title(printed) == title


def test_gazetteer_has_63_provinces_before_and_34_after():
    data = json.loads(PROVINCES_PATH.read_text(encoding="utf-8"))
    assert len(data["before_2025"]) == 63 and len(data["after_2025"]) == 34
    merged = sorted(n for entry in data["after_2025"] for n in entry["merged_from"])
    assert merged == sorted(e["name"] for e in data["before_2025"])


@pytest.mark.parametrize(
    "old,new",
    [
        ("Lai Châu", "Lai Châu"),
        ("Điện Biên", "Điện Biên"),
        ("Kiên Giang", "An Giang"),
        ("Vĩnh Phúc", "Phú Thọ"),
        ("Hà Giang", "Tuyên Quang"),
        ("Hòa Bình", "Phú Thọ"),
        ("Bình Dương", "Hồ Chí Minh"),
        ("Quảng Nam", "Đà Nẵng"),
        ("Hải Dương", "Hải Phòng"),
        ("Bạc Liêu", "Cà Mau"),
        ("Kon Tum", "Quảng Ngãi"),
        ("Thừa Thiên Huế", "Huế"),
        ("tỉnh Bắc Cạn", "Thái Nguyên"),
        ("TỈNH KIÊN GIANG", "An Giang"),
        ("Rạch Giá", "An Giang"),
        ("Atlantis", ""),
    ],
)
def test_current_province(old, new):
    assert current_province(old) == new


def test_province_in_running_text_is_case_and_diacritic_exact():
    # "diễn biến" folds to the same letters as "Điện Biên", "hòa bình" (peace) to "Hòa Bình"
    assert infer_province("dịch bệnh diễn biến phức tạp, giữ vững hòa bình") == ("", 0.0)
    assert infer_province("tại tỉnh Điện Biên, diễn biến dịch ở Điện Biên Phủ")[0] == "Điện Biên"
    assert find_province("KIẾN GIANG").name == "Kiên Giang"


def _one(text: str) -> Document:
    docs = parse_documents(text, "t.txt")
    assert len(docs) == 1
    return docs[0]


@pytest.mark.parametrize(
    "body,paths",
    [
        (
            "1. Một.\n2. Hai:\n2.1. Hai một.\n2.2. Hai hai:\na) điểm a;\nb) điểm b.\n3. Ba.",
            ["1", "2", "2.1", "2.2", "2.2.a", "2.2.b", "3"],
        ),
        ("1. Giao Sở Y tế:\n\n- Việc một;\n- Việc hai.\n\n2. Giao Công an tỉnh.", ["1", "1.-1", "1.-2", "2"]),
        (
            "I. MỤC ĐÍCH\n1. Mục đích\n2. Yêu cầu\na) Một;\nII. NỘI DUNG\n1. Nội dung",
            ["I", "I.1", "I.2", "I.2.a", "II", "II.1"],
        ),
        (
            "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nĐiều 2. Mức\n"
            "1. Mức một:\na) Người thứ nhất;\n2. Mức hai.",
            ["Chương I", "Điều 1", "Điều 2", "Điều 2.1", "Điều 2.1.a", "Điều 2.2"],
        ),
        ("- Việc thứ nhất;\n- Việc thứ hai.", ["-1", "-2"]),
        ("**1.** In đậm.\n\n**2.** Cũng in đậm.", ["1", "2"]),
        ("l. Chữ l do OCR.\n2. Hai.\n3, Dấu phẩy do OCR.", ["1", "2", "3"]),
    ],
)
def test_clause_paths(body, paths):
    doc = _one(body)
    assert [c.path for c in doc.clauses] == paths
    for clause in doc.clauses:
        assert doc.text[clause.start : clause.end] == clause.text and clause.text.startswith(clause.label[:1])


def test_clause_span_excludes_closing_sentence_and_signature():
    doc = _one(
        "Kính gửi: Các sở.\n\n1. Việc một.\n\n2. Việc hai.\n\nUBND tỉnh yêu cầu thực hiện./.\n\n"
        "Nơi nhận:\n- Như trên;\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An"
    )
    assert doc.clauses[-1].text == "2. Việc hai."
    assert (doc.signer, doc.signer_title, doc.signer_authority) == ("Nguyễn Văn An", "Phó Chủ tịch", "KT.")


def test_no_header_still_parses_with_everything_unknown():
    doc = _one("Tình hình dịch bệnh còn phức tạp.\n\n1. Đeo khẩu trang.\n2. Giữ khoảng cách.")
    assert (doc.number, doc.doc_type, doc.issuer, doc.issued, doc.issued_precision) == (
        "",
        "",
        "",
        "",
        "unknown",
    )
    assert [c.path for c in doc.clauses] == ["1", "2"] and doc.text.startswith("Tình hình")


def test_empty_text():
    (doc,) = parse_documents("", "empty.txt")
    assert doc.clauses == [] and doc.id


def test_nfd_input_reads_like_nfc():
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN\n\nSố: 12/UBND-VX\n\nĐiện Biên, ngày 3 tháng 5 năm 2021\n\n1. Một."
    )
    nfd = _one(unicodedata.normalize("NFD", text))
    assert (nfd.issuer, nfd.number, nfd.issued) == ("UBND tỉnh Điện Biên", "12/UBND-VX", "2021-05-03")


@pytest.mark.parametrize(
    "sentence,number,doc_type,relation,issued,issuer",
    [
        (
            "Thực hiện Văn bản số 1276-CV/TU ngày 24/3/2020 của Ban Thường vụ Tỉnh uỷ về việc quán triệt.",
            "1276-CV/TU",
            "công văn",
            "thực hiện",
            "2020-03-24",
            "Ban Thường vụ Tỉnh ủy",
        ),
        (
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
            "30/2020/NĐ-CP",
            "nghị định",
            "căn cứ",
            "2020-03-05",
            "Chính phủ",
        ),
        (
            "Theo Thông báo số 241/TB-VPCP ngày 12/9/2021 của Văn phòng Chính phủ (gửi kèm theo).",
            "241/TB-VPCP",
            "thông báo",
            "theo",
            "2021-09-12",
            "Văn phòng Chính phủ",
        ),
        (
            "Sao gửi Chỉ thị số 35-CT/TW, ngày 30/5/2019 của Bộ Chính trị (kèm theo).",
            "35-CT/TW",
            "chỉ thị",
            "kèm theo",
            "2019-05-30",
            "Bộ Chính trị",
        ),
        (
            "rà soát việc triển khai Nghị quyết số 68/NQ-CP của Chính phủ;",
            "68/NQ-CP",
            "nghị quyết",
            "thực hiện",
            "",
            "Chính phủ",
        ),
    ],
)
def test_citations(sentence, number, doc_type, relation, issued, issuer):
    (cite,) = _one(sentence).cites
    assert (cite.number, cite.doc_type, cite.relation, cite.issued, cite.issuer) == (
        number,
        doc_type,
        relation,
        issued,
        issuer,
    )
    assert _one(sentence).text[cite.start : cite.end] == number


def test_dates_and_counts_are_not_citations():
    assert _one("Từ ngày 24/3/2020, 04 đoàn kiểm tra, F1, F2, 5K, COVID-19, nhiệm kỳ 2021-2026.").cites == []


def test_list_of_numbers_after_one_type_word():
    cites = _one("tại các Thông báo số 2032-TB/TU ngày 10-02-2020, số 2033 -TB/TU ngày 12-02-2020.").cites
    assert [(c.number, c.doc_type, c.issued) for c in cites] == [
        ("2032-TB/TU", "thông báo", "2020-02-10"),
        ("2033-TB/TU", "thông báo", "2020-02-12"),
    ]


COVER = """ỦY BAN NHÂN DÂN
TỈNH LAI CHÂU

Số: 10/UBND-VX
V/v thực hiện Thông báo số 5-TB/TU

Lai Châu, ngày 2 tháng 4 năm 2020

Thực hiện Thông báo số 5-TB/TU ngày 1/4/2020 của Ban Thường vụ Tỉnh ủy (sao gửi kèm theo).

Nơi nhận:
- Như trên;

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn An

TỈNH ỦY LAI CHÂU
*
Số 5-TB/TU

ĐẢNG CỘNG SẢN VIỆT NAM

Lai Châu, ngày 1 tháng 4 năm 2020

THÔNG BÁO
kết luận của Ban Thường vụ Tỉnh ủy

1. Một việc.

T/M BAN THƯỜNG VỤ
BÍ THƯ

Giàng Páo Mỷ
"""


def test_two_documents_in_one_file_are_linked():
    cover, notice = parse_documents(COVER, "pair.txt")
    assert (cover.number, notice.number) == ("10/UBND-VX", "5-TB/TU")
    assert notice.text.startswith("TỈNH ỦY LAI CHÂU") and "Nguyễn Văn An" in cover.text
    assert notice.attached_to == cover.id and cover.attachments == [notice.id]
    assert (notice.part, notice.issuer, notice.signer) == (
        1,
        "Ban Thường vụ Tỉnh ủy Lai Châu",
        "Giàng Páo Mỷ",
    )
    assert COVER[len(cover.text) :].lstrip().startswith("TỈNH ỦY") or notice.text in COVER


def _numbered(number: str, body: str) -> str:
    return f"UBND TỈNH LAI CHÂU\nSỞ Y TẾ\n\nSố: {number}\n\nLai Châu, ngày 2 tháng 4 năm 2020\n\n{body}"


BODY = " ".join(f"Câu thứ {i} nói về phòng, chống dịch COVID-19 tại bản {i} của huyện." for i in range(40))


def test_copies_need_the_same_number_when_both_have_one():
    same = parse_documents(_numbered("1/SYT-NV", BODY), "a.txt") + parse_documents(BODY, "b.txt")
    group_copies(same)
    assert same[0].copies == [same[1].id] and same[1].number == "1/SYT-NV"
    different = parse_documents(_numbered("1/SYT-NV", BODY), "a.txt") + parse_documents(
        _numbered("2/SYT-NV", BODY), "c.txt"
    )
    group_copies(different)
    assert different[0].copies == [] and different[1].copies == []


def test_unrelated_documents_are_not_copies():
    docs = parse_documents(BODY, "a.txt") + parse_documents(
        BODY.replace("phòng, chống", "khắc phục bão lũ").replace("COVID-19", "mưa lớn"), "b.txt"
    )
    group_copies(docs)
    assert all(d.canonical and not d.copies for d in docs)


def test_link_citations_and_cited_by():
    docs = parse_documents(COVER, "pair.txt")
    assert link_citations(docs)["5-tb/tu"] == [docs[1].id]
    assert cited_by(docs)[docs[1].id] == [docs[0].id]


def test_format_document_shows_provenance_clauses_and_unknowns():
    cover, notice = parse_documents(COVER, "pair.txt")
    view = format_document(notice)
    for expected in ("5-TB/TU", "[stated]", "Ban Thường vụ Tỉnh ủy Lai Châu", "[1] Một việc.", "attached to"):
        assert expected in view
    assert "unknown" in format_document(_one("Văn bản không có đầu."))


# A paper without any letterhead opens with its own heading in capitals: that heading is its title,
# never its issuer; an unlisted body keeps its name when the page has a letterhead (number, quốc hiệu).
@pytest.mark.parametrize(
    ("text", "issuer", "title"),
    [
        (
            "GIẢI TRÌNH BỔ SUNG THEO CHỈ ĐẠO\nCỦA PHÓ CHỦ TỊCH UBND TỈNH - NGUYỄN HỒNG HẢI\n\n"
            "Tại khoản 16 Điều 6 của Điều lệ Hiệp hội có nêu việc ký kết thỏa thuận quốc tế.\n"
            "Chuyên viên đã rà soát lại quy định tại Nghị định số 126/2024/NĐ-CP về hội.\n",
            "",
            "GIẢI TRÌNH BỔ SUNG THEO CHỈ ĐẠO CỦA PHÓ CHỦ TỊCH UBND TỈNH - NGUYỄN HỒNG HẢI",
        ),
        (
            "TỔNG HỢP Ý KIẾN GÓP Ý DỰ THẢO ĐIỀU LỆ\n\n"
            "Các hội viên đã góp ý vào dự thảo Điều lệ theo đề nghị của Ban vận động.\n",
            "",
            "TỔNG HỢP Ý KIẾN GÓP Ý DỰ THẢO ĐIỀU LỆ",
        ),
        (
            "KIỂM TOÁN NHÀ NƯỚC\nSố: 123/KTNN-TH\nV/v kế hoạch kiểm toán năm 2025\n\n"
            "Kính gửi: Bộ Tài chính\n\nKiểm toán nhà nước thông báo kế hoạch kiểm toán năm 2025.\n",
            "Kiểm toán Nhà nước",
            "",
        ),
        (
            "CÔNG TY CỔ PHẦN CẤP NƯỚC LAI CHÂU | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "| Độc lập - Tự do - Hạnh phúc\n\nTHÔNG BÁO\nVề lịch cắt nước\n\n"
            "Công ty thông báo lịch cắt nước trong tháng 6 năm 2025 để sửa chữa đường ống.\n",
            "Công ty Cổ phần Cấp nước Lai Châu",
            "",
        ),
    ],
)
def test_a_heading_without_letterhead_is_the_title_not_the_issuer(text, issuer, title):
    doc = parse_documents(text, "giai-trinh.txt")[0]
    assert doc.issuer.casefold() == issuer.casefold()
    if title:
        assert doc.title == title
