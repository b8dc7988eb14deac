"""The benchmark: every performance figure of the project in one table (figure, value, target).

Sections, in order: ingest vs raw embedding and re-ingest; cold start of one-shot commands;
embedding backends (throughput, recall@5 on the retrieval eval); dense query p95 at 1k/10k/100k
abstracts, embedded and against `chroma run`; the verifier's throughput; the embedded LLM's start
and first tokens. Corpora
are built here: the sample profile is ingested into a temp dir, the synthetic stores are cached
under --cache-dir. A section that fails is reported as one FAIL row and the rest still run.

Run: .venv/bin/python bench/run.py [--quick] [--json out.json] [--cache-dir DIR] [--skip llm]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from cold_start import cold_start_rows
from common import BenchContext, Row, print_table, rows_json
from ingest_figures import backend_rows, ingest_rows
from latency import latency_rows
from llm_figures import llm_rows
from merge_bench import merge_rows
from routing_bench import routing_rows
from verify_bench import verify_rows

SECTIONS: dict[str, Callable[[BenchContext], list[Row]]] = {
    "ingest": ingest_rows,
    "cold-start": cold_start_rows,
    "backends": backend_rows,
    "latency": latency_rows,
    "verify": verify_rows,
    "merge": merge_rows,
    "routing": routing_rows,
    "llm": llm_rows,
}
NEEDS_SAMPLE = {"cold-start", "llm"}


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "profile-agent-bench"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1k/10k only, fewer runs (CI smoke)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    parser.add_argument("--cache-dir", type=Path, default=default_cache_dir())
    parser.add_argument(
        "--skip", action="append", default=[], choices=sorted(SECTIONS), help="leave out"
    )
    return parser.parse_args(argv)


def run_section(name: str, ctx: BenchContext) -> list[Row]:
    """The section's rows, or one FAIL row saying why it could not run."""
    if name in NEEDS_SAMPLE and ctx.sample_dir is None:
        return [Row(f"{name}: needs the ingest section", None, "", "runs", False, "skipped")]
    try:
        return SECTIONS[name](ctx)
    except Exception as err:  # noqa: BLE001 - one broken section must not hide the others
        traceback.print_exc(file=ctx.log)
        return [Row(f"{name}: section failed", None, "", "runs", False, type(err).__name__)]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    with tempfile.TemporaryDirectory(prefix="profile-agent-bench-") as tmp:
        ctx = BenchContext(args.quick, Path(tmp), args.cache_dir)
        rows = [row for name in SECTIONS if name not in args.skip for row in run_section(name, ctx)]
    print_table(rows, sys.stdout)
    if args.json:
        args.json.write_text(json.dumps(rows_json(rows), indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
