"""Run native code (llama.cpp) in a child process, so a crash fails one test, not the run."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest


def run_isolated(code: str, *args: str, timeout_s: float = 300) -> str:
    """Run ``code`` with ``args`` in a fresh interpreter; its stdout, or a failed test that
    names the signal that killed it (or its exit code and the end of its stderr)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    if done.returncode < 0:
        pytest.fail(f"child process killed by {signal.Signals(-done.returncode).name}")
    if done.returncode != 0:
        pytest.fail(f"child process exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout
