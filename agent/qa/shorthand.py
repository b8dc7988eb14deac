"""Shorthand people type in questions, written out before routing: "pubs" for publications,
"cites" for citations, "w/" for with, "'23" for 2023."""

from __future__ import annotations

import re
from datetime import date

_WORDS = (
    (re.compile(r"\bpubs\b", re.IGNORECASE), "publications"),
    (re.compile(r"\bpub\b", re.IGNORECASE), "publication"),
    (
        re.compile(r"\bcites\b(?= *(?:total|in total|overall|altogether|[?.!]|$))", re.IGNORECASE),
        "citations",
    ),
    (re.compile(r"\bw/o\b", re.IGNORECASE), "without"),
    (re.compile(r"\bw/(?=\s|$)", re.IGNORECASE), "with"),
    (re.compile(r"\bco-?auths?\b", re.IGNORECASE), "co-authors"),
)
_SHORT_YEAR = re.compile(r"(?<![\w'])['’](\d{2})\b(?!s)")  # "in '23", not "the '90s"


def written_out(question: str, today: date | None = None) -> str:
    """``question`` with its shorthand written out; a two-digit year is this century's when it
    is not past ``today``'s year, else the last century's."""
    for pattern, word in _WORDS:
        question = pattern.sub(word, question)
    now = (today or date.today()).year % 100
    return _SHORT_YEAR.sub(
        lambda m: f"{20 if int(m.group(1)) <= now else 19}{m.group(1)}", question
    )
