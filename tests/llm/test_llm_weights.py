"""The embedded model's F16 weights and the primed system prompt (real llama.cpp, real model)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from isolated import run_isolated
from standin import StandIn, chat, clear_llm_env

from agent.errors import EndpointError
from agent.llm import weights as llm_weights
from agent.llm.connect import open_llm
from agent.llm.server import bundled_model_path
from agent.llm.weights import embedded_weights, f16_path
from agent.qa.llm_answer import answer_prefix
from agent.settings import Settings, get_settings

SAMPLE_ABSTRACT = (
    "Deep image prior (DIP) recovers high-quality images from incomplete or corrupted "
    "measurements without training data, but it overfits to noise as the network fits its "
    "input. We propose an early stopping rule based on pseudo self-referenced images, and show "
    "across inverse imaging problems that it stops near the peak reconstruction quality."
)


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_llm_env(monkeypatch)


def test_q4_1_serves_the_bundled_file_and_writes_nothing(tmp_path: Path) -> None:
    bundled = tmp_path / "Model.Q4_1.gguf"
    bundled.write_bytes(b"GGUF")
    assert embedded_weights(bundled, tmp_path / "models", "q4_1") == bundled
    assert not (tmp_path / "models").exists()


def test_unknown_weights_are_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EndpointError) as caught:
        embedded_weights(tmp_path / "m.gguf", tmp_path, "int3")
    assert str(caught.value).startswith("embedded llama.cpp server: unknown weights 'int3'")


@pytest.mark.slow
@pytest.mark.llm
def test_f16_copy_is_converted_once_and_rebuilt_when_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("llama_cpp")
    bundled, models = bundled_model_path(), tmp_path / "models"
    path = embedded_weights(bundled, models, "f16")
    assert path == f16_path(bundled, models) and path.read_bytes()[:4] == b"GGUF"
    size = path.stat().st_size
    assert size > 2 * bundled.stat().st_size  # 16 bits a weight against 4-5
    assert sorted(p.name for p in models.iterdir()) == [path.name, path.name + ".json"]

    real = llm_weights.convert_f16
    monkeypatch.setattr(llm_weights, "convert_f16", _refuse)
    assert embedded_weights(bundled, models, "f16") == path  # valid: reused

    with path.open("r+b") as damaged:
        damaged.truncate(size // 2)  # a copy cut short (disk full, killed mid-write)
    monkeypatch.setattr(llm_weights, "convert_f16", real)
    assert embedded_weights(bundled, models, "f16") == path
    assert path.stat().st_size == size


def _refuse(*_: object) -> None:
    raise AssertionError("converted again")


_NEXT_TOKENS = """
import json, sys
import numpy as np
import llama_cpp
model = llama_cpp.Llama(model_path=sys.argv[1], n_ctx=512, logits_all=True, verbose=False)
tokens = model.tokenize(sys.argv[2].encode())
model.eval(tokens)
logits = np.array(model.scores[: len(tokens) - 1], dtype=np.float64)
logits -= logits.max(axis=1, keepdims=True)
logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
loss = -logp[np.arange(len(tokens) - 1), tokens[1:]].mean()
print(json.dumps({"top": logits.argmax(axis=1).tolist(), "loss": float(loss)}))
"""


@pytest.mark.slow
@pytest.mark.llm
def test_f16_copy_is_the_same_model(shared_models_dir: Path) -> None:
    """Every tensor of the F16 copy holds the bundled value ``d*q + m`` rounded to F16, by an
    independent reader (the ``gguf`` package's dequantizer, not llama.cpp's quantizer that wrote
    the copy); and the copy runs: llama.cpp, in a child process (a crash in its kernels fails
    this test, naming the signal), predicts the sample abstract's tokens as a language model
    does. The Q4_1 file itself is not run: its kernels crash on AVX-512/AMX CPUs (this one)."""
    pytest.importorskip("llama_cpp")
    np = pytest.importorskip("numpy")
    gguf = pytest.importorskip("gguf")
    from gguf.quants import dequantize

    bundled = bundled_model_path()
    f16 = embedded_weights(bundled, shared_models_dir, "f16")
    copy = {t.name: t for t in gguf.GGUFReader(f16).tensors}
    source = gguf.GGUFReader(bundled).tensors
    assert len(source) == len(copy) > 200
    for tensor in source:
        ours = copy[tensor.name]
        expected = dequantize(tensor.data, tensor.tensor_type).astype(np.float16)
        found = dequantize(ours.data, ours.tensor_type).astype(np.float16)
        assert expected.shape == found.shape and np.array_equal(expected, found), tensor.name
    result = json.loads(run_isolated(_NEXT_TOKENS, str(f16), SAMPLE_ABSTRACT))
    assert result["loss"] < 6.5  # nats a token; 5.1 measured here, uniform guessing is 10.8
    again = json.loads(run_isolated(_NEXT_TOKENS, str(f16), SAMPLE_ABSTRACT))
    assert again == result


@pytest.mark.slow
@pytest.mark.llm
def test_a_primed_system_turn_is_not_evaluated_again(tmp_path: Path) -> None:
    """``open_llm(prime=...)``: the server evaluates the fixed system turn in the background;
    the next request that starts with it evaluates only the rest (llama.cpp's own log says so)."""
    pytest.importorskip("llama_cpp")
    prefix = answer_prefix()
    with open_llm(Settings(data_dir=tmp_path), prime=prefix) as llm:
        for thread in llm._primers:
            thread.join(timeout=60)
        head = prefix[-1]["content"]
        messages = [prefix[0], {"role": "user", "content": f"{head}{SAMPLE_ABSTRACT}\nWhy?"}]
        assert "".join(llm.stream(messages, max_tokens=4))
        log = _server_log(llm)
    hits = [int(n) for n in re.findall(r"Llama\.generate: (\d+) prefix-match hit", log)]
    words = len(prefix[0]["content"].split()) + len(head.split())  # fewer words than tokens
    assert hits and hits[-1] >= words


def _server_log(llm) -> str:  # noqa: ANN001
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # the server flushes its log line after the reply
        llm.server._log.seek(0)
        text = llm.server._log.read().decode("utf-8", "replace")
        if "prefix-match hit" in text:
            break
        time.sleep(0.1)
    return text


def test_a_configured_endpoint_is_never_sent_a_prime(tmp_path: Path) -> None:
    """Priming is a local-server trick: a remote endpoint (which may bill per token) gets only
    the requests the caller makes."""
    with StandIn() as standin:
        standin.enqueue(chat("ok"))
        settings = get_settings(
            Settings(data_dir=tmp_path), llm_base_url=standin.url, model="standin-model"
        )
        with open_llm(settings, prime=answer_prefix()) as llm:
            time.sleep(0.3)
            assert llm.complete([{"role": "user", "content": "hi"}]) == "ok"
        assert len(standin.chat_requests()) == 1
