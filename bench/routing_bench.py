"""Routing latency: a question to its route, in process, for questions the intent patterns
recognise and for those matched by meaning (the bundled embedder over the intent table).

The embedder has no cache here, so every question is encoded as a person's new question is;
the exemplar vectors are encoded once a process (from the disk cache in real use), reported
apart. Figures are grouped by the router that decided each question.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from common import AS_OF, SAMPLE, BenchContext, Row

PATTERN_QUESTIONS = (
    "How many papers did she publish in 2024?",
    "Which papers come with code?",
    "Who are her co-authors?",
    "What is her h-index?",
    "What was her earliest paper?",
)
MEANING_QUESTIONS = (
    "Tell me who her regular writing partners are.",
    "What are the typical places her papers end up in?",
    "Which year saw the most output from her?",
    "Anything fresh from her lately?",
    "Give me the list of what she has put out.",
)


def routing_rows(ctx: BenchContext) -> list[Row]:
    """Median ms a question, pattern-routed and meaning-routed; the one-off exemplar load."""
    from agent.embed.model import embedder_for
    from agent.qa.meaning import _exemplar_matrix
    from agent.qa.route import route_question
    from agent.settings import Settings
    from agent.sources import load_profile

    settings = Settings(data_dir=ctx.work / "routing", as_of=AS_OF)
    profile = load_profile(SAMPLE, settings)
    embedder = embedder_for(settings.embed_backend, settings)
    embedder.encode(["warm the session"])
    started = time.perf_counter()
    _exemplar_matrix(embedder)
    exemplars_ms = (time.perf_counter() - started) * 1000
    rounds = 1 if ctx.quick else 3
    timed: dict[str, list[float]] = {"pattern": [], "meaning": []}
    for _ in range(rounds):
        for question in (*PATTERN_QUESTIONS, *MEANING_QUESTIONS):
            started = time.perf_counter()
            route = route_question(question, profile, embedder=embedder, today=AS_OF)
            timed[route.router].append((time.perf_counter() - started) * 1000)
            ctx.say(f"  {question!r} -> {route.kind}:{route.tool} ({route.router})")
    pattern_ms, meaning_ms = (statistics.median(timed[k] or [0.0]) for k in ("pattern", "meaning"))
    first_ms, large_ms = _large_profile(ctx, settings, embedder)
    return [
        Row("routing: pattern-routed question", pattern_ms, "ms", "< 50 ms", pattern_ms < 50),
        Row("routing: meaning-routed question", meaning_ms, "ms", "< 50 ms", meaning_ms < 50),
        Row("routing: intent table vectors, once a process", exemplars_ms, "ms"),
        Row(f"routing on {LARGE} works: first question (builds the name indexes)", first_ms, "ms"),
        Row(
            f"routing on {LARGE} works: a later question", large_ms, "ms", "< 50 ms", large_ms < 50
        ),
    ]


LARGE = 1000
LARGE_QUESTIONS = (
    "Has she worked with Ross?",
    "Which of her papers deal with count data?",
    "How many papers in 2020?",
    *MEANING_QUESTIONS,
)


def _large_profile(ctx: BenchContext, settings: Any, embedder: Any) -> tuple[float, float]:
    """(first, median later) ms a question on a profile of LARGE works (the merge bench's)."""
    from merge_bench import _bibtex, _works

    from agent.qa.route import route_question
    from agent.sources import load_profile

    path = ctx.work / "routing" / "large.bib"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_bibtex(_works(100 if ctx.quick else LARGE)), encoding="utf-8")
    profile = load_profile(path, settings, author="Ada Quinlan")
    times = []
    for question in LARGE_QUESTIONS:
        started = time.perf_counter()
        route_question(question, profile, embedder=embedder, today=AS_OF)
        times.append((time.perf_counter() - started) * 1000)
    return times[0], statistics.median(times[1:])
