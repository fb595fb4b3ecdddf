"""Legacy encodings: real sentences converted to TCVN3, VNI and cp1258 come back; nothing else is touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzers.legacy import (
    decode_legacy_bytes,
    encode_cp1258,
    encode_tcvn3,
    encode_vni,
    is_vietnamese_syllable,
    repair_legacy,
)

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"

# Real sentences from the seeds and the legal code.
SENTENCES = [
    "Thực hiện Văn bản số 1276-CV/TU ngày 24/3/2020 của Ban Thường vụ Tỉnh uỷ về việc quán triệt",
    "Hiện nay, tình hình dịch bệnh diễn biến phức tạp, khó lường, đang tác động toàn diện tới kinh tế",
    "Các sở, ban, ngành, đoàn thể tỉnh; UBND các huyện, thành phố.",
    "Tuyên truyền vận động để nâng cao ý thức người dân về phòng ngừa dịch bệnh, thực hiện nghiêm 5K",
    "Sở Giáo dục và Đào tạo chỉ đạo triển khai tốt nhiệm vụ năm học mới",
    "Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành, địa phương nghiêm túc triển khai thực hiện.",
    "Luật này áp dụng đối với cơ quan, tổ chức, công dân nước Cộng hoà xã hội chủ nghĩa Việt Nam",
    "An ninh quốc gia là sự ổn định, phát triển bền vững của chế độ xã hội chủ nghĩa",
    "khi phong tỏa, cách ly ở phạm vi hẹp nhất có thể; người dân phải thật sự là chiến sỹ",
    "Đẩy mạnh phòng, chống tham nhũng, tiêu cực, lợi dụng việc triển khai mua sắm",
    "tại Lai Châu tính đến 6h00 ngày 29/3/2020 đã ghi nhận 01 trường hợp nhiễm Covid-19",
    "thuỷ lợi, khuỷu tay, quỹ bảo hiểm, giữ gìn, nguyễn, khoẻ mạnh, ưu tiên",
]
ENCODERS = {"TCVN3": encode_tcvn3, "VNI": encode_vni, "cp1258": encode_cp1258}


def same(encoding: str, got: str, want: str) -> bool:
    # ABC had no codes for capitals with marks: those come back lower case (Ủy → ủy)
    return got.lower() == want.lower() if encoding == "TCVN3" else got == want


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("encoding", ENCODERS)
def test_legacy_bytes_decode_to_the_sentence(encoding, sentence):
    text, found = decode_legacy_bytes(ENCODERS[encoding](sentence))
    assert found == encoding
    assert same(encoding, text, sentence)


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("encoding", ENCODERS)
def test_mojibake_text_is_repaired(encoding, sentence):
    mojibake = ENCODERS[encoding](sentence).decode("cp1252", errors="replace")
    assert mojibake != sentence
    text, found = repair_legacy(mojibake)
    assert found == encoding
    assert same(encoding, text, sentence)


@pytest.mark.parametrize("encoding", ENCODERS)
def test_whole_seed_documents_round_trip(encoding):
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/corpus not present: {SEEDS}")
    for path in sorted(SEEDS.glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        assert repair_legacy(original) == (original, None)  # genuine Unicode is left alone
        data = ENCODERS[encoding](original)
        text, found = decode_legacy_bytes(data)
        assert found == encoding, path.name
        assert same(encoding, text, original.replace("\u00a0", " ")) or _close(text, original), path.name
        text, found = repair_legacy(data.decode("cp1252", errors="replace"))
        assert found == encoding, path.name


def _close(got: str, want: str) -> bool:
    """Equal up to characters the legacy encoding cannot hold (smart quotes, ₂...)."""
    return sum(a.lower() != b.lower() for a, b in zip(got, want, strict=False)) <= 20 and len(got) == len(
        want
    )


def test_caps_header_in_abc_font_comes_back_in_capitals():
    data = encode_tcvn3("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    text, found = decode_legacy_bytes(data)
    assert found == "TCVN3"
    assert text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


def test_mixed_file_repairs_only_the_legacy_lines():
    header = "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU — Số: 628/UBND-VX"
    body = encode_tcvn3(SENTENCES[0] + "\n" + SENTENCES[1]).decode("cp1252")
    text, found = repair_legacy(header + "\n" + body)
    assert found == "TCVN3"
    assert text == header + "\n" + SENTENCES[0] + "\n" + SENTENCES[1]


@pytest.mark.parametrize("separator", ["\n", "\r\n", "\r", "\x1c"])
@pytest.mark.parametrize("encoding", ENCODERS)
def test_a_legacy_line_beside_unicode_lines_is_repaired_whatever_ends_the_lines(encoding, separator):
    """repair_legacy skips texts whose every line holds a letter only Unicode has: a legacy line among
    Unicode ones, split by any line break str.splitlines knows, must still be found and repaired."""
    unicode_line = "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU — Số: 628/UBND-VX"
    legacy = ENCODERS[encoding](SENTENCES[1]).decode("cp1252" if encoding != "TCVN3" else "latin-1")
    text, found = repair_legacy(unicode_line + separator + legacy + separator + unicode_line)
    assert found is not None
    repaired = text.split(separator)
    assert repaired[0] == repaired[2] == unicode_line
    assert same(encoding, repaired[1], SENTENCES[1])


@pytest.mark.parametrize(
    "text",
    [
        "Où est la gare ? Déjà vu, à bientôt, ça va très bien, señor año niño",  # French, Spanish
        "Größe, Straße, über, schön — Müller",  # German
        "Theo § 2 Điều 5 Luật số 32/2004/QH11 «An ninh quốc gia»",
        "Thông báo kết luận của Bộ Chính trị về công tác phòng, chống dịch Covid-19",
        "Thông báo Tỉnh uỷ, hoà bình, khoẻ mạnh, thuỷ lợi",  # old tone style is not a legacy encoding
        "Tiếng Việt không dấu: Uy ban nhan dan tinh Lai Chau",
        "Café, naïve, résumé, coöperate",
        "µ ¸ « only two",  # too little evidence to decide anything
    ],
)
def test_text_that_is_not_mojibake_is_left_alone(text):
    assert repair_legacy(text) == (text, None)


@pytest.mark.parametrize(
    "data",
    [
        "Привет, как дела? Это текст на русском языке, а не вьетнамский.".encode("cp1251"),
        "Αυτό είναι ελληνικό κείμενο για δοκιμή".encode("cp1253"),
        bytes(range(128, 256)) * 4,
        "Où est la gare? Déjà vu, très bien".encode("latin-1"),
    ],
)
def test_bytes_that_are_no_vietnamese_are_refused(data):
    _, found = decode_legacy_bytes(data)
    assert found is None


def test_utf8_bytes_are_not_legacy():
    assert decode_legacy_bytes(SENTENCES[0].encode("utf-8")) == (SENTENCES[0], None)


@pytest.mark.parametrize(
    ("word", "ok"),
    [("nghiêng", True), ("được", True), ("Ủy", True), ("khuỷu", True), ("quý", True), ("gì", True),
     ("Th«ng", False), ("baùo", False), ("cĭa", False), ("ñöôïc", False), ("señor", False), ("việtt", False),
     ("hoàà", False)],
)  # fmt: skip
def test_syllable_shape(word, ok):
    assert is_vietnamese_syllable(word) is ok
