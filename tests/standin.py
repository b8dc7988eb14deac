"""A scripted OpenAI-compatible server on 127.0.0.1 for retry, timeout and error paths.

Queue prepared replies with ``enqueue``; every request is recorded in ``requests``. With the queue
empty, chat completions answer ``default`` (a 500 unless set). ``GET /v1/models`` lists ``models``.
Faults: ``hang()`` never answers, ``raw`` bytes are written as they are (a cut-off body drops the
connection), ``stalled`` goes silent after them, and ``sse(...)`` streams a chat completion
(``drop=True`` cuts it off mid-stream).
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One prepared answer: a status, a JSON body (or raw text), an optional delay."""

    status: int = 200
    body: Any = None
    delay_s: float = 0.0
    raw: bytes | None = None  # the whole response, written as is; then the connection closes
    hang: bool = False  # then (after ``raw``, if any) stay silent until the server stops


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: Any


def chat(content: str) -> Reply:
    """A 200 chat completion whose assistant message is ``content``."""
    return Reply(
        200,
        {
            "id": "chatcmpl-standin",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": "standin-model",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": content},
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        },
    )


def tool_call(name: str, arguments: Any) -> Reply:
    """A 200 chat completion whose assistant message calls function ``name`` (``arguments``
    is sent as given when a string, else as JSON)."""
    reply = chat("")
    text = arguments if isinstance(arguments, str) else json.dumps(arguments)
    call = {"id": "call-standin", "type": "function", "function": {"name": name, "arguments": text}}
    choice = reply.body["choices"][0]
    choice["finish_reason"] = "tool_calls"
    choice["message"] = {"role": "assistant", "content": None, "tool_calls": [call]}
    return reply


def chat_json(data: Any) -> Reply:
    """A chat completion whose content is ``data`` as JSON."""
    return chat(json.dumps(data))


def hang() -> Reply:
    """Accept the request and never answer."""
    return Reply(hang=True)


def stalled(reply: Reply) -> Reply:
    """``reply``'s raw bytes (a cut-off body or stream), then silence with the connection open."""
    return dataclasses.replace(reply, hang=True)


def invalid_json() -> Reply:
    """A 200 whose JSON body is cut short."""
    return Reply(200, '{"id": "chatcmpl-standin", "choices": [{"message": ')


def dropped() -> Reply:
    """A 200 that promises a body and closes the connection halfway through it."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n"
    return Reply(raw=head + b'{"id": "chatcmpl-standin", "choices": [')


def closed() -> Reply:
    """Read the request and close the connection without a response."""
    return Reply(raw=b"")


def sse(pieces: list[str], *, drop: bool = False, invalid: bool = False) -> Reply:
    """A streamed chat completion of ``pieces`` (server-sent events, chunked); ``drop`` closes
    the connection mid-stream, ``invalid`` sends an event that is not JSON."""
    events = [_chunk_event(piece) for piece in pieces]
    events += ["data: {not json\n\n"] if invalid else []
    events += [] if drop else ["data: [DONE]\n\n"]
    body = b"".join(_http_chunk(e.encode("utf-8")) for e in events)
    body += b"40\r\ndata: {" if drop else b"0\r\n\r\n"
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    return Reply(raw=head + body)


def _chunk_event(piece: str) -> str:
    chunk = {
        "id": "chatcmpl-standin",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": "standin-model",
        "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
    }
    return f"data: {json.dumps(chunk)}\n\n"


def _http_chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def error(status: int, message: str = "failure", code: str | None = None) -> Reply:
    """An OpenAI-style error body with ``status``."""
    return Reply(status, {"error": {"message": message, "type": "error", "code": code}})


@dataclass
class StandIn:
    """The server; use as a context manager (``with StandIn() as server: server.url``)."""

    models: list[str] = field(default_factory=lambda: ["standin-model"])
    replies: list[Reply] = field(default_factory=list)
    default: Reply | None = None  # the answer when the queue is empty (None: a 500)
    requests: list[Recorded] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self.stopped = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def enqueue(self, *replies: Reply) -> StandIn:
        with self._lock:
            self.replies.extend(replies)
        return self

    def next_reply(self) -> Reply:
        with self._lock:
            if self.replies:
                return self.replies.pop(0)
            return self.default or error(500, "queue empty")

    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self._server.shutdown()
        self._server.server_close()


def _handler_for(standin: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            standin.requests.append(Recorded("GET", self.path, self._headers(), None))
            if self.path.rstrip("/").endswith("/models"):
                data = [{"id": m, "object": "model", "owned_by": "standin"} for m in standin.models]
                self._send(Reply(200, {"object": "list", "data": data}))
            else:
                self._send(error(404, "no such path"))

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8") if length else ""
            body = json.loads(raw) if raw else None
            standin.requests.append(Recorded("POST", self.path, self._headers(), body))
            self._send(standin.next_reply())

        def _headers(self) -> dict[str, str]:
            return {k.lower(): v for k, v in self.headers.items()}

        def _send(self, reply: Reply) -> None:
            if reply.delay_s:
                time.sleep(reply.delay_s)
            if reply.raw is not None:
                self.close_connection = True
                try:
                    self.wfile.write(reply.raw)
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
            if reply.hang:
                standin.stopped.wait()
            if reply.hang or reply.raw is not None:
                return
            payload = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
            data = payload.encode("utf-8")
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


LLM_ENV = (
    "OPENAI_BASE_URL",
    "OPENAI_API_KEY",
    "PROFILE_AGENT_LLM_BASE_URL",
    "PROFILE_AGENT_MODEL",
    "PROFILE_AGENT_API_KEY",
    "PROFILE_AGENT_NO_LLM",
    "PROFILE_AGENT_JUDGE_URL",
    "PROFILE_AGENT_JUDGE_MODEL",
)


def clear_llm_env(monkeypatch: Any) -> None:
    """Tests choose their endpoint explicitly: drop the LLM variables of the caller's shell."""
    for name in LLM_ENV:
        monkeypatch.delenv(name, raising=False)
