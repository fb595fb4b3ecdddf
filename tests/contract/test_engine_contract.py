"""The engine contract: the same suite runs unchanged against every engine.

tantivy always runs (a real index on disk). Elasticsearch runs whenever VANBAN_ES_URL points at a
node, and is reported as skipped otherwise. Documents are built by hand so this suite pins engine
semantics independently of the parser.
"""

from __future__ import annotations

import os
import uuid

import pytest

from analyzers.numbers import number_key
from indexer.engines import open_engine
from indexer.engines.base import Engine, SearchRequest
from indexer.model import Citation, Clause, Document
from indexer.settings import Settings


def make_doc(doc_id, text, *, number="", clauses=(), canonical=True, copies=(), cites=(), **meta) -> Document:
    doc = Document(
        id=doc_id,
        source=f"src/{doc_id}.txt",
        content_hash=f"h-{doc_id}",
        text=text,
        number=number,
        number_key=number_key(number) if number else "",
        canonical=canonical,
        copies=list(copies),
        **meta,
    )
    for path in clauses:
        marker = f"{path}. "
        start = text.index(marker)
        following = [text.find(f"{p}. ") for p in clauses if text.find(f"{p}. ") > start]
        end = min(following) if following else len(text)
        doc.clauses.append(
            Clause(
                path=path,
                label=f"{path}.",
                start=start,
                end=end,
                level=path.count(".") + 1,
                text=text[start:end],
            )
        )
    doc.cites = [Citation(number=c, number_key=number_key(c), relation="thực hiện") for c in cites]
    return doc


CORPUS = [
    make_doc(
        "laichau-628",
        "Về việc phòng chống dịch. 1. Các sở thực hiện mục tiêu kép, vừa chống dịch vừa phát triển. "
        "2. Người dân thực hiện nghiêm 5K khi ra ngoài. 3. Theo dõi diễn biến dịch bệnh hằng ngày.",
        number="628/UBND-VX",
        doc_type="công văn",
        issuer="UBND tỉnh Lai Châu",
        province="Lai Châu",
        province_current="Lai Châu",
        issued="2020-03-29",
        issued_precision="day",
        signer="Tống Thanh Hải",
        subject="thực hiện Thông báo 172-TB/TW",
        clauses=("1", "2", "3"),
        cites=("172-TB/TW",),
    ),
    make_doc(
        "laichau-2021",
        "1. Thực hiện mục tiêu kép trong tình hình mới. 2. Tiêm vắc xin cho người dân.",
        number="",
        doc_type="công văn",
        issuer="UBND tỉnh Lai Châu",
        province="Lai Châu",
        province_current="Lai Châu",
        issued="2021-09",
        issued_precision="month",
        signer="Tống Thanh Hải",
        clauses=("1", "2"),
        cites=("241/TB-VPCP",),
    ),
    make_doc(
        "bct-172",
        "Bộ Chính trị yêu cầu các cấp ủy đảng quán triệt. 1. Tăng cường phòng, chống dịch bệnh Covid-19.",
        number="172-TB/TW",
        doc_type="thông báo",
        issuer="Bộ Chính trị",
        issued="2020-03-21",
        issued_precision="day",
        signer="Trần Quốc Vượng",
        clauses=("1",),
        copies=("bct-172-copy",),
    ),
    make_doc(
        "bct-172-copy",
        "Bộ Chính trị yêu cầu các cấp ủy đảng quán triệt. 1. Tăng cường phòng, chống dịch bệnh Covid-19.",
        number="172-TB/TW",
        doc_type="thông báo",
        issuer="Bộ Chính trị",
        issued="2020-03-21",
        issued_precision="day",
        signer="Trần Quốc Vượng",
        clauses=("1",),
        canonical=False,
        copies=("bct-172",),
    ),
    make_doc(
        "dienbien-tb",
        "Tại Điện Biên, nguy cơ lây nhiễm rất cao. 1. Khoanh vùng các trường hợp F1, F2, F3. "
        "2. Tỉnh uỷ chỉ đạo thực hiện nghiêm.",
        number="",
        doc_type="thông báo",
        issuer="Ban Thường vụ Tỉnh ủy Điện Biên",
        province="Điện Biên",
        province_current="Điện Biên",
        issued="2021-05-07",
        issued_precision="day",
        signer="Nguyễn Văn A",
        clauses=("1", "2"),
    ),
    make_doc(
        "kiengiang-kh",
        "Kế hoạch tiêm chủng năm 2021. 1. Hoàn thành tiêm cho người dân trên địa bàn. "
        "2. Giữ vững mục tiêu an toàn.",
        number="45/KH-UBND",
        doc_type="kế hoạch",
        issuer="UBND tỉnh Kiên Giang",
        province="Kiên Giang",
        province_current="An Giang",
        issued="2021",
        issued_precision="year",
        signer="Lâm Minh Thành",
        clauses=("1", "2"),
    ),
]


