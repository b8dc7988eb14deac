"""Ingest: parse and validate a profile file, embed what is new, upsert vectors, save the record.

Order matters: everything is parsed and validated before the store is touched (bad input leaves
it exactly as it was); new vectors are written before the record and stale ones deleted only after
it, so a kill at any point leaves every stored record with its vectors (the next ingest prunes).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from agent.embed.cache import CachedEmbedder
from agent.embed.model import get_embedder
from agent.errors import InputError, StoreError
from agent.models import Profile
from agent.people import compatible
from agent.settings import Settings
from agent.sources import require_works
from agent.sources.merge import merge_profiles, source_key, trust_rank
from agent.store.records import (
    crash_point,
    get_summary,
    load_parts,
    load_profile_record,
    save_profile,
)
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
    sources: list[str] = []  # a merged profile's source keys


def ingest_paths(
    paths: Sequence[Path],
    settings: Settings,
    fmt: str = "auto",
    author: str | None = None,
    enrich: bool = False,
    merge_into: str | None = None,
    progress: Progress | None = None,
    embedder: CachedEmbedder | None = None,
) -> IngestReport:
    """Parse every file, then store one profile: a single file as itself, several (or any
    file ``merge_into`` a slug, or into a slug already merged from several) as one person
    merged from all of that slug's sources, each source replacing only what it gave before."""
    started = time.perf_counter()
    _notify(progress, "reading", 0, len(paths))
    profiles = _parse_all(paths, settings, fmt, author, progress)
    if enrich:
        profiles = [_enrich(profile, settings) for profile in profiles]
    slug = merge_into or _merged_slug(profiles)
    existing = load_parts(settings, slug)
    if merge_into is None and len(profiles) == 1 and not existing:
        require_works(profiles)
        return ingest_profile(profiles[0], settings, progress, embedder, started)
    if not existing and get_summary(settings, slug) is not None:  # one source so far: keep it
        stored = load_profile_record(settings, slug)
        existing = [(source_key(stored), stored)]
    parts = replace_parts(existing, profiles)
    require_works([part for _, part in parts])
    merged = merge_profiles(parts, slug)
    return ingest_profile(merged, settings, progress, embedder, started, parts)


def _merged_slug(profiles: Sequence[Profile]) -> str:
    """The slug a merge of ``profiles`` gets: its most trusted source's (``merge_profiles``)."""
    return sorted(profiles, key=trust_rank)[0].slug


def replace_parts(
    existing: Sequence[tuple[str, Profile]], profiles: Sequence[Profile]
) -> list[tuple[str, Profile]]:
    """The slug's sources with ``profiles`` in place of the ones read from the same files
    (re-ingesting a source replaces what it gave), the others added under new keys."""
    parts = list(existing)
    for profile in profiles:
        path = profile.source.path if profile.source else None
        same = next(
            (i for i, (_, part) in enumerate(parts) if part.source and part.source.path == path),
            None,
        )
        if same is not None:
            parts[same] = (parts[same][0], profile)
        else:
            parts.append((source_key(profile, [key for key, _ in parts]), profile))
    return parts


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
    require_works([profile])
    if enrich:
        profile = _enrich(profile, settings)
    return ingest_profile(profile, settings, progress, embedder, started)


def _parse_all(
    paths: Sequence[Path],
    settings: Settings,
    fmt: str,
    author: str | None,
    progress: Progress | None,
) -> list[Profile]:
    """Every file parsed; without ``--author``, a file that names nobody (or someone other
    than an author record given with it) is read again as that record's person's."""
    parsed: list[Profile | InputError] = []
    for path in paths:
        try:
            parsed.append(_parse(Path(path), settings, fmt, author, progress))
        except InputError as err:
            parsed.append(err)
    header = next((p for p in parsed if isinstance(p, Profile) and not p.papers), None)
    if author is None and header is not None:
        parsed = [
            _parse(Path(path), settings, fmt, header.name, progress)
            if isinstance(done, InputError) or not compatible(done.name, header.name)
            else done
            for path, done in zip(paths, parsed, strict=True)
        ]
    failed = next((p for p in parsed if isinstance(p, InputError)), None)
    if failed is not None:
        raise failed
    return [p for p in parsed if isinstance(p, Profile)]


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
    parts: Sequence[tuple[str, Profile]] = (),
) -> IngestReport:
    """Store an already validated profile (vectors first, then the record with ``parts``, the
    sources a merged profile was built from)."""
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
        _write(store, profile, plans, _embed(embedder, plans, None), settings, parts)
        _notify(progress, "writing", 1, 1)
    report = _report(profile, plans, embedder.embedded_texts - before, started)
    report.sources = [key for key, _ in parts]
    return report


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
    parts: Sequence[tuple[str, Profile]],
) -> None:
    """Upsert every kind, commit the record, then prune: readers never lose a stored paper."""
    for kind, plan in plans.items():
        store.upsert(profile.slug, {kind: plan}, vectors)
        crash_point(f"upserted-{kind}")
    save_profile(settings, profile, parts)
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
    profile: Profile, plans: dict[str, SyncPlan], embedded: int, started: float
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
        seconds=round(time.perf_counter() - started, 3),
        warnings=list(profile.warnings),
        source_path=source.path if source else None,
        source_format=source.format if source else None,
    )
