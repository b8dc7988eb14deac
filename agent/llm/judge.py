"""An independent judge: an LLM at an OpenAI-compatible endpoint asked, at temperature 0,
whether the evidence states everything a sentence says (``prompts/eval_support_judge.md``), and
how a draft reads (``prompts/eval_writing_rubric.md``: fluency, specificity, faithfulness).
The verifier and the writers are the systems under test; the judge is how someone else's model
grades them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError

from agent.settings import Settings
from agent.verify.verdicts import SupportJudge

if TYPE_CHECKING:
    from agent.protocols import ChatModel


def llm_judge(llm: ChatModel) -> SupportJudge:
    """Support as ``llm`` says it: yes/no to the judge prompt."""
    from agent.llm.prompting import render_prompt

    def judge(claim: str, passages: Sequence[str]) -> bool:
        prompt = render_prompt("eval_support_judge", claim=claim, evidence="\n\n".join(passages))
        reply = llm.complete([{"role": "user", "content": prompt}], max_tokens=4)
        return reply.strip().casefold().startswith("yes")

    return judge


RUBRIC = ("fluency", "specificity", "faithfulness")


class RubricScores(BaseModel):
    """The judge's 1-5 marks for one draft."""

    fluency: int = Field(ge=1, le=5)
    specificity: int = Field(ge=1, le=5)
    faithfulness: int = Field(ge=1, le=5)


RubricJudge = Callable[[str, str], RubricScores | None]
"""(draft, evidence) -> the judge's marks, or None when its reply holds none."""


def rubric_judge(llm: ChatModel) -> RubricJudge:
    """Marks as ``llm`` gives them to the rubric prompt; None for a reply with no valid marks
    (a judge that rambles scores nothing rather than a guess)."""
    from agent.llm.prompting import render_prompt

    def judge(draft: str, evidence: str) -> RubricScores | None:
        prompt = render_prompt("eval_writing_rubric", draft=draft, evidence=evidence)
        reply = llm.complete([{"role": "user", "content": prompt}], max_tokens=60)
        found = re.search(r"\{.*?\}", reply, re.DOTALL)
        try:
            return RubricScores.model_validate(json.loads(found.group(0))) if found else None
        except (json.JSONDecodeError, ValidationError):
            return None

    return judge


def judge_settings(settings: Settings) -> Settings:
    """Settings that reach the judge: its own endpoint and model when configured, else the
    configured LLM (``eval --llm-judge``)."""
    update: dict[str, Any] = {"no_llm": False}
    if settings.judge_base_url:
        update |= {"llm_base_url": settings.judge_base_url, "model": settings.judge_model}
    return settings.model_copy(update=update)


def judge_label(settings: Settings) -> str:
    """Who judges, as reports name it."""
    chosen = judge_settings(settings)
    where = chosen.llm_base_url or "the embedded server"
    return f"LLM judge {chosen.model or 'default model'} at {where}"


@contextmanager
def open_judge_model(settings: Settings) -> Iterator[ChatModel]:
    """The judge's model for the block (an endpoint that fails raises ``EndpointError`` naming
    it); ``llm_judge`` and ``rubric_judge`` ask it."""
    from agent.llm.connect import open_llm

    with open_llm(judge_settings(settings)) as llm:
        yield llm


@contextmanager
def open_judge(settings: Settings) -> Iterator[SupportJudge]:
    """The support judge for the block."""
    with open_judge_model(settings) as llm:
        yield llm_judge(llm)
