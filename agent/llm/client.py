"""The one OpenAI-compatible client: configured endpoint or the embedded llama.cpp server.

``open_llm(settings)`` yields an ``LLM`` for a whole command or chat conversation (None with
``--no-llm``). Endpoint failures become one-line ``EndpointError``s naming the URL; the API key
never appears in them. Nothing ever switches silently to another model or endpoint.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from agent.errors import EndpointError, ProfileAgentError
from agent.llm.failures import MAX_ATTEMPTS, StructuredOutputError, content_of, describe_failure
from agent.llm.server import EmbeddedServer
from agent.settings import Settings

if TYPE_CHECKING:
    import openai

T = TypeVar("T", bound=BaseModel)
Messages = list[dict[str, str]]
_BACKOFF_S = 0.5
_NO_KEY = "no-key-needed"
_SCHEMA_PROMPT = "As a genius expert"
_REASK_TEMPERATURE = 0.3
_STOP_PRIMER_S = 2.0


class LLM:
    """A chat model behind an OpenAI-compatible endpoint, with bounded retries and clear errors."""

    def __init__(
        self, settings: Settings, base_url: str, model: str, *, server: EmbeddedServer | None = None
    ) -> None:
        key = settings.api_key.get_secret_value() if settings.api_key and not server else ""
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.server = server
        self.timeout_s = settings.llm_timeout_s
        self.max_retries = settings.llm_max_retries
        self.requests = 0
        self._primers: list[threading.Thread] = []
        self._key = key
        self._client = _make_client(self.base_url, key or _NO_KEY, trust_env=server is None)

    @property
    def embedded(self) -> bool:
        return self.server is not None

    @property
    def start_seconds(self) -> float | None:
        """How long the embedded server took to answer its first health check (waits for it)."""
        return self.server.wait_ready() if self.server else None

    def complete(self, messages: Messages, **kw: Any) -> str:
        """The assistant's reply to ``messages`` (temperature 0 unless given)."""
        kw.setdefault("temperature", 0.0)
        response = self.request(messages=messages, **kw)
        return response.choices[0].message.content or ""

    def stream(self, messages: Messages, **kw: Any) -> Iterator[str]:
        """The reply to ``messages`` as it is generated, piece by piece."""
        import httpx
        import openai

        kw.setdefault("temperature", 0.0)
        deadline = time.monotonic() + self.timeout_s
        chunks = self.request(messages=messages, stream=True, **kw)
        try:
            for chunk in chunks:
                if time.monotonic() > deadline:
                    raise openai.APITimeoutError(request=chunks.response.request)
                if chunk.choices and chunk.choices[0].delta.content:
                    yield chunk.choices[0].delta.content
        except (openai.APIError, httpx.HTTPError, ValueError) as err:
            raise self.error(err) from None
        finally:
            chunks.close()

    def structured(
        self,
        response_model: type[T],
        messages: Messages,
        *,
        context: dict[str, Any] | None = None,
        max_retries: int | None = None,
        max_tokens: int = 400,
    ) -> T:
        """``response_model`` filled by the model and validated with ``context`` (re-asked on
        failure, with the validation errors fed back); StructuredOutputError after the retries,
        or when the reply is cut at ``max_tokens``."""
        import instructor
        from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

        _quiet_instructor_logs()
        retries = self.max_retries if max_retries is None else max_retries
        client = instructor.Instructor(
            client=self._client,
            create=instructor.patch(create=self._create, mode=instructor.Mode.JSON),
            mode=instructor.Mode.JSON,
        )
        try:
            return client.chat.completions.create(
                model=self.model,
                response_model=response_model,
                messages=messages,
                context=context,
                max_retries=retries,
                temperature=0.0,
                max_tokens=max_tokens,
                extra_body=self._schema_body(response_model),
            )
        except InstructorRetryException as err:
            raise self._unwrap(err) from None
        except IncompleteOutputException as err:  # cut at max_tokens: nothing to validate
            raise StructuredOutputError(
                self.base_url, 1, content_of(err), f"the reply was cut at {max_tokens} tokens"
            ) from None

    def request(self, **kw: Any) -> Any:
        """``chat.completions.create`` with backoff on 5xx/429/dropped connections/invalid JSON,
        all within ``llm_timeout_s``; every failure becomes an EndpointError."""
        import openai

        if self.server:
            self.server.wait_ready()
        deadline = time.monotonic() + self.timeout_s
        last: Exception | None = None
        for attempt in range(MAX_ATTEMPTS):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                self.requests += 1
                return self._client.chat.completions.create(
                    model=self.model, timeout=remaining, **kw
                )
            except openai.APITimeoutError as err:
                raise self.error(err) from None
            except (openai.InternalServerError, openai.RateLimitError) as err:
                last = err
            except (openai.APIConnectionError, json.JSONDecodeError) as err:
                last = err  # refused, dropped, or a body that is not JSON: the server's fault
            except openai.APIError as err:
                raise self.error(err) from None
            if attempt + 1 < MAX_ATTEMPTS:
                time.sleep(min(_BACKOFF_S * 2**attempt, max(deadline - time.monotonic(), 0)))
        raise self.error(last)

    def _create(self, **kw: Any) -> Any:
        """One request of a structured call. A re-ask (the model's last answer is in the
        messages) samples at temperature 0.3, as a greedy model would repeat itself."""
        kw.pop("model", None)
        if any(m.get("role") == "assistant" for m in kw["messages"]):
            kw["temperature"] = _REASK_TEMPERATURE
        if self.embedded:
            kw["messages"] = _without_schema_prompt(kw["messages"])
        return self.request(**kw)

    def _schema_body(self, response_model: type[BaseModel]) -> dict[str, Any] | None:
        """llama.cpp servers take a JSON schema for grammar-constrained decoding; the grammar
        needs no titles or descriptions (which a small model copies into its answers)."""
        if not self.embedded:
            return None
        schema = _bare_schema(response_model.model_json_schema())
        return {"response_format": {"type": "json_object", "schema": schema}}

    def _unwrap(self, err: Exception) -> ProfileAgentError:
        cause: BaseException | None = err
        while cause is not None:
            if isinstance(cause, EndpointError):
                return cause
            cause = cause.__cause__ or cause.__context__
        attempts = int(getattr(err, "n_attempts", 0) or 0)
        return StructuredOutputError(self.base_url, attempts, content_of(err), self.scrub(str(err)))

    def error(self, err: Exception | None) -> EndpointError:
        """One-line EndpointError for an openai exception: URL, cause, hint; no secrets."""
        cause, hint = describe_failure(err, self.model, self.timeout_s)
        exit_code = self.server.exit_code() if self.server else None
        if exit_code is not None:
            cause = f"embedded server exited with code {exit_code}: {self.server.log_tail()}"
            hint = "see the message; pass --llm-base-url to use another endpoint"
        failure = EndpointError(self.base_url, self.scrub(cause), hint)
        failure.status = getattr(err, "status_code", None)
        failure.server_message = self.scrub(str(getattr(err, "message", "") or ""))
        return failure

    def scrub(self, text: str) -> str:
        """``text`` with the API key blanked out."""
        return text.replace(self._key, "***") if self._key else text

    def prime(self, prefix: Messages) -> None:
        """Embedded server only: have it evaluate ``prefix`` (a fixed system prompt) now, in the
        background, so a later request that starts with it evaluates only the rest: llama.cpp
        keeps the previous prompt's tokens and reuses their longest common prefix. A failure is
        ignored here (the real request reports it); a configured endpoint is never sent one."""
        if not self.embedded or not prefix:
            return
        thread = threading.Thread(target=self._prime, args=(prefix,), daemon=True)
        self._primers = [t for t in self._primers if t.is_alive()] + [thread]
        thread.start()

    def _prime(self, prefix: Messages) -> None:
        with contextlib.suppress(Exception):
            self.server.wait_ready()
            self._client.chat.completions.create(
                model=self.model,
                messages=prefix,
                max_tokens=1,
                temperature=0.0,
                timeout=self.timeout_s,
            )

    def wait_primed(self, timeout_s: float | None = None) -> None:
        """Wait until the prefixes handed to ``prime`` have been evaluated (or failed)."""
        for thread in self._primers:
            thread.join(timeout=timeout_s)

    def close(self) -> None:
        """Stop the embedded server (if any) and close the HTTP connections."""
        if self.server:
            self.server.stop()
        self.wait_primed(_STOP_PRIMER_S)
        self._client.close()

    def ping(self) -> float:
        """Seconds for a 1-token completion (raises EndpointError when it does not answer)."""
        began = time.monotonic()
        self.complete([{"role": "user", "content": "Say OK."}], max_tokens=1)
        return time.monotonic() - began


