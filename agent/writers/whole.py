"""Whole drafts from a strong model (``--draft whole``): the model writes each part of the draft
as prose from a fact sheet (the verified plan sentences, numbered sources and their evidence),
every sentence naming its sources and quoting the evidence it rests on. Every sentence is then
held to the gate that holds the grounded writer: its quote must be in the sources it names, and
it must verify against them as generated text (support, names and numbers, no contradiction, a
predicate), in the document's voice. Failures go back once with the reasons; what still fails
gives way to the grounded sentence that states the same sources' facts.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from agent.llm.prompting import render_prompt
from agent.text import occurs_in
from agent.writers.draft import DraftSentence

if TYPE_CHECKING:
    from agent.protocols import ChatModel
    from agent.writers.context import WriteContext

MAX_EVIDENCE = 4  # evidence sentences shown per source
MIN_SENTENCES = 2  # a part of fewer sentences keeps its verified wording
MAX_GROWTH = 1.25  # a part written longer than this times its verified length keeps that


class WrittenSentence(BaseModel):
    """One sentence as the model writes it."""

    text: str = Field(min_length=1)
    sources: list[int] = Field(default_factory=list)
    evidence: str = ""


class WrittenPart(BaseModel):
    """The model's prose for one part of the draft."""

    sentences: list[WrittenSentence] = Field(min_length=1)


def write_whole(
    chosen: list[DraftSentence],
    ctx: WriteContext,
    llm: ChatModel,
    guidance: str,
    window: tuple[float, float] | None,
) -> tuple[list[DraftSentence], str]:
    """Each part (section) rewritten whole and checked; the note says what was kept."""
    out: list[DraftSentence] = []
    kept = replaced = too_long = unreadable = 0
    for _, group in groupby(chosen, key=lambda s: s.section):
        part = list(group)
        prose = [s for s in part if not s.bullet]
        if len(prose) < MIN_SENTENCES:
            out += part
            continue
        part_out = _write_part(prose, ctx, llm, guidance)
        if part_out is None:  # no reply that parses: the verified text stays
            out += part
            unreadable += 1
            continue
        written, k, r = part_out
        grown = sum(s.words for s in written) > MAX_GROWTH * sum(s.words for s in prose)
        if grown and window is None:  # section limits hold the verified length
            written, k, r, too_long = prose, 0, 0, too_long + 1
        out += written + [s for s in part if s.bullet]
        kept, replaced = kept + k, replaced + r
    total = sum(s.words for s in out)
    if window is not None and not window[0] <= total <= window[1]:
        return chosen, (
            f"whole draft ({llm.model}) came to {total} words, outside "
            f"{window[0]:.0f}-{window[1]:.0f}: the verified sentences are shown instead"
        )
    kept_whole = [
        f"{too_long} parts came out too long" if too_long else "",
        f"{unreadable} parts got no reply that parses as the asked JSON" if unreadable else "",
    ]
    also = "".join(f"; {t}" for t in kept_whole if t)
    also += " (those keep their verified text)" if also else ""
    return out, (
        f"whole draft ({llm.model}): {kept} sentences written by the model verified, "
        f"{replaced} that did not verify gave way to verified sentences{also}."
    )


def _write_part(
    prose: list[DraftSentence], ctx: WriteContext, llm: ChatModel, guidance: str
) -> tuple[list[DraftSentence], int, int] | None:
    """The part as the model wrote it and checked, with (kept, replaced); None when no reply
    parsed."""
    numbers = _numbered_sources(prose)
    messages = [
        {"role": "system", "content": render_prompt("whole_draft_system", guidance=guidance)},
        {"role": "user", "content": _fact_sheet(prose, numbers, ctx)},
    ]
    from agent.llm.failures import StructuredOutputError

    try:
        part = llm.structured(WrittenPart, messages, max_retries=1, max_tokens=900)
        checked = [_check(s, numbers, ctx) for s in part.sentences]
        failures = [(i, c) for i, c in enumerate(checked, 1) if not c.ok]
        if failures:
            messages += [
                {"role": "assistant", "content": part.model_dump_json()},
                {"role": "user", "content": _fix_request(failures)},
            ]
            part = llm.structured(WrittenPart, messages, max_retries=1, max_tokens=900)
            checked = [_check(s, numbers, ctx) for s in part.sentences]
    except StructuredOutputError:
        return None
    return _with_fallbacks(checked, prose)


def _numbered_sources(prose: list[DraftSentence]) -> dict[int, str]:
    """Source number -> paper id, in order of first citation."""
    ids = list(dict.fromkeys(pid for s in prose for pid in s.citations))
    return {n: pid for n, pid in enumerate(ids, 1)}


def _fact_sheet(prose: list[DraftSentence], numbers: dict[int, str], ctx: WriteContext) -> str:
    back = {pid: n for n, pid in numbers.items()}
    facts = "\n".join(f"- {s.text} " + "".join(f"[{back[c]}]" for c in s.citations) for s in prose)
    sources = "\n".join(
        f"[{n}] " + " | ".join(ctx.evidence.get(pid, [])[:MAX_EVIDENCE])
        for n, pid in numbers.items()
    )
    words = sum(s.words for s in prose)
    return render_prompt("whole_draft_user", words=words, facts=facts, sources=sources)


def _check(sentence: WrittenSentence, numbers: dict[int, str], ctx: WriteContext) -> DraftSentence:
    """The model's sentence held to the gate: known sources, its quote in them, verified."""
    citations = [numbers[n] for n in dict.fromkeys(sentence.sources) if n in numbers]
    unknown = [n for n in sentence.sources if n not in numbers]
    text = sentence.text.strip()
    base = DraftSentence(text=text, citations=citations, rewritten=True)
    if unknown or not citations:
        why = f"names source {unknown[0]}, not in the fact sheet" if unknown else "names no source"
        return base.model_copy(update={"reason": why})
    cited = " ".join(e for pid in citations for e in ctx.evidence.get(pid, []))
    if not sentence.evidence.strip() or not occurs_in(sentence.evidence, cited):
        return base.model_copy(update={"reason": "its quoted evidence is not in its sources"})
    checked = ctx.check(text, citations, generated=True)
    return checked.model_copy(update={"rewritten": True})


def _fix_request(failures: list[tuple[int, DraftSentence]]) -> str:
    listed = "\n".join(f"{i}. {c.text} — {c.reason}" for i, c in failures)
    return render_prompt("whole_draft_fix", failures=listed)


def _with_fallbacks(
    checked: list[DraftSentence], prose: list[DraftSentence]
) -> tuple[list[DraftSentence], int, int]:
    """The verified sentences, each failing one replaced by the unused grounded sentence that
    shares the most of its sources (or dropped); grounded sentences whose sources no kept
    sentence cites are added back, so no fact of the plan is lost."""
    unused = list(prose)
    out: list[DraftSentence] = []
    kept = replaced = 0
    for sentence in checked:
        if sentence.ok:
            out.append(sentence)
            kept += 1
            continue
        match = max(
            unused, key=lambda g: len(set(g.citations) & set(sentence.citations)), default=None
        )
        if match is not None and set(match.citations) & set(sentence.citations):
            unused.remove(match)
            out.append(match)
        replaced += 1
    covered = {pid for s in out for pid in s.citations}
    for grounded in unused:
        if not set(grounded.citations) <= covered:
            out.append(grounded)
            covered |= set(grounded.citations)
    return out, kept, replaced
