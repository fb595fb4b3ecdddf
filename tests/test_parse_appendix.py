"""Appendices, forms and enacted regulations printed after a signature belong to their document.

A gazette decree ends with its signature, then `Phụ lục I` with a blank report form (its own `Số: …/…`,
quốc hiệu and `…, ngày … tháng … năm …`), or the `QUY CHẾ` it enacts under the issuer's name. None of
them is a document of its own: they are clauses of the decree. A second document in the file is one
with its own header: a filled number, a date and an issuer.
"""

from __future__ import annotations

import pytest

from indexer.parse import parse_documents

DECREE = """CHÍNH PHỦ
Số: 118/2026/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 03 tháng 4 năm 2026

NGHỊ ĐỊNH
Về cho vay của ngân sách trung ương

Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;
Chính phủ ban hành Nghị định về cho vay của ngân sách trung ương.

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định việc cho vay của ngân sách trung ương.
Điều 2. Báo cáo định kỳ
Ngân hàng phục vụ báo cáo theo Mẫu tại Phụ lục I kèm theo Nghị định này.
Điều 3. Hiệu lực thi hành
Nghị định này có hiệu lực từ ngày ký./.

TM. CHÍNH PHỦ
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG

Hồ Đức Phớc
"""

PAGE = """
CÔNG BÁO/Số 252/Ngày 27-04-2026
110

"""

REPORT_FORM = """Phụ lục I
MẪU BÁO CÁO ĐỊNH KỲ VỀ VIỆC QUẢN LÝ VỐN VAY
(Kèm theo Nghị định số 118/2026/NĐ-CP ngày 03 tháng 4 năm 2026 của Chính phủ)

NGÂN HÀNG……
Số: ……/……
V/v báo cáo định kỳ về việc quản lý vốn vay
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày …. tháng …. năm ….

Kính gửi: Bộ Tài chính.

1. Tình hình giải ngân vốn vay trong kỳ báo cáo.
2. Tình hình trả nợ gốc, lãi và phí.

Nơi nhận:
- Như trên;
- Lưu: VT.
TỔNG GIÁM ĐỐC
(Ký, ghi rõ họ tên và đóng dấu)
"""

REGULATION = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

QUY CHẾ
Làm việc của Chính phủ
(Kèm theo Nghị định số 118/2026/NĐ-CP ngày 03 tháng 4 năm 2026 của Chính phủ)

Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
1. Quy chế này quy định nguyên tắc, chế độ trách nhiệm, lề lối làm việc của Chính phủ.
2. Quy chế này áp dụng đối với thành viên Chính phủ.
Điều 2. Nguyên tắc làm việc
Chính phủ làm việc theo chế độ tập thể.
"""

FORMS = """Mẫu số 01
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
…, ngày … tháng … năm …

ĐƠN KHIẾU NẠI

Kính gửi: ………………….. (1)
1. Thông tin người khiếu nại.
2. Nội dung khiếu nại.
NGƯỜI KHIẾU NẠI
(Ký, ghi rõ họ tên)

Mẫu số 04
……………(1)……………
Số: ……/TB-……
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
……, ngày … tháng … năm ……

THÔNG BÁO
Về việc không thụ lý giải quyết khiếu nại

