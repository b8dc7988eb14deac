"""The API key never leaks: not to stdout, stderr, --debug tracebacks, exception messages, logs,
the SQLite chat log or eval reports, whether the endpoint refuses it (401, echoing the key back as
real servers do), fails otherwise (500 echoing it, a hang, a dropped connection) or works."""

from __future__ import annotations

import json
import secrets
import sys
import traceback
from pathlib import Path

import cli_store
import pytest
from data_paths import FIXTURES, SAMPLE_PROFILE
from standin import StandIn, chat, clear_llm_env, dropped, error, sse

from agent.cli.app import main
from agent.errors import ProfileAgentError

KEY = f"sk-test-SECRET-{secrets.token_hex(12)}"
SLUG = "rongrong-wang"
QUESTION = "Which papers study deep image prior?"
FREE_TEXT = FIXTURES / "freetext_prose.txt"
pytestmark = pytest.mark.slow

ENDPOINTS = {
    "unauthorized": lambda: StandIn(default=error(401, f"Incorrect API key provided: {KEY}.")),
    "server-error": lambda: StandIn(default=error(500, f"upstream rejected {KEY}")),
    "dropped": lambda: StandIn(default=dropped()),
    "works": lambda: StandIn(default=chat("Rongrong Wang studies deep image priors.")),
}
COMMANDS = {
    "ask": ["ask", SLUG, QUESTION, "--backend", "llm"],
    "bio": ["bio", SLUG, "--words", "60", "--backend", "llm", "--json"],
    "ingest-text": ["ingest", str(FREE_TEXT), "--format", "text"],
    "llm-status": ["llm", "status", "--json"],
}


data_dir = cli_store.data_dir


@pytest.fixture
def cli(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):  # noqa: ANN201
    """The console entry point in-process: (exit code, stdout, stderr + any --debug traceback)."""
    clear_llm_env(monkeypatch)
    monkeypatch.setenv("PROFILE_AGENT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("PROFILE_AGENT_AS_OF", "2026-11-28")
    # no endpoint here hangs: a timeout only a loaded 2-core machine could reach, not 2 s
    monkeypatch.setenv("PROFILE_AGENT_LLM_TIMEOUT_S", "60")
    # one request sequence: no tool-routing request first to take a reply queued for the answer
    # (whether it is sent depended on what earlier LLM instances had learnt; test_route_llm.py
    # covers tool routing and its faults)
    monkeypatch.setenv("PROFILE_AGENT_LLM_TOOLS", "0")
    monkeypatch.setenv("OPENAI_API_KEY", KEY)

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["profile-agent", *args])
        code, shown = 0, ""
        try:
            main()
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        except ProfileAgentError as err:  # --debug re-raises: what Python would print
            code, shown = err.exit_code, "".join(traceback.format_exception(err))
            shown += repr(err) + repr(err.args) + str(vars(err))
        out, err = capsys.readouterr()
        return code, out, err + shown

    return run


def files_holding_key(folder: Path) -> list[str]:
    """Every file under ``folder`` whose bytes contain the key (SQLite, logs, reports, caches)."""
    needle = KEY.encode()
    return [str(p) for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


@pytest.mark.timeout(300)
@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
def test_key_never_shown_nor_stored(cli, data_dir: Path, endpoint: str) -> None:  # noqa: ANN001
    with ENDPOINTS[endpoint]() as standin:
        if endpoint == "works":
            standin.enqueue(sse(["Deep image prior methods ", "recover images [1]."]))
        codes = {}
        for name, args in COMMANDS.items():
            for debug in ([], ["--debug"]):
                code, out, err = cli(*debug, "--llm-base-url", standin.url, "--model", "m", *args)
                codes[name, bool(debug)] = code
                assert KEY not in out + err, (name, debug)
                assert "SECRET" not in out + err, (name, debug)
        sent = [r.headers.get("authorization") for r in standin.chat_requests()]
    assert sent and set(sent) == {f"Bearer {KEY}"}  # the key is used, only on the wire
    if endpoint != "works":
        assert {c for (name, _), c in codes.items() if name != "ingest-text"} == {3}
    assert files_holding_key(data_dir) == []


@pytest.mark.timeout(300)
@pytest.mark.parametrize("endpoint", ["unauthorized", "works"])
def test_eval_reports_hold_no_key(cli, data_dir: Path, tmp_path: Path, endpoint: str) -> None:  # noqa: ANN001
    sample = SAMPLE_PROFILE
    suites = tmp_path / "repo" / "evals" / "suites"
    suites.mkdir(parents=True)
    case = {
        "id": "dip",
        "inputs": {"source": str(sample), "as_of": "2026-11-28", "question": QUESTION},
        "expect": {"refused": False},
        "tags": ["thematic"],
    }
    (suites / "qa.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    markdown = tmp_path / "report.md"
    with ENDPOINTS[endpoint]() as standin:
        if endpoint == "works":
            standin.enqueue(sse(["Deep image prior methods ", "recover images [1]."]))
        args = ["--llm-base-url", standin.url, "--model", "m", "eval", "qa", "--backend", "llm"]
        code, out, err = cli(
            *args, "--suites-dir", str(suites), "--report", str(markdown), "--json"
        )
    assert KEY not in out + err and "SECRET" not in out + err
    errors = [run["error"] for case in json.loads(out)["cases"] for run in case["runs"]]
    if endpoint == "works":
        assert code == 0 and errors == [None], (code, errors, err[-3000:])
    else:
        assert code == 1 and errors == [
            f"EndpointError: {standin.url}: HTTP 401 unauthorized (check OPENAI_API_KEY)"
        ]
    assert markdown.read_text(encoding="utf-8") and files_holding_key(tmp_path) == []
    assert files_holding_key(data_dir) == []
