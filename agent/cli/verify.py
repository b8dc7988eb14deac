"""CLI command: verify (a draft against a profile, or a file of claims with their evidence)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from agent.cli.common import (
    JudgeModelOption,
    JudgeUrlOption,
    console,
    print_json,
    safe,
    settings_of,
    with_judge,
)

if TYPE_CHECKING:
    from agent.models import Profile
    from agent.settings import Settings
    from agent.verify.claim_rows import ClaimRow
    from agent.verify.drafts import DraftCheck
    from agent.verify.support import SemanticScorer
    from agent.verify.verdicts import SupportJudge

MARKS = {"supported": "ok", "contradicted": "CONTRADICTED", "unsupported": "UNSUPPORTED"}


def verify(
    ctx: typer.Context,
    slug: Annotated[
        str | None,
        typer.Argument(help="Profile slug (see `profiles`) or profile file to check against."),
    ] = None,
    draft: Annotated[
        Path | None,
        typer.Argument(help="The draft to check (Markdown or text; '-' reads standard input)."),
    ] = None,
    claims: Annotated[
        Path | None,
        typer.Option(
            "--claims",
            help='JSONL of {"claim": ..., "evidence": [...]} rows (SciFact rows too); rows '
            "without evidence are checked against SLUG.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON (JSONL for --claims).")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any sentence or claim is not supported.")
    ] = False,
    judge_url: JudgeUrlOption = None,
    judge_model: JudgeModelOption = None,
) -> None:
    """Check every sentence of DRAFT against the profile SLUG (supported, contradicted or
    unsupported, with the paper and evidence sentence), or every claim of --claims FILE."""
    from agent.embed.model import analysis_embedder
    from agent.errors import InputError
    from agent.verify.support import SemanticScorer

    settings = with_judge(settings_of(ctx), judge_url, judge_model)
    if claims is None and (slug is None or draft is None):
        raise InputError("verify", "needs SLUG and DRAFT, or --claims FILE", "see verify --help")
    if claims is not None and draft is not None:
        raise InputError("verify", "takes a DRAFT or --claims, not both", "see verify --help")
    profile = _profile(slug, settings) if slug else None
    scorer = SemanticScorer(analysis_embedder(settings))
    with _judge(settings) as judge:
        if claims is not None:
            checkers = Checkers(scorer, judge)
            failed = _verify_claims(claims, profile, slug or "", checkers, settings, as_json)
        else:
            text = _read_draft(draft, settings)
            failed = _verify_draft(profile, slug or "", text, Checkers(scorer, judge), as_json)  # type: ignore[arg-type]
    if strict and failed:
        raise typer.Exit(1)


@dataclass
class Checkers:
    """The verifier's scorer and, when one is configured, the independent judge."""

    scorer: SemanticScorer
    judge: SupportJudge | None = None
    evidence: dict[str, list[str]] | None = None  # the profile's, built once per command


@contextmanager
def _judge(settings: Settings) -> Iterator[SupportJudge | None]:
    """The judge at ``--judge-url`` for the command; none (no LLM at all) without one."""
    if not settings.judge_base_url:
        yield None
        return
    from agent.llm.judge import open_judge

    with open_judge(settings) as judge:
        yield judge


def _profile(slug: str, settings: Settings) -> Profile:
    from agent.cli.write import load

    return load(slug, settings)


def _read_draft(path: Path | None, settings: Settings) -> str:
    """The draft's text (standard input for '-'): a small UTF-8 text file, as any input."""
    from agent.reader import read_input

    if path is None or str(path) == "-":
        return sys.stdin.read()
    return read_input(path, settings.max_input_bytes, "give a draft with sentences to check")


