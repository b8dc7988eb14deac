"""arXiv API Atom feeds (``export.arxiv.org/api/query?search_query=au:...``) read into the
records of the arXiv metadata JSONL layout, so one parser (``arxiv_jsonl``) reads both.

Each ``<entry>`` gives its arXiv id (the ``<id>`` URL without its version), title, summary (the
abstract), authors, first-version date (``<published>``), categories (the primary first), DOI,
journal reference and comment. An error the API answers with (an entry whose id is in
``arxiv.org/api/errors``) is the parser's one-line complaint.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from agent.sources.base import ParseError, clean_text

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_HINT = "save the answer of https://export.arxiv.org/api/query?search_query=au:LAST_FIRST"
_ID = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?:v\d+)?$")
_FEED = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?<feed\b[^>]*>", re.DOTALL)


def looks_like_arxiv_atom(head: str) -> bool:
    """An Atom feed whose entries are arXiv's (the API's answer to a query)."""
    feed = _FEED.match(head)
    return feed is not None and "w3.org/2005/Atom" in feed.group(0) and "arxiv.org" in head


def read_atom(text: str) -> list[tuple[int, dict[str, Any]]]:
    """(entry number, record in the JSONL layout) for each entry of the feed."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        line, column = err.position
        raise ParseError(f"invalid XML at line {line} column {column}", _HINT) from err
    if root.tag != f"{_ATOM}feed":
        raise ParseError(f"expected an arXiv Atom <feed>, not <{root.tag.split('}')[-1]}>", _HINT)
    entries = root.findall(f"{_ATOM}entry")
    for entry in entries:
        if "/api/errors" in (entry.findtext(f"{_ATOM}id") or ""):
            said = clean_text(entry.findtext(f"{_ATOM}summary")) or "no reason given"
            raise ParseError(f"the arXiv API answered with an error: {said}", _HINT)
    if not entries:
        raise ParseError("the feed has no entries (the query matched nothing)", _HINT)
    return [(number, _record(entry)) for number, entry in enumerate(entries, 1)]


def _record(entry: ET.Element) -> dict[str, Any]:
    """One entry as the OAI metadata JSONL writes a paper."""
    found = _ID.search(entry.findtext(f"{_ATOM}id") or "")
    primary = entry.find(f"{_ARXIV}primary_category")
    terms = [primary.get("term")] if primary is not None else []
    terms += [c.get("term") for c in entry.findall(f"{_ATOM}category")]
    published = clean_text(entry.findtext(f"{_ATOM}published")) or ""
    record = {
        "id": found.group("id") if found else None,
        "title": clean_text(entry.findtext(f"{_ATOM}title")),
        "abstract": clean_text(entry.findtext(f"{_ATOM}summary")),
        "authors": _authors(entry),  # whole names: the last word is the family name
        "categories": " ".join(dict.fromkeys(t for t in terms if t)),
        "doi": clean_text(entry.findtext(f"{_ARXIV}doi")),
        "journal-ref": clean_text(entry.findtext(f"{_ARXIV}journal_ref")),
        "comments": clean_text(entry.findtext(f"{_ARXIV}comment")),
        "versions": [{"created": published[:10]}] if published else [],
    }
    return {key: value for key, value in record.items() if value}


def _authors(entry: ET.Element) -> list[str]:
    names = (clean_text(a.findtext(f"{_ATOM}name")) for a in entry.findall(f"{_ATOM}author"))
    return [name for name in names if name]
