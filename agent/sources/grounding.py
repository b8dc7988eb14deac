"""Grounding: every value an LLM extracts must occur in the source, numbers in their own record.

The checks run as pydantic validators reading ``ValidationInfo.context`` (built with
``grounding_context``), so instructor feeds their messages back to the model on a re-ask; after
the retries ``prune`` drops just the failing values and says which, so nothing ungrounded is stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import AfterValidator, BaseModel, ValidationError, ValidationInfo

from agent.text import normalise, numbers_in, occurs_in, split_sentences

M = TypeVar("M", bound=BaseModel)
YEAR_MIN, YEAR_MAX = 1900, 2100
_YEAR = re.compile(r"(?<![\w.,])((?:19|20)\d\d)(?!\d|[.,]\d)")
LIST_MARKER = re.compile(r"^\s*(?:[-*•·–]|\(?\d{1,3}[.)\]]|\[\d{1,3}\])\s+")


def grounding_context(source: str, records: list[str] | None = None) -> dict[str, Any]:
    """The validation context: the source text and its records (default: ``split_records``)."""
    return {"source": source, "records": records if records is not None else split_records(source)}


def split_records(text: str) -> list[str]:
    """Cut text into records, one per paper where the layout shows it: list items, lines that
    each carry a year, regular multi-line blocks, sentences of prose, else paragraphs."""
    records: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line for line in paragraph.splitlines() if line.strip()]
        if lines:
            records.extend(_paragraph_records(lines))
    return records


def _paragraph_records(lines: list[str]) -> list[str]:
    if sum(bool(LIST_MARKER.match(line)) for line in lines) >= 2:
        return _list_items(lines)
    with_year = [bool(years_in(line)) for line in lines]
    if len(lines) >= 2 and all(with_year):
        return lines
    period = _block_period(with_year)
    if period:
        return ["\n".join(lines[i : i + period]) for i in range(0, len(lines), period)]
    paragraph = "\n".join(lines)
    if len(set(years_in(paragraph))) > 1:
        return split_sentences(paragraph)
    return [paragraph]


def _list_items(lines: list[str]) -> list[str]:
    """Each list marker starts a record; unmarked lines continue the one before."""
    items: list[list[str]] = []
    for line in lines:
        if LIST_MARKER.match(line) or not items:
            items.append([line])
        else:
            items[-1].append(line)
    return ["\n".join(item) for item in items]


def _block_period(with_year: list[bool]) -> int | None:
    """k when exactly every k-th line (the last of each block of k) carries a year."""
    count = len(with_year)
    for period in range(2, 7):
        if (
            count >= 2 * period
            and count % period == 0
            and with_year == [(i + 1) % period == 0 for i in range(count)]
        ):
            return period
    return None


def years_in(text: str) -> list[int]:
    """Four-digit numbers that can be publication years ("2019", "(2019)", "2019a"; not the
    "2,019" of a count nor the "2003" of "2003.01234")."""
    return [int(m) for m in _YEAR.findall(text) if YEAR_MIN <= int(m) <= YEAR_MAX]


def text_problem(value: str, source: str, what: str) -> str | None:
    """Why ``value`` is not grounded in ``source`` (None when it is)."""
    if occurs_in(value, source):
        return None
    return f"{what} {value!r} does not occur in the text; copy it exactly from the text or omit it"


def number_problem(value: float, source: str, what: str) -> str | None:
    """Why the number is not written in ``source`` (None when it is)."""
    if _number_text(value) in numbers_in(source):
        return None
    return f"{what} {value} is not written in the text; give only numbers the text states"


def year_problem(year: int, title: str, records: list[str]) -> str | None:
    """Why ``year`` is not the year of the paper titled ``title``: it must be the one year
    written in a record (line, sentence, block) that contains the title."""
    own = [r for r in records if occurs_in(title, r)]
    if not own:
        return f"year {year}: the title {title!r} is not in any record of the text"
    for record in own:
        if set(years_in(record)) == {year}:
            return None
    if any(year in years_in(r) for r in own):
        return (
            f"year {year} is not the only year in the record of {title!r}; "
            "it cannot be tied to this paper"
        )
    return f"year {year} is not written in the record of {title!r}; use that record's year or null"


def metric_problem(value: float, keyword: str, source: str, what: str) -> str | None:
    """Why a metric is not grounded: it must be written in a sentence that names ``keyword``."""
    pattern = re.compile(keyword, re.IGNORECASE)
    units = [s for line in source.splitlines() for s in split_sentences(line)]
    if any(pattern.search(u) and _number_text(value) in numbers_in(u) for u in units):
        return None
    return f"{what} {value} is not written next to '{keyword}' in the text; give it or null"


def title_shape_problem(title: str) -> str | None:
    """Why a grounded string is not a bare title: it carries a year or a list marker."""
    if LIST_MARKER.match(title) or years_in(title):
        return f"title {title!r} includes more than the title; give the title words alone"
    if len(normalise(title).split()) < 2:
        return f"title {title!r} is too short; give the full title"
    return None


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def source_of(info: ValidationInfo) -> str:
    """The source text in the validation context; without one nothing can be grounded."""
    context = info.context or {}
    if "source" not in context:
        raise ValueError("no source text in the validation context; nothing can be grounded")
    return context["source"]


def records_of(info: ValidationInfo) -> list[str]:
    """The records in the validation context (default: the whole source as one)."""
    return (info.context or {}).get("records") or [source_of(info)]


def grounded(what: str) -> AfterValidator:
    """Annotated validator: the string (or each string of a list) occurs in the source."""

    def check(value: Any, info: ValidationInfo) -> Any:
        source = source_of(info)
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                _raise(text_problem(item, source, what))
        return value

    return AfterValidator(check)


def _raise(problem: str | None) -> None:
    if problem:
        raise ValueError(problem)


def check_year(year: int | None, info: ValidationInfo) -> int | None:
    """Field validator body for a paper's year: in range and in the title's own record."""
    if year is None:
        return None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"year {year} is not a year between {YEAR_MIN} and {YEAR_MAX}")
    title = info.data.get("title")
    if title is None:
        raise ValueError("year without a grounded title cannot be checked")
    _raise(year_problem(year, title, records_of(info)))
    return year


def in_own_record(what: str) -> Callable[[Any, ValidationInfo], Any]:
    """Field validator body: strings must occur in a record that contains the paper's title."""

    def check(value: Any, info: ValidationInfo) -> Any:
        title = info.data.get("title")
        own = [r for r in records_of(info) if title and occurs_in(title, r)]
        for item in value if isinstance(value, list) else [value]:
            if item is not None and not any(occurs_in(item, r) for r in own):
                raise ValueError(f"{what} {item!r} is not written in this paper's own record")
        return value

    return check


