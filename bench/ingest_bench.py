"""Ingest timings on the sample profile, printed as a table.

Rows: raw ``encode()`` of every text the sample indexes (model already loaded), a first ingest
into an empty data dir (empty embedding cache, same loaded model, imports warmed by a throwaway
ingest), an unchanged re-ingest, and ``profile-agent --help`` as a fresh process. Each is the
median of ``--repeat`` runs. Targets: ingest <= 1.15x encode, re-ingest <= 5% of first ingest.

Run: .venv/bin/python bench/ingest_bench.py [--repeat 3] [--batch-sizes 16,32,64]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "samples" / "rongrong-wang.profile.txt"


def median_time(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sample_texts() -> list[str]:
    """Every distinct text an ingest of the sample embeds (papers and sentences)."""
    from agent.settings import Settings
    from agent.sources import load_profile
    from agent.store.vectors import profile_records

    records = profile_records(load_profile(SAMPLE, Settings()))
    return list(dict.fromkeys(r.text for kind in records.values() for r in kind))


def fresh_ingest(model: object, tmp: Path, name: str) -> tuple[float, float]:
    """(first ingest seconds, unchanged re-ingest seconds) into a new data dir."""
    from agent.embed.cache import CachedEmbedder, EmbeddingCache
    from agent.settings import Settings
    from agent.store.ingest import ingest_path

    settings = Settings(data_dir=tmp / name)
    embedder = CachedEmbedder(model, EmbeddingCache(settings.cache_db))
    first = median_time(lambda: ingest_path(SAMPLE, settings, embedder=embedder), 1)
    again = median_time(lambda: ingest_path(SAMPLE, settings, embedder=embedder), 1)
    assert embedder.embedded_texts == len(sample_texts())
    return first, again


def help_time(repeat: int) -> float:
    command = [str(Path(sys.executable).parent / "profile-agent"), "--help"]
    return median_time(lambda: subprocess.run(command, capture_output=True, check=True), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-sizes", default="", help="also time encode() at these sizes")
    args = parser.parse_args()
    from agent.embed.model import bundled_embedder

    model = bundled_embedder()
    texts = sample_texts()
    model.encode(texts[:8])
    rows: list[tuple[str, float, str]] = []
    for size in [int(s) for s in args.batch_sizes.split(",") if s]:
        model.batch_size, default = size, model.batch_size
        rows.append(
            (f"encode() batch {size}", median_time(lambda: model.encode(texts), args.repeat), "")
        )
        model.batch_size = default
    encode = median_time(lambda: model.encode(texts), args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        fresh_ingest(model, Path(tmp), "warmup")
        runs = [fresh_ingest(model, Path(tmp), f"run{i}") for i in range(args.repeat)]
    first = statistics.median(r[0] for r in runs)
    again = statistics.median(r[1] for r in runs)
    rows += [
        (f"encode() of {len(texts)} texts", encode, ""),
        ("first ingest (empty cache)", first, f"{first / encode:.2f}x encode (target <= 1.15x)"),
        ("unchanged re-ingest", again, f"{100 * again / first:.1f}% of first (target <= 5%)"),
        ("profile-agent --help", help_time(args.repeat), "fresh process"),
    ]
    sys.stdout.write(f"{'what':<30}{'seconds':>9}  note\n")
    for what, seconds, note in rows:
        sys.stdout.write(f"{what:<30}{seconds:>9.3f}  {note}\n")


if __name__ == "__main__":
    main()
