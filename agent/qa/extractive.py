"""The default answerer, no LLM: tool facts as templated sentences, or condensed evidence sentences.

An ``AnswerDraft`` is an answer before verification: its sentences, the evidence each source
contributes (what the verifier checks against), and the exact sentences quoted for each source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, Field

from agent.models import Paper, Profile
from agent.qa.answer_models import AnswerSentence
from agent.qa.evidence import MIN_RELEVANCE, EvidenceSentence, EvidenceSet, term_stems
from agent.qa.reported import reported
from agent.qa.tools import PROFILE_SOURCE, ToolResult, header_record, paper_label, paper_record
from agent.text import stem

PAPER_MARGIN = 0.16  # papers within this of the best one also answer a "which papers" question
MAX_PAPERS = 6  # papers an LLM's prompt holds
LISTED_PAPERS = 10  # papers a "which papers" answer lists
SUMMARY_SENTENCES = 3
_CONNECTIVE = re.compile(
    r"^(?:however|moreover|furthermore|additionally|in addition|specifically|notably|"
    r"in this (?:paper|work|study)|to this end|finally|first|second|third|then|thus|hence|"
    r"therefore|consequently|in particular|overall|as a result)\s*,\s*",
    re.IGNORECASE,
)
_CITATION_PAREN = re.compile(
    r"\s*\((?:[A-Z][\w-]+ (?:et al\.|and [A-Z][\w-]+),? \d{4}[a-z]?"
    r"(?:;\s*)?)+\)"
)
_CONTRIBUTION = re.compile(
    r"\b(?:we|this (?:paper|work|study)|our (?:method|approach|framework))"
    r"\s+(?:\w+\s+)?(?:propose|introduce|present|develop|show|prove|study|"
    r"analy[sz]e|establish|demonstrate)",
    re.IGNORECASE,
)
_DANGLING = re.compile(r"(?:they|it|this|these|those|such|its|their)\b", re.IGNORECASE)
_PLURAL_ASK = re.compile(
    r"\b(?:which|what|list|any)\b.*\bpapers\b|\bpapers (?:about|on|that)\b", re.IGNORECASE
)


class AnswerDraft(BaseModel):
    """Sentences before the verifier, with the evidence behind every source they may cite."""

    sentences: list[AnswerSentence] = Field(default_factory=list)
    evidence: dict[str, list[str]] = Field(default_factory=dict)
    quotes: dict[str, list[str]] = Field(default_factory=dict)
    facts: list[str] = Field(default_factory=list)


def from_tool(result: ToolResult, profile: Profile) -> AnswerDraft:
    """Templated sentences of a tool result; each source's evidence is its own record line."""
    draft = AnswerDraft(facts=[f.text for f in result.facts] + [header_record(profile)])
    for fact in result.facts:
        draft.sentences.append(AnswerSentence(text=fact.text, citations=list(fact.citations)))
        for pid in fact.citations:
            line = header_record(profile) if pid == PROFILE_SOURCE else _record_of(profile, pid)
            draft.evidence.setdefault(pid, [line])
            draft.quotes.setdefault(pid, [line])
    return draft


def _record_of(profile: Profile, paper_id: str) -> str:
    paper = profile.paper(paper_id)
    return paper_record(paper) if paper else ""


def from_evidence(
    question: str, found: EvidenceSet, profile: Profile, topic: Sequence[str] = ()
) -> AnswerDraft:
    """Evidence sentences for a topical question: one per paper, or a summary of one paper;
    ``topic``: the question's key terms, which a paper's quoted sentence holds when it can."""
    papers = _one_per_work(relevant_papers(found, limit=None), profile)[:LISTED_PAPERS]
    if not papers:
        return AnswerDraft()
    if found.named or (len(papers) == 1 and not _PLURAL_ASK.search(question)):
        return summarise_paper(found, (found.named or papers)[0], profile)
    return one_per_paper(found, papers, profile, topic)


def _one_per_work(papers: list[str], profile: Profile) -> list[str]:
    """One copy of each work (an ORCID record lists some twice): its fullest record."""
    from agent.sources.merge import distinct_works

    listed = [p for p in (profile.paper(pid) for pid in papers) if p is not None]
    fullest = [
        max(w, key=lambda p: (bool(p.abstract), bool(p.venue), bool(p.year)))
        for w in distinct_works(listed)
    ]
    return [p.id for p in fullest]


