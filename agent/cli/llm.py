"""CLI: ``profile-agent llm status``: the LLM endpoint and model in use, and do they answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from agent.cli.common import console, print_json, safe, settings_of

if TYPE_CHECKING:
    from agent.llm.status import LLMStatus

llm_app = typer.Typer(
    help="The LLM: the embedded llama.cpp server or a configured endpoint.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@llm_app.command("status")
def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Endpoint, model, whether they answer (a 1-token completion), latency; exit 3 if not."""
    from agent.llm.status import llm_status

    report = llm_status(settings_of(ctx))
    if as_json:
        print_json(report)
    else:
        _print_status(report)
    if report.error and not settings_of(ctx).no_llm:
        raise typer.Exit(3)


def _print_status(report: LLMStatus) -> None:
    kind = "embedded llama.cpp server" if report.embedded else "configured endpoint"
    lines = [f"endpoint: {safe(report.endpoint)} ({kind})", f"model: {safe(report.model) or '-'}"]
    if report.model_path:
        lines.append(f"model file: {safe(report.model_path)}")
    if report.server_start_s is not None:
        lines.append(f"server start: {report.server_start_s:.2f} s")
    if report.answers:
        lines.append(f"answers: yes ({report.latency_s:.2f} s for 1 token)")
    else:
        lines.append(f"answers: no ({safe(report.error)})")
    out = console()
    for line in lines:
        out.print(line, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add the ``llm`` sub-app."""
    app.add_typer(llm_app, name="llm")
