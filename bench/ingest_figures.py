"""Figures 1 and 3: ingest time against raw embedding time, re-ingest, and embedding backends.

Ingest runs the real ``agent.store.ingest.ingest_path`` on the sample into fresh data dirs, with the
default backend's model already loaded (so both sides exclude the model load) and imports warmed
by an ingest whose cache already holds every vector. Backends are compared on the sample's texts
(throughput, agreement with torch) and on the retrieval eval suite (recall@5).
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

from common import (
    AS_OF,
    RETRIEVAL_SUITE,
    SAMPLE,
    BenchContext,
    Row,
    at_most,
    backend_names,
    default_backend,
    load_backend,
    timed,
)

RECALL_K = 5
RECALL_DROP = 0.01
INGEST_PAIRS = 5
"""Raw encode + ingest pairs in a full run: on a shared machine the ratio is taken within each
pair (the same few seconds of load on both sides) and the median of the pairs reported."""


def sample_texts() -> list[str]:
    """Every distinct text an ingest of the sample embeds (papers and sentences)."""
    from agent.settings import Settings
    from agent.sources import load_profile
    from agent.store.vectors import profile_records

    records = profile_records(load_profile(SAMPLE, Settings(as_of=AS_OF)))
    return list(dict.fromkeys(r.text for kind in records.values() for r in kind))


def raw_encode(model: Any, texts: list[str]) -> Any:
    """The embedding work of an ingest, alone: longest texts first, in CachedEmbedder's chunks."""
    import numpy as np

    from agent.embed.cache import CHUNK_SIZE

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    vectors = np.zeros((len(texts), model.dim), dtype=np.float32)
    for start in range(0, len(order), CHUNK_SIZE):
        chunk = order[start : start + CHUNK_SIZE]
        vectors[chunk] = model.encode([texts[i] for i in chunk])
    return vectors


def _settings(data_dir: Path) -> Any:
    from agent.settings import Settings

    return Settings(data_dir=data_dir, as_of=AS_OF)


def _embedder(model: Any, data_dir: Path) -> Any:
    from agent.embed.cache import CachedEmbedder, EmbeddingCache

    return CachedEmbedder(model, EmbeddingCache(_settings(data_dir).cache_db))


def _prefilled(model: Any, data_dir: Path, texts: list[str], vectors: Any) -> Any:
    """A CachedEmbedder whose cache already holds ``vectors`` (so an ingest embeds nothing)."""
    from agent.embed.cache import cache_key

    embedder = _embedder(model, data_dir)
    embedder.cache.put_many(
        {
            cache_key(model.name, t): v.astype("float32").tobytes()
            for t, v in zip(texts, vectors, strict=True)
        }
    )
    return embedder


def _ingest(embedder: Any, data_dir: Path) -> float:
    from agent.store.ingest import ingest_path

    return timed(lambda: ingest_path(SAMPLE, _settings(data_dir), embedder=embedder))[0]


def ingest_rows(ctx: BenchContext) -> list[Row]:
    """Raw encode vs first ingest vs unchanged re-ingest, as medians of paired runs."""
    backend = default_backend()
    model = load_backend(backend, ctx)
    texts = sample_texts()
    ctx.say(f"ingest: {len(texts)} sample texts, backend {backend}")
    model.encode(texts[:8])
    seconds, vectors = timed(lambda: raw_encode(model, texts))
    ctx.encoded[backend] = (seconds, vectors)
    _ingest(_prefilled(model, ctx.work / "warm", texts, vectors), ctx.work / "warm")
    pairs = []
    for i in range(1 if ctx.quick else INGEST_PAIRS):
        encode = timed(lambda: raw_encode(model, texts))[0]
        data_dir = ctx.work / f"ingest{i}"
        embedder = _embedder(model, data_dir)
        pairs.append((encode, _ingest(embedder, data_dir), _ingest(embedder, data_dir)))
        ctx.sample_dir = data_dir
    ratio = statistics.median(first / encode for encode, first, _ in pairs)
    share = statistics.median(100 * again / first for _, first, again in pairs)
    return [
        Row(
            f"raw embedding of {len(texts)} sample texts ({backend})",
            statistics.median(p[0] for p in pairs),
            "s",
        ),
        Row(
            "first ingest of the sample (empty cache)", statistics.median(p[1] for p in pairs), "s"
        ),
        Row("ingest / raw embedding", ratio, "x", "<= 1.15x", at_most(ratio, 1.15)),
        Row("unchanged re-ingest / first ingest", share, "%", "<= 5%", at_most(share, 5.0)),
    ]


