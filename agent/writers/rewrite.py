"""The optional LLM pass: reword each sentence for fluency, keep it only if it still verifies.

The LLM sees one sentence at a time, and only the sentence: its facts were chosen and verified
already, so the task is wording, and evidence in the prompt only tempted SmolLM2 to copy it ("We
introduce ...", record lines) and made the first token wait for a longer prompt. The reply must
pass the same verifier (against the sentence's cited evidence) and house style as the default
wording, keep its names, titles, persons and nearly all its words, and stay near its length, or
the default wording stays.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from agent.llm.prompting import render_prompt
from agent.text import content_words, normalise, persons, split_sentences, stem, words
from agent.verify.entailment import contradiction
from agent.verify.support import has_term, key_terms
from agent.writers.draft import DraftSentence

if TYPE_CHECKING:
    from agent.protocols import ChatModel
    from agent.writers.context import WriteContext

LENGTH_DRIFT = 0.25
"""A rewrite may be at most this much longer or shorter (in words) than the default wording."""
NEW_WORDS = 3
"""A rewrite may use at most this many content words the default wording does not."""
KEPT_WORDS = 0.8
"""... and must keep at least this share of the default wording's content words."""


def rewrite_all(
    sentences: list[DraftSentence],
    ctx: WriteContext,
    llm: ChatModel,
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


def rewrite_prefix(guidance: str) -> list[dict[str, str]]:
    """The system turn of every rewrite request of one document: the same for all of its
    sentences, so the embedded server keeps it evaluated (``open_llm(prime=...)``)."""
    return [{"role": "system", "content": render_prompt("rewrite_system", guidance=guidance)}]


def rewrite_one(
    sentence: DraftSentence, ctx: WriteContext, llm: ChatModel, guidance: str
) -> DraftSentence:
    """The LLM's wording when it verifies and keeps the length; else ``sentence`` unchanged."""
    if sentence.bullet:
        return sentence
    prompt = render_prompt("rewrite_sentence", sentence=sentence.text)
    messages = [*rewrite_prefix(guidance), {"role": "user", "content": prompt}]
    reply = _curly_quotes(clean_reply(llm.complete(messages, max_tokens=120)), sentence.text)
    if not reply or words(reply) == words(sentence.text):
        return sentence  # the same words: a change of case or punctuation is no rewording
    drift = abs(len(reply.split()) - sentence.words) / max(sentence.words, 1)
    checked = ctx.check(reply, sentence.citations, generated=True)
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
    """Why a verified rewrite still may not replace ``original`` ('' when it may). Support is
    judged on meaning, so the gate checks the form itself. Seen from SmolLM2: a second sentence
    riding on the first one's support; a misquoted, dropped or bare title; an abstract's "We
    introduce ..." copied into a third-person bio; a record line copied instead of the sentence;
    a name or acronym dropped ("through the Edge of Stability (EoS) framework" -> "through EoS
    framework")."""
    if len(split_sentences(reply)) > 1:
        return "more than one sentence"
    quoted = {q.strip() for q in _QUOTED.findall(original)}
    kept = {q.strip() for q in _QUOTED.findall(reply)}
    wrong = sorted(kept - quoted)
    if wrong:
        return f"quotes {wrong[0]!r}, which the sentence does not"
    bare = normalise(_QUOTED.sub(r"\1", reply).rstrip("."))
    if any(bare == normalise(t) for t in titles):
        return "only a title, not a sentence"
    if quoted - kept:
        return f"drops the quoted {sorted(quoted - kept)[0]!r}"
    flipped = contradiction(reply, original)
    if flipped:
        return f"says the opposite of the sentence: {flipped}"
    added = persons(reply) - persons(original)
    if added:
        return f"speaks of {', '.join(sorted(added))}, which the sentence does not"
    lost = [t for t in _named(original) if not has_term(reply, t)]
    if lost:
        return f"drops {lost[0]!r}"
    added_terms = [t for t in _named(reply) if not has_term(original, t)]
    if added_terms:
        return f"adds {added_terms[0]!r}"
    return word_change(reply, original)


def word_change(reply: str, original: str) -> str:
    """Too many content words lost or added ('' when within KEPT_WORDS and NEW_WORDS): seen
    from SmolLM2, "(deep) linear networks (DLNs) within the deep matrix factorization loss"
    became "(deep) neural networks (DLNs), including gradient descent with a fixed learning
    rate", which the paper's abstract supports well enough to verify."""
    before = {stem(w) for w in content_words(original)}
    after = {stem(w) for w in content_words(reply)}
    if before and len(before & after) < KEPT_WORDS * len(before):
        return f"keeps {len(before & after)} of its {len(before)} content words"
    if len(after - before) > NEW_WORDS:
        return f"adds {len(after - before)} content words"
    return ""


def _named(sentence: str) -> list[str]:
    """The verifier's key terms of ``sentence`` outside its quoted titles and [n] markers."""
    return key_terms(_QUOTED.sub(" ", re.sub(r"\[\d+\]", " ", sentence)), inner_capitals=True)


def _curly_quotes(reply: str, original: str) -> str:
    """``reply`` with straight double quotes made curly when ``original`` quotes that way."""
    if "“" not in original or '"' not in reply:
        return reply
    return re.sub(r'"([^"]+)"', r"“\1”", reply)


def clean_reply(reply: str) -> str:
    """The first line of the reply without quotes, labels or [n] markers, ending in a stop."""
    line = next((ln.strip() for ln in reply.strip().splitlines() if ln.strip()), "")
    line = re.sub(
        r"^(?:rewritten sentence|sentence|rewrite|evidence|answer)\s*:\s*", "", line, flags=re.I
    )
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
