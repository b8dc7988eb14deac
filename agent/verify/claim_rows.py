"""Claim files for ``verify --claims``: one JSON object a line, ``{"claim": str, "evidence":
[str, ...]}`` (an ``id`` is carried through). SciFact-style rows (``input`` and ``gold_ctx``
passages with ``title`` and ``text``, as in ScholarQABench) are read as the same thing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from agent.errors import InputError
from agent.settings import Settings

MAX_BYTES = Settings.model_fields["max_input_bytes"].default
HINT = 'one JSON object a line: {"claim": "...", "evidence": ["...", ...]}'


class ClaimRow(BaseModel):
    """A claim and the passages it is to be judged against (none: judge it against a profile)."""

    claim: str = Field(min_length=1)
    evidence: list[str] = Field(default_factory=list)
    id: str | int | None = None


def read_claims(path: Path, max_bytes: int = MAX_BYTES) -> list[ClaimRow]:
    """Every row of ``path`` ('-' is standard input), a small UTF-8 file as any input; a
    malformed row is an input error naming its line."""
    import sys

    from agent.reader import read_input

    text = sys.stdin.read() if str(path) == "-" else read_input(path, max_bytes, HINT)
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            rows.append(_row(line, f"{path}:{number}"))
    if not rows:
        raise InputError(str(path), "holds no claims", HINT)
    return rows


def _row(line: str, where: str) -> ClaimRow:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(where, f"not JSON ({err.msg})", HINT) from None
    if not isinstance(data, dict):
        raise InputError(where, "not a JSON object", HINT)
    claim = data.get("claim", data.get("input"))
    evidence = data.get("evidence", _passages(data.get("gold_ctx")))
    if isinstance(evidence, str):
        evidence = [evidence]
    if not isinstance(claim, str) or not claim.strip():
        raise InputError(where, "has no claim (a non-empty string)", HINT)
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        raise InputError(where, "evidence is not a list of strings", HINT)
    return ClaimRow(claim=claim.strip(), evidence=evidence, id=data.get("id"))


def _passages(gold: Any) -> list[str] | None:
    if not isinstance(gold, list):
        return [] if gold is None else None
    found = []
    for passage in gold:
        if not isinstance(passage, dict):
            return None
        found += [str(passage[k]) for k in ("title", "text") if passage.get(k)]
    return found
