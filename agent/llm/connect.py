"""Opening an LLM: the configured endpoint, or the embedded llama.cpp server launched in the
background; one shared client per (URL, model) while any block holds it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from agent.errors import EndpointError
from agent.llm.client import LLM, Messages
from agent.llm.server import EMBEDDED_ALIAS, EMBEDDED_SUBJECT, EmbeddedServer, bundled_model_path
from agent.settings import Settings

_ACTIVE: dict[tuple[str | None, str | None], list[Any]] = {}  # key -> [LLM, users]
_ACTIVE_LOCK = threading.Lock()


@contextmanager
def open_llm(settings: Settings, prime: Messages | None = None) -> Iterator[LLM | None]:
    """The LLM for this command or conversation; nested calls share one (and one server).
    ``prime``: the fixed prompt prefix the caller's requests will start with (``LLM.prime``)."""
    if settings.no_llm:
        yield None
        return
    key = (settings.llm_base_url, settings.model)
    with _ACTIVE_LOCK:
        entry = _ACTIVE.get(key)
        if entry is None:
            entry = _ACTIVE[key] = [connect(settings), 0]
        entry[1] += 1
    if prime:
        entry[0].prime(prime)
    try:
        yield entry[0]
    finally:
        with _ACTIVE_LOCK:
            entry[1] -= 1
            last = entry[1] == 0 and _ACTIVE.pop(key, None) is not None
        if last:
            entry[0].close()


def connect(settings: Settings) -> LLM:
    """An LLM for the configured endpoint, or a freshly launched embedded server that its first
    request waits for (caller stops ``llm.server``)."""
    if settings.llm_base_url:
        base_url = settings.llm_base_url.rstrip("/")
        model = settings.model or _only_model(settings, base_url)
        return LLM(settings, base_url, model)
    server = _embedded_server(settings)
    server.launch(settings.llm_timeout_s)
    return LLM(settings, server.base_url, server.alias, server=server)


def _embedded_server(settings: Settings) -> EmbeddedServer:
    model = settings.model
    path = Path(model).expanduser() if model else None
    if path is not None and path.suffix == ".gguf" and path.is_file():
        _require_llama_cpp()
        return EmbeddedServer(path, alias=path.stem)
    if model is None or model == EMBEDDED_ALIAS:
        _require_llama_cpp()
        from agent.embed.model import models_dir_of
        from agent.llm.weights import embedded_weights

        weights = embedded_weights(
            bundled_model_path(), models_dir_of(settings), settings.llm_weights
        )
        return EmbeddedServer(weights)
    raise EndpointError(
        EMBEDDED_SUBJECT,
        f"model {model!r} is not served by the embedded server",
        f"drop --model to use {EMBEDDED_ALIAS}, pass a .gguf path, "
        "or pass --llm-base-url for that model",
    )


def _require_llama_cpp() -> None:
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is None:
        raise EndpointError(
            EMBEDDED_SUBJECT,
            "llama-cpp-python is not installed",
            "pip install 'llama-cpp-python[server]', or pass --llm-base-url or --no-llm",
        )


def _only_model(settings: Settings, base_url: str) -> str:
    """The model a configured endpoint serves when no --model is given: only if it has one."""
    probe = LLM(settings, base_url, "")
    names = _call(
        probe, lambda: [m.id for m in probe._client.models.list(timeout=settings.llm_timeout_s)]
    )
    if len(names) == 1:
        return names[0]
    listed = ", ".join(names[:5]) or "none"
    raise EndpointError(
        base_url, f"serves {len(names)} models ({listed})", "pass --model / PROFILE_AGENT_MODEL"
    )


def _call(llm: LLM, fn: Callable[[], Any]) -> Any:
    import openai

    try:
        return fn()
    except openai.APIError as err:
        raise llm.error(err) from None
