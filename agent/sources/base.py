"""What every parser shares: its one-line complaint, the validated profile it builds, and the
small cleaners of the values it reads."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from agent.errors import InputError
from agent.models import Profile

_GITHUB_URL = re.compile(
    r"(?:https?://)?(?:www\.)?github\.com/[^\s<>\"'{}()\[\]\\|^`]+", re.IGNORECASE
)
_TRAILING = ".,;:!?'\"*"


class ParseError(InputError):
    """A parser's complaint about the text; ``load_profile`` re-raises it naming the file."""

    def __init__(self, problem: str, hint: str | None = None) -> None:
        super().__init__("input", problem, hint)


def code_url_in(*texts: str | None) -> str | None:
    """The first GitHub URL in the texts, trailing punctuation stripped, scheme added."""
    for text in texts:
        for match in _GITHUB_URL.finditer(text or ""):
            url = match.group(0).rstrip(_TRAILING)
            if not url.lower().rstrip("/").endswith("github.com"):
                return url if url.lower().startswith("http") else f"https://{url}"
    return None


def clean_text(value: Any) -> str | None:
    """A string with whitespace collapsed, or None for blanks and non-strings."""
    return (" ".join(value.split()) or None) if isinstance(value, str) else None


def build_profile(hint: str, *, header_only: bool = False, **fields: Any) -> Profile:
    """``Profile(**fields)``, its validation error as the parser's one-line complaint; a
    profile needs papers unless it is ``header_only`` (a source that states only who the
    person is and their metrics, merged with one that lists the works)."""
    if not fields.get("papers") and not header_only:
        raise ParseError("no works found", hint)
    try:
        return Profile(**fields)
    except ValidationError as err:
        raise ParseError(f"profile is invalid ({err.errors()[0].get('msg')})", hint) from err


def describe_error(err: Exception) -> str:
    """A short reason for a skipped record: the first validation error, or the message."""
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ())) or "value"
        return f"{where}: {first.get('msg', 'invalid')}"
    return str(err) or type(err).__name__


def researcher_name(author: str | None, author_lists: list[list[str]], records: str) -> str:
    """``--author``, else the one person on most of the records; when nobody is, or several
    people are on as many, a ParseError that names them."""
    from agent.people import leading_authors

    if name := (author or "").strip():
        return name
    found = leading_authors(author_lists)
    if len(found) == 1:
        return found[0]
    hint = "pass --author to name the researcher"
    if not found:
        raise ParseError(f"no author is on most of these {records}", hint)
    shown = [*found[:3], f"{len(found) - 3} more"] if len(found) > 4 else found
    named = ", ".join(shown[:-1]) + " and " + shown[-1]
    raise ParseError(f"{named} are on equally many of these {records}", hint)
