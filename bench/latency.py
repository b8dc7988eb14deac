"""Figure 4: dense retrieval latency at 1k/10k/100k abstracts, embedded Chroma and `chroma run`.

The synthetic store uses the project's layout (``agent.store.vectors``: a collection per profile per
kind, so the profile filter is the collection itself) with profiles of PROFILE_SIZE abstracts,
random unit vectors (dim 384) and a year per abstract. Each query is the dense step of a filtered
search: ``VectorStore.nearest`` over one random profile with "since <year>" as an id allow-list,
the way ``Retriever`` asks it. Two alternatives are timed at the largest size for comparison: the
same filter as a metadata ``where``, and one shared collection filtered by profile and year.

Each store is built once and cached under the bench cache dir. Embedded queries run in a child
process (``python bench/latency.py --child SIZE``) so the server can then open the same files.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from common import BenchContext, Row, at_most, percentile, timed

PROFILE_SIZE = 1000
FIRST_YEAR, LAST_YEAR = 1996, 2025
STORE_VERSION = 1
EMBEDDER = "bench-synthetic-384"
SHARED = "bench-shared-papers"
DIM = 384
BATCH = 1000
TARGET_MS = 20.0
STRATEGIES = ("ids", "where", "shared")
ALTERNATIVE_QUERIES = 40


def slug_of(index: int) -> str:
    return f"bench-{index // PROFILE_SIZE:04d}"


def years_of(size: int) -> Any:
    import numpy as np

    return np.random.default_rng(size).integers(FIRST_YEAR, LAST_YEAR + 1, size)


def store_dir(cache_dir: Path, size: int) -> Path:
    return cache_dir / f"store-v{STORE_VERSION}-{size}"


def _settings(data_dir: Path, url: str | None = None) -> Any:
    from agent.settings import Settings

    return Settings(data_dir=data_dir, chroma_url=url)


def build_store(data_dir: Path, size: int, log: Any) -> float:
    """Fill ``data_dir`` with ``size`` synthetic abstracts in both layouts; 0 s when cached."""
    marker = data_dir / "complete.json"
    if marker.exists():
        return 0.0
    shutil.rmtree(data_dir, ignore_errors=True)
    return timed(lambda: _fill(data_dir, size, log))[0]


def _fill(data_dir: Path, size: int, log: Any) -> None:
    import numpy as np

    from agent.store.vectors import VectorStore

    store = VectorStore(_settings(data_dir), EMBEDDER)
    shared = _shared(store)
    years, rng = years_of(size), np.random.default_rng(size + 1)
    for start in range(0, size, BATCH):
        stop = min(start + BATCH, size)
        vectors = rng.standard_normal((stop - start, DIM)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ids = [f"b{i:06d}" for i in range(start, stop)]
        metas = [
            {"profile": slug_of(i), "paper_id": f"b{i:06d}", "kind": "paper", "year": int(years[i])}
            for i in range(start, stop)
        ]
        own = store.collection(slug_of(start), "papers", create=True)
        own.add(ids=ids, embeddings=vectors, metadatas=metas)
        shared.add(ids=ids, embeddings=vectors, metadatas=metas)
        log.write(f"[bench] built {stop}/{size} synthetic abstracts\n")
        log.flush()
    (data_dir / "complete.json").write_text(json.dumps({"size": size}), encoding="utf-8")


def _shared(store: Any) -> Any:
    return store.client.get_or_create_collection(
        SHARED, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )


def _unit(rng: Any) -> Any:
    import numpy as np

    vector = rng.standard_normal(DIM).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _query(size: int, years: Any, profile: int, since: int, vector: Any) -> tuple:
    members = range(profile * PROFILE_SIZE, min((profile + 1) * PROFILE_SIZE, size))
    allowed = [f"b{i:06d}" for i in members if years[i] >= since]
    return slug_of(members[0]), since, vector, allowed


def query_plan(size: int, count: int) -> list[tuple]:
    """(profile slug, since-year, unit query vector, allowed ids) per query; the same every run."""
    import numpy as np

    years, rng = years_of(size), np.random.default_rng(7)
    profiles = math.ceil(size / PROFILE_SIZE)
    return [
        _query(size, years, int(rng.integers(profiles)), int(rng.integers(2000, 2021)), _unit(rng))
        for _ in range(count)
    ]


def warm_plan(size: int) -> list[tuple]:
    """One query per profile, so every collection is loaded before the timed queries."""
    import numpy as np

    years, rng = years_of(size), np.random.default_rng(11)
    profiles = math.ceil(size / PROFILE_SIZE)
    return [_query(size, years, p, 2010, _unit(rng)) for p in range(profiles)]


def _ask(store: Any, shared: Any, strategy: str, query: tuple) -> None:
    from agent.store.retrieve import MIN_CANDIDATES

    slug, since, vector, allowed = query
    n = min(max(MIN_CANDIDATES, PROFILE_SIZE // 10), len(allowed))
    if strategy == "ids":
        store.nearest(slug, "papers", vector, n, None, ids=allowed)
    elif strategy == "where":
        store.nearest(slug, "papers", vector, n, {"year": {"$gte": since}})
    else:
        where = {"$and": [{"profile": slug}, {"year": {"$gte": since}}]}
        shared.query(query_embeddings=[vector], n_results=n, where=where, include=["distances"])


def measure(settings: Any, size: int, count: int, strategies: list[str]) -> dict[str, list[float]]:
    """Milliseconds per query for each strategy (the slow alternatives on fewer queries), after
    one untimed query per profile and three per strategy."""
    from agent.store.vectors import VectorStore

    store = VectorStore(settings, EMBEDDER)
    shared = store.client.get_collection(SHARED, embedding_function=None)
    for query in warm_plan(size):
        _ask(store, shared, "ids", query)
    plan, found = query_plan(size, count), {}
    for strategy in strategies:
        for query in warm_plan(size)[:3]:
            _ask(store, shared, strategy, query)
        queries = plan if strategy == "ids" else plan[:ALTERNATIVE_QUERIES]
        found[strategy] = [
            1000 * timed(lambda q=q, s=strategy: _ask(store, shared, s, q))[0] for q in queries
        ]
    return found


def embedded_child(size: int, cache_dir: Path, count: int, strategies: list[str]) -> dict:
    """Build (or reuse) the store of ``size`` and time embedded queries: the child's JSON."""
    data_dir = store_dir(cache_dir, size)
    build_s = build_store(data_dir, size, sys.stderr)
    return {"build_s": build_s, "ms": measure(_settings(data_dir), size, count, strategies)}