def _tantivy(tmp_path):
    settings = Settings.load(engine="tantivy", index_dir=str(tmp_path / "index"), segmenter="none")
    return open_engine(settings, create=True)


def _elasticsearch(tmp_path):
    url = os.environ.get("VANBAN_ES_URL")
    if not url:
        pytest.skip("VANBAN_ES_URL is not set: no Elasticsearch node to run the contract against")
    settings = Settings.load(
        engine="elasticsearch",
        es_url=url,
        segmenter="none",
        es_index_prefix=f"vanban-test-{uuid.uuid4().hex[:8]}",
    )
    return open_engine(settings, create=True)


ENGINES = {"tantivy": _tantivy, "elasticsearch": _elasticsearch}


def _loaded(name: str, tmp_path, corpus):
    """An engine holding `corpus`; Elasticsearch indices are dropped afterwards."""
    eng = ENGINES[name](tmp_path)
    eng.add(corpus)
    eng.commit()
    yield eng
    drop = getattr(eng, "drop", None)
    if drop and name != "tantivy":
        drop()
    eng.close()


@pytest.fixture(params=sorted(ENGINES))
def engine(request, tmp_path):
    yield from _loaded(request.param, tmp_path, CORPUS)


def ids(response) -> list[str]:
    return [h.id for h in response.hits]


def search(engine, q="", **kw):
    return engine.search(SearchRequest(q=q, **kw))


def test_engine_implements_protocol(engine):
    assert isinstance(engine, Engine)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mục tiêu kép", {"laichau-628", "laichau-2021"}),
        ("muc tieu kep", {"laichau-628", "laichau-2021"}),
        ('"mục tiêu kép"', {"laichau-628", "laichau-2021"}),
        ('"muc tieu kep"', {"laichau-628", "laichau-2021"}),
        ('"mục tiêu an toàn"', {"kiengiang-kh"}),
        ("5K", {"laichau-628"}),
        ("5k", {"laichau-628"}),
        ('"Điện Biên"', {"dienbien-tb"}),
        ("dien bien", {"dienbien-tb", "laichau-628"}),  # folded also matches "diễn biến", as designed
        ('"diễn biến"', {"laichau-628"}),
        ("Tỉnh ủy", {"dienbien-tb"}),
        ("tỉnh uỷ", {"dienbien-tb"}),  # old tone placement meets new
        ("muc tieu -kep", {"kiengiang-kh"}),
        ("tiêm OR khoanh", {"laichau-2021", "kiengiang-kh", "dienbien-tb"}),
        ("F1", {"dienbien-tb"}),
        ("mục tiêu kép vắc xin", {"laichau-2021"}),  # all words must match
        ("không có từ này", set()),
    ],
)
def test_query_semantics(engine, query, expected):
    assert set(ids(search(engine, query))) == expected


def test_diacritics_typed_match_only_that_spelling(engine):
    assert ids(search(engine, "múc")) == []
    assert set(ids(search(engine, "muc"))) == {"laichau-628", "laichau-2021", "kiengiang-kh"}


def test_copies_collapse_to_the_canonical_document(engine):
    response = search(engine, "Bộ Chính trị quán triệt")
    assert ids(response) == ["bct-172"]
    assert response.hits[0].copies == ["bct-172-copy"]


