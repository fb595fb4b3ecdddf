"""Runtime settings, from defaults < config/defaults.json < environment < explicit arguments."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields, replace

from analyzers.config_files import config_dir
from indexer.errors import ConfigError

CONFIG_DIR = config_dir()

_ENV = {
    "index_dir": "VANBAN_INDEX_DIR",
    "engine": "VANBAN_ENGINE",
    "segmenter": "VANBAN_SEGMENTER",
    "es_url": "VANBAN_ES_URL",
    "es_api_key": "VANBAN_ES_API_KEY",
    "es_username": "VANBAN_ES_USERNAME",
    "es_password": "VANBAN_ES_PASSWORD",
    "es_ca_certs": "VANBAN_ES_CA_CERTS",
    "es_index_prefix": "VANBAN_ES_INDEX_PREFIX",
    "es_shards": "VANBAN_ES_SHARDS",
    "es_replicas": "VANBAN_ES_REPLICAS",
    "workers": "VANBAN_WORKERS",
    "max_file_mb": "VANBAN_MAX_FILE_MB",
    "ocr": "VANBAN_OCR",
    "file_seconds": "VANBAN_FILE_SECONDS",
    "file_memory_mb": "VANBAN_FILE_MEMORY_MB",
    "commit_seconds": "VANBAN_COMMIT_SECONDS",
    "track_total_hits": "VANBAN_TRACK_TOTAL_HITS",
}


def _redact_url(url: str) -> str:
    """Drop user:password@ from a node URL before it is shown anywhere."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    if parts.username is None and parts.password is None:
        return url.strip()
    host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _whole_number(name: str, value) -> int:
    """An integer setting, or a ConfigError naming where the bad value came from (exit code 2)."""
    try:
        number = int(str(value).strip())
    except ValueError:
        where = _ENV.get(name, name)
        raise ConfigError(f"{where} must be a whole number (got {str(value)[:40]!r})") from None
    if number < 0:
        raise ConfigError(f"{_ENV.get(name, name)} must not be negative (got {number})")
    return number


@dataclass(frozen=True)
class Settings:
    index_dir: str = "var/index"
    engine: str = "tantivy"  # tantivy | elasticsearch
    segmenter: str = "pyvi"  # pyvi | underthesea | none
    workers: int = 0  # 0 = all cores
    max_file_mb: int = 20  # larger source files are reported, not read
    ocr: bool = False  # run tesseract on PDF pages without a text layer
    file_seconds: int = 120  # per-file budget: CPU seconds to read, parse and analyse one file
    file_memory_mb: int = 1024  # per-file budget: memory one file may add to its worker
    commit_seconds: int = 30  # the writer commits at least this often: what a kill can lose
    # searches count exactly up to this many matches; beyond it Elasticsearch says "more than" and
    # tantivy estimates the facet counts from a sample (indexer/engines/tantivy_facets.py)
    track_total_hits: int = 10_000
    es_url: str = ""
    es_api_key: str = ""
    es_username: str = ""
    es_password: str = ""
    es_ca_certs: str = ""
    es_index_prefix: str = "vanban"
    es_shards: int = 1
    es_replicas: int = 0

    @classmethod
    def load(cls, **overrides) -> Settings:
        values: dict = {}
        defaults_file = CONFIG_DIR / "defaults.json"
        if defaults_file.exists():
            values.update(json.loads(defaults_file.read_text(encoding="utf-8")))
        for name, var in _ENV.items():
            if os.environ.get(var):
                values[name] = os.environ[var]
        values.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name: f.type for f in fields(cls)}
        clean = {}
        for k, v in values.items():
            if k in known:
                if known[k] == "int":
                    v = _whole_number(k, v)
                elif known[k] == "bool" and isinstance(v, str):
                    v = v.strip().lower() in ("1", "true", "yes", "on")
                clean[k] = v
        return cls(**clean)

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)

    def __repr__(self) -> str:  # never print credentials
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        for secret in ("es_api_key", "es_password"):
            if shown[secret]:
                shown[secret] = "***"
        shown["es_url"] = ",".join(_redact_url(u) for u in self.es_url.split(",")) if self.es_url else ""
        return f"Settings({shown})"
