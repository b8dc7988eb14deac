"""LLM endpoint faults through the CLI: a hang, 500s, invalid JSON, an answer that stalls or whose
connection drops halfway.

Each fault is tried on the three commands that call the LLM (ask --backend llm, bio --backend llm,
ingest --format text): bounded retries, a total timeout (PROFILE_AGENT_LLM_TIMEOUT_S), then exit 3
and one line naming the URL. Commands whose grounded path needs no LLM never touch the endpoint.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cli_store
import pytest
from cli_runner import run_cli
from data_paths import FIXTURES
from standin import (
    Reply,
    StandIn,
    clear_llm_env,
    closed,
    dropped,
    error,
    hang,
    invalid_json,
    sse,
    stalled,
)

FIXTURES = FIXTURES
FREE_TEXT = FIXTURES / "freetext_prose.txt"
SLUG = "rongrong-wang"
QUESTION = "Which papers study deep image prior?"
TIMEOUT_S = "2"
KEY = "sk-test-SECRET-faults-3f9a1c"
pytestmark = pytest.mark.slow

# fault -> (replies for a plain request, replies for a streamed one, the line's cause and hint)
FAULTS: dict[str, tuple[list[Reply], list[Reply], str]] = {
    "hang": (
        [hang()],
        [hang()],
        f"no answer within {TIMEOUT_S} s (raise PROFILE_AGENT_LLM_TIMEOUT_S)",
    ),
    "http-500": ([], [], "HTTP 500 after 3 attempts (the server is failing; retry later)"),
    "invalid-json": (
        [invalid_json()] * 3,
        [sse(["Deep image prior "], invalid=True)],
        "the answer is not valid JSON (the server is failing; see its log)",
    ),
    "stalled": (
        [stalled(dropped())],
        [stalled(sse(["Optimal Eye Surgeon prunes "], drop=True))],
        f"no answer within {TIMEOUT_S} s (raise PROFILE_AGENT_LLM_TIMEOUT_S)",
    ),
    "dropped": (
        [dropped()] * 3,
        [sse(["Optimal Eye Surgeon prunes "], drop=True)],
        None,  # plain: 'connection refused or dropped'; streamed: 'dropped mid-answer'
    ),
}
DROPPED = {
    False: "connection refused or dropped (is the server running? check --llm-base-url)",
    True: "connection dropped mid-answer (the server is failing; retry later)",
}
COMMANDS = {
    "ask": (["ask", SLUG, QUESTION, "--backend", "llm"], True),
    "bio": (["bio", SLUG, "--words", "60", "--backend", "llm"], False),
    "ingest-text": (["ingest", str(FREE_TEXT), "--format", "text"], False),
}


data_dir = cli_store.data_dir


@pytest.fixture
def cli(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):  # noqa: ANN201
    """Run the console entry point in-process on the module's store: (exit code, out, err)."""
    clear_llm_env(monkeypatch)
    monkeypatch.setenv("PROFILE_AGENT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PROFILE_AGENT_AS_OF", "2026-11-28")
    monkeypatch.setenv("PROFILE_AGENT_LLM_TIMEOUT_S", TIMEOUT_S)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    # the faults are scripted for the answer's request; tool routing's own request and its
    # faults are tested in test_route_llm.py
    monkeypatch.setenv("PROFILE_AGENT_LLM_TOOLS", "0")

    def run(*args: str) -> tuple[int, str, str]:
        return run_cli(monkeypatch, capsys, *args)

    return run


@pytest.fixture
def standin():  # noqa: ANN201
    with StandIn() as server:
        yield server


@pytest.mark.timeout(120)
@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_is_one_line_naming_the_url_with_exit_3(cli, standin, fault: str, command: str):  # noqa: ANN001
    args, streamed = COMMANDS[command]
    plain, stream, cause = FAULTS[fault]
    standin.enqueue(*(stream if streamed else plain))
    code, out, err = cli("--llm-base-url", standin.url, "--model", "standin-model", *args)
    expected = cause or DROPPED[streamed]
    assert (code, out, err) == (3, "", f"profile-agent: error: {standin.url}: {expected}\n")
    retried = fault == "http-500" or (fault not in ("hang", "stalled") and not streamed)
    assert len(standin.chat_requests()) == (3 if retried else 1)
    assert KEY not in out + err


