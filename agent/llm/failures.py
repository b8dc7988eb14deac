"""LLM failures said in one line: the HTTP status, the model, the URL, and what to do."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from agent.errors import ProfileAgentError

if TYPE_CHECKING:
    import openai

MAX_ATTEMPTS = 3
"""Attempts per request (backoff between them) before a 5xx/429/dropped connection fails."""


class StructuredOutputError(ProfileAgentError):
    """The model's output failed validation on every attempt; the last output is kept."""

    def __init__(self, url: str, attempts: int, last_content: str | None, errors: str) -> None:
        super().__init__(
            url,
            f"model output failed validation after {attempts} attempts",
            "the values that failed were not stored",
        )
        self.attempts = attempts
        self.last_content = last_content
        self.errors = errors

    def last_json(self) -> dict[str, Any] | None:
        """The JSON object in the model's last answer (None when there is none)."""
        content = self.last_content or ""
        start, end = content.find("{"), content.rfind("}")
        try:
            data = json.loads(content[start : end + 1]) if start >= 0 else None
        except json.JSONDecodeError:
            return None
        return data if isinstance(data, dict) else None


def describe_failure(err: Exception | None, model: str, timeout_s: float) -> tuple[str, str]:
    """(cause, hint) for a failed request, from the exception type and HTTP status only."""
    import httpx
    import openai

    if isinstance(err, openai.APITimeoutError | httpx.TimeoutException):
        return f"no answer within {timeout_s:g} s", "raise PROFILE_AGENT_LLM_TIMEOUT_S"
    if isinstance(err, openai.APIConnectionError):
        return "connection refused or dropped", "is the server running? check --llm-base-url"
    if isinstance(err, httpx.HTTPError):
        return "connection dropped mid-answer", "the server is failing; retry later"
    if isinstance(err, ValueError):
        return "the answer is not valid JSON", "the server is failing; see its log"
    if isinstance(err, openai.APIStatusError):
        return _describe_status(err, model)
    return "no answer before the timeout", "raise PROFILE_AGENT_LLM_TIMEOUT_S"


def _describe_status(err: openai.APIStatusError, model: str) -> tuple[str, str]:
    status, message = err.status_code, str(err.message).lower()
    if status in (401, 403):
        word = "unauthorized" if status == 401 else "forbidden"
        return f"HTTP {status} {word}", "check OPENAI_API_KEY"
    unknown_model = "model" in message and ("not found" in message or "not exist" in message)
    if status == 404 or (status == 400 and unknown_model):
        return (
            f"HTTP {status}: model {model!r} not found",
            "check --model / PROFILE_AGENT_MODEL and --llm-base-url",
        )
    if status >= 500 or status == 429:
        return f"HTTP {status} after {MAX_ATTEMPTS} attempts", "the server is failing; retry later"
    return f"HTTP {status}", "see the server's log"


def content_of(err: Exception) -> str | None:
    completion = getattr(err, "last_completion", None)
    try:
        return completion.choices[0].message.content  # type: ignore[union-attr]
    except (AttributeError, IndexError, TypeError):
        return None
