"""Elasticsearch request bodies as pure functions: plain values in, JSON-ready dicts out.

The engine (`elasticsearch_engine`) only sends what these build, so every body is pinned by pure
tests without a node. Semantics mirror the tantivy engine clause for clause:

- the `syl` and `head` fields receive the shared chain's *exact* syllables (space-joined), and the
  `vb_syllables` analyzer adds each folded form at the same position; queries are built from
  `QTerm.index_term` and never re-analysed (term queries, or match_phrase with the `whitespace`
  analyzer), so a token typed with diacritics matches only that spelling and one typed without
  matches every accented form — exactly as in tantivy;
- only canonical documents are searched, and `collapse` on the copy group keeps one hit per
  document even if a copy were ever marked canonical by mistake;
- facet counts are disjunctive: facet filters go in `post_filter`, and each facet's aggregation is
  filtered by every *other* facet's selection.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from datetime import datetime

from analyzers.query import ParsedQuery, QPhrase
from indexer.analysis import DocumentAnalysis, TextAnalysis

# One query plan for both engines (ranking.py, search_plan.py), compiled here to the Query DSL and in
# tantivy_query.py to tantivy, so the engines cannot drift apart.
from indexer.engines import issuer_names, ranking
from indexer.engines.base import FACETS, SearchRequest
from indexer.engines.common import date_sort_key
from indexer.engines.copies import copy_group
from indexer.engines.query_plan import (
    AnyOf,
    Bool,
    ConstScore,
    Flag,
    IntRange,
    Keyword,
    Node,
    Phrase,
    Term,
    conjunction,
)
from indexer.engines.ranking import (  # noqa: F401  (the boosts, for callers and tests)
    ANY_HEAD_BOOST,
    HEAD_BOOST,
    NUMBER_BOOST,
    PAIR_BOOST,
    WORD_BOOST,
)
from indexer.engines.search_plan import (
    clause_plan,
    document_plan,
    facet_filter_nodes,
    members_node,
)
from indexer.engines.service import effective_sort, page_window
from indexer.model import Clause, Document

# 2: `subj` (title and trích yếu, the subject scope); letterhead out of `syl`.
SCHEMA_VERSION = 2
LOOKUP_LIMIT = 1000
KINDS = ("documents", "clauses")
SYLLABLE_ANALYZERS = ("vb_syllables", "vb_syllables_exact")
# Facet fields copied onto clause entries so filters can apply to clauses too.
_FACET_FIELDS = sorted(set(FACETS.values()))
_SORTS = {
    "date_desc": [
        {"issued_sort": {"order": "desc"}},
        {"indexed_at": {"order": "desc", "missing": "_last", "unmapped_type": "date"}},
        {"id": {"order": "asc"}},
    ],
    "date_asc": [
        {"issued_sort": {"order": "asc"}},
        {"indexed_at": {"order": "asc", "missing": "_last", "unmapped_type": "date"}},
        {"id": {"order": "asc"}},
    ],
    "relevance": [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}],
}


# -- names -------------------------------------------------------------------------------------


def alias_name(prefix: str, kind: str) -> str:
    """The stable name clients search: `vanban-documents`, `vanban-clauses`."""
    if kind not in KINDS:
        raise ValueError(f"unknown index kind {kind!r}")
    return f"{prefix}-{kind}"


def index_name(prefix: str, kind: str, version: str) -> str:
    """The concrete, versioned index behind an alias: `vanban-documents-v20250101120000123456`."""
    return f"{alias_name(prefix, kind)}-v{version}"


def index_pattern(prefix: str, kind: str) -> str:
    return f"{alias_name(prefix, kind)}-v*"


def version_of(index: str) -> str:
    """'vanban-documents-v2025…' → '2025…' ('' when the name is not a versioned index)."""
    head, sep, version = index.rpartition("-v")
    return version if sep and version.isdigit() else ""


# -- index bodies ------------------------------------------------------------------------------


def analysis_section(es_analysis: dict) -> dict:
    """Accept config/es_analysis.json as {"analysis": …}, {"settings": {"analysis": …}} or bare."""
    if "settings" in es_analysis:
        es_analysis = es_analysis["settings"]
        es_analysis = es_analysis.get("index", es_analysis)
    if "analysis" in es_analysis:
        es_analysis = es_analysis["analysis"]
    return {k: v for k, v in es_analysis.items() if not k.startswith("_")}


def referenced_analyzers(mappings: dict) -> set[str]:
    found = set()
    for spec in mappings.get("properties", {}).values():
        for key in ("analyzer", "search_analyzer"):
            if key in spec:
                found.add(spec[key])
        found |= referenced_analyzers(spec)
    return found


_BUILTIN_ANALYZERS = {"standard", "simple", "whitespace", "keyword", "stop", "pattern", "fingerprint"}


def index_body(
    template: dict,
    es_analysis: dict,
    *,
    shards: int,
    replicas: int,
    segmenter: str,
    aliases: Iterable[str] = (),
    filling: bool = False,
) -> dict:
    """Settings + mappings for one index from its config template and the shared analysis chain.

    `filling` builds an index for a bulk fill (reindex): no replicas and no periodic refresh until
    `reindex_commit` restores them, which is the usual way to load a new index fast.
    """
    body = {k: copy.deepcopy(v) for k, v in template.items() if not k.startswith("_")}
    analysis = analysis_section(es_analysis)
    missing = referenced_analyzers(body["mappings"]) - set(analysis.get("analyzer", {})) - _BUILTIN_ANALYZERS
    if missing:
        raise ValueError(f"config/es_analysis.json does not define analyzer(s) {sorted(missing)}")
    settings = body.setdefault("settings", {})
    index_settings = settings.setdefault("index", {})
    index_settings["number_of_shards"] = int(shards)
    index_settings["number_of_replicas"] = 0 if filling else int(replicas)
    if filling:
        index_settings["refresh_interval"] = "-1"
    settings["analysis"] = copy.deepcopy(analysis)
    body["mappings"]["_meta"] = {"vanban_schema_version": SCHEMA_VERSION, "segmenter": segmenter}
    if aliases:
        body["aliases"] = {name: {} for name in aliases}
    return body


def serving_settings(replicas: int) -> dict:
    """What a filled index gets back at commit: its replicas and the default refresh."""
    return {"index": {"number_of_replicas": int(replicas), "refresh_interval": None}}


# -- documents → entries → bulk actions ----------------------------------------------------------


def es_date(issued: str) -> str:
    """`issued` when it is a real calendar date/month/year (else '' — the sort key still orders it)."""
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            datetime.strptime(issued, fmt)
        except ValueError:
            continue
        return issued
    return ""


def exact_syllables(analysis: TextAnalysis) -> str:
    """The exact form at each position, space-joined: what `vb_syllables` indexes.

    Feeding the chain's own syllables (not the raw text) keeps Elasticsearch's tokenizer from ever
    disagreeing with ours about where a syllable ends ('2.3', 'o'clock'), so both engines index the
    same positions; `analysis.terms` lists the exact form first at each position.
    """
    out, last = [], -1
    for term, position in analysis.terms:
        if position != last:
            out.append(term)
            last = position
    return " ".join(out)


def _common(doc: Document) -> dict:
    entry: dict = {"canonical": bool(doc.canonical), "issued_sort": date_sort_key(doc.issued)}
    for name in _FACET_FIELDS:
        value = getattr(doc, name)
        if value:
            entry[name] = value
    return entry


def document_entry(doc: Document, analysis: DocumentAnalysis) -> dict:
    entry = _common(doc)
    entry.update(
        id=doc.id,
        copy_group=copy_group(doc),
        source=doc.source,
        content_hash=doc.content_hash,
        issued_precision=doc.issued_precision,
        head=exact_syllables(analysis.head),
        subj=exact_syllables(analysis.subject) if analysis.subject is not None else "",
        syl=exact_syllables(analysis.body),
        payload=payload_of(doc),
    )
    if doc.number_key:
        entry["number_key"] = doc.number_key
    if doc.indexed_at:
        entry["indexed_at"] = doc.indexed_at
    cites = sorted({c.number_key for c in doc.cites if c.number_key})
    if cites:
        entry["cites"] = cites
    issued = es_date(doc.issued)
    if issued:
        entry["issued"] = issued
    if analysis.body.words:
        entry["words"] = " ".join(analysis.body.words)
    return entry


def payload_of(doc: Document) -> dict:
    """The stored document, minus each clause's copy of its text (a slice of `text`: half the size)."""
    payload = doc.to_dict()
    for clause in payload["clauses"]:
        clause.pop("text", None)
    return payload


def document_from_payload(payload: dict) -> Document:
    doc = Document.from_dict(payload)
    for clause in doc.clauses:
        clause.text = clause.text or doc.text[clause.start : clause.end]
    return doc


def clause_id(doc_id: str, path: str) -> str:
    return f"{doc_id}#{path}"


def clause_entry(doc: Document, clause: Clause, analysis: TextAnalysis) -> dict:
    entry = _common(doc)
    entry.update(
        id=clause_id(doc.id, clause.path),
        doc_id=doc.id,
        path=clause.path,
        label=clause.label,
        start=clause.start,
        end=clause.end,
        syl=exact_syllables(analysis),
    )
    return entry


def bulk_actions(
    doc: Document,
    analysis: DocumentAnalysis,
    documents_index: str,
    clauses_index: str,
    stale_clause_paths: Iterable[str] = (),
) -> list[dict]:
    """Actions for `helpers.streaming_bulk` replacing one document and its clauses.

    Clauses are routed by document id (one shard per document's clauses). Clauses the previous
    version had and this one does not are deleted in the same stream.
    """
    actions = [
        {
            "_op_type": "index",
            "_index": documents_index,
            "_id": doc.id,
            "_source": document_entry(doc, analysis),
        }
    ]
    paths = set()
    for clause, clause_analysis in zip(doc.clauses, analysis.clauses, strict=True):
        paths.add(clause.path)
        actions.append(
            {
                "_op_type": "index",
                "_index": clauses_index,
                "_id": clause_id(doc.id, clause.path),
                "routing": doc.id,
                "_source": clause_entry(doc, clause, clause_analysis),
            }
        )
    for path in sorted(set(stale_clause_paths) - paths):
        actions.append(
            {"_op_type": "delete", "_index": clauses_index, "_id": clause_id(doc.id, path), "routing": doc.id}
        )
    return actions


def delete_actions(doc_id: str, documents_index: str) -> list[dict]:
    return [{"_op_type": "delete", "_index": documents_index, "_id": doc_id}]


def clauses_of_query(doc_ids: list[str]) -> dict:
    """delete_by_query body for every clause of these documents (orphans included)."""
    return {"query": {"terms": {"doc_id": list(doc_ids)}}}


def bulk_item_error(item: dict) -> tuple[str, str, str]:
    """One failed streaming_bulk item → (document id, operation, human reason)."""
    op_type, info = next(iter(item.items()))
    raw_id = str(info.get("_id", "?"))
    doc_id, _, path = raw_id.partition("#")
    error = info.get("error", "")
    if isinstance(error, dict):
        reason = f"{error.get('type', 'error')}: {error.get('reason', '')}".strip()
        caused = error.get("caused_by", {})
        if isinstance(caused, dict) and caused.get("reason"):
            reason += f" ({caused['reason']})"
    else:
        reason = str(error) or f"status {info.get('status', '?')}"
    where = f"clause {path}" if path else "document"
    return (
        doc_id,
        op_type,
        f"Elasticsearch {op_type} of {where} failed (status {info.get('status', '?')}): {reason}",
    )


# -- queries -----------------------------------------------------------------------------------


def compile_query(node: Node) -> dict:
    """A query plan (query_plan.py) → Query DSL. Terms are index terms, never re-analysed: `term`
    queries, and `match_phrase` with the `whitespace` analyzer over the index terms."""
    if isinstance(node, Bool):
        return _bool(node)
    if isinstance(node, Term) or (isinstance(node, Phrase) and len(node.words) == 1):
        value = node.value if isinstance(node, Term) else node.words[0]
        spec: dict = {"value": value}
        if node.boost != 1.0:
            spec["boost"] = node.boost
        return {"term": {node.field: spec}}
    if isinstance(node, Phrase):
        spec = {"query": " ".join(node.words), "analyzer": "whitespace"}
        if node.slop:
            spec["slop"] = node.slop
        if node.boost != 1.0:
            spec["boost"] = node.boost
        return {"match_phrase": {node.field: spec}}
    if isinstance(node, ConstScore):
        return {"constant_score": {"filter": compile_query(node.node), "boost": node.score}}
    if isinstance(node, (Flag, Keyword)):
        return {"term": {node.field: node.value}}
    if isinstance(node, AnyOf):
        return {"terms": {node.field: list(node.values)}}
    if isinstance(node, IntRange):
        return {"range": {node.field: {"gte": node.low, "lte": node.high}}}
    raise TypeError(f"not a query plan node: {node!r}")


def _bool(node: Bool) -> dict:
    body: dict = {}
    for key in ("filter", "must", "should", "must_not"):
        clauses = getattr(node, key)
        if clauses:
            body[key] = [compile_query(c) for c in clauses]
    if node.minimum_should_match:
        body["minimum_should_match"] = node.minimum_should_match
    if node.boost != 1.0:
        body["boost"] = node.boost
    return {"bool": body}


def phrase_query(field: str, phrase: QPhrase, boost: float | None = None) -> dict:
    """A syllable or an exact phrase over index terms, never re-analysed by Elasticsearch."""
    return compile_query(ranking.phrase(field, phrase.terms, 1.0 if boost is None else boost))


def facet_filters(request: SearchRequest, skip_facet: str = "") -> list[dict]:
    return [compile_query(n) for n in facet_filter_nodes(request, skip_facet)]


def document_query(
    parsed: ParsedQuery, request: SearchRequest, match: str = "all", extra_ids: tuple[str, ...] = ()
) -> dict:
    """The main query WITHOUT facet filters (those go in post_filter for disjunctive counts).

    `match` is the mode actually run ("all" or "any"); "auto" is the engine's two-step decision.
    `extra_ids`: copies standing in for their group (search_plan.members_node)."""
    return compile_query(document_plan(parsed, request, match, facets=False, members=members_node(extra_ids)))


def copies_probe_body(parsed: ParsedQuery, request: SearchRequest, match: str = "all") -> dict:
    """Non-canonical members that match the query and every filter (their group may have lost its
    canonical member to an exclusion or a filter): ids and groups only, scored."""
    plan = document_plan(parsed, request, match, members=Flag("canonical", False))
    return {
        "query": compile_query(plan),
        "size": LOOKUP_LIMIT,
        "_source": ["id", "copy_group"],
        "sort": copy.deepcopy(_SORTS["relevance"]),
    }


def groups_covered_body(
    parsed: ParsedQuery, request: SearchRequest, groups: list[str], match: str = "all"
) -> dict:
    """Canonical members of these groups that match the query and every filter."""
    plan = conjunction(
        document_plan(parsed, request, match, ranked=False, members=Flag("canonical", True)),
        Bool(filter=(AnyOf("copy_group", tuple(groups)),)),
    )
    return {"query": compile_query(plan), "size": LOOKUP_LIMIT, "_source": ["copy_group"]}


def facet_aggs(request: SearchRequest) -> dict:
    """One filtered terms aggregation per facet: each ignores only its own selection."""
    size = max(1, int(request.facet_size))
    return {
        key: {
            "filter": {"bool": {"filter": facet_filters(request, skip_facet=key)}},
            "aggs": {"values": {"terms": {"field": FACETS[key], "size": size}}},
        }
        for key in FACETS
    }


def search_body(
    parsed: ParsedQuery, request: SearchRequest, match: str = "all", extra_ids: tuple[str, ...] = ()
) -> dict:
    size, start = page_window(request)
    body: dict = {
        "query": document_query(parsed, request, match, extra_ids),
        "from": start,
        "size": size,
        "sort": copy.deepcopy(_SORTS[effective_sort(parsed, request)]),
        "track_total_hits": max(1, int(request.track_total_hits)),
        "collapse": {"field": "copy_group"},
        "_source": ["payload"],
    }
    post = facet_filters(request)
    if post:
        body["post_filter"] = {"bool": {"filter": post}}
    if request.with_facets:
        body["aggs"] = facet_aggs(request)
    return body


def total_relation(response: dict) -> str:
    """ "eq" or "gte" (the match count passed `track_total_hits` and counting stopped)."""
    return "gte" if response["hits"]["total"].get("relation") == "gte" else "eq"


def facet_values(aggregations: dict, request: SearchRequest) -> dict[str, list[tuple[str, int, bool]]]:
    """Aggregation response → {facet key: [(value, count, selected)]}, selected values never lost."""
    facets = {}
    for key in FACETS:
        selected = set(request.filters.get(key, []))
        buckets = aggregations.get(key, {}).get("values", {}).get("buckets", [])
        values = [(str(b["key"]), int(b["doc_count"]), str(b["key"]) in selected) for b in buckets]
        shown = {v[0] for v in values}
        values.extend((value, 0, True) for value in sorted(selected - shown))
        facets[key] = values
    return facets


def clause_search(parsed: ParsedQuery, doc_id: str, size: int, match: str = "all") -> tuple[dict, dict]:
    """(msearch header, body) for the best clauses of one document hit, in the mode the hit was found."""
    query = compile_query(clause_plan(parsed, doc_id, match))
    body = {"query": query, "size": max(1, int(size)), "_source": ["path", "label", "start", "end"]}
    return {"routing": doc_id}, body


def msearch_clauses(
    parsed: ParsedQuery, doc_ids: list[str], size: int, clauses_alias: str, match: str = "all"
) -> list[dict]:
    """One msearch for the whole page: header/body pairs, one pair per document."""
    searches: list[dict] = []
    for doc_id in doc_ids:
        header, body = clause_search(parsed, doc_id, size, match)
        searches.extend(({"index": clauses_alias, **header}, body))
    return searches


def lookup_body(field: str, value: str, canonical_only: bool = True, size: int = LOOKUP_LIMIT) -> dict:
    """Documents whose keyword `field` equals `value` (number lookup, cited_by)."""
    filters: list[dict] = [{"term": {field: value}}]
    if canonical_only:
        filters.append({"term": {"canonical": True}})
    return {
        "query": {"bool": {"filter": filters}},
        "size": size,
        "sort": [{"id": {"order": "asc"}}],
        "_source": ["payload"],
    }


def issuer_names_body() -> dict:
    """Every issuer value of the documents index (issuer_names.py recognises them in queries)."""
    return {"size": 0, "aggs": issuer_names.aggregation(FACETS["issuer"])}


def issuer_names_from(response: dict) -> list[str]:
    return issuer_names.names_from_buckets(
        response.get("aggregations", {}).get("issuers", {}).get("buckets", [])
    )


# -- alias swap --------------------------------------------------------------------------------


def alias_swap_actions(prefix: str, new_version: str, serving: dict[str, list[str]]) -> list[dict]:
    """The ONE `_aliases` call of a reindex: both aliases move together or not at all.

    `serving` maps each alias to the indices it points at now (empty on first build). Removing
    and adding in one request is atomic in Elasticsearch: searches see the old pair or the new.
    """
    actions: list[dict] = []
    for kind in KINDS:
        alias = alias_name(prefix, kind)
        for old in sorted(serving.get(alias, [])):
            actions.append({"remove": {"index": old, "alias": alias}})
        actions.append({"add": {"index": index_name(prefix, kind, new_version), "alias": alias}})
    return actions


def indices_to_delete(prefix: str, new_version: str, serving: dict[str, list[str]]) -> list[str]:
    """After a swap: the indices the aliases pointed at before, never the new pair."""
    keep = {index_name(prefix, kind, new_version) for kind in KINDS}
    return sorted({i for indices in serving.values() for i in indices} - keep)


def serving_from_get_alias(response: dict, prefix: str) -> dict[str, list[str]]:
    """indices.get_alias() response → {alias: [indices]} for our two aliases."""
    wanted = {alias_name(prefix, kind) for kind in KINDS}
    serving: dict[str, list[str]] = {}
    for index, info in response.items():
        if not isinstance(info, dict):  # a 404 body mixes found indices with "error"/"status"
            continue
        for alias in info.get("aliases", {}):
            if alias in wanted:
                serving.setdefault(alias, []).append(index)
    return {alias: sorted(indices) for alias, indices in serving.items()}


def stale_versions(
    prefix: str, existing: Iterable[str], keep: Iterable[str], older_than: str = ""
) -> list[str]:
    """Versioned indices of this prefix that neither serve nor are being filled (crash leftovers).

    `older_than` (a version string) spares younger indices: another process may be filling them.
    """
    keep = set(keep)
    ours = {index_pattern(prefix, kind)[:-1] for kind in KINDS}
    return sorted(
        i
        for i in existing
        if i not in keep
        and any(i.startswith(p) for p in ours)
        and version_of(i)
        and (not older_than or version_of(i) < older_than)
    )


def iter_chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
