"""What every sentence of a draft is written and checked against: the material, the voice,
the cited evidence, the profile facts and the semantic scorer."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from agent.verify.support import SemanticScorer, verify_sentence
from agent.writers.draft import DraftSentence
from agent.writers.plans import Material
from agent.writers.style import style_problem
from agent.writers.voice import Voice, neutral_form


class WriteContext(BaseModel):
    """What every sentence is written and checked against."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    material: Material
    voice: Voice
    evidence: dict[str, list[str]]
    facts: list[str]
    scorer: SemanticScorer
    set_aside: list[str] = []  # papers whose titles read as instructions: never written about

    def check(self, text: str, citations: list[str], generated: bool = False) -> DraftSentence:
        """Verify ``text`` against its cited evidence and the house style (``generated``: a
        model wrote it, see ``verify_sentence``); a sentence that says the opposite of the
        evidence it aligns to fails, as ``verify`` would fail it."""
        verdict = verify_sentence(
            neutral_form(text, self.voice),
            citations,
            self.evidence,
            self.facts,
            self.scorer,
            generated=generated,
            polarity=True,
        )
        problem = style_problem(text, self.voice.allowed_pronouns)
        return DraftSentence(
            text=text,
            citations=citations,
            support=verdict.support,
            ok=verdict.ok and not problem,
            reason=problem or verdict.reason,
        )
