"""The store as one place to import from: profile records (SQLite) and vectors (Chroma).

``records`` holds the validated Profile per slug; ``vectors`` the embedded papers and sentences.
"""

from __future__ import annotations

from agent.errors import NotFoundError
from agent.facts import paper_text
from agent.settings import Settings
from agent.store.records import (
    ProfileSummary,
    delete_profile_record,
    get_summary,
    list_profiles,
    load_profile_record,
    save_profile,
)
from agent.store.vectors import (
    KINDS,
    VectorRecord,
    VectorStore,
    collection_name,
    paper_sentences,
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
    "vector_mismatches",
]


def delete_profile(settings: Settings, slug: str) -> None:
    """Remove a profile's record and its vectors; NotFoundError when it was never ingested."""
    from agent.embed.bundle import MODEL_NAME

    if get_summary(settings, slug) is None:
        raise NotFoundError(
            slug, "no such profile", "run `profile-agent profiles` to list the ingested ones"
        )
    VectorStore(settings, MODEL_NAME).drop(slug)
    delete_profile_record(settings, slug)


def vector_counts(settings: Settings, slug: str) -> dict[str, int]:
    """Records stored per kind for ``slug`` (a consistency check: papers == profile papers)."""
    from agent.embed.bundle import MODEL_NAME

    store = VectorStore(settings, MODEL_NAME)
    return {kind: store.count(slug, kind) for kind in KINDS}


def vector_mismatches(settings: Settings, slug: str) -> dict[str, dict[str, list[str]]]:
    """Where Chroma disagrees with the stored record, per kind: ``missing`` (record without
    vector), ``stale`` (vector without record), ``changed`` (content differs); {} when they agree.
    """
    from agent.embed.bundle import MODEL_NAME

    wanted = profile_records(load_profile_record(settings, slug))
    store = VectorStore(settings, MODEL_NAME)
    found: dict[str, dict[str, list[str]]] = {}
    for kind in KINDS:
        stored = store.stored_hashes(slug, kind)
        hashes = {r.id: str(r.metadata["hash"]) for r in wanted[kind]}
        problems = {
            "missing": sorted(set(hashes) - set(stored)),
            "stale": sorted(set(stored) - set(hashes)),
            "changed": sorted(i for i in hashes if i in stored and stored[i] != hashes[i]),
        }
        problems = {name: ids for name, ids in problems.items() if ids}
        if problems:
            found[kind] = problems
    return found
