"""What answering needs from the store: a profile's index and its best sentences for a query."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from agent.protocols import Embedder
    from agent.store.retrieve import ProfileIndex, SearchFilters, SentenceHit


class SentenceRetriever(Protocol):
    """``store.retrieve.Retriever``: hybrid search over one profile's sentences."""

    embedder: Embedder

    def index(self, slug: str) -> ProfileIndex: ...

    def search_sentences(
        self, slug: str, query: str, k: int = 8, filters: SearchFilters | None = None
    ) -> list[SentenceHit]: ...
