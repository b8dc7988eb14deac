"""LLM tool-call routing: a scripted tool call answers a question the patterns miss with the
exact tool value; invalid calls, endpoints that reject tools and text replies keep the pattern
route (asked once per LLM); real endpoint failures still raise. One slow test on the embedded
SmolLM2 server."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import cli_store
import pytest
from standin import StandIn, chat, clear_llm_env, error, tool_call

from agent.errors import EndpointError
from agent.llm.connect import connect
from agent.qa.answer import answer_question
from agent.qa.route import route_question
from agent.qa.route_llm import REFUSE_TOOL, SEARCH_TOOL, llm_route
from agent.qa.tools import TOOLS
from agent.settings import Settings, get_settings
from agent.sources import load_profile

MISSED = "Roughly what volume of output does this researcher have?"
MISSED_2024 = "Roughly what volume of output did this researcher have in 2024?"
OTHER = "Which papers study deep image prior?"
AS_OF = date(2026, 11, 28)

data_dir = cli_store.data_dir


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_llm_env(monkeypatch)


@pytest.fixture(scope="module")
def profile():  # noqa: ANN201
    from data_paths import SAMPLE_PROFILE

    return load_profile(SAMPLE_PROFILE, Settings(as_of=AS_OF, no_llm=True))


@pytest.fixture
def standin():  # noqa: ANN201
    with StandIn() as server:
        yield server


@pytest.fixture
def llm_settings(standin: StandIn, tmp_path: Path) -> Settings:
    base = Settings(data_dir=tmp_path, as_of=AS_OF)
    return get_settings(base, llm_base_url=standin.url, model="standin-model", llm_timeout_s=10.0)


@pytest.fixture
def llm(llm_settings: Settings, standin: StandIn):  # noqa: ANN201
    client = connect(llm_settings)
    assert client.base_url == standin.url  # never the embedded server
    yield client
    client.close()


def routed(question: str, profile, llm):  # noqa: ANN001, ANN201
    return llm_route(question, profile, llm, route_question(question, profile))


def test_missed_aggregate_is_answered_exactly_through_a_tool_call(
    standin, llm, llm_settings, profile
) -> None:  # noqa: ANN001
    assert route_question(MISSED, profile).kind == "search"  # the patterns miss it
    standin.enqueue(tool_call("count_papers", {}))
    answer = answer_question(MISSED, profile, None, llm_settings, llm=llm)
    assert (answer.value, answer.route, answer.refused) == (30, "tool:count_papers (llm)", False)
    assert answer.answer.startswith("The profile lists 30 papers")
    body = standin.chat_requests()[0].body
    offered = {t["function"]["name"] for t in body["tools"]}
    assert offered == set(TOOLS) | {SEARCH_TOOL, REFUSE_TOOL}
    assert body["tool_choice"] == "auto"


def test_tool_call_filters_add_to_the_filters_the_question_names(standin, llm, profile) -> None:  # noqa: ANN001
    standin.enqueue(tool_call("count_papers", {"has_code": True}))
    route = routed(MISSED_2024, profile, llm)
    assert (route.tool, route.router) == ("count_papers", "llm")
    assert (route.filter.year_from, route.filter.year_to, route.filter.has_code) == (
        2024,
        2024,
        True,
    )


@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("count_everything", {}),
        ("count_papers", {"year_from": "recently"}),
        ("count_papers", {"colour": "red"}),
        ("count_papers", {"categories": ["XX"]}),
        ("count_papers", {"paper_ids": ["2401.00001"]}),
        ("count_papers", "not json {"),
        ("metrics", {"names": ["fame"]}),
        ("coauthors", {"top": 0}),
        (REFUSE_TOOL, {"why": "no"}),
    ],
)
def test_invalid_tool_call_keeps_the_pattern_route(standin, llm, profile, name, arguments) -> None:  # noqa: ANN001
    standin.enqueue(tool_call(name, arguments), tool_call("count_papers", {}))
    route = routed(MISSED, profile, llm)
    assert (route.kind, route.router) == ("search", "pattern")
    assert routed(MISSED, profile, llm).tool == "count_papers"  # tools are still offered


def test_search_and_cannot_answer_keep_the_grounded_search(standin, llm, profile) -> None:  # noqa: ANN001
    standin.enqueue(
        tool_call(SEARCH_TOOL, {"query": "deep image prior"}), tool_call(REFUSE_TOOL, {})
    )
    pattern = route_question(OTHER, profile)
    for _ in range(2):
        route = routed(OTHER, profile, llm)
        assert route.kind == "search" and route.topic == pattern.topic
        assert route.router == "llm"


@pytest.mark.parametrize(
    ("reply", "attempts"),
    [
        (error(400, "tools are not supported by this model"), 1),
        (error(500, "tools param requires --jinja flag"), 3),  # 500s are retried first
        (chat("There are many papers."), 1),  # tools ignored: a text reply
    ],
    ids=["http-400", "http-500", "text-reply"],
)
def test_endpoint_without_tools_keeps_pattern_routing_and_is_asked_once(
    standin, llm, profile, reply, attempts
) -> None:  # noqa: ANN001
    standin.default = reply
    for question in (MISSED, OTHER, MISSED):
        route = routed(question, profile, llm)
        assert (route.kind, route.router) == ("search", "pattern")
    assert len(standin.chat_requests()) == attempts


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (error(401, "Incorrect API key provided"), "HTTP 401 unauthorized"),
        (error(400, "context length exceeded"), "HTTP 400"),
    ],
)
def test_other_endpoint_failures_still_raise(standin, llm, profile, reply, problem) -> None:  # noqa: ANN001
    standin.default = reply
    with pytest.raises(EndpointError) as caught:
        routed(MISSED, profile, llm)
    assert (caught.value.problem, caught.value.exit_code) == (problem, 3)


def test_unreachable_endpoint_still_raises(unreachable_url: str, profile, tmp_path) -> None:  # noqa: ANN001
    settings = get_settings(
        Settings(data_dir=tmp_path), llm_base_url=f"{unreachable_url}/v1", model="m"
    )
    llm = connect(settings)
    try:
        with pytest.raises(EndpointError, match="connection refused or dropped"):
            routed(MISSED, profile, llm)
    finally:
        llm.close()


def test_recognised_aggregates_and_disabled_tools_never_ask_the_llm(
    standin, llm, llm_settings, profile
) -> None:  # noqa: ANN001
    answer = answer_question("How many papers are listed?", profile, None, llm_settings, llm=llm)
    assert (answer.value, answer.route) == (30, "tool:count_papers")
    off = llm_settings.model_copy(update={"llm_tools": False})
    assert routed(MISSED, profile, None).router == "pattern"
    with pytest.raises(AttributeError):  # no retriever: the search began, the LLM unasked
        answer_question(MISSED, profile, None, off, llm=llm)
    assert standin.requests == []


@pytest.mark.slow
@pytest.mark.llm
@pytest.mark.timeout(300)
def test_embedded_model_with_tools_never_breaks_ask(
    data_dir: Path, profile, monkeypatch, capsys
) -> None:  # noqa: ANN001
    """SmolLM2 on llama-cpp-python answers a tools request in text (so the embedded server is not
    offered tools when routing); whatever it does, nothing crashes and ask --backend llm answers
    an aggregate with its exact count."""
    from agent.cli.app import main
    from agent.llm.connect import open_llm
    from agent.qa.route_llm import request_tool_call

    with open_llm(Settings(data_dir=data_dir)) as embedded:
        call = request_tool_call(embedded, MISSED, profile)
        assert call is None or call.name in {*TOOLS, SEARCH_TOOL, REFUSE_TOOL}
        sent = embedded.requests
        assert routed(MISSED, profile, embedded).router == "pattern"
        assert embedded.requests == sent
    monkeypatch.setenv("PROFILE_AGENT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PROFILE_AGENT_AS_OF", AS_OF.isoformat())
    args = ["ask", "rongrong-wang", "How many papers are listed in total?", "--backend", "llm"]
    monkeypatch.setattr(sys, "argv", ["profile-agent", *args, "--json", "--explain"])
    with pytest.raises(SystemExit) as exit_:
        main()
    out, err = capsys.readouterr()
    assert exit_.value.code in (0, None), err
    answer = json.loads(out)
    assert answer["route"] == "tool:count_papers"
    assert answer["answer"].startswith("The profile lists 30 papers")
