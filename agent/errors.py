"""Errors users see: one line each, with the exit code the CLI maps them to."""

from __future__ import annotations


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
