"""Questions suite: questions as people ask them, over several real profiles, split in halves.

Cases are qa cases (``source``, ``as_of``, ``question``, optional ``history`` and ``author``)
whose tags name their half: ``tune`` (routing thresholds and phrasings were chosen on it) or
``report`` (never looked at while choosing). ``expect`` takes the qa keys plus ``route`` (the
answer's route must start with it, e.g. ``tool:most_cited``). Scores per half:
``answer_accuracy@<half>`` for an answerable question (1 when it is answered and every
expectation holds) and ``refusal_accuracy@<half>`` for every question.
"""

from __future__ import annotations

from typing import Any

from agent.evals.context import EvalContext
from agent.evals.qa import answer_scores, ask
from agent.evals.results import CaseOutcome
from agent.evals.suites import Case

HALVES = ("tune", "report")
METRICS = tuple(
    f"{kind}@{half}" for half in HALVES for kind in ("answer_accuracy", "refusal_accuracy")
)
REQUIRES = ("agent.qa.answer:answer_question", "agent.qa.meaning:match_intent")
JUDGED_BY = dict.fromkeys(METRICS, "the cases' expected values")


def run_case(case: Case, ctx: EvalContext) -> CaseOutcome:
    """Answer the question (after any history); score it against every expectation."""
    answer = ask(ctx, case.inputs, case.inputs["question"])
    half = next(h for h in HALVES if h in case.tags)
    scores: dict[str, float | None] = {
        f"refusal_accuracy@{half}": float(bool(case.expect.get("refuse")) == answer.refused)
    }
    if not case.expect.get("refuse"):
        scores[f"answer_accuracy@{half}"] = float(answered_right(answer, case.expect, case))
    output = {
        "answer": answer.answer,
        "refused": answer.refused,
        "route": answer.route,
        "reason": answer.route_info.reason if answer.route_info else "",
        "cited": list(answer.paper_ids),
    }
    return CaseOutcome(output=output, scores=scores)


def answered_right(answer: Any, expect: dict[str, Any], case: Case) -> bool:
    """Not refused, on the expected route, and every qa expectation met in full."""
    if answer.refused:
        return False
    if "route" in expect and not str(answer.route).startswith(expect["route"]):
        return False
    checks = answer_scores(answer, expect, case.inputs["question"])
    return all(checks[k] in (None, 1.0) for k in ("exact_match", "fact_recall", "expected_cited"))
