"""The conversation log: every question and its answer, in SQLite in the data dir.

The schema grows by named migrations (``m001_initial``, ...), applied with sqlite-utils'
``Migrations``: each migration and the record of it run in one transaction, so a process killed
half-way through one leaves the log as it was before it (``tests/qa/test_chatlog.py``).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from agent.errors import StoreError
from agent.qa.answer_models import Answer
from agent.settings import Settings
from agent.store.records import crash_point

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

LOG_FILE = "chatlog.sqlite"
MIGRATION_SET = "chatlog"
LEGACY_MIGRATIONS = "_migrations"  # the record before sqlite-utils kept it (same names)


def m001_initial(db: Database) -> None:
    db.execute("""CREATE TABLE conversations (
        id TEXT PRIMARY KEY, slug TEXT NOT NULL, started_at TEXT NOT NULL)""")
    crash_point("chatlog-m001")  # between two statements of one migration
    db.execute("""CREATE TABLE exchanges (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        slug TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL,
        refused INTEGER NOT NULL, backend TEXT NOT NULL, json TEXT NOT NULL,
        created_at TEXT NOT NULL)""")


def m002_timing(db: Database) -> None:
    db.execute("ALTER TABLE exchanges ADD COLUMN seconds REAL")
    db.execute("CREATE INDEX exchanges_conversation ON exchanges(conversation_id)")


def m003_routes(db: Database) -> None:
    db.execute("ALTER TABLE exchanges ADD COLUMN route TEXT")  # how it was routed, for follow-ups


MIGRATIONS = (m001_initial, m002_timing, m003_routes)


def _migrations() -> Migrations:
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in MIGRATIONS:
        migrations()(step)
    return migrations


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
        migrate(db)
        with db:
            yield db
    except sqlite3.DatabaseError as err:
        raise StoreError(
            str(path),
            f"conversation log unreadable: {err}",
            "move the file aside; a new log is started",
        ) from None
    finally:
        db.close()


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet applied, each in its own transaction; returns their names.

    An up-to-date log (every run but the first) is checked with one query, without importing
    sqlite-utils (whose import, numpy included, would double a tool-only ``ask``'s start-up)."""
    if _recorded(conn) >= {step.__name__ for step in MIGRATIONS}:
        return []
    from sqlite_utils import Database

    db = Database(conn)
    migrations = _migrations()
    with db.atomic():
        _adopt_legacy_record(db, migrations)
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        migrations.apply(db)
    return pending


def _recorded(conn: sqlite3.Connection) -> set[str]:
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,)
        )
    except sqlite3.OperationalError:  # no such table: a new log, or one from before
        return set()
    return {row[0] for row in rows}


def _adopt_legacy_record(db: Database, migrations: Migrations) -> None:
    """A log from before sqlite-utils recorded its migrations in ``_migrations``: carry the
    names over (once) so they are not applied again."""
    if not db[LEGACY_MIGRATIONS].exists():
        return
    migrations.ensure_migrations_table(db)
    done = {m.name for m in migrations.applied(db)}
    for name, applied_at in db.execute(f"SELECT name, applied_at FROM {LEGACY_MIGRATIONS}"):
        if name not in done:
            db[migrations.migrations_table].insert(
                {"migration_set": MIGRATION_SET, "name": name, "applied_at": applied_at}
            )
    db.execute(f"DROP TABLE {LEGACY_MIGRATIONS}")


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
