"""Figure 5: the embedded LLM (llama.cpp serving SmolLM2): server start and first streamed token.

``ask --backend llm`` streams (``agent.qa.llm_answer`` reads ``LLM.stream``): its figure is the time
from the call to the first token, retrieval and prompt building included, with the embedder and
the server already warm. ``bio --backend llm`` does not stream (each sentence is one
``LLM.complete`` rewrite request), so its figure is the first token of the same first request,
sent streaming, timed from the ``write_bio`` call.
"""

from __future__ import annotations

import json
import statistics
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

from common import AS_OF, SAMPLE_SLUG, BenchContext, Row, below, timed

QUESTIONS = (
    "How does her work keep deep image prior from overfitting?",
    "How is deep image prior used for image reconstruction?",
    "What does her work say about implicit regularization of heavy-ball momentum?",
)


class _Enough(Exception):
    """Stops ``write_bio`` once its first request has streamed a token (the rest is not timed)."""


class FirstToken:
    """Wraps an ``LLM``: records when the first streamed piece of each request arrived."""

    def __init__(self, llm: Any) -> None:
        self.llm = llm
        self.first: list[float] = []  # seconds from the request to its first piece
        self.seen: list[float] = []  # perf_counter at each first piece
        self.prompts: list[Any] = []  # the messages of each request

    def __getattr__(self, name: str) -> Any:
        return getattr(self.llm, name)

    def stream(self, messages: Any, **kw: Any) -> Iterator[str]:
        started, first = time.perf_counter(), True
        self.prompts.append(messages)
        for piece in self.llm.stream(messages, **kw):
            if first:
                now = time.perf_counter()
                self.first.append(now - started)
                self.seen.append(now)
                first = False
            yield piece

    def first_then_stop(self, messages: Any, **kw: Any) -> str:
        """``complete``'s request sent streaming; raises _Enough at its first token."""
        kw.setdefault("temperature", 0.0)
        for _ in self.stream(messages, **kw):
            raise _Enough
        raise _Enough


def llm_rows(ctx: BenchContext) -> list[Row]:
    """Weights, server start, ask's and bio's first token (each from its call), prompt sizes."""
    from agent.embed.model import models_dir_of
    from agent.llm.connect import open_llm
    from agent.llm.server import bundled_model_path
    from agent.llm.weights import embedded_weights
    from agent.qa.llm_answer import answer_prefix
    from agent.settings import Settings

    settings = Settings(data_dir=ctx.sample_dir, as_of=AS_OF)
    ctx.say("llm: F16 copy of the bundled weights")
    convert_s, _ = timed(
        lambda: embedded_weights(bundled_model_path(), models_dir_of(settings), "f16")
    )
    ctx.say("llm: starting the embedded llama.cpp server")
    opened = open_llm(settings, prime=answer_prefix())  # as `ask` and `chat` open it
    llm = opened.__enter__()  # launches the server; its first request waits for it
    try:
        start_s = llm.start_seconds  # launch -> first answered health check
        llm.wait_primed()  # "once the server is up": as in chat, where a person types first
        ask_s, request_s, system, rest = _ask_first_tokens(ctx, settings, llm)
        bio_s, bio_request_s = _bio_first_token(ctx, settings, llm)
    finally:
        opened.__exit__(None, None, None)
    rate = rest / request_s if rest else None
    return [
        Row("embedded LLM: F16 weights converted from the bundled Q4_1", convert_s, "s"),
        Row("embedded LLM server start", start_s, "s"),
        Row("ask (llm): first streamed token from the call", ask_s, "s", "< 1 s", below(ask_s, 1)),
        Row("ask (llm): first token from the LLM request", request_s, "s"),
        Row("ask (llm): fixed prompt head, kept evaluated", system, "tokens"),
        Row("ask (llm): rest of the prompt, evaluated per question", rest, "tokens"),
        Row("ask (llm): prompt tokens per second to first token", rate, "tokens/s"),
        Row("bio (llm): first token from the call", bio_s, "s", "< 1 s", below(bio_s, 1)),
        Row("bio (llm): first token from the LLM request", bio_request_s, "s"),
    ]


def _ask_first_tokens(ctx: BenchContext, settings: Any, llm: Any) -> tuple[float, float, int, int]:
    """Medians over QUESTIONS, asked one after another as in `chat`: call -> first token,
    request -> first token, and the prompt's tokens in its fixed head (``answer_prefix``: the
    system turn and the start of the user turn) and in the rest."""
    from agent.qa.answer import answer_question
    from agent.qa.llm_answer import answer_prefix
    from agent.store.retrieve import Retriever

    retriever = Retriever(settings)
    profile = retriever.index(SAMPLE_SLUG).profile
    answer_question(QUESTIONS[0], profile, retriever, settings)  # warm: embedder, store, index
    questions = QUESTIONS[:1] if ctx.quick else QUESTIONS
    calls, requests, system, rest = [], [], 0, []
    for question in questions:
        ctx.say(f"llm: ask {question!r}")
        probe = FirstToken(llm)
        started = time.perf_counter()
        answer_question(question, profile, retriever, settings, llm=probe)
        if probe.seen:
            calls.append(probe.seen[0] - started)
            requests.append(probe.first[0])
            system = prompt_tokens(llm, answer_prefix())
            rest.append(prompt_tokens(llm, probe.prompts[0]) - system)
    if not calls:
        raise RuntimeError("ask sent no LLM request (every question was answered by a tool)")
    return (
        statistics.median(calls),
        statistics.median(requests),
        system,
        int(statistics.median(rest)),
    )


def prompt_tokens(llm: Any, messages: list[dict[str, str]]) -> int:
    """Tokens in the messages' text, counted by the llama.cpp server (not the chat template)."""
    text = "\n".join(m["content"] for m in messages)
    root = llm.base_url.removesuffix("/v1")
    request = urllib.request.Request(
        f"{root}/extras/tokenize/count",
        data=json.dumps({"input": text}).encode("utf-8"),
        headers={"Content-Type": "application/json"},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=30) as response:
        return int(json.load(response)["count"])


def _bio_first_token(ctx: BenchContext, settings: Any, llm: Any) -> tuple[float | None, float]:
    """write_bio on the llm backend with our LLM shared through ``open_llm`` (which write_bio
    opens before it plans the draft, priming the rewrite prompt's system turn meanwhile)."""
    from agent.store.records import load_profile_record
    from agent.writers.compose import write_bio

    profile = load_profile_record(settings, SAMPLE_SLUG)
    write_bio(profile, settings)  # warm: themes, embedder
    probe = FirstToken(llm)
    real = llm.complete
    llm.complete = probe.first_then_stop  # write_bio's open_llm() shares this instance
    ctx.say("llm: bio --backend llm, up to its first streamed token")
    started = time.perf_counter()
    try:
        write_bio(profile, settings, backend="llm")
    except _Enough:
        pass
    finally:
        llm.complete = real
    if not probe.seen:
        return None, float("nan")
    return probe.seen[0] - started, probe.first[0]