@pytest.mark.parametrize(
    "args",
    [
        ["ask", SLUG, QUESTION],
        ["bio", SLUG, "--words", "60"],
        ["--no-llm", "ask", SLUG, QUESTION, "--backend", "extractive"],
        ["--no-llm", "bio", SLUG, "--words", "60", "--backend", "llm"],
    ],
    ids=["ask-default", "bio-default", "ask-no-llm", "bio-no-llm-backend-llm"],
)
def test_grounded_path_answers_without_touching_a_failing_endpoint(cli, standin, args) -> None:  # noqa: ANN001
    code, out, err = cli("--llm-base-url", standin.url, "--model", "standin-model", *args)
    assert code == 0, err
    assert "Optimal Eye Surgeon" in out or "Rongrong Wang" in out
    assert standin.requests == []
    if "--no-llm" in args and "bio" in args:
        assert "LLM rewrite skipped (--no-llm): the default wording is shown" in out


def test_free_text_with_no_llm_is_an_input_error(cli, standin) -> None:  # noqa: ANN001
    code, out, err = cli("--llm-base-url", standin.url, "--no-llm", "ingest", str(FREE_TEXT))
    assert code == 2 and out == ""
    assert err.startswith(f"profile-agent: error: {FREE_TEXT}: ") and err.count("\n") == 1
    assert standin.requests == []


def test_a_healthy_stream_after_a_retry_is_answered_by_the_llm(cli, standin) -> None:  # noqa: ANN001
    """500, then a dropped connection before any byte of the answer: both retried; the third
    request streams a sentence the verifier keeps."""
    standin.enqueue(error(500), closed(), sse(["Optimal Eye Surgeon prunes ", "networks [1]."]))
    code, out, err = cli(
        "--llm-base-url", standin.url, "--model", "standin-model", *COMMANDS["ask"][0], "--json"
    )
    assert code == 0, err
    assert len(standin.chat_requests()) == 3


@pytest.mark.timeout(180)
def test_a_hanging_endpoint_in_a_real_process_ends_with_exit_3(data_dir: Path, standin) -> None:  # noqa: ANN001
    """The installed command, in its own process: the hang ends at the total timeout."""
    standin.enqueue(hang(), hang(), hang())
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "PROFILE_AGENT_"))},
        "PROFILE_AGENT_DATA_DIR": str(data_dir),
        "PROFILE_AGENT_LLM_TIMEOUT_S": TIMEOUT_S,
        "OPENAI_API_KEY": KEY,
        "HF_HUB_OFFLINE": "1",
    }
    done = subprocess.run(
        [str(Path(sys.executable).parent / "profile-agent"), "--llm-base-url", standin.url]
        + ["--model", "standin-model", *COMMANDS["ask"][0]],
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
    )
    assert done.returncode == 3 and done.stdout == ""
    assert done.stderr == f"profile-agent: error: {standin.url}: {FAULTS['hang'][2]}\n"


def test_chat_reports_a_failing_turn_and_goes_on(cli, standin, monkeypatch) -> None:  # noqa: ANN001
    """In a conversation the failed turn is reported with the URL and the next one is asked."""
    import builtins

    lines = iter([QUESTION, "How many papers?", "/exit"])
    monkeypatch.setattr(builtins, "input", lambda prompt="": next(lines))
    code, out, err = cli(
        "--llm-base-url", standin.url, "--model", "standin-model", "chat", SLUG, "--backend", "llm"
    )
    assert code == 0, err
    shown = " ".join(out.split())  # rich wraps long lines
    assert f"profile-agent: error: {standin.url}: {FAULTS['http-500'][2]}" in shown
    assert "30 papers" in shown and KEY not in out + err
