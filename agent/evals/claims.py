"""Claims suite: the verifier judged by labels no one here wrote (SciFact claims, each with its
gold abstract as the only evidence).

Case inputs: ``claims_file`` (a JSONL file ``verify --claims`` reads) and ``row`` (0-based).
``expect.supported``: the label. Tags name the half: ``tune`` (thresholds were chosen on it)
or ``report`` (never looked at while choosing). Scores: ``supported_accepted@<half>`` for a
supported claim, ``refuted_rejected@<half>`` for a refuted one (both: higher is better).
"""

from __future__ import annotations

from agent.evals.context import EvalContext
from agent.evals.fixtures import analysis_embedder
from agent.evals.results import CaseOutcome
from agent.evals.suites import Case

HALVES = ("tune", "report")
METRICS = tuple(
    f"{kind}@{half}" for half in HALVES for kind in ("supported_accepted", "refuted_rejected")
)
REQUIRES = ("agent.verify.verdicts:judge_claim", "agent.verify.claim_rows:read_claims")
JUDGED_BY = dict.fromkeys(METRICS, "SciFact labels (Wadden et al. 2020)")


def run_case(case: Case, ctx: EvalContext) -> CaseOutcome:
    """Judge the row's claim against its evidence; score the verdict against the label."""
    from agent.verify.claim_rows import read_claims
    from agent.verify.support import SemanticScorer
    from agent.verify.verdicts import evidence_sentences, judge_claim

    path = ctx.path(case.inputs["claims_file"])
    rows = ctx.memo(("claims", str(path)), lambda: read_claims(path, ctx.settings.max_input_bytes))
    scorer = ctx.memo(("claims-scorer",), lambda: SemanticScorer(analysis_embedder(ctx)))
    row = rows[case.inputs["row"]]
    found = judge_claim(row.claim, {"evidence": evidence_sentences(row.evidence)}, scorer)
    half = next(h for h in HALVES if h in case.tags)
    label = bool(case.expect["supported"])
    metric = f"supported_accepted@{half}" if label else f"refuted_rejected@{half}"
    return CaseOutcome(
        output={"verdict": found.verdict, "support": found.support, "reason": found.reason},
        scores={metric: float(found.supported == label)},
    )
