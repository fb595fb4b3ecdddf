"""Settings: precedence and secrets never shown."""

from __future__ import annotations

from indexer.settings import Settings


def test_environment_overrides_defaults_and_arguments_override_environment(monkeypatch):
    monkeypatch.setenv("VANBAN_INDEX_DIR", "/srv/vanban/index")
    monkeypatch.setenv("VANBAN_ES_REPLICAS", "2")
    assert Settings.load().index_dir == "/srv/vanban/index"
    assert Settings.load().es_replicas == 2
    assert Settings.load(index_dir="/tmp/x").index_dir == "/tmp/x"


def test_repr_masks_credentials(monkeypatch):
    settings = Settings.load(
        es_url="https://elastic:hunter2@es1.example.vn:9200,https://es2.example.vn:9200",
        es_api_key="c2VjcmV0",
        es_password="matkhau",
    )
    shown = repr(settings)
    for secret in ("hunter2", "c2VjcmV0", "matkhau"):
        assert secret not in shown
    assert "es1.example.vn:9200" in shown and "es2.example.vn:9200" in shown
