"""Prompt templates: files in prompts/, shipped inside the wheel as ``agent.prompts``."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
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


_NOT_WORDS = re.compile(r"[^\w\s'-]+")


@cache
def prompt_fragments(name: str, min_words: int = 2) -> frozenset[str]:
    """Runs of at least ``min_words`` words of the prompt's own wording (placeholders and
    punctuation end a run), case-folded: what a model echoing its instructions writes."""
    text = re.sub(r"\$\{?\w+\}?", "|", load_prompt(name))
    pieces = (" ".join(p.strip(" -'\n").casefold().split()) for p in _NOT_WORDS.split(text))
    return frozenset(p for p in pieces if len(p.split()) >= min_words)


def echoed_fragment(text: str, fragments: Iterable[str]) -> str | None:
    """The first of ``fragments`` that ``text`` repeats word for word, or None."""
    said = " ".join(_NOT_WORDS.sub(" ", text).casefold().split())
    return next((f for f in fragments if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", said)), None)
