"""Prompt templates: files in prompts/, shipped inside the wheel as ``agent.prompts``."""

from __future__ import annotations

import string
from functools import cache
from importlib import resources


@cache
def load_prompt(name: str) -> str:
    """The text of ``prompts/<name>.md``."""
    return resources.files("agent.prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")


def render_prompt(name: str, **values: object) -> str:
    """Fill ``$placeholders`` of a prompt; a missing or unused value is an error, not a blank."""
    template = string.Template(load_prompt(name))
    wanted = {
        m.group("named") or m.group("braced")
        for m in template.pattern.finditer(template.template)
        if m.group("named") or m.group("braced")
    }
    missing, unused = wanted - values.keys(), values.keys() - wanted
    if missing or unused:
        raise ValueError(f"prompt {name}: missing {sorted(missing)}, unused {sorted(unused)}")
    return template.substitute(values)
