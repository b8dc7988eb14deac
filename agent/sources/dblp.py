"""DBLP person XML (``dblpperson``): the person's records, co-authors, venues, years, links;
the person's other names (aliases), web pages and affiliation note.

DBLP marks homonyms with a number ("Di Xu 0001"); names are stored without it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from pydantic import ValidationError

from agent.models import Paper, Profile
from agent.sources.base import ParseError, build_profile, clean_text, describe_error

_HINT = "save https://dblp.org/pid/{pid}.xml"
_HOMONYM = re.compile(r"\s+\d{4}$")
_DOI = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", re.IGNORECASE)
_ARXIV = re.compile(r"arxiv\.org/abs/(\S+?)(?:v\d+)?$", re.IGNORECASE)
_KINDS = (
    "article",
    "inproceedings",
    "proceedings",
    "book",
    "incollection",
    "phdthesis",
    "mastersthesis",
    "data",
    "www",
)


def parse(text: str, *, as_of: date, author: str | None = None) -> Profile:
    """Profile from a DBLP person page. ``as_of`` is unused (DBLP gives years)."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        line, column = err.position
        raise ParseError(f"invalid XML at line {line} column {column}", _HINT) from err
    if root.tag != "dblpperson":
        raise ParseError(f"expected a <dblpperson> document, not <{root.tag}>", _HINT)
    papers, warnings = [], []
    for number, record in enumerate(root.iter("r"), 1):
        entry = next((child for child in record if child.tag in _KINDS), None)
        if entry is None:
            continue
        try:
            papers.append(_paper(entry))
        except (ValidationError, ValueError) as err:
            warnings.append(f"record {number} skipped: {describe_error(err)}")
    if not papers:
        raise ParseError("no records found", _HINT)
    name = (author or "").strip() or person_name(root.get("name"))
    if not name:
        raise ParseError("the DBLP page names nobody", "pass --author to name the researcher")
    affiliation = clean_text(root.findtext("person/note[@type='affiliation']"))
    aliases = [person_name(a.text) for a in root.findall("person/author")]
    links = [clean_text(u.text) or "" for u in root.findall("person/url")]
    return build_profile(
        _HINT,
        name=name,
        affiliation=affiliation,
        other_names=list(dict.fromkeys(a for a in aliases if a and a != name)),
        links=list(dict.fromkeys(u for u in links if u.startswith(("http://", "https://")))),
        papers=papers,
        warnings=warnings,
    )


def person_name(text: str | None) -> str:
    """'Di Xu 0001' -> 'Di Xu'."""
    return _HOMONYM.sub("", clean_text(text) or "")


def _paper(entry: ET.Element) -> Paper:
    title = (
        clean_text("".join(entry.find("title").itertext()))
        if entry.find("title") is not None
        else None
    )
    year_text = clean_text(entry.findtext("year"))
    links = [clean_text(e.text) for e in entry.findall("ee") if clean_text(e.text)]
    ids = {"dblp": entry.get("key", "")} if entry.get("key") else {}
    for link in links:
        if (doi := _DOI.match(link)) and "doi" not in ids:
            ids["doi"] = doi.group(1)
        elif (arxiv := _ARXIV.search(link)) and "arxiv" not in ids:
            ids["arxiv"] = arxiv.group(1)
    return Paper(
        title=(title or "").rstrip("."),
        authors=[person_name(a.text) for a in entry.findall("author") if clean_text(a.text)],
        year=int(year_text) if year_text and year_text.isdigit() else None,
        date_text=year_text,
        venue=clean_text(entry.findtext("journal")) or clean_text(entry.findtext("booktitle")),
        external_ids=ids,
        url=links[0] if links else None,
        publication_types=[entry.tag],
    )
