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
    from agent.cli import ask, evaluate, llm, profiles, verify, write

    for group in (profiles, evaluate, ask, write, verify, llm):
        group.register(app)


_register_commands()


GLOBAL_OPTIONS = {
    "--no-llm": 0,
    "--debug": 0,
    "--data-dir": 1,
    "--chroma-url": 1,
    "--llm-base-url": 1,
    "--model": 1,
    "--as-of": 1,
}
"""The global options and how many values each takes (no command defines one of these names)."""


def hoist_global_options(args: list[str]) -> list[str]:
    """``args`` with global options typed after the command moved before it, so that
    ``ask SLUG "..." --no-llm`` means what ``--no-llm ask SLUG "..."`` does; nothing after a
    ``--`` moves."""
    command = _command_index(args)
    if command is None:
        return args
    head, rest, moved = args[: command + 1], args[command + 1 :], []
    kept: list[str] = []
    i = 0
    while i < len(rest):
        name = rest[i].split("=", 1)[0]
        if rest[i] == "--":
            kept += rest[i:]
            break
        if name in GLOBAL_OPTIONS:
            width = 0 if "=" in rest[i] else GLOBAL_OPTIONS[name]
            moved += rest[i : i + 1 + width]
            i += 1 + width
            continue
        kept.append(rest[i])
        i += 1
    return [*head[:command], *moved, head[command], *kept]


def _command_index(args: list[str]) -> int | None:
    """Where the command name is: the first token that is neither a global option nor its value."""
    i = 0
    while i < len(args):
        name = args[i].split("=", 1)[0]
        if name in GLOBAL_OPTIONS:
            i += 1 + (0 if "=" in args[i] else GLOBAL_OPTIONS[name])
        elif args[i].startswith("-"):
            return None  # --help, --version or a mistyped option: leave it to the parser
        else:
            return i
    return None


def main() -> None:
    """Console-script entry point: map project errors to one line and an exit code."""
    sys.argv[1:] = hoist_global_options(sys.argv[1:])
    debug = "--debug" in sys.argv
    try:
        app(prog_name="profile-agent")
    except ProfileAgentError as err:
        if debug:
            raise
        from agent.cli.common import safe

        sys.stderr.write(f"profile-agent: error: {safe(str(err))}\n")
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("profile-agent: interrupted\n")
        sys.exit(130)