def test_number_lookup(engine):
    response = search(engine, "so:628/UBND-VX")
    assert ids(response) == ["laichau-628"]
    assert response.redirect_id == "laichau-628"
    assert search(engine, "172 - TB/TW").redirect_id == "bct-172"
    assert engine.find_by_number(number_key("172-tb/tw")) == ["bct-172"]


def test_filters_and_disjunctive_facets(engine):
    response = search(engine, "", filters={"province": ["Lai Châu"]})
    assert set(ids(response)) == {"laichau-628", "laichau-2021"}
    province = {v.value: (v.count, v.selected) for v in response.facets["province"]}
    # the selected facet still counts the other provinces (OR within a facet)
    assert province["Lai Châu"] == (2, True)
    assert province["Điện Biên"] == (1, False)
    years = {v.value: v.count for v in response.facets["year"]}
    assert years == {"2020": 1, "2021": 1}

    both = search(engine, "", filters={"province": ["Lai Châu", "Điện Biên"], "year": ["2021"]})
    assert set(ids(both)) == {"laichau-2021", "dienbien-tb"}
    current = {v.value: v.count for v in search(engine, "").facets["province_current"]}
    assert current["An Giang"] == 1


def test_date_range_and_sort(engine):
    response = search(engine, "", date_from="2021-01-01", date_to="2021-12-31", sort="date_asc")
    assert ids(response) == ["kiengiang-kh", "dienbien-tb", "laichau-2021"]
    newest = search(engine, "", sort="date_desc")
    assert ids(newest)[0] == "laichau-2021"
    month = search(engine, "", filters={"month": ["2021-09"]})
    assert ids(month) == ["laichau-2021"]


def test_pagination(engine):
    first = search(engine, "", per_page=2, page=1, sort="date_asc")
    second = search(engine, "", per_page=2, page=2, sort="date_asc")
    assert first.total == second.total == 5
    assert not set(ids(first)) & set(ids(second))


def test_clause_hits_with_highlights_from_original_text(engine):
    response = search(engine, "muc tieu kep")
    hit = next(h for h in response.hits if h.id == "laichau-628")
    assert [c.path for c in hit.clauses] == ["1"]
    assert (
        "<mark>mục tiêu kép</mark>" in hit.clauses[0].snippet or "<mark>mục</mark>" in hit.clauses[0].snippet
    )
    assert "muc tieu kep" not in hit.clauses[0].snippet


def test_get_delete_and_replace(engine):
    doc = engine.get("dienbien-tb")
    assert doc is not None and doc.province == "Điện Biên" and doc.text.startswith("Tại Điện Biên")
    assert [c.path for c in doc.clauses] == ["1", "2"]
    engine.delete(["dienbien-tb"])
    engine.commit()
    assert engine.get("dienbien-tb") is None
    assert ids(search(engine, "F1")) == []
    replaced = make_doc(
        "kiengiang-kh", "1. Nội dung mới về F1.", clauses=("1",), issuer="UBND tỉnh Kiên Giang"
    )
    engine.add([replaced])
    engine.commit()
    assert ids(search(engine, "F1")) == ["kiengiang-kh"]
    assert ids(search(engine, "tiêm chủng", match="all")) == []


def test_cited_by_and_hashes(engine):
    assert [d.id for d in engine.cited_by(number_key("172-TB/TW"))] == ["laichau-628"]
    assert engine.known_hashes()["src/laichau-628.txt"] == "h-laichau-628"
    assert engine.ids_by_source()["src/bct-172.txt"] == ["bct-172"]
    stats = engine.stats()
    assert stats["documents"] == 6
    assert stats["clauses"] == sum(len(d.clauses) for d in CORPUS)


@pytest.mark.parametrize(
    "query", ['"unbalanced', "a:b(c", "////", "\x00\x01", "x" * 10_000, "-", "OR OR", '""']
)
def test_hostile_queries_never_raise(engine, query):
    response = search(engine, query)
    assert response.total >= 0


# -- match modes: all (AND), any (a share of the words), auto (all, then any when all finds nothing) ---

