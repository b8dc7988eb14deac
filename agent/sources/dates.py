"""Dates as profile pages write them: "May 24" (this year or last) and "Feb 2, 2023"."""

from __future__ import annotations

import re
from datetime import date

MONTH_PATTERN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATE_PATTERN = MONTH_PATTERN + r"\s*\d{1,2}(?:,?\s*\d{4})?"

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {name[:3]: number for number, name in enumerate(_MONTH_NAMES, 1)}
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s*(\d{1,2})(?:,?\s*(\d{4}))?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_profile_date(text: str, as_of: date) -> tuple[date, bool]:
    """The date and whether its year was inferred (the latest such date not after ``as_of``).

    Raises ValueError when ``text`` is not a date.
    """
    cleaned = " ".join(text.split())
    iso = _ISO.fullmatch(cleaned)
    if iso:
        return date(*(int(part) for part in iso.groups())), False
    match = _MONTH_DAY_YEAR.fullmatch(cleaned)
    if not match:
        raise ValueError(f"not a date: {text!r}")
    month, day = month_number(match.group(1)), int(match.group(2))
    if match.group(3):
        return date(int(match.group(3)), month, day), False
    return _latest_before(month, day, as_of), True


def month_number(word: str) -> int:
    """1-12 for an English month name or its abbreviation ("Sept" included)."""
    number = _MONTHS.get(word[:3].casefold())
    if number is None or not _MONTH_NAMES[number - 1].startswith(word.casefold()):
        raise ValueError(f"not a month: {word!r}")
    return number


def _latest_before(month: int, day: int, as_of: date) -> date:
    for year in range(as_of.year, as_of.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= as_of:
            return candidate
    raise ValueError(f"no such day: month {month}, day {day}")
