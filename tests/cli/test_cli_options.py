"""Global options where people type them: after the command as well as before it."""

from __future__ import annotations

import json

import pytest
from cli_runner import run_cli
from data_paths import SAMPLE_PROFILE

from agent.cli.app import hoist_global_options


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        (["ask", "s", "q", "--no-llm"], ["--no-llm", "ask", "s", "q"]),
        (
            ["--debug", "bio", "s", "--words", "60", "--as-of", "2026-11-28", "--json"],
            ["--debug", "--as-of", "2026-11-28", "bio", "s", "--words", "60", "--json"],
        ),
        (["llm", "status", "--model=m", "--json"], ["--model=m", "llm", "status", "--json"]),
        (
            ["--data-dir", "d", "show", "s", "--data-dir", "e"],
            ["--data-dir", "d", "--data-dir", "e", "show", "s"],
        ),
        (["ask", "s", "--", "--no-llm"], ["ask", "s", "--", "--no-llm"]),  # a literal question
        (["--help"], ["--help"]),
        ([], []),
    ],
)
def test_global_options_move_before_the_command(typed: list[str], parsed: list[str]) -> None:
    assert hoist_global_options(typed) == parsed


def test_no_llm_after_the_command(monkeypatch: pytest.MonkeyPatch, capsys, tmp_path) -> None:  # noqa: ANN001
    """The issue's example: `ask SLUG "..." --no-llm` runs on the grounded path."""
    args = ["ingest", str(SAMPLE_PROFILE), "--data-dir", str(tmp_path), "--as-of", "2026-11-28"]
    code, _, err = run_cli(monkeypatch, capsys, *args, "--no-llm")
    assert code == 0, err
    question = ["ask", "rongrong-wang", "How many papers are from 2024?", "--json"]
    code, out, err = run_cli(
        monkeypatch, capsys, *question, "--no-llm", "--data-dir", str(tmp_path)
    )
    assert code == 0, err
    answer = json.loads(out)
    assert answer["backend"] == "extractive" and answer["sentences"]
