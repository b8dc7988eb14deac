"""The LLM answerer: numbered, quoted evidence in; sentences with [n] citations out, each verified
as it streams; a sentence that fails is replaced by the extractive sentence in its place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from agent.llm.prompting import echoed_fragment, prompt_fragments, render_prompt
from agent.models import Profile
from agent.qa.answer_models import AnswerSentence
from agent.qa.evidence import EvidenceSentence, EvidenceSet
from agent.qa.extractive import AnswerDraft, condense, relevant_papers
from agent.qa.tools import paper_label, paper_record
from agent.text import numbers_in, persons, split_sentences
from agent.untrusted import wrap_untrusted
from agent.verify.support import SemanticScorer, Verdict, lexical_support, verify_sentence

if TYPE_CHECKING:
    from agent.protocols import ChatModel, Embedder

MAX_EVIDENCE = 4
MAX_EVIDENCE_CHARS = 700
"""Evidence sentences stop at this many characters (the best two always go in): on CPU the first
token waits for every prompt token, and a few long abstract sentences would double the wait."""
MAX_TOKENS = 220
_ECHO = re.compile(
    r"^(?:(?:evidence|answer|question|sources?)\b[^:]{0,40}:\s*|\(?\d{1,2}[.)]\s+"
    r"|[-*•]\s+)+",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;-]\s*\d+)*)\]")
_ASKS_QUANTITY = re.compile(
    r"\bhow (?:many|much|large|big|small|long|fast|often|accurate|well)\b"
    r"|\bwhat (?:accuracy|percentage|proportion|rate|number|size|score|speed-?up)\b",
    re.IGNORECASE,
)

_AUTHORS_VOICE = frozenset({"I", "we", "you"})
"""Persons an answer about a researcher never speaks in: an abstract's "we propose ..." copied
into an answer leaves unsaid who "we" are (seen from SmolLM2: "We term our approach mQO")."""

SentenceCallback = Callable[[AnswerSentence, list[str]], None]


def numbered_evidence(found: EvidenceSet) -> list[EvidenceSentence]:
    """The usable abstract sentences of the relevant papers (the MAX_EVIDENCE best, within
    MAX_EVIDENCE_CHARS), grouped by paper: the paper of the best sentence first, each paper's
    sentences best first."""
    papers = set(relevant_papers(found))
    pool = [s for s in found.sentences if s.usable and s.index > 0 and s.paper_id in papers]
    best: list[EvidenceSentence] = []
    chars = 0
    for sentence in pool[:MAX_EVIDENCE]:
        chars += len(sentence.text)
        if len(best) >= 2 and chars > MAX_EVIDENCE_CHARS:
            break
        best.append(sentence)
    order = list(dict.fromkeys(s.paper_id for s in best))
    return sorted(best, key=lambda s: order.index(s.paper_id))  # grouped by paper, best first


def build_messages(
    question: str, profile: Profile, numbered: list[EvidenceSentence]
) -> list[dict[str, str]]:
    """Fixed system rules (a prefix the llama.cpp server keeps evaluated between requests) plus
    the user turn: each paper's title once, then its numbered sentences, as untrusted data."""
    lines: list[str] = []
    for n, s in enumerate(numbered, 1):
        if n == 1 or numbered[n - 2].paper_id != s.paper_id:
            paper = profile.paper(s.paper_id)
            lines.append(f"Paper: {paper_label(paper) if paper else s.paper_id}")
        lines.append(f"[{n}] {s.text}")
    return [_system(), {"role": "user", "content": _user(profile.name, "\n".join(lines), question)}]


def answer_prefix() -> list[dict[str, str]]:
    """What every answer request starts with, whatever the question and profile: the system
    turn and the head of the user turn, for the embedded server to keep evaluated
    (``open_llm(prime=...)``)."""
    marker = "\x00"
    user = _user(marker, marker, marker)
    return [_system(), {"role": "user", "content": user[: user.index(marker)]}]


@cache
def _scaffolding() -> tuple[str, ...]:
    """The answer prompts' wording ("untrusted data", "in square brackets"), which an answer
    sentence never needs; the refusal the rules prescribe is allowed."""
    rules = prompt_fragments("answer", min_words=3) - {"the profile does not say"}
    return tuple(sorted(prompt_fragments("answer_user") | rules))


def _system() -> dict[str, str]:
    return {"role": "system", "content": render_prompt("answer")}


