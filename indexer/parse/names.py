"""Normalised names of issuing bodies, signers' titles and people.

`ỦY BAN NHÂN DÂN / TỈNH LAI CHÂU` → `UBND tỉnh Lai Châu`, `BAN CHẤP HÀNH TRUNG ƯƠNG` →
`Ban Chấp hành Trung ương`, `SỞ KẾ HOẠCH VÀ ĐẦU TƯ` → `Sở Kế hoạch và Đầu tư`, tone marks placed the
new way (`Tỉnh uỷ` → `Tỉnh ủy`) so a facet shows one value per body.
"""

from __future__ import annotations

import re

from analyzers.fold import fold_diacritics
from analyzers.normalize import place_tone
from indexer.parse.gazetteer import find_province
from indexer.parse.lines import is_upper

# folded lower phrase -> canonical spelling; longest match first, at the start of a body name
_BODIES = {
    "uy ban nhan dan": "UBND",
    "ubnd": "UBND",
    "hoi dong nhan dan": "HĐND",
    "hdnd": "HĐND",
    "ban chap hanh trung uong dang cong san viet nam": "Ban Chấp hành Trung ương",
    "ban chap hanh trung uong": "Ban Chấp hành Trung ương",
    "bch trung uong": "Ban Chấp hành Trung ương",
    "bo chinh tri": "Bộ Chính trị",
    "ban bi thu": "Ban Bí thư",
    "ban bi thu trung uong dang": "Ban Bí thư",
    "ban thuong vu": "Ban Thường vụ",
    "thuong truc": "Thường trực",
    "ban chap hanh dang bo": "Ban Chấp hành Đảng bộ",
    "ban chap hanh": "Ban Chấp hành",
    "dang bo": "Đảng bộ",
    "dang uy": "Đảng ủy",
    "tinh uy": "Tỉnh ủy",
    "thanh uy": "Thành ủy",
    "huyen uy": "Huyện ủy",
    "thi uy": "Thị ủy",
    "quan uy": "Quận ủy",
    "van phong trung uong dang": "Văn phòng Trung ương Đảng",
    "van phong chinh phu": "Văn phòng Chính phủ",
    "van phong tinh uy": "Văn phòng Tỉnh ủy",
    "van phong thanh uy": "Văn phòng Thành ủy",
    "van phong ubnd": "Văn phòng UBND",
    "van phong uy ban nhan dan": "Văn phòng UBND",
    "vp tinh uy": "Văn phòng Tỉnh ủy",
    "vp ubnd": "Văn phòng UBND",
    "chinh phu": "Chính phủ",
    "van phong quoc hoi": "Văn phòng Quốc hội",
    "bo cong thuong": "Bộ Công Thương",
    "thu tuong chinh phu": "Thủ tướng Chính phủ",
    "quoc hoi": "Quốc hội",
    "uy ban thuong vu quoc hoi": "Ủy ban Thường vụ Quốc hội",
    "ban chi dao quoc gia": "Ban Chỉ đạo quốc gia",
    "ban chi dao": "Ban Chỉ đạo",
    "uy ban mat tran to quoc viet nam": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "uy ban mat tran to quoc": "Ủy ban Mặt trận Tổ quốc",
    "uy ban mttq viet nam": "Ủy ban MTTQ Việt Nam",
    "uy ban mttq": "Ủy ban MTTQ",
    "ban thuong truc": "Ban Thường trực",
    "tieu ban": "Tiểu ban",
    "uy ban bau cu": "Ủy ban bầu cử",  # a subcommittee of an election board or a steering committee
    "ngan hang nha nuoc viet nam": "Ngân hàng Nhà nước Việt Nam",
    "ngan hang nha nuoc": "Ngân hàng Nhà nước",
    "mat tran to quoc viet nam": "Mặt trận Tổ quốc Việt Nam",
    "ban can su dang": "Ban cán sự đảng",
    "dang doan": "Đảng đoàn",
}
# body words that open a new body on a header line (parent above, issuer below)
_BODY_HEADS = (
    "UY BAN",
    "TIEU BAN",
    "UBND",
    "HOI DONG",
    "HDND",
    "BO ",
    "SO ",
    "BAN ",
    "VAN PHONG",
    "VP ",
    "TINH UY",
    "THANH UY",
    "HUYEN UY",
    "THI UY",
    "QUAN UY",
    "DANG UY",
    "DANG BO",
    "CHINH PHU",
    "QUOC HOI",
    "THU TUONG",
    "CUC ",
    "TONG CUC",
    "TRUNG TAM",
    "BENH VIEN",
    "TRUONG ",
    "CONG AN",
    "BO CHI HUY",
    "MAT TRAN",
    "HOI ",
    "LIEN DOAN",
    "DOAN ",
    "CHI CUC",
    "PHONG ",
    "VIEN ",
    "KHO BAC",
    "THANH TRA",
    "BAO HIEM",
    "DAI ",
    "TOA AN",
    "VIEN KIEM SAT",
    "NGAN HANG",
)
# a body that starts inside a header line, after its parent's place ('UBND TỈNH BÌNH THUẬN SỞ NỘI VỤ')
_INNER_HEADS = (
    "SO ",
    "BAN ",
    "TIEU BAN",
    "THUONG TRUC",
    "CHI CUC",
    "TONG CUC",
    "CUC ",
    "PHONG ",
    "VAN PHONG",
    "TRUNG TAM",
)
_PLACE_UNITS = {"tinh", "xa", "huyen", "phuong", "quan", "thanh", "pho", "tran", "thi"}
_UNITS = {
    "tinh": "tỉnh",
    "thanh pho": "thành phố",
    "huyen": "huyện",
    "thi xa": "thị xã",
    "xa": "xã",
    "phuong": "phường",
    "quan": "quận",
    "thi tran": "thị trấn",
    "tp": "thành phố",
    "tp.": "thành phố",
}
_CENTRAL = (
    "Ban Chấp hành Trung ương",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Văn phòng Chính phủ",
    "Quốc hội",
    "Văn phòng Trung ương Đảng",
    "Ban Chỉ đạo quốc gia",
    "Bộ ",
    "Ủy ban Thường vụ Quốc hội",
    "Ban Tuyên giáo Trung ương",
    "Ban Tổ chức Trung ương",
)
KNOWN_PARENTS = {
    "Bộ Chính trị": "Ban Chấp hành Trung ương",
    "Ban Bí thư": "Ban Chấp hành Trung ương",
    "Thủ tướng Chính phủ": "Chính phủ",
    "Văn phòng Chính phủ": "Chính phủ",
}
_KEEP_UPPER = {"COVID-19", "COVID", "ASEAN", "SARS-COV-2", "CDC", "UBND", "HĐND", "MTTQ", "BCĐ", "TW", "CP"}

