"""The bundled embedding model and its content-hash cache."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from agent.embed.bundle import MODEL_NAME, bundled_model_path
from agent.embed.cache import CachedEmbedder, EmbeddingCache, cache_key
from agent.embed.model import SentenceTransformerEmbedder

pytestmark = pytest.mark.slow


def test_bundled_model_files_ship_in_the_wheel() -> None:
    path = bundled_model_path()
    assert (path / "model.safetensors").is_file()
    assert (path / "modules.json").is_file()


def test_encode_gives_normalised_384d_float32(bundled_model) -> None:
    vectors = bundled_model.encode(["Deep image prior for inverse problems.", "MaxCut"])
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert bundled_model.dim == 384 and bundled_model.name == MODEL_NAME


def test_similar_texts_are_closer_than_unrelated_ones(bundled_model) -> None:
    a, b, c = bundled_model.encode(
        [
            "Early stopping for deep image prior reconstruction.",
            "When to stop training an untrained network that restores images.",
            "Credit loan overdue risk in mobile banking.",
        ]
    )
    assert a @ b > a @ c + 0.2


def test_cache_embeds_each_text_once(embedder) -> None:
    texts = ["first text", "second text", "first text"]
    first = embedder.encode(texts)
    assert embedder.embedded_texts == 2 and embedder.cache_hits == 0
    second = embedder.encode(texts)
    assert embedder.embedded_texts == 2 and embedder.cache_hits == 3
    assert np.array_equal(first, second)
    assert np.array_equal(first[0], first[2])


def test_cache_persists_and_needs_no_model(embedder, settings) -> None:
    vectors = embedder.encode(["a sentence about MaxCut"])
    fresh_model = SentenceTransformerEmbedder()
    reopened = CachedEmbedder(fresh_model, EmbeddingCache(settings.cache_db))
    again = reopened.encode(["a sentence about MaxCut"])
    assert np.array_equal(vectors, again)
    assert reopened.embedded_texts == 0
    assert fresh_model._model is None  # nothing was loaded for a cache hit


def test_cache_key_depends_on_model_and_text() -> None:
    assert cache_key("m", "text") != cache_key("m", "text ")
    assert cache_key("m1", "text") != cache_key("m2", "text")
    assert len(cache_key("m", "text")) == 40


def test_progress_reports_encoded_chunks(bundled_model, settings) -> None:
    embedder = CachedEmbedder(bundled_model, EmbeddingCache(settings.cache_db), chunk_size=2)
    seen: list[tuple[int, int]] = []
    texts = [f"text number {i}" for i in range(5)]
    embedder.encode(texts, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 5), (4, 5), (5, 5)]


def test_empty_input_gives_empty_array(embedder) -> None:
    assert embedder.encode([]).shape == (0, 384)


def test_importing_embed_loads_nothing_heavy() -> None:
    code = (
        "import sys, agent.embed.model; "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'numpy') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
