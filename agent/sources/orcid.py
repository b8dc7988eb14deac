"""ORCID v3.0 JSON or XML: a record (``person`` + ``activities-summary``), a ``/works`` response
(``group`` of ``work-summary``), or one full work (``put-code``, ``contributors``). A record's
current employer is the profile's affiliation; emails are never read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from pydantic import ValidationError

from agent.models import Paper, Profile
from agent.sources.base import ParseError, build_profile, clean_text, describe_error
from agent.sources.orcid_xml import read_orcid_xml
from agent.sources.semantic_scholar import load_json
from agent.text import strip_markup

_HINT = "save the JSON of GET https://pub.orcid.org/v3.0/{orcid}/record or .../works"


def parse(text: str, *, as_of: date, author: str | None = None) -> Profile:
    """Profile from an ORCID record, works list or single work. A works list names nobody:
    ``author`` (``--author``) names the researcher. ``as_of`` is unused (dates carry years)."""
    data = read_orcid_xml(text, _HINT) if text.lstrip().startswith("<") else load_json(text, _HINT)
    if not isinstance(data, dict):
        raise ParseError("expected an ORCID JSON object", _HINT)
    works = _work_entries(data)
    papers, warnings = [], []
    for number, work in enumerate(works, 1):
        try:
            papers.append(_paper(work))
        except (ValidationError, TypeError, ValueError, AttributeError) as err:
            warnings.append(f"work {number} skipped: {describe_error(err)}")
    if not papers:
        raise ParseError("no works found in the ORCID record", _HINT)
    name = (author or "").strip() or _person_name(data) or _contributor_name(data)
    if not name:
        raise ParseError(
            "the ORCID works list names nobody", "pass --author to name the researcher"
        )
    return build_profile(
        _HINT,
        name=name,
        affiliation=_current_employer(data),
        papers=papers,
        warnings=warnings,
        **_person_details(data),
    )


def _person_details(data: dict[str, Any]) -> dict[str, Any]:
    """Other names, keywords, web pages and biography of a record's ``person`` (not emails)."""
    person = _value(data, "person")

    def listed(*path: str) -> list[Any]:
        found = _value(person, *path)
        return found if isinstance(found, list) else []

    links = [_text(u, "url") for u in listed("researcher-urls", "researcher-url")]
    biography = _text(person, "biography", "content")
    return {
        "other_names": _distinct(_text(n, "content") for n in listed("other-names", "other-name")),
        "keywords": _distinct(_text(k, "content") for k in listed("keywords", "keyword")),
        "links": _distinct(u for u in links if u and u.startswith(("http://", "https://"))),
        "biography": strip_markup(biography) if biography else None,
    }


def _distinct(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _work_entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One work per group (ORCID groups the same work from several sources; the first is the
    preferred one), or the single work itself."""
    if "put-code" in data and "title" in data:
        return [data]
    works = (data.get("activities-summary") or {}).get("works") or data
    groups = works.get("group") if isinstance(works, dict) else None
    if not isinstance(groups, list):
        raise ParseError("no 'group' list of works in the ORCID record", _HINT)
    entries = []
    for group in groups:
        summaries = group.get("work-summary") if isinstance(group, dict) else None
        if isinstance(summaries, list) and summaries and isinstance(summaries[0], dict):
            entries.append(summaries[0])
    return entries


def _value(node: Any, *path: str) -> Any:
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _text(node: Any, *path: str) -> str | None:
    """The string at ``path``, written plain (JSON) or as ``{"value": ...}`` (both forms)."""
    found = _value(node, *path)
    if isinstance(found, dict):
        found = found.get("value")
    return clean_text(str(found)) if isinstance(found, (str, int)) else None


def _current_employer(data: dict[str, Any]) -> str | None:
    """The organisation of the record's first employment with no end date (else its first)."""
    groups = _value(data, "activities-summary", "employments", "affiliation-group")
    summaries = []
    for group in groups if isinstance(groups, list) else []:
        inner = group.get("summaries") if isinstance(group, dict) else None
        for entry in inner if isinstance(inner, list) else [group]:
            summary = _value(entry, "employment-summary")
            if isinstance(summary, dict):
                summaries.append(summary)
    current = [s for s in summaries if not _text(s, "end-date", "year")]
    for summary in current + summaries:
        if name := _text(summary, "organization", "name"):
            return name
    return None


def _paper(work: dict[str, Any]) -> Paper:
    year, when = _date(work.get("publication-date"))
    ids = _external_ids(work)
    abstract = _text(work, "short-description") or ""  # markup: dropped by Paper
    kind = _text(work, "type")
    return Paper(
        title=_text(work, "title", "title") or "",
        authors=_contributors(work),
        date=when,
        date_text=when.isoformat() if when else (str(year) if year else None),
        year=year,
        abstract=abstract,
        venue=_text(work, "journal-title"),
        external_ids=ids,
        url=_text(work, "url"),
        publication_types=[kind] if kind else [],
    )


def _date(node: Any) -> tuple[int | None, date | None]:
    parts = [_text(node, key) for key in ("year", "month", "day")]
    year = int(parts[0]) if parts[0] and str(parts[0]).isdigit() else None
    if year and all(p and str(p).isdigit() for p in parts[1:]):
        try:
            return year, date(year, int(parts[1]), int(parts[2]))
        except ValueError:
            return year, None
    return year, None


def _external_ids(work: dict[str, Any]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for entry in _value(work, "external-ids", "external-id") or []:
        kind = _text(entry, "external-id-type")
        value = _text(entry, "external-id-value")
        if kind and value and _text(entry, "external-id-relationship") in (None, "self"):
            ids.setdefault(kind.casefold(), value)
    if (put_code := _text(work, "put-code")) is not None:
        ids["orcid-put-code"] = put_code
    return ids


def _contributors(work: dict[str, Any]) -> list[str]:
    names = (_text(c, "credit-name") for c in _contributor_list(work))
    return [n for n in names if n]


def _contributor_list(work: dict[str, Any]) -> list[Any]:
    found = _value(work, "contributors", "contributor")
    return found if isinstance(found, list) else []


def _person_name(data: dict[str, Any]) -> str | None:
    name = _value(data, "person", "name")
    credit = _text(name, "credit-name")
    given = _text(name, "given-names")
    family = _text(name, "family-name")
    return credit or " ".join(p for p in (given, family) if p) or None


def _contributor_name(data: dict[str, Any]) -> str | None:
    """A single work's contributor whose ORCID iD is the record's own (its ``path``)."""
    orcid = (_text(data, "path") or "").strip("/").split("/")[0]
    for contributor in _contributor_list(data):
        if orcid and _text(contributor, "contributor-orcid", "path") == orcid:
            return _text(contributor, "credit-name")
    return None
