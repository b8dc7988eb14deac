"""The scraped profile-page layout: a header of metrics, then one block per paper.

Header: name, field code, "h-index30", "30papers", "259citations", "Novelty53%", "AI Score57",
"30 Papers". Paper block: "CVMay 24" (category, date, optional "Code"), title, author line
(may end in "et al."), abstract. Blank lines help but are not required.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import ValidationError

from agent.models import Metrics, Paper, Profile, strip_terminal_escapes
from agent.reader import normalise_newlines
from agent.sources.base import ParseError, code_url_in, describe_error
from agent.sources.dates import parse_profile_date
from agent.sources.detect import METRIC_LINE, PAPER_HEADER

_METRICS = {
    "h_index": re.compile(r"h-?index\s*:?\s*(\d+)", re.IGNORECASE),
    "paper_count": re.compile(r"([\d,.]+k?)\s*papers?", re.IGNORECASE),
    "citation_count": re.compile(r"([\d,.]+k?)\s*citations?", re.IGNORECASE),
    "novelty_pct": re.compile(r"novelty\s*:?\s*([\d.]+)\s*%?", re.IGNORECASE),
    "ai_score": re.compile(r"ai\s*score\s*:?\s*([\d.]+)", re.IGNORECASE),
}
_ET_AL = re.compile(r",?\s*\bet\s+al\b\.?\s*$", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*")
_NOT_IN_NAMES = re.compile(r"[0-9$=:!?()\[\]{}<>@#%&*+/\\|]")
_FIELD_CODE = re.compile(r"[A-Za-z][\w.\-]{0,15}")


def parse(text: str, *, as_of: date, author: str | None = None) -> Profile:
    """Parse a profile page; ``author`` names the researcher when the page has no name line."""
    lines = [" ".join(line.split()) for line in normalise_newlines(text).split("\n")]
    starts = [i for i, line in enumerate(lines) if line and PAPER_HEADER.fullmatch(line)]
    header = lines[: starts[0]] if starts else lines
    name, field, metrics = _parse_header(header)
    name = name or (author or "").strip()
    if not name:
        raise ParseError(
            "no researcher name before the first paper",
            "put the name on the first line, or pass --author",
        )
    papers, warnings = _parse_papers(lines, starts, as_of)
    if not papers:
        raise ParseError("no papers found", "each paper starts with a line like 'CVMay 24, 2024'")
    try:
        return Profile(name=name, field=field, metrics=metrics, papers=papers, warnings=warnings)
    except ValidationError as err:
        raise ParseError(f"profile is invalid ({describe_error(err)})") from err


def _parse_header(lines: list[str]) -> tuple[str | None, str | None, Metrics]:
    name = field = None
    values: dict[str, float] = {}
    for line in filter(None, lines):
        if METRIC_LINE.fullmatch(line):
            _read_metric(line, values)
        elif name is None:
            name = line[:200]
        elif field is None and _FIELD_CODE.fullmatch(line):
            field = line
    return name, field, _metrics(values)


def _read_metric(line: str, values: dict[str, float]) -> None:
    for key, pattern in _METRICS.items():
        match = pattern.fullmatch(line)
        if match and key not in values:
            number = _number(match.group(1))
            if number is not None:
                values[key] = number


def _number(text: str) -> float | None:
    text = text.replace(",", "").lower()
    scale = 1000 if text.endswith("k") else 1
    try:
        value = float(text.rstrip("k")) * scale
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def _metrics(values: dict[str, float]) -> Metrics:
    valid = {}
    for key, value in values.items():
        try:
            Metrics(**{key: value})
        except ValidationError:
            continue
        valid[key] = value
    return Metrics(**valid)


def _parse_papers(
    lines: list[str], starts: list[int], as_of: date
) -> tuple[list[Paper], list[str]]:
    papers, warnings = [], []
    ends = [*starts[1:], len(lines)]
    for number, (start, end) in enumerate(zip(starts, ends, strict=False), 1):
        header = PAPER_HEADER.fullmatch(lines[start])
        paper, problem = _parse_block(header, lines[start + 1 : end], as_of)
        if paper is not None:
            papers.append(paper)
        if problem:
            warnings.append(f"paper {number} ({lines[start]}): {problem}")
    return papers, warnings


def _parse_block(
    match: re.Match[str] | None, body: list[str], as_of: date
) -> tuple[Paper | None, str | None]:
    if match is None:
        return None, "unreadable header; skipped"
    content = [line for line in body if line]
    code_marker = bool(match.group("code"))
    if content and content[0] == "Code":
        code_marker, content = True, content[1:]
    if not content:
        return None, "no title; skipped"
    if body and not body[0].strip() and len(content) > 1 and looks_like_authors(content[0]):
        return None, "no title (the author line follows the header); skipped"
    when, inferred, problem = _date_of(match.group("date"), as_of)
    fields = _body_fields(content)
    code_url = code_url_in(fields["abstract"])
    try:
        paper = Paper(
            **fields,
            category=match.group("category"),
            date=when,
            date_text=match.group("date"),
            year_inferred=inferred,
            has_code=code_marker or code_url is not None,
            code_url=code_url,
        )
    except ValidationError as err:
        return None, f"skipped ({describe_error(err)})"
    return paper, problem


def _body_fields(content: list[str]) -> dict[str, Any]:
    """Title, authors and abstract from a block's non-blank lines (the author line optional)."""
    title, rest = content[0], content[1:]
    authors, truncated = [], False
    if rest and looks_like_authors(strip_terminal_escapes(rest[0])):
        authors, truncated = split_authors(strip_terminal_escapes(rest[0]))
        rest = rest[1:]
    return {
        "title": title,
        "authors": authors,
        "authors_truncated": truncated,
        "abstract": " ".join(rest),
    }


def _date_of(text: str, as_of: date) -> tuple[date | None, bool, str | None]:
    try:
        when, inferred = parse_profile_date(text, as_of)
    except ValueError:
        return None, False, f"unreadable date {text!r}"
    return when, inferred, None


def looks_like_authors(line: str) -> bool:
    """True for "A. Name, B. Name et al."-style lines, false for prose."""
    if len(line) > 3000:
        return False
    if _ET_AL.search(line):
        return True
    if line.endswith(".") and not re.search(r"\b[A-Z]\.$", line):
        return False
    names = _AUTHOR_SPLIT.split(line)
    return all(_looks_like_name(name) for name in names)


def _looks_like_name(name: str) -> bool:
    parts = name.split()
    return 0 < len(parts) <= 6 and len(name) <= 60 and not _NOT_IN_NAMES.search(name)


def split_authors(line: str) -> tuple[list[str], bool]:
    """Author names and whether the line was cut short with "et al."."""
    truncated = bool(_ET_AL.search(line))
    line = _ET_AL.sub("", line)
    names = [name.strip() for name in _AUTHOR_SPLIT.split(line)]
    return [name for name in names if name], truncated
