"""The scale-out engine: Elasticsearch 8/9 through the official client, same contract as tantivy.

Documents and clauses live in two indices, each behind an alias (`{prefix}-documents`,
`{prefix}-clauses`); readers only ever name the aliases. A reindex fills a new versioned pair and
moves both aliases in ONE `_aliases` call, so searches see the old pair or the new one, never a mix.
Request bodies come from `es_requests` (pure, pinned by tests); this module is the thin I/O edge:
the client, retries, error mapping.

No I/O happens at import or in `__init__` unless `create=True` asks for the indices to exist; the
client is built on first use. Credentials go to the client and nowhere else (never into messages).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from analyzers.query import ParsedQuery
from indexer.analysis import DocumentAnalysis, analyze_document
from indexer.engines import es_requests as req
from indexer.engines import issuer_names, service
from indexer.engines.base import (
    FacetValue,
    IndexReport,
    SearchRequest,
    SearchResponse,
    SourceEntriesMixin,
)
from indexer.engines.common import stamp_indexed
from indexer.engines.copies import stand_ins
from indexer.engines.search_plan import effective_scope
from indexer.errors import ConfigError, EngineError, IndexMissing, VanbanError
from indexer.model import Document
from indexer.settings import CONFIG_DIR, Settings

log = logging.getLogger(__name__)

BULK_CHUNK = 500
BULK_MAX_RETRIES = 5  # per chunk, on 429/502/503/504, with exponential backoff
BULK_INITIAL_BACKOFF = 1.0
BULK_MAX_BACKOFF = 60.0
BULK_RETRY_STATUS = (429, 502, 503, 504)
REQUEST_TIMEOUT = 30.0
ISSUER_NAMES_SECONDS = 60.0  # how long the issuer names read for query recognition are reused
LEFTOVER_AGE_HOURS = 6  # an unpublished pair older than this is a crashed reindex, not a running one


# -- pure helpers (tested without a node) --------------------------------------------------------


def _stamped(doc: Document) -> Document:
    stamp_indexed(doc)
    return doc


def redact_url(url: str) -> str:
    """Drop user:password@ from a URL before it goes into any message."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def node_urls(es_url: str) -> list[str]:
    """VANBAN_ES_URL may list several nodes of a cluster, comma-separated."""
    return [u.strip() for u in es_url.split(",") if u.strip()]


def client_options(settings: Settings) -> dict:
    """Keyword arguments for `elasticsearch.Elasticsearch` (holds secrets: never log the result)."""
    hosts = node_urls(settings.es_url)
    if not hosts:
        raise ConfigError(
            "no Elasticsearch node configured: set VANBAN_ES_URL (e.g. https://es.example:9200)"
        )
    for url in hosts:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ConfigError(f"VANBAN_ES_URL must start with http:// or https:// (got {redact_url(url)!r})")
    options: dict = {
        "hosts": hosts,
        "request_timeout": REQUEST_TIMEOUT,
        "retry_on_timeout": True,
        "max_retries": 3,
    }
    if settings.es_api_key:
        options["api_key"] = settings.es_api_key
    elif settings.es_username or settings.es_password:
        options["basic_auth"] = (settings.es_username, settings.es_password)
    if settings.es_ca_certs:
        options["ca_certs"] = settings.es_ca_certs
    return options


