"""What every benchmark section shares: paths, timing helpers, the result row and the table.

A section is a function ``(BenchContext) -> list[Row]``; ``bench/run.py`` runs them in order and
prints one table. Embedding backends are looked up by name (``torch`` always; others through
``agent.embed.model.embedder_for`` when that exists), so new backends are measured without
edits here.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "samples" / "rongrong-wang.profile.txt"
SAMPLE_SLUG = "rongrong-wang"
RETRIEVAL_SUITE = ROOT / "evals" / "suites" / "retrieval.jsonl"
CLI = Path(sys.executable).parent / "profile-agent"
AS_OF = date(2026, 11, 28)  # the evals' reference date for the sample's year-less dates
BACKENDS = ("torch", "onnx", "onnx-int8")


@dataclass
class Row:
    """One figure: its value (None when it could not be measured), target and verdict."""

    figure: str
    value: float | None
    unit: str
    target: str = ""
    passed: bool | None = None  # None: informational, or not measured
    note: str = ""

    def shown_value(self) -> str:
        if self.value is None:
            return f"n/a ({self.note})" if self.note else "n/a"
        digits = 3 if abs(self.value) < 10 else 1
        if float(self.value).is_integer() and abs(self.value) >= 10:
            digits = 0
        return f"{self.value:.{digits}f} {self.unit}".strip()

    def verdict(self) -> str:
        if self.passed is None:
            return "-" if self.value is not None or not self.target else "skip"
        return "pass" if self.passed else "FAIL"


@dataclass
class BenchContext:
    """Options of the run plus what one section leaves for the next (the ingested sample)."""

    quick: bool
    work: Path
    cache_dir: Path
    sample_dir: Path | None = None
    encoded: dict[str, tuple[float, Any]] = field(default_factory=dict)  # backend -> (s, vectors)
    log: TextIO = sys.stderr

    @property
    def models_home(self) -> Path:
        """A data dir whose ``models/`` keeps exported embedding models between runs."""
        return self.cache_dir / "embedding-models"

    def say(self, text: str) -> None:
        """Progress on stderr (the table goes to stdout)."""
        self.log.write(f"[bench] {text}\n")
        self.log.flush()


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


class EncodeTimer:
    """An embedder that adds up the seconds its ``encode`` calls take (the rest of an ingest is
    what the ingest costs beyond embedding, measured within one run, free of the drift between
    two 80-second encodes)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def encode(self, texts: list[str], progress: Any = None) -> Any:
        start = time.perf_counter()
        try:
            return self.inner.encode(texts, progress)
        finally:
            self.seconds += time.perf_counter() - start


def median_time(run: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``repeat`` calls."""
    return statistics.median(timed(run)[0] for _ in range(max(repeat, 1)))


def percentile(samples: list[float], q: float) -> float:
    """The nearest-rank ``q`` percentile (0-100) of ``samples``."""
    ordered = sorted(samples)
    rank = max(math.ceil(q / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def below(value: float | None, limit: float) -> bool | None:
    return None if value is None else value < limit


def default_backend() -> str:
    """The embedding backend ingest and search use by default (torch until another lands)."""
    from agent.settings import Settings

    return str(getattr(Settings(), "embed_backend", "torch"))


def backend_names() -> list[str]:
    """Backends this checkout can name: torch, plus the others once ``embedder_for`` exists."""
    import agent.embed.model

    return list(BACKENDS) if hasattr(agent.embed.model, "embedder_for") else ["torch"]


def load_backend(name: str, ctx: BenchContext) -> Any:
    """The embedding model of backend ``name`` (raises when this checkout cannot build it).

    Exported models (ONNX) are kept under the bench cache dir, so they are built once.
    """
    import agent.embed.model
    from agent.settings import Settings

    make = getattr(agent.embed.model, "embedder_for", None)
    if make is not None:
        return make(name, Settings(data_dir=ctx.models_home))
    if name != "torch":
        raise LookupError(f"no embedding backend {name!r} in this checkout")
    return agent.embed.model.bundled_embedder()


def print_table(rows: list[Row], out: TextIO) -> None:
    """The one table: figure, value, target, pass/fail."""
    cells = [(r.figure, r.shown_value(), r.target, r.verdict()) for r in rows]
    head = ("figure", "value", "target", "result")
    widths = [max(len(c[i]) for c in [head, *cells]) for i in range(4)]
    line = "| " + " | ".join(f"{{:<{w}}}" for w in widths) + " |\n"
    out.write(line.format(*head))
    out.write("|" + "|".join("-" * (w + 2) for w in widths) + "|\n")
    for cell in cells:
        out.write(line.format(*cell))


def rows_json(rows: list[Row]) -> list[dict[str, Any]]:
    return [asdict(r) | {"result": r.verdict()} for r in rows]