# Real articles (Bộ luật Hình sự, Luật Đất đai, Bộ luật Dân sự), each one document with clauses.
QA_TEXTS = {
    "blhs-418": (
        "Tội chiếm đoạt hoặc hủy hoại di vật của tử sĩ. 1. Người nào chiếm đoạt hoặc hủy hoại di vật "
        "của tử sĩ, thì bị phạt cải tạo không giam giữ đến 03 năm hoặc phạt tù từ 06 tháng đến 03 năm. "
        "2. Phạm tội thuộc một trong các trường hợp sau đây, thì bị phạt tù từ 03 năm đến 07 năm.",
        ("1", "2"),
        "Luật",
    ),
    "luatdatdai-3": (
        "Giải thích từ ngữ. 1. Thửa đất là phần diện tích đất được giới hạn bởi ranh giới xác định trên "
        "thực địa hoặc được mô tả trên hồ sơ. 2. Người sử dụng đất được Nhà nước giao đất.",
        ("1", "2"),
        "Luật",
    ),
    "blds-2": (
        "Công nhận, tôn trọng, bảo vệ và bảo đảm quyền dân sự. 1. Ở nước Cộng hòa xã hội chủ nghĩa "
        "Việt Nam, các quyền dân sự được công nhận, tôn trọng, bảo vệ và bảo đảm theo Hiến pháp.",
        ("1",),
        "Bộ luật",
    ),
    "nd82-1": (
        "Phạm vi điều chỉnh. 1. Nghị định này quy định về nhập khẩu, phá dỡ tàu biển đã qua sử dụng.",
        ("1",),
        "Nghị định",
    ),
}
QA_CORPUS = [
    make_doc(doc_id, text, clauses=clauses, doc_type=doc_type, issued="2015", issued_precision="year")
    for doc_id, (text, clauses, doc_type) in QA_TEXTS.items()
]
QUESTION = "Chiếm đoạt di vật của tử sĩ có thể bị phạt tù lên đến bao nhiêu năm?"


@pytest.fixture(params=sorted(ENGINES))
def qa_engine(request, tmp_path):
    yield from _loaded(request.param, tmp_path, QA_CORPUS)


@pytest.mark.parametrize(
    "question", [QUESTION, "chiem doat di vat cua tu si co the bi phat tu bao nhieu nam"]
)
def test_match_any_answers_a_question_that_and_cannot(qa_engine, question):
    assert search(qa_engine, question, match="all").total == 0
    any_ = search(qa_engine, question, match="any")
    assert ids(any_)[0] == "blhs-418"
    assert not any_.relaxed  # asked for, not fallen back to
    auto = search(qa_engine, question)  # auto is the default
    assert auto.relaxed
    assert ids(auto) == ids(any_) and auto.total == any_.total


def test_match_any_needs_a_share_of_the_words(qa_engine):
    # 17 groups → at least 4 must match: one-word coincidences ("của", "có") stay out
    assert "nd82-1" not in ids(search(qa_engine, QUESTION, match="any"))
    # a short query: one word is enough, documents with more words first
    found = ids(search(qa_engine, "phạt tù nhập khẩu", match="any"))
    assert set(found) == {"blhs-418", "nd82-1"}


def test_match_any_ranks_words_typed_together_first(qa_engine):
    # "bảo đảm" together beats "bảo" and "đảm" scattered
    assert ids(search(qa_engine, "bảo đảm quyền", match="any"))[0] == "blds-2"


def test_match_any_keeps_exclusions_and_filters(qa_engine):
    found = ids(search(qa_engine, "quyền dân sự sử dụng đất -Hiến", match="any"))
    assert "blds-2" not in found and "luatdatdai-3" in found
    filtered = search(qa_engine, QUESTION, match="any", filters={"type": ["Nghị định"]})
    assert ids(filtered) == []
    assert {f.value: f.count for f in filtered.facets["type"]}["Luật"] == 1  # disjunctive, in any mode


def test_auto_keeps_and_when_it_finds(qa_engine):
    auto = search(qa_engine, "thửa đất")
    assert ids(auto) == ["luatdatdai-3"] and not auto.relaxed
    # a single word or a document number that finds nothing is not relaxed
    assert search(qa_engine, "xyzw").total == 0 and not search(qa_engine, "xyzw").relaxed
    assert not search(qa_engine, "so:999/QĐ-TTg").relaxed


