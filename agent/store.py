"""The store as one place to import from: profile records (SQLite) and vectors (Chroma).

``records`` holds the validated Profile per slug; ``vectors`` the embedded papers and sentences.
"""

from __future__ import annotations

from agent.errors import NotFoundError
from agent.records import (
    ProfileSummary,
    delete_profile_record,
    get_summary,
    list_profiles,
    load_profile_record,
    save_profile,
)
from agent.settings import Settings
from agent.vectors import (
    KINDS,
    VectorRecord,
    VectorStore,
    collection_name,
    paper_sentences,
    paper_text,
    profile_records,
    sentence_id,
)

__all__ = [
    "KINDS",
    "ProfileSummary",
    "VectorRecord",
    "VectorStore",
    "collection_name",
    "delete_profile",
    "get_summary",
    "list_profiles",
    "load_profile_record",
    "paper_sentences",
    "paper_text",
    "profile_records",
    "save_profile",
    "sentence_id",
    "vector_counts",
]


def delete_profile(settings: Settings, slug: str) -> None:
    """Remove a profile's record and its vectors; NotFoundError when it was never ingested."""
    from agent.embed import MODEL_NAME

    if get_summary(settings, slug) is None:
        raise NotFoundError(
            slug, "no such profile", "run `profile-agent profiles` to list the ingested ones"
        )
    VectorStore(settings, MODEL_NAME).drop(slug)
    delete_profile_record(settings, slug)


def vector_counts(settings: Settings, slug: str) -> dict[str, int]:
    """Records stored per kind for ``slug`` (a consistency check: papers == profile papers)."""
    from agent.embed import MODEL_NAME

    store = VectorStore(settings, MODEL_NAME)
    return {kind: store.count(slug, kind) for kind in KINDS}
