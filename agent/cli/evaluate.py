"""CLI command: eval (regression suites, a summary table, and a CI gate against the baseline)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from agent.cli.common import (
    JudgeModelOption,
    JudgeUrlOption,
    console,
    print_json,
    safe,
    settings_of,
    with_judge,
)

if TYPE_CHECKING:
    from agent.evals.report import Comparison
    from agent.evals.results import RunReport


def register(app: typer.Typer) -> None:
    """Add the ``eval`` command to the app."""
    app.command("eval")(eval_command)


def eval_command(
    ctx: typer.Context,
    suites: Annotated[
        list[str] | None,
        typer.Argument(
            help="Suites to run (default: all): extraction retrieval qa questions writing "
            "injection claims themes."
        ),
    ] = None,
    backend: Annotated[str, typer.Option(help="extractive (no LLM) or llm.")] = "extractive",
    repeat: Annotated[int, typer.Option(help="Runs per case; reports spread, flaky cases.")] = 1,
    compare: Annotated[
        Path | None,
        typer.Option(help="Baseline JSON; exit 1 when a metric drops by more than its tolerance."),
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="Also write the Markdown summary here.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the JSON report.")] = False,
    save_baseline: Annotated[
        Path | None,
        typer.Option(
            help="Write this run's metrics as a baseline (keeping that file's tolerances)."
        ),
    ] = None,
    suites_dir: Annotated[Path | None, typer.Option(help="Where the suite files are.")] = None,
    llm_judge: Annotated[
        bool,
        typer.Option("--llm-judge", help="Also judge citation support with the configured LLM."),
    ] = False,
    judge_url: JudgeUrlOption = None,
    judge_model: JudgeModelOption = None,
) -> None:
    """Run the eval suites, print a table, save a JSON report; exit 1 on regressions or crashes."""
    from agent.evals import report as reporting
    from agent.evals.run import run_evals, save_report

    settings = with_judge(settings_of(ctx), judge_url, judge_model)
    llm_judge = llm_judge or bool(settings.judge_base_url)
    baseline = reporting.load_baseline(compare) if compare else None
    err = console(stderr=True)
    result = run_evals(
        settings,
        suites or [],
        backend=backend,
        repeat=repeat,
        suites_dir=suites_dir,
        llm_judge=llm_judge,
        progress=err.print,
    )
    comparisons = reporting.compare(result, baseline) if baseline else None
    saved = save_report(result, settings)
    summary = reporting.markdown(result, comparisons)
    _write_outputs(result, comparisons, summary, json_out, report)
    if save_baseline:
        old = reporting.load_baseline(save_baseline) if save_baseline.exists() else None
        reporting.save_baseline(reporting.make_baseline(result, old), save_baseline)
    err.print(f"report: {saved}")
    failed = reporting.failures(comparisons or [])
    if failed or result.errored:
        raise typer.Exit(1)


def _write_outputs(
    result: RunReport,
    comparisons: list[Comparison] | None,
    summary: str,
    json_out: bool,
    path: Path | None,
) -> None:
    if path:
        path.write_text(summary, encoding="utf-8")
    if json_out:
        data = result.model_dump(mode="json")
        data["comparisons"] = [
            c.model_dump(mode="json") | {"delta": c.delta} for c in comparisons or []
        ]
        print_json(data)
    else:
        sys.stdout.write(safe(summary))
