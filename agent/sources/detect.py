"""Guess an input's format: JSON by parsing it, page layouts from the first lines; never raises."""

from __future__ import annotations

import json
import re

from agent.reader import loads_json
from agent.sources.arxiv_atom import looks_like_arxiv_atom
from agent.sources.dates import DATE_PATTERN
from agent.sources.orcid_xml import looks_like_orcid_xml

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
    """ "profile", "s2", "arxiv", "orcid", "openalex", "dblp", "bibtex", or None when no
    deterministic parser knows the layout."""
    head = text.lstrip()[:_HEAD_CHARS]
    if head.startswith(("{", "[")) and (fmt := _json_format(text.lstrip(), head)):
        return fmt
    if _DBLP.match(head):
        return "dblp"
    if head.startswith("<") and looks_like_orcid_xml(head):
        return "orcid"
    if head.startswith("<") and looks_like_arxiv_atom(head):
        return "arxiv"
    if _looks_like_bibtex(head):
        return "bibtex"
    return "profile" if _looks_like_profile_page(head) else None


def _looks_like_bibtex(head: str) -> bool:
    """Entries from the start, after any front matter (Jekyll sites' _bibliography/*.bib) and
    a few lines of text before them (BibTeX ignores text between entries)."""
    bib = _FRONT_MATTER.sub("", head, count=1).lstrip()
    entries = list(_BIBTEX_ENTRY.finditer(bib))
    if not entries:
        return False
    before = bib[: entries[0].start()]
    return bib.startswith(("@", "%")) or (
        len(entries) >= 2 and len(before) <= 500 and before.count("\n") <= 5
    )


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:[^\n]*\n){0,50}?---[ \t]*\n")
"""YAML front matter (``---`` lines) that Jekyll needs atop a .bib it renders (al-folio)."""
_DBLP = re.compile(r"^(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?<dblpperson\b")


def _json_format(text: str, head: str) -> str | None:
    """The JSON layout, judged on the parsed document (its first line for JSONL); a document
    that does not parse goes by its keys, so its parser can say where it breaks."""
    document = parse_json_head(text)
    if isinstance(document, dict):
        return _layout_of(document)
    if isinstance(document, list):
        return None
    if '"authors_parsed"' in head or ('"categories"' in head and '"versions"' in head):
        return "arxiv"
    if any(key in head for key in ('"authorId"', '"paperId"', '"hIndex"')):
        return "s2"
    return None


def _layout_of(document: dict) -> str | None:
    if "authors_parsed" in document or {"categories", "versions"} <= document.keys():
        return "arxiv"
    if _is_orcid(document):
        return "orcid"
    if _is_openalex(document):
        return "openalex"
    records = document.get("papers", document.get("data"))
    if "authorId" in document or "hIndex" in document:
        return "s2"
    if isinstance(records, list) and any(isinstance(r, dict) and "paperId" in r for r in records):
        return "s2"
    return None


def _is_orcid(document: dict) -> bool:
    works = (document.get("activities-summary") or {}).get("works") or document
    groups = works.get("group") if isinstance(works, dict) else None
    if isinstance(groups, list) and any(
        isinstance(g, dict) and "work-summary" in g for g in groups
    ):
        return True
    return "put-code" in document and "title" in document


def _is_openalex(document: dict) -> bool:
    items = document.get("results") if isinstance(document.get("results"), list) else [document]
    return any(
        isinstance(item, dict) and str(item.get("id", "")).startswith("https://openalex.org/")
        for item in items
    ) or ("meta" in document and "results" in document)


def parse_json_head(text: str) -> object:
    """The parsed JSON document, or its first line's (JSONL); ``NOT_JSON`` when neither parses."""
    for candidate in (text, text.split("\n", 1)[0]):
        try:
            return loads_json(candidate)
        except json.JSONDecodeError:
            continue
    return NOT_JSON


NOT_JSON = object()
_JSON_KEY = re.compile(r'^\s*[\[{]\s*(?:"[^"\n]{1,80}"\s*:|[\[{"\d-])')
_XML = re.compile(r"^\s*(?:<\?xml\b|<!DOCTYPE\b|<[A-Za-z][\w:.-]*(?:\s[^<>]*)?>)")
_BIBTEX_ENTRY = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.MULTILINE)
_YAML_LINE = re.compile(r"^(?:\s*- )?\s*[\w.-]+:(?: |$)")


def structured_kind(text: str) -> str | None:
    """'JSON', 'XML', 'BibTeX' or 'YAML' when the text is data of that kind rather than prose;
    such a file in no known layout is refused, never sent to LLM extraction."""
    head = text.lstrip()[:_HEAD_CHARS]
    if head.startswith(("{", "[")) and (
        parse_json_head(text.lstrip()) is not NOT_JSON or _JSON_KEY.match(head)
    ):
        return "JSON"
    if _XML.match(head):
        return "XML"
    if len(_BIBTEX_ENTRY.findall(head)) >= 1 and head.startswith(("@", "%")):
        return "BibTeX"
    return "YAML" if _looks_like_yaml(head) else None


def _looks_like_yaml(head: str) -> bool:
    lines = [line for line in head.splitlines()[:_HEAD_LINES] if line.strip()]
    if not lines or lines[0].strip() == "%YAML":
        return bool(lines)
    if lines[0].strip() == "---":  # front matter followed by prose is Markdown, not YAML
        closing = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        if closing is not None and len(lines) > closing + 1:
            return False
        lines = lines[1:]
    keyed = sum(
        1 for line in lines[:40] if _YAML_LINE.match(line) or line.lstrip().startswith("- ")
    )
    nested = any(line.startswith((" ", "\t")) for line in lines[:40])
    return len(lines) >= 3 and keyed >= 0.9 * min(len(lines), 40) and nested


def _looks_like_profile_page(head: str) -> bool:
    lines = [line.strip() for line in head.splitlines()[:_HEAD_LINES]]
    if any(PAPER_HEADER.fullmatch(line) for line in lines if line):
        return True
    return sum(1 for line in lines if METRIC_LINE.fullmatch(line)) >= 2