def test_auto_facets_follow_the_mode_used(qa_engine):
    auto = search(qa_engine, "tàu biển hủy hoại")
    assert auto.relaxed
    counts = {f.value: f.count for f in auto.facets["type"]}
    assert counts == {"Luật": 1, "Nghị định": 1}
    assert auto.total == sum(counts.values())


def test_match_any_clauses_of_a_hit_need_one_word_best_first(qa_engine):
    (hit,) = [h for h in search(qa_engine, QUESTION, match="any").hits if h.id == "blhs-418"]
    assert [c.path for c in hit.clauses] == ["1", "2"]  # clause 1 holds more of the question
    assert "<mark>chiếm đoạt</mark>" in hit.clauses[0].snippet


def test_match_any_hits_highlight_the_matched_words(qa_engine):
    (hit,) = [h for h in search(qa_engine, "tàu biển hủy hoại").hits if h.id == "blhs-418"]
    assert hit.clauses and hit.clauses[0].path == "1"
    assert "<mark>hủy hoại</mark>" in hit.clauses[0].snippet


# Questions (auto reads them as "any"): what they say decides, not how they ask.
QUESTION_TEXTS = {
    "nd100-24": "Xử phạt người điều khiển xe vi phạm về tải trọng. 1. Phạt tiền người điều khiển xe chở hàng "
    "vượt tải trọng cho phép của cầu, đường bộ.",
    "qc41-3": "Giải thích từ ngữ. 1. Ô tô là xe cơ giới bốn bánh; ô tô con, ô tô khách, ô tô tải "
    "đều là ô tô.",
    "nd100-5": "Xử phạt người điều khiển xe đạp. 1. Phạt tiền người đi xe đạp dàn hàng ngang trên đường.",
    "lgt-8": "Các hành vi bị nghiêm cấm. 1. Phá hoại đường bộ, cầu, hầm; chở hàng cấm lưu thông.",
    "blld-3": "Giải thích từ ngữ. 1. Người lao động là người làm việc cho người sử dụng lao động theo thỏa "
    "thuận, được trả lương.",
    "blds-385": "Khái niệm hợp đồng. 1. Định nghĩa của hợp đồng: là sự thỏa thuận giữa các bên.",
    "hoidap-1": "Hỏi đáp. 1. Bao nhiêu người được hỏi? Bao nhiêu lần? Người đi đường hỏi bao nhiêu?",
}
QUESTION_CORPUS = [make_doc(k, v, clauses=("1",), doc_type="Nghị định") for k, v in QUESTION_TEXTS.items()]


@pytest.fixture(params=sorted(ENGINES))
def question_engine(request, tmp_path):
    yield from _loaded(request.param, tmp_path, QUESTION_CORPUS)


@pytest.mark.parametrize(
    "question",
    [
        "Ô tô chở hàng vượt tải trọng trên đường bộ bị xử phạt thế nào?",
        "o to cho hang vuot tai trong tren duong bo bi xu phat the nao?",
    ],
)
def test_a_question_ranks_documents_holding_more_of_its_words_first(question_engine, question):
    # "ô tô" is rarer and repeated, but the definition holds 3 of the question's words, the others 5+
    found = search(question_engine, question)
    assert found.relaxed and ids(found)[0] == "nd100-24"
    assert ids(found)[-1] == "qc41-3"


@pytest.mark.parametrize(
    "question", ["Người đi đường bị phạt bao nhiêu tiền?", "nguoi di duong bi phat bao nhieu tien?"]
)
def test_a_question_is_not_answered_by_its_asking_words(question_engine, question):
    # the Q&A page holds "bao nhiêu" three times and "người đi đường": the asking words weigh nothing
    found = ids(search(question_engine, question))
    assert found[0] == "nd100-5"
    assert "hoidap-1" in found  # it still holds "người đi đường"


def test_a_question_keeps_its_quoted_phrase_required(question_engine):
    # relaxed, the question's other words are optional; the quoted phrase is not
    found = search(question_engine, 'Định nghĩa của "người lao động"?')
    assert found.relaxed and ids(found) == ["blld-3"]


