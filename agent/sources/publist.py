"""Publication lists and CVs as text, Markdown or PDF text: each reference parsed by its layout.

A record is a list item, a paragraph, or a sentence of a run-on list (``grounding.split_records``).
Three layouts are read, the ones people keep their lists in:

- year in parentheses after the authors (Harvard, APA, Vancouver-like):
  ``Nüst D, Eglen SJ (2021) CODECHECK: an Open Science initiative ... F1000Res 10:253``
- title in quotes (IEEE, many CVs): ``A. Smith and B. Jones, "Title," in Proc. X, 2020.``
- full stops between parts: ``A. Smith, B. Jones. Title. Journal 3:1-9, 2020.``

Every value is a span of its own record: the title, the author names, the venue (volume and pages
cut off), the year, the DOI, arXiv id and links written in it. Records that read as no reference
(headings, notes) are skipped; the file is this format only when most of its records are
references (``looks_like_publication_list``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.models import Paper, Profile
from agent.people import without_marks
from agent.sources.base import ParseError, build_profile, code_url_in
from agent.sources.grounding import LIST_MARKER, split_records
from agent.text import URL

MIN_REFERENCES = 5
MIN_SHARE = 0.5  # of the records that carry a year
_LINK = re.compile(r"\[([^\]\n]*)\]\((\S+?)\)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_LABEL = re.compile(r"^[A-Z][\w ]{2,30}:\s+(?=\S)")  # "Publications: Okafor, S. ..."
_YEAR_AFTER_AUTHORS = re.compile(
    r"^(?P<authors>[^()]{2,600}?)\s*\((?P<year>(?:19|20)\d{2})[a-z]?\)[.,:]?\s+(?P<rest>.+)$", re.S
)
_QUOTED_TITLE = re.compile(
    r"^(?P<authors>.{2,600}?)[,.:]?\s*[\"“](?P<title>[^\"”]{8,400})[\"”]\s*(?P<rest>.*)$", re.S
)
_YEAR = re.compile(r"(?<![\w./:-])((?:19|20)\d{2})(?![\w/-])")
_BARE_LINK = re.compile(
    r"(?:\b(?:code|doi|url|pdf|available)\s*:\s*)?(?:https?://\S+|\b10\.\d{4,9}/\S+)", re.I
)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>\]\[)]+[^\s\"<>\]\[).,;])")
_ARXIV = re.compile(r"(?:arxiv(?:\.org/abs/|:)\s*)(\d{4}\.\d{4,5}(?:v\d+)?)", re.I)
_VOLUME = re.compile(
    r"[\s,]*(?:\b(?:vol|no|pp|p)\.?\s*)?(?<![A-Za-z])\(?\d(?:[\d()\-–:,.\s]|e\d)*$"
    r"|[\s,]+(?:19|20)\d{2}\.?$",
    re.I,
)
_SENTENCE_BREAK = re.compile(
    r"(?<=[^\s.][.?!])\s+(?=[A-Z0-9\[(“\"]|(?:bio|med|arX|chem)[Rr]?xiv|arXiv|eLife)"
)
_NAME_SPLIT = re.compile(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+")
_ET_AL = re.compile(r",?\s*\bet al\.?$")
_EDITORS = re.compile(r",?\s*\(?\beds?\.?\)?$")
_SURNAME_INITIALS = re.compile(r"^[\w'’-]+,\s*(?:[A-Z]\.?\s*-?){1,4}$")


@dataclass(frozen=True)
class Reference:
    """One parsed record: spans of ``record``."""

    record: str
    authors: list[str]
    truncated: bool
    title: str
    venue: str | None
    year: int | None
    links: list[str]


def parse(text: str, as_of: object = None, author: str | None = None) -> Profile:
    """The references of a publication list; the person is ``author`` or the one on most."""
    del as_of  # years here are written out in full
    references = references_in(text)
    if not references:
        raise ParseError("no references found", "give one reference per line, item or paragraph")
    return build_profile(
        "a publication list",
        name=author or _common_author(references),
        papers=[_paper(r) for r in references],
    )


def looks_like_publication_list(text: str) -> bool:
    """True when most records that carry a year read as references, and there are enough."""
    records = [r for r in _records(text) if _YEAR.search(r)]
    found = sum(1 for r in records if _reference(r) is not None)
    return found >= MIN_REFERENCES and found >= MIN_SHARE * len(records)


def references_in(text: str) -> list[Reference]:
    return [ref for record in _records(text) if (ref := _reference(record)) is not None]


def _records(text: str) -> list[str]:
    text = _COMMENT.sub(" ", _FRONT_MATTER.sub("", text))
    records = []
    for record in split_records(text):
        if record.lstrip().startswith("#"):  # a Markdown heading
            continue
        records.append(" ".join(LIST_MARKER.sub("", record).split()))
    return records


def _reference(record: str) -> Reference | None:
    links = [url for _, url in _LINK.findall(record)]
    links += [u.rstrip(".,;") for u in URL.findall(_LINK.sub(" ", record))]
    plain = _LABEL.sub("", _LINK.sub(lambda m: "" if _is_url(m.group(2)) else m.group(0), record))
    plain = " ".join(_BARE_LINK.sub(" ", plain).split()).strip(" .")
    for read in (_year_after_authors, _quoted_title, _full_stops):
        found = read(plain)
        if found is not None:
            authors, title, venue, year = found
            names, truncated = _names(authors)
            if not names or not _is_title(title):
                continue
            return Reference(record, names, truncated, title, venue, year, links)
    return None


def _year_after_authors(text: str) -> tuple[str, str, str | None, int | None] | None:
    match = _YEAR_AFTER_AUTHORS.match(text)
    if match is None:
        return None
    title, venue = _title_and_venue(match.group("rest"))
    return match.group("authors"), title, venue, int(match.group("year"))


def _quoted_title(text: str) -> tuple[str, str, str | None, int | None] | None:
    match = _QUOTED_TITLE.match(text)
    if match is None:
        return None
    rest = re.sub(r"^[,.]?\s*(?:in:?\s+)?", "", match.group("rest"), flags=re.I)
    years = _YEAR.findall(rest)
    return (
        match.group("authors"),
        match.group("title").strip(" ,."),
        _venue(rest),
        int(years[-1]) if years else None,
    )


def _full_stops(text: str) -> tuple[str, str, str | None, int | None] | None:
    parts = _SENTENCE_BREAK.split(text)
    if len(parts) < 3:
        return None
    authors, title, rest = parts[0], parts[1], " ".join(parts[2:])
    if _YEAR.fullmatch(title.strip(" .")):  # ACM: "Authors. 2020. Title. Venue."
        if len(parts) < 4:
            return None
        title, rest = parts[2], " ".join([parts[1], *parts[3:]])
    years = _YEAR.findall(rest)
    if not years:
        return None
    return authors.rstrip("."), title.rstrip("."), _venue(rest), int(years[-1])


def _title_and_venue(rest: str) -> tuple[str, str | None]:
    """The title runs to the first sentence break (a venue follows), else to the last comma
    before the volume ("Title, Journal of X 412: 101-118")."""
    parts = _SENTENCE_BREAK.split(rest, maxsplit=1)
    if len(parts) == 2:
        return parts[0].rstrip("."), _venue(parts[1])
    head, comma, tail = rest.rpartition(", ")
    if comma and re.search(r"\d", tail):
        return head, _venue(tail)
    return rest.rstrip("."), None


def _venue(text: str) -> str | None:
    venue = text
    for _ in range(3):
        cut = _VOLUME.sub("", venue).strip(" ,.;:")
        if cut == venue:
            break
        venue = cut
    venue = re.sub(r"^(?:in:?\s+)", "", venue, flags=re.I).strip(" ,.;:")
    return venue if len(venue) >= 2 and re.search(r"[A-Za-z]{2}", venue) else None


def _names(authors: str) -> tuple[list[str], bool]:
    authors = authors.strip(" ,.;:")
    authors = _EDITORS.sub("", authors)
    truncated = bool(_ET_AL.search(authors))
    authors = _ET_AL.sub("", authors)
    parts = [without_marks(p).strip(" .") for p in _NAME_SPLIT.split(authors)]
    parts = [p for p in parts if p]
    names: list[str] = []
    i = 0
    while i < len(parts):  # "Okafor, S., Bello, K." -> "Okafor, S.", "Bello, K."
        pair = f"{parts[i]}, {parts[i + 1]}" if i + 1 < len(parts) else ""
        if pair and _SURNAME_INITIALS.match(pair) and _is_initials(parts[i + 1]):
            names.append(pair)
            i += 2
            continue
        names.append(parts[i])
        i += 1
    if not names or not all(_is_name(n) for n in names):
        return [], False
    return names, truncated


def _is_initials(text: str) -> bool:
    return re.fullmatch(r"(?:[A-Z]\.?\s*-?){1,4}", text.strip()) is not None


def _is_name(text: str) -> bool:
    words = text.replace(",", " ").split()
    return (
        1 <= len(words) <= 5
        and all(w[:1].isupper() or w.lower() in _PARTICLES for w in words)
        and not any(c.isdigit() for c in text)
    )


_PARTICLES = frozenset({"van", "von", "de", "da", "der", "den", "del", "di", "la", "le", "du"})


def _is_title(title: str) -> bool:
    words = title.split()
    return len(words) >= 2 and len(title) >= 10 and not title.lower().startswith(("http", "www"))


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "www."))


def _paper(ref: Reference) -> Paper:
    ids: dict[str, str] = {}
    doi = next((m.group(1) for link in [*ref.links, ref.record] for m in _DOI.finditer(link)), None)
    if doi:
        ids["doi"] = doi
    arxiv = next((m.group(1) for m in _ARXIV.finditer(ref.record)), None)
    if arxiv:
        ids["arxiv"] = re.sub(r"v\d+$", "", arxiv)
    code = code_url_in(*ref.links)
    return Paper(
        title=ref.title,
        authors=ref.authors,
        authors_truncated=ref.truncated,
        year=ref.year,
        venue=ref.venue,
        external_ids=ids,
        url=next((u for u in ref.links if u != code), None),
        has_code=code is not None,
        code_url=code,
    )


def _common_author(references: list[Reference]) -> str:
    from agent.people import common_author

    name = common_author([r.authors for r in references], share=0.5)
    if not name:
        raise ParseError(
            "no one is an author of most references", "say whose list it is with --author"
        )
    return name
