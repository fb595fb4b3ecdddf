"""Golden values for real documents of ../shared/corpus/real, kept in tests/golden/real.json.

    python -m tests.real_golden     # rewrites tests/golden/real.json; review the diff before committing

Two kinds of entries, both compared with the bench's normalisation (bench.parse_accuracy):
- `gold-dev`: the 40 hand labels of gold-dev.json as `expected`; a field the parser still gets wrong
  is listed under `known_misses` with what it gives, and is not asserted (the bench counts it).
- `reviewed`: other files across the sources (old Word, RTF, OCR, portal pages, gazette texts), their
  values read off the parser and checked by hand against the document when the entry was added.
The documents themselves are never copied here: the test reads them from the shared corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.parse_accuracy import FIELDS, field_matches, gold_labels

GOLDEN_REAL = Path(__file__).resolve().parent / "golden" / "real.json"
REVIEWED = (
    "docs/binhthuan-snv/02_UB-_Thong_bao_ve_viec_giai_the_06_hoi_vi_pham_1_.doc",
    "docs/binhthuan-snv/03_UB-_gia_han_thoi_gian_to_chuc_DH.doc",
    "docs/binhthuan-snv/07_Dự-thảo-Quyết-định-đổi-tên-và-phê-duyệt-Điều-lệ-Hội-Thiện-nguyện-Lan-tỏa"
    "-yêu-thương-Bình-Thuận-Lâm-Đồng.doc",
    "docs/binhthuan-snv/38_Phiếu_trình_TTr_519.rtf",
    "docs/byt-vlm-ocr/sample_ocr_qwen3_30b__page_0001.md",
    "docs/byt-vlm-ocr/sample_ocr_gpt41mini__page_0001.md",
    "docs/byt-vlm-ocr/sample_ocr__page_0001.md",
    "docs/byt-vlm-ocr/sample_ocr_qwen__page_0001.md",
    "docs/danang-ocr/1.pdf",
    "docs/danang-ocr/3.pdf",
    "docs/congbao-8chude/luat-so-51-2024-qh15-43559.txt",
    "docs/congbao-8chude/van-ban-hop-nhat-so-111-vbhn-vpqh-469594.txt",
    "docs/congbao-8chude/van-ban-hop-nhat-so-1166-vbhn-bldtbxh-41572.txt",
    "docs/congbao-8chude/thong-tu-so-10-2021-tt-nhnn-34057.txt",
    "docs/congbao-8chude/nghi-dinh-so-186-2026-nd-cp-469660.txt",
    "docs/vbpl-html/doc_000668.html",
    "docs/mttq-luongminh/KH Kiểm tra, giám sát công tác bầu cử đại biểu Quốc hội khóa XVI"
    " và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031.htm",
)

# reviewed values the parser still gets wrong: the true value (from the document), not asserted
CORRECTIONS = {
    "docs/danang-ocr/3.pdf": {"issuer": "UBND thành phố Đà Nẵng"},  # OCR noise read as the issuer
}


def parse_file(real: Path, name: str):
    from indexer.parse import parse_documents
    from indexer.sources import read_source

    records = read_source(real / name)
    return parse_documents("\n".join(r.text for r in records), name)


def value(doc, field: str) -> str:
    """The value compared with a label: the bench's (a joint document names all its bodies/signers)."""
    from bench.bench_parse import _value

    return _value(doc, field)


def build(real: Path) -> dict:
    entries = []
    for name, truths in sorted(gold_labels(real).items()):
        docs = parse_file(real, name)
        doc = docs[0] if docs else None
        truth = truths[0]
        misses = {
            f: value(doc, f)
            for f in FIELDS
            if not (field_matches(f, value(doc, f), truth[f]) if truth[f] is not None else not value(doc, f))
        }
        entries.append({"file": name, "kind": "gold-dev", "expected": truth, "known_misses": misses})
    for name in REVIEWED:
        docs = parse_file(real, name)
        doc = docs[0] if docs else None
        expected = {f: value(doc, f) or None for f in FIELDS}
        fixes = CORRECTIONS.get(name, {})
        expected.update(fixes)
        misses = {f: value(doc, f) for f in fixes if value(doc, f) != fixes[f]}
        entries.append({"file": name, "kind": "reviewed", "expected": expected, "known_misses": misses})
    return {"_about": __doc__.split("\n\n")[0], "documents": entries}


if __name__ == "__main__":
    from tests.conftest import REAL

    data = build(REAL)
    GOLDEN_REAL.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    misses = sum(len(e["known_misses"]) for e in data["documents"])
    print(f"{len(data['documents'])} documents, {misses} known misses → {GOLDEN_REAL}")