def _user(researcher: str, evidence: str, question: str) -> str:
    return render_prompt(
        "answer_user",
        researcher=researcher,
        evidence=wrap_untrusted("abstracts", evidence),
        question=question.strip(),
    )


def parse_citations(sentence: str) -> tuple[str, list[int]]:
    """'Text [1][3].' -> ('Text.', [1, 3]); ranges like [2-4] are expanded."""
    numbers: list[int] = []
    for group in _MARKER.findall(sentence):
        for part in re.split(r"\s*[,;]\s*", group):
            low, _, high = part.partition("-")
            numbers += range(int(low), int(high or low) + 1)
    text = _ECHO.sub("", _MARKER.sub("", sentence).strip())
    text = re.sub(r"\s+([.!?,;:])", r"\1", text).strip()
    return text, list(dict.fromkeys(numbers))


def sentences_of_stream(pieces: Iterable[str]) -> Iterator[str]:
    """Complete sentences from a token stream, each as soon as the next one begins."""
    buffer, done = "", 0
    for piece in pieces:
        buffer += piece
        parts = split_sentences(buffer)
        while done < len(parts) - 1:
            yield parts[done]
            done += 1
    yield from split_sentences(buffer)[done:]


def llm_draft(
    question: str,
    found: EvidenceSet,
    extractive: AnswerDraft,
    profile: Profile,
    llm: ChatModel,
    embedder: Embedder,
    on_sentence: SentenceCallback | None = None,
) -> tuple[AnswerDraft, list[Verdict], bool]:
    """The LLM's verified sentences (fallbacks in place); False when none of its own survived."""
    numbered = numbered_evidence(found)
    if not numbered:
        return extractive, _verify_all(extractive, embedder), False
    evidence = _evidence_of(numbered, profile, extractive)
    writer = _Writer(extractive, evidence, SemanticScorer(embedder), on_sentence)
    stream = llm.stream(build_messages(question, profile, numbered), max_tokens=MAX_TOKENS)
    for i, raw in enumerate(sentences_of_stream(stream)):
        writer.take(i, raw, numbered)
    writer.cover_missing_papers()
    if _ASKS_QUANTITY.search(question):
        writer.cover_missing_numbers()
    if not writer.own:
        draft, verdicts = _all_extractive(writer, extractive, embedder)
        return draft, verdicts, False
    return writer.draft, writer.verdicts, True


def _all_extractive(
    writer: _Writer, extractive: AnswerDraft, embedder: Embedder
) -> tuple[AnswerDraft, list]:
    """The extractive answer, after the LLM's rejected sentences (kept for --explain)."""
    failed = [
        (s, v)
        for s, v in zip(writer.draft.sentences, writer.verdicts, strict=True)
        if not v.ok and not v.reason.startswith("extractive")
    ]
    draft = extractive.model_copy(
        update={
            "sentences": [s for s, _ in failed] + extractive.sentences,
            "evidence": writer.draft.evidence,
        }
    )
    return draft, [v for _, v in failed] + _verify_all(extractive, embedder)


def _evidence_of(
    numbered: list[EvidenceSentence], profile: Profile, extractive: AnswerDraft
) -> dict[str, list[str]]:
    evidence = {pid: list(lines) for pid, lines in extractive.evidence.items()}
    for s in numbered:
        paper = profile.paper(s.paper_id)
        extra = [s.text] + ([paper.title, paper_record(paper)] if paper else [])
        known = evidence.setdefault(s.paper_id, [])
        known.extend(e for e in extra if e not in known)
    return evidence


def _quote_for(text: str, quotes: list[str]) -> str:
    """The quoted evidence sentence an extractive sentence was condensed from."""
    return next((q for q in quotes if condense(q) in text), quotes[0] if quotes else "")


def _verify_all(draft: AnswerDraft, embedder: Embedder) -> list[Verdict]:
    from agent.verify.support import verify_answer

    return verify_answer(draft.sentences, draft.evidence, draft.facts, embedder)


