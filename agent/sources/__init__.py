"""Input formats: read a file, detect its layout, parse it into a validated Profile.

Parsers are imported when needed so importing this package stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path

from agent.errors import InputError
from agent.models import Profile, SourceInfo
from agent.reader import decode_input, loads_json, read_bytes, sha256_hex
from agent.settings import Settings
from agent.sources.base import (
    ParseError,
    build_profile,
    clean_text,
    code_url_in,
    describe_error,
)
from agent.sources.detect import detect_format, structured_kind

FORMATS = (
    *("auto", "profile", "s2", "arxiv", "orcid", "openalex", "dblp", "bibtex", "publist"),
    "text",
)
_PARSERS = {
    "profile": "agent.sources.profile_page",
    "s2": "agent.sources.semantic_scholar",
    "arxiv": "agent.sources.arxiv_jsonl",
    "orcid": "agent.sources.orcid",
    "openalex": "agent.sources.openalex",
    "dblp": "agent.sources.dblp",
    "bibtex": "agent.sources.bibtex",
    "publist": "agent.sources.publist",
}

__all__ = [
    "FORMATS",
    "ParseError",
    "require_works",
    "build_profile",
    "clean_text",
    "code_url_in",
    "describe_error",
    "detect_format",
    "load_profile",
]


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
    text = _pdf_or_text(data, str(path))
    chosen = _detect(text) if fmt == "auto" else fmt
    source = SourceInfo(path=str(path), format=chosen or "text", sha256=sha256_hex(data))
    if chosen is None or chosen == "text":
        _refuse_structured(path, text)
        profile = _extract_with_llm(path, text, settings, source, fmt == "text", progress)
    else:
        profile = _parse(path, chosen, text, settings, author)
    if profile.source is None:
        profile.source = source
    return profile


def require_works(profiles: Sequence[Profile]) -> None:
    """Refuse a profile whose sources all state only a header (an OpenAlex author object):
    there would be no paper to store."""
    if any(profile.papers for profile in profiles):
        return
    source = profiles[0].source
    raise InputError(
        source.path if source else profiles[0].name,
        "an author record lists no works",
        "ingest it with a file that lists them, such as its OpenAlex works list "
        "(GET https://api.openalex.org/works?filter=author.id:A...): "
        "ingest author.json works.json --as SLUG",
    )


SUPPORTED = (
    "a profile page, Semantic Scholar JSON, arXiv JSONL, ORCID JSON or XML, OpenAlex JSON, "
    "DBLP person XML, BibTeX, a publication list or CV (text, Markdown or PDF), "
    "or prose with --format text"
)


def _pdf_or_text(data: bytes, subject: str) -> str:
    from agent.sources.pdf import is_pdf, pdf_text

    return pdf_text(data, subject) if is_pdf(data) else decode_input(data, subject)


def _detect(text: str) -> str | None:
    """A known layout, else a publication list when most of its records are references."""
    found = detect_format(text)
    if found is None and structured_kind(text) is None:
        from agent.sources.publist import looks_like_publication_list

        if looks_like_publication_list(text):
            return "publist"
    return found


def _refuse_structured(path: Path, text: str) -> None:
    """Data in a layout no parser knows is refused at once: LLM extraction is for prose."""
    kind = structured_kind(text)
    error = api_error(text) if kind == "JSON" else None
    if error:
        raise InputError(str(path), error, "save the response of a successful request")
    if kind is not None:
        raise InputError(
            str(path), f"{kind} data in no supported layout", f"supported: {SUPPORTED}"
        )


def api_error(text: str) -> str | None:
    """What an API's error body says (ORCID's ``error-code``, OpenAlex's ``error``), or None."""
    try:
        body = loads_json(text)
    except ValueError:  # JSONDecodeError, whatever broke it
        return None
    if not isinstance(body, dict):
        return None
    if "error-code" in body:
        said = body.get("user-message") or body.get("developer-message")
        return _said("an ORCID API error body", f"error {body['error-code']}", said)
    if isinstance(body.get("error"), str) and set(body) <= {"error", "message", "status"}:
        return _said("an API error body", body["error"], body.get("message"))
    return None


def _said(what: str, *parts: object) -> str:
    return f"{what} ({': '.join(str(p) for p in parts if p)})"


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
