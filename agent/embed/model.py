"""Sentence embeddings: the bundled all-MiniLM-L6-v2, loaded lazily, behind a content-hash cache.

Nothing loads at import. ``get_embedder(settings)`` returns a ``CachedEmbedder`` whose model is
loaded on the first text the cache has not seen, so an unchanged re-ingest loads no model. The
backend (``settings.embed_backend``): ``onnx-int8`` (default, fastest), ``onnx`` (fp32) or
``torch``; the ONNX ones (agent/embed/onnx.py) never import torch once their file is built.
Cache keys and collections are named by ``Embedder.name``: fp32 ONNX equals torch (cosine >
0.9999) and shares its name and cache; int8 vectors differ (cosine ~0.99) and get their own.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from agent.embed.bundle import (
    BATCH_SIZE,
    MODEL_DIM,
    MODEL_NAME,
    bundled_model_path,
    offline_env,
)
from agent.embed.cache import CachedEmbedder, EmbeddingCache
from agent.errors import InputError
from agent.protocols import Embedder
from agent.settings import Settings

if TYPE_CHECKING:
    import numpy as np

# onnx: fp32 onnxruntime, same vectors (and cache keys) as torch; onnx-int8: int8 weights, own keys
BACKENDS = ("onnx-int8", "onnx", "torch")


class SentenceTransformerEmbedder:
    """The bundled MiniLM through sentence-transformers on CPU; loads on first ``encode``."""

    name = MODEL_NAME

    def __init__(self, model_path: Path | None = None, batch_size: int = BATCH_SIZE) -> None:
        self.model_path = model_path
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return MODEL_DIM

    def _load(self):  # noqa: ANN202 - SentenceTransformer imported lazily
        with self._lock:
            if self._model is None:
                offline_env()
                from sentence_transformers import SentenceTransformer

                path = self.model_path or bundled_model_path()
                self._model = SentenceTransformer(str(path), device="cpu")
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` (float32, L2-normalised rows)."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._load().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


_MODELS: dict[str, Embedder] = {}
_MODELS_LOCK = threading.Lock()


def bundled_embedder() -> SentenceTransformerEmbedder:
    """The process-wide bundled model on torch (loaded on its first ``encode``)."""
    with _MODELS_LOCK:
        return _MODELS.setdefault("torch", SentenceTransformerEmbedder())  # type: ignore[return-value]


def models_dir_of(settings: Settings) -> Path:
    """Where converted models are cached: ``models_dir``, else ``<data_dir>/models``."""
    return settings.models_dir or settings.data_dir / "models"


def embedder_for(backend: str, settings: Settings | None = None) -> Embedder:
    """The process-wide bundled model on ``backend`` (one of ``BACKENDS``), loaded lazily.

    ONNX backends keep their exported file in ``<data_dir>/models`` of the first settings seen;
    the file depends only on the bundled model, so one in-memory session serves every data dir.
    """
    if backend not in BACKENDS:
        raise InputError(
            "PROFILE_AGENT_EMBED_BACKEND",
            f"unknown embedding backend {backend!r}",
            f"use one of {', '.join(BACKENDS)}",
        )
    if backend == "torch":
        return bundled_embedder()
    from agent.embed.onnx import OnnxEmbedder

    models_dir = models_dir_of(settings or Settings())
    with _MODELS_LOCK:
        if backend not in _MODELS:
            _MODELS[backend] = OnnxEmbedder(models_dir, int8=backend == "onnx-int8")
        return _MODELS[backend]


def get_embedder(settings: Settings) -> CachedEmbedder:
    """A cached embedder over ``settings.embed_backend``, caching at ``settings.cache_db``."""
    return CachedEmbedder(
        embedder_for(settings.embed_backend, settings), EmbeddingCache(settings.cache_db)
    )


def analysis_embedder(settings: Settings) -> CachedEmbedder:
    """Full-precision vectors for themes and support scores (writers, ``themes``).

    int8 serves retrieval with no loss on the retrieval eval, but its small errors move papers
    across the clustering threshold (on the sample it merged three themes into one), so
    analysis runs on fp32 ONNX, whose vectors equal torch's (cosine 1.000).
    """
    backend = "onnx" if settings.embed_backend == "onnx-int8" else settings.embed_backend
    return CachedEmbedder(embedder_for(backend, settings), EmbeddingCache(settings.cache_db))