class _Writer:
    """Collects verified LLM sentences, swapping in extractive ones where the LLM's fail."""

    def __init__(
        self,
        extractive: AnswerDraft,
        evidence: dict[str, list[str]],
        scorer: SemanticScorer,
        on_sentence: SentenceCallback | None,
    ) -> None:
        self.extractive = extractive
        self.draft = AnswerDraft(evidence=evidence, facts=list(extractive.facts))
        self.scorer = scorer
        self.on_sentence = on_sentence
        self.verdicts: list[Verdict] = []
        self.used: set[int] = set()
        self.own = 0

    def take(self, i: int, raw: str, numbered: list[EvidenceSentence]) -> None:
        """Verify LLM sentence ``i``; keep it, or put extractive sentence ``i`` in its place."""
        text, numbers = parse_citations(raw)
        if not re.search(r"[^\W\d_]{2}", text):
            return
        quoted = [numbered[n - 1] for n in numbers if 0 < n <= len(numbered)]
        cites = [numbered[n - 1].paper_id if 0 < n <= len(numbered) else f"[{n}]" for n in numbers]
        if not numbers:
            quoted = [self._attribute(text, numbered)]
            cites = [quoted[0].paper_id]
        verdict = verify_sentence(
            text,
            list(dict.fromkeys(cites)),
            self.draft.evidence,
            self.draft.facts,
            self.scorer,
            generated=True,
        )
        voice = persons(text) & _AUTHORS_VOICE
        if verdict.ok and voice:
            verdict.ok = False
            verdict.reason = f"speaks as the paper's authors ('{sorted(voice)[0]}'), not about them"
        elif verdict.ok and (echo := echoed_fragment(text, _scaffolding())):
            verdict.ok = False
            verdict.reason = f"repeats the prompt's own words ('{echo}')"
        if verdict.ok:
            self.own += 1
            self._keep(
                AnswerSentence(text=text, citations=verdict.citations),
                verdict,
                {q.paper_id: q.text for q in quoted},
            )
            return
        self._record(AnswerSentence(text=text, citations=verdict.citations), verdict)
        self._fallback(i, verdict.reason)

    def _attribute(self, text: str, numbered: list[EvidenceSentence]) -> EvidenceSentence:
        """For a sentence the model left uncited: its closest evidence sentence (whose paper the
        verifier then checks it against, like any other citation)."""
        scores = [
            self.scorer.best(text, [s.text]) or lexical_support(text, [s.text]) for s in numbered
        ]
        return numbered[max(range(len(numbered)), key=scores.__getitem__)]

    def kept(self) -> Iterator[AnswerSentence]:
        """The sentences kept so far (the LLM's verified ones and extractive stand-ins)."""
        return (s for s, v in zip(self.draft.sentences, self.verdicts, strict=True) if v.ok)

    def cover_missing_papers(self) -> None:
        """Add the extractive sentence of every paper no kept sentence cites, so the LLM cannot
        shrink a 'which papers' answer."""
        cited = {c for s in self.kept() for c in s.citations}
        for i, sentence in enumerate(self.extractive.sentences):
            if not set(sentence.citations) <= cited:
                self._fallback(i, "its paper is missing from the LLM's answer")
                cited |= set(sentence.citations)

    def cover_missing_numbers(self) -> None:
        """For a question that asks for a quantity: add each extractive sentence whose numbers
        no kept sentence states ("How many languages does GlobMed cover?" answered without
        "12" was seen from SmolLM2, verified: it said other true things)."""
        stated = {n for s in self.kept() for n in numbers_in(s.text)}
        for i, sentence in enumerate(self.extractive.sentences):
            numbers = set(numbers_in(sentence.text))
            if numbers and not numbers & stated:
                self._fallback(i, "it states the numbers the LLM's answer leaves out")
                stated |= numbers

    def _fallback(self, i: int, why: str) -> None:
        if i >= len(self.extractive.sentences) or i in self.used:
            return
        self.used.add(i)
        sentence = self.extractive.sentences[i]
        verdict = verify_sentence(
            sentence.text, sentence.citations, self.draft.evidence, self.draft.facts, self.scorer
        )
        verdict.reason = f"extractive replacement ({why}); {verdict.reason}"
        quotes = {
            pid: _quote_for(sentence.text, self.extractive.quotes.get(pid, []))
            for pid in sentence.citations
        }
        self._keep(sentence, verdict, quotes)

    def _keep(self, sentence: AnswerSentence, verdict: Verdict, quotes: dict[str, str]) -> None:
        self._record(sentence, verdict)
        if not verdict.ok:
            return
        for pid, quote in quotes.items():
            known = self.draft.quotes.setdefault(pid, [])
            if quote not in known:
                known.append(quote)
        if self.on_sentence:
            order = list(dict.fromkeys(c for s in self.kept() for c in s.citations))
            self.on_sentence(sentence.model_copy(update={"support": verdict.support}), order)

    def _record(self, sentence: AnswerSentence, verdict: Verdict) -> None:
        self.draft.sentences.append(sentence)
        self.verdicts.append(verdict)
