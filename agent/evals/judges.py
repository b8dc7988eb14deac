"""Support judges for citation precision and recall: the project's verifier here; an LLM judge
is ``agent.judge``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.evals.metrics import SupportJudge

CITED = "cited"


def verifier_judge(embedder: Any = None) -> SupportJudge:
    """Support as ``agent.verify`` decides it: the passages, split into sentences, are the
    evidence of one citation; ``embedder`` adds the verifier's semantic score."""
    from agent.verdicts import evidence_sentences
    from agent.verify import SemanticScorer, verify_sentence

    scorer = SemanticScorer(embedder)

    def judge(claim: str, passages: Sequence[str]) -> bool:
        evidence = {CITED: evidence_sentences(passages)}
        return verify_sentence(claim, [CITED], evidence, embedder=scorer).ok

    return judge
