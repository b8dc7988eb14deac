"""Errors users see: one line each, with the exit code the CLI maps them to."""

from __future__ import annotations

import signal


class ProfileAgentError(Exception):
    """Base class: ``str(err)`` is the one line shown to the user."""

    exit_code = 1

    def __init__(self, subject: str, problem: str, hint: str | None = None) -> None:
        self.subject = subject
        self.problem = problem
        self.hint = hint
        message = f"{subject}: {problem}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class InputError(ProfileAgentError):
    """The input file or argument is unusable; nothing was stored."""

    exit_code = 2


class NotFoundError(ProfileAgentError):
    """A profile or record the user named does not exist."""

    exit_code = 2


class EndpointError(ProfileAgentError):
    """An LLM or Chroma endpoint failed; the subject is its URL."""

    exit_code = 3
    status: int | None = None  # the HTTP status, where the endpoint answered with one
    server_message: str = ""  # the endpoint's own words (secrets blanked), for callers to inspect


class StoreError(ProfileAgentError):
    """The local store is locked, corrupt or inconsistent."""

    exit_code = 1


def exit_reason(code: int) -> str:
    """How a child process ended: 'exited with code 1', or 'was killed by SIGSEGV'."""
    if code >= 0:
        return f"exited with code {code}"
    try:
        return f"was killed by {signal.Signals(-code).name}"
    except ValueError:
        return f"was killed by signal {-code}"