def map_error(exc: Exception, url: str, what: str, alias: str = "") -> VanbanError:
    """A client exception → the vanban error a user can act on (no credentials in the message)."""
    from elasticsearch import (
        ApiError,
        AuthenticationException,
        AuthorizationException,
        ConnectionError,
        ConnectionTimeout,
        NotFoundError,
        SSLError,
        TransportError,
    )

    where = redact_url(url)
    if isinstance(exc, VanbanError):
        return exc
    if isinstance(exc, NotFoundError):
        if _error_type(exc) == "index_not_found_exception":
            target = alias or _error_index(exc) or "the index"
            return IndexMissing(
                f"no Elasticsearch index {target!r} at {where} "
                "(run `vanban index PATH` or `vanban reindex PATH` first)"
            )
        return EngineError(f"Elasticsearch at {where}: {what} failed: not found ({_reason(exc)})")
    if isinstance(exc, AuthenticationException):
        return EngineError(
            f"Elasticsearch at {where} rejected the credentials (401) while trying to {what}: check "
            "VANBAN_ES_API_KEY, or VANBAN_ES_USERNAME and VANBAN_ES_PASSWORD"
        )
    if isinstance(exc, AuthorizationException):
        return EngineError(
            f"Elasticsearch at {where} refused to {what} (403): the user or API key lacks privileges "
            f"on the vanban indices ({_reason(exc)})"
        )
    if isinstance(exc, SSLError):
        return EngineError(
            f"TLS handshake with Elasticsearch at {where} failed while trying to {what}: point "
            f"VANBAN_ES_CA_CERTS at the cluster's CA certificate ({_first_line(exc)})"
        )
    if isinstance(exc, ConnectionTimeout):
        return EngineError(f"Elasticsearch at {where} did not answer in time while trying to {what}")
    if isinstance(exc, ConnectionError):
        return EngineError(
            f"cannot reach Elasticsearch at {where} to {what}: is the node running and VANBAN_ES_URL right? "
            f"({_first_line(exc)})"
        )
    if isinstance(exc, ApiError):
        return EngineError(
            f"Elasticsearch at {where}: {what} failed with status {exc.status_code}: {_reason(exc)}"
        )
    if isinstance(exc, TransportError):
        return EngineError(f"Elasticsearch at {where}: {what} failed: {_first_line(exc)}")
    if isinstance(exc, ValueError):  # the client rejects malformed options this way
        return ConfigError(f"bad Elasticsearch configuration: {exc}")
    return EngineError(f"Elasticsearch at {where}: {what} failed: {type(exc).__name__}: {_first_line(exc)}")


def _error_body(exc) -> dict:
    body = getattr(exc, "body", None)
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"]
    return {}


def _error_type(exc) -> str:
    return str(_error_body(exc).get("type", ""))


def _error_index(exc) -> str:
    return str(_error_body(exc).get("index", ""))


def _reason(exc) -> str:
    error = _error_body(exc)
    if error:
        return f"{error.get('type', '')}: {error.get('reason', '')}".strip(": ")
    return str(getattr(exc, "message", "") or exc)


def _first_line(exc) -> str:
    text = str(getattr(exc, "message", "") or exc)
    return text.splitlines()[0][:300] if text else type(exc).__name__


def new_version(now: datetime | None = None) -> str:
    """Sortable, unique enough for one operator: UTC time to the microsecond."""
    return (now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S%f")


def load_template(kind: str, config_dir=CONFIG_DIR) -> dict:
    path = config_dir / f"es_{kind}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read Elasticsearch index template {path}: {exc}") from exc


def load_analysis(config_dir=CONFIG_DIR) -> dict:
    path = config_dir / "es_analysis.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the Elasticsearch analysis chain {path}: {exc}") from exc


