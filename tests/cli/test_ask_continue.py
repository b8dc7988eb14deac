"""`ask --continue`: a one-shot question that follows on from the last conversation about the
profile (its routes and cited papers come back from the log), logged into that conversation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli

pytestmark = pytest.mark.slow
SLUG = "rongrong-wang"


@pytest.fixture
def ask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):  # noqa: ANN201
    from data_paths import SAMPLE_PROFILE

    base = ["--no-llm", "--as-of", "2026-11-28", "--data-dir", str(tmp_path)]
    assert run_cli(monkeypatch, capsys, *base, "ingest", str(SAMPLE_PROFILE))[0] == 0

    def run(question: str, *flags: str) -> dict:
        code, out, err = run_cli(
            monkeypatch, capsys, *base, "ask", SLUG, question, "--json", *flags
        )
        assert code == 0, err
        return json.loads(out)

    return run, tmp_path


def test_continue_resolves_against_the_logged_conversation(ask) -> None:  # noqa: ANN001
    run, data_dir = ask
    listing = run("Which papers study deep image prior?")
    assert len(listing["sources"]) >= 2
    second = run("Tell me more about the second one.", "--continue")
    assert [s["title"] for s in second["sources"]] == [listing["sources"][1]["title"]]
    assert run("Tell me more about the second one.")["refused"]  # no --continue: no referent
    from agent.qa.chatlog import list_exchanges
    from agent.settings import Settings

    newest, continued, first = list_exchanges(Settings(data_dir=data_dir))[:3]
    assert first.question == "Which papers study deep image prior?"
    assert continued.conversation_id == first.conversation_id  # -c logged into that one
    assert newest.conversation_id != first.conversation_id


def test_continue_with_no_earlier_conversation_is_a_fresh_question(ask) -> None:  # noqa: ANN001
    run, _ = ask
    answer = run("How many papers are listed?", "-c")
    assert answer["answer"].startswith("The profile lists 30 papers")
