"""Embeddings cached by content hash in SQLite: an unchanged text is never embedded twice."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from agent.protocols import Embedder

CHUNK_SIZE = 64  # texts per progress step
_LOOKUP_CHUNK = 500  # SQLite host-parameter budget per query

Progress = Callable[[int, int], None]


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
