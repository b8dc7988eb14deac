"""Shared CLI plumbing: settings from the context, JSON output, consoles."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

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
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def console(stderr: bool = False):  # noqa: ANN201 - rich imported lazily
    """A rich Console that prints profile text literally (no markup, no emoji, no highlighting)."""
    from rich.console import Console

    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


def safe(text: str | None) -> str:
    """Strip ANSI escapes and control characters so profile text cannot drive the terminal."""
    import re

    if not text:
        return ""
    text = re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x1b.", "", text)
    return "".join(ch for ch in text if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127))
