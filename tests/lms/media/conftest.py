"""Media tests store files under a temporary MEDIA_ROOT and talk to fake Mux and Bunny servers."""

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def stored_files(media_root):
    """`stored_files()`: every file under MEDIA_ROOT, relative paths, sorted."""

    def run() -> list[str]:
        return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file())

    return run


@pytest.fixture
def providers(settings, httpserver):
    """Mux and Bunny both pointed at the fake server on 127.0.0.1."""
    base = httpserver.url_for("/").rstrip("/")
    settings.MUX_BASE_URL = base + "/mux"
    settings.MUX_TOKEN_ID = "mux-id"
    settings.MUX_TOKEN_SECRET = "mux-secret"
    settings.BUNNY_API_BASE_URL = base + "/bunny-api"
    settings.BUNNY_API_KEY = "account-key"
    settings.BUNNY_STREAM_BASE_URL = base + "/bunny-stream"
    settings.BUNNY_LIBRARY_ID = "4242"
    settings.BUNNY_LIBRARY_API_KEY = "library-key"
    settings.BUNNY_REPLICATION_REGIONS = ["UK", "NY"]
    settings.LECTERN_MEDIA_PROVIDER_TIMEOUT = 5
    return httpserver
