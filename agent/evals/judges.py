"""Support judges for citation precision and recall: the project's verifier here; an LLM judge
is ``agent.llm.judge``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from agent.verify.verdicts import SupportJudge

if TYPE_CHECKING:
    from agent.protocols import Embedder

CITED = "cited"


def verifier_judge(embedder: Embedder | None = None) -> SupportJudge:
    """Support as ``agent.verify.support`` decides it: the passages, split into sentences, are the
    evidence of one citation; ``embedder`` adds the verifier's semantic score."""
    from agent.verify.support import SemanticScorer, verify_sentence
    from agent.verify.verdicts import evidence_sentences

    scorer = SemanticScorer(embedder)

    def judge(claim: str, passages: Sequence[str]) -> bool:
        evidence = {CITED: evidence_sentences(passages)}
        return verify_sentence(claim, [CITED], evidence, embedder=scorer).ok

    return judge
