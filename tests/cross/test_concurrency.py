"""Two processes on one data dir: ingests queue on the lock, readers see the last whole state.

A writer is frozen mid-write (SIGSTOP at a named stage through the env-gated ``crash_point``
hook) so the overlap is certain rather than a matter of timing; every other party is a real
``profile-agent`` process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from filelock import FileLock
from test_crash_safety import (
    ADDED,
    CLI,
    QUESTION,
    REMOVED,
    REMOVED_QUERY,
    SLUG,
    observe,
    run_cli,
    v1_store,  # noqa: F401 - fixture
    versions,  # noqa: F401 - fixture
)

from agent.store.records import CRASH_AT_ENV

pytestmark = pytest.mark.slow

WAITING = "profile-agent: waiting for another ingest to finish..."


def start_ingest(path: Path, stop_at: str | None = None) -> subprocess.Popen:
    env = {**os.environ}
    if stop_at:
        env[CRASH_AT_ENV] = f"{stop_at}:stop"
    return subprocess.Popen(
        [str(CLI), "ingest", str(path), "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_stopped(process: subprocess.Popen, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        stat = Path(f"/proc/{process.pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "T":
            return
        time.sleep(0.05)
    raise AssertionError("the ingest never reached its stop point")


def finish(process: subprocess.Popen) -> tuple[dict, str]:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return json.loads(out), err


def stored_papers() -> list[str]:
    shown = run_cli("show", SLUG, "--json")
    assert shown.returncode == 0, shown.stderr
    return [paper["id"] for paper in json.loads(shown.stdout)["papers"]]


def test_second_ingest_waits_with_a_message_while_the_lock_is_held(versions: dict) -> None:  # noqa: F811
    lock = FileLock(str(Path(os.environ["PROFILE_AGENT_DATA_DIR"]) / ".ingest.lock"))
    with lock:
        waiting = start_ingest(versions["v2"])
        assert waiting.stderr.readline().strip() == WAITING
        assert waiting.poll() is None
        assert stored_papers() == versions["v1_ids"]
    report, _ = finish(waiting)
    assert (report["papers"], report["added"], report["removed"]) == (30, 1, 1)
    assert ADDED in stored_papers()


def test_two_ingests_at_once_both_finish_and_the_last_one_wins(versions: dict) -> None:  # noqa: F811
    first = start_ingest(versions["v2"], stop_at="upserted-papers")
    wait_until_stopped(first)  # holds the lock, half its vectors written
    second = start_ingest(versions["v1"])
    assert second.stderr.readline().strip() == WAITING
    os.kill(first.pid, signal.SIGCONT)
    first_report, _ = finish(first)
    second_report, _ = finish(second)
    assert (first_report["added"], first_report["removed"]) == (1, 1)
    assert (second_report["added"], second_report["removed"]) == (1, 1)  # v2 -> v1 again
    seen = observe()
    assert seen["papers"] == versions["v1_ids"]
    assert seen["mismatches"] == {}


@pytest.mark.parametrize("stage", ["upserted-papers", "upserted-sentences"])
def test_readers_during_an_ingest_answer_from_the_last_whole_profile(
    versions: dict,  # noqa: F811
    stage: str,
) -> None:
    writer = start_ingest(versions["v2"], stop_at=stage)
    try:
        wait_until_stopped(writer)
        search = run_cli("search", SLUG, REMOVED_QUERY, "--json")
        assert search.returncode == 0, search.stderr
        assert json.loads(search.stdout)[0]["paper_id"] == REMOVED
        ask = run_cli("--no-llm", "ask", SLUG, QUESTION, "--json")
        assert ask.returncode == 0, ask.stderr
        assert REMOVED in [source["paper_id"] for source in json.loads(ask.stdout)["sources"]]
        assert stored_papers() == versions["v1_ids"]
    finally:
        os.kill(writer.pid, signal.SIGCONT)
    finish(writer)
    search = run_cli("search", SLUG, REMOVED_QUERY, "--json")
    assert search.returncode == 0, search.stderr
    assert REMOVED not in [hit["paper_id"] for hit in json.loads(search.stdout)]
    assert observe()["mismatches"] == {}
