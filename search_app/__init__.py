"""The web layer: a Flask app factory, the HTML UI and the JSON API over one engine.

`create_app` does no I/O: the engine opens on the first request that needs it and stays open for
the life of the process (it follows a reindex swap by itself).
"""

from __future__ import annotations

import dataclasses
import threading
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from indexer.errors import VanbanError

ENGINE_KEY = "vanban.engine"
_engine_lock = threading.Lock()

# Defence in depth behind escaping: no inline script, no third-party anything.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
MAX_BODY_BYTES = 1_048_576  # every route reads only its query string


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SETTINGS=None,
        INDEX_DIR=None,
        EXPORT_MAX=1000,  # rows in one CSV/JSON export
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        JSON_AS_ASCII=False,
    )
    app.config.update(config or {})
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from search_app import api, chain_view, feed, ui
    from search_app.format import (
        capitalize_first,
        clause_label,
        format_count,
        format_issued,
        format_month,
        format_ms,
        provenance_mark,
        safe_snippet,
        shown_value,
    )

    app.register_blueprint(ui.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feed.bp)
    app.register_blueprint(chain_view.bp)
    app.jinja_env.filters.update(
        issued=format_issued,
        clause_label=clause_label,
        count=format_count,
        ms=format_ms,
        cap=capitalize_first,
        snippet=safe_snippet,
        month_label=format_month,
        shown=shown_value,
    )
    app.jinja_env.globals.update(provenance_mark=provenance_mark)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.before_request
    def body_limit():
        # Flask enforces MAX_CONTENT_LENGTH only when a body is read, and no route reads one
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        if limit is not None and (request.content_length or 0) > limit:
            raise RequestEntityTooLarge(f"Request bodies are limited to {limit} bytes.")

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        location = response.headers.get("Location")
        if location:
            response.headers["Location"] = relative_location(location)
        return response

    @app.errorhandler(VanbanError)
    def vanban_error(exc: VanbanError):
        return _error_response(exc.http_status, exc.code, str(exc) or exc.__class__.__name__)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        response = _error_response(exc.code or 500, _http_code_name(exc), exc.description or exc.name)
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response = app.make_response(response)
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        current_app.logger.exception("unexpected error on %s", request.path)
        return _error_response(500, "internal_error", "Lỗi không mong muốn; đã ghi nhật ký.")

    return app


def relative_location(location: str) -> str:
    """A redirect as a path on this server: werkzeug builds its own redirects (`//x` → `/x`) as
    absolute URLs from the request's Host header, which the client chooses
    (`Location: http://evil.example.com/x`). vanban never redirects elsewhere, so every Location
    loses scheme and host; leading slashes collapse so none reads as a protocol-relative URL."""
    parts = urlsplit(location)
    if not parts.netloc and not location.startswith("//"):
        return location
    path = "/" + parts.path.lstrip("/")
    return (
        path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    )


def _http_code_name(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


def _error_response(status: int, code: str, message: str):
    """One JSON shape for every API error, a friendly page for everything else."""
    if request.path.startswith("/api/") or request.path == "/healthz" or _wants_json():
        from search_app.api import error_json

        return error_json(status, code, message)
    from search_app.ui import error_page

    return error_page(status, code, message)


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def get_settings():
    from indexer.settings import Settings

    settings = current_app.config.get("SETTINGS")
    if settings is None:
        index_dir = current_app.config.get("INDEX_DIR")
        settings = Settings.load(index_dir=str(index_dir) if index_dir else None)
        current_app.config["SETTINGS"] = settings
    return settings


def get_engine():
    """The process-wide engine, opened on first use; a failure is not cached (the index may appear)."""
    engine = current_app.extensions.get(ENGINE_KEY)
    if engine is None:
        with _engine_lock:
            engine = current_app.extensions.get(ENGINE_KEY)
            if engine is None:
                from indexer.engines import open_engine

                engine = open_engine(get_settings())
                current_app.extensions[ENGINE_KEY] = engine
    return engine


def run_search(search_request):
    """The engine's answer to a request, counted exactly up to the configured threshold."""
    limit = max(1, int(get_settings().track_total_hits))
    return get_engine().search(dataclasses.replace(search_request, track_total_hits=limit))


def warm_engine(app: Flask) -> None:
    """Open the engine now rather than on the first request (a served worker's start-up); a failure
    is left for the requests to report (the index may appear later)."""
    with app.app_context():
        try:
            get_engine()
        except VanbanError:
            pass
