"""Eval results for people and CI: the Markdown summary, the baseline file, the regression gate."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from agent.errors import InputError
from agent.evals.results import RunReport

DEFAULT_TOLERANCE = {
    "extraction": 0.0,
    "retrieval": 0.03,
    "qa": 0.04,
    "writing": 0.05,
    "injection": 0.02,
    "claims": 0.06,  # one claim of a half
    "themes": 0.05,  # one paper moving between themes
}
_EPSILON = 1e-9


class BaselineMetric(BaseModel):
    """A metric's committed value and how far a run may fall below it before CI fails."""

    value: float
    tolerance: float = Field(ge=0)


class Baseline(BaseModel):
    """``evals/baseline.json``: per metric value and tolerance, for one backend."""

    backend: str
    model: str | None = None
    created: datetime = Field(default_factory=lambda: datetime.now(UTC))
    repeat: int = 1
    metrics: dict[str, BaselineMetric]


class Comparison(BaseModel):
    """One metric of a run against the baseline."""

    name: str
    current: float | None
    baseline: float
    tolerance: float
    status: Literal["ok", "improved", "regressed", "missing"]

    @property
    def delta(self) -> float | None:
        return None if self.current is None else round(self.current - self.baseline, 4)


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; a missing or malformed one is an input error."""
    try:
        return Baseline.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise InputError(str(path), "no such baseline", "make one with --save-baseline") from None
    except (json.JSONDecodeError, ValidationError) as err:
        raise InputError(
            str(path),
            f"not a baseline file: {str(err).splitlines()[0]}",
            "regenerate it with --save-baseline",
        ) from None


def compare(report: RunReport, baseline: Baseline) -> list[Comparison]:
    """Compare every baseline metric of the suites this run covered (skipped suites included:
    a metric that vanished is a regression, reported as missing)."""
    if baseline.backend != report.backend:
        raise InputError(
            "--compare",
            f"baseline is for backend {baseline.backend!r}, this run used {report.backend!r}",
            f"run with --backend {baseline.backend}",
        )
    covered = {s.suite for s in report.suites}
    return [
        _compare_one(name, report, entry)
        for name, entry in sorted(baseline.metrics.items())
        if name.split(".", 1)[0] in covered
    ]


def _compare_one(name: str, report: RunReport, entry: BaselineMetric) -> Comparison:
    found = report.metrics.get(name)
    current = None if found is None else found.mean
    if current is None:
        status = "missing"
    elif current < entry.value - entry.tolerance - _EPSILON:
        status = "regressed"
    else:
        status = "improved" if current > entry.value + _EPSILON else "ok"
    return Comparison(
        name=name, current=current, baseline=entry.value, tolerance=entry.tolerance, status=status
    )


def failures(comparisons: list[Comparison]) -> list[Comparison]:
    """The comparisons that fail the gate: regressed or missing metrics."""
    return [c for c in comparisons if c.status in ("regressed", "missing")]


def make_baseline(report: RunReport, previous: Baseline | None = None) -> Baseline:
    """A baseline from this run; tolerances are kept from ``previous`` when it has the metric,
    else the suite default widened to twice the run-to-run stdev."""
    kept = previous.metrics if previous else {}
    metrics = {}
    for name, result in sorted(report.metrics.items()):
        default = max(DEFAULT_TOLERANCE.get(name.split(".", 1)[0], 0.02), 2 * result.stdev)
        tolerance = kept[name].tolerance if name in kept else round(default, 4)
        metrics[name] = BaselineMetric(value=result.mean, tolerance=tolerance)
    return Baseline(
        backend=report.backend, model=report.model, repeat=report.repeat, metrics=metrics
    )


def save_baseline(baseline: Baseline, path: Path) -> None:
    """Write the baseline as indented JSON (stable key order, for readable diffs)."""
    data = baseline.model_dump(mode="json")
    Path(path).write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def markdown(report: RunReport, comparisons: list[Comparison] | None = None) -> str:
    """The summary: one table row per metric, then skipped suites, flaky and errored cases."""
    against = {c.name: c for c in comparisons or []}
    lines = [
        f"## profile-agent eval: backend {report.backend}"
        f"{f' ({report.model})' if report.model else ''}, {report.repeat} run(s) per case, "
        f"{report.seconds:.1f} s",
        "",
        "| metric | mean | min | max | stdev | cases | baseline | tolerance | delta | status "
        "| judged by |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in sorted({*report.metrics, *against}):
        lines.append(_row(report, name, against.get(name)))
    return "\n".join(lines + [""] + _notes(report)) + "\n"


def _row(report: RunReport, name: str, comparison: Comparison | None) -> str:
    m = report.metrics.get(name)
    cells = [name] + (
        ["-"] * 5
        if m is None
        else [f"{m.mean:.3f}", f"{m.min:.3f}", f"{m.max:.3f}", f"{m.stdev:.3f}", str(m.cases)]
    )
    if comparison is None:
        cells += ["-", "-", "-", "measured"]
    else:
        delta = "-" if comparison.delta is None else f"{comparison.delta:+.3f}"
        cells += [
            f"{comparison.baseline:.3f}",
            f"{comparison.tolerance:.3f}",
            delta,
            comparison.status.upper()
            if comparison in failures([comparison])
            else comparison.status,
        ]
    cells.append(m.judge if m is not None and m.judge else "-")
    return "| " + " | ".join(cells) + " |"


def _notes(report: RunReport) -> list[str]:
    notes = [
        f"- suite {s.suite}: {s.status}, {s.cases} cases"
        + (f", {s.errors} with errors" if s.errors else "")
        + (f" ({s.reason})" if s.reason else "")
        for s in report.suites
    ]
    notes.append("- flaky cases (runs disagree): " + (", ".join(report.flaky) or "none"))
    if report.errored:
        notes.append("- cases that raised: " + ", ".join(report.errored))
    return notes
