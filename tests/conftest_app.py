"""A small, hand-built index for the web tests: real Vietnamese documents shaped like the seeds.

Built from `indexer.model.Document`s (not the parser) so the API and UI tests pin the web layer on
exactly known metadata; the acceptance paths over the real seeds live in the browser tests and use
the lead's `sample_index`. Import the fixtures explicitly: `from tests.conftest_app import app_index`.
"""

from __future__ import annotations

import re

import pytest

from analyzers.numbers import number_key
from indexer.model import Citation, Clause, Document, content_hash, document_id

_CLAUSE_START = re.compile(r"^(\d+(?:\.\d+)*)\.\s", re.MULTILINE)


def clauses_of(text: str) -> list[Clause]:
    """Numbered clauses '1. …', '2.2. …': each runs to the next clause or the end."""
    starts = list(_CLAUSE_START.finditer(text))
    clauses = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        path = m.group(1)
        clauses.append(Clause(path, path + ".", m.start(), end, path.count(".") + 1, text[m.start() : end]))
    return clauses


def make_doc(source: str, text: str, cites: tuple[tuple[str, str, str], ...] = (), **meta) -> Document:
    doc = Document(source=source, text=text, content_hash=content_hash(text), **meta)
    doc.id = meta.get("id") or document_id(source, text)
    doc.number_key = number_key(doc.number) if doc.number else ""
    doc.clauses = clauses_of(text)
    doc.cites = [
        Citation(
            number=n,
            number_key=number_key(n),
            doc_type=t,
            relation=r,
            start=text.find(n),
            end=text.find(n) + len(n),
        )
        for n, t, r in cites
    ]
    return doc


TB172_TEXT = """THÔNG BÁO
KẾT LUẬN CỦA BỘ CHÍNH TRỊ
về công tác phòng, chống dịch bệnh Covid-19

1. Trong thời gian qua, dịch bệnh Covid-19 diễn biến ngày càng phức tạp.

2. Bộ Chính trị yêu cầu các cấp ủy, chính quyền tiếp tục thực hiện nghiêm các biện pháp phòng, chống dịch.

2.1. Hạn chế tối đa các nguồn lây nhiễm từ nước ngoài.

2.2. Cách ly chặt chẽ các trường hợp F1, F2, F3 theo hướng dẫn của Bộ Y tế.
"""

LC628_TEXT = """ỦY BAN NHÂN DÂN TỈNH LAI CHÂU
Số: 628 /UBND-VX
Lai Châu, ngày 29 tháng 3 năm 2020
V/v thực hiện Công văn số 1276-CV/TU của Tỉnh uỷ về quán triệt Thông báo kết luận số 172-TB/TW

Thực hiện Văn bản số 1276-CV/TU ngày 24/3/2020 của Ban Thường vụ Tỉnh uỷ, UBND tỉnh yêu cầu:

1. Các cấp, các ngành quán triệt thực hiện nghiêm túc Thông báo kết luận số 172-TB/TW của Bộ Chính trị.

2. Sở Thông tin và Truyền thông đẩy mạnh công tác tuyên truyền về tình hình dịch bệnh.
"""

DB_TEXT = """THÔNG BÁO
kết luận của Ban Thường vụ Tỉnh ủy tại cuộc họp trực tuyến về công tác phòng, chống dịch Covid-19

Tại Điện Biên, nguy cơ lây nhiễm dịch bệnh rất cao; tình hình dịch bệnh diễn biến phức tạp.

1. Tiếp tục thực hiện nghiêm thông điệp 5K của Bộ Y tế.

9. Ban cán sự đảng UBND tỉnh chỉ đạo triển khai quyết liệt, đảm bảo thực hiện được mục tiêu kép
“Vừa phòng chống dịch Covid-19 vừa phục hồi và phát triển kinh tế - xã hội”.
"""

LC2021_TEXT = """ỦY BAN NHÂN DÂN TỈNH LAI CHÂU
Số: /UBND-VX
Lai Châu, ngày tháng 9 năm 2021
V/v thực hiện Thông báo số 241/TB-VPCP kết luận của Thủ tướng Chính phủ về phòng, chống dịch COVID-19

Thực hiện Thông báo số 241/TB-VPCP ngày 12/9/2021 của Văn phòng Chính phủ, Chủ tịch UBND tỉnh yêu cầu:

1. Căn cứ chức năng, nhiệm vụ được giao tổ chức quán triệt các nội dung kết luận.

2. Cùng với quyết liệt phòng, chống dịch, khôi phục và phát triển kinh tế - xã hội, thực hiện mục tiêu kép.

9. Tuyên truyền vận động người dân thực hiện nghiêm 5K và tăng cường tiêm vắc xin.
"""

VPCP241_TEXT = """THÔNG BÁO
Kết luận của Thủ tướng Chính phủ Phạm Minh Chính tại cuộc họp Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19

1. Các địa phương tiếp tục thực hiện nghiêm các biện pháp phòng, chống dịch.

2. Bộ Y tế hướng dẫn thực hiện thích ứng an toàn với dịch bệnh.
"""

HOSTILE_TEXT = """<script>alert("xss-text")</script> Thông báo về <img src=x onerror=alert(1)> mục tiêu kép
1. Nội dung "><svg onload=alert(2)> &amp; tiêm vắc xin.
"""

XSS_PROBES = ("<script>alert", "<img", "<svg", "<b onmouseover", "<b>X")


