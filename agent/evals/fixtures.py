"""Inputs cases share within a run: parsed profiles, ingested slugs, one retriever."""

from __future__ import annotations

from typing import Any

from agent.evals.context import EvalContext
from agent.models import Profile


def _source_key(inputs: dict[str, Any]) -> tuple[str, str, str | None, str | None]:
    return (
        inputs["source"],
        inputs.get("format", "auto"),
        inputs.get("author"),
        inputs.get("as_of"),
    )


def case_profile(ctx: EvalContext, inputs: dict[str, Any]) -> Profile:
    """The profile a case names (``source``, ``format``, ``author``, ``as_of``), parsed once;
    each case gets its own copy, so nothing one case does to it reaches the next."""
    from agent.sources import load_profile

    source, fmt, author, as_of = _source_key(inputs)
    parsed = ctx.memo(
        ("profile", *_source_key(inputs)),
        lambda: load_profile(ctx.path(source), ctx.settings_at(as_of), fmt=fmt, author=author),
    )
    return parsed.model_copy(deep=True)


def ingested_slug(ctx: EvalContext, inputs: dict[str, Any]) -> str:
    """Ingest the case's profile into the eval workspace once; its slug."""
    from agent.store.ingest import ingest_profile

    key = ("ingest", *_source_key(inputs))
    settings = ctx.settings_at(inputs.get("as_of"))
    return ctx.memo(
        key,
        lambda: (
            ingest_profile(
                case_profile(ctx, inputs), settings, embedder=retriever(ctx).embedder
            ).slug
        ),
    )


def analysis_embedder(ctx: EvalContext) -> Any:
    """The embedder the writers and ``themes`` run on from the CLI (fp32), once per run: drafts
    in the eval are the drafts users get, whatever the retrieval suites embedded before."""
    from agent.embed.model import analysis_embedder as make

    return ctx.memo(("analysis-embedder",), lambda: make(ctx.settings))


def retriever(ctx: EvalContext) -> Any:
    """The run's one Retriever over the eval workspace (embedder and indexes reused)."""
    from agent.store.retrieve import Retriever

    return ctx.memo(("retriever",), lambda: Retriever(ctx.settings))