_TITLES = {
    "chu tich": "Chủ tịch",
    "pho chu tich": "Phó Chủ tịch",
    "bi thu": "Bí thư",
    "pho bi thu": "Phó Bí thư",
    "pho bi thu thuong truc": "Phó Bí thư Thường trực",
    "tong bi thu": "Tổng Bí thư",
    "thuong truc": "Thường trực",
    "chanh van phong": "Chánh Văn phòng",
    "pho chanh van phong": "Phó Chánh Văn phòng",
    "giam doc": "Giám đốc",
    "pho giam doc": "Phó Giám đốc",
    "bo truong": "Bộ trưởng",
    "thu truong": "Thứ trưởng",
    "thu tuong": "Thủ tướng",
    "pho thu tuong": "Phó Thủ tướng",
    "truong ban": "Trưởng ban",
    "pho truong ban": "Phó Trưởng ban",
    "chu nhiem": "Chủ nhiệm",
    "pho chu nhiem": "Phó Chủ nhiệm",
    "cuc truong": "Cục trưởng",
    "pho cuc truong": "Phó Cục trưởng",
    "chanh thanh tra": "Chánh Thanh tra",
    "truong phong": "Trưởng phòng",
    "pho truong phong": "Phó Trưởng phòng",
    "tong cuc truong": "Tổng cục trưởng",
    "vu truong": "Vụ trưởng",
    "chu tich ubnd": "Chủ tịch UBND",
    "pho chu tich thuong truc": "Phó Chủ tịch Thường trực",
    "chanh van phong trung uong dang": "Chánh Văn phòng Trung ương Đảng",
    "ua vien": "Ủy viên",
    "uy vien": "Ủy viên",
    "tham muu truong": "Tham mưu trưởng",
    "chi huy truong": "Chỉ huy trưởng",
    "hieu truong": "Hiệu trưởng",
    "tong giam doc": "Tổng Giám đốc",
    "truong ban chi dao": "Trưởng Ban Chỉ đạo",
    "pho truong ban thuong truc": "Phó Trưởng ban Thường trực",
    "thong doc": "Thống đốc",
    "pho thong doc": "Phó Thống đốc",
    "chanh an": "Chánh án",
    "pho chanh an": "Phó Chánh án",
    "vien truong": "Viện trưởng",
    "pho vien truong": "Phó Viện trưởng",
    "tong kiem toan": "Tổng Kiểm toán",
    "chu tich quoc hoi": "Chủ tịch Quốc hội",
    "pho chu tich quoc hoi": "Phó Chủ tịch Quốc hội",
    "tong thu ky": "Tổng Thư ký",
}


