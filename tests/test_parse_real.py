"""Real documents (../shared/corpus/real): the header, date and signature the parser reads from them.

The expected values live in tests/golden/real.json (see tests/real_golden.py); the documents are
read from the shared corpus, never copied into the repository. Values compare with the bench's
normalisation (case and diacritics folded for names; the issuer must name the header's lowest body).
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from bench.parse_accuracy import FIELDS, field_matches, key
from indexer.errors import SourceError
from indexer.parse.names import is_central
from tests.conftest import need_real
from tests.real_golden import GOLDEN_REAL, parse_file, value

ENTRIES = json.loads(GOLDEN_REAL.read_text(encoding="utf-8"))["documents"]


def test_golden_covers_every_source():
    sources = Counter(e["file"].split("/")[1] for e in ENTRIES)
    assert len(ENTRIES) >= 40
    assert len(sources) == 7, sources


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"].rsplit("/", 1)[-1][:60] for e in ENTRIES])
def test_real_document_matches_golden(entry):
    real = need_real()
    docs = parse_file(real, entry["file"])
    doc = docs[0] if docs else None
    wrong = {}
    for field in FIELDS:
        if field in entry["known_misses"]:
            continue
        expected, ours = entry["expected"][field], value(doc, field)
        if expected is None:
            ok = not ours
        elif entry["kind"] == "reviewed":  # our own normalised value, read and checked by hand
            ok = key(ours) == key(expected)
        else:
            ok = field_matches(field, ours, expected)
        if not ok:
            wrong[field] = {"ours": ours, "expected": expected}
    assert not wrong, wrong


def test_no_central_body_gets_a_province():
    """Gazette texts of ministries, Chính phủ, Quốc hội print 'Hà Nội' as their place: not a province."""
    real = need_real()
    given = [e for e in ENTRIES if e["file"].startswith("docs/congbao-")]
    for entry in given:
        for doc in parse_file(real, entry["file"]):
            if doc.issuer and is_central(doc.issuer):
                assert not doc.province, (entry["file"], doc.issuer, doc.province)


def test_portal_page_without_a_document_gives_no_stated_values():
    """A vbpl.vn page shell (menus, a metadata box, no document body): its number, dates and names are
    chrome. Nothing is stated; a date is at most inferred."""
    real = need_real()
    (doc,) = parse_file(real, "docs/vbpl-html/doc_000668.html")
    assert not doc.number and not doc.signer and not doc.issuer
    assert all(v != "stated" for v in doc.provenance.values()), doc.provenance


def test_appendices_and_forms_stay_inside_their_document():
    """Every gazette file, commune web page and provincial Word draft holds one document; the
    appendices, blank forms and enacted regulations after its signature are clauses of it, never
    documents of their own. Its subject never runs into the place-and-date line or a table bar, and its
    recipients never take the signature beside them."""
    real = need_real()
    files = sorted(
        p.relative_to(real).as_posix()
        for folder in ("congbao-8chude", "mttq-luongminh", "binhthuan-snv")
        for p in (real / "docs" / folder).iterdir()
        if p.suffix != ".pdf"  # the signed PDFs are read elsewhere (slow text layer)
    )
    split, subjects, recipients = {}, {}, {}
    for name in files:
        try:
            docs = parse_file(real, name)
        except SourceError as exc:  # an Excel export's frameset shell: no text of its own
            assert "frameset page" in exc.reason, (name, exc.reason)
            continue
        if len(docs) != 1:
            split[name] = len(docs)
        doc = docs[0]
        if "|" in doc.subject or re.search(r"\w,\s*ngày\b", doc.subject):
            subjects[name] = doc.subject
        signature = {doc.signer, doc.signer_title, *doc.co_signers} - {""}
        if any(r in signature or r.isupper() for r in doc.recipients):
            recipients[name] = doc.recipients
    assert len(files) > 350 and not split, split
    assert not subjects, subjects
    assert not recipients, recipients
