"""Endpoint failures and retries, against the scripted stand-in server on 127.0.0.1."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, SecretStr
from standin import Reply, StandIn, chat, chat_json, clear_llm_env, error

from agent.errors import EndpointError
from agent.llm.connect import connect, open_llm
from agent.llm.failures import StructuredOutputError
from agent.llm.server import free_port
from agent.settings import Settings, get_settings

FAKE_KEY = "sk-test-FAKEKEY-1234567890abcdef"
USER = [{"role": "user", "content": "hi"}]


def settings_for(url: str | None, tmp_path, **extra: object) -> Settings:
    """Settings for an endpoint (aliased fields are set by name through get_settings)."""
    values = {
        "llm_base_url": url,
        "model": "standin-model",
        "api_key": SecretStr(FAKE_KEY),
        "llm_timeout_s": 10.0,
        **extra,
    }
    settings = get_settings(Settings(data_dir=tmp_path), **values)
    if "model" in extra and extra["model"] is None:
        settings = settings.model_copy(update={"model": None})
    return settings


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_llm_env(monkeypatch)


@pytest.fixture
def standin():
    with StandIn() as server:
        yield server


def test_complete_sends_the_key_and_model_and_returns_the_reply(standin, tmp_path) -> None:
    standin.enqueue(chat("hello there"))
    with open_llm(settings_for(standin.url, tmp_path)) as llm:
        assert llm.complete(USER) == "hello there"
    request = standin.chat_requests()[0]
    assert request.headers["authorization"] == f"Bearer {FAKE_KEY}"
    assert request.body["model"] == "standin-model"


def test_unauthorized_is_one_line_naming_the_url_without_the_key(standin, tmp_path) -> None:
    standin.enqueue(error(401, f"Incorrect API key provided: {FAKE_KEY}"))
    with open_llm(settings_for(standin.url, tmp_path)) as llm, pytest.raises(EndpointError) as e:
        llm.complete(USER)
    assert str(e.value) == f"{standin.url}: HTTP 401 unauthorized (check OPENAI_API_KEY)"
    assert e.value.exit_code == 3
    assert FAKE_KEY not in str(e.value) and "FAKEKEY" not in repr(e.value.args)


def test_connection_refused_names_the_url(tmp_path) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    with open_llm(settings_for(url, tmp_path)) as llm, pytest.raises(EndpointError) as e:
        llm.complete(USER)
    assert str(e.value) == (
        f"{url}: connection refused or dropped (is the server running? check --llm-base-url)"
    )
    assert "\n" not in str(e.value)


def test_unknown_model_is_an_error_not_a_switch(standin, tmp_path) -> None:
    standin.enqueue(error(404, "The model `nope` does not exist", "model_not_found"))
    settings = settings_for(standin.url, tmp_path, model="nope")
    with open_llm(settings) as llm, pytest.raises(EndpointError) as e:
        llm.complete(USER)
    assert str(e.value) == (
        f"{standin.url}: HTTP 404: model 'nope' not found "
        "(check --model / PROFILE_AGENT_MODEL and --llm-base-url)"
    )
    assert len(standin.chat_requests()) == 1


def test_server_errors_are_retried_with_backoff_then_succeed(standin, tmp_path) -> None:
    standin.enqueue(error(500), error(503), chat("third time"))
    with open_llm(settings_for(standin.url, tmp_path)) as llm:
        assert llm.complete(USER) == "third time"
    assert len(standin.chat_requests()) == 3


def test_server_errors_stop_after_three_attempts(standin, tmp_path) -> None:
    standin.enqueue(error(500), error(500), error(500), chat("never reached"))
    with open_llm(settings_for(standin.url, tmp_path)) as llm, pytest.raises(EndpointError) as e:
        llm.complete(USER)
    assert str(e.value) == (
        f"{standin.url}: HTTP 500 after 3 attempts (the server is failing; retry later)"
    )
    assert len(standin.chat_requests()) == 3


def test_timeout_is_bounded_by_llm_timeout(standin, tmp_path) -> None:
    standin.enqueue(Reply(200, {}, delay_s=3.0))
    settings = settings_for(standin.url, tmp_path, llm_timeout_s=1.0)
    with open_llm(settings) as llm, pytest.raises(EndpointError) as e:
        llm.complete(USER)
    assert str(e.value) == (
        f"{standin.url}: no answer within 1 s (raise PROFILE_AGENT_LLM_TIMEOUT_S)"
    )


def test_without_model_the_only_served_model_is_used(standin, tmp_path) -> None:
    settings = settings_for(standin.url, tmp_path, model=None)
    with open_llm(settings) as llm:
        assert llm.model == "standin-model"
    standin.models.append("other-model")
    with pytest.raises(
        EndpointError,
        match=r"serves 2 models \(standin-model, other-model\) "
        r"\(pass --model / PROFILE_AGENT_MODEL\)",
    ):
        connect(settings)


def test_embedded_server_refuses_a_model_it_does_not_serve(tmp_path) -> None:
    settings = settings_for(None, tmp_path, model="gpt-4o")
    with pytest.raises(EndpointError) as e, open_llm(settings):
        pass
    assert str(e.value).startswith(
        "embedded llama.cpp server: model 'gpt-4o' is not served by the embedded server"
    )


def test_no_llm_gives_none(tmp_path) -> None:
    with open_llm(Settings(data_dir=tmp_path, no_llm=True)) as llm:
        assert llm is None


def test_nested_open_llm_shares_one_client(standin, tmp_path) -> None:
    settings = settings_for(standin.url, tmp_path)
    with open_llm(settings) as outer, open_llm(settings) as inner:
        assert inner is outer


class Pair(BaseModel):
    name: str
    count: int


def test_malformed_json_is_reasked_then_parsed(standin, tmp_path) -> None:
    standin.enqueue(chat('{"name": "a", "count": '), chat_json({"name": "a", "count": 2}))
    with open_llm(settings_for(standin.url, tmp_path)) as llm:
        assert llm.structured(Pair, USER).model_dump() == {"name": "a", "count": 2}
    second = standin.chat_requests()[1].body["messages"]
    assert second[-1]["role"] == "user" and "Correct your JSON" in second[-1]["content"]
    assert second[-2] == {"role": "assistant", "content": '{"name": "a", "count": '}


def test_structured_gives_up_after_the_retries_keeping_the_last_answer(standin, tmp_path) -> None:
    standin.enqueue(chat("nope"), chat("still nope"), chat('{"name": "x"}'))
    with (
        open_llm(settings_for(standin.url, tmp_path, llm_max_retries=2)) as llm,
        pytest.raises(StructuredOutputError) as e,
    ):
        llm.structured(Pair, USER)
    assert e.value.attempts == 3 and e.value.last_json() == {"name": "x"}
    assert len(standin.chat_requests()) == 3


def test_endpoint_error_inside_a_structured_call_is_not_wrapped(standin, tmp_path) -> None:
    standin.enqueue(error(401, FAKE_KEY))
    with open_llm(settings_for(standin.url, tmp_path)) as llm, pytest.raises(EndpointError) as e:
        llm.structured(Pair, USER)
    assert str(e.value) == f"{standin.url}: HTTP 401 unauthorized (check OPENAI_API_KEY)"
