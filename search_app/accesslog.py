"""Structured access log: one JSON line per request on stderr (for `vanban serve`)."""

from __future__ import annotations

import json
import sys
import time


class AccessLog:
    """WSGI middleware: method, path, status, bytes, duration; never the query's personal data beyond
    what the URL holds, never headers (API keys) or bodies."""

    def __init__(self, app, stream=None):
        self.app = app
        self.stream = stream or sys.stderr

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        state = {"status": 0, "bytes": 0}

        def recording_start_response(status, headers, exc_info=None):
            state["status"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        try:
            for chunk in self.app(environ, recording_start_response):
                state["bytes"] += len(chunk)
                yield chunk
        finally:
            record = {
                "ts": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "remote": environ.get("REMOTE_ADDR", ""),
                "method": environ.get("REQUEST_METHOD", ""),
                "path": environ.get("PATH_INFO", ""),
                "query": environ.get("QUERY_STRING", "")[:500],
                "status": state["status"],
                "bytes": state["bytes"],
                "ms": round((time.perf_counter() - started) * 1000, 2),
            }
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.stream.flush()
