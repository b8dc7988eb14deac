"""Semantic Scholar Graph API author JSON (``/author/{id}?fields=...,papers.*``)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import ValidationError

from agent.models import Metrics, Paper, Profile
from agent.reader import loads_json
from agent.sources.base import ParseError, build_profile, clean_text, code_url_in, describe_error

_HINT = "save the full response of GET /graph/v1/author/{id} with fields including papers"


def parse(text: str, *, as_of: date, author: str | None = None) -> Profile:
    """Profile from an author object with ``papers``; a ``{"data": [papers]}`` page needs
    ``author`` for the name. ``as_of`` is unused (S2 dates carry their year)."""
    data = load_json(text, _HINT)
    if not isinstance(data, dict):
        raise ParseError("expected a JSON object for one author", _HINT)
    records = data.get("papers", data.get("data"))
    if not isinstance(records, list):
        raise ParseError("no 'papers' list in the author object", _HINT)
    name = clean_text(data.get("name")) or (author or "").strip() or _common_author(records)
    if not name:
        raise ParseError("author object has no name", "pass --author to name the researcher")
    papers, warnings = _papers(records)
    if not papers:
        raise ParseError("no papers found", _HINT)
    return build_profile(
        _HINT,
        name=name,
        affiliation=_affiliation(data),
        metrics=_metrics(data),
        papers=papers,
        warnings=warnings,
    )


def load_json(text: str, hint: str) -> Any:
    """``json.loads`` with a ParseError that gives line and column."""
    try:
        return loads_json(text)
    except json.JSONDecodeError as err:
        raise ParseError(
            f"invalid JSON at line {err.lineno} column {err.colno} ({err.msg})", hint
        ) from err


def _papers(records: list[Any]) -> tuple[list[Paper], list[str]]:
    papers, warnings = [], []
    for number, record in enumerate(records, 1):
        try:
            papers.append(_paper(record))
        except (ValidationError, TypeError, ValueError, AttributeError) as err:
            label = record.get("paperId") if isinstance(record, dict) else None
            warnings.append(f"paper {number} ({label or 'no id'}) skipped: {describe_error(err)}")
    return papers, warnings


def _paper(record: dict[str, Any]) -> Paper:
    if not isinstance(record, dict):
        raise TypeError("not a JSON object")
    abstract = clean_text(record.get("abstract")) or ""
    code_url = code_url_in(abstract)
    published = clean_text(record.get("publicationDate"))
    fields = _fields_of_study(record)
    return Paper(
        title=clean_text(record.get("title")) or "",
        authors=_author_names(record.get("authors") or []),
        category=next(iter(fields), None),
        date=_iso_date(published),
        date_text=published or (str(record["year"]) if record.get("year") else None),
        year=record.get("year"),
        has_code=code_url is not None,
        code_url=code_url,
        abstract=abstract,
        venue=_venue(record),
        citation_count=record.get("citationCount"),
        external_ids=_external_ids(record),
        url=clean_text(record.get("url")),
        fields_of_study=fields,
        publication_types=_strings(record.get("publicationTypes")),
        open_access_pdf=clean_text((record.get("openAccessPdf") or {}).get("url")) or None,
    )


def _strings(values: Any) -> list[str]:
    return (
        [v for v in (clean_text(x) for x in values or []) if v] if isinstance(values, list) else []
    )


def _fields_of_study(record: dict[str, Any]) -> list[str]:
    """'fieldsOfStudy', then the categories of 's2FieldsOfStudy', each once."""
    found = _strings(record.get("fieldsOfStudy"))
    for entry in record.get("s2FieldsOfStudy") or []:
        if isinstance(entry, dict) and (category := clean_text(entry.get("category"))):
            found.append(category)
    return list(dict.fromkeys(found))


def _venue(record: dict[str, Any]) -> str | None:
    venue = clean_text(record.get("venue"))
    for key in ("publicationVenue", "journal"):
        entry = record.get(key)
        if not venue and isinstance(entry, dict):
            venue = clean_text(entry.get("name"))
    return venue


def _common_author(records: list[Any]) -> str:
    """The author on at least 80% of the records (an /author/{id}/papers page names nobody)."""
    from agent.people import common_author

    return common_author(
        [
            _author_names(r["authors"])
            for r in records
            if isinstance(r, dict) and isinstance(r.get("authors"), list)
        ]
    )


def _author_names(authors: Any) -> list[str]:
    if not isinstance(authors, list):
        raise TypeError("authors is not a list")
    names = (clean_text(a.get("name")) if isinstance(a, dict) else None for a in authors)
    return [name for name in names if name]


def _external_ids(record: dict[str, Any]) -> dict[str, str]:
    ids = {
        key.casefold(): str(value)  # 'ArXiv', 'DOI': the same keys as the arXiv parser's
        for key, value in (record.get("externalIds") or {}).items()
        if value is not None
    }
    paper_id = clean_text(record.get("paperId"))
    if paper_id:
        ids["s2"] = paper_id
    return ids


def _iso_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _metrics(data: dict[str, Any]) -> Metrics:
    values = {
        "h_index": data.get("hIndex"),
        "paper_count": data.get("paperCount"),
        "citation_count": data.get("citationCount"),
    }
    try:
        return Metrics(**values)
    except ValidationError:
        return Metrics()


def _affiliation(data: dict[str, Any]) -> str | None:
    names = [clean_text(a) for a in data.get("affiliations") or [] if clean_text(a)]
    return "; ".join(names) or None