# A folded syllable that is also an abbreviation (tu → TU, tỉnh ủy) is still the word typed in its sequence.
SEQUENCE_CORPUS = [
    make_doc(
        "ketoan-ct",
        "Chế độ kế toán đơn vị sự nghiệp. 1. Khi nhận các khoản nộp của người nộp, thủ quỹ của đơn vị lập "
        "chứng từ thu tiền theo mẫu quy định tại phụ lục của Thông tư này.",
        clauses=("1",),
    ),
    make_doc(
        "tinhuy-tb",
        "Thông báo của Tỉnh ủy. 1. Tỉnh ủy yêu cầu thu hồi tiền, chung tay thu tiền.",
        clauses=("1",),
    ),
    make_doc(
        "chitieu-qc",
        "Quy chế chi tiêu. 1. Các khoản thu, chi tiền mặt phải có chứng từ hợp lệ; chứng từ lưu trữ chung.",
        clauses=("1",),
    ),
]


@pytest.fixture(params=sorted(ENGINES))
def sequence_engine(request, tmp_path):
    yield from _loaded(request.param, tmp_path, SEQUENCE_CORPUS)


def test_a_syllable_that_is_also_an_abbreviation_keeps_the_typed_sequence(sequence_engine):
    found = search(sequence_engine, "chung tu thu tien")
    assert ids(found)[0] == "ketoan-ct"  # the only one holding "chứng từ thu tiền"
    assert set(ids(found)) == {"ketoan-ct", "tinhuy-tb", "chitieu-qc"}  # which documents match is unchanged


def test_unknown_match_mode_is_a_query_error():
    from indexer.errors import QueryError

    with pytest.raises(QueryError):
        SearchRequest(q="x", match="most")


# -- ranking: the top hit, not only the set (issue 12) ---------------------------------------------

RANKING_CORPUS = [
    # the syllables of `chuyen doi so` everywhere, never together, and `Sở` in the issuer
    make_doc(
        "so-scattered",
        "Sở Y tế chuyển công văn số 15 đến các sở, ngành. Đề nghị theo dõi, đổi mới cách làm. "
        "Số liệu chuyển về Sở trước ngày 20; số còn lại chuyển sau. Sở sẽ đổi lịch nếu cần.",
        number="15/SYT-NV",
        doc_type="công văn",
        issuer="Sở Y tế tỉnh Điện Biên",
        subject="chuyển số liệu báo cáo",
        signer="Vừ A Bằng",
        issued="2021-05-10",
    ),
    make_doc(
        "nq-chuyen-doi-so",
        "Nghị quyết về phát triển du lịch. Đẩy mạnh chuyển đổi số trong quảng bá, xúc tiến du lịch; "
        "hoàn thiện hạ tầng giao thông kết nối các điểm đến; đào tạo nguồn nhân lực chất lượng cao "
        "cho ngành du lịch của tỉnh trong giai đoạn mới.",
        doc_type="nghị quyết",
        issuer="Tỉnh ủy Kiên Giang",
        subject="về phục hồi và phát triển du lịch",
        signer="Đỗ Thanh Bình",
        issued="2022-03-01",
    ),
    # `Nguyễn`, `Văn`, `Thắng` in the body, apart; the signer of the other is Nguyễn Văn Thắng
    make_doc(
        "names-scattered",
        "Ông Nguyễn Hữu Văn báo cáo; đồng chí Nguyễn Thị Thắng tham gia; văn bản của Văn phòng gửi "
        "đồng chí Nguyễn Văn Hòa; quyết tâm chiến thắng dịch bệnh, thắng lợi của nhân dân.",
        doc_type="báo cáo",
        issuer="Văn phòng Tỉnh ủy",
        signer="Nguyễn Hữu Văn",
        issued="2021-05-01",
    ),
    make_doc(
        "signed-thang",
        "Thông báo kết luận của Ban Thường vụ về công tác phòng, chống dịch bệnh trên địa bàn tỉnh, "
        "giao các cơ quan thực hiện nghiêm các biện pháp phòng dịch.",
        doc_type="thông báo",
        issuer="Tỉnh ủy Điện Biên",
        signer="Nguyễn Văn Thắng",
        issued="2021-05-07",
    ),
]


