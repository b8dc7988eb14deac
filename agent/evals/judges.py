"""Support judges for citation precision and recall: the project's verifier, or an LLM."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.evals.metrics import SupportJudge
from agent.text import split_sentences

CITED = "cited"


def verifier_judge(embedder: Any = None) -> SupportJudge:
    """Support as ``agent.verify`` decides it: the passages, split into sentences, are the
    evidence of one citation; ``embedder`` adds the verifier's semantic score."""
    from agent.verify import SemanticScorer, verify_sentence

    scorer = SemanticScorer(embedder)

    def judge(claim: str, passages: Sequence[str]) -> bool:
        evidence = {CITED: [s for p in passages for s in split_sentences(p) or [p]]}
        return verify_sentence(claim, [CITED], evidence, embedder=scorer).ok

    return judge


def llm_judge(llm: Any) -> SupportJudge:
    """Support as an LLM says it (yes/no at temperature 0, from prompts/eval_support_judge.md)."""
    from agent.prompting import render_prompt

    def judge(claim: str, passages: Sequence[str]) -> bool:
        prompt = render_prompt("eval_support_judge", claim=claim, evidence="\n\n".join(passages))
        reply = llm.complete([{"role": "user", "content": prompt}], max_tokens=4)
        return reply.strip().casefold().startswith("yes")

    return judge
