"""Shared fixtures: sample paths, temp data dirs, the real embedder, a real Chroma server."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from data_paths import SAMPLE_PROFILE, SAMPLES  # noqa: F401 - re-exported for tests

from agent.settings import Settings

SAMPLE_SLUG = "rongrong-wang"


@pytest.fixture(scope="session")
def shared_models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One models dir for the session: the F16 copy of the embedded LLM (270 MB) and the ONNX
    exports are converted once, not once per test data dir."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_models_dir: Path
) -> Path:
    """Every test gets its own data dir through the env var (never ~/.local/share)."""
    data_dir = tmp_path / "data"
    monkeypatch.setenv("PROFILE_AGENT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PROFILE_AGENT_MODELS_DIR", str(shared_models_dir))
    monkeypatch.delenv("PROFILE_AGENT_CHROMA_URL", raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # the warm caches below hold torch vectors; test_embed_onnx.py covers the onnx backends
    monkeypatch.setenv("PROFILE_AGENT_EMBED_BACKEND", "torch")
    return data_dir


@pytest.fixture
def sample_path() -> Path:
    """The canonical sample profile (tests/data/samples, see its README)."""
    assert SAMPLE_PROFILE.exists(), f"missing sample {SAMPLE_PROFILE}"
    return SAMPLE_PROFILE


@pytest.fixture
def settings(_isolated_data_dir: Path) -> Settings:
    """Settings on this test's temp data dir, embedded Chroma."""
    return Settings(data_dir=_isolated_data_dir)


@pytest.fixture(scope="session")
def bundled_model():  # noqa: ANN201 - SentenceTransformerEmbedder
    """The real bundled MiniLM, loaded once per test session."""
    from agent.embed.model import bundled_embedder

    model = bundled_embedder()
    model.encode(["warm up"])
    return model


@pytest.fixture
def embedder(bundled_model, settings: Settings):  # noqa: ANN001, ANN201
    """A CachedEmbedder over the session model with this test's (empty) cache."""
    from agent.embed.cache import CachedEmbedder, EmbeddingCache

    return CachedEmbedder(bundled_model, EmbeddingCache(settings.cache_db))


def free_port() -> int:
    """A TCP port nobody listens on right now (127.0.0.1)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_heartbeat(url: str, process: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chroma run exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"chroma server at {url} did not answer in {timeout_s}s")


@pytest.fixture
def unreachable_url() -> str:
    """A loopback URL where nothing listens."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``chroma run`` on 127.0.0.1 and a free port; yields its URL, stops it after."""
    chroma = Path(sys.executable).parent / "chroma"
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("wb")
    process = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(path / "db"),
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_heartbeat(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(params=["embedded", "server"])
def store_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """The same settings against embedded Chroma and against a ``chroma run`` server."""
    if request.param == "embedded":
        return settings
    url = request.getfixturevalue("chroma_server")
    _empty_server(url)
    return settings.model_copy(update={"chroma_url": url})


def _empty_server(url: str) -> None:
    """Drop every collection so each test starts from an empty server."""
    from agent.store.vectors import open_client

    client = open_client(Settings(chroma_url=url))
    for collection in client.list_collections():
        client.delete_collection(collection.name)


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory, bundled_model) -> Settings:  # noqa: ANN001
    """Settings of a data dir holding the ingested sample (shared by the session: read only)."""
    from agent.embed.cache import CachedEmbedder, EmbeddingCache
    from agent.store.ingest import ingest_path

    settings = Settings(data_dir=tmp_path_factory.mktemp("sample-store"))
    embedder = CachedEmbedder(bundled_model, EmbeddingCache(settings.cache_db))
    ingest_path(SAMPLE_PROFILE, settings, embedder=embedder)
    embedder.cache.close()
    return settings


@pytest.fixture
def warm_embedder(sample_store: Settings, bundled_model, settings: Settings):  # noqa: ANN001, ANN201
    """A CachedEmbedder whose cache already holds the sample's texts (saves embedding time)."""
    from agent.embed.cache import CachedEmbedder, EmbeddingCache

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(sample_store.cache_db)) as source,
        closing(sqlite3.connect(settings.cache_db)) as target,
    ):
        source.backup(target)
    return CachedEmbedder(bundled_model, EmbeddingCache(settings.cache_db))
