"""Figure 2: cold start, each command a fresh ``profile-agent`` process, timed from spawn to exit.

``search`` and ``ask --no-llm`` run against the data dir the ingest figures left (the sample,
ingested, with the exported embedding model in its ``models/`` as after a real ingest), so they
pay exactly what a one-shot command pays: imports, model load, store open.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess

from common import CLI, SAMPLE_SLUG, BenchContext, Row, at_most, timed
from routing_bench import MEANING_QUESTIONS, PATTERN_QUESTIONS

SEARCH_QUERIES = (
    "deep image prior for image reconstruction",
    "pruning networks at initialization",
    "moral self-correction of language models",
    "edge of stability in gradient descent",
    "maximum independent set by quadratic optimization",
)
ASK_QUESTIONS = (
    "How does her work keep deep image prior from overfitting?",
    "What does her work say about moral self-correction?",
    "How is the edge of stability analyzed?",
    "What is Optimal Eye Surgeon?",
    "What does PAC-tuning do?",
)
"""A new text each run: a repeated one is answered from the embedding cache, without loading
the embedding model, which a person's next question does not get away with."""


def _run(command: list[str]) -> float:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    seconds, done = timed(lambda: subprocess.run(command, capture_output=True, env=env))
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip()[-300:]
        raise RuntimeError(f"{' '.join(command[1:4])}... exited {done.returncode}: {tail}")
    return seconds


def _median(commands: list[list[str]]) -> float:
    return statistics.median(_run(command) for command in commands)


def cold_start_rows(ctx: BenchContext) -> list[Row]:
    """--help, one-shot search, one-shot ask --no-llm: medians over fresh processes."""
    runs = 1 if ctx.quick else 5
    ctx.say(f"cold start: {runs} run(s) of each command in a fresh process")
    exported = ctx.models_home / "models"
    if exported.is_dir():
        shutil.copytree(exported, ctx.sample_dir / "models", dirs_exist_ok=True)
    data = ["--data-dir", str(ctx.sample_dir)]
    help_s = _median([[str(CLI), "--help"]] * max(runs, 3))
    search_s = _median([[str(CLI), *data, "search", SAMPLE_SLUG, q] for q in SEARCH_QUERIES[:runs]])
    ask_s = _median(
        [[str(CLI), *data, "--no-llm", "ask", SAMPLE_SLUG, q] for q in ASK_QUESTIONS[:runs]]
    )
    tool_s = _median(
        [[str(CLI), *data, "--no-llm", "ask", SAMPLE_SLUG, q] for q in PATTERN_QUESTIONS[:runs]]
    )
    meaning_s = _median(
        [[str(CLI), *data, "--no-llm", "ask", SAMPLE_SLUG, q] for q in MEANING_QUESTIONS[:runs]]
    )
    return [
        Row("cold start: profile-agent --help", help_s, "s", "< 0.3 s", help_s < 0.3),
        Row("cold start: one-shot search", search_s, "s", "<= 2 s", at_most(search_s, 2.0)),
        Row("cold start: one-shot ask --no-llm", ask_s, "s", "<= 2 s", at_most(ask_s, 2.0)),
        Row(
            "cold start: ask a tool question (pattern)", tool_s, "s", "<= 2 s", at_most(tool_s, 2.0)
        ),
        Row(
            "cold start: ask a tool question (meaning)",
            meaning_s,
            "s",
            "<= 2 s",
            at_most(meaning_s, 2.0),
        ),
    ]
