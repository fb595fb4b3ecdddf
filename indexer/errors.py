"""One exception hierarchy for vanban, mapped once to HTTP statuses and once to CLI exit codes."""

from __future__ import annotations


class VanbanError(Exception):
    """Base of every error vanban raises on purpose."""

    http_status = 500
    exit_code = 1
    code = "internal_error"


class UsageError(VanbanError):
    """Bad arguments or configuration: the user must change what they asked for."""

    http_status = 400
    exit_code = 2
    code = "bad_request"


class QueryError(UsageError):
    code = "bad_query"


class ConfigError(UsageError):
    code = "bad_config"


class NotFound(VanbanError):
    http_status = 404
    exit_code = 1
    code = "not_found"


class IndexMissing(NotFound):
    """No index at the configured location (run `vanban index` first)."""

    code = "index_missing"


class SourceError(VanbanError):
    """A file that could not be read or understood; carries its path and reason."""

    http_status = 422
    exit_code = 1
    code = "bad_source"

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EngineError(VanbanError):
    """The search engine failed or cannot be reached."""

    http_status = 503
    exit_code = 1
    code = "engine_unavailable"


class IndexOutdated(EngineError):
    """The index on disk was written by an older schema: it must be rebuilt (`vanban reindex`)."""

    exit_code = 2
    code = "index_outdated"


class IndexBusy(EngineError):
    """Another process holds the index writer lock."""

    code = "index_busy"
