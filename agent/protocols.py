"""The typed seams between stages: what a stage needs from the one below, as protocols.

An embedder turns texts into vectors (sentence-transformers, onnxruntime, the content-hash cache,
a test's fake); a chat model answers messages (the OpenAI-compatible client, a test's script).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    import numpy as np
    from pydantic import BaseModel

Messages = Sequence[Mapping[str, str]]
ModelT = TypeVar("ModelT", bound="BaseModel")


class Embedder(Protocol):
    """An embedding backend: ``encode`` gives float32 rows, each L2-normalised."""

    name: str

    @property
    def dim(self) -> int: ...

    def encode(self, texts: list[str]) -> np.ndarray:
        """float32 array of shape (len(texts), dim), each row L2-normalised."""
        ...


class ChatModel(Protocol):
    """An OpenAI-compatible chat model (``llm.client.LLM``): text, a stream, a validated model."""

    def complete(self, messages: Messages, **kw: Any) -> str: ...

    def stream(self, messages: Messages, **kw: Any) -> Iterator[str]: ...

    def structured(
        self,
        response_model: type[ModelT],
        messages: Messages,
        *,
        context: dict[str, Any] | None = None,
        max_retries: int | None = None,
        max_tokens: int = 400,
    ) -> ModelT: ...

    def request(self, **kw: Any) -> Any: ...
