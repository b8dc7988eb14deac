"""What a question gets back: cited sentences, numbered sources, and why each sentence stayed."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from agent.models import CitedPaper
from agent.qa.route import Route
from agent.verify.support import Verdict


class AnswerSentence(BaseModel):
    """One sentence of an answer and the sources it cites (paper ids, or 'profile')."""

    text: str
    citations: list[str] = Field(default_factory=list)
    support: float = 0.0


class Source(CitedPaper):
    """A numbered source: [n] in the answer text is ``sources[n - 1]``."""

    evidence: str = ""


class Answer(BaseModel):
    """A verified answer; ``refused`` when the profile holds nothing that supports one."""

    question: str
    answer: str
    refused: bool = False
    sentences: list[AnswerSentence] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    backend: str = "extractive"
    verdicts: list[Verdict] = Field(default_factory=list)
    route: str = ""
    paper_ids: list[str] = Field(default_factory=list)
    route_info: Route | None = Field(default=None, exclude=True)
    value: Any = Field(default=None, exclude=True)

    def public(self, explain: bool = False) -> dict:
        """The documented ``--json`` shape (plus ``verdicts`` and ``route`` with ``explain``)."""
        keep = {"question", "answer", "refused", "sentences", "sources", "backend"}
        if explain:
            keep |= {"verdicts", "route"}
        return self.model_dump(mode="json", include=keep)

    def citation_numbers(self, sentence: AnswerSentence) -> list[int]:
        """The [n] numbers of a sentence's citations."""
        order = [s.paper_id for s in self.sources]
        return [order.index(c) + 1 for c in sentence.citations if c in order]
