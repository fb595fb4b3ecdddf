"""The `vanban` command line: index, reindex, watch, search, inspect, serve, stats.

Thin: every command calls indexer/ or search_app/ code and maps VanbanError to an exit code
(0 all good, 1 some input failed or nothing found, 2 usage or configuration error).
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from indexer.errors import UsageError, VanbanError
from indexer.settings import Settings


def _settings(ctx_opts: dict) -> Settings:
    return Settings.load(
        index_dir=ctx_opts.get("index_dir"),
        engine=ctx_opts.get("engine"),
        segmenter=ctx_opts.get("segmenter"),
    )


def engine_options(func):
    @click.option(
        "--index-dir",
        type=click.Path(file_okay=False),
        envvar="VANBAN_INDEX_DIR",
        help="Index location (default: var/index, or $VANBAN_INDEX_DIR).",
    )
    @click.option(
        "--engine",
        type=click.Choice(["tantivy", "elasticsearch"]),
        envvar="VANBAN_ENGINE",
        help="Search engine (default: tantivy, embedded).",
    )
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def read_options(func):
    """How sources are read, the same for `index` and `reindex`."""

    @click.option(
        "--ocr", is_flag=True, default=None, help="OCR PDF pages without text (needs tesseract-ocr-vie)."
    )
    @click.option(
        "--max-file-mb",
        type=click.IntRange(1, 10_000),
        default=None,
        help="Skip larger files (default 20); in a .jsonl, larger records (the file is streamed).",
    )
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


def _with_read_options(settings: Settings, ocr, max_file_mb) -> Settings:
    given = {"ocr": ocr, "max_file_mb": max_file_mb}
    return settings.with_(**{k: v for k, v in given.items() if v is not None})


def handle_errors(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except VanbanError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vanban-search")
def main():
    """vanban — full-text search for Vietnamese official documents.

    
    `vanban serve` also answers:
      /feed.atom?<search parameters>   Atom feed of any search, newest first ("Theo dõi")
      /api/documents/<id>/chain        the chain of instructions (chuỗi chỉ đạo) as JSON;
                                       drawn on each document page
    `vanban watch DIR…` keeps the index in step with folders.
    """


def _progress_printer():
    """A live one-line bar on a terminal (files, documents, rate, ETA); plain log lines otherwise."""
    import time

    tty = sys.stderr.isatty()
    started = time.perf_counter()
    last = {"log": started}
    shown: set[tuple[str, str]] = set()  # failures already printed: the summary does not repeat them

    def progress(result, report):
        done = report.files_indexed + report.files_unchanged + len(report.files_failed)
        elapsed = max(time.perf_counter() - started, 1e-6)
        rate = report.documents / elapsed
        remaining = max(report.files_seen - done, 0)
        eta = remaining / (done / elapsed) if done else 0.0
        if result.failure:
            shown.add((result.path, result.failure))
            click.echo(("\n" if tty else "") + f"FAILED {result.path}: {result.failure}", err=True)
        for warning in result.warnings:
            click.echo(("\n" if tty else "") + f"note {result.path}: {warning}", err=True)
        for error in result.errors:
            click.echo(f"skipped record in {result.path}: {error}", err=True)
        line = (
            f"{done}/{report.files_seen} files, {report.documents} documents, "
            f"{rate:.0f} docs/s, ETA {eta:.0f}s"
        )
        if tty:
            width = 24
            filled = int(width * done / report.files_seen) if report.files_seen else width
            click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {line}  ", err=True, nl=False)
        elif time.perf_counter() - last["log"] >= 5 or done == report.files_seen:
            last["log"] = time.perf_counter()
            click.echo(f"progress: {line}", err=True)

    progress.shown = shown
    return progress


def _finish(report, as_json: bool, shown: set | frozenset = frozenset()) -> None:
    if sys.stderr.isatty():
        click.echo("", err=True)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "documents": report.documents,
                    "clauses": report.clauses,
                    "files_seen": report.files_seen,
                    "files_indexed": report.files_indexed,
                    "files_unchanged": report.files_unchanged,
                    "files_read": report.files_read,
                    "deleted": report.deleted,
                    "failed": [{"path": p, "reason": r} for p, r in report.files_failed],
                    "skipped_records": [{"path": p, "reason": r} for p, r in report.records_skipped],
                    "repaired": [{"path": p, "note": r} for p, r in report.repaired],
                    "seconds": round(report.seconds, 3),
                },
                ensure_ascii=False,
            )
        )
    else:
        for path, reason in report.files_failed:
            if (path, reason) not in shown:
                click.echo(f"failed: {path}: {reason}", err=True)
        click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@engine_options
@click.option(
    "--segmenter",
    type=click.Choice(["pyvi", "underthesea", "none"]),
    envvar="VANBAN_SEGMENTER",
    help="Word segmenter for ranking (default pyvi).",
)
@click.option("--workers", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--prune", is_flag=True, help="Remove documents whose files are gone.")
@read_options
@click.option("--force", is_flag=True, help="Re-read every file even if unchanged.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@handle_errors
def index(paths, index_dir, engine, segmenter, workers, prune, ocr, max_file_mb, force, as_json):
    """Index files and folders (incremental: unchanged files are skipped)."""
    from indexer.reindex import index_incremental

    settings = _with_read_options(
        _settings({"index_dir": index_dir, "engine": engine, "segmenter": segmenter}), ocr, max_file_mb
    )
    progress = _progress_printer()
    report = index_incremental(
        list(paths), settings, prune=prune, force=force, workers=workers, progress=progress
    )
    _finish(report, as_json, progress.shown)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@engine_options
@click.option("--segmenter", type=click.Choice(["pyvi", "underthesea", "none"]), envvar="VANBAN_SEGMENTER")
@click.option("--workers", type=int, default=None, help="Worker processes (default: all cores).")
@click.option(
    "--allow-errors",
    is_flag=True,
    help="Swap even if the engine rejected some documents (Elasticsearch); they are reported.",
)
@read_options
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def reindex(paths, index_dir, engine, segmenter, workers, allow_errors, ocr, max_file_mb, as_json):
    """Rebuild the index from PATHS into a new version and swap it in atomically."""
    from indexer.reindex import reindex as run_reindex

    settings = _with_read_options(
        _settings({"index_dir": index_dir, "engine": engine, "segmenter": segmenter}), ocr, max_file_mb
    )
    progress = _progress_printer()
    report = run_reindex(list(paths), settings, workers=workers, progress=progress, allow_errors=allow_errors)
    _finish(report, as_json, progress.shown)


@main.command()
@click.argument("query", nargs=-1, required=True)
@engine_options
@click.option("--issuer", multiple=True)
@click.option("--province", multiple=True)
@click.option("--type", "doc_type", multiple=True)
@click.option("--signer", multiple=True)
@click.option("--year", multiple=True)
@click.option("--sort", type=click.Choice(["relevance", "date_desc", "date_asc"]), default="relevance")
@click.option(
    "--match",
    type=click.Choice(["auto", "all", "any"]),
    default="auto",
    show_default=True,
    help="all: every word; any: a share of the words (questions); auto: all, then any if nothing.",
)
@click.option(
    "--scope",
    type=click.Choice(["all", "subject"]),
    default="all",
    show_default=True,
    help="all: the whole document; subject: the title and trích yếu only (also the trichyeu: prefix).",
)
@click.option("--limit", type=click.IntRange(1, 100), default=10)
@click.option("--page", type=click.IntRange(1, 10_000), default=1)
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as /api/search.")
@handle_errors
def search(
    query,
    index_dir,
    engine,
    issuer,
    province,
    doc_type,
    signer,
    year,
    sort,
    match,
    scope,
    limit,
    page,
    as_json,
):
    """Search the index and print ranked results."""
    from indexer.engines import open_engine
    from indexer.engines.base import SearchRequest

    filters = {
        k: list(v)
        for k, v in (
            ("issuer", issuer),
            ("province", province),
            ("type", doc_type),
            ("signer", signer),
            ("year", year),
        )
        if v
    }
    settings = _settings({"index_dir": index_dir, "engine": engine})
    request = SearchRequest(
        q=" ".join(query),
        filters=filters,
        sort=sort,
        match=match,
        scope=scope,
        per_page=limit,
        page=page,
        with_facets=as_json,
        track_total_hits=max(1, settings.track_total_hits),
    )
    eng = open_engine(settings)
    try:
        response = eng.search(request)
    finally:
        eng.close()
    if as_json:
        from search_app.api import response_json

        click.echo(json.dumps(response_json(response, request), ensure_ascii=False, indent=1))
        return
    more = "hơn " if response.total_relation == "gte" else ""
    click.echo(f"{more}{response.total} kết quả ({response.took_ms:.1f} ms)")
    if response.issuers:
        from search_app.format import issuer_notice

        click.echo(issuer_notice(response) + ".")
    if response.relaxed:
        from search_app.format import relaxed_notice

        click.echo(relaxed_notice(response) + ".")
    for rank, hit in enumerate(response.hits, start=request.offset + 1):
        head = " · ".join(x for x in (hit.doc_type, hit.number or "(không số)", hit.issuer, hit.issued) if x)
        click.echo(f"\n{rank}. {head}")
        if hit.subject:
            click.echo(f"   {hit.subject}")
        for clause in hit.clauses:
            click.echo(f"   [mục {clause.path}] {_terminal_snippet(clause.snippet)}")
        if not hit.clauses and hit.snippet:
            click.echo(f"   {_terminal_snippet(hit.snippet)}")
        click.echo(
            f"   id={hit.id}  {hit.source}" + (f"  (+{len(hit.copies)} bản sao)" if hit.copies else "")
        )
    if response.total == 0:
        sys.exit(1)


def _terminal_snippet(html_snippet: str) -> str:
    """Highlight marks as bold on a terminal, plain brackets elsewhere; unescape entities."""
    from html import unescape

    on, off = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() else ("[", "]")
    return unescape(html_snippet.replace("<mark>", on).replace("</mark>", off))


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help='Print {"documents": [...]}.')
@click.option("--with-text", is_flag=True, help="Include the full text in the JSON.")
@handle_errors
def inspect(file, as_json, with_text):
    """Show what vanban understands of FILE (metadata and clauses) without indexing it."""
    from indexer.errors import SourceError
    from indexer.pipeline import process_file

    if not file.exists() and not file.is_symlink():
        raise UsageError(f"{file}: no such file")
    result = process_file(str(file), "none")
    if result.failure:
        raise SourceError(str(file), result.failure)
    if as_json:
        docs = []
        for doc in result.documents:
            data = doc.to_dict()
            if not with_text:
                data.pop("text")
                for clause in data["clauses"]:
                    clause.pop("text", None)
            docs.append(data)
        click.echo(json.dumps({"documents": docs, "warnings": result.warnings}, ensure_ascii=False, indent=1))
        return
    from indexer.parse.report import format_document

    for warning in result.warnings:
        click.echo(f"note: {warning}")
    for n, doc in enumerate(result.documents, start=1):
        if len(result.documents) > 1:
            click.echo(f"=== văn bản {n}/{len(result.documents)} ===")
        click.echo(format_document(doc))


@main.command()
@click.argument(
    "dirs", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@engine_options
@click.option("--segmenter", type=click.Choice(["pyvi", "underthesea", "none"]), envvar="VANBAN_SEGMENTER")
@click.option(
    "--workers", type=int, default=None, help="Worker processes for big batches (default: all cores)."
)
@click.option(
    "--debounce",
    type=click.FloatRange(0.05, 600),
    default=1.0,
    show_default=True,
    help="Seconds of quiet after the last change before a batch is indexed.",
)
@click.option(
    "--max-wait",
    type=click.FloatRange(0.1, 3600),
    default=10.0,
    show_default=True,
    help="A batch is indexed at the latest this many seconds after its first change.",
)
@click.option(
    "--poll", is_flag=True, help="Poll the folders instead of inotify (network shares, containers)."
)
@click.option(
    "--poll-interval", type=click.FloatRange(0.1, 3600), default=2.0, show_default=True, help="With --poll."
)
@click.option(
    "--ocr", is_flag=True, default=None, help="OCR PDF pages without text (needs tesseract-ocr-vie)."
)
@handle_errors
def watch(dirs, index_dir, engine, segmenter, workers, debounce, max_wait, poll, poll_interval, ocr):
    """Keep the index in step with DIRS, until SIGTERM or Ctrl-C.

    Starts by catching up (new and changed files indexed by content hash, files that are gone
    removed: what changed while no watcher ran), then follows the folders with inotify (or by
    polling with --poll): new and changed files are indexed, deleted ones removed, bursts of
    changes gathered into one batch. Each change is logged on stdout as one JSON line
    (indexed, removed, failed, batch, batch-done, busy, ready, stop). SIGTERM ends it between
    batches; a batch that has begun is committed first. Name the folders as you do for
    `vanban index` (same relative or absolute paths), since files are recognised by path.
    `vanban serve` on the same index sees each batch as soon as it is committed.
    """
    from indexer.watch import WatchOptions
    from indexer.watch import watch as run_watch

    settings = _settings({"index_dir": index_dir, "engine": engine, "segmenter": segmenter})
    if ocr is not None:
        settings = settings.with_(ocr=ocr)
    options = WatchOptions(
        debounce=debounce, max_wait=max_wait, poll=poll, poll_interval=poll_interval, workers=workers
    )
    sys.exit(run_watch(list(dirs), settings, options))


@main.command()
@engine_options
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=5000,
    show_default=True,
    envvar="VANBAN_PORT",
    help="TCP port (0: any free port, announced on stderr).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    envvar="VANBAN_SERVE_WORKERS",
    help="Server processes, pre-forked by gunicorn (default: one per core).",
)
@click.option(
    "--threads", type=click.IntRange(1, 256), default=4, show_default=True, help="Threads per process."
)
@click.option(
    "--single-process",
    is_flag=True,
    help="waitress in this one process instead of pre-forked workers (development, debugging).",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="One JSON line per request on stderr.",
)
@click.option("--dev", is_flag=True, help="Flask's development server with reloader (never in production).")
@handle_errors
def serve(index_dir, engine, host, port, workers, threads, single_process, access_log, dev):
    """Serve the search UI and JSON API (gunicorn workers; waitress with --single-process)."""
    from indexer.engines import open_engine
    from search_app import serving

    settings = _settings({"index_dir": index_dir, "engine": engine})
    open_engine(settings).close()  # fail fast with a clear message when there is no index
    if dev:
        from search_app import create_app

        click.echo(f"vanban: development server for {settings.index_dir} at http://{host}:{port}/", err=True)
        create_app({"SETTINGS": settings}).run(host=host, port=port, debug=True)
        return
    sock = serving.listen_socket(host, port)
    bound_port = sock.getsockname()[1]
    workers = workers or serving.default_workers()
    how = "1 process (waitress)" if single_process else f"{workers} worker(s) × {threads} threads (gunicorn)"
    click.echo(
        f"vanban: serving {settings.index_dir} ({settings.engine}) at http://{host}:{bound_port}/, {how}",
        err=True,
    )
    app_factory = functools.partial(_wsgi_app, settings, access_log)
    if single_process:
        serving.serve_single(app_factory(), sock, threads)
    else:
        serving.serve_prefork(app_factory, sock, workers, threads)


def _wsgi_app(settings, access_log: bool):
    """The app as one server process serves it (built in each worker after the fork)."""
    from search_app import create_app, warm_engine
    from search_app.accesslog import AccessLog

    app = create_app({"SETTINGS": settings})
    warm_engine(app)
    return AccessLog(app) if access_log else app


@main.command()
@engine_options
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def stats(index_dir, engine, as_json):
    """Print what the index holds."""
    from indexer.engines import open_engine

    eng = open_engine(_settings({"index_dir": index_dir, "engine": engine}))
    try:
        data = eng.stats()
    finally:
        eng.close()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
    else:
        for key, value in data.items():
            click.echo(f"{key}: {value}")


if __name__ == "__main__":  # pragma: no cover
    main()