def relevant_papers(found: EvidenceSet, limit: int | None = MAX_PAPERS) -> list[str]:
    """Papers whose best usable sentence clears MIN_RELEVANCE and is near the best paper's, or
    whose own title names every key term of the question ("QuEST: Low-bit Diffusion Model
    Quantization" answers "diffusion models" however its title embeds), best first (the
    ``limit`` best; all of them with None)."""
    best: dict[str, float] = {}
    titled: set[str] = set()
    for s in found.sentences:
        if s.usable:
            best[s.paper_id] = max(best.get(s.paper_id, 0.0), s.relevance)
            if s.title_coverage >= 1.0:
                titled.add(s.paper_id)
    if found.named:
        return [pid for pid in found.named if pid in best]
    top = max(best.values(), default=0.0)
    keep = [  # a title naming every key term counts however far its wording embeds from the
        pid  # question's ("RPTQ: ... for Large Language Models" for "papers about LLMs?")
        for pid, score in best.items()
        if top >= MIN_RELEVANCE
        and ((score >= MIN_RELEVANCE and score >= top - PAPER_MARGIN) or pid in titled)
    ]
    return sorted(keep, key=best.get, reverse=True)[:limit]


def one_per_paper(
    found: EvidenceSet, papers: list[str], profile: Profile, topic: Sequence[str] = ()
) -> AnswerDraft:
    """'"Title" (year): best sentence.' for each relevant paper: of its sentences that name
    the most key terms of the question (title aside), the best."""
    draft = AnswerDraft()
    wanted = {stem(w) for w in topic}
    for pid in papers:
        paper = profile.paper(pid)
        chosen = _best_body_sentence(_naming_most(found.of_paper(pid), wanted))
        if paper is not None and chosen is None and not paper.abstract:
            _add_title_only(draft, paper)
        if paper is None or chosen is None:
            continue
        text = f"{paper_label(paper)}: {reported(condense(chosen.text))}"
        _add(draft, text, pid, [paper.title, chosen.text, paper_record(paper)], chosen.text)
    return draft


def _add_title_only(draft: AnswerDraft, paper: Paper) -> None:
    """A paper the source lists without an abstract: its title and venue, said to be all."""
    venue = f", in {paper.venue}" if paper.venue else ""
    text = f"{paper_label(paper)}{venue}; {_NO_ABSTRACT}."
    record = paper_record(paper)
    _add(draft, text, paper.id, [paper.title, record, _NO_ABSTRACT], paper.title)


_NO_ABSTRACT = "the profile gives no abstract for it"
"""What the record shows by its empty abstract field, stated as part of its evidence."""


def summarise_paper(
    found: EvidenceSet, paper_id: str, profile: Profile, limit: int = SUMMARY_SENTENCES
) -> AnswerDraft:
    """Up to ``limit`` of the paper's most informative relevant sentences, in order."""
    paper = profile.paper(paper_id)
    pool = [s for s in found.of_paper(paper_id) if s.usable and s.index > 0]
    ranked = sorted(pool, key=_summary_score, reverse=True)[:limit]
    draft = AnswerDraft()
    if paper is not None and not paper.abstract:
        _add_title_only(draft, paper)
    for s in sorted(ranked, key=lambda s: s.index):
        _add(
            draft,
            reported(condense(s.text)),
            paper_id,
            [paper.title, s.text, paper_record(paper)] if paper else [s.text],
            s.text,
        )
    return draft


def _summary_score(s: EvidenceSentence) -> float:
    bonus = 0.15 if _CONTRIBUTION.search(s.text) else 0.0
    penalty = 0.3 if re.search(r"\bcode\b.*\bavailable\b|https?://", s.text, re.I) else 0.0
    penalty += 0.2 if len(s.text.split()) < 7 else 0.0
    penalty += 0.15 if _DANGLING.match(condense(s.text)) else 0.0
    return s.relevance + bonus - penalty - 0.01 * s.index


def _naming_most(sentences: list[EvidenceSentence], wanted: set[str]) -> list[EvidenceSentence]:
    """The usable body sentences naming the most of ``wanted`` in their own words (all of
    them when none names any)."""
    body = [s for s in sentences if s.usable and s.index > 0]
    if not wanted or not body:
        return body
    named = {id(s): len(wanted & term_stems(s.text)) for s in body}
    most = max(named.values())
    return [s for s in body if named[id(s)] == most] if most else body


def _best_body_sentence(sentences: list[EvidenceSentence]) -> EvidenceSentence | None:
    body = [s for s in sentences if s.usable and s.index > 0]
    return max(body, key=_summary_score, default=None)


def _add(draft: AnswerDraft, text: str, pid: str, evidence: list[str], quote: str) -> None:
    draft.sentences.append(AnswerSentence(text=text, citations=[pid]))
    known = draft.evidence.setdefault(pid, [])
    known.extend(e for e in evidence if e not in known)
    draft.quotes.setdefault(pid, []).append(quote)


def condense(sentence: str) -> str:
    """Drop a leading connective and parenthetical references; keep the claim word for word."""
    text = _CITATION_PAREN.sub("", sentence).strip()
    for _ in range(2):
        text = _CONNECTIVE.sub("", text)
    text = re.sub(r"\\url\{([^}]*)\}", r"\1", text)
    return text[:1].upper() + text[1:] if text else text