def run_child(size: int, cache_dir: Path, count: int, strategies: list[str]) -> dict:
    """``embedded_child`` in a fresh process (its progress goes to our stderr)."""
    command = [sys.executable, __file__, "--child", str(size), "--cache-dir", str(cache_dir)]
    command += ["--queries", str(count), "--strategies", ",".join(strategies)]
    done = subprocess.run(command, stdout=subprocess.PIPE, check=True)
    return json.loads(done.stdout)


class ChromaServer:
    """``chroma run --path DIR`` on 127.0.0.1 and a free port, for a ``with`` block."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.process: subprocess.Popen | None = None
        self.url = ""

    def __enter__(self) -> ChromaServer:
        from agent.llm.server import free_port

        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        chroma = Path(sys.executable).parent / "chroma"
        command = [str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1"]
        self.process = subprocess.Popen(
            [*command, "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
        self._wait()
        return self

    def _wait(self, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"chroma server at {self.url} did not answer in {timeout_s:.0f}s")

    def __exit__(self, *_: object) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def latency_rows(ctx: BenchContext) -> list[Row]:
    """p95 per size, embedded and server; the alternatives at the largest size."""
    sizes = [1_000, 10_000] if ctx.quick else [1_000, 10_000, 100_000]
    count = 60 if ctx.quick else 300
    rows: list[Row] = []
    for size in sizes:
        strategies = list(STRATEGIES) if size == sizes[-1] else ["ids"]
        ctx.say(f"latency at {size:,} abstracts: building or reusing the store, embedded queries")
        child = run_child(size, ctx.cache_dir, count, strategies)
        if child["build_s"]:
            built = f"build synthetic store, {_k(size)} (then cached)"
            rows.append(Row(built, child["build_s"], "s"))
        ctx.say(f"latency at {size:,} abstracts: chroma run server")
        with ChromaServer(store_dir(ctx.cache_dir, size) / "chroma") as server:
            served = measure(_settings(ctx.work / "client", server.url), size, count, strategies)
        for strategy in strategies:
            rows += _rows(size, strategy, "embedded", child["ms"][strategy])
            rows += _rows(size, strategy, "server", served[strategy])
    return rows


def _rows(size: int, strategy: str, mode: str, ms: list[float]) -> list[Row]:
    p95 = percentile(ms, 95)
    label = {
        "ids": "collection per profile, year as id list",
        "where": "collection per profile, year as where",
        "shared": "one collection, profile+year where",
    }[strategy]
    figure = f"p95 dense query {_k(size)}, {label}, {mode}"
    if strategy != "ids":
        return [Row(figure, p95, "ms")]
    return [Row(figure, p95, "ms", f"<= {TARGET_MS:.0f} ms", at_most(p95, TARGET_MS))]


def _k(size: int) -> str:
    return f"{size // 1000}k"


def main() -> None:
    parser = argparse.ArgumentParser(description="child: build and time one embedded store")
    parser.add_argument("--child", type=int, required=True)
    parser.add_argument("--cache-dir", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--strategies", default="ids")
    args = parser.parse_args()
    found = embedded_child(args.child, args.cache_dir, args.queries, args.strategies.split(","))
    sys.stdout.write(json.dumps(found))


if __name__ == "__main__":
    main()
