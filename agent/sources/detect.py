"""Guess an input's format from its first few kilobytes; cheap, never raises."""

from __future__ import annotations

import re

from agent.sources.dates import DATE_PATTERN

_CATEGORY = r"(?:[a-z][a-z\-]*\.)?[A-Z][A-Z\-]{0,7}|[a-z][a-z\-]*\.[a-z][a-z\-]*"
PAPER_HEADER = re.compile(
    rf"(?P<category>{_CATEGORY})?\s*(?P<date>{DATE_PATTERN})\s*(?P<code>Code)?"
)
"""A profile page's paper header line: "CVMay 24", "LGFeb 2, 2023", "DMJun 27, 2024Code"."""

METRIC_LINE = re.compile(
    r"h-?index\s*:?\s*\d+|\d[\d,.]*k?\s*(?:papers?|citations?)|novelty\s*:?\s*[\d.]+\s*%?"
    r"|ai\s*score\s*:?\s*[\d.]+",
    re.IGNORECASE,
)
_HEAD_CHARS = 65536
_HEAD_LINES = 400


def detect_format(text: str) -> str | None:
    """ "profile", "s2", "arxiv", or None when no deterministic parser knows the layout."""
    head = text.lstrip()[:_HEAD_CHARS]
    if head.startswith(("{", "[")):
        return _json_format(head)
    return "profile" if _looks_like_profile_page(head) else None


def _json_format(head: str) -> str | None:
    if '"authors_parsed"' in head or ('"categories"' in head and '"versions"' in head):
        return "arxiv"
    if any(key in head for key in ('"authorId"', '"paperId"', '"hIndex"')):
        return "s2"
    return None


def _looks_like_profile_page(head: str) -> bool:
    lines = [line.strip() for line in head.splitlines()[:_HEAD_LINES]]
    if any(PAPER_HEADER.fullmatch(line) for line in lines if line):
        return True
    return sum(1 for line in lines if METRIC_LINE.fullmatch(line)) >= 2