def build_index_body(
    kind: str, settings: Settings, *, aliases=(), filling=False, config_dir=CONFIG_DIR
) -> dict:
    try:
        return req.index_body(
            load_template(kind, config_dir),
            load_analysis(config_dir),
            shards=settings.es_shards,
            replicas=settings.es_replicas,
            segmenter=settings.segmenter,
            aliases=aliases,
            filling=filling,
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc


# -- the engine --------------------------------------------------------------------------------


class ElasticsearchEngine(SourceEntriesMixin):
    name = "elasticsearch"

    def __init__(self, settings: Settings, create: bool = False):
        self.settings = settings
        self.segmenter = settings.segmenter
        self.prefix = settings.es_index_prefix
        self.documents_alias = req.alias_name(self.prefix, "documents")
        self.clauses_alias = req.alias_name(self.prefix, "clauses")
        self._url = ",".join(redact_url(u) for u in node_urls(settings.es_url))
        self._es = None
        self._client_lock = threading.Lock()  # the web app may open the client from several threads
        # (documents index, clauses index) that add()/delete() write to: the aliases normally, the
        # new pair between reindex_begin() and reindex_commit().
        self._target = (self.documents_alias, self.clauses_alias)
        self._filling: str = ""  # version being filled by a reindex
        self._fill_counts = {"documents": 0, "clauses": 0, "errors": 0}
        if create:
            self.ensure_indices()

    def __repr__(self) -> str:
        return f"ElasticsearchEngine(url={self._url!r}, prefix={self.prefix!r})"

    # -- plumbing --------------------------------------------------------------------------------

    @property
    def client(self):
        with self._client_lock:
            if self._es is None:
                from elasticsearch import Elasticsearch

                options = client_options(self.settings)
                if options.get("ca_certs") and not Path(options["ca_certs"]).is_file():
                    raise ConfigError(f"VANBAN_ES_CA_CERTS names {options['ca_certs']}, which is not a file")
                try:
                    self._es = Elasticsearch(**options)
                except (ValueError, TypeError) as exc:
                    raise ConfigError(f"bad Elasticsearch configuration: {exc}") from exc
        return self._es

    @contextmanager
    def _calling(self, what: str, alias: str = ""):
        try:
            yield
        except VanbanError:
            raise
        except Exception as exc:
            raise map_error(exc, self._url, what, alias) from exc

    def _serving(self) -> dict[str, list[str]]:
        from elasticsearch import NotFoundError

        with self._calling("read the aliases"):
            try:
                body = self.client.indices.get_alias(name=f"{self.documents_alias},{self.clauses_alias}").body
            except NotFoundError as exc:
                # one alias missing answers 404 with the other one's indices in the body
                body = exc.body if isinstance(exc.body, dict) else {}
        return req.serving_from_get_alias(dict(body), self.prefix)

    def _create_pair(self, version: str, *, with_aliases: bool, filling: bool, kinds=req.KINDS) -> None:
        """Both indices or neither: a half-created pair is removed before the error goes up."""
        bodies = {
            kind: build_index_body(
                kind,
                self.settings,
                aliases=[req.alias_name(self.prefix, kind)] if with_aliases else (),
                filling=filling,
            )
            for kind in kinds
        }
        created = []
        try:
            for kind, body in bodies.items():
                name = req.index_name(self.prefix, kind, version)
                with self._calling(f"create index {name}"):
                    self.client.indices.create(index=name, **body)
                created.append(name)
        except VanbanError:
            for name in created:
                try:
                    self.client.indices.delete(index=name)
                except Exception as exc:  # the original error matters more; say what is left over
                    log.warning("could not remove half-created index %s: %s", name, type(exc).__name__)
            raise

    def ensure_indices(self) -> None:
        """Create the first index pair behind the aliases unless they exist (`create=True`)."""
        serving = self._serving()
        missing = [kind for kind in req.KINDS if not serving.get(req.alias_name(self.prefix, kind))]
        if missing:
            # one alias alone (an interrupted first run) gets its partner; a reindex realigns versions
            self._create_pair(new_version(), with_aliases=True, filling=False, kinds=missing)

    # -- writing ---------------------------------------------------------------------------------

    def add(
        self, documents: Iterable[Document], analyses: Iterable[DocumentAnalysis] | None = None
    ) -> IndexReport:
        report = IndexReport()
        analyses_iter = iter(analyses) if analyses is not None else None
        pairs = (
            (_stamped(doc), next(analyses_iter) if analyses_iter else analyze_document(doc, self.segmenter))
            for doc in documents
        )
        for chunk in req.iter_chunks(pairs, BULK_CHUNK):
            self._add_chunk(chunk, report)
        if self._filling:
            self._fill_counts["documents"] += report.indexed
            self._fill_counts["clauses"] += report.clauses
            self._fill_counts["errors"] += len(report.errors)
        return report

    def _old_clause_paths(self, doc_ids: list[str]) -> dict[str, list[str]]:
        """Clause paths of the indexed versions (realtime get: sees writes not yet refreshed)."""
        with self._calling("read documents being replaced", self.documents_alias):
            response = self.client.mget(index=self._target[0], ids=doc_ids, source=["payload.clauses.path"])
        paths = {}
        for found in response.body.get("docs", []):
            if found.get("found"):
                clauses = found.get("_source", {}).get("payload", {}).get("clauses", [])
                paths[found["_id"]] = [c["path"] for c in clauses if "path" in c]
        return paths

    def _bulk(self, actions: list[dict], **options):
        """(ok, item) per action; retried with backoff on overload, per-item errors left to the caller."""
        from elasticsearch.helpers import streaming_bulk

        return streaming_bulk(
            self.client,
            actions,
            chunk_size=BULK_CHUNK,
            max_retries=BULK_MAX_RETRIES,
            initial_backoff=BULK_INITIAL_BACKOFF,
            max_backoff=BULK_MAX_BACKOFF,
            retry_on_status=BULK_RETRY_STATUS,
            raise_on_error=False,
            raise_on_exception=False,
            **options,
        )

    def _add_chunk(self, chunk: list[tuple[Document, DocumentAnalysis]], report: IndexReport) -> None:
        # a fresh reindex index holds no previous versions, so there is nothing stale to look up
        stale = {} if self._filling else self._old_clause_paths([doc.id for doc, _ in chunk])
        actions = []
        for doc, analysis in chunk:
            actions.extend(req.bulk_actions(doc, analysis, *self._target, stale.get(doc.id, ())))
        failed_docs: dict[str, str] = {}
        written = {"documents": 0, "clauses": 0}
        with self._calling("write documents", self.documents_alias):
            # never let a write auto-create a concrete index under the alias's name
            for ok, item in self._bulk(actions, require_alias=not self._filling):
                op_type, info = next(iter(item.items()))
                if ok:
                    if op_type == "index":
                        written["clauses" if "#" in str(info.get("_id", "")) else "documents"] += 1
                    continue
                if op_type == "delete" and info.get("status") == 404:
                    continue  # already gone: the goal of a delete
                doc_id, _, reason = req.bulk_item_error(item)
                failed_docs.setdefault(doc_id, reason)
        sources = {doc.id: doc.source or doc.id for doc, _ in chunk}
        for doc_id, reason in failed_docs.items():
            report.errors.append((sources.get(doc_id, doc_id), f"{doc_id}: {reason}"))
        # counts are what Elasticsearch accepted, so reindex_commit can verify them against the index
        report.indexed += written["documents"]
        report.clauses += written["clauses"]

    def delete(self, doc_ids: Iterable[str]) -> int:
        doc_ids = list(doc_ids)
        if not doc_ids:
            return 0
        documents_index, clauses_index = self._target
        actions = [a for doc_id in doc_ids for a in req.delete_actions(doc_id, documents_index)]
        errors = []
        with self._calling("delete documents", self.documents_alias):
            for ok, item in self._bulk(actions):
                info = next(iter(item.values()))
                if not ok and info.get("status") != 404:
                    errors.append(req.bulk_item_error(item))
            # delete_by_query only sees refreshed entries: refresh first so none survives
            self.client.indices.refresh(index=clauses_index)
            for chunk in req.iter_chunks(doc_ids, 1000):
                self.client.delete_by_query(
                    index=clauses_index, conflicts="proceed", refresh=False, **req.clauses_of_query(chunk)
                )
        if errors:
            raise EngineError(f"{len(errors)} document(s) could not be deleted; first: {errors[0][2]}")
        return len(doc_ids)

    def commit(self) -> None:
        with self._calling("refresh the indices", self.documents_alias):
            self.client.indices.refresh(index=",".join(self._target))

    def close(self) -> None:
        if self._es is not None:
            self._es.close()
            self._es = None

    # -- zero-downtime reindex --------------------------------------------------------------------

    def reindex_begin(self) -> str:
        """Create a new versioned index pair (not yet behind the aliases); add() fills it."""
        if self._filling:
            raise EngineError(f"a reindex into version {self._filling} is already in progress")
        self._sweep_leftovers()
        version = new_version()
        self._create_pair(version, with_aliases=False, filling=True)
        self._filling = version
        self._target = tuple(req.index_name(self.prefix, kind, version) for kind in req.KINDS)
        self._fill_counts = {"documents": 0, "clauses": 0, "errors": 0}
        log.info("reindex: filling %s and %s", *self._target)
        return version

    def _sweep_leftovers(self) -> None:
        """Delete pairs a crashed reindex left unpublished (old enough not to be another's fill)."""
        serving = self._serving()
        keep = [i for indices in serving.values() for i in indices]
        cutoff = new_version(datetime.now(UTC) - timedelta(hours=LEFTOVER_AGE_HOURS))
        with self._calling("list the indices"):
            existing = [
                name
                for kind in req.KINDS
                for name in self.client.indices.get(
                    index=req.index_pattern(self.prefix, kind), allow_no_indices=True
                ).body
            ]
        stale = req.stale_versions(self.prefix, existing, keep, older_than=cutoff)
        if stale:
            log.warning("reindex: removing unpublished indices left by an earlier run: %s", ", ".join(stale))
            with self._calling("delete unpublished indices"):
                self.client.indices.delete(index=",".join(stale))

    def reindex_commit(self, expected_documents: int | None = None, allow_errors: bool = False) -> dict:
        """Verify the new pair, swap both aliases in ONE call, then delete the old pair.

        Refuses (EngineError, old aliases untouched) when a document failed during the fill or the
        counts in the new indices differ from what was written; the caller then aborts.
        """
        if not self._filling:
            raise EngineError("no reindex in progress (call reindex_begin first)")
        version = self._filling
        documents_index, clauses_index = self._target
        if self._fill_counts["errors"] and not allow_errors:
            raise EngineError(
                f"reindex into {version}: {self._fill_counts['errors']} document(s) failed to index; "
                "the previous index keeps serving"
            )
        with self._calling("finish the new indices", documents_index):
            for index in self._target:
                self.client.indices.put_settings(
                    index=index, settings=req.serving_settings(self.settings.es_replicas)
                )
                self.client.indices.refresh(index=index)
            counted = {
                "documents": int(self.client.count(index=documents_index).body["count"]),
                "clauses": int(self.client.count(index=clauses_index).body["count"]),
            }
        expected = {
            "documents": self._fill_counts["documents"] if expected_documents is None else expected_documents,
            "clauses": self._fill_counts["clauses"],
        }
        if counted != expected:
            raise EngineError(
                f"reindex into {version}: the new indices hold {counted['documents']} documents and "
                f"{counted['clauses']} clauses, expected {expected['documents']} and {expected['clauses']}; "
                "the previous index keeps serving"
            )
        serving = self._serving()
        actions = req.alias_swap_actions(self.prefix, version, serving)
        with self._calling("swap the aliases", self.documents_alias):
            self.client.indices.update_aliases(actions=actions)
        self._filling = ""
        self._target = (self.documents_alias, self.clauses_alias)
        old = req.indices_to_delete(self.prefix, version, serving)
        if old:
            try:
                with self._calling("delete the previous indices"):
                    self.client.indices.delete(index=",".join(old))
            except EngineError as exc:  # the swap is done: a leftover index is not a failure
                log.warning("reindex: %s (delete %s by hand)", exc, ", ".join(old))
        log.info("reindex: %s now serve; removed %s", version, ", ".join(old) or "nothing")
        return {"version": version, "removed": old, **counted}

    def reindex_abort(self) -> None:
        """Drop the pair being filled; the aliases were never touched, so nothing else changes."""
        if not self._filling:
            return
        pair, self._filling = self._target, ""
        self._target = (self.documents_alias, self.clauses_alias)
        from elasticsearch import NotFoundError

        with self._calling("delete the unfinished indices"):
            for index in pair:
                try:
                    self.client.indices.delete(index=index)
                except NotFoundError:
                    pass

    def drop(self) -> None:
        """Delete every index of this prefix (tests and `vanban` ops tooling; never automatic)."""
        names = []
        with self._calling("list the indices"):
            for kind in req.KINDS:
                found = self.client.indices.get(
                    index=req.index_pattern(self.prefix, kind), allow_no_indices=True
                )
                names.extend(found.body)
            if names:
                self.client.indices.delete(index=",".join(sorted(names)))
        self._filling = ""
        self._target = (self.documents_alias, self.clauses_alias)

    # -- reading ---------------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResponse:
        return service.search(self, request)

    def search_page(self, parsed: ParsedQuery, request: SearchRequest, match: str) -> service.Page:
        """One page in one match mode (the service decides the mode, the fallback and the redirect)."""
        sort = service.effective_sort(parsed, request)
        with self._calling("search", self.documents_alias):
            response = self._search_members(parsed, request, match)
        found = [(h["_source"]["payload"], h.get("_score")) for h in response["hits"]["hits"]]
        docs = [req.document_from_payload(payload) for payload, _ in found]
        # the best clauses show where the words are; a subject-only search found them in the subject
        with_clauses = docs if effective_scope(parsed, request) == "all" else []
        best = self._best_clauses(parsed, with_clauses, request.clauses_per_hit, match)
        hits = [
            service.hit(
                payload, float(score or 0.0) if sort == "relevance" else 0.0, parsed, best.get(doc.id, [])
            )
            for (payload, score), doc in zip(found, docs, strict=True)
        ]
        facets = {}
        if request.with_facets:
            for key, values in req.facet_values(response.get("aggregations", {}), request).items():
                facets[key] = [FacetValue(v, c, s) for v, c, s in values]
        total = int(response["hits"]["total"]["value"])
        return service.Page(
            hits=hits,
            total=total,
            matched=bool(total),
            facets=facets,
            total_relation=req.total_relation(response),
        )

    def issuer_names(self) -> issuer_names.IssuerNames:
        """The index's issuer values (issuer_names.py), read again after ISSUER_NAMES_SECONDS: an
        alias swap or new documents bring new names, and there is no cheap version to compare."""
        now = time.monotonic()
        cached = getattr(self, "_issuers", None)
        if cached is None or now - cached[0] > ISSUER_NAMES_SECONDS:
            with self._calling("read the issuers", self.documents_alias):
                body = self.client.search(index=self.documents_alias, **req.issuer_names_body()).body
            names = req.issuer_names_from(body)
            cached = self._issuers = (now, issuer_names.rebuilt(cached and cached[1], names))
        return cached[1]

    def _search_members(self, parsed: ParsedQuery, request: SearchRequest, match: str) -> dict:
        """The page, counting canonical documents and the copies that stand in for their group
        (copies.py): exclusions and filters apply to each member first."""
        probe = self.client.search(
            index=self.documents_alias, **req.copies_probe_body(parsed, request, match)
        )
        matching = [(h["_source"]["id"], h["_source"]["copy_group"]) for h in probe.body["hits"]["hits"]]
        extra: tuple[str, ...] = ()
        if matching:
            groups = list(dict.fromkeys(g for _, g in matching))
            covered = self.client.search(
                index=self.documents_alias, **req.groups_covered_body(parsed, request, groups, match)
            ).body
            extra = stand_ins(matching, {h["_source"]["copy_group"] for h in covered["hits"]["hits"]})
        return self.client.search(
            index=self.documents_alias, **req.search_body(parsed, request, match, extra)
        ).body

    def _best_clauses(
        self, parsed: ParsedQuery, docs: list[Document], size: int, match: str = "all"
    ) -> dict[str, list[dict]]:
        wanted = [d.id for d in docs if d.clauses] if parsed.must else []
        if not wanted:
            return {}
        searches = req.msearch_clauses(parsed, wanted, size, self.clauses_alias, match)
        with self._calling("search clauses", self.clauses_alias):
            responses = self.client.msearch(searches=searches).body["responses"]
        best = {}
        for doc_id, answer in zip(wanted, responses, strict=True):
            if "error" in answer:
                raise EngineError(f"Elasticsearch at {self._url}: clause search failed: {answer['error']}")
            best[doc_id] = [h["_source"] for h in answer["hits"]["hits"]]
        return best

    def get(self, doc_id: str) -> Document | None:
        from elasticsearch import NotFoundError

        with self._calling("read a document", self.documents_alias):
            try:
                found = self.client.get(index=self.documents_alias, id=doc_id, source=["payload"]).body
            except NotFoundError as exc:
                if _error_type(exc) == "index_not_found_exception":
                    raise
                return None
        return req.document_from_payload(found["_source"]["payload"])

    def _docs_where(self, field: str, value: str) -> list[Document]:
        with self._calling("look up documents", self.documents_alias):
            body = req.lookup_body(field, value)
            hits = self.client.search(index=self.documents_alias, **body).body["hits"]["hits"]
        return [req.document_from_payload(h["_source"]["payload"]) for h in hits]

    def find_by_number(self, number_key: str) -> list[str]:
        return [d.id for d in self._docs_where("number_key", number_key)]

    def cited_by(self, number_key: str) -> list[Document]:
        return self._docs_where("cites", number_key)

    def _doc_entries(self):
        from elasticsearch.helpers import scan

        with self._calling("list indexed documents", self.documents_alias):
            query = {"query": {"match_all": {}}, "_source": ["source", "content_hash", "id"]}
            for hit in scan(self.client, index=self.documents_alias, query=query, size=1000):
                src = hit["_source"]
                yield src.get("source", ""), src.get("content_hash", ""), src.get("id", hit["_id"])

    def stats(self) -> dict:
        with self._calling("read index statistics", self.documents_alias):
            documents = int(self.client.count(index=self.documents_alias).body["count"])
            clauses = int(self.client.count(index=self.clauses_alias).body["count"])
            store = self.client.indices.stats(
                index=f"{self.documents_alias},{self.clauses_alias}", metric="store"
            )
            mapping = self.client.indices.get_mapping(index=self.documents_alias).body
        serving = self._serving()
        meta = next(iter(mapping.values()), {}).get("mappings", {}).get("_meta", {})
        return {
            "engine": self.name,
            "url": self._url,
            "aliases": {
                alias: serving.get(alias, []) for alias in (self.documents_alias, self.clauses_alias)
            },
            "documents": documents,
            "clauses": clauses,
            "size_bytes": int(store.body["_all"]["total"]["store"]["size_in_bytes"]),
            "segmenter": meta.get("segmenter", ""),
            "schema_version": meta.get("vanban_schema_version", 0),
        }
