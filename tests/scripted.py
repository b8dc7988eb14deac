"""The one in-process chat model fake: prepared replies in order, every conversation recorded.

For the paths where an HTTP stand-in (``standin.py``) adds nothing: a writer or answerer handed
a model object. It satisfies ``agent.protocols.ChatModel`` and never calls a tool.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from types import SimpleNamespace
from typing import Any, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)
Messages = Sequence[Mapping[str, str]]
STREAM_PIECE = 7  # characters per streamed piece, like a tokenizer's


class ScriptedModel:
    """Replies in the order given; an empty reply once they run out."""

    model = "scripted"

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.conversations: list[list[Mapping[str, str]]] = []
        self.tool_requests: list[dict[str, Any]] = []

    @property
    def prompts(self) -> list[str]:
        """The last (user) turn of every conversation, in order."""
        return [turns[-1]["content"] for turns in self.conversations]

    @property
    def systems(self) -> list[str]:
        """The first (system) turn of every conversation, in order."""
        return [turns[0]["content"] for turns in self.conversations]

    def _reply(self, messages: Messages) -> str:
        self.conversations.append(list(messages))
        return self.replies.pop(0) if self.replies else ""

    def complete(self, messages: Messages, **_: Any) -> str:
        return self._reply(messages)

    def stream(self, messages: Messages, **_: Any) -> Iterator[str]:
        text = self._reply(messages)
        for start in range(0, len(text), STREAM_PIECE):
            yield text[start : start + STREAM_PIECE]

    def structured(self, response_model: type[T], messages: Messages, **_: Any) -> T:
        return response_model.model_validate_json(self._reply(messages))

    def request(self, **kw: Any) -> Any:
        """A completion without tool calls: this model answers, it never routes."""
        self.tool_requests.append(kw)
        message = SimpleNamespace(content="", tool_calls=None)
        return SimpleNamespace(choices=[SimpleNamespace(message=message)])