def grammar_safe(option: Any) -> bool:
    """Whether a value may sit in a JSON-schema enum sent to llama.cpp: its grammar parser
    fails (and can crash the server) on quotes, backslashes and control characters."""
    values = option if isinstance(option, list) else [option]
    return not any(isinstance(v, str) and re.search(r"[\"\\\x00-\x1f]", v) for v in values)


def _bare_schema(node: Any) -> Any:
    """A JSON schema without ``title`` and ``description`` keys."""
    if isinstance(node, dict):
        return {
            k: _bare_schema(v)
            for k, v in node.items()
            if k not in ("title", "description") or isinstance(v, dict)
        }
    if isinstance(node, list):
        return [_bare_schema(v) for v in node]
    return node


def _without_schema_prompt(messages: Messages) -> Messages:
    """Grammar-constrained decoding enforces the schema, so instructor's long schema prompt is
    replaced by one line (a 135M model reads a shorter prompt faster and copies less of it)."""
    first = messages[0] if messages else {}
    content = first.get("content")
    if first.get("role") != "system" or _SCHEMA_PROMPT not in str(content):
        return messages
    kept = content[: content.index(_SCHEMA_PROMPT)].strip()
    system = {"role": "system", "content": kept or "Reply with one JSON object."}
    return [system, *messages[1:]]


def _quiet_instructor_logs() -> None:
    """instructor logs each failed attempt at ERROR; our callers report failures themselves."""
    logger = logging.getLogger("instructor")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


def _make_client(base_url: str, key: str, *, trust_env: bool) -> openai.OpenAI:
    import httpx
    import openai

    http_client = httpx.Client(trust_env=trust_env)  # loopback must not go through a proxy
    return openai.OpenAI(base_url=base_url, api_key=key, max_retries=0, http_client=http_client)
