"""Peak memory of ``profile-agent ingest`` on synthetic profile pages of growing size.

Each size gets a fresh data dir: a 1-paper ingest first (the cold start: an ONNX backend exports
its model there), then the measured ingest of N papers (empty cache for them); the peak RSS is the
child's ``ru_maxrss`` from ``os.wait4``. Abstracts are short (two sentences) so 3000 papers embed
in about a minute or two on 2 cores; the point is how memory grows with the paper count.

Run: .venv/bin/python bench/memory_bench.py [--sizes 300,3000] [--backend onnx-int8]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).parent / "profile-agent"
CATEGORIES = ("LG", "CV", "CL", "NA", "ML", "stat.ML", "DM", "IT")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TOPICS = ("sparse recovery", "graph learning", "image denoising", "phase retrieval", "tensors")
METHODS = ("convex relaxation", "message passing", "diffusion priors", "random features")


def synthetic_profile_text(papers: int, name: str = "Synthetic Researcher") -> str:
    """A profile page (the scraped layout) with ``papers`` distinct papers and short abstracts."""
    header = f"{name}\n\nLG\nh-index12\n{papers}papers\n345citations\nNovelty50%\nAI Score60\n\n"
    blocks = [_paper_block(i) for i in range(papers)]
    return header + f"{papers} Papers\n\n" + "".join(blocks)


def _paper_block(i: int) -> str:
    category = CATEGORIES[i % len(CATEGORIES)]
    date = f"{MONTHS[i % 12]} {1 + i % 28}, {2000 + i % 25}"
    topic, method = TOPICS[i % len(TOPICS)], METHODS[(i // len(TOPICS)) % len(METHODS)]
    title = f"Study {i} of {topic} with {method}"
    authors = f"Synthetic Researcher, Coauthor {i % 97}, Colleague {i % 13}"
    abstract = (
        f"We study {topic} number {i} using {method}. "
        f"Experiments on dataset {i % 50} improve accuracy by {i % 17} points."
    )
    return f"{category}{date}\n{title}\n\n{authors}\n\n{abstract}\n\n"


def ingest_peak_rss(
    path: Path, data_dir: Path, backend: str | None = None
) -> tuple[int, float, str]:
    """(peak RSS in bytes, seconds, stdout) of one ``profile-agent ingest --json`` process."""
    env = {**os.environ, "PROFILE_AGENT_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
    if backend:
        env["PROFILE_AGENT_EMBED_BACKEND"] = backend
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(CLI), "ingest", str(path), "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, err = process.stdout.read(), process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"ingest exited {process.returncode}: {err.decode(errors='replace')}")
    return usage.ru_maxrss * 1024, seconds, out.decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,3000", help="Paper counts, comma separated.")
    parser.add_argument("--backend", default=None, help="Embedding backend (default: settings).")
    args = parser.parse_args()
    print("| backend | papers | peak RSS (MiB) | seconds |\n|---|---:|---:|---:|")
    backend = args.backend or "default"
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            first = Path(tmp) / "one.profile.txt"
            first.write_text(synthetic_profile_text(1, name="Warm Up"), encoding="utf-8")
            cold, cold_s, _ = ingest_peak_rss(first, data, args.backend)
            print(f"| {backend} | 1 (cold start) | {cold / 2**20:.0f} | {cold_s:.1f} |", flush=True)
            path = Path(tmp) / f"synthetic-{size}.profile.txt"
            path.write_text(synthetic_profile_text(size), encoding="utf-8")
            peak, seconds, _ = ingest_peak_rss(path, data, args.backend)
        print(f"| {backend} | {size} | {peak / 2**20:.0f} | {seconds:.1f} |", flush=True)


if __name__ == "__main__":
    main()
