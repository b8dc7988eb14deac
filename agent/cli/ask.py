"""CLI commands for questions: ask, chat, logs."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from agent.cli.common import console, print_json, safe, settings_of

if TYPE_CHECKING:
    from agent.qa.answer_models import Answer
    from agent.settings import Settings

BACKENDS = ("extractive", "llm")
BackendOption = Annotated[
    str | None,
    typer.Option(
        "--backend",
        help="extractive (no LLM) or llm (verified; falls back sentence by sentence) "
        "[env: PROFILE_AGENT_ANSWER_BACKEND; default: extractive].",
    ),
]


def choose_backend(settings: Settings, backend: str | None) -> str:
    """--backend, else the configured one; 'llm' with --no-llm is an input error."""
    from agent.errors import InputError

    chosen = (backend or settings.answer_backend).strip().lower()
    if chosen not in BACKENDS:
        raise InputError("--backend", f"unknown backend {chosen!r}", "use extractive or llm")
    if chosen == "llm" and settings.no_llm:
        if backend:
            raise InputError(
                "--backend llm",
                "needs an LLM but --no-llm was given",
                "drop --no-llm or use --backend extractive",
            )
        return "extractive"
    return chosen


def ask(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="Profile to ask about (see `profiles`).")],
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the route and each sentence's verifier verdict.")
    ] = False,
    backend: BackendOption = None,
    follow_on: Annotated[
        bool,
        typer.Option(
            "--continue",
            "-c",
            help="Continue the last conversation about SLUG (chat or ask): 'those', "
            "'the first one' refer to its answers.",
        ),
    ] = False,
) -> None:
    """Answer QUESTION from the profile SLUG, every sentence cited and verified."""
    from agent.qa.chatlog import last_conversation

    settings = settings_of(ctx)
    chosen = choose_backend(settings, backend)
    conversation, history = last_conversation(settings, slug) if follow_on else (None, [])
    started = time.perf_counter()
    answer = answer_once(settings, slug, question, chosen, history)
    _log(settings, slug, answer, time.perf_counter() - started, conversation)
    if as_json:
        print_json(answer.public(explain))
    else:
        print_answer(answer, explain)


def answer_once(
    settings: Settings,
    slug: str,
    question: str,
    backend: str,
    history: Sequence[Answer] = (),
) -> Answer:
    """One question (following on from ``history``), the LLM opened only for the llm backend."""
    from agent.llm.connect import open_llm
    from agent.qa.answer import answer_question
    from agent.qa.llm_answer import answer_prefix
    from agent.store.retrieve import Retriever

    retriever = Retriever(settings)
    profile = retriever.index(slug).profile
    if backend != "llm":
        return answer_question(question, profile, retriever, settings, history=history)
    with open_llm(settings, prime=answer_prefix()) as llm:
        return answer_question(question, profile, retriever, settings, llm=llm, history=history)


def _log(
    settings: Settings, slug: str, answer: Answer, seconds: float, conversation: str | None
) -> None:
    from agent.qa.chatlog import record_exchange, start_conversation

    conversation = conversation or start_conversation(settings, slug)
    record_exchange(settings, conversation, slug, answer, round(seconds, 3))


def print_answer(answer: Answer, explain: bool = False) -> None:
    """The answer, its numbered sources with their evidence, and (explain) the verdicts."""
    out = console()
    out.print(safe(answer.answer), soft_wrap=True)
    if answer.sources:
        out.print()
        out.print("Sources:")
    for n, source in enumerate(answer.sources, 1):
        year = f" ({source.year})" if source.year else ""
        out.print(f"[{n}] {safe(source.title)}{year}", soft_wrap=True)
        out.print(f'    "{safe(source.evidence)}"', soft_wrap=True)
    if explain:
        _print_verdicts(answer)


def _print_verdicts(answer: Answer) -> None:
    out = console()
    out.print()
    out.print(f"Route: {answer.route}; backend: {answer.backend}")
    if answer.route_info and answer.route_info.reason:
        out.print(f"Why: {safe(answer.route_info.reason)}", soft_wrap=True)
    for verdict in answer.verdicts:
        semantic = "-" if verdict.semantic is None else f"{verdict.semantic:.2f}"
        mark = "kept" if verdict.ok else "dropped"
        out.print(
            f"- {mark}: support {verdict.support:.2f} (lexical {verdict.lexical:.2f}, "
            f"semantic {semantic}); {safe(verdict.reason)}",
            soft_wrap=True,
        )
        out.print(f"    {safe(verdict.text)}", soft_wrap=True)


def chat(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="Profile to talk about (see `profiles`).")],
    backend: BackendOption = None,
) -> None:
    """Ask questions about SLUG in a conversation (/help inside for commands)."""
    from agent.cli.chat import run_chat

    settings = settings_of(ctx)
    run_chat(settings, slug, choose_backend(settings, backend))


def logs(
    ctx: typer.Context,
    search: Annotated[
        str | None,
        typer.Option("--search", help="Only exchanges whose question or answer contains TEXT."),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """List logged questions and answers (from ask and chat)."""
    from agent.qa.chatlog import list_exchanges

    entries = list_exchanges(settings_of(ctx), search=search, limit=limit)
    if as_json:
        print_json([e.model_dump(mode="json") for e in entries])
        return
    out = console()
    if not entries:
        out.print("No logged exchanges." if not search else f"Nothing matches {safe(search)!r}.")
    for entry in entries:
        flag = " (refused)" if entry.refused else ""
        out.print(
            f"#{entry.id} {entry.created_at:%Y-%m-%d %H:%M} {entry.slug} [{entry.backend}]{flag}"
        )
        out.print(f"  Q: {safe(entry.question)}", soft_wrap=True)
        out.print(f"  A: {safe(entry.answer)}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add ask, chat and logs to the app."""
    app.command()(ask)
    app.command()(chat)
    app.command()(logs)