@pytest.fixture(params=sorted(ENGINES))
def ranking_engine(request, tmp_path):
    yield from _loaded(request.param, tmp_path, RANKING_CORPUS)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("chuyen doi so", "nq-chuyen-doi-so"),  # adjacent and in order beats scattered + issuer
        ("chuyển đổi số", "nq-chuyen-doi-so"),
        ("nguyen van thang", "signed-thang"),  # the signer's name, together, beats scattered syllables
        ("Nguyễn Văn Thắng", "signed-thang"),
    ],
)
def test_what_was_typed_together_ranks_first(ranking_engine, query, first):
    response = search(ranking_engine, query)
    assert len(response.hits) >= 2  # both match (AND): only the order tells them apart
    assert ids(response)[0] == first


def test_subject_scope_searches_the_trich_yeu_only(ranking_engine):
    assert set(ids(search(ranking_engine, "du lich"))) == {"nq-chuyen-doi-so"}
    assert ids(search(ranking_engine, "phat trien du lich", scope="subject")) == ["nq-chuyen-doi-so"]
    # only in the body (match=all: auto would relax to the subject holding two of the three words)
    assert ids(search(ranking_engine, "chuyen doi so", scope="subject", match="all")) == []
    assert ids(search(ranking_engine, "trichyeu: chuyen doi so", match="all")) == []
    assert search(ranking_engine, "trichyeu: chuyen doi so").relaxed
    assert ids(search(ranking_engine, "trích yếu: số liệu")) == ["so-scattered"]
    assert ids(search(ranking_engine, "trichyeu: so lieu -du")) == ["so-scattered"]


# -- letterhead boilerplate: stored, never matched ---------------------------------------------------

LETTERHEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
    "Số: 12/UBND-VX\n\nKính gửi: Các sở, ngành.\n\n"
)


def test_letterhead_is_shown_but_never_matches(engine_with_letterhead):
    doc_id = "letterhead-cv"
    assert LETTERHEAD in engine_with_letterhead.get(doc_id).text
    for query in ("doc lap tu do hanh phuc", "cong hoa xa hoi chu nghia", "kinh gui"):
        assert ids(search(engine_with_letterhead, query)) == [], query
    assert ids(search(engine_with_letterhead, "sở ngành")) == [doc_id]  # the recipients stay searchable
    assert ids(search(engine_with_letterhead, "tiêm chủng")) == [doc_id]


@pytest.fixture(params=sorted(ENGINES))
def engine_with_letterhead(request, tmp_path):
    doc = make_doc(
        "letterhead-cv",
        LETTERHEAD + "Về việc tiêm chủng. Các sở, ngành thực hiện tiêm chủng đúng kế hoạch.",
        number="12/UBND-VX",
        doc_type="công văn",
        issuer="UBND tỉnh Lai Châu",
    )
    yield from _loaded(request.param, tmp_path, [doc])


# -- copies: exclusions and filters apply to each member, the group shows its best remaining one ------

NOTICE = "Bộ Chính trị kết luận về hợp tác ASEAN và phòng, chống dịch. "
COPY_GROUP = [
    make_doc(
        "notice-laichau",
        NOTICE + "Bản sao gửi Tỉnh ủy Lai Châu.",
        number="172-TB/TW",
        doc_type="thông báo",
        issuer="Bộ Chính trị",
        province="Lai Châu",
        copies=("notice-kiengiang",),
    ),
    make_doc(
        "notice-kiengiang",
        NOTICE + "Bản sao gửi Tỉnh ủy Kiên Giang.",
        number="172-TB/TW",
        doc_type="thông báo",
        issuer="Bộ Chính trị",
        province="Kiên Giang",
        canonical=False,
        copies=("notice-laichau",),
    ),
    make_doc("other", "Hội nghị ASEAN tại Lai Châu.", doc_type="báo cáo", province="Lai Châu"),
]


@pytest.fixture(params=sorted(ENGINES))
def copies_engine(request, tmp_path):
    yield from _loaded(request.param, tmp_path, COPY_GROUP)


def test_excluding_the_canonical_member_shows_the_remaining_copy(copies_engine):
    assert set(ids(search(copies_engine, "ASEAN"))) == {"notice-laichau", "other"}  # one hit per group
    response = search(copies_engine, 'ASEAN -"Lai Châu"')
    assert ids(response) == ["notice-kiengiang"]
    assert response.total == 1
    assert {v.value: v.count for v in response.facets["province"]} == {"Kiên Giang": 1}


