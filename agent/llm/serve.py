"""``python -m agent.llm.serve [--no-extra-buffers] ARGS``: llama-cpp-python's OpenAI server.

With ``--no-extra-buffers`` the model's weights stay in plain CPU buffers: llama.cpp does not
repack them into its AMX (or other "extra") buffer types. On CPUs with AMX, llama.cpp's AMX
matmul has crashed on 4-bit weights (SIGSEGV in ``ggml_backend_amx_mul_mat``), so the embedded
server turns them off there (see ``llm_server.cpu_has_amx``).
"""

from __future__ import annotations

import runpy
import sys

NO_EXTRA_BUFFERS = "--no-extra-buffers"


def keep_weights_in_cpu_buffers() -> None:
    """Every model llama-cpp-python loads from now on gets ``use_extra_bufts = false``."""
    import llama_cpp.llama_cpp as native

    default = native.llama_model_default_params

    def params():  # noqa: ANN202 - a ctypes struct
        chosen = default()
        chosen.use_extra_bufts = False
        return chosen

    native.llama_model_default_params = params


def main(argv: list[str]) -> None:
    """Run the server module with ``argv`` (less our own flag)."""
    if NO_EXTRA_BUFFERS in argv:
        argv = [a for a in argv if a != NO_EXTRA_BUFFERS]
        keep_weights_in_cpu_buffers()
    sys.argv = ["llama_cpp.server", *argv]
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
