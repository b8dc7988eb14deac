"""BibTeX (bibtexparser v2): LaTeX accents and math decoded, braces, month names, ``@string``
macros; the researcher is the author on at least 80% of the entries, or ``--author``."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import ValidationError

from agent.models import Paper, Profile
from agent.people import without_marks
from agent.sources.base import (
    ParseError,
    build_profile,
    clean_text,
    code_url_in,
    describe_error,
    researcher_name,
)

_HINT = "export the list as BibTeX (.bib) with one @entry per work"
_OTHERS = {"others", "al", "al."}
_ARXIV_ID = re.compile(r"(?:arXiv:)?(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")


def parse(text: str, *, as_of: date, author: str | None = None) -> Profile:
    """Profile from a .bib file. ``as_of`` is unused (entries carry years)."""

    library = _library(text)
    papers, warnings = [], []
    for block in library.failed_blocks:
        warnings.append(f"unreadable BibTeX block at line {block.start_line + 1} skipped")
    for entry in library.entries:
        try:
            papers.append(_paper(entry))
        except (ValidationError, TypeError, ValueError, AttributeError) as err:
            warnings.append(f"entry {entry.key} skipped: {describe_error(err)}")
    if not papers:
        problem = "no BibTeX entry could be read" if library.failed_blocks else "no entries found"
        raise ParseError(problem, _HINT)
    name = researcher_name(author, [p.authors for p in papers], "entries")
    return build_profile(_HINT, name=name, papers=papers, warnings=warnings)


def _library(text: str) -> Any:
    """The parsed library; its own log lines about broken blocks stay quiet (they become one
    warning each, or the one-line error when nothing could be read)."""
    import logging

    import bibtexparser
    from bibtexparser import middlewares

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    try:
        return bibtexparser.parse_string(
            text,
            append_middleware=[
                middlewares.NormalizeFieldKeys(),  # 'TITLE' and 'Title' are 'title'
                _latex_decoding(middlewares.LatexDecodingMiddleware),
                middlewares.MonthIntMiddleware(True),
                _separate_coauthors(middlewares.SeparateCoAuthors),
                middlewares.SplitNameParts(),
            ],
        )
    except Exception as err:  # bibtexparser raises bare exceptions on broken input
        raise ParseError(f"unreadable BibTeX ({type(err).__name__})", _HINT) from err


_LATEX = re.compile(r"[\\{}$&#^_~%]|--|``|''")
"""What pylatexenc would change in a value; a value without any of it is already plain text."""


_MARKUP = re.compile(r"[\\{}$]")
"""Commands, groups and math: what only pylatexenc reads right."""
_LIGATURE_TEXT = {"---": "—", "--": "–", "``": "“", "''": "”", "~": "\u00a0"}
_LIGATURES = re.compile("|".join(map(re.escape, _LIGATURE_TEXT)))
"""What LaTeX makes of text without markup (a bare &, %, _ or # stays itself: a .bib value means
the character, where pylatexenc would drop an & as a table column)."""


def _separate_coauthors(base: Any) -> Any:
    """bibtexparser's split on "and", each name without its byline marks ("Yuan*", "Kevin
    Miller (Deepmind)"), and a part of three or more full names between commas split on them
    too: a homepage's "A B, C D, E F and G H" (bibtexparser would drop the entry)."""

    class MarkFreeSeparation(base):
        def _transform_field_value(self, name: str) -> list[str]:
            found = []
            for part in super()._transform_field_value(name):
                names = [without_marks(piece) for piece in part.split(",")]
                whole = len(names) >= 3 and all(len(n.split()) >= 2 for n in names)
                found += names if whole else [without_marks(part)]  # not "King, Jr., Martin"
            return [n for n in found if n]

    return MarkFreeSeparation()


def _latex_decoding(base: Any) -> Any:
    """bibtexparser's LaTeX decoding, run only on values that hold LaTeX: decoding is most of
    the parse (14 of 15 s for 1,000 entries with abstracts, ``bench/merge_bench.py``) and
    leaves plain text as it was."""

    class PlainTextSkipping(base):
        def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
            if not _LATEX.search(python_string):
                return python_string, ""
            if not _MARKUP.search(python_string):  # dashes, quotes, ~, a bare % or &: no parse
                return _LIGATURES.sub(lambda m: _LIGATURE_TEXT[m.group()], python_string), ""
            # a bare % is a percent sign in a field value, not LaTeX's comment to the line's end
            literal = re.sub(r"(?<!\\)%", r"\\%", python_string)
            return super()._transform_python_value_string(literal)

    return PlainTextSkipping()


def _field(entry: Any, *keys: str) -> Any:
    for key in keys:
        field = entry.fields_dict.get(key)
        if field is not None and field.value not in (None, ""):
            return field.value
    return None


def _text(entry: Any, *keys: str) -> str | None:
    value = _field(entry, *keys)
    return clean_text(re.sub(r"[{}]", "", value)) if isinstance(value, str) else None


def _paper(entry: Any) -> Paper:
    authors, truncated = _authors(_field(entry, "author") or [])
    year_text = _text(entry, "year")
    year = int(year_text[:4]) if year_text and year_text[:4].isdigit() else None
    abstract = _text(entry, "abstract") or ""
    code_url = code_url_in(abstract, _text(entry, "code", "github"))
    ids = {"bibtex": entry.key}
    for key in ("doi", "arxiv", "eprint", "hal", "pmid"):
        value = (_text(entry, key) or "").removeprefix("https://doi.org/")
        if value and not (key in ("arxiv", "eprint") and not _ARXIV_ID.fullmatch(value)):
            ids["arxiv" if key == "eprint" else key] = value
    keywords = [k.strip() for k in re.split(r"[,;]", _text(entry, "keywords") or "") if k.strip()]
    return Paper(
        title=(_text(entry, "title") or "").rstrip("."),
        authors=authors,
        authors_truncated=truncated,
        year=year,
        date_text=year_text,
        abstract=abstract,
        has_code=code_url is not None,
        code_url=code_url,
        venue=_text(entry, "journal", "booktitle", "publisher", "school"),
        external_ids=ids,
        url=_text(entry, "url"),
        fields_of_study=keywords,
        publication_types=[entry.entry_type.casefold()],
    )


def _authors(parts: Any) -> tuple[list[str], bool]:
    """Names in 'First von Last' order; 'and others' marks the list as cut short."""
    if isinstance(parts, str):
        names = (clean_text(without_marks(x)) for x in parts.split(" and "))
        return [n for n in names if n], False
    names, truncated = [], False
    for person in parts:
        words = [*person.first, *person.von, *person.last, *person.jr]
        name = clean_text(without_marks(" ".join(words).replace("{", "").replace("}", "")))
        if not name:
            continue
        if name.casefold() in _OTHERS:
            truncated = True
        else:
            names.append(name)
    return names, truncated
