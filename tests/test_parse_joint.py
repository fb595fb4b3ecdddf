"""Joint documents (thông tư / nghị quyết liên tịch) and dotted serial numbers.

A joint circular prints every issuing body in its header, joined by dashes (often one per line, the
dash left at the line's end), its number's symbol names them all (and may break over two lines), and
it closes with one signature block per body. `issuer` and `signer` keep the first (the facets count a
document once); `co_issuers` and `co_signers` keep the others in printed order.
"""

from __future__ import annotations

import pytest

from analyzers.numbers import NUMBER_RE, number_key
from indexer.model import Document
from indexer.parse import parse_documents

JOINT_CIRCULAR = """BỘ TƯ PHÁP -
BỘ NỘI VỤ -
BỘ LAO ĐỘNG - THƯƠNG BINH
VÀ XÃ HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 03/2024/TTLT-BTP-
BNV-BLĐTBXH
Hà Nội, ngày 12 tháng 3 năm 2024

THÔNG TƯ LIÊN TỊCH
Hướng dẫn phối hợp trợ giúp pháp lý cho người lao động

Điều 1. Phạm vi điều chỉnh
Thông tư liên tịch này hướng dẫn việc phối hợp.
Điều 2. Hiệu lực thi hành
Thông tư liên tịch này có hiệu lực từ ngày 01 tháng 5 năm 2024./.

KT. BỘ TRƯỞNG BỘ TƯ PHÁP
THỨ TRƯỞNG


Phan Chí Hiếu

KT. BỘ TRƯỞNG BỘ NỘI VỤ
THỨ TRƯỞNG


Trung tướng Vũ Đăng Minh

KT. BỘ TRƯỞNG
BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
THỨ TRƯỞNG


Lê Văn Thanh
"""

JOINT_RESOLUTION = "\n".join(
    [
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI - CHÍNH PHỦ - ĐOÀN CHỦ TỊCH ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM",
        "Số: 09/2024/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        " Độc lập - Tự do - Hạnh phúc Hà Nội, ngày 4 tháng 6 năm 2024",
        "NGHỊ QUYẾT LIÊN TỊCH",
        "Hướng dẫn quy trình hiệp thương",
        "Điều 1. Phạm vi điều chỉnh",
        "Nghị quyết liên tịch này hướng dẫn quy trình hiệp thương.",
        # three signature cells side by side, as a Word table row is read
        "| TM. ĐOÀN CHỦ TỊCH<br>CHỦ TỊCH<br>Đỗ Văn Chiến | TM. CHÍNH PHỦ<br>THỦ TƯỚNG<br>Phạm Minh Chính"
        " | TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI<br>CHỦ TỊCH<br>Trần Thanh Mẫn |",
    ]
)

ONE_MINISTRY = """BỘ LAO ĐỘNG - THƯƠNG BINH
VÀ XÃ HỘI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 15/2023/TT-BLĐTBXH
Hà Nội, ngày 29 tháng 12 năm 2023

THÔNG TƯ
Hướng dẫn về thẻ bảo hiểm thất nghiệp

Điều 1. Phạm vi điều chỉnh
Thông tư này hướng dẫn về thẻ.

KT. BỘ TRƯỞNG
THỨ TRƯỞNG


Lê Văn Thanh
"""


@pytest.mark.parametrize(
    "text,number,doc_type,issuer,co_issuers,signer,co_signers",
    [
        (
            JOINT_CIRCULAR,
            "03/2024/TTLT-BTP-BNV-BLĐTBXH",
            "thông tư liên tịch",
            "Bộ Tư pháp",
            ["Bộ Nội vụ", "Bộ Lao động - Thương binh và Xã hội"],
            "Phan Chí Hiếu",
            ["Vũ Đăng Minh", "Lê Văn Thanh"],
        ),
        (
            JOINT_RESOLUTION,
            "09/2024/NQLT-UBTVQH15-CP-ĐCTUBTWMTTQVN",
            "nghị quyết liên tịch",
            "Ủy ban Thường vụ Quốc hội",
            ["Chính phủ", "Đoàn Chủ tịch ủy ban Trung ương"],
            "Đỗ Văn Chiến",
            ["Phạm Minh Chính", "Trần Thanh Mẫn"],
        ),
        (
            ONE_MINISTRY,
            "15/2023/TT-BLĐTBXH",
            "thông tư",
            "Bộ Lao động - Thương binh và Xã hội",
            [],
            "Lê Văn Thanh",
            [],
        ),
    ],
    ids=["joint circular", "joint resolution in a table", "a dash inside one name"],
)
def test_joint_issuers_and_signers(text, number, doc_type, issuer, co_issuers, signer, co_signers):
    (doc,) = parse_documents(text, "ttlt.txt")
    assert (doc.number, doc.doc_type) == (number, doc_type)
    assert (doc.issuer, doc.signer) == (issuer, signer)
    assert [c.split(" Mặt")[0] for c in doc.co_issuers] == co_issuers
    assert doc.co_signers == co_signers
    assert not doc.province  # central bodies


def test_co_issuers_and_co_signers_are_stored_and_shown():
    from indexer.parse.report import format_document

    doc = parse_documents(JOINT_CIRCULAR, "ttlt.txt")[0]
    shown = format_document(doc)
    assert "Liên tịch / joint with" in shown and "Bộ Nội vụ" in shown and "Lê Văn Thanh" in shown
    back = Document.from_dict(doc.to_dict())
    assert (back.co_issuers, back.co_signers) == (doc.co_issuers, doc.co_signers)
    assert Document.from_dict({"id": "x"}).co_signers == []  # a payload stored before the field


@pytest.mark.parametrize(
    "printed,key",
    [
        ("66.3/2025/NQ-CP", "66.3/2025/nq-cp"),
        ("66.13/2026/NQ-CP", "66.13/2026/nq-cp"),
        ("5/2020/NĐ-CP", "5/2020/nd-cp"),
    ],
)
def test_dotted_serial_numbers(printed, key):
    text = f"CHÍNH PHỦ\nSố: {printed}\nHà Nội, ngày 15 tháng 9 năm 2025\nNGHỊ QUYẾT\nTháo gỡ vướng mắc\n"
    (doc,) = parse_documents(text, "nq.txt")
    assert (doc.number, doc.number_key) == (printed, key)
    cited = f"Căn cứ Nghị quyết số {printed} ngày 15 tháng 9 năm 2025 của Chính phủ;"
    assert [m.group(0) for m in NUMBER_RE.finditer(cited)] == [printed]
    assert number_key(printed) == key
