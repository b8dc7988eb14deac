"""Ingest: parse and validate a profile file, embed what is new, upsert vectors, save the record.

Order matters: everything is parsed and validated before the store is touched (bad input leaves
it exactly as it was); new vectors are written before the record and stale ones deleted only after
it, so a kill at any point leaves every stored record with its vectors (the next ingest prunes).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from agent.embed.cache import CachedEmbedder
from agent.embed.model import get_embedder
from agent.errors import InputError, StoreError
from agent.models import Profile
from agent.settings import Settings
from agent.store.records import crash_point, save_profile
from agent.store.vectors import SyncPlan, VectorStore, profile_records

Progress = Callable[[str, int, int], None]
LOCK_WAIT_S = 600.0


class IngestReport(BaseModel):
    """What an ingest did; paper counts compare the new profile with the stored one."""

    slug: str
    name: str
    papers: int
    sentences: int
    added: int
    updated: int
    unchanged: int
    removed: int
    embedded_texts: int
    seconds: float
    warnings: list[str]
    source_path: str | None = None
    source_format: str | None = None


def ingest_path(
    path: Path,
    settings: Settings,
    fmt: str = "auto",
    author: str | None = None,
    enrich: bool = False,
    progress: Progress | None = None,
    embedder: CachedEmbedder | None = None,
) -> IngestReport:
    """Parse ``path`` and store it: an idempotent upsert keyed by the profile's slug."""
    started = time.perf_counter()
    _notify(progress, "reading", 0, 1)
    profile = _parse(Path(path), settings, fmt, author, progress)
    if enrich:
        profile = _enrich(profile, settings)
    return ingest_profile(profile, settings, progress, embedder, started)


def _parse(
    path: Path, settings: Settings, fmt: str, author: str | None, progress: Progress | None
) -> Profile:
    from agent.sources import load_profile

    profile = load_profile(path, settings, fmt=fmt, author=author, progress=progress)
    if profile.source is not None:
        profile.source.path = str(path.resolve())
    return profile


def _enrich(profile: Profile, settings: Settings) -> Profile:
    try:
        from agent.sources.enrich import enrich_profile
    except ImportError:
        raise InputError("--enrich", "not available", "ingest without --enrich") from None
    return enrich_profile(profile, settings)


def ingest_profile(
    profile: Profile,
    settings: Settings,
    progress: Progress | None = None,
    embedder: CachedEmbedder | None = None,
    started: float | None = None,
) -> IngestReport:
    """Store an already validated profile (vectors first, then the record)."""
    started = time.perf_counter() if started is None else started
    embedder = embedder or get_embedder(settings)
    before = embedder.embedded_texts
    for warning in planted_text_warnings(profile):
        if warning not in profile.warnings:
            profile.warnings.append(warning)
    records = profile_records(profile)
    store = VectorStore(settings, embedder.name)
    _embed(embedder, store.plan(profile.slug, records), progress)
    crash_point("embedded")
    with write_lock(settings, progress):
        plans = store.plan(profile.slug, records)
        _notify(progress, "writing", 0, 1)
        _write(store, profile, plans, _embed(embedder, plans, None), settings)
        _notify(progress, "writing", 1, 1)
    return _report(profile, plans, embedder.embedded_texts - before, time.perf_counter() - started)


def planted_text_warnings(profile: Profile) -> list[str]:
    """One warning naming the papers whose abstracts carry text that reads as instructions."""
    from agent.text import split_sentences
    from agent.untrusted import flag_instructions

    carrying = [
        p
        for p in profile.papers
        if p.abstract and any(flag_instructions(p.abstract, split_sentences(p.abstract)))
    ]
    if not carrying:
        return []
    first = carrying[0].title[:80]
    more = f" and {len(carrying) - 1} more" if len(carrying) > 1 else ""
    return [
        f"text that reads as instructions was set aside in the abstract of “{first}”{more} "
        "(never quoted in answers or drafts)"
    ]


def _write(
    store: VectorStore,
    profile: Profile,
    plans: dict[str, SyncPlan],
    vectors: dict[str, Any],
    settings: Settings,
) -> None:
    """Upsert every kind, commit the record, then prune: readers never lose a stored paper."""
    for kind, plan in plans.items():
        store.upsert(profile.slug, {kind: plan}, vectors)
        crash_point(f"upserted-{kind}")
    save_profile(settings, profile)
    crash_point("saved")
    store.prune(profile.slug, plans)


def _embed(
    embedder: CachedEmbedder, plans: dict[str, SyncPlan], progress: Progress | None
) -> dict[str, Any]:
    """Vectors of every record the plans write, by record id (the cache embeds only new texts)."""
    records = [r for plan in plans.values() for r in plan.write]
    if progress:

        def step(done: int, total: int) -> None:
            progress("embedding", done, total)
    else:
        step = None
    vectors = embedder.encode([r.text for r in records], progress=step)
    return {r.id: v for r, v in zip(records, vectors, strict=True)}


@contextmanager
def write_lock(settings: Settings, progress: Progress | None = None) -> Iterator[None]:
    """Exclusive lock on the data dir for the write phase; waits (and says so) if it is held."""
    from filelock import FileLock, Timeout

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.data_dir / ".ingest.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        _notify(progress, "waiting for another ingest to finish", 0, 0)
        try:
            lock.acquire(timeout=LOCK_WAIT_S)
        except Timeout:
            raise StoreError(
                str(settings.data_dir),
                "another ingest holds the store lock",
                "wait for it to finish and try again",
            ) from None
    try:
        yield
    finally:
        lock.release()


def _notify(progress: Progress | None, stage: str, done: int, total: int) -> None:
    if progress:
        progress(stage, done, total)


def _report(
    profile: Profile, plans: dict[str, SyncPlan], embedded: int, seconds: float
) -> IngestReport:
    papers = plans["papers"]
    source = profile.source
    return IngestReport(
        slug=profile.slug,
        name=profile.name,
        papers=len(profile.papers),
        sentences=len(plans["sentences"].write) + len(plans["sentences"].unchanged),
        added=len(papers.added),
        updated=len(papers.updated),
        unchanged=len(papers.unchanged),
        removed=len(papers.delete),
        embedded_texts=embedded,
        seconds=round(seconds, 3),
        warnings=list(profile.warnings),
        source_path=source.path if source else None,
        source_format=source.format if source else None,
    )
