"""Grant templates: ``prompts/grant_<name>.md`` files whose front matter lists their sections.

    ---
    title: NSF Biographical Sketch (research summary)
    person: third
    sections:
      merit | Research Summary (Intellectual Merit) | overview | words=150
      products | Products Most Closely Related | products | items=5
    ---
    guidance for the LLM rewrite ...

A section line is ``key | heading | kind | limits``. Kinds: overview (a bio's plan), summary
(what the work covers, without per-paper claims), themes, products, synergistic, and
contributions (one part per main theme: a paragraph, then its products). Limits: ``words=N``
(most words of prose, per part for contributions), ``items=N`` (most list items, or parts),
``products=N`` (most products of one contribution) and ``style=nih`` (references in the NLM
style NIH asks for; the default is 'Authors (Year). “Title.” Venue.').
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from agent.errors import InputError
from agent.llm.prompting import load_prompt

TEMPLATES = ("nsf-biosketch", "nih-personal-statement", "generic")
SECTION_KINDS = ("overview", "summary", "themes", "products", "synergistic", "contributions")
CITATION_STYLES = ("plain", "nih")


class TemplateSection(BaseModel):
    """One section of a template and its own length limits."""

    key: str
    heading: str
    kind: str
    max_words: int | None = None
    max_items: int | None = None
    max_products: int | None = None
    citation_style: str = "plain"


class GrantTemplate(BaseModel):
    """A parsed template: title, voice, sections and the guidance text."""

    name: str
    title: str
    person: str = "third"
    sections: list[TemplateSection] = Field(default_factory=list)
    guidance: str = ""


def load_template(name: str) -> GrantTemplate:
    """The template ``prompts/grant_<name>.md``; InputError for an unknown name."""
    if name not in TEMPLATES:
        raise InputError(
            "--template", f"unknown template {name!r}", f"use one of {', '.join(TEMPLATES)}"
        )
    return parse_template(name, load_prompt(f"grant_{name}"))


def parse_template(name: str, text: str) -> GrantTemplate:
    """Split the front matter from the guidance and read its fields and section lines."""
    _, header, body = text.split("---\n", 2)
    fields: dict[str, str] = {}
    sections: list[TemplateSection] = []
    for line in header.splitlines():
        if line.startswith("  ") and "|" in line:
            sections.append(_section(line))
        elif ":" in line:
            key, value = line.split(":", 1)
            fields[key.strip()] = value.strip()
    return GrantTemplate(
        name=name,
        title=fields.get("title", name),
        person=fields.get("person", "third"),
        sections=sections,
        guidance=" ".join(body.split()),
    )


def _section(line: str) -> TemplateSection:
    key, heading, kind, *rest = [part.strip() for part in line.split("|")]
    if kind not in SECTION_KINDS:
        raise ValueError(f"template section {key}: unknown kind {kind!r}")
    limits = dict(item.split("=", 1) for part in rest for item in part.split())
    style = limits.get("style", "plain")
    if style not in CITATION_STYLES:
        raise ValueError(f"template section {key}: unknown citation style {style!r}")

    def number(name: str) -> int | None:
        return int(limits[name]) if name in limits else None

    return TemplateSection(
        key=key,
        heading=heading,
        kind=kind,
        max_words=number("words"),
        max_items=number("items"),
        max_products=number("products"),
        citation_style=style,
    )
