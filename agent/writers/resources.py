"""Synergistic activities from evidence only: what a paper shows the researcher released for
others (software, code, data, teaching material), read from its title and venue."""

from __future__ import annotations

import re

from agent.models import Paper
from agent.writers.plans import Material, SentencePlan

_SOFTWARE = re.compile(
    r"\b(?:R|Python|Julia|MATLAB|Stata)\s+(?:package|library|toolbox)\b|\bsoftware\b|"
    r"\btoolbox\b|\bopen[- ]source\b",
    re.IGNORECASE,
)
_SOFTWARE_VENUES = re.compile(
    r"\b(?:Journal of (?:Statistical|Open Source) Software|SoftwareX|The R Journal)\b", re.I
)
_DATA = re.compile(
    r"\b(?:data ?sets?|benchmarks?|databases?|data repository|corpus|atlas)\b", re.IGNORECASE
)
_TEACHING = re.compile(
    r"\b(?:tutorials?|primer|ten simple rules|quick guide|teaching|lecture notes)\b",
    re.IGNORECASE,
)
RESOURCE_LABELS = ("Software", "Code released", "Data resource", "Teaching and guidance")
"""What a synergistic activity can rest on, in the order a biosketch lists them."""


def resource_label(paper: Paper) -> str | None:
    """What a paper shows the researcher released for others: software (a package in its
    title, or a software journal), code (the source links it), a dataset or benchmark, or
    teaching material, read from the title and venue only (an abstract's 'on standard
    benchmarks' releases nothing); None when it shows none."""
    if _SOFTWARE.search(paper.title) or _SOFTWARE_VENUES.search(paper.venue or ""):
        return "Software"
    if paper.has_code:
        return "Code released"
    if _DATA.search(paper.title):
        return "Data resource"
    if _TEACHING.search(paper.title):
        return "Teaching and guidance"
    return None


def resources(m: Material, *, priority: int) -> list[SentencePlan]:
    """One plan a paper that shows a released resource, software first; none when no paper
    does (synergistic activities only from evidence of such activities)."""
    found = [(resource_label(m.paper(pid)), m.paper(pid)) for pid in m.included_ids()]
    found = [(label, paper) for label, paper in found if label]
    found.sort(key=lambda item: RESOURCE_LABELS.index(item[0]))
    return [
        SentencePlan(
            kind="resource",
            priority=priority + n,
            paper_ids=[paper.id],
            facts={"label": label, "title": paper.title, "year": paper.year},
        )
        for n, (label, paper) in enumerate(found)
    ]
