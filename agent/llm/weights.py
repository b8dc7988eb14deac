"""The embedded model's weights: the bundled Q4_1 GGUF, or (default) an F16 copy of it.

On CPU a prompt is evaluated about twice as fast from F16 weights as from the shipped Q4_1 ones
(llama.cpp's Q4_1 matmuls also quantize the activations to 8 bits; F16 ones do not), and the
first streamed token waits for the whole prompt. The copy holds exactly the bundled weights
(each Q4_1 value ``d*q + m`` rounded to F16), so it is the same model. It is written once into
``<data_dir>/models/`` by llama.cpp's own quantizer, atomically, with a manifest naming the
source it came from; a copy whose size does not match its manifest is rebuilt.
"""

from __future__ import annotations

import ctypes
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from agent.errors import EndpointError, exit_reason

WEIGHTS = ("f16", "q4_1")
_FTYPE_F16 = 1  # LLAMA_FTYPE_MOSTLY_F16
_VERSION = 1  # bump when the conversion recipe changes


def embedded_weights(bundled: Path, models_dir: Path, weights: str) -> Path:
    """The GGUF the embedded server loads for ``weights`` ('f16' or 'q4_1', the bundled file)."""
    if weights == "q4_1":
        return bundled
    if weights != "f16":
        raise EndpointError(
            "embedded llama.cpp server",
            f"unknown weights {weights!r}",
            f"use one of: {', '.join(WEIGHTS)}",
        )
    target = f16_path(bundled, models_dir)
    if not _valid(target, bundled):
        convert_f16(bundled, target)
    return target


def f16_path(bundled: Path, models_dir: Path) -> Path:
    """Where the F16 copy of ``bundled`` lives."""
    stem = bundled.name.removesuffix(".gguf").removesuffix(".Q4_1")
    return models_dir / f"{stem}.f16.gguf"


def _source_identity(bundled: Path) -> dict[str, object]:
    stat = bundled.stat()
    return {
        "source": str(bundled),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "v": _VERSION,
    }


def _manifest(target: Path) -> Path:
    return target.with_name(target.name + ".json")


def _valid(target: Path, bundled: Path) -> bool:
    """True when ``target`` was converted from this very ``bundled`` file and is complete."""
    try:
        manifest = json.loads(_manifest(target).read_text(encoding="utf-8"))
        size = target.stat().st_size
    except (OSError, ValueError):
        return False
    return manifest.get("from") == _source_identity(bundled) and manifest.get("size") == size


def convert_f16(bundled: Path, target: Path) -> None:
    """Write the F16 copy of ``bundled`` to ``target`` (temp file, then rename; then manifest).

    llama.cpp's quantizer runs in a child process: a crash in native code becomes this one
    error naming the signal, not the end of the calling process."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "agent.llm.weights", str(bundled), str(tmp)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not tmp.is_file():
            raise EndpointError(
                "embedded llama.cpp server",
                f"could not convert {bundled.name} to F16 "
                f"(the converter {exit_reason(done.returncode)})",
                "set PROFILE_AGENT_LLM_WEIGHTS=q4_1 to serve the bundled weights as they are",
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    manifest = {"from": _source_identity(bundled), "size": target.stat().st_size}
    tmp_manifest = _manifest(target).with_name(f".{_manifest(target).name}.{os.getpid()}.tmp")
    tmp_manifest.write_text(json.dumps(manifest), encoding="utf-8")
    os.replace(tmp_manifest, _manifest(target))


def _quantize_f16(bundled: str, target: str) -> int:
    """llama.cpp's quantizer, to F16, in this process (the child ``convert_f16`` starts)."""
    import llama_cpp

    logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)  # no per-tensor log lines
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = _FTYPE_F16
    params.allow_requantize = True
    params.nthread = len(os.sched_getaffinity(0))
    return int(
        llama_cpp.llama_model_quantize(bundled.encode(), target.encode(), ctypes.byref(params))
    )


if __name__ == "__main__":
    sys.exit(_quantize_f16(sys.argv[1], sys.argv[2]))
