"""arXiv OAI metadata JSONL (the Kaggle "arxiv-metadata-oai-snapshot" layout), one author's papers;
an arXiv API Atom feed is read into the same records first (``arxiv_atom``).

Names are matched on tokens, case- and accent-insensitively: "Marcus Michelen", "M. Michelen"
and "Michelen, Marcus" all select ``["Michelen", "Marcus", ""]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

from pydantic import ValidationError

from agent.models import Paper, Profile
from agent.reader import loads_json
from agent.sources.arxiv_atom import read_atom
from agent.sources.base import ParseError, clean_text, code_url_in, describe_error
from agent.text import ascii_fold
from agent.venues import journal_of

_CORRUPT_HINT = "the file looks truncated or corrupt; export it again"
_AUTHOR_HINT = 'pass --author "First Last" to choose whose papers to load'
_SPLIT_AUTHORS = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_TEX_ACCENT = re.compile(r"\\[\"'`^~=.]|\\[a-zA-Z](?=\{)|[{}]")


@dataclass(frozen=True)
class Person:
    """An author as token lists (for matching) plus the name to show."""

    given: tuple[str, ...]
    family: tuple[str, ...]
    display: str


def parse(text: str, *, as_of: date, author: str | None = None) -> Profile:
    """One author's papers from arXiv metadata records; ``as_of`` is unused (dates are full)."""
    atom = text.lstrip().startswith("<")
    records = read_atom(text) if atom else read_records(text)
    name = " ".join((author or "").split()) or _sole_author(records)
    mine = [(n, r) for n, r in records if any(person_matches(name, p) for p in people(r))]
    if not mine:
        raise ParseError(
            f"no record lists the author {name!r}",
            "check the spelling; names are matched as 'First Last'",
        )
    papers, warnings = _papers(mine, "entry" if atom else "line")
    if not papers:
        raise ParseError("no papers found", "each record needs a title")
    return Profile(name=name, papers=papers, warnings=warnings)


