"""Running the app behind a production server.

Two ways, one socket: `listen_socket` binds before any server starts (a port in use, a bad address
or a privileged port is one UsageError, exit 2), then either

- `serve_prefork`: gunicorn's pre-fork arbiter with N worker processes (threads in each), the
  production mode on Linux. Every worker builds its own app after the fork and opens the index itself
  (tantivy memory-maps it, so the page cache is shared), and follows a `reindex` swap on its own
  (TantivyEngine compares the symlink's target on each search);
- `serve_single`: waitress in this process, for development and debugging.

Both answer the server's own protocol errors (bad request line, headers too large, body too large) in
the app's JSON error shape with the app's security headers, not the servers' text/plain or HTML.
"""

from __future__ import annotations

import errno
import html
import json
import os
import re
import socket
from collections.abc import Callable

from indexer.errors import UsageError

MAX_BODY_BYTES = 1_048_576  # the app only reads query strings; a body is never needed
REQUEST_TIMEOUT_S = 30  # a silent client's connection, a stuck worker
GRACEFUL_TIMEOUT_S = 10  # SIGTERM: requests under way get this long to finish
KEEPALIVE_S = 5


def default_workers() -> int:
    """One worker process per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def listen_socket(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """A bound, listening TCP socket, or a UsageError that says what to change."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UsageError(f"cannot listen on {host!r}: unknown host ({exc.strerror})") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart while old sockets linger
        sock.bind(address)
        sock.listen(backlog)
    except OSError as exc:
        sock.close()
        raise UsageError(_bind_message(host, port, exc)) from None
    return sock


def _bind_message(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use (another server?); choose another with --port"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port} (ports below 1024 need privileges); use --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"cannot listen on {host}: not an address of this machine"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def error_code(reason: str) -> str:
    """'Request Header Fields Too Large' → 'request_header_fields_too_large' (as the app names them)."""
    return re.sub(r"[^a-z0-9]+", "_", reason.lower()).strip("_") or "error"


def error_response(status: int, reason: str, message: str) -> tuple[list[tuple[str, str]], bytes]:
    """Headers and body of a server-level error in the app's shape (search_app.api.error_json)."""
    from search_app import SECURITY_HEADERS

    body = json.dumps(
        {"ok": False, "error": {"status": status, "code": error_code(reason), "message": message}},
        ensure_ascii=False,
    ).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    headers.extend(SECURITY_HEADERS.items())
    return headers, body


# -- waitress, one process ------------------------------------------------------------------------


def serve_single(app, sock: socket.socket, threads: int) -> None:
    import waitress
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    class JsonErrorTask(ErrorTask):
        def execute(self):
            error = self.request.error
            headers, body = error_response(error.code, error.reason, str(error.body))
            self.status = f"{error.code} {error.reason}"
            self.response_headers.extend(h for h in headers if h[0] != "Content-Length")
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class JsonErrorChannel(HTTPChannel):
        error_task_class = JsonErrorTask

    server = waitress.create_server(
        app,
        sockets=[sock],
        threads=threads,
        channel_timeout=REQUEST_TIMEOUT_S,
        # waitress refuses a body of exactly max_request_body_size bytes: the limit is inclusive here
        max_request_body_size=MAX_BODY_BYTES + 1,
        ident="vanban",
    )
    server.channel_class = JsonErrorChannel  # used for every accepted connection
    server.run()


# -- gunicorn, pre-forked workers -----------------------------------------------------------------


def serve_prefork(app_factory: Callable, sock: socket.socket, workers: int, threads: int) -> None:
    """gunicorn's arbiter over `sock`; returns when it stops (SIGTERM/SIGINT: graceful, exit 0)."""
    from gunicorn.app.base import BaseApplication

    fd = sock.detach()  # gunicorn takes the descriptor over (and closes it when done)
    os.set_inheritable(fd, True)
    options = {
        "bind": [f"fd://{fd}"],
        "workers": workers,
        "threads": threads,
        "worker_class": json_error_worker(),
        "timeout": REQUEST_TIMEOUT_S,
        "graceful_timeout": GRACEFUL_TIMEOUT_S,
        "keepalive": KEEPALIVE_S,
        "limit_request_line": 8190,  # gunicorn's ceiling; a longer URL gets a JSON 414
        "loglevel": "warning",  # requests are logged by AccessLog, one JSON line each
        "errorlog": "-",
        "proc_name": "vanban",
        "preload_app": False,  # each worker opens its own index after the fork
        "control_socket_disable": True,  # no shared $HOME/.gunicorn/gunicorn.ctl between instances
    }

    class PreforkServer(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                if key in self.cfg.settings:  # older gunicorn lacks some settings
                    self.cfg.set(key, value)

        def load(self):
            return app_factory()

    PreforkServer().run()


def json_error_worker():
    """gunicorn's threaded worker, answering its own protocol errors in the app's JSON shape."""
    from gunicorn.workers.gthread import ThreadWorker

    class JsonErrorWorker(ThreadWorker):
        def handle_error(self, req, client, addr, exc):
            # gunicorn decides the status and logs; only the bytes it would write are replaced
            captured = _CapturedResponse()
            super().handle_error(req, captured, addr, exc)
            status, reason, message = parse_html_error(captured.data)
            headers, body = error_response(status, reason, message)
            head = f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            head += "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
            try:
                from gunicorn import util

                util.write_nonblock(client, head.encode("latin-1") + body)
            except Exception:  # the client is gone: nothing to tell it
                self.log.debug("failed to send an error response")

    return JsonErrorWorker


class _CapturedResponse:
    """Stands in for the client socket while gunicorn writes its HTML error page."""

    def __init__(self):
        self.data = b""

    def gettimeout(self):
        return 0.0  # gunicorn's write_nonblock then writes straight through

    def sendall(self, data):
        self.data += bytes(data)

    send = sendall


_STATUS_LINE = re.compile(rb"HTTP/1\.[01] (\d{3}) ([^\r\n]*)")
_HTML_MESSAGE = re.compile(rb"</h1>\s*(.*?)\s*</body>", re.S)


def parse_html_error(data: bytes) -> tuple[int, str, str]:
    """(status, reason, message) from gunicorn's error response (util.write_error)."""
    status = _STATUS_LINE.match(data)
    if not status:
        return 400, "Bad Request", "Bad request"
    found = _HTML_MESSAGE.search(data)
    message = html.unescape(found.group(1).decode("latin-1")) if found else ""
    reason = status.group(2).decode("latin-1")
    return int(status.group(1)), reason, message or reason