def prune(
    model: type[M],
    data: dict[str, Any],
    context: dict[str, Any],
    labels: dict[str, str] | None = None,
) -> tuple[M | None, list[str]]:
    """Validate ``data``, dropping each value that fails (a list item, else the field) until the
    rest validates; returns the model (None when a required value failed) and one warning per
    dropped value, e.g. "dropped ungrounded title 'X'"."""
    labels = labels or {}
    data, warnings = dict(data), []
    for _ in range(64):
        try:
            return model.model_validate(data, context=context), warnings
        except ValidationError as err:
            errors = err.errors()
        fatal = [e for e in errors if _is_fatal(model, data, e["loc"])]
        warnings.extend(_drop_warning(e, labels) for e in fatal or errors)
        if fatal:
            return None, warnings
        _drop(data, errors)
    return None, warnings


def _is_fatal(model: type[BaseModel], data: dict[str, Any], loc: tuple[Any, ...]) -> bool:
    """A failure that cannot be dropped: the whole object, or a required field itself."""
    if not loc or loc[0] not in data:
        return True
    field = model.model_fields.get(str(loc[0]))
    item_error = len(loc) > 1 and isinstance(loc[1], int) and isinstance(data[loc[0]], list)
    return not item_error and (field is None or field.is_required())


def _drop(data: dict[str, Any], errors: list[Any]) -> None:
    """Remove the failing list items and optional fields from ``data``."""
    bad_items: dict[str, set[int]] = {}
    for error in errors:
        name, rest = error["loc"][0], error["loc"][1:]
        if rest and isinstance(rest[0], int) and isinstance(data.get(name), list):
            bad_items.setdefault(name, set()).add(rest[0])
        else:
            data.pop(name, None)
    for name, indexes in bad_items.items():
        if name in data:
            data[name] = [v for i, v in enumerate(data[name]) if i not in indexes]


def _drop_warning(error: Any, labels: dict[str, str]) -> str:
    loc = error["loc"]
    name = str(loc[0]) if loc else "value"
    label = labels.get(name, name.replace("_", " "))
    kind = "ungrounded" if error["type"] == "value_error" else "invalid"
    return f"dropped {kind} {label} {error.get('input')!r}"
