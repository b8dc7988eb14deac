"""Run eval suites through the real flow: every case N times, scored, summarised, saved."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

from agent.errors import InputError
from agent.evals.context import BACKENDS, EvalContext, repo_root, workspace_settings
from agent.evals.metrics import is_flaky, mean_of, summarize
from agent.evals.results import CaseResult, CaseRun, MetricResult, RunReport, SuiteStatus
from agent.evals.suites import Case, default_suites_dir, load_suite, resolve_suites
from agent.settings import Settings

RUNNERS = {
    "extraction": "agent.evals.extraction",
    "retrieval": "agent.evals.retrieval",
    "qa": "agent.evals.qa",
    "questions": "agent.evals.questions",
    "writing": "agent.evals.writing",
    "injection": "agent.evals.injection",
    "claims": "agent.evals.claims",
    "themes": "agent.evals.themes",
}
Progress = Callable[[str], None]


def run_evals(
    settings: Settings,
    suites: Sequence[str] = (),
    backend: str = "extractive",
    repeat: int = 1,
    suites_dir: Path | None = None,
    llm_judge: bool = False,
    progress: Progress | None = None,
) -> RunReport:
    """Run the named suites (all when none) on ``backend``, each case ``repeat`` times."""
    _check_options(backend, repeat)
    suites_dir = suites_dir or default_suites_dir()
    names = resolve_suites(list(suites), suites_dir)
    ctx = EvalContext(
        workspace_settings(settings, backend), backend, repo_root(suites_dir), llm_judge=llm_judge
    )
    started = time.perf_counter()
    report = RunReport(backend=backend, repeat=repeat)
    try:
        for name in names:
            _run_suite(name, load_suite(name, suites_dir), ctx, report, progress)
        report.model = ctx.model_name()
    finally:
        ctx.close()
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _check_options(backend: str, repeat: int) -> None:
    if backend not in BACKENDS:
        raise InputError(
            "--backend", f"unknown backend {backend!r}", f"use one of {', '.join(BACKENDS)}"
        )
    if repeat < 1:
        raise InputError("--repeat", f"must be at least 1, got {repeat}", "use --repeat 3")


def _run_suite(
    name: str, cases: list[Case], ctx: EvalContext, report: RunReport, progress: Progress | None
) -> None:
    runner, reason = suite_runner(name)
    if runner is None:
        report.suites.append(
            SuiteStatus(suite=name, status="skipped", reason=reason, cases=len(cases))
        )
        _say(progress, f"{name}: skipped ({reason})")
        return
    _say(progress, f"{name}: {len(cases)} cases x {report.repeat}")
    results = [run_case(runner, case, ctx, report.repeat) for case in cases]
    report.cases.extend(results)
    measured = {m for r in results for m in r.scores}
    metrics = [*runner.METRICS, *sorted(measured - set(runner.METRICS))]
    found = aggregate(name, results, metrics, report.repeat)
    for metric in found.values():
        metric.judge = judged_by(runner, metric.name.split(".", 1)[1], ctx)
    report.metrics.update(found)
    errors = sum(1 for r in results if any(run.error for run in r.runs))
    report.suites.append(SuiteStatus(suite=name, status="ok", cases=len(cases), errors=errors))


def judged_by(runner: ModuleType, metric: str, ctx: EvalContext) -> str:
    """Who scored ``metric``: the suite's ``JUDGED_BY`` entry (``{llm_judge}`` is the run's LLM
    judge; a per-case metric ``name:case`` goes by ``name``), else the expected values its cases
    state."""
    judged = getattr(runner, "JUDGED_BY", {})
    label = judged.get(metric) or judged.get(metric.split(":")[0], "the cases' expected values")
    if "{llm_judge}" in label:
        from agent.llm.judge import judge_label

        label = label.replace("{llm_judge}", judge_label(ctx.settings))
    return label


def _say(progress: Progress | None, line: str) -> None:
    if progress is not None:
        progress(line)


def suite_runner(name: str) -> tuple[ModuleType | None, str | None]:
    """The runner module of a suite, or None and why (a module it needs has not landed)."""
    if name not in RUNNERS:
        return None, f"no runner for suite {name!r}"
    runner = importlib.import_module(RUNNERS[name])
    for spec in runner.REQUIRES:
        missing = _missing(spec)
        if missing:
            return None, f"module not available: {missing}"
    return runner, None


def _missing(spec: str) -> str | None:
    module, _, attr = spec.partition(":")
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as err:
        if err.name and module.startswith(err.name):
            return module
        raise
    return f"{module}.{attr}" if attr and not hasattr(loaded, attr) else None


def run_case(runner: ModuleType, case: Case, ctx: EvalContext, repeat: int) -> CaseResult:
    """Run one case ``repeat`` times; a run that raises scores 0 on every suite metric."""
    runs = [_run_once(runner, case, ctx) for _ in range(repeat)]
    metrics = sorted({name for run in runs for name in run.scores})
    return CaseResult(
        suite=case.suite,
        id=case.id,
        tags=case.tags,
        backend=ctx.backend,
        model=ctx.model_name(),
        runs=runs,
        scores={m: mean_of(run.scores.get(m) for run in runs) for m in metrics},
        flaky=is_flaky([run.scores for run in runs]),
    )


def _run_once(runner: ModuleType, case: Case, ctx: EvalContext) -> CaseRun:
    started = time.perf_counter()
    try:
        outcome = runner.run_case(case, ctx)
    except Exception as err:  # a crash is a scored failure, reported with the case
        seconds = round(time.perf_counter() - started, 4)
        return CaseRun(
            scores=dict.fromkeys(runner.METRICS, 0.0),
            seconds=seconds,
            error=f"{type(err).__name__}: {err}",
        )
    seconds = round(time.perf_counter() - started, 4)
    return CaseRun(output=outcome.output, scores=outcome.scores, seconds=seconds)


def aggregate(
    suite: str, results: Sequence[CaseResult], metrics: Sequence[str], repeat: int
) -> dict[str, MetricResult]:
    """Each suite metric: the mean over applicable cases in each run, summarised over runs."""
    found: dict[str, MetricResult] = {}
    for metric in metrics:
        per_run = [mean_of(c.runs[r].scores.get(metric) for c in results) for r in range(repeat)]
        spread = summarize([v for v in per_run if v is not None])
        if spread is None:
            continue
        cases = sum(1 for c in results if c.scores.get(metric) is not None)
        found[f"{suite}.{metric}"] = MetricResult(
            name=f"{suite}.{metric}",
            mean=round(spread.mean, 4),
            min=round(spread.min, 4),
            max=round(spread.max, 4),
            stdev=round(spread.stdev, 4),
            runs=spread.n,
            cases=cases,
        )
    return found


def save_report(report: RunReport, settings: Settings) -> Path:
    """Write the JSON report to ``<data_dir>/evals/<UTC timestamp>.json``; return its path."""
    folder = settings.data_dir / "evals"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path, n = folder / f"{stamp}.json", 1
    while path.exists():
        n += 1
        path = folder / f"{stamp}-{n}.json"
    path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    return path
