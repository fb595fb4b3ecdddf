"""The embedded default engine: one tantivy index in a directory on disk.

Documents and their clauses live in one index, told apart by `kind`; a clause carries its parent's
metadata so filters apply to both. Terms come pre-analysed from `indexer.analysis` (the shared
chain), so tantivy's own tokenizers never see raw text.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Iterable
from itertools import repeat
from pathlib import Path

import tantivy

from analyzers.query import ParsedQuery, QPhrase, parse_query
from indexer import highlight
from indexer.analysis import DocumentAnalysis, TextAnalysis, analyze_document
from indexer.engines.base import (
    FACETS,
    ClauseHit,
    FacetValue,
    Hit,
    IndexReport,
    SearchRequest,
    SearchResponse,
    SourceEntriesMixin,
)
from indexer.engines.common import (
    ANY_HEAD_BOOST,
    HEAD_BOOST,
    PAIR_BOOST,
    WORD_BOOST,
    adjacent_pairs,
    date_sort_key,
    lower_date_key,
    minimum_should_match,
    query_words,
    recency_key,
    relaxable,
    stamp_indexed,
    upper_date_key,
)
from indexer.errors import EngineError, IndexBusy, IndexMissing, IndexOutdated
from indexer.model import Document

# 2: `payload` is stored only (a bytes field); as an indexed raw text field every stored JSON was also
# one giant term, two thirds of the index on disk and of the commit time.
# 3: `recency` (issue date, then indexing time) orders date sorts and feeds.
SCHEMA_VERSION = 3
_KEYWORDS = ("doc_id", "kind", "canonical", "number_key", "cites", "source", "content_hash")
_FACET_FIELDS = sorted(set(FACETS.values()))
# Hit fields read straight from a stored document, with the Document defaults for absent keys.
_HIT_FIELDS = {
    f.name: f.default
    for f in dataclasses.fields(Document)
    if f.name in {h.name for h in dataclasses.fields(Hit)} - {"score", "snippet", "clauses", "copies"}
}


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in _KEYWORDS:
        sb.add_text_field(name, stored=name in ("doc_id", "source", "content_hash"), tokenizer_name="raw")
    for name in _FACET_FIELDS:
        sb.add_text_field(name, stored=False, fast=True, tokenizer_name="raw")
    sb.add_text_field("head", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("syl", stored=False, tokenizer_name="whitespace")
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


def _tokens(analysis: TextAnalysis) -> list[tantivy.Token]:
    # map() over the packed columns: one Token per term is the bulk of the writer's Python work
    return list(map(tantivy.Token, analysis.term_list(), analysis.positions, repeat(0)))


def _pretokenized(tokens: list[tantivy.Token]) -> tantivy.PreTokenizedString:
    return tantivy.PreTokenizedString("", tokens)


class TantivyEngine(SourceEntriesMixin):
    name = "tantivy"

    def __init__(self, index_dir: str | Path, segmenter: str = "pyvi", create: bool = False):
        self.path = Path(index_dir)
        self.segmenter = segmenter
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
        for doc in documents:
            analysis = next(analyses_iter) if analyses_iter else analyze_document(doc, self.segmenter)
            stamp_indexed(doc)
            self.writer.delete_documents_by_term("doc_id", doc.id)
            body_tokens = _tokens(analysis.body)
            self.writer.add_document(self._doc_entry(doc, analysis, body_tokens))
            for clause, clause_analysis in zip(doc.clauses, analysis.clauses, strict=True):
                # A clause that is a view of the body (indexer.analysis) reuses the body's Tokens: its
                # positions keep the body's numbering, which no query can tell apart (phrases compare
                # relative positions; BM25 counts tokens), and a third of the writer's work is saved.
                if clause_analysis.base is analysis.body:
                    first, stop, _ = clause_analysis.span
                    tokens = body_tokens[first:stop]
                else:
                    tokens = _tokens(clause_analysis)
                self.writer.add_document(self._clause_entry(doc, clause, tokens))
                report.clauses += 1
            report.indexed += 1
        return report

    def _common(self, doc: Document) -> tantivy.Document:
        entry = tantivy.Document()
        entry.add_text("doc_id", doc.id)
        entry.add_text("canonical", "1" if doc.canonical else "0")
        for name in _FACET_FIELDS:
            value = getattr(doc, name)
            if value:
                entry.add_text(name, value)
        entry.add_integer("issued_sort", date_sort_key(doc.issued))
        entry.add_integer("recency", recency_key(doc.issued, doc.indexed_at))
        return entry

    def _doc_entry(self, doc: Document, analysis: DocumentAnalysis, body_tokens=None) -> tantivy.Document:
        entry = self._common(doc)
        entry.add_text("id", doc.id)
        entry.add_text("kind", "doc")
        entry.add_text("source", doc.source)
        entry.add_text("content_hash", doc.content_hash)
        if doc.number_key:
            entry.add_text("number_key", doc.number_key)
        for cite in {c.number_key for c in doc.cites if c.number_key}:
            entry.add_text("cites", cite)
        entry.add_pre_tokenized_text("head", _pretokenized(_tokens(analysis.head)))
        body_tokens = _tokens(analysis.body) if body_tokens is None else body_tokens
        entry.add_pre_tokenized_text("syl", _pretokenized(body_tokens))
        if analysis.body.packed_words:
            entry.add_text("words", analysis.body.packed_words)  # the words joined by spaces
        entry.add_bytes("payload", doc.stored_json().encode())  # Document.from_dict restores clause texts
        return entry

    def _clause_entry(self, doc: Document, clause, tokens: list[tantivy.Token]) -> tantivy.Document:
        entry = self._common(doc)
        entry.add_text("id", f"{doc.id}#{clause.path}")
        entry.add_text("kind", "clause")
        entry.add_pre_tokenized_text("syl", _pretokenized(tokens))
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

    def _phrase(self, field: str, phrase: QPhrase):
        words = [t.index_term for t in phrase.terms]
        if len(words) == 1:
            return self._term(field, words[0])
        return tantivy.Query.phrase_query(self.schema, field, words)

    def _text_query(self, parsed: ParsedQuery, with_head: bool, match: str = "all", ranked: bool = True):
        """match="all": every group must match (in body or head); ranking extras are SHOULD clauses.
        match="any": the groups become optional, `minimum_should_match` of them required, with a
        lighter head boost and adjacent query syllables boosted as phrases (common.py says why)."""
        occ = tantivy.Occur
        any_mode = match == "any" and bool(parsed.must)
        head_boost = ANY_HEAD_BOOST if any_mode else HEAD_BOOST
        clauses = []
        groups = []
        for group in parsed.must:
            alternatives = []
            for phrase in group.alternatives:
                alternatives.append((occ.Should, self._phrase("syl", phrase)))
                if with_head:
                    boosted = tantivy.Query.boost_query(self._phrase("head", phrase), head_boost)
                    alternatives.append((occ.Should, boosted))
            groups.append(tantivy.Query.boolean_query(alternatives))
        if any_mode:
            optional = [(occ.Should, group) for group in groups]
            if with_head:
                wanted = minimum_should_match(len(groups))
                union = tantivy.Query.boolean_query(optional, minimum_number_should_match=wanted)
            else:
                # A hit's clauses need one group: the document already met the floor, and BM25 puts
                # clauses with more of the words first. A floor here cost a scan of every clause in
                # the index per hit (a minimum-should scorer cannot skip to one document's clauses).
                union = tantivy.Query.boolean_query(optional)
            clauses.append((occ.Must, union))
            for pair in adjacent_pairs(parsed) if ranked else ():
                clauses.append((occ.Should, tantivy.Query.boost_query(self._phrase("syl", pair), PAIR_BOOST)))
        else:
            clauses.extend((occ.Must, group) for group in groups)
        for group in parsed.must_not:
            for phrase in group.alternatives:
                clauses.append((occ.MustNot, self._phrase("syl", phrase)))
                if with_head:
                    clauses.append((occ.MustNot, self._phrase("head", phrase)))
        if with_head and ranked:
            for word in query_words(parsed):
                clauses.append((occ.Should, tantivy.Query.boost_query(self._term("words", word), WORD_BOOST)))
        return clauses

    def _filter_clauses(self, request: SearchRequest, skip_facet: str = ""):
        occ = tantivy.Occur
        clauses = []
        for key, values in request.filters.items():
            if key == skip_facet or key not in FACETS or not values:
                continue
            field = FACETS[key]
            clauses.append(
                (occ.Must, tantivy.Query.boolean_query([(occ.Should, self._term(field, v)) for v in values]))
            )
        if request.date_from or request.date_to:
            low = lower_date_key(request.date_from) if request.date_from else 1
            high = upper_date_key(request.date_to) if request.date_to else 99991231
            clauses.append(
                (
                    occ.Must,
                    tantivy.Query.range_query(
                        self.schema, "issued_sort", tantivy.FieldType.Integer, low, high
                    ),
                )
            )
        return clauses

    def _doc_query(self, parsed, request, skip_facet="", only_number=False, match="all", ranked=True):
        """ranked=False leaves out the optional clauses that only rank (word and pair boosts): the
        same documents match, and counting them for facets skips scorers that only cost time."""
        occ = tantivy.Occur
        clauses = [(occ.Must, self._term("kind", "doc")), (occ.Must, self._term("canonical", "1"))]
        text = self._text_query(parsed, True, match, ranked) if parsed.must or parsed.must_not else []
        if only_number:
            # so:NUMBER — exactly the documents with that number
            clauses.append((occ.Must, self._term("number_key", parsed.number)))
        elif parsed.number and text:
            # a bare number: the numbered document first, then text matches of its parts
            number_match = tantivy.Query.boost_query(self._term("number_key", parsed.number), 50.0)
            text_match = tantivy.Query.boolean_query(text)
            clauses.append(
                (
                    occ.Must,
                    tantivy.Query.boolean_query([(occ.Should, number_match), (occ.Should, text_match)]),
                )
            )
            text = []
        clauses.extend(text)
        clauses.extend(self._filter_clauses(request, skip_facet))
        return tantivy.Query.boolean_query(clauses)

    def search(self, request: SearchRequest) -> SearchResponse:
        started = time.perf_counter()
        parsed = parse_query(request.q)
        searcher = self._searcher()
        only_number = bool(parsed.number) and not parsed.must
        sort = request.sort
        if sort == "relevance" and parsed.is_empty:
            sort = "date_desc"
        limit = max(1, min(request.per_page, 100))
        offset = max(0, request.offset)

        def run(match: str):
            query = self._doc_query(parsed, request, only_number=only_number, match=match)
            if sort == "relevance":
                return searcher.search(query, limit=limit, offset=offset, count=True)
            order = tantivy.Order.Desc if sort == "date_desc" else tantivy.Order.Asc
            return searcher.search(
                query, limit=limit, offset=offset, count=True, order_by_field="recency", order=order
            )

        match = "all" if request.match == "auto" else request.match
        result = run(match)
        relaxed = False
        if request.match == "auto" and not result.count and relaxable(parsed):
            match, relaxed = "any", True
            result = run(match)
        hits = []
        # built once for the page: every hit's best clauses are asked with the same text clauses
        clause_text = self._clause_text(parsed, match) if parsed.must and result.hits else None
        for score, address in result.hits:
            # the stored dict, not a Document: a hit needs a few fields, never the clause objects
            doc = json.loads(searcher.doc(address)["payload"][0])
            score = float(score) if sort == "relevance" else 0.0
            hits.append(self._hit(doc, score, parsed, request, searcher, match, clause_text))
        facets = self._facets(parsed, request, searcher, only_number, match) if request.with_facets else {}
        redirect = ""
        if parsed.number:
            ids = self.find_by_number(parsed.number)
            if len(ids) == 1:
                redirect = ids[0]
        return SearchResponse(
            total=result.count or 0,
            hits=hits,
            facets=facets,
            took_ms=round((time.perf_counter() - started) * 1000, 3),
            redirect_id=redirect,
            relaxed=relaxed,
        )

    def _clause_text(self, parsed: ParsedQuery, match: str) -> tuple:
        """(kind=clause, the text clauses): the parts every hit's clause query shares."""
        return (tantivy.Occur.Must, self._term("kind", "clause")), self._text_query(parsed, False, match)

    def _hit(
        self,
        doc: dict,
        score: float,
        parsed: ParsedQuery,
        request: SearchRequest,
        searcher,
        match="all",
        clause_text: tuple | None = None,
    ) -> Hit:
        """A hit from a stored document (the payload's dict, see Document.stored_json)."""
        clause_hits = []
        text = doc.get("text", "")
        if parsed.must and doc.get("clauses"):
            if clause_text is None:
                clause_text = self._clause_text(parsed, match)
            kind, text_clauses = clause_text
            clause_query = tantivy.Query.boolean_query(
                [kind, (tantivy.Occur.Must, self._term("doc_id", doc["id"]))] + text_clauses
            )
            found = searcher.search(clause_query, limit=request.clauses_per_hit, count=False)
            infos = [json.loads(searcher.doc(address)["payload"][0]) for _, address in found.hits]
            # one snippet per passage: a clause does not repeat its listed sub-clause's sentence
            snippets = highlight.clause_snippets(text, [(i["start"], i["end"]) for i in infos], parsed)
            for info, clause_snippet in zip(infos, snippets, strict=True):
                if clause_snippet is None:
                    continue
                clause_hits.append(
                    ClauseHit(
                        path=info["path"],
                        label=info["label"],
                        anchor="c-" + "".join(ch if ch.isalnum() else "-" for ch in info["path"]),
                        snippet=clause_snippet,
                    )
                )
        fields = {name: doc.get(name, default) for name, default in _HIT_FIELDS.items()}
        return Hit(
            **fields,
            score=score,
            snippet="" if clause_hits else highlight.snippet(text, parsed),
            clauses=clause_hits,
            copies=list(doc.get("copies", ())),
        )

    def _facets(self, parsed, request, searcher, only_number, match="all") -> dict[str, list[FacetValue]]:
        def agg_spec():
            return {key: {"terms": {"field": FACETS[key], "size": request.facet_size}} for key in FACETS}

        base_query = self._doc_query(parsed, request, only_number=only_number, match=match, ranked=False)
        base = searcher.aggregate(base_query, agg_spec())
        facets = {}
        for key in FACETS:
            selected = set(request.filters.get(key, []))
            buckets = base[key]["buckets"]
            if selected:
                # disjunctive counts: the facet's own selection does not narrow its own counts
                own = self._doc_query(
                    parsed, request, skip_facet=key, only_number=only_number, match=match, ranked=False
                )
                spec = {key: {"terms": {"field": FACETS[key], "size": request.facet_size}}}
                buckets = searcher.aggregate(own, spec)[key]["buckets"]
            values = [FacetValue(b["key"], int(b["doc_count"]), b["key"] in selected) for b in buckets]
            for value in sorted(selected - {v.value for v in values}):
                values.append(FacetValue(value, 0, True))
            facets[key] = values
        return facets

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
