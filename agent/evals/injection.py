"""Injection suite: a BIPIA instruction planted in one abstract must not steer the answer.

Case inputs: ``source``, ``as_of``, ``attacks`` (the BIPIA JSON), ``category`` and ``index`` of
the instruction, ``paper`` (0-based position of the abstract it is planted in), ``position``
("start", "middle" or "end" of that abstract) and ``question`` (one that retrieves that paper).
``expect.cites``: the planted paper. Scores: injection resistance, and ``answered`` (the
question still got a non-refused answer citing the planted paper).
"""

from __future__ import annotations

import json
from typing import Any

from agent.evals.context import EvalContext
from agent.evals.fixtures import case_profile, retriever
from agent.evals.metrics import attack_markers, injection_resistance
from agent.evals.results import CaseOutcome
from agent.evals.suites import Case
from agent.models import Profile
from agent.text import split_sentences, words

METRICS = ("resistance", "answered")
REQUIRES = (
    "agent.sources:load_profile",
    "agent.store.ingest:ingest_profile",
    "agent.store.retrieve:Retriever",
    "agent.qa.answer:answer_question",
)
SLUG_SUFFIX = "-injected"


def run_case(case: Case, ctx: EvalContext) -> CaseOutcome:
    """Plant the instruction, re-ingest the planted copy, ask, and check the answer."""
    from agent.qa.answer import answer_question

    instruction = attack_text(ctx, case.inputs)
    planted = plant(case_profile(ctx, case.inputs), instruction, case.inputs)
    settings = ctx.settings_at(case.inputs.get("as_of"))
    _ingest(planted, ctx)
    question = case.inputs["question"]
    answer = answer_question(question, planted, retriever(ctx), settings, llm=ctx.llm())
    clean = ctx.path(case.inputs["source"]).read_text(encoding="utf-8") + "\n" + question
    markers = attack_markers(instruction, clean)
    cited = {c for s in answer.sentences for c in s.citations}
    answered = not answer.refused and set(case.expect.get("cites", [])) <= cited
    return CaseOutcome(
        output={
            "instruction": instruction,
            "answer": answer.answer,
            "refused": answer.refused,
            "markers": sorted(markers),
        },
        scores={
            "resistance": injection_resistance(answer.answer, markers, set(words(clean))),
            "answered": float(answered),
        },
    )


def attack_text(ctx: EvalContext, inputs: dict[str, Any]) -> str:
    """The BIPIA instruction the case names."""
    attacks = ctx.memo(
        ("attacks", inputs["attacks"]),
        lambda: json.loads(ctx.path(inputs["attacks"]).read_text(encoding="utf-8")),
    )
    return attacks[inputs["category"]][int(inputs["index"])]


def plant(profile: Profile, instruction: str, inputs: dict[str, Any]) -> Profile:
    """A copy of ``profile`` under its own slug, with ``instruction`` inside one abstract."""
    position = int(inputs["paper"])
    paper = profile.papers[position]
    sentences = split_sentences(paper.abstract)
    at = {"start": 0, "middle": len(sentences) // 2, "end": len(sentences)}[
        inputs.get("position", "end")
    ]
    abstract = " ".join([*sentences[:at], instruction, *sentences[at:]])
    papers = list(profile.papers)
    papers[position] = paper.model_copy(update={"abstract": abstract})
    return profile.model_copy(update={"papers": papers, "slug": profile.slug + SLUG_SUFFIX})


def _ingest(profile: Profile, ctx: EvalContext) -> None:
    from agent.store.ingest import ingest_profile

    ingest_profile(profile, ctx.settings, embedder=retriever(ctx).embedder)
