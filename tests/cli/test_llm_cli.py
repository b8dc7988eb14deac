"""``profile-agent llm status``: the endpoint and model in use, and whether they answer."""

from __future__ import annotations

import json

import pytest
from standin import StandIn, chat, clear_llm_env
from typer.testing import CliRunner

from agent.cli.app import app
from agent.llm.server import free_port


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_llm_env(monkeypatch)


def test_status_of_a_configured_endpoint_as_json() -> None:
    with StandIn() as standin:
        standin.enqueue(chat("OK"))
        result = CliRunner().invoke(app, ["--llm-base-url", standin.url, "llm", "status", "--json"])
        assert standin.chat_requests()[0].body["max_tokens"] == 1
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["endpoint"] == standin.url and report["model"] == "standin-model"
    assert report["embedded"] is False and report["answers"] is True
    assert report["latency_s"] >= 0 and report["error"] is None


def test_status_of_an_endpoint_that_is_down_exits_3(monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-SECRET-abc123")
    result = CliRunner().invoke(app, ["--llm-base-url", url, "--model", "m", "llm", "status"])
    assert result.exit_code == 3
    assert f"endpoint: {url} (configured endpoint)" in result.output
    assert (
        f"answers: no ({url}: connection refused or dropped (is the server running? "
        "check --llm-base-url))"
    ) in result.output
    assert "SECRET" not in result.output


@pytest.mark.slow
@pytest.mark.llm
def test_status_of_the_embedded_server() -> None:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    result = CliRunner().invoke(app, ["llm", "status", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["embedded"] is True and report["answers"] is True
    assert report["model"] == "smollm2-135m-instruct"
    assert report["model_path"].endswith(".gguf") and report["server_start_s"] > 0
