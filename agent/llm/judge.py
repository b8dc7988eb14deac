"""An independent support judge: an LLM at an OpenAI-compatible endpoint asked, at temperature
0, whether the evidence states everything a sentence says (``prompts/eval_support_judge.md``).
The verifier is the system under test; the judge is how someone else's model grades it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

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
def open_judge(settings: Settings) -> Iterator[SupportJudge]:
    """The judge for the block (an endpoint that fails raises ``EndpointError`` naming it)."""
    from agent.llm.connect import open_llm

    with open_llm(judge_settings(settings)) as llm:
        yield llm_judge(llm)