def read_records(text: str) -> list[tuple[int, dict[str, Any]]]:
    """(line number, record) for each JSON object; a bad line is a ParseError naming it."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        return _array_records(text)
    whole = None if _is_json(stripped.split("\n", 1)[0]) else _whole_object(text)
    if whole is not None:
        return [(1, whole)]
    records = [
        (number, _record(line, number))
        for number, line in enumerate(text.split("\n"), 1)
        if line.strip()
    ]
    if not records:
        raise ParseError("no records found", "give one JSON object per line")
    return records


def _decoded(text: str, where: Callable[[json.JSONDecodeError], str]) -> Any:
    """``text`` as JSON; a ParseError saying ``where`` it breaks otherwise."""
    try:
        return loads_json(text)
    except json.JSONDecodeError as err:
        raise ParseError(where(err), _CORRUPT_HINT) from err


def _record(line: str, number: int) -> dict[str, Any]:
    record = _decoded(
        line, lambda e: f"line {number} is not valid JSON ({e.msg}, column {e.colno})"
    )
    if not isinstance(record, dict):
        raise ParseError(f"line {number} is not a JSON object", "give one JSON object per line")
    return record


def _is_json(line: str) -> bool:
    try:
        loads_json(line)
    except json.JSONDecodeError:
        return False
    return True


def _whole_object(text: str) -> dict[str, Any] | None:
    """A single pretty-printed record spread over several lines."""
    try:
        value = loads_json(text)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _array_records(text: str) -> list[tuple[int, dict[str, Any]]]:
    values = _decoded(text, lambda e: f"invalid JSON at line {e.lineno} column {e.colno} ({e.msg})")
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise ParseError("expected a list of JSON objects", "give one JSON object per line")
    return list(enumerate(values, 1))


def people(record: dict[str, Any]) -> list[Person]:
    """The record's authors, from ``authors_parsed`` ([last, first, suffix]) or ``authors`` (one
    string, or a list of whole names as an Atom feed gives them)."""
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        return [_person_from_parts(p) for p in parsed if isinstance(p, list) and p]
    names = record.get("authors")
    if isinstance(names, list):
        return [_person_from_name(n) for n in names if isinstance(n, str) and n.strip()]
    if not isinstance(names, str):
        return []
    return [_person_from_name(n) for n in _SPLIT_AUTHORS.split(" ".join(names.split())) if n]


def _person_from_parts(parts: list[Any]) -> Person:
    last, first, suffix = ([str(p or "") for p in parts] + ["", ""])[:3]
    display = " ".join(" ".join(part.split()) for part in (first, last, suffix) if part.strip())
    return Person(tuple(name_tokens(first)), tuple(name_tokens(last)), display)


def _person_from_name(name: str) -> Person:
    first, _, last = name.rpartition(" ")
    return Person(tuple(name_tokens(first)), tuple(name_tokens(last)), name)


def name_tokens(text: str) -> list[str]:
    """Accent-free, case-folded word tokens: "Xuan-Truong" -> ["xuan", "truong"], "Eyy\\"ub" ->
    ["eyyub"]."""
    return re.findall(r"[a-z0-9]+", ascii_fold(_TEX_ACCENT.sub("", text)))


def person_matches(query: str, person: Person) -> bool:
    """True when "First Last" (or "Last, First", or initials) names ``person``."""
    if "," in query:
        family, _, given = query.partition(",")
        tokens = name_tokens(given) + name_tokens(family)
    else:
        tokens = name_tokens(query)
    size = len(person.family)
    if not size or len(tokens) <= size or tuple(tokens[-size:]) != person.family:
        return False
    return _given_compatible(tokens[:-size], person.given)


def _given_compatible(asked: list[str], known: tuple[str, ...]) -> bool:
    if not known:
        return False
    return all(
        a == k or (len(a) == 1 and k.startswith(a)) or (len(k) == 1 and a.startswith(k))
        for a, k in zip(asked, known, strict=False)
    )


def _sole_author(records: list[tuple[int, dict[str, Any]]]) -> str:
    """The one person every record lists, in any written form ("A. Del Maestro" is "Adrian Del
    Maestro"), named by the fullest form the records use."""
    everyone = [people(r) for _, r in records]
    shared = [
        p for p in everyone[0] if all(any(_same_person(p, q) for q in them) for them in everyone)
    ]
    if len({(p.given, p.family) for p in shared}) != 1:
        raise ParseError("the records list several authors and no --author was given", _AUTHOR_HINT)
    forms = [q for them in everyone for q in them if _same_person(shared[0], q)]
    return max(forms, key=lambda q: (sum(map(len, q.given)), q.display)).display


def _same_person(a: Person, b: Person) -> bool:
    return a.family == b.family and _given_compatible(list(a.given), b.given)


def _papers(records: list[tuple[int, dict[str, Any]]], unit: str) -> tuple[list[Paper], list[str]]:
    papers, warnings, seen = [], [], set()
    for number, record in records:
        arxiv_id = str(record.get("id") or "")
        if arxiv_id and arxiv_id in seen:
            warnings.append(f"{unit} {number}: arXiv {arxiv_id} repeated; first record kept")
            continue
        seen.add(arxiv_id)
        try:
            papers.append(_paper(record))
        except (ValidationError, TypeError, ValueError, AttributeError) as err:
            warnings.append(f"{unit} {number}: record skipped ({describe_error(err)})")
    return papers, warnings


def _paper(record: dict[str, Any]) -> Paper:
    created = _created_text(record)
    abstract = clean_text(record.get("abstract")) or ""
    code_url = code_url_in(abstract, clean_text(record.get("comments")))
    return Paper(
        title=clean_text(record.get("title")) or "",
        authors=[p.display for p in people(record) if p.display],
        category=next(iter((clean_text(record.get("categories")) or "").split()), None),
        date=_created_date(created),
        date_text=created,
        abstract=abstract,
        has_code=code_url is not None,
        code_url=code_url,
        venue=journal_of(clean_text(record.get("journal-ref"))),  # "Phys. Rev. B 74, 1 (2006)"
        external_ids=_external_ids(record),
    )


def _created_text(record: dict[str, Any]) -> str | None:
    versions = record.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        return clean_text(versions[0].get("created"))
    return clean_text(record.get("update_date"))


def _created_date(created: str | None) -> date | None:
    if not created:
        return None
    try:
        return parsedate_to_datetime(created).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return date.fromisoformat(created)
    except ValueError:
        return None


def _external_ids(record: dict[str, Any]) -> dict[str, str]:
    raw_id = record.get("id")
    ids = {
        "arxiv": clean_text(None if raw_id is None else str(raw_id)),
        "doi": clean_text(record.get("doi")),
    }
    return {key: value for key, value in ids.items() if value}
