"""The profile-agent command line: a thin typer shell over library calls."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from agent.errors import ProfileAgentError

app = typer.Typer(
    name="profile-agent",
    help="Turn a researcher's raw profile into validated data, cited answers and grounded drafts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain click help: --help in about half the time (no rich import)
)


@app.callback()
def global_options(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(help="Data dir (env PROFILE_AGENT_DATA_DIR; default: the XDG data dir)."),
    ] = None,
    chroma_url: Annotated[
        str | None,
        typer.Option(
            help="Chroma server URL instead of the embedded store (env PROFILE_AGENT_CHROMA_URL)."
        ),
    ] = None,
    llm_base_url: Annotated[
        str | None,
        typer.Option(
            help="OpenAI-compatible endpoint (env OPENAI_BASE_URL); "
            "default: the embedded llama.cpp server."
        ),
    ] = None,
    model: Annotated[str | None, typer.Option(help="Model name (env PROFILE_AGENT_MODEL).")] = None,
    no_llm: Annotated[
        bool, typer.Option("--no-llm", help="Use the grounded path alone, no LLM.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(help="Date (YYYY-MM-DD) that year-less dates like 'May 24' are read against."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """Global options; each also reads its environment variable."""
    from agent.settings import Settings, get_settings

    as_of_date = _parse_as_of(as_of) if as_of else None
    ctx.obj = get_settings(
        Settings(),
        data_dir=data_dir,
        chroma_url=chroma_url,
        llm_base_url=llm_base_url,
        model=model,
        no_llm=no_llm or None,
        as_of=as_of_date,
        debug=debug or None,
    )


def _parse_as_of(text: str) -> date:
    from agent.errors import InputError

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError("--as-of", f"not a date: {text!r}", "use YYYY-MM-DD") from None


def _register_commands() -> None:
    from agent import cli_ask, cli_eval, cli_profiles

    cli_profiles.register(app)
    cli_eval.register(app)
    cli_ask.register(app)
    from agent import cli_write

    cli_write.register(app)
    from agent import cli_verify

    cli_verify.register(app)
    from agent import cli_llm

    cli_llm.register(app)


_register_commands()


def main() -> None:
    """Console-script entry point: map project errors to one line and an exit code."""
    debug = "--debug" in sys.argv
    try:
        app(prog_name="profile-agent")
    except ProfileAgentError as err:
        if debug:
            raise
        from agent.cli_common import safe

        sys.stderr.write(f"profile-agent: error: {safe(str(err))}\n")
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("profile-agent: interrupted\n")
        sys.exit(130)