def _verify_draft(
    profile: Profile, slug: str, text: str, checkers: Checkers, as_json: bool
) -> bool:
    from agent.errors import InputError
    from agent.verify.drafts import check_draft

    found = check_draft(profile, slug, text, checkers.scorer, checkers.judge)
    if not found.sentences:
        raise InputError("DRAFT", "holds no sentences to check", "give prose, not only lists")
    if as_json:
        print_json(
            {**found.model_dump(mode="json"), "counts": found.counts, "summary": found.summary()}
        )
    else:
        _print_draft(found)
    return found.counts["supported"] < len(found.sentences)


def _print_draft(found: DraftCheck) -> None:
    out = console()
    for n, check in enumerate(found.sentences, 1):
        out.print(f"{n:>3}. {MARKS[check.verdict]} ({check.support:.2f})  {safe(check.sentence)}")
        if check.paper_title:
            out.print(f"       paper: {safe(check.paper_title)}")
        if check.evidence_span:
            out.print(f"       evidence: “{safe(check.evidence_span)}”")
        if check.verdict != "supported":
            out.print(f"       why: {safe(check.reason)}")
        if check.judge_supported is not None:
            out.print(f"       judge: {'supported' if check.judge_supported else 'not supported'}")
    if found.unmatched_sources:
        listed = ", ".join(str(n) for n in found.unmatched_sources)
        out.print(f"\nSources not found in the profile: {listed}")
    out.print(f"\n{found.summary()}")


def _verify_claims(
    path: Path,
    profile: Profile | None,
    slug: str,
    checkers: Checkers,
    settings: Settings,
    as_json: bool,
) -> bool:
    from agent.errors import InputError
    from agent.verify.claim_rows import read_claims

    rows = read_claims(path, settings.max_input_bytes)
    if profile is None and any(not row.evidence for row in rows):
        where = next(i for i, row in enumerate(rows, 1) if not row.evidence)
        raise InputError(f"{path}:{where}", "has no evidence and no SLUG was given", "give SLUG")
    if profile is not None and any(not row.evidence for row in rows):
        from agent.verify.drafts import draft_evidence

        checkers.evidence = draft_evidence(profile)
    failed = 0
    for row in rows:
        result = _claim_result(row, profile, slug, checkers)
        failed += not result["supported"]
        if as_json:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            mark = MARKS[result["verdict"]]
            console().print(f"{mark} ({result['support']:.2f})  {safe(row.claim)}")
    if not as_json:
        console().print(f"\n{len(rows) - failed} of {len(rows)} claims supported")
    return failed > 0


def _claim_result(row: ClaimRow, profile: Profile | None, slug: str, checkers: Checkers) -> dict:
    """One row's verdict: against its own evidence, or as a one-sentence draft of ``profile``."""
    from agent.verify.drafts import check_draft
    from agent.verify.verdicts import evidence_sentences, judge_claim

    if row.evidence:
        found = judge_claim(row.claim, {"e": evidence_sentences(row.evidence)}, checkers.scorer)
        result = {
            "verdict": found.verdict,
            "support": found.support,
            "evidence_span": found.evidence_span,
            "reason": found.reason,
        }
        if checkers.judge is not None:
            result["judge_supported"] = checkers.judge(row.claim, row.evidence)
    else:
        checks = check_draft(
            profile,  # type: ignore[arg-type]
            slug,
            row.claim,
            checkers.scorer,
            checkers.judge,
            checkers.evidence,
        ).sentences
        if not checks:
            result = {"verdict": "unsupported", "support": 0.0, "evidence_span": ""}
            result["reason"] = "states nothing to check"
        else:
            first = checks[0]
            result = {
                "verdict": first.verdict,
                "support": first.support,
                "evidence_span": first.evidence_span,
                "reason": first.reason,
                "paper_id": first.paper_id,
            }
            if first.judge_supported is not None:
                result["judge_supported"] = first.judge_supported
    result = {"claim": row.claim, "supported": result["verdict"] == "supported", **result}
    return {"id": row.id, **result} if row.id is not None else result


def register(app: typer.Typer) -> None:
    """Add this module's command to the app."""
    app.command()(verify)
