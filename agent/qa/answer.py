"""Question -> route -> evidence -> extractive or LLM draft -> verifier -> Answer.

Aggregates are answered by tools over the structured profile; everything else from retrieved
sentences. Only verified sentences reach the answer; with none left, the answer is a refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from agent.facts import Fact, paper_label, quoted_title
from agent.models import Paper, Profile
from agent.qa.answer_models import Answer, AnswerSentence, Source
from agent.qa.evidence import MIN_RELEVANCE, EvidenceSet, gather, term_stems
from agent.qa.extractive import (
    SUMMARY_SENTENCES,
    AnswerDraft,
    from_evidence,
    from_tool,
    relevant_papers,
    summarise_paper,
)
from agent.qa.out_of_scope import NO_JUDGEMENT, asks_for_judgement, unrecorded_activity
from agent.qa.route import Route, route_question
from agent.qa.tools import PROFILE_SOURCE, PaperFilter, ToolResult, run_tool, select
from agent.settings import Settings
from agent.text import normalise, stem
from agent.verify.support import Verdict, verify_answer

if TYPE_CHECKING:
    from agent.protocols import ChatModel, Embedder
    from agent.qa.seams import SentenceRetriever

SentenceCallback = Callable[[AnswerSentence, list[str]], None]


def answer_question(
    question: str,
    profile: Profile,
    retriever: SentenceRetriever,
    settings: Settings,
    llm: ChatModel | None = None,
    history: Sequence[Answer] | None = None,
    on_sentence: SentenceCallback | None = None,
) -> Answer:
    """A cited answer from the profile (LLM-written when ``llm`` is given, always verified)."""
    previous = [(a.route_info, a.paper_ids) for a in history or () if a.route_info]
    route = route_question(
        question, profile, previous, embedder=_embedder_of(retriever), today=settings.as_of
    )
    if llm is not None and settings.llm_tools:
        from agent.qa.route_llm import llm_route

        route = llm_route(question, profile, llm, route)
    if route.kind == "tool" and route.scope:
        route = _scoped(question, route, profile, retriever)
    if route.tool == "metrics" and _years_other_than(route, settings.as_of.year):
        return refusal(question, route, text=_metrics_as_they_stand(route))
    text = normalise(question)
    if asks_for_judgement(text):
        return refusal(question, route, text=NO_JUDGEMENT)
    if unrecorded := unrecorded_activity(text):  # "which journals does he edit?"
        return refusal(question, route, text=unrecorded)
    if route.kind == "tool":
        return _from_tool(question, route, profile, settings, on_sentence, retriever)
    found = gather(question, route, profile, retriever)
    pointed = bool(found.sentences) and _of_named_papers(route, profile)
    if found.best() < MIN_RELEVANCE and not pointed:
        return refusal(question, route)
    if _filtered_miss(route, found):
        return refusal(question, route, text=none_in_filter(route, profile))
    return _from_evidence(question, route, found, profile, retriever, llm, on_sentence)


def _of_named_papers(route: Route, profile: Profile) -> bool:
    """The question points at papers ("the first one", "his paper" of his only one, "the OES
    paper") and asks nothing they do not name: their own sentences answer it."""
    named = [p for p in map(profile.paper, route.named or route.mentioned) if p is not None]
    said = term_stems(" ".join(f"{p.title} {p.abstract}" for p in named))
    return bool(named) and all(stem(w) in said for w in route.topic)


def _years_other_than(route: Route, year: int) -> bool:
    """The question asks for a span of years that is not just ``year`` ("h-index in 2019")."""
    asked = (route.filter.year_from, route.filter.year_to)
    return asked != (None, None) and asked != (year, year)


def _metrics_as_they_stand(route: Route) -> str:
    """A profile states its metrics as of the day it was taken, never for an earlier year."""
    start, end = route.filter.year_from, route.filter.year_to
    when = f"in {start}" if start is not None and start == end else route.filter.describe().strip()
    return (
        "The profile gives its h-index and citation counts as they stand; it does not say "
        f"what they were {when}."
    )


def _scoped(question: str, route: Route, profile: Profile, retriever: SentenceRetriever) -> Route:
    """A tool asked over a topic runs on the papers the topic's search finds; with none, the
    question is searched (and refused when nothing supports an answer)."""
    searched = route.model_copy(update={"kind": "search", "tool": None, "topic": route.scope})
    papers = relevant_papers(gather(question, searched, profile, retriever), limit=None)
    if route.outside:  # "which papers are not about LLMs?": the others
        others = [p.id for p in select(profile, route.filter) if p.id not in papers]
        update = {"paper_ids": others, "excluding": "about " + " ".join(route.scope)}
        return route.model_copy(update={"filter": route.filter.model_copy(update=update)})
    if not papers:
        return searched
    earlier = route.filter.paper_ids  # a follow-up's topic narrows the last answer's papers
    narrowed_from = None if earlier is None else len(earlier)
    update = {"paper_ids": papers, "about": " ".join(route.scope), "narrowed_from": narrowed_from}
    scoped = route.filter.model_copy(update=update)
    return route.model_copy(update={"filter": scoped})


def _embedder_of(retriever: SentenceRetriever | None) -> Embedder | None:
    """The retriever's embedder, for routing by meaning (none without a retriever)."""
    return retriever.embedder if retriever is not None else None


# tools whose own answer says how many papers they found (or that count none)
_SAYS_ITS_COUNT = frozenset({"metrics", "count_papers", "papers_with_code"})


def _from_tool(
    question: str,
    route: Route,
    profile: Profile,
    settings: Settings,
    on_sentence: SentenceCallback | None,
    retriever: SentenceRetriever | None = None,
) -> Answer:
    """Templated sentences from the tool's exact result (checked lexically: no embedder), and
    the ranked paper's own sentences when the question asks what it is about."""
    if route.tool == "research_areas":  # themes need the embedder the writers use
        from agent.embed.model import analysis_embedder
        from agent.qa.theme_tools import research_areas

        result = research_areas(profile, route.filter, analysis_embedder(settings), **route.options)
    else:
        result = run_tool(profile, route.tool or "", route.filter, **route.options)
    spanned = route.tool not in _SAYS_ITS_COUNT and route.filter.describe()
    if spanned and not select(profile, route.filter):  # "no papers from 2022 on", no empty table
        result = run_tool(profile, "count_papers", route.filter)
    if route.aspect and not result.unknown:  # "the DOI of his most cited paper"
        result = _with_aspect(result, route.aspect, profile)
    if result.unknown:  # the records lack what it needs: refused, saying what they lack
        return refusal(question, route, text=" ".join(f.text for f in result.facts))
    draft = from_tool(result, profile)
    embedder = None
    summarised = _summarised(result) if route.summarise else []
    if summarised and retriever is not None:  # "what is her latest paper about?", "summarise
        limit = SUMMARY_SENTENCES if len(summarised) == 1 else 1  # her 2023 papers"
        for paper_id in summarised:
            _add_summary(draft, question, route, paper_id, profile, retriever, limit)
        embedder = retriever.embedder  # their sentences are the papers', reported
    verdicts = verify_answer(draft.sentences, draft.evidence, draft.facts, embedder)
    answer = _finish(question, route, draft, verdicts, "extractive", profile, on_sentence)
    return answer.model_copy(update={"value": headline(result)})


def _with_aspect(ranking: ToolResult, aspect: str, profile: Profile) -> ToolResult:
    """The ranking's lead paper (every paper tied for the lead) with what ``aspect``'s tool
    says of it: its DOI, authors, venue or citations; unknown when the records lack that."""
    found = run_tool(profile, aspect, PaperFilter(paper_ids=ranking.paper_ids))
    if found.unknown or not found.facts:
        return found.model_copy(update={"unknown": True})
    lead = profile.paper(ranking.paper_ids[0]) if len(ranking.paper_ids) == 1 else None
    facts = [_as_it(fact, lead) for fact in found.facts] if lead else found.facts
    return ranking.model_copy(
        update={
            "facts": [*ranking.facts, *facts],
            "paper_ids": list(dict.fromkeys([*ranking.paper_ids, *found.paper_ids])),
        }
    )


def _as_it(fact: Fact, paper: Paper) -> Fact:
    """'"Title" (2006) appeared in X' after the sentence naming that paper: 'It appeared in X'."""
    for named in (paper_label(paper), quoted_title(paper)):
        if fact.text.startswith(f"{named} "):
            return fact.model_copy(update={"text": "It" + fact.text[len(named) :]})
    return fact


def _summarised(result: ToolResult) -> list[str]:
    """The papers whose own sentences follow their line: a ranking's first paper, or each paper
    of a listing (up to MAX_SUMMARISED)."""
    if result.tool == "list_papers":
        return list(result.value or [])[:MAX_SUMMARISED]
    cited = result.facts[0].citations if result.facts else []
    return cited[:1] if cited and cited[0] != PROFILE_SOURCE else []


MAX_SUMMARISED = 10  # papers of a listing given a sentence each


def _add_summary(
    draft: AnswerDraft,
    question: str,
    route: Route,
    paper_id: str,
    profile: Profile,
    retriever: SentenceRetriever,
    limit: int,
) -> None:
    """The paper's own most informative sentences (``limit`` of them), after the sentence that
    names it alone (after the first sentence when none does)."""
    searched = route.model_copy(update={"kind": "search", "tool": None, "named": [paper_id]})
    found = gather(question, searched, profile, retriever)
    summary = summarise_paper(found, paper_id, profile, limit)
    own = [i for i, s in enumerate(draft.sentences) if s.citations == [paper_id]]
    at = own[0] + 1 if own else 1
    draft.sentences[at:at] = summary.sentences
    for pid, lines in summary.evidence.items():
        known = draft.evidence.setdefault(pid, [])
        known.extend(line for line in lines if line not in known)
    for pid, quotes in summary.quotes.items():
        draft.quotes.setdefault(pid, []).extend(quotes)


def headline(result: ToolResult) -> Any:
    """The tool's exact value where one number or table answers the question, else None."""
    if result.tool in ("count_papers", "papers_per_year", "papers_per_category", "papers_per_kind"):
        return result.value
    stated = (
        {k: v for k, v in (result.value or {}).items() if k != "warnings"}
        if result.tool == "metrics"
        else {}
    )
    if len(stated) != 1:
        return None
    value = next(iter(stated.values()))
    return float(value.rstrip("%")) if isinstance(value, str) else value


def _from_evidence(
    question: str,
    route: Route,
    found: EvidenceSet,
    profile: Profile,
    retriever: SentenceRetriever,
    llm: ChatModel | None,
    on_sentence: SentenceCallback | None,
) -> Answer:
    draft = from_evidence(question, found, profile, route.topic)
    embedder = retriever.embedder
    if llm is None:
        verdicts = verify_answer(draft.sentences, draft.evidence, draft.facts, embedder)
        return _finish(question, route, draft, verdicts, "extractive", profile, on_sentence)
    from agent.qa.llm_answer import llm_draft

    written, verdicts, used_llm = llm_draft(
        question, found, draft, profile, llm, embedder, on_sentence
    )
    backend = "llm" if used_llm else "extractive"
    return _finish(question, route, written, verdicts, backend, profile, None)


def _finish(
    question: str,
    route: Route,
    draft: AnswerDraft,
    verdicts: list[Verdict],
    backend: str,
    profile: Profile,
    on_sentence: SentenceCallback | None,
) -> Answer:
    kept = [
        s.model_copy(update={"support": v.support})
        for s, v in zip(draft.sentences, verdicts, strict=True)
        if v.ok
    ]
    if not kept:
        return refusal(question, route, verdicts)
    sources = _sources(kept, draft, profile)
    order = [s.paper_id for s in sources]
    if on_sentence:
        for sentence in kept:
            on_sentence(sentence, order)
    paper_ids = [pid for pid in order if pid != PROFILE_SOURCE]
    return Answer(
        question=question,
        answer=render_text(kept, order),
        sentences=kept,
        sources=sources,
        backend=backend,
        verdicts=verdicts,
        route=_describe(route),
        route_info=route,
        paper_ids=paper_ids,
    )


def _filtered_miss(route: Route, found: EvidenceSet) -> bool:
    """A topic asked of a filtered set ('... with code') that no retrieved sentence names whole.

    A filter shrinks the pool, so the nearest sentence is near by default; only a sentence that
    covers every topic word may stand for the topic there.
    """
    if not route.topic or route.followup or not route.filter.describe():
        return False
    return all(s.coverage < 1.0 for s in found.sentences if s.usable)


def none_in_filter(route: Route, profile: Profile) -> str:
    """'None of the 3 papers with code in the profile mentions "graph neural networks".'"""
    count = len(select(profile, route.filter))
    scope = route.filter.describe()
    if not count:
        return f"The profile lists no papers{scope}."
    noun = "paper" if count == 1 else "papers"
    subject = f"The one {noun}" if count == 1 else f"None of the {count} {noun}"
    verb = "does not mention" if count == 1 else "mentions"
    return f'{subject}{scope} in the profile {verb} "{" ".join(route.topic)}".'


def refusal(
    question: str,
    route: Route,
    verdicts: list[Verdict] | None = None,
    text: str | None = None,
) -> Answer:
    """The plain refusal: nothing in the profile supports an answer, so nothing is cited."""
    text = text or f'The profile does not say anything that answers "{question.strip()}".'
    return Answer(
        question=question,
        answer=text,
        refused=True,
        backend="extractive",
        verdicts=verdicts or [],
        route=_describe(route),
        route_info=route,
    )


def _sources(sentences: list[AnswerSentence], draft: AnswerDraft, profile: Profile) -> list[Source]:
    order = dict.fromkeys(c for s in sentences for c in s.citations)
    return [_source(pid, draft, profile) for pid in order]


def _source(pid: str, draft: AnswerDraft, profile: Profile) -> Source:
    quotes = draft.quotes.get(pid) or draft.evidence.get(pid) or [""]
    evidence = " … ".join(dict.fromkeys(quotes))
    paper = profile.paper(pid)
    if paper is None:
        return Source(paper_id=pid, title=f"{profile.name}: profile header", evidence=evidence)
    return Source(paper_id=pid, title=paper.title, year=paper.year, evidence=evidence)


def render_text(sentences: list[AnswerSentence], order: list[str]) -> str:
    """Sentences joined, each with its source numbers before the final stop: 'Text [1][2].'"""
    return " ".join(cite_sentence(s, order) for s in sentences)


def cite_sentence(sentence: AnswerSentence, order: list[str]) -> str:
    """One sentence with its markers: runs of three or more numbers shortened to [4-9]."""
    numbers = sorted({order.index(c) + 1 for c in sentence.citations if c in order})
    marks = "".join(
        f"[{a}]" if a == b else f"[{a}]" + (f"[{b}]" if b == a + 1 else f"-[{b}]")
        for a, b in _runs(numbers)
    )
    text = sentence.text.rstrip()
    stop = text[-1] if text and text[-1] in ".!?" else ""
    body = text[:-1] if stop else text
    return f"{body} {marks}{stop or '.'}" if marks else text


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _describe(route: Route) -> str:
    if route.kind == "tool":
        text = f"tool:{route.tool}"
    else:
        text = "search" + (":followup" if route.followup else "")
    return text + (" (llm)" if route.router == "llm" else "")
