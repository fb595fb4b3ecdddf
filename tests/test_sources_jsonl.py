"""JSON Lines: one document per line, producer metadata kept, bad lines reported with their number."""

from __future__ import annotations

import json

import pytest

from indexer.errors import SourceError
from indexer.sources import read_source
from indexer.sources.jsonl import iso_date, read_jsonl

TB = {
    "id": "tb-172",
    "text": "Thông báo kết luận số 172-TB/TW của Bộ Chính trị về công tác phòng, chống dịch Covid-19.",
    "title": "Thông báo kết luận của Bộ Chính trị về phòng, chống dịch Covid-19",
    "number": "172-TB/TW",
    "doc_type": "Thông báo",
    "issuer": "Bộ Chính trị",
    "issued": "2020-03-19",
    "province": "",
    "signer": "Trần Quốc Vượng",
    "url": "https://example.vn/tb-172",
    "pages": 3,  # unknown fields are ignored
}
CV = {"id": 628, "text": "Công văn số 628/UBND-VX của UBND tỉnh Lai Châu.", "issued": "29/3/2020"}


def _lines(*rows) -> bytes:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows).encode()


def test_good_lines_with_metadata():
    first, second = read_jsonl(b"\xef\xbb\xbf" + _lines(TB, CV) + b"\r\n", "tb.jsonl")
    assert first.text == TB["text"] and first.line == 1 and first.path == "tb.jsonl"
    assert first.metadata == {k: v for k, v in TB.items() if k not in ("text", "province", "pages")}
    assert second.metadata == {"id": "628", "issued": "2020-03-29"}  # ids are strings, dates ISO
    assert second.line == 2
    assert first.errors == second.errors == []


def test_bad_lines_are_reported_on_the_first_record_and_good_lines_kept():
    data = (
        _lines(
            "{broken json",
            TB,
            "",
            "[1, 2]",
            {"text": "thiếu id"},
            {"id": "x1"},
            {"id": "x2", "text": ["không phải chuỗi"]},
            {"id": "x3", "text": "   "},
            {"id": True, "text": "id kiểu bool"},
            dict(TB, text="trùng id"),
            dict(CV, issued="32/13/2020", number={"so": 628}),
        )
        + b"\n\xff\xfe{}\n"
    )
    records = read_jsonl(data, "lo.jsonl")
    assert [r.line for r in records] == [2, 11]
    assert records[1].errors == []
    assert records[0].errors == [
        "line 1: invalid JSON (Expecting property name enclosed in double quotes at column 2)",
        "line 4: not a JSON object but list",
        'line 5: missing "id"',
        'line 6: missing "text"',
        'line 7: "text" is list, not a string',
        'line 8: empty "text"',
        'line 9: "id" must be a non-empty string or an integer',
        'line 10: duplicate id "tb-172" (first on line 2)',
        'line 11: "number" is dict, not text; ignored',
        "line 11: \"issued\" '32/13/2020' is not a date (YYYY-MM-DD); ignored",
        "line 12: not UTF-8 (byte 0xff at column 1)",
    ]
    assert records[1].metadata == {"id": "628"}


def test_errors_are_capped():
    (record,) = read_jsonl(_lines(CV, *["{"] * 80), "x.jsonl")
    assert len(record.errors) == 51
    assert record.errors[-1] == "... and 30 more problems"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b'{"id": 1}\n', 'no valid line: line 1: missing "text"'),
        (
            b"not json\n[]\n",
            "no valid line (2 bad lines): line 1: invalid JSON (Expecting value at column 1)",
        ),
        (b"\n\n   \n", "no records (only blank lines)"),
    ],
)
def test_nothing_usable_raises(tmp_path, data, reason):
    path = tmp_path / "x.jsonl"
    path.write_bytes(data)
    with pytest.raises(SourceError) as caught:
        read_source(path)
    assert caught.value.reason.startswith(reason)


@pytest.mark.parametrize(
    "value, iso",
    [
        ("2020-03-29", "2020-03-29"),
        ("2020-03", "2020-03"),
        ("2020", "2020"),
        ("29/3/2020", "2020-03-29"),
        ("1/12/2021", "2021-12-01"),
        ("29.03.2020", "2020-03-29"),
        ("2020-02-30", None),
        ("32/13/2020", None),
        ("ngày 29 tháng 3 năm 2020", None),
        ("", None),
    ],
)
def test_iso_date(value, iso):
    assert iso_date(value) == iso


def test_read_source_dispatches_jsonl(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_bytes(_lines(TB, CV))
    assert [r.metadata["id"] for r in read_source(path)] == ["tb-172", "628"]


@pytest.mark.parametrize(
    "given",
    ["100/2015/QH13#418", "45/2013/QH13#3", "Số 5/UBND", "a b", "x" * 300],
)
def test_producer_ids_outside_the_url_alphabet_become_stable_url_ids(given):
    from indexer.model import DOC_ID

    data = json.dumps({"id": given, "text": "Điều 1. Nội dung"}, ensure_ascii=False).encode()
    (record,) = read_jsonl(data, "ids.jsonl")
    assert DOC_ID.fullmatch(record.metadata["id"])
    assert record.metadata["given_id"] == given
    (again,) = read_jsonl(data, "ids.jsonl")
    assert again.metadata["id"] == record.metadata["id"]


def test_similar_producer_ids_stay_distinct():
    lines = [json.dumps({"id": i, "text": "Điều 1."}) for i in ("1/2015/QH13", "1-2015-QH13", "1 2015 QH13")]
    records = read_jsonl("\n".join(lines).encode(), "ids.jsonl")
    assert len({r.metadata["id"] for r in records}) == 3


def test_ids_with_line_breaks_are_bad_lines():
    data = (json.dumps({"id": "a\nb", "text": "x"}) + "\n" + json.dumps({"id": "ok", "text": "y"})).encode()
    records = read_jsonl(data, "ids.jsonl")
    assert [r.metadata["id"] for r in records] == ["ok"]
    assert "line 1" in records[0].errors[0]