def backend_rows(ctx: BenchContext) -> list[Row]:
    """Throughput of each backend on the sample texts, agreement with torch, recall@5 drop."""
    texts = sample_texts()
    vectors: dict[str, Any] = {}
    recall: dict[str, float] = {}
    rows: list[Row] = []
    for name in backend_names():
        try:
            model = load_backend(name, ctx)
        except Exception as err:  # noqa: BLE001 - a backend this checkout lacks is reported
            rows.append(Row(f"embedding throughput {name}", None, "", note=_short(err)))
            continue
        ctx.say(f"backend {name}: throughput and recall@{RECALL_K}")
        if name not in ctx.encoded:
            model.encode(texts[:8])
            ctx.encoded[name] = timed(lambda m=model: raw_encode(m, texts))
        seconds, vectors[name] = ctx.encoded[name]
        rows.append(Row(f"embedding throughput {name}", len(texts) / seconds, "texts/s"))
        recall[name] = retrieval_recall(ctx, name, model, texts)
    return rows + _comparisons(vectors, recall, rows)


def _comparisons(vectors: dict[str, Any], recall: dict[str, float], rows: list[Row]) -> list[Row]:
    import numpy as np

    speed = {r.figure.rsplit(" ", 1)[-1]: r.value for r in rows if r.value}
    out = [Row(f"recall@{RECALL_K} retrieval eval, {n}", v, "") for n, v in recall.items()]
    for name in [n for n in vectors if n != "torch" and "torch" in vectors]:
        cosine = float(np.min(np.sum(vectors[name] * vectors["torch"], axis=1)))
        fp32 = name == "onnx"
        out.append(Row(f"min cosine {name} vs torch", cosine, "", ">= 0.999" if fp32 else "", None))
        if fp32:
            out[-1].passed = cosine >= 0.999
        out.append(Row(f"speed-up {name} vs torch fp32", speed[name] / speed["torch"], "x"))
        drop = recall["torch"] - recall[name]
        target = f"<= {RECALL_DROP}"
        out.append(Row(f"recall@{RECALL_K} drop {name} vs torch", drop, "", target, drop <= 0.01))
    return out


def retrieval_recall(ctx: BenchContext, name: str, model: Any, texts: list[str]) -> float:
    """Mean recall@5 of the retrieval suite with backend ``name`` (ingest + search)."""
    from agent.evals.metrics import recall_at_k
    from agent.store.retrieve import Retriever, SearchFilters

    if name == default_backend() and ctx.sample_dir is not None:
        data_dir, embedder = ctx.sample_dir, _embedder(model, ctx.sample_dir)
    else:  # a fresh store, its cache filled with the vectors timed above
        data_dir = ctx.work / f"recall-{name}"
        embedder = _prefilled(model, data_dir, texts, ctx.encoded[name][1])
    slug = _ingest_slug(embedder, data_dir)
    retriever = Retriever(_settings(data_dir), embedder=embedder)
    scores = []
    for case in _suite_cases():
        inputs = case["inputs"]
        filters = SearchFilters(**inputs["filters"]) if inputs.get("filters") else None
        hits = retriever.search_papers(slug, inputs["query"], k=10, filters=filters)
        scores.append(recall_at_k([h.paper_id for h in hits], case["expect"]["relevant"], RECALL_K))
    return statistics.mean(s for s in scores if s is not None)


def _ingest_slug(embedder: Any, data_dir: Path) -> str:
    from agent.store.ingest import ingest_path

    return ingest_path(SAMPLE, _settings(data_dir), embedder=embedder).slug


def _suite_cases() -> list[dict[str, Any]]:
    lines = RETRIEVAL_SUITE.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _short(err: Exception) -> str:
    return f"{type(err).__name__}: {err}"[:60]
