"""Three-way verdicts on a sentence against evidence passages: supported, contradicted or
unsupported, with the evidence sentence it was aligned to (what ``verify`` reports).

Support is the gate's blend (content words of the sentence found in the evidence, and the best
cosine to an evidence sentence); a sentence is contradicted when an evidence sentence aligned to
it negates it or turns its direction; numbers and names must be found, and absolute
quantifiers ("solely") and negations the evidence never uses are claims it does not make.

``MIN_CLAIM_SUPPORT`` and ``entailment.ALIGN_MARGIN`` were chosen on the tune half of the
SciFact file in ``tests/data/benchmarks`` (its even rows) and are reported on the other half
(the claims eval suite, ``agent/evals/claims.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, Field

from agent.text import split_sentences
from agent.verify.entailment import contradicting, overclaims, unstated_negations
from agent.verify.support import (
    SemanticScorer,
    aligned_score,
    blended_support,
    missing_terms,
    vacuous_problem,
)

MIN_CLAIM_SUPPORT = 0.60
CONTRADICTION_FLOOR = 0.45  # below it a sentence is off the evidence's subject: unsupported
Verdict = Literal["supported", "contradicted", "unsupported"]
SupportJudge = Callable[[str, Sequence[str]], bool]
"""An independent judge: does the evidence state everything the sentence says? (``llm.judge``)"""


class ClaimVerdict(BaseModel):
    """The verdict on one sentence, the evidence it was aligned to, and why."""

    claim: str
    verdict: Verdict
    support: float = 0.0
    evidence_span: str = ""
    source: str | None = None  # the evidence key of the span (a paper id)
    missing_terms: list[str] = Field(default_factory=list)
    reason: str = ""

    @property
    def supported(self) -> bool:
        return self.verdict == "supported"


def evidence_sentences(passages: Sequence[str]) -> list[str]:
    """Passages split into sentences (a passage with no sentence end stays whole)."""
    return [s for p in passages for s in (split_sentences(p) or [p.strip()]) if s]


def judge_claim(
    claim: str,
    evidence: Mapping[str, Sequence[str]],
    scorer: SemanticScorer,
    min_support: float = MIN_CLAIM_SUPPORT,
) -> ClaimVerdict:
    """The verdict on ``claim`` against evidence sentences keyed by source."""
    pairs = [(key, s) for key, texts in evidence.items() for s in texts]
    texts = [s for _, s in pairs]
    if not texts:
        return ClaimVerdict(claim=claim, verdict="unsupported", reason="no evidence text")
    scorer.prepare([claim, *texts])
    ranked = sorted(
        ((aligned_score(claim, s, scorer), key, s) for key, s in pairs), key=lambda r: -r[0]
    )
    _, key, span = ranked[0]
    support = blended_support(claim, texts, scorer)[0]
    found = ClaimVerdict(
        claim=claim,
        verdict="unsupported",
        support=round(support, 3),
        evidence_span=span,
        source=key,
        missing_terms=missing_terms(claim, texts),
    )
    flipped = contradicting(claim, ranked)
    if flipped:  # on the subject: contradicted; a span barely about it: unsupported, as flagged
        score, reason, key, span = flipped
        verdict = "contradicted" if score >= CONTRADICTION_FLOOR else "unsupported"
        update = {"verdict": verdict, "reason": reason, "source": key, "evidence_span": span}
        return found.model_copy(update=update)
    problem = _problem(claim, found, texts, min_support)
    if problem:
        return found.model_copy(update={"reason": problem})
    return found.model_copy(update={"verdict": "supported", "reason": "supported"})


def _problem(claim: str, found: ClaimVerdict, texts: list[str], min_support: float) -> str:
    if found.missing_terms:
        return f"not in the evidence: {', '.join(found.missing_terms)}"
    absolute = overclaims(claim, texts)
    if absolute:
        return f"the evidence does not say {', '.join(repr(w) for w in absolute)}"
    negations = unstated_negations(claim, texts)
    if negations:
        return f"the evidence does not say {', '.join(repr(w) for w in negations)}"
    empty = vacuous_problem(claim)
    if empty:
        return empty
    if found.support < min_support:
        return f"support {found.support:.2f} below {min_support:.2f}"
    return ""
