"""Smoke test of the benchmark: `bench/run.py --quick` prints its table, every figure measured.

No timing is asserted (timing belongs in the table); only that each section ran and produced
its rows, and that the run exits 0.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from data_paths import REPO

ROOT = REPO
FIGURES = (
    "ingest / raw embedding",
    "unchanged re-ingest / first ingest",
    "cold start: profile-agent --help",
    "cold start: one-shot search",
    "cold start: one-shot ask --no-llm",
    "embedding throughput torch",
    "recall@5 retrieval eval, torch",
    "p95 dense query 1k, collection per profile, year as id list, embedded",
    "p95 dense query 10k, collection per profile, year as id list, server",
    "p95 dense query 10k, one collection, profile+year where, server",
    "embedded LLM server start",
    "ask (llm): first streamed token from the call",
    "bio (llm): first token from the call",
)


@pytest.mark.slow
@pytest.mark.llm
@pytest.mark.timeout(1200)
def test_quick_benchmark_prints_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--json", str(out)]
    done = subprocess.run(
        [*command, "--cache-dir", str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    table = done.stdout
    assert table.startswith("| figure ")
    for figure in FIGURES:
        assert f"| {figure} " in table, f"missing row {figure!r}\n{table}"
    rows = json.loads(out.read_text(encoding="utf-8"))
    failed = [r["figure"] for r in rows if r["figure"].endswith("section failed")]
    assert failed == [], done.stderr[-2000:]
    measured = {r["figure"]: r["value"] for r in rows}
    assert all(measured[f] is not None for f in FIGURES if f in measured)
