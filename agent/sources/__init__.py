"""Input formats: read a file, detect its layout, parse it into a validated Profile.

Parsers are imported when needed so importing this package stays cheap.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agent.errors import InputError
from agent.models import Profile, SourceInfo
from agent.reader import decode_input, read_bytes, sha256_hex
from agent.settings import Settings
from agent.sources.detect import detect_format, structured_kind

FORMATS = ("auto", "profile", "s2", "arxiv", "orcid", "openalex", "dblp", "bibtex", "text")
_PARSERS = {
    "profile": "agent.sources.profile_page",
    "s2": "agent.sources.semantic_scholar",
    "arxiv": "agent.sources.arxiv_jsonl",
    "orcid": "agent.sources.orcid",
    "openalex": "agent.sources.openalex",
    "dblp": "agent.sources.dblp",
    "bibtex": "agent.sources.bibtex",
}
_GITHUB_URL = re.compile(
    r"(?:https?://)?(?:www\.)?github\.com/[^\s<>\"'{}()\[\]\\|^`]+", re.IGNORECASE
)
_TRAILING = ".,;:!?'\"*"

__all__ = [
    "FORMATS",
    "ParseError",
    "build_profile",
    "clean_text",
    "code_url_in",
    "describe_error",
    "detect_format",
    "load_profile",
]


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


def build_profile(hint: str, **fields: Any) -> Profile:
    """``Profile(**fields)``, its validation error as the parser's one-line complaint."""
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


def load_profile(
    path: Path,
    settings: Settings,
    fmt: str = "auto",
    author: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Profile:
    """Read, detect (or force) the format, parse and validate one profile file; ``progress``
    hears ("extracting", done, total) per record of LLM extraction."""
    path = Path(path)
    if fmt not in FORMATS:
        raise InputError(fmt, "unknown format", f"use one of {', '.join(FORMATS)}")
    data = read_bytes(path, settings.max_input_bytes)
    text = decode_input(data, str(path))
    chosen = detect_format(text) if fmt == "auto" else fmt
    source = SourceInfo(path=str(path), format=chosen or "text", sha256=sha256_hex(data))
    if chosen is None or chosen == "text":
        _refuse_structured(path, text)
        profile = _extract_with_llm(path, text, settings, source, fmt == "text", progress)
    else:
        profile = _parse(path, chosen, text, settings, author)
    if profile.source is None:
        profile.source = source
    return profile


SUPPORTED = (
    "a profile page, Semantic Scholar JSON, arXiv JSONL, ORCID JSON, OpenAlex works JSON, "
    "DBLP person XML, BibTeX, or prose with --format text"
)


def _refuse_structured(path: Path, text: str) -> None:
    """Data in a layout no parser knows is refused at once: LLM extraction is for prose."""
    kind = structured_kind(text)
    if kind is not None:
        raise InputError(
            str(path), f"{kind} data in no supported layout", f"supported: {SUPPORTED}"
        )


def _parse(path: Path, fmt: str, text: str, settings: Settings, author: str | None) -> Profile:
    module = importlib.import_module(_PARSERS[fmt])
    try:
        return module.parse(text, as_of=settings.as_of, author=author)
    except ParseError as err:
        raise InputError(str(path), err.problem, err.hint) from err


def _extract_with_llm(
    path: Path,
    text: str,
    settings: Settings,
    source: SourceInfo,
    forced: bool,
    progress: Callable[[str, int, int], None] | None,
) -> Profile:
    if settings.no_llm:
        hint = (
            "LLM extraction is off (--no-llm)"
            if forced
            else f"supported: {SUPPORTED}; free text needs the LLM"
        )
        raise InputError(str(path), "no known layout", hint)
    try:
        from agent.sources.llm_extract import extract_profile
    except ImportError as err:
        raise InputError(
            str(path), "no known layout", "try --format text with an LLM configured"
        ) from err
    try:
        return extract_profile(text, settings=settings, source=source, progress=progress)
    except ParseError as err:
        raise InputError(str(path), err.problem, err.hint) from err
