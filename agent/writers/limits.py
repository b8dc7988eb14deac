"""Drafts cut to a form field's character limit, whole sentences at a time.

A form counts what is pasted into it: the text as plain text prints it (headings, the prose with
its [n] markers), not the source list that follows it. Sentences go from the end of the longest
section first, a section's opening sentence last and the draft's first sentence never; a sentence
is never cut short, so what remains is as verified as before.
"""

from __future__ import annotations

from agent.errors import InputError
from agent.writers.draft import Draft, DraftSentence, cited, sections


def body_text(draft: Draft) -> str:
    """The draft's text as a form field holds it: plain text, without the source list."""
    parts: list[str] = []
    for section, sentences in sections(draft):
        if section and draft.kind != "bio":
            parts.append(section)
        parts.append(" ".join(cited(draft, s, markdown=False) for s in sentences))
    return "\n\n".join(p for p in parts if p)


def fit_characters(draft: Draft, limit: int) -> Draft:
    """``draft`` with sentences left out until ``body_text`` has at most ``limit`` characters;
    its sources renumbered to the sentences kept, and a note of what was left out."""
    kept = list(draft.sentences)
    fitted = draft
    while len(body_text(fitted)) > limit:
        victim = _least_needed(kept)
        if victim is None:
            raise InputError(
                "--max-chars",
                f"{limit} characters cannot hold the draft's first sentence "
                f"({len(body_text(fitted))} characters)",
                f"use at least {len(body_text(fitted))}, or fewer words",
            )
        kept.remove(victim)
        fitted = _with(draft, kept)
    if len(kept) == len(draft.sentences):
        return draft
    left = len(draft.sentences) - len(kept)
    note = (
        f"shortened to fit --max-chars {limit}: {left} sentence{'s' if left > 1 else ''} left "
        f"out ({len(body_text(fitted))} characters)"
    )
    return fitted.model_copy(update={"notes": [*fitted.notes, note]})


def _least_needed(sentences: list[DraftSentence]) -> DraftSentence | None:
    """The last sentence of the section with the most sentences, its opening sentence only when
    it is all that section has left; None when only the draft's first sentence remains."""
    grouped: dict[str, list[DraftSentence]] = {}
    for sentence in sentences:
        grouped.setdefault(sentence.section, []).append(sentence)
    firsts = {id(group[0]) for group in grouped.values()}
    pools = [[s for s in g if s is not sentences[0]] for g in grouped.values()]
    pools = [pool for pool in pools if pool]
    if not pools:
        return None
    longest = max(pools, key=len)
    spare = [s for s in longest if id(s) not in firsts]
    return (spare or longest)[-1]


def _with(draft: Draft, sentences: list[DraftSentence]) -> Draft:
    """The draft holding only ``sentences``, its sources numbered by first citation again."""
    by_id = {s.paper_id: s for s in draft.sources}
    order: dict[str, int] = {}
    for sentence in sentences:
        for pid in sentence.citations:
            order.setdefault(pid, len(order) + 1)
    sources = [by_id[pid].model_copy(update={"n": n}) for pid, n in order.items() if pid in by_id]
    return draft.model_copy(update={"sentences": sentences, "sources": sources})
