"""QA suite: ask the ingested sample a question and score the answer and its citations.

Case inputs: ``source``, ``as_of``, ``question``, optional ``history`` (questions asked first).
``expect`` keys, all optional: ``refuse`` (bool, default false); ``value`` (the aggregate, compared
with the answer's headline number); ``cited_exactly`` (the exact set of papers cited); ``cites``
(papers the answer should cite); ``facts`` (strings the answer text must contain).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agent.evals.context import EvalContext
from agent.evals.fixtures import case_profile, ingested_slug, retriever
from agent.evals.metrics import (
    CitedSentence,
    citation_support,
    citation_validity,
    exact_match,
    refusal_accuracy,
)
from agent.evals.results import CaseOutcome
from agent.evals.suites import Case
from agent.models import Profile
from agent.text import numbers_in, occurs_in

if TYPE_CHECKING:
    from agent.qa.answer_models import Answer

METRICS = (
    "exact_match",
    "fact_recall",
    "expected_cited",
    "refusal_accuracy",
    "citation_validity",
    "citation_recall",
    "citation_precision",
)
LLM_JUDGE_METRICS = ("citation_recall_llm", "citation_precision_llm")
REQUIRES = (
    "agent.sources:load_profile",
    "agent.store.ingest:ingest_profile",
    "agent.store.retrieve:Retriever",
    "agent.qa.answer:answer_question",
    "agent.verify.support",
)
QUOTE_JOIN = " … "

JUDGED_BY = {
    "citation_recall": "agent.verify (the verifier under test)",
    "citation_precision": "agent.verify (the verifier under test)",
    "citation_recall_llm": "{llm_judge}",
    "citation_precision_llm": "{llm_judge}",
}


def run_case(case: Case, ctx: EvalContext) -> CaseOutcome:
    """Answer the question (after any history) and score it against the expectations."""
    answer = ask(ctx, case.inputs, case.inputs["question"])
    profile = case_profile(ctx, case.inputs)
    scores = answer_scores(answer, case.expect, case.inputs["question"])
    scores |= citation_scores(answer, profile, ctx)
    output = {
        "answer": answer.answer,
        "refused": answer.refused,
        "backend": answer.backend,
        "sentences": [s.model_dump(include={"text", "citations"}) for s in answer.sentences],
    }
    return CaseOutcome(output=output, scores=scores)


def ask(ctx: EvalContext, inputs: dict[str, Any], question: str) -> Any:
    """``answer_question`` on the ingested profile, on the run's backend, with the history."""
    from agent.qa.answer import answer_question

    ingested_slug(ctx, inputs)  # the retriever searches what was ingested
    profile, settings = case_profile(ctx, inputs), ctx.settings_at(inputs.get("as_of"))
    history: list[Any] = []
    for earlier in inputs.get("history", []):
        history.append(
            answer_question(
                earlier, profile, retriever(ctx), settings, llm=ctx.llm(), history=history
            )
        )
    return answer_question(
        question, profile, retriever(ctx), settings, llm=ctx.llm(), history=history
    )


def answer_scores(answer: Answer, expect: dict[str, Any], question: str) -> dict[str, float | None]:
    """Exact match, fact recall, expected citations and refusal accuracy of one answer."""
    cited = _cited_papers(answer)
    checks = []
    if "value" in expect:
        checks.append(exact_match(expect["value"], headline_value(answer, question)))
    if "cited_exactly" in expect:
        checks.append(exact_match(sorted(expect["cited_exactly"]), sorted(cited)))
    facts, wanted = expect.get("facts", []), expect.get("cites", [])
    return {
        "exact_match": min(checks) if checks else None,
        "fact_recall": (
            sum(occurs_in(f, answer.answer) for f in facts) / len(facts) if facts else None
        ),
        "expected_cited": sum(w in cited for w in wanted) / len(wanted) if wanted else None,
        "refusal_accuracy": refusal_accuracy(expect.get("refuse", False), answer.refused),
    }


def headline_value(answer: Answer, question: str) -> Any:
    """The answer's value: its ``value`` when it has one, else the first number of its first
    sentence that the question does not already contain (so '... from 2024' is not the count)."""
    value = getattr(answer, "value", None)
    if value is not None or not answer.sentences:
        return value
    asked = set(numbers_in(question))
    found = [n for n in numbers_in(answer.sentences[0].text) if n not in asked]
    return found[0] if found else None


def _cited_papers(answer: Answer) -> list[str]:
    from agent.qa.tools import PROFILE_SOURCE

    return list(
        dict.fromkeys(c for s in answer.sentences for c in s.citations if c != PROFILE_SOURCE)
    )


def citation_scores(answer: Answer, profile: Profile, ctx: EvalContext) -> dict[str, float | None]:
    """Citation validity of a non-refused answer; for answers drawn from retrieved evidence (not
    tool answers, whose counts no single passage states: exact match scores those), ALCE
    citation recall/precision by the verifier, and by the LLM judge with ``--llm-judge``."""
    if answer.refused:
        return {}
    passages = source_passages(profile)
    cited = [c for s in answer.sentences for c in s.citations]
    scores = {"citation_validity": citation_validity(cited, passages, drawn_from(answer, passages))}
    if str(getattr(answer, "route", "")).startswith("tool:"):
        return scores
    sentences = [CitedSentence(s.text, tuple(dict.fromkeys(s.citations))) for s in answer.sentences]
    verified = citation_support(sentences, passages, _verifier(ctx))
    scores |= {"citation_recall": verified.recall, "citation_precision": verified.precision}
    if ctx.llm_judge:
        judged = citation_support(sentences, passages, _llm_judge(ctx))
        scores |= {"citation_recall_llm": judged.recall, "citation_precision_llm": judged.precision}
    return scores


def source_passages(profile: Profile) -> dict[str, str]:
    """What each citable id stands for: a paper's record line, title and abstract; the header
    record for the profile pseudo-source."""
    from agent.qa.tools import PROFILE_SOURCE, header_record, paper_record

    passages = {p.id: "\n".join([paper_record(p), p.title, p.abstract]) for p in profile.papers}
    passages[PROFILE_SOURCE] = header_record(profile)
    return passages


def drawn_from(answer: Answer, passages: dict[str, str]) -> set[str]:
    """Sources whose evidence quotes all occur in the source itself: ids really retrieved."""
    found = set()
    for source in answer.sources:
        quotes = [q for q in source.evidence.split(QUOTE_JOIN) if q.strip()]
        text = passages.get(source.paper_id, "")
        if quotes and all(occurs_in(q, text) for q in quotes):
            found.add(source.paper_id)
    return found


def _verifier(ctx: EvalContext) -> Any:
    from agent.evals.judges import verifier_judge

    return ctx.memo(("judge", "verifier"), lambda: verifier_judge(retriever(ctx).embedder))


def _llm_judge(ctx: EvalContext) -> Any:
    from agent.llm.judge import llm_judge

    return ctx.memo(("judge", "llm"), lambda: llm_judge(ctx.judge_model()))