def fix_tones(text: str) -> str:
    """Tone marks placed the new way, case kept: `Tỉnh uỷ` → `Tỉnh ủy`, `HOÀ` → `HÒA`."""
    out = []
    for word in re.split(r"(\W+)", text):
        if not word or word.isascii() or not word[0].isalpha():
            out.append(word)
            continue
        lowered = word.lower()
        placed = place_tone(lowered)
        if placed == lowered:
            out.append(word)
        elif word.isupper():
            out.append(placed.upper())
        elif word[0].isupper():
            out.append(placed[0].upper() + placed[1:])
        else:
            out.append(placed)
    return "".join(out)


def _fold_words(text: str) -> list[str]:
    return fold_diacritics(text).lower().split()


def _place_name(words: list[str]) -> str:
    """Printed words of a place ('LAI CHÂU') → 'Lai Châu' (gazetteer spelling when known)."""
    printed = " ".join(words)
    province = find_province(printed)
    if province and fold_diacritics(province.name).lower() == " ".join(_fold_words(printed)):
        return province.name
    return proper_case(fix_tones(printed))


def proper_case(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def _functional(words: list[str], capital: bool = True) -> str:
    """'KẾ HOẠCH VÀ ĐẦU TƯ' → 'Kế hoạch và Đầu tư': the first word of each function phrase capitalised."""
    out = []
    for word in words:
        lowered = word.lower()
        if word.upper() in _KEEP_UPPER:
            out.append(word.upper())
        elif capital:
            out.append(lowered[:1].upper() + lowered[1:])
        else:
            out.append(lowered)
        capital = lowered in {"và", "-", "–"}
    return " ".join(out)


_COMMITTEES = {"Tỉnh ủy", "Thành ủy", "Huyện ủy", "Thị ủy", "Quận ủy", "Đảng ủy", "Đảng bộ", "UBND", "HĐND"}


def body_name(printed: str) -> str:
    """One body as printed (upper case, possibly over two lines) → its normalised name."""
    text = fix_tones(re.sub(r"\s+", " ", printed.replace("**", " ")).strip(" .,:;-*/"))
    if not text:
        return ""
    words = text.split()
    folded = [fold_diacritics(w).lower() for w in words]
    head, rest, known = "", words, False
    for size in range(min(8, len(words)), 0, -1):
        key = " ".join(folded[:size])
        if key in _BODIES:
            head, rest, known = _BODIES[key], words[size:], True
            break
    if not is_upper(text):  # running text: canonical head, the rest as printed
        return " ".join([head, *rest]) if known else text
    if not known:
        if not (words[0].isupper() or words[0][:1].isupper()):
            return text
        head, rest = words[0][:1].upper() + words[0][1:].lower(), words[1:]
    function, place = _split_place(rest)
    parts = [head]
    if len(function) == 1 and fold_diacritics(function[0]).lower() in _UNITS:  # "UBND tỉnh"
        function = [function[0].lower()]
        return " ".join([head, function[0]] + ([place] if place else []))
    if function:
        if not place and (head in _COMMITTEES or head.endswith(" ủy") or find_province(" ".join(function))):
            parts.append(_place_name(function))
        else:
            parts.append(_functional(function, capital=not known))
    if place:
        parts.append(place)
    return " ".join(parts)


def _split_place(words: list[str]) -> tuple[list[str], str]:
    """Function words and the place that ends a body name: ('Y TẾ', 'tỉnh Lai Châu')."""
    folded = [fold_diacritics(w).lower().strip(".,") for w in words]
    for i in range(len(words)):
        two = " ".join(folded[i : i + 2])
        if two in ("tinh uy", "thanh uy", "huyen uy", "thi uy", "quan uy"):
            after = words[i + 2 :]
            return words[:i], _BODIES[two] + (" " + _place_name(after) if after else "")
        if two in ("trung uong",):
            return words[:i], "Trung ương"
        if two in ("xa hoi", "quan ly", "quan tri", "xa hoi chu"):
            continue
        unit = two if two in _UNITS else folded[i] if folded[i] in _UNITS else ""
        size = len(unit.split())
        if unit and len(words) > i + size:
            return words[:i], _UNITS[unit] + " " + _place_name(words[i + size :])
    return words, ""


def split_bodies(printed: str) -> list[str]:
    """One header line holding a parent and its unit → both: the unit starts with a body word right
    after the parent's place name ('UBND TỈNH BÌNH THUẬN | SỞ NỘI VỤ', 'ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG
    MINH | BAN THƯỜNG TRỰC'). Without a place before it a body word stays inside the name."""
    words = printed.split()
    folded = [fold_diacritics(w).upper() for w in words]
    for i in range(2, len(words) - 1):
        rest = " ".join(folded[i:]) + " "
        if not rest.startswith(_INNER_HEADS) or folded[i - 1] in ("UY", "VAN", "TONG", "CHI", "DANG"):
            continue
        before = [f.lower() for f in folded[:i]]
        unit_at = max((k for k, w in enumerate(before) if w in _PLACE_UNITS), default=-1)
        if 0 < unit_at < i - 1:  # a unit word, then at least one word of the place's name
            return [" ".join(words[:i]), *split_bodies(" ".join(words[i:]))]
    return [printed]


def is_body_head(folded_upper: str) -> bool:
    return folded_upper.startswith(_BODY_HEADS)


# national bodies whose names carry no "Bộ"/"Trung ương" prefix; and the suffixes of national rank
_CENTRAL_MORE = (
    "Ngân hàng Nhà nước",
    "Văn phòng Quốc hội",
    "Văn phòng Chủ tịch nước",
    "Chủ tịch nước",
    "Kiểm toán Nhà nước",
    "Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao",
    "Ủy ban Trung ương",
    "Hội đồng Dân tộc",
)
_CENTRAL_SUFFIXES = ("Trung ương", "tối cao")
# the body code that ends a central number's symbol ('30/2020/NĐ-CP', '05/2021/TT-BYT') → the body
CENTRAL_CODES = {
    "CP": "Chính phủ",
    "TTG": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "VPQH": "Văn phòng Quốc hội",
    "VPCP": "Văn phòng Chính phủ",
    "NHNN": "Ngân hàng Nhà nước Việt Nam",
    "BTC": "Bộ Tài chính",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BNG": "Bộ Ngoại giao",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
    "BCT": "Bộ Công Thương",
    "BXD": "Bộ Xây dựng",
    "BYT": "Bộ Y tế",
    "BGDDT": "Bộ Giáo dục và Đào tạo",
    "BKHCN": "Bộ Khoa học và Công nghệ",
    "BKHDT": "Bộ Kế hoạch và Đầu tư",
    "BLDTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "BNNMT": "Bộ Nông nghiệp và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BGTVT": "Bộ Giao thông vận tải",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "TTCP": "Thanh tra Chính phủ",
    "KTNN": "Kiểm toán Nhà nước",
}
_NUMBER_CODE = re.compile(r"-([A-Za-zĐđ]+)\d{0,2}$")


def is_central(issuer: str) -> bool:
    """A national body: never given a province, whatever place its header prints (Hà Nội)."""
    return (
        issuer.startswith(_CENTRAL) or issuer.startswith(_CENTRAL_MORE) or issuer.endswith(_CENTRAL_SUFFIXES)
    )


def central_body_of_number(number: str) -> str:
    """The central body a number's symbol names ('115/NQ-CP' → 'Chính phủ'), '' for local symbols.
    Only the last code counts: '01/2022/TTLT-VKSNDTC-TANDTC' is several bodies, '12/UBND-VX' local."""
    parts = number.replace(" ", "").split("/")
    if len(parts) < 2:
        return ""
    tail = parts[-1]
    if "-" not in tail:
        tail = "-" + tail  # '78/2025/UBTVQH15', '69/2020/QH14'
    if tail.count("-") > 1 and not tail.upper().startswith(
        ("VBHN-", "NQ-", "QD-", "QĐ-", "TT-", "ND-", "NĐ-")
    ):
        return ""
    found = _NUMBER_CODE.search(tail)
    if not found:
        return ""
    return CENTRAL_CODES.get(fold_diacritics(found.group(1)).upper(), "")


def signer_title(printed: str) -> str:
    """'PHÓ CHỦ TỊCH' → 'Phó Chủ tịch'; 'CHANH VĂN PHÒNG' (OCR) → 'Chánh Văn phòng'."""
    text = re.sub(r"\s+", " ", printed.replace("**", " ")).strip(" .,:;*")
    key = " ".join(_fold_words(text))
    if key in _TITLES:
        return _TITLES[key]
    words = text.split()
    for size in range(len(words) - 1, 0, -1):  # 'GIÁM ĐỐC SỞ Y TẾ' → known title + body
        head = " ".join(_fold_words(" ".join(words[:size])))
        if head in _TITLES:
            return _TITLES[head] + " " + body_name(" ".join(words[size:]))
    return _functional(fix_tones(text).split()) if text else ""


def person_name(printed: str) -> str:
    text = re.sub(r"\s+", " ", printed.replace("**", " ").replace("*", " ")).strip(" .,:;")
    return proper_case(fix_tones(text)) if text.isupper() else fix_tones(text)
