"""A process killed in the middle of the conversation log's first migration leaves no half-made
schema behind: the next ``ask`` migrates from scratch and logs its exchange."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys

from agent.qa.chatlog import list_exchanges, log_path
from agent.settings import Settings

START = "from agent.qa.chatlog import start_conversation; from agent.settings import Settings; "


def _start_conversation(settings: Settings, crash_at: str | None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PROFILE_AGENT_DATA_DIR": str(settings.data_dir)}
    env.pop("PROFILE_AGENT_TEST_CRASH_AT", None)
    if crash_at:
        env["PROFILE_AGENT_TEST_CRASH_AT"] = crash_at
    code = START + "print(start_conversation(Settings(), 'rongrong-wang'))"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )


def test_a_kill_inside_the_first_migration_leaves_nothing_half_made(settings: Settings) -> None:
    killed = _start_conversation(settings, "chatlog-m001")
    assert killed.returncode == -signal.SIGKILL
    db = sqlite3.connect(log_path(settings))
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()
    assert "conversations" not in tables  # created, then rolled back with its migration

    again = _start_conversation(settings, None)
    assert again.returncode == 0, again.stderr
    assert len(again.stdout.strip()) == 12  # a conversation id: the log works
    assert list_exchanges(settings) == []
