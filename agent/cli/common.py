"""Shared CLI plumbing: settings from the context, JSON output, consoles."""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from agent.settings import Settings


def settings_of(ctx: typer.Context) -> Settings:
    """The Settings object the global callback stored on the context."""
    from agent.settings import Settings

    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings()
    return root.obj


def print_json(data: Any) -> None:
    """Write ``data`` as indented JSON to stdout (pydantic models are dumped in JSON mode)."""
    if hasattr(data, "model_dump"):
        data = data.model_dump(mode="json")
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write(_UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text) + "\n")


def console(stderr: bool = False):  # noqa: ANN201 - rich imported lazily
    """A rich Console that prints profile text literally (no markup, no emoji, no highlighting)."""
    from rich.console import Console

    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


def safe(text: str | None) -> str:
    """Strip escape sequences (CSI, OSC, DCS...), C0/C1 control characters and bidi overrides,
    so profile text cannot drive or disguise the terminal; newlines and tabs stay."""
    if not text:
        return ""
    return _UNPRINTABLE.sub("", _ESCAPES.sub("", text))


def safe_markdown(text: str | None) -> str:
    """``safe`` text with markdown syntax escaped, for text rendered as markdown: a link,
    emphasis or HTML in profile text is then shown as typed."""
    return re.sub(r"([\\`*_{}\[\]()<>#+!|~-])", r"\\\1", safe(text))


_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # other ESC sequences
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x90\x98\x9d-\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c)?"  # 8-bit string controls
)
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


JudgeUrlOption = Annotated[
    str | None,
    typer.Option(
        "--judge-url",
        help="OpenAI-compatible endpoint of an independent support judge "
        "[env: PROFILE_AGENT_JUDGE_URL].",
        show_default=False,
    ),
]
JudgeModelOption = Annotated[
    str | None,
    typer.Option(
        "--judge-model",
        help="The judge's model at that endpoint [env: PROFILE_AGENT_JUDGE_MODEL].",
        show_default=False,
    ),
]


def with_judge(settings: Settings, url: str | None, model: str | None) -> Settings:
    """``settings`` with the judge the command line names (its options over the environment);
    a judge model without a judge URL is an input error."""
    from agent.errors import InputError

    update = {k: v for k, v in (("judge_base_url", url), ("judge_model", model)) if v}
    chosen = settings.model_copy(update=update)
    if chosen.judge_model and not chosen.judge_base_url:
        raise InputError("--judge-model", "needs a judge endpoint", "add --judge-url URL")
    return chosen
