"""Year spans in a question: "in 2024", "2020-2022", "2019 through 2021", "2024 and 2025",
"2022 compared to 2021", "since 2021", "before 2020" ("prior to", "predating", "pre-2020"),
"the 1980s", "in the 70s", "the last two years", "the past decade", "this year", "last year",
"five years ago"."""

from __future__ import annotations

import re
from datetime import date

_YEAR = r"((?:19|20)\d{2})"
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "couple of": 2}
_COUNT = r"(\d{1,2}|" + "|".join(_COUNTS) + ")"
_UNTIL = r"-|–|\bto\b|\buntil\b|\bthrough\b|\bthru\b|\btill\b|\bup to\b"  # "2019 through 2021"
_PAIRED = r"and|&|or|,|vs\.?|versus|against|than|compared (?:to|with)|relative to"
Span = tuple[int | None, int | None]


def parse_years(text: str, today: date | None = None) -> Span:
    """(from, to) of the years ``text`` (normalised) names; relative spans count back from
    ``today`` (no relative span without it)."""
    span = re.search(rf"(?:from|between)\s+{_YEAR}\s*(?:{_UNTIL}|and)\s*{_YEAR}", text)
    if span or (span := re.search(rf"{_YEAR}\s*(?:{_UNTIL})\s*{_YEAR}", text)):
        low, high = sorted((int(span.group(1)), int(span.group(2))))
        return low, high
    if (pair := re.search(rf"\b{_YEAR}\s*(?:{_PAIRED})\s*(?:in\s+)?{_YEAR}\b", text)) and (
        abs(int(pair.group(1)) - int(pair.group(2))) == 1
    ):  # "in 2024 and 2025", "2022 compared to 2021": two years next to each other, one span
        low, high = sorted((int(pair.group(1)), int(pair.group(2))))
        return low, high
    if decade := _decade(text):
        return decade
    if m := re.search(
        rf"\b(?:since|after|later than|post-?)\s*{_YEAR}|\bfrom\s+{_YEAR}\s+(?:on|onwards?)\b", text
    ):
        year = int(m.group(1) or m.group(2))
        return year + (0 if m.group(0).startswith(("since", "from")) else 1), None
    if m := re.search(
        rf"\b(?:before|until|up to|prior to|earlier than|predat\w*|pre-?)\s*{_YEAR}", text
    ):
        return None, int(m.group(1)) - (0 if m.group(0).startswith(("until", "up to")) else 1)
    if m := re.search(rf"\b{_YEAR}\b", text):
        return int(m.group(1)), int(m.group(1))
    return _relative(text, today) if today else (None, None)


_DECADE_WORDS = {
    w: 1900 + 10 * n
    for n, w in enumerate(["fifties", "sixties", "seventies", "eighties", "nineties"], start=5)
}


def _decade(text: str) -> Span | None:
    """'the 1980s', "the '80s", 'the 80s' (19xx for 30-99, 20xx for 00-29), 'the eighties'."""
    if m := re.search(r"\b((?:19|20)\d)0'?s\b", text):
        start = int(m.group(1)) * 10
        return start, start + 9
    if m := re.search(rf"\bthe\s+({'|'.join(_DECADE_WORDS)})\b", text):  # "the seventies"
        start = _DECADE_WORDS[m.group(1)]
        return start, start + 9
    if m := re.search(r"(?:\bthe|\bin)\s+'?(\d)0'?s\b", text):
        digit = int(m.group(1))
        start = (1900 if digit >= 3 else 2000) + digit * 10
        return start, start + 9
    return None


def _relative(text: str, today: date) -> Span:
    """'the last/past N years', 'the last decade', 'this year', 'last year', 'N years ago'."""
    if m := re.search(rf"\b(?:a|{_COUNT}) years? ago\b", text):  # "five years ago": that year
        year = today.year - (_COUNTS.get(m.group(1) or "", 0) or int(m.group(1) or 1))
        return year, year
    if re.search(r"\b(?:a|one) decade ago\b", text):
        return today.year - 10, today.year - 10
    if m := re.search(rf"\b(?:last|past|previous|recent)\s+{_COUNT}\s+years?\b", text):
        count = _COUNTS.get(m.group(1)) or int(m.group(1))
        return today.year - count + 1, today.year
    if re.search(r"\b(?:last|past|previous|recent) decade\b", text):
        return today.year - 9, today.year
    if re.search(r"\b(?:this|the current) year\b", text):
        return today.year, today.year
    if re.search(r"\b(?:last|past) year\b", text):
        return today.year - 1, today.year - 1
    return None, None
