"""The conversation log: every question and its answer, in SQLite in the data dir.

The schema grows by named migrations (``m001_initial``, ...) recorded in a ``_migrations`` table,
so an old log is upgraded in place and never rebuilt.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from agent.errors import StoreError
from agent.qa.answer_models import Answer
from agent.settings import Settings

LOG_FILE = "chatlog.sqlite"


def m001_initial(db: sqlite3.Connection) -> None:
    db.execute("""CREATE TABLE conversations (
        id TEXT PRIMARY KEY, slug TEXT NOT NULL, started_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE exchanges (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        slug TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
        refused INTEGER NOT NULL, backend TEXT NOT NULL, json TEXT NOT NULL,
        created_at TEXT NOT NULL)""")


def m002_timing(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE exchanges ADD COLUMN seconds REAL")
    db.execute("CREATE INDEX exchanges_conversation ON exchanges(conversation_id)")


def m003_routes(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE exchanges ADD COLUMN route TEXT")  # how it was routed, for follow-ups


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [m001_initial, m002_timing, m003_routes]


class LogEntry(BaseModel):
    """One logged exchange."""

    id: int
    conversation_id: str
    slug: str
    question: str
    answer: str
    refused: bool
    backend: str
    seconds: float | None = None
    created_at: datetime


def log_path(settings: Settings) -> Path:
    """Where the conversation log lives."""
    return settings.data_dir / LOG_FILE


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = sqlite3.connect(path, timeout=30)
    except sqlite3.Error as err:
        raise StoreError(str(path), f"cannot open the conversation log: {err}") from None
    try:
        with db:
            migrate(db)
            yield db
    except sqlite3.DatabaseError as err:
        raise StoreError(
            str(path),
            f"conversation log unreadable: {err}",
            "move the file aside; a new log is started",
        ) from None
    finally:
        db.close()


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet applied; returns their names."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    applied = []
    for migration in MIGRATIONS:
        if migration.__name__ not in done:
            migration(db)
            db.execute("INSERT INTO _migrations VALUES (?, ?)", (migration.__name__, _now()))
            applied.append(migration.__name__)
    return applied


def _now() -> str:
    return datetime.now(UTC).isoformat()


def start_conversation(settings: Settings, slug: str) -> str:
    """A new conversation id (a chat session, or one ``ask``)."""
    conversation_id = uuid.uuid4().hex[:12]
    with _connect(log_path(settings)) as db:
        db.execute("INSERT INTO conversations VALUES (?, ?, ?)", (conversation_id, slug, _now()))
    return conversation_id


def record_exchange(
    settings: Settings,
    conversation_id: str,
    slug: str,
    answer: Answer,
    seconds: float | None = None,
) -> int:
    """Store one question and its answer; returns the exchange id."""
    row = (
        conversation_id,
        slug,
        answer.question,
        answer.answer,
        int(answer.refused),
        answer.backend,
        answer.model_dump_json(),
        _now(),
        seconds,
        answer.route_info.model_dump_json() if answer.route_info else None,
    )
    with _connect(log_path(settings)) as db:
        cursor = db.execute(
            "INSERT INTO exchanges (conversation_id, slug, question, answer, refused, backend, "
            "json, created_at, seconds, route) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        return int(cursor.lastrowid or 0)


def last_conversation(settings: Settings, slug: str) -> tuple[str | None, list[Answer]]:
    """The latest conversation about ``slug`` (a chat or an ``ask``) and its answers in order,
    each with the route it took, so that a follow-up can resolve "those" or "the first one"."""
    from agent.qa.route import Route

    path = log_path(settings)
    if not path.exists():
        return None, []
    with _connect(path) as db:
        latest = db.execute(
            "SELECT conversation_id FROM exchanges WHERE slug = ? ORDER BY id DESC LIMIT 1",
            (slug,),
        ).fetchone()
        if latest is None:
            return None, []
        rows = db.execute(
            "SELECT json, route FROM exchanges WHERE conversation_id = ? ORDER BY id",
            (latest[0],),
        ).fetchall()
    answers = []
    for data, route in rows:
        answer = Answer.model_validate_json(data)
        answer.route_info = Route.model_validate_json(route) if route else None
        answers.append(answer)
    return latest[0], answers


def list_exchanges(
    settings: Settings, search: str | None = None, limit: int = 50
) -> list[LogEntry]:
    """The latest exchanges, newest first; ``search`` matches question or answer text."""
    path = log_path(settings)
    if not path.exists():
        return []
    where, args = "", []
    if search:
        where = "WHERE question LIKE ? ESCAPE '\\' OR answer LIKE ? ESCAPE '\\'"
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        args = [pattern, pattern]
    with _connect(path) as db:
        rows = db.execute(
            "SELECT id, conversation_id, slug, question, answer, refused, backend, seconds, "
            f"created_at FROM exchanges {where} ORDER BY id DESC LIMIT ?",
            [*args, limit],
        )
        return [_entry(row) for row in rows]


def _entry(row: tuple) -> LogEntry:
    keys = (
        "id",
        "conversation_id",
        "slug",
        "question",
        "answer",
        "refused",
        "backend",
        "seconds",
        "created_at",
    )
    return LogEntry(**dict(zip(keys, row, strict=True)))
