"""The optional LLM pass: reword each sentence for fluency, keep it only if it still verifies.

The LLM sees one sentence and its cited evidence at a time; its reply must pass the same verifier
and house style as the default wording, and stay near its length, or the default wording stays.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from agent.prompting import render_prompt
from agent.text import content_words, normalise, split_sentences
from agent.verify import stem
from agent.writers.draft import DraftSentence

if TYPE_CHECKING:
    from agent.write import WriteContext

LENGTH_DRIFT = 0.25
"""A rewrite may be at most this much longer or shorter (in words) than the default wording."""
_EVIDENCE_CHARS = 600


def rewrite_all(
    sentences: list[DraftSentence],
    ctx: WriteContext,
    llm: Any,
    guidance: str,
    window: tuple[float, float] | None,
) -> tuple[list[DraftSentence], str]:
    """Each sentence reworded and re-verified; then rewrites undone until the length fits."""
    out = [rewrite_one(s, ctx, llm, guidance) for s in sentences]
    if window is not None:
        out = _restore_length(out, sentences, window)
    kept = sum(1 for s in out if s.rewritten)
    return out, (
        f"LLM rewrite ({llm.model}): {kept} of {len(out)} sentences reworded and "
        "verified; the rest keep the default wording."
    )


def rewrite_evidence(text: str, citations: list[str], evidence: dict[str, list[str]]) -> str:
    """What the sentence says of each cited paper: its record line (title, date, authors), then
    its evidence lines that share the most content words with the sentence, within
    _EVIDENCE_CHARS in all. The rest of an abstract only lengthens the prompt (whose every token
    the first streamed one waits for) and gives a small model more to drift to."""
    wanted = {stem(w) for w in content_words(text)}
    per_paper = []
    for pid in citations:
        record, *lines = evidence.get(pid, []) or [""]
        overlap = [len(wanted & {stem(w) for w in content_words(line)}) for line in lines]
        ranked = [lines[i] for i in sorted(range(len(lines)), key=lambda i: -overlap[i])]
        per_paper.append([record, *(line for line in ranked if line)])
    chosen: list[str] = []
    budget = _EVIDENCE_CHARS
    for depth in range(max((len(p) for p in per_paper), default=0)):
        for lines in per_paper:  # each paper's record first, then each paper's best line, ...
            if depth < len(lines) and lines[depth] and len(lines[depth]) <= budget:
                chosen.append(lines[depth])
                budget -= len(lines[depth]) + 1
    return "\n".join(chosen)


def rewrite_prefix(guidance: str) -> list[dict[str, str]]:
    """The system turn of every rewrite request of one document: the same for all of its
    sentences, so the embedded server keeps it evaluated (``open_llm(prime=...)``)."""
    return [{"role": "system", "content": render_prompt("rewrite_system", guidance=guidance)}]


def rewrite_one(
    sentence: DraftSentence, ctx: WriteContext, llm: Any, guidance: str
) -> DraftSentence:
    """The LLM's wording when it verifies and keeps the length; else ``sentence`` unchanged."""
    if sentence.bullet:
        return sentence
    evidence = rewrite_evidence(sentence.text, sentence.citations, ctx.evidence)
    prompt = render_prompt("rewrite_sentence", sentence=sentence.text, evidence=evidence)
    messages = [*rewrite_prefix(guidance), {"role": "user", "content": prompt}]
    reply = clean_reply(llm.complete(messages, max_tokens=120))
    if not reply or reply == sentence.text:
        return sentence
    drift = abs(len(reply.split()) - sentence.words) / max(sentence.words, 1)
    checked = ctx.check(reply, sentence.citations)
    papers = [ctx.material.profile.paper(c) for c in sentence.citations]
    titles = [p.title for p in papers if p is not None]
    if not checked.ok or drift > LENGTH_DRIFT or rewrite_problem(reply, sentence.text, titles):
        return sentence
    return sentence.model_copy(
        update={
            "text": reply,
            "support": checked.support,
            "rewritten": True,
            "default_text": sentence.text,
        }
    )


_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")


def rewrite_problem(reply: str, original: str, titles: list[str]) -> str:
    """Why a verified rewrite still may not replace ``original`` ('' when it may): a quoted
    span the original does not quote word for word (a misquoted title), a bare title, or a
    second sentence (the verifier judges one sentence; a tail like 'Our approach is supported
    by theoretical results on.' would ride on the first one's support)."""
    if len(split_sentences(reply)) > 1:
        return "more than one sentence"
    quoted = {q.strip() for q in _QUOTED.findall(original)}
    wrong = [q for q in _QUOTED.findall(reply) if q.strip() not in quoted]
    if wrong:
        return f"quotes {wrong[0]!r}, which the sentence does not"
    bare = normalise(_QUOTED.sub(r"\1", reply).rstrip("."))
    if any(bare == normalise(t) for t in titles):
        return "only a title, not a sentence"
    return ""


def clean_reply(reply: str) -> str:
    """The first line of the reply without quotes, labels or [n] markers, ending in a stop."""
    line = next((ln.strip() for ln in reply.strip().splitlines() if ln.strip()), "")
    line = re.sub(r"^(?:rewritten sentence|sentence|rewrite)\s*:\s*", "", line, flags=re.I)
    line = re.sub(r"\s*\[\d+\]", "", line).strip().strip("\"'“”").strip()
    if line and not line.endswith((".", "!", "?")):
        line += "."
    return line


def _restore_length(
    out: list[DraftSentence], default: list[DraftSentence], window: tuple[float, float]
) -> list[DraftSentence]:
    """Undo rewrites, the biggest length change first, until the total is inside ``window``."""
    lo, hi = window
    out = list(out)
    order = sorted(range(len(out)), key=lambda i: -abs(out[i].words - default[i].words))
    for i in order:
        total = sum(s.words for s in out)
        if lo <= total <= hi:
            break
        if out[i].rewritten:
            out[i] = default[i]
    return out
