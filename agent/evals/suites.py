"""Eval suites on disk: ``evals/suites/<suite>.jsonl``, one case a line (id, inputs, expect)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from agent.errors import InputError

SUITE_ORDER = (
    "extraction",
    "retrieval",
    "qa",
    "questions",
    "writing",
    "injection",
    "claims",
    "themes",
)


class Case(BaseModel):
    """One eval case: what goes in, what must come out, and tags to slice results by."""

    id: str = Field(min_length=1)
    suite: str = ""
    inputs: dict[str, Any] = Field(default_factory=dict)
    expect: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)


def default_suites_dir() -> Path:
    """``evals/suites`` of the working directory when present, else of the source checkout."""
    here = Path.cwd() / "evals" / "suites"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "evals" / "suites"


def available_suites(suites_dir: Path) -> list[str]:
    """Suite names found in ``suites_dir``, in the canonical order (unknown names last, sorted)."""
    names = {p.stem for p in suites_dir.glob("*.jsonl")}
    known = [n for n in SUITE_ORDER if n in names]
    return known + sorted(names - set(SUITE_ORDER))


def resolve_suites(requested: list[str], suites_dir: Path) -> list[str]:
    """The suites to run: all of them when none is named; unknown names are an input error."""
    found = available_suites(suites_dir)
    if not found:
        raise InputError(str(suites_dir), "no suites (*.jsonl) found", "pass --suites-dir")
    unknown = [name for name in requested if name not in found]
    if unknown:
        raise InputError(unknown[0], "no such suite", f"choose from {', '.join(found)}")
    return [name for name in found if name in requested] if requested else found


def load_suite(name: str, suites_dir: Path) -> list[Case]:
    """The cases of one suite; a malformed line or a repeated id is an input error."""
    path = suites_dir / f"{name}.jsonl"
    cases: list[Case] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("//"):
            cases.append(_parse_case(line, name, f"{path}:{number}"))
    ids = [case.id for case in cases]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise InputError(str(path), f"case id {duplicate!r} appears twice", "ids must be unique")
    return cases


def _parse_case(line: str, suite: str, where: str) -> Case:
    try:
        case = Case.model_validate(json.loads(line))
    except (json.JSONDecodeError, ValidationError) as err:
        raise InputError(
            where,
            f"not a valid case: {str(err).splitlines()[0]}",
            "one JSON object with id, inputs, expect, tags per line",
        ) from None
    return case.model_copy(update={"suite": suite})
