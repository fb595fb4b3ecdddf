"""The embedded default engine: one tantivy index in a directory on disk.

Documents and their clauses live in one index, told apart by `kind`; a clause carries its parent's
metadata so filters apply to both, and its syllables in a field of its own (`clause_syl`), so that
the postings a document query walks hold documents only. Terms come pre-analysed from
`indexer.analysis` (the shared chain), so tantivy's own tokenizers never see raw text.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

import tantivy

from analyzers.query import ParsedQuery
from indexer.analysis import DocumentAnalysis, TextAnalysis, analyze_document
from indexer.engines import issuer_names, service, tantivy_facets, tantivy_rescore
from indexer.engines.base import (
    FACETS,
    Hit,
    IndexReport,
    SearchRequest,
    SearchResponse,
    SourceEntriesMixin,
)
from indexer.engines.common import date_sort_key, recency_key, stamp_indexed
from indexer.engines.copies import COPY_PROBE_LIMIT, copy_group, stand_ins
from indexer.engines.query_plan import AnyOf, Bool, Flag, Keyword, conjunction
from indexer.engines.ranking import text_plan
from indexer.engines.search_plan import document_plan, effective_scope, members_node
from indexer.engines.tantivy_query import compile_query
from indexer.errors import EngineError, IndexBusy, IndexMissing, IndexOutdated
from indexer.model import Document

# 2: `payload` is stored only (a bytes field); as an indexed raw text field every stored JSON was also
# one giant term, two thirds of the index on disk and of the commit time.
# 3: `recency` (issue date, then indexing time) orders date sorts and feeds.
# 4: copy groups indexed (a group shows through its best matching member), `subj` field (title and
# trích yếu), letterhead boilerplate out of the searchable fields (analyzers/letterhead.py).
# 5: a clause's syllables in `clause_syl`, not `syl`, and no `canonical` flag on clauses: a document
# query's postings held ~6 clause entries per document, which every match had to step over. `sample`:
# the slice a document belongs to, for estimated facet counts on large result sets (tantivy_facets).
SCHEMA_VERSION = 5
_KEYWORDS = (
    "doc_id",
    "kind",
    "canonical",
    "number_key",
    "cites",
    "source",
    "content_hash",
    "copy_group",
    "sample",
)
_FACET_FIELDS = sorted(set(FACETS.values()))
_DOCS = Bool(filter=(Keyword("kind", "doc"),))
_CLAUSES = Bool(filter=(Keyword("kind", "clause"),))
_SAMPLE = Bool(filter=(Keyword("kind", "doc"), Keyword("sample", tantivy_facets.SAMPLED_SLICE)))
# Where a clause entry holds the body text a plan asks for in `syl`.
CLAUSE_FIELDS = {"syl": "clause_syl"}


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in _KEYWORDS:
        sb.add_text_field(
            name, stored=name in ("doc_id", "source", "content_hash", "copy_group"), tokenizer_name="raw"
        )
    for name in _FACET_FIELDS:
        sb.add_text_field(name, stored=False, fast=True, tokenizer_name="raw")
    sb.add_text_field("head", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("subj", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("syl", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("clause_syl", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("words", stored=False, tokenizer_name="whitespace", index_option="freq")
    sb.add_integer_field("issued_sort", stored=False, indexed=True, fast=True)
    sb.add_integer_field("recency", stored=False, indexed=False, fast=True)
    sb.add_bytes_field("payload", stored=True, indexed=False)  # json.loads reads bytes as well
    return sb.build()


def check_schema_version(path: Path) -> None:
    """Refuse an index written by another on-disk schema (README: 'How the index is kept safe')."""
    meta_file = path / "vanban.json"
    try:
        found = int(json.loads(meta_file.read_text(encoding="utf-8")).get("schema_version", 0))
    except (OSError, ValueError, AttributeError):
        found = 0
    if found != SCHEMA_VERSION:
        raise IndexOutdated(
            f"the index at {path} has schema version {found}, this vanban needs {SCHEMA_VERSION}: "
            "rebuild it with `vanban reindex PATH...`"
        )


class _Found(NamedTuple):
    """A page of (score, address) hits and the match count (None when not counted)."""

    hits: list
    count: int | None


def _address_key(address) -> tuple[int, int]:
    return address.segment_ord, address.doc


def _stored_keys(stored) -> tuple[str, str]:
    """(id, copy group) of a stored entry."""
    return stored["doc_id"][0], stored["copy_group"][0]


def _tokens(analysis: TextAnalysis) -> list[tantivy.Token]:
    # map() over the packed columns: one Token per term is the bulk of the writer's Python work
    return list(map(tantivy.Token, analysis.term_list(), analysis.positions, repeat(0)))


def _pretokenized(tokens: list[tantivy.Token]) -> tantivy.PreTokenizedString:
    return tantivy.PreTokenizedString("", tokens)


def _common_values(doc: Document) -> tuple[list[tuple[str, str]], list[tuple[str, int]]]:
    """(text fields, integer fields) a document and each of its clauses carry alike: computed once
    per document, not once per entry."""
    texts = [
        ("doc_id", doc.id),
        ("canonical", "1" if doc.canonical else "0"),
        ("copy_group", copy_group(doc)),
    ]
    texts += [(name, value) for name in _FACET_FIELDS if (value := getattr(doc, name))]
    integers = [
        ("issued_sort", date_sort_key(doc.issued)),
        ("recency", recency_key(doc.issued, doc.indexed_at)),
    ]
    return texts, integers


def _entry(common: tuple[list[tuple[str, str]], list[tuple[str, int]]], clause=False) -> tantivy.Document:
    entry = tantivy.Document()
    texts, integers = common
    for name, value in texts:
        if clause and name == "canonical":
            continue  # only documents are asked for it (search_plan.members_node)
        entry.add_text(name, value)
    for name, value in integers:
        entry.add_integer(name, value)
    return entry


class TantivyEngine(SourceEntriesMixin):
    name = "tantivy"

    def __init__(self, index_dir: str | Path, segmenter: str = "pyvi", create: bool = False):
        self.path = Path(index_dir)
        self.segmenter = segmenter
        self._helper: ThreadPoolExecutor | None = None  # runs facet passes beside searches
        if not (self.path / "meta.json").exists():
            if not create:
                raise IndexMissing(f"no index at {self.path} (run `vanban index PATH` first)")
            self.path.mkdir(parents=True, exist_ok=True)
            (self.path / "vanban.json").write_text(
                json.dumps({"schema_version": SCHEMA_VERSION, "segmenter": segmenter}), encoding="utf-8"
            )
        else:
            check_schema_version(self.path)
        self.schema = build_schema()
        self._open()

    def _open(self) -> None:
        # Remember which version a symlinked index_dir pointed at, to follow a reindex swap.
        self._real = os.path.realpath(self.path)
        try:
            self.index = tantivy.Index(self.schema, path=self._real, reuse=True)
        except ValueError as exc:
            old = "schema" in str(exc)
            hint = " (built by an older vanban? rebuild it with `vanban reindex`)" if old else ""
            raise EngineError(f"cannot open index at {self.path}: {exc}{hint}") from exc
        self._writer = None

    # -- writing -------------------------------------------------------------------------------

    @property
    def writer(self):
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=128_000_000, num_threads=1)
            except ValueError as exc:
                raise IndexBusy(f"index at {self.path} is locked by another writer: {exc}") from exc
        return self._writer

    def add(self, documents: Iterable[Document], analyses: Iterable[DocumentAnalysis] | None = None):
        report = IndexReport()
        analyses_iter = iter(analyses) if analyses is not None else None
        writer = self.writer
        for doc in documents:
            analysis = next(analyses_iter) if analyses_iter else analyze_document(doc, self.segmenter)
            stamp_indexed(doc)
            writer.delete_documents_by_term("doc_id", doc.id)
            common = _common_values(doc)
            body_tokens = _tokens(analysis.body)
            writer.add_document(self._doc_entry(doc, analysis, body_tokens, common))
            for clause, clause_analysis in zip(doc.clauses, analysis.clauses, strict=True):
                # A clause that is a view of the body (indexer.analysis) reuses the body's Tokens: its
                # positions keep the body's numbering, which no query can tell apart (phrases compare
                # relative positions; BM25 counts tokens), and a third of the writer's work is saved.
                if clause_analysis.base is analysis.body:
                    first, stop, _ = clause_analysis.span
                    tokens = body_tokens[first:stop]
                else:
                    tokens = _tokens(clause_analysis)
                writer.add_document(self._clause_entry(doc, clause, tokens, common))
                report.clauses += 1
            report.indexed += 1
        return report

    def _doc_entry(
        self, doc: Document, analysis: DocumentAnalysis, body_tokens=None, common=None
    ) -> tantivy.Document:
        entry = _entry(common or _common_values(doc))
        entry.add_text("id", doc.id)
        entry.add_text("kind", "doc")
        entry.add_text("source", doc.source)
        entry.add_text("content_hash", doc.content_hash)
        entry.add_text("sample", tantivy_facets.sample_slice(doc.id))
        if doc.number_key:
            entry.add_text("number_key", doc.number_key)
        for cite in {c.number_key for c in doc.cites if c.number_key}:
            entry.add_text("cites", cite)
        entry.add_pre_tokenized_text("head", _pretokenized(_tokens(analysis.head)))
        if analysis.subject is not None:
            entry.add_pre_tokenized_text("subj", _pretokenized(_tokens(analysis.subject)))
        body_tokens = _tokens(analysis.body) if body_tokens is None else body_tokens
        entry.add_pre_tokenized_text("syl", _pretokenized(body_tokens))
        if analysis.body.packed_words:
            entry.add_text("words", analysis.body.packed_words)  # the words joined by spaces
        # Document.from_dict restores clause texts; the worker usually serialised it already
        entry.add_bytes("payload", analysis.stored or doc.stored_json().encode())
        return entry

    def _clause_entry(
        self, doc: Document, clause, tokens: list[tantivy.Token], common=None
    ) -> tantivy.Document:
        entry = _entry(common or _common_values(doc), clause=True)
        entry.add_text("id", f"{doc.id}#{clause.path}")
        entry.add_text("kind", "clause")
        entry.add_pre_tokenized_text("clause_syl", _pretokenized(tokens))
        info = {"path": clause.path, "label": clause.label, "start": clause.start, "end": clause.end}
        entry.add_bytes("payload", json.dumps(info).encode())
        return entry

    def delete(self, doc_ids: Iterable[str]) -> int:
        n = 0
        for doc_id in doc_ids:
            self.writer.delete_documents_by_term("doc_id", doc_id)
            n += 1
        return n

    def delete_all(self) -> None:
        self.writer.delete_all_documents()

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self.index.reload()

    def close(self) -> None:
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None
        if self._helper is not None:
            self._helper.shutdown(wait=True)
            self._helper = None

    # -- reading -------------------------------------------------------------------------------

    def _searcher(self):
        if self._writer is None and os.path.realpath(self.path) != self._real:
            self._open()  # a reindex published a new version
            self._meta_seen = self._meta_stamp()
        else:
            # Reloading costs more than a small search; every commit (ours, another process's, a
            # merge) rewrites meta.json by rename, so reload only when its stamp changed.
            stamp = self._meta_stamp()
            if stamp is None or stamp != getattr(self, "_meta_seen", None):
                self.index.reload()
                self._meta_seen = stamp
        return self.index.searcher()

    def _meta_stamp(self) -> tuple | None:
        try:
            st = os.stat(os.path.join(self._real, "meta.json"))
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)

    def _term(self, field: str, value: str):
        return tantivy.Query.term_query(self.schema, field, value)

    def _compile(self, plan: Bool) -> tantivy.Query:
        return compile_query(plan, self.schema)

    def _doc_plan(
        self, parsed, request, skip_facet="", match="all", ranked=True, members=None, sampled=False
    ) -> Bool:
        """ranked=False leaves out the optional clauses that only rank (word and phrase boosts): the
        same documents match, and counting them for facets skips scorers that only cost time.
        sampled=True: only the documents of the facet sample (tantivy_facets)."""
        members = members if members is not None else members_node()
        plan = document_plan(parsed, request, match, ranked=ranked, skip_facet=skip_facet, members=members)
        return conjunction(_SAMPLE if sampled else _DOCS, plan)

    def _doc_query(
        self, parsed, request, skip_facet="", match="all", ranked=True, members=None, sampled=False
    ):
        return self._compile(self._doc_plan(parsed, request, skip_facet, match, ranked, members, sampled))

    def _by_relevance(self, searcher, plan: Bool, limit: int, offset: int) -> _Found:
        """A relevance page and the number of matches; with many matches the body's phrase clauses
        rescore a pool (tantivy_rescore says how and why). Counting is ~free: the top-k search visits
        every match anyway (tantivy prunes no conjunction), and the facet pass need not count."""
        cheap, deferred = tantivy_rescore.split(plan)
        first = None
        if deferred and tantivy_rescore.match_bound(plan, searcher.doc_freq) >= tantivy_rescore.RESCORE_FROM:
            size = tantivy_rescore.RESCORE_POOL
            first = searcher.search(self._compile(cheap), limit=max(size, offset + limit), count=True)
        if first is None or not tantivy_rescore.pooled(first.count, len(first.hits)):
            found = searcher.search(self._compile(plan), limit=limit, offset=offset, count=first is None)
            return _Found(found.hits, found.count if first is None else first.count)
        # every match in hand: all of them are the pool
        cut = len(first.hits) if first.count <= len(first.hits) else size
        pool, tail = first.hits[:cut], first.hits[cut:]
        if offset >= len(pool):  # a page beyond the pool: phase-one order
            return _Found(tantivy_rescore.page(pool, tail, offset, limit), first.count)
        return _Found(
            tantivy_rescore.page(self._rescored(searcher, pool, deferred), tail, offset, limit), first.count
        )

    def _rescored(self, searcher, pool: list, deferred: tuple) -> list:
        """The pool ordered by its phase-one scores plus each deferred clause's score in it: one
        search per clause, restricted to the pooled ids (one clause per search: several would be one
        union scorer, which reads windows of 4096 entries around every pooled document)."""
        ids = [searcher.doc(address)["id"][0] for _, address in pool]
        within = tantivy.Query.boost_query(tantivy.Query.term_set_query(self.schema, "id", ids), 0.0)
        extra: dict = {}
        for clause in deferred:
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, within), (tantivy.Occur.Must, self._compile(clause))]
            )
            for score, address in searcher.search(query, limit=len(pool), count=False).hits:
                key = _address_key(address)
                extra[key] = extra.get(key, 0.0) + score
        return tantivy_rescore.rescore(pool, extra, _address_key)

    def search(self, request: SearchRequest) -> SearchResponse:
        return service.search(self, request)

    def search_page(self, parsed: ParsedQuery, request: SearchRequest, match: str) -> service.Page:
        """One page in one match mode (the service decides the mode, the fallback and the redirect)."""
        searcher = self._searcher()
        sort = service.effective_sort(parsed, request)
        limit, offset = service.page_window(request)
        members = self._members(parsed, request, searcher, match)
        # The facet pass and the top-k search both visit every match; tantivy releases the GIL while
        # it searches, so the facet pass runs beside the search and the hits (on another core when
        # one is free).
        pending = self._facets_beside(parsed, request, searcher, match, members)
        plan = self._doc_plan(parsed, request, match=match, members=members)
        if sort == "relevance":
            result = self._by_relevance(searcher, plan, limit, offset)
        else:
            order = tantivy.Order.Desc if sort == "date_desc" else tantivy.Order.Asc
            result = searcher.search(
                self._compile(plan),
                limit=limit,
                offset=offset,
                count=True,
                order_by_field="recency",
                order=order,
            )
        hits = []
        # planned once for the page: every hit's best clauses are asked with the same text query
        # the best clauses show where the words are; a subject-only search found them in the subject
        wants_clauses = bool(parsed.must) and effective_scope(parsed, request) == "all"
        clause_text = self._clause_text(parsed, match) if wants_clauses and result.hits else None
        for score, address in result.hits:
            # the stored dict, not a Document: a hit needs a few fields, never the clause objects
            doc = json.loads(searcher.doc(address)["payload"][0])
            score = float(score) if sort == "relevance" else 0.0
            hits.append(self._hit(doc, score, parsed, request, searcher, match, clause_text, wants_clauses))
        facets, estimated = ({}, False) if pending is None else pending.result()
        # the count says whether anything matched, also when this page lies past the end
        total = result.count or 0
        return service.Page(
            hits=hits, total=total, matched=bool(total or hits), facets=facets, facets_estimated=estimated
        )

    def _members(self, parsed, request, searcher, match: str):
        """Canonical documents, plus the best copy of each group whose canonical member the query or
        a filter excludes while a copy still matches (copies.stand_ins says how)."""
        probe = self._doc_query(parsed, request, match=match, members=Flag("canonical", False))
        found = searcher.search(probe, limit=COPY_PROBE_LIMIT, count=False)
        if not found.hits:
            return members_node()
        matching = [_stored_keys(searcher.doc(a)) for _, a in found.hits]
        groups = tuple(dict.fromkeys(group for _, group in matching))
        covered_plan = conjunction(
            _DOCS,
            document_plan(parsed, request, match, ranked=False, members=Flag("canonical", True)),
            Bool(filter=(AnyOf("copy_group", groups),)),
        )
        covered = searcher.search(self._compile(covered_plan), limit=len(groups), count=False)
        return members_node(stand_ins(matching, {_stored_keys(searcher.doc(a))[1] for _, a in covered.hits}))

    def _clause_text(self, parsed: ParsedQuery, match: str) -> Bool:
        """The text part every hit's clause query shares, planned once."""
        return text_plan(parsed, False, match)

    def _hit(
        self,
        doc: dict,
        score: float,
        parsed: ParsedQuery,
        request: SearchRequest,
        searcher,
        match="all",
        clause_text: Bool | None = None,
        wants_clauses: bool = True,
    ) -> Hit:
        """A hit from a stored document (the payload's dict, see Document.stored_json)."""
        infos = []
        if wants_clauses and parsed.must and doc.get("clauses"):
            if clause_text is None:
                clause_text = self._clause_text(parsed, match)
            # kind and doc_id as filters: the ranking phrases then check positions in this document's
            # clauses only (tantivy_query._guarded), not in every clause holding the words
            own = Bool(filter=(Keyword("doc_id", doc["id"]),))
            plan = conjunction(_CLAUSES, own, clause_text)
            clause_query = compile_query(plan, self.schema, fields=CLAUSE_FIELDS)
            found = searcher.search(clause_query, limit=request.clauses_per_hit, count=False)
            infos = [json.loads(searcher.doc(address)["payload"][0]) for _, address in found.hits]
        return service.hit(doc, score, parsed, infos)

    def _facets_beside(self, parsed, request, searcher, match, members):
        """The facet pass started on the engine's helper thread (a Future), or None without facets."""
        if not request.with_facets:
            return None
        if self._helper is None:
            self._helper = ThreadPoolExecutor(max_workers=4, thread_name_prefix="vanban-facets")
        return self._helper.submit(self._facets, parsed, request, searcher, match, members)

    def _facets(self, parsed, request, searcher, match="all", members=None) -> tuple[dict, bool]:
        """(facets, estimated): counted over the sample when the sample says the matches exceed
        the exact-count threshold (tantivy_facets), over every match otherwise. A query whose terms
        bound its matches below the threshold (most queries) goes straight to the exact pass."""
        plan = self._doc_plan(parsed, request, match=match, ranked=False, members=members)
        if tantivy_rescore.match_bound(plan, searcher.doc_freq) >= request.track_total_hits:
            facets, sample_matches = self._facet_pass(parsed, request, searcher, match, members, sampled=True)
            if tantivy_facets.sampled_enough(sample_matches, request):
                return tantivy_facets.scaled(facets), True
        return self._facet_pass(parsed, request, searcher, match, members)[0], False

    def _facet_pass(self, parsed, request, searcher, match, members, sampled=False):
        """(facets, number of matches): one aggregation pass (tantivy_facets), or one per selected
        facet when a selected value cannot be written as a query string. `members` were chosen with
        every filter (copies standing in for their group)."""
        if tantivy_facets.one_pass_possible(request.filters):
            unfiltered = dataclasses.replace(request, filters={})
            query = self._doc_query(
                parsed, unfiltered, match=match, ranked=False, members=members, sampled=sampled
            )
            result = searcher.aggregate(query, tantivy_facets.aggregation(request))
            return tantivy_facets.read(result, request)

        def terms(key):
            return {"terms": {"field": FACETS[key], "size": request.facet_size}}

        base_query = self._doc_query(
            parsed, request, match=match, ranked=False, members=members, sampled=sampled
        )
        spec = {key: terms(key) for key in FACETS}
        spec[tantivy_facets.TOTAL] = {"value_count": {"field": "issued_sort"}}
        base = searcher.aggregate(base_query, spec)
        facets = {}
        for key in FACETS:
            buckets = base[key]["buckets"]
            if request.filters.get(key):
                # disjunctive counts: the facet's own selection does not narrow its own counts
                own = self._doc_query(
                    parsed,
                    request,
                    skip_facet=key,
                    match=match,
                    ranked=False,
                    members=members,
                    sampled=sampled,
                )
                buckets = searcher.aggregate(own, {key: terms(key)})[key]["buckets"]
            facets[key] = tantivy_facets.facet_values(buckets, request.filters.get(key, []))
        return facets, int(base[tantivy_facets.TOTAL]["value"] or 0)

    def get(self, doc_id: str) -> Document | None:
        searcher = self._searcher()
        found = searcher.search(self._term("id", doc_id), limit=1, count=False)
        for _, address in found.hits:
            return Document.from_dict(json.loads(searcher.doc(address)["payload"][0]))
        return None

    def _docs_where(self, field: str, value: str, limit: int = 1000) -> list[Document]:
        occ = tantivy.Occur
        query = tantivy.Query.boolean_query(
            [(occ.Must, self._term("kind", "doc")), (occ.Must, self._term(field, value))]
        )
        searcher = self._searcher()
        found = searcher.search(query, limit=limit, count=False)
        return [Document.from_dict(json.loads(searcher.doc(a)["payload"][0])) for _, a in found.hits]

    def find_by_number(self, number_key: str) -> list[str]:
        # stored ids only: decoding whole documents to read their ids was most of a number lookup
        occ = tantivy.Occur
        query = tantivy.Query.boolean_query(
            [
                (occ.Must, self._term("kind", "doc")),
                (occ.Must, self._term("number_key", number_key)),
                (occ.Must, self._term("canonical", "1")),
            ]
        )
        searcher = self._searcher()
        found = searcher.search(query, limit=1000, count=False)
        return [searcher.doc(address)["doc_id"][0] for _, address in found.hits]

    def issuer_names(self) -> issuer_names.IssuerNames:
        """The index's issuer values, read once per index version (issuer_names.py)."""
        searcher = self._searcher()
        version = (self._real, getattr(self, "_meta_seen", None))
        cached = getattr(self, "_issuers", None)
        if cached is None or cached[0] != version:
            found = searcher.aggregate(self._term("kind", "doc"), issuer_names.aggregation())
            names = issuer_names.names_from_buckets(found["issuers"]["buckets"])
            cached = self._issuers = (version, issuer_names.rebuilt(cached and cached[1], names))
        return cached[1]

    def cited_by(self, number_key: str) -> list[Document]:
        return [d for d in self._docs_where("cites", number_key) if d.canonical]

    def _doc_entries(self):
        searcher = self._searcher()
        query = self._term("kind", "doc")
        total = searcher.search(query, limit=1, count=True).count or 0
        if total:
            for _, address in searcher.search(query, limit=total, count=False).hits:
                stored = searcher.doc(address)
                yield stored["source"][0], stored["content_hash"][0], stored["doc_id"][0]

    def stats(self) -> dict:
        searcher = self._searcher()
        docs = searcher.search(self._term("kind", "doc"), limit=1, count=True).count or 0
        clauses = searcher.search(self._term("kind", "clause"), limit=1, count=True).count or 0
        size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        meta_file = self.path / "vanban.json"
        meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
        return {
            "engine": self.name,
            "path": str(self.path),
            "documents": docs,
            "clauses": clauses,
            "segments": searcher.num_segments,
            "size_bytes": size,
            "segmenter": meta.get("segmenter", ""),
            "schema_version": meta.get("schema_version", 0),
        }