def corpus() -> list[Document]:
    tb172 = make_doc(
        "seeds/tb172_kien_giang.txt",
        TB172_TEXT,
        number="172-TB/TW",
        doc_type="thông báo",
        issuer="Bộ Chính trị",
        issued="2020-03-20",
        issued_precision="day",
        subject="Kết luận của Bộ Chính trị về công tác phòng, chống dịch bệnh Covid-19",
        signer="Trần Quốc Vượng",
        provenance={"number": "stated", "issuer": "inferred"},
    )
    tb172_copy = make_doc(
        "seeds/tb172_lai_chau.txt",
        TB172_TEXT + "\n",
        number="172-TB/TW",
        doc_type="thông báo",
        issuer="Bộ Chính trị",
        issued="2020-03-20",
        issued_precision="day",
        subject=tb172.subject,
        canonical=False,
        provenance={"issued": "inherited"},
    )
    tb172.copies = [tb172_copy.id]
    tb172_copy.copies = [tb172.id]
    lc628 = make_doc(
        "seeds/lc628.txt",
        LC628_TEXT,
        number="628/UBND-VX",
        doc_type="công văn",
        issuer="UBND tỉnh Lai Châu",
        province="Lai Châu",
        province_current="Lai Châu",
        place="Lai Châu",
        issued="2020-03-29",
        issued_precision="day",
        signer="Tổng Thanh Hải",
        signer_title="Phó Chủ tịch",
        signer_authority="KT.",
        subject="Thực hiện Công văn số 1276-CV/TU của Tỉnh uỷ về quán triệt Thông báo kết luận số 172-TB/TW",
        cites=(("1276-CV/TU", "công văn", "thực hiện"), ("172-TB/TW", "thông báo", "")),
        provenance={"number": "stated", "issuer": "stated", "issued": "stated", "subject": "stated"},
    )
    db = make_doc(
        "seeds/dien_bien.txt",
        DB_TEXT,
        doc_type="thông báo",
        issuer="Ban Thường vụ Tỉnh ủy Điện Biên",
        province="Điện Biên",
        province_current="Điện Biên",
        issued="2021-05-07",
        issued_precision="day",
        subject="Kết luận của Ban Thường vụ Tỉnh ủy tại cuộc họp trực tuyến về công tác phòng, chống dịch",
        provenance={"province": "inferred"},
    )
    lc2021 = make_doc(
        "seeds/lc2021.txt",
        LC2021_TEXT,
        doc_type="công văn",
        issuer="UBND tỉnh Lai Châu",
        province="Lai Châu",
        province_current="Lai Châu",
        issued="2021-09",
        issued_precision="month",
        signer="Tổng Thanh Hải",
        subject="Thực hiện Thông báo số 241/TB-VPCP kết luận của Thủ tướng Chính phủ về phòng, chống dịch",
        cites=(("241/TB-VPCP", "thông báo", "thực hiện"),),
    )
    vpcp241 = make_doc(
        "seeds/vpcp241.txt",
        VPCP241_TEXT,
        number="241/TB-VPCP",
        doc_type="thông báo",
        issuer="Văn phòng Chính phủ",
        issued="2021-09-12",
        issued_precision="day",
        subject="Kết luận của Thủ tướng Chính phủ tại cuộc họp Ban Chỉ đạo Quốc gia phòng, chống dịch",
    )
    hostile = make_doc(
        "seeds/<script>.txt",
        HOSTILE_TEXT,
        number="66/<b>X</b>",
        doc_type="thông báo",
        issuer='<img src=x onerror=alert("issuer")>',
        province='"><svg onload=alert(3)>',
        issued="2019",
        issued_precision="year",
        subject="<script>alert('subject')</script>",
        signer="<b onmouseover=alert(4)>",
    )
    filler = []
    provinces = ["Hà Giang", "Tuyên Quang", "Lào Cai", "Yên Bái"]
    for i in range(24):
        text = f"KẾ HOẠCH\nTiêm vắc xin phòng Covid-19 đợt {i + 1}\n\n1. Mục đích của đợt {i + 1}.\n"
        filler.append(
            make_doc(
                f"seeds/kh{i:02d}.txt",
                text,
                number=f"{100 + i}/KH-UBND",
                doc_type="kế hoạch",
                issuer=f"UBND tỉnh {provinces[i % 4]}",
                province=provinces[i % 4],
                province_current="Tuyên Quang" if provinces[i % 4] == "Hà Giang" else provinces[i % 4],
                issued=f"2022-{(i % 12) + 1:02d}-15",
                issued_precision="day",
                subject=f"Triển khai tiêm vắc xin phòng Covid-19 đợt {i + 1}",
            )
        )
    return [tb172, tb172_copy, lc628, db, lc2021, vpcp241, hostile, *filler]


def build_app_index(index_dir) -> dict[str, Document]:
    from indexer.engines import open_engine
    from indexer.settings import Settings

    settings = Settings.load(index_dir=str(index_dir), engine="tantivy", segmenter="none")
    engine = open_engine(settings, create=True)
    docs = corpus()
    engine.add(docs)
    engine.commit()
    engine.close()
    return {"settings": settings, "docs": docs}


@pytest.fixture(scope="session")
def app_index(tmp_path_factory):
    """{'settings': Settings, 'docs': [Document]}; docs[0] = 172-TB/TW, docs[2] = 628/UBND-VX, …"""
    return build_app_index(tmp_path_factory.mktemp("app-index") / "index")


@pytest.fixture(scope="session")
def app(app_index):
    from search_app import create_app

    return create_app({"SETTINGS": app_index["settings"], "TESTING": True, "SOURCE_ROOT": "/nonexistent"})


@pytest.fixture()
def client(app):
    return app.test_client()


def doc_by_number(docs: list[Document], number: str) -> Document:
    return next(d for d in docs if d.number == number and d.canonical)
