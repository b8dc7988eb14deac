"""A session-wide data dir holding the ingested sample, for CLI tests that only read it: the
first bio there embeds the theme texts once for every module that binds the fixture
(``data_dir = cli_store.data_dir``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from qa_cases import build_store


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory, sample_store, bundled_model) -> Path:  # noqa: ANN001
    """The data dir (as of 2026-11-28); tests may add chat logs and eval reports to it."""
    root = tmp_path_factory.mktemp("cli-store")
    return build_store(root, sample_store, bundled_model)[0].data_dir
