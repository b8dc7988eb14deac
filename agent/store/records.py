"""Profile records: the validated Profile as JSON in SQLite, so show and search need no re-parse."""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime

from pydantic import BaseModel

from agent.errors import NotFoundError, StoreError
from agent.models import Profile
from agent.settings import Settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS profiles (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    paper_count INTEGER NOT NULL,
    json TEXT NOT NULL,
    source_path TEXT,
    source_format TEXT,
    source_sha256 TEXT,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS profile_parts (
    slug TEXT NOT NULL,
    key TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (slug, key)
)
"""


CRASH_AT_ENV = "PROFILE_AGENT_TEST_CRASH_AT"


def crash_point(stage: str) -> None:
    """Test hook (tests/cross/test_crash_safety.py): SIGKILL this process at ``stage`` when
    PROFILE_AGENT_TEST_CRASH_AT names it (``<stage>:stop`` sends SIGSTOP instead); else no-op."""
    wanted = os.environ.get(CRASH_AT_ENV)
    if not wanted:
        return
    name, _, action = wanted.partition(":")
    if name == stage:
        os.kill(os.getpid(), signal.SIGSTOP if action == "stop" else signal.SIGKILL)


class ProfileSummary(BaseModel):
    """One row of ``profile-agent profiles``."""

    slug: str
    name: str
    papers: int
    source_path: str | None = None
    source_format: str | None = None
    source_sha256: str | None = None
    ingested_at: datetime


@contextmanager
def _connect(settings: Settings) -> Iterator[sqlite3.Connection]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        db = sqlite3.connect(settings.profiles_db, timeout=30)
    except sqlite3.Error as err:
        raise StoreError(str(settings.profiles_db), f"cannot open: {err}") from None
    try:
        with db:
            if not _has_schema(db):
                db.executescript(_SCHEMA)
            yield db
    except sqlite3.DatabaseError as err:
        raise StoreError(
            str(settings.profiles_db),
            f"database error: {err}",
            "move the file aside and ingest again",
        ) from None
    finally:
        db.close()


def _has_schema(db: sqlite3.Connection) -> bool:
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {"profiles", "profile_parts"} <= names


def save_profile(
    settings: Settings, profile: Profile, parts: Sequence[tuple[str, Profile]] = ()
) -> ProfileSummary:
    """Insert or replace the record of ``profile`` (keyed by its slug) and, in the same
    transaction, the sources a merged profile was built from (``parts``: (key, profile))."""
    source = profile.source
    now = datetime.now(UTC)
    row = (
        profile.slug,
        profile.name,
        len(profile.papers),
        profile.model_dump_json(),
        source.path if source else None,
        source.format if source else None,
        source.sha256 if source else None,
        now.isoformat(),
    )
    with _connect(settings) as db:
        db.execute("INSERT OR REPLACE INTO profiles VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
        db.execute("DELETE FROM profile_parts WHERE slug = ?", (profile.slug,))
        db.executemany(
            "INSERT INTO profile_parts VALUES (?, ?, ?)",
            [(profile.slug, key, part.model_dump_json()) for key, part in parts],
        )
        crash_point("record-write")  # inside the transaction, before its commit
    return _summary(row)


def load_profile_record(settings: Settings, slug: str) -> Profile:
    """The stored Profile for ``slug``; NotFoundError when none was ingested under that name."""
    with _connect(settings) as db:
        row = db.execute("SELECT json FROM profiles WHERE slug = ?", (slug,)).fetchone()
    if row is None:
        raise NotFoundError(
            slug, "no such profile", "run `profile-agent profiles` to list the ingested ones"
        )
    return Profile.model_validate_json(row[0])


def load_parts(settings: Settings, slug: str) -> list[tuple[str, Profile]]:
    """The sources ``slug`` was merged from, as (key, profile), in the order they were added;
    [] for a profile of one source (or none)."""
    if not settings.profiles_db.exists():
        return []
    with _connect(settings) as db:
        rows = db.execute(
            "SELECT key, json FROM profile_parts WHERE slug = ? ORDER BY rowid", (slug,)
        ).fetchall()
    return [(key, Profile.model_validate_json(data)) for key, data in rows]


def get_summary(settings: Settings, slug: str) -> ProfileSummary | None:
    """The summary row of ``slug``, or None."""
    with _connect(settings) as db:
        row = db.execute(
            f"SELECT {_SUMMARY_COLUMNS} FROM profiles WHERE slug = ?", (slug,)
        ).fetchone()
    return _summary(row) if row else None


def list_profiles(settings: Settings) -> list[ProfileSummary]:
    """All stored profiles, ordered by slug."""
    if not settings.profiles_db.exists():
        return []
    with _connect(settings) as db:
        rows = db.execute(f"SELECT {_SUMMARY_COLUMNS} FROM profiles ORDER BY slug").fetchall()
    return [_summary(row) for row in rows]


def delete_profile_record(settings: Settings, slug: str) -> bool:
    """Remove the record of ``slug``; True when there was one."""
    with _connect(settings) as db:
        db.execute("DELETE FROM profile_parts WHERE slug = ?", (slug,))
        return db.execute("DELETE FROM profiles WHERE slug = ?", (slug,)).rowcount > 0


_SUMMARY_COLUMNS = (
    "slug, name, paper_count, NULL, source_path, source_format, source_sha256, ingested_at"
)


def _summary(row: tuple) -> ProfileSummary:
    slug, name, papers, _json, path, fmt, sha, ingested_at = row
    return ProfileSummary(
        slug=slug,
        name=name,
        papers=papers,
        source_path=path,
        source_format=fmt,
        source_sha256=sha,
        ingested_at=datetime.fromisoformat(ingested_at),
    )
