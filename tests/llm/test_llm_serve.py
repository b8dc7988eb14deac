"""The embedded server's launcher: llama.cpp's extra weight buffers (AMX) off on AMX CPUs."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from standin import clear_llm_env

from agent.llm.serve import NO_EXTRA_BUFFERS
from agent.llm.server import EmbeddedServer, bundled_model_path, cpu_has_amx

SAPPHIRE_RAPIDS = "flags\t\t: fpu vme sse2 avx2 avx512f avx512_vnni amx_bf16 amx_tile amx_int8\n"
EPYC = "flags\t\t: fpu vme sse2 avx2 fma\n"


@pytest.mark.parametrize(("cpuinfo", "amx"), [(SAPPHIRE_RAPIDS, True), (EPYC, False), ("", False)])
def test_amx_is_read_from_the_cpu_flags(tmp_path: Path, cpuinfo: str, amx: bool) -> None:
    path = tmp_path / "cpuinfo"
    path.write_text("processor\t: 0\n" + cpuinfo)
    assert cpu_has_amx(path) is amx
    assert cpu_has_amx(tmp_path / "missing") is False


def test_without_extra_buffers_the_launcher_says_so(tmp_path: Path) -> None:
    plain = EmbeddedServer(tmp_path / "m.gguf", extra_buffers=True).command()
    safe = EmbeddedServer(tmp_path / "m.gguf", extra_buffers=False).command()
    assert plain[1:3] == ["-m", "agent.llm.serve"] and NO_EXTRA_BUFFERS not in plain
    assert safe[:4] == [*plain[:3], NO_EXTRA_BUFFERS] and safe[4:] == plain[3:]
    assert EmbeddedServer(tmp_path / "m.gguf").extra_buffers is not cpu_has_amx()


@pytest.mark.slow
@pytest.mark.llm
@pytest.mark.parametrize("weights", ["q4_1", "f16"])
def test_the_bundled_weights_answer_from_plain_cpu_buffers(
    weights: str, shared_models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What AMX machines run: the server with extra buffers off loads and answers, on both
    weights settings; llama.cpp's log shows no repacked (extra) buffer."""
    pytest.importorskip("llama_cpp")
    clear_llm_env(monkeypatch)
    from agent.llm.weights import embedded_weights

    path = embedded_weights(bundled_model_path(), shared_models_dir, weights)
    server = EmbeddedServer(path, n_ctx=512, extra_buffers=False).start(timeout_s=120)
    try:
        request = urllib.request.Request(
            f"{server.base_url}/completions",
            data=json.dumps({"prompt": "The capital of France is", "max_tokens": 4}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            text = json.loads(response.read())["choices"][0]["text"]
        assert text.strip()
        log = server.log_tail(100_000)
        assert "AMX model buffer" not in log and "REPACK model buffer" not in log
    finally:
        server.stop()