def test_a_filter_that_excludes_the_canonical_member_shows_the_copy(copies_engine):
    response = search(copies_engine, "ASEAN", filters={"province": ["Kiên Giang"]})
    assert ids(response) == ["notice-kiengiang"]
    assert response.total == 1
    both = search(copies_engine, "hop tac ASEAN", filters={"province": ["Kiên Giang", "Lai Châu"]})
    assert ids(both) == ["notice-laichau"]  # the canonical member still stands for its group


@pytest.fixture(params=sorted(ENGINES))
def same_day_engine(request, tmp_path):
    """Three documents of one issue date written at different times (feeds order ties by that)."""
    docs = [
        make_doc(f"day-{n}", f"Văn bản thứ {n} cùng ngày.", issued="2021-05-12", issued_precision="day")
        for n in range(3)
    ]
    docs[0].indexed_at = "2026-01-02T08:00:00Z"
    docs[1].indexed_at = "2026-03-04T08:00:00Z"
    older = make_doc("day-old", "Văn bản cũ hơn.", issued="2021-05-11", issued_precision="day")
    older.indexed_at = "2026-12-01T08:00:00Z"  # indexed last, but issued a day earlier
    yield from _loaded(request.param, tmp_path, [*docs, older])


def test_date_sort_breaks_ties_by_indexing_time(same_day_engine):
    newest = ids(search(same_day_engine, "", sort="date_desc"))
    # day-2 had no time and was stamped when added: the most recent of the three
    assert newest == ["day-2", "day-1", "day-0", "day-old"]
    assert ids(search(same_day_engine, "", sort="date_asc")) == ["day-old", "day-0", "day-1", "day-2"]
    stamped = same_day_engine.get("day-2").indexed_at
    assert stamped > "2026-03-04T08:00:00Z" and stamped.endswith("Z")
    hit = search(same_day_engine, "", sort="date_desc").hits[1]
    assert hit.indexed_at == "2026-03-04T08:00:00Z"


@pytest.fixture(params=sorted(ENGINES))
def issuer_engine(request, tmp_path):
    """A department's report citing the provincial Committee in every sentence, and the Committee's
    own letters (ranking.ISSUER_BONUS)."""
    citing = " ".join(
        f"{i}. Theo chỉ đạo của UBND tỉnh Bình Thuận về phòng, chống dịch COVID-19, đề nghị UBND tỉnh "
        "Bình Thuận xem xét."
        for i in range(1, 9)
    )
    docs = [
        make_doc(
            "so-yte-report",
            "Sở Y tế báo cáo UBND tỉnh Bình Thuận. " + citing,
            number="412/SYT-NVY",
            issuer="Sở Y tế tỉnh Bình Thuận",
            subject="báo cáo UBND tỉnh Bình Thuận kết quả chống dịch COVID-19",
            clauses=tuple(str(i) for i in range(1, 9)),
        ),
        make_doc(
            "ubnd-covid",
            "Về phòng, chống dịch. 1. Các sở, ngành thực hiện nghiêm các biện pháp chống dịch COVID-19. "
            "2. Huyện, thị xã rà soát người về từ vùng dịch, xét nghiệm, cách ly và báo cáo hằng ngày. "
            "3. Sở Y tế tổ chức tiêm vắc xin, bảo đảm vật tư y tế và báo cáo kết quả.",
            number="2790/UBND-KGVX",
            issuer="UBND tỉnh Bình Thuận",
            subject="tăng cường phòng, chống dịch COVID-19",
            clauses=("1", "2", "3"),
        ),
    ]
    yield from _loaded(request.param, tmp_path, docs)


@pytest.mark.parametrize(
    "query", ["ubnd tinh binh thuan", "ủy ban nhân dân tỉnh Bình Thuận covid", "ubnd binh thuan dich covid"]
)
def test_a_query_naming_an_issuer_ranks_its_documents_first(issuer_engine, query):
    assert ids(search(issuer_engine, query)) == ["ubnd-covid", "so-yte-report"]
