"""Extraction suite: parse a source file and compare header, paper and warning fields to truth.

Case inputs: ``source`` (path from the repo root), optional ``format``, ``author``, ``as_of``, and
``check``: "header", "paper" (with ``paper``: 0-based position) or "warnings". ``expect`` maps
field names to true values; for warnings, each key ``warning: <text>`` expects whether some
warning contains <text>.
"""

from __future__ import annotations

from typing import Any

from agent.evals.context import EvalContext
from agent.evals.fixtures import case_profile
from agent.evals.metrics import field_accuracy, wrong_fields
from agent.evals.results import CaseOutcome
from agent.evals.suites import Case
from agent.models import Paper, Profile

METRICS = ("field_accuracy",)
REQUIRES = ("agent.sources:load_profile",)
WARNING_KEY = "warning: "


def run_case(case: Case, ctx: EvalContext) -> CaseOutcome:
    """Parse the case's source (once per run) and score the checked fields."""
    view = field_view(case_profile(ctx, case.inputs), case)
    wrong = wrong_fields(case.expect, view)
    output = {name: {"expected": case.expect[name], "actual": view.get(name)} for name in wrong}
    return CaseOutcome(
        output={"extracted": view, "wrong": output},
        scores={"field_accuracy": field_accuracy(case.expect, view)},
    )


def field_view(profile: Profile, case: Case) -> dict[str, Any]:
    """The extracted values the case's expectations are compared with."""
    check = case.inputs.get("check", "paper")
    if check == "header":
        return header_view(profile)
    if check == "warnings":
        return warnings_view(profile, [k for k in case.expect if k.startswith(WARNING_KEY)])
    position = int(case.inputs["paper"])
    return paper_view(profile.papers[position]) if position < len(profile.papers) else {}


def header_view(profile: Profile) -> dict[str, Any]:
    """Name, field, affiliation, stated metrics and the number of papers listed."""
    return {
        "name": profile.name,
        "field": profile.field,
        "affiliation": profile.affiliation,
        **profile.metrics.model_dump(),
        "papers_listed": len(profile.papers),
    }


def warnings_view(profile: Profile, keys: list[str]) -> dict[str, bool]:
    """For each ``warning: <text>`` key, whether some profile warning contains <text>."""
    found = [w.casefold() for w in profile.warnings]
    return {key: any(key[len(WARNING_KEY) :].casefold() in w for w in found) for key in keys}


def paper_view(paper: Paper) -> dict[str, Any]:
    """Every Paper field a source states, with the abstract checked by head, tail and length."""
    return {
        "title": paper.title,
        "authors": paper.authors,
        "authors_truncated": paper.authors_truncated,
        "category": paper.category,
        "date": paper.date.isoformat() if paper.date else None,
        "date_text": paper.date_text,
        "year": paper.year,
        "year_inferred": paper.year_inferred,
        "has_code": paper.has_code,
        "code_url": paper.code_url,
        "venue": paper.venue,
        "citation_count": paper.citation_count,
        "external_ids": paper.external_ids,
        "abstract_head": paper.abstract[:60],
        "abstract_tail": paper.abstract[-40:],
        "abstract_words": len(paper.abstract.split()),
    }