Kính gửi: ……………….(3)
Ngày … tháng … năm …, ……(4) đã nhận được đơn khiếu nại.
Nơi nhận:
- Như trên;
- Lưu: VT, hồ sơ.
NGƯỜI CÓ THẨM QUYỀN
(Ký, ghi rõ họ tên và đóng dấu)
"""

CASES = {
    "report form": (REPORT_FORM, "Phụ lục I", "Tình hình trả nợ gốc"),
    "enacted regulation": (REGULATION, "Quy chế", "lề lối làm việc của Chính phủ"),
    "complaint forms": (FORMS, "Mẫu số 04", "không thụ lý giải quyết khiếu nại"),
}


@pytest.mark.parametrize("case", CASES)
def test_appendix_is_part_of_its_document(case):
    appendix, path, words = CASES[case]
    text = DECREE + PAGE + appendix
    (doc,) = parse_documents(text, "nd.txt")
    assert (doc.number, doc.issuer, doc.issued, doc.signer) == (
        "118/2026/NĐ-CP",
        "Chính phủ",
        "2026-04-03",
        "Hồ Đức Phớc",
    )
    assert doc.recipients == []  # a blank form's 'Nơi nhận' is not the decree's
    by_path = {c.path: c for c in doc.clauses}
    assert {"Điều 1", "Điều 2", "Điều 3"} <= set(by_path)
    assert words in by_path[path].text and by_path[path].text == text[by_path[path].start : by_path[path].end]
    assert "Hồ Đức Phớc" not in by_path["Điều 3"].text  # the body still ends at the signature


def test_enacted_regulation_keeps_its_articles_below_it():
    (doc,) = parse_documents(DECREE + PAGE + REGULATION, "nd.txt")
    paths = [c.path for c in doc.clauses]
    assert paths[paths.index("Quy chế") :] == [
        "Quy chế",
        "Quy chế.Chương I",
        "Quy chế.Điều 1",
        "Quy chế.Điều 1.1",
        "Quy chế.Điều 1.2",
        "Quy chế.Điều 2",
    ]


def test_a_document_with_its_own_header_is_still_a_second_document():
    notice = """TỈNH ỦY ĐIỆN BIÊN
Số 12-TB/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Điện Biên, ngày 2 tháng 3 năm 2026

THÔNG BÁO
kết luận của Ban Thường vụ Tỉnh ủy

1. Một việc.

T/M BAN THƯỜNG VỤ
BÍ THƯ

Mùa A Sơn
"""
    docs = parse_documents(DECREE + PAGE + notice, "two.txt")
    assert [d.number for d in docs] == ["118/2026/NĐ-CP", "12-TB/TU"]


def test_a_sentence_opening_a_line_with_so_is_no_new_header():
    """A page break can put 'số 18-KL/TW của Trung ương, …' at a line's start inside the body (here
    after a quoted signature formula, which closes nothing)."""
    body = DECREE.replace(
        "Ngân hàng phục vụ báo cáo theo Mẫu tại Phụ lục I kèm theo Nghị định này.",
        "Văn bản trình ghi rõ thẩm quyền ký:\nKT. BỘ TRƯỞNG\nvà triển khai theo Kết luận\n"
        "số 18-KL/TW của Trung ương, gửi Bộ Tài chính trước ngày 06 tháng 5 năm 2026;",
    )
    (doc,) = parse_documents(body, "nq.txt")
    assert doc.signer == "Hồ Đức Phớc"


def test_a_forwarded_law_dated_by_its_adoption_formula_is_a_document():
    law = """QUỐC HỘI
Luật số: 72/2025/QH15
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

LUẬT
TỔ CHỨC CHÍNH QUYỀN ĐỊA PHƯƠNG

Điều 1. Phạm vi điều chỉnh
Luật này quy định về tổ chức chính quyền địa phương.

Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 9
thông qua ngày 16 tháng 6 năm 2025.

CHỦ TỊCH QUỐC HỘI

Trần Thanh Mẫn
"""
    docs = parse_documents(DECREE + PAGE + law, "two.txt")
    assert [(d.number, d.issued) for d in docs] == [
        ("118/2026/NĐ-CP", "2026-04-03"),
        ("72/2025/QH15", "2025-06-16"),
    ]


def test_a_list_of_the_forms_opens_no_form():
    """'Mẫu số 01 / Đơn khiếu nại / Mẫu số 04 / Thông báo …' lists the forms printed after it."""
    listing = (
        "Phụ lục\nDANH MỤC BIỂU MẪU\nMẫu số 01\nĐơn khiếu nại\nMẫu số 04\nThông báo về việc không thụ lý\n\n"
    )
    (doc,) = parse_documents(DECREE + PAGE + listing + FORMS, "nd.txt")
    appendices = [c.path for c in doc.clauses if c.level == 1 and not c.path.startswith("Điều")]
    assert appendices == ["Phụ lục", "Mẫu số 01", "Mẫu số 04"]
