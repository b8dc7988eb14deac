"""OpenAlex JSON: a works list (``results``) or one work; the author is the one on at least
80% of the works, or ``--author``. An author object lists no works: it is the header (name,
affiliation, h-index, counts) of a profile whose works come from another file ingested with it."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from agent.models import Metrics, Paper, Profile
from agent.sources.base import (
    ParseError,
    build_profile,
    clean_text,
    code_url_in,
    describe_error,
    researcher_name,
)
from agent.sources.semantic_scholar import load_json

_HINT = "save the JSON of GET https://api.openalex.org/works?filter=author.id:A..."


def parse(text: str, *, as_of: date, author: str | None = None) -> Profile:
    """Profile from an OpenAlex works response. ``as_of`` is unused (dates carry years)."""
    data = load_json(text, _HINT)
    if isinstance(data, dict) and "works_api_url" in data and "results" not in data:
        return _author_header(data)
    works = data.get("results") if isinstance(data, dict) and "results" in data else [data]
    if not isinstance(works, list):
        raise ParseError("'results' is not a list of works", _HINT)
    papers, warnings, lists = [], [], []
    for number, work in enumerate(works, 1):
        try:
            paper = _paper(work)
        except (ValidationError, TypeError, ValueError, AttributeError) as err:
            warnings.append(f"work {number} skipped: {describe_error(err)}")
            continue
        papers.append(paper)
        lists.append(paper.authors)
    if not papers:
        raise ParseError("no works found (an empty 'results' list)", _HINT)
    name = researcher_name(author, lists, "works")
    return build_profile(_HINT, name=name, metrics=Metrics(), papers=papers, warnings=warnings)


def _author_header(data: dict[str, Any]) -> Profile:
    """A header-only profile from an author object: who the person is and OpenAlex's counts."""
    name = clean_text(data.get("display_name"))
    if not name:
        raise ParseError("the OpenAlex author object has no display_name", _HINT)
    institutions = data.get("last_known_institutions") or [data.get("last_known_institution")]
    first = institutions[0] if isinstance(institutions, list) and institutions else None
    metrics = Metrics(
        h_index=_count(_get(data, "summary_stats", "h_index")),
        paper_count=_count(data.get("works_count")),
        citation_count=_count(data.get("cited_by_count")),
    )
    return build_profile(
        _HINT,
        header_only=True,
        name=name,
        affiliation=clean_text(_get(first, "display_name")) or None,
        other_names=_other_names(data.get("display_name_alternatives"), name),
        metrics=metrics,
        papers=[],
    )


def _other_names(alternatives: Any, name: str) -> list[str]:
    """OpenAlex's other spellings of the name, the name itself left out."""
    found = [clean_text(a) for a in alternatives] if isinstance(alternatives, list) else []
    return list(dict.fromkeys(a for a in found if a and a != name))


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def abstract_from_index(index: Any) -> str:
    """The abstract OpenAlex stores as {word: [positions]}, rebuilt in order."""
    if not isinstance(index, dict):
        return ""
    placed = [
        (position, word)
        for word, positions in index.items()
        if isinstance(positions, list)
        for position in positions
        if isinstance(position, int)
    ]
    return " ".join(word for _, word in sorted(placed))


def _paper(work: Any) -> Paper:
    if not isinstance(work, dict):
        raise TypeError("not a JSON object")
    abstract = abstract_from_index(work.get("abstract_inverted_index"))
    published = clean_text(work.get("publication_date"))
    code_url = code_url_in(abstract)
    return Paper(
        title=clean_text(work.get("title") or work.get("display_name")) or "",
        authors=_authors(work.get("authorships")),
        date=_iso(published),
        date_text=published,
        year=work.get("publication_year"),
        abstract=abstract,
        has_code=code_url is not None,
        code_url=code_url,
        venue=clean_text(_get(work, "primary_location", "source", "display_name")),
        citation_count=work.get("cited_by_count"),
        external_ids=_ids(work),
        url=clean_text(_get(work, "primary_location", "landing_page_url")),
        fields_of_study=_topics(work),
        publication_types=[t] if (t := clean_text(work.get("type"))) else [],
        open_access_pdf=clean_text(_get(work, "open_access", "oa_url")),
    )


def _get(node: Any, *path: str) -> Any:
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _authors(authorships: Any) -> list[str]:
    if not isinstance(authorships, list):
        return []
    names = (clean_text(_get(a, "author", "display_name")) for a in authorships)
    return [n for n in names if n]


def _ids(work: dict[str, Any]) -> dict[str, str]:
    ids = {}
    for key, value in (work.get("ids") or {}).items():
        text = clean_text(str(value)) if value is not None else None
        if text:
            ids[key.casefold()] = text.removeprefix("https://doi.org/")
    return ids


def _topics(work: dict[str, Any]) -> list[str]:
    names = [clean_text(_get(t, "display_name")) for t in work.get("topics") or []]
    return list(dict.fromkeys(n for n in names if n))[:5]


def _iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
