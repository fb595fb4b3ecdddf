"""Engine factory: the only place that decides which engine serves a Settings."""

from __future__ import annotations

from indexer.errors import ConfigError
from indexer.settings import Settings


def open_engine(settings: Settings, create: bool = False, index_dir: str | None = None):
    """Open the configured engine lazily (imports happen here, never at module import)."""
    if settings.engine == "tantivy":
        from indexer.engines.tantivy_engine import TantivyEngine

        return TantivyEngine(index_dir or settings.index_dir, segmenter=settings.segmenter, create=create)
    if settings.engine == "elasticsearch":
        try:
            from indexer.engines.elasticsearch_engine import ElasticsearchEngine
        except ImportError as exc:  # pragma: no cover - the module ships with vanban
            raise ConfigError(f"Elasticsearch engine unavailable: {exc}") from exc
        return ElasticsearchEngine(settings, create=create)
    raise ConfigError(f"unknown engine {settings.engine!r}; choose tantivy or elasticsearch")
