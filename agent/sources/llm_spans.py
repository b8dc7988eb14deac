"""Spans of a text that can fill a field: the only values grammar-constrained decoding may copy.

A record is cut at sentence ends, line breaks and '(year)', and at commas and colons; the pieces
are sorted into what can be a title, an author, a venue. The header gives names, organisations,
research interests and the numbers written next to 'h-index' or 'citations'.
"""

from __future__ import annotations

import re

from agent.sources.grounding import LIST_MARKER, years_in
from agent.text import numbers_in, split_sentences

VENUE = re.compile(
    r"\b(?:transactions|journal|proceedings|conference|symposium|workshop|"
    r"letters|research part|arxiv)\b",
    re.I,
)
_NAME = re.compile(r"\b(?:[A-Z][\w'’-]+|[A-Z]\.)(?:[ \t]+(?:[A-Z][\w'’-]+|[A-Z]\.)){1,3}\b")
_SURNAME_INITIALS = re.compile(r"[A-Z][\w'’-]+,\s[A-Z]\.?(?:\s?[A-Z]\.?)*(?!\w)")
_NOT_NAME = frozenset(
    [
        "university",
        "universität",
        "department",
        "professor",
        "associate",
        "assistant",
        "institute",
        "college",
        "school",
        "laboratory",
        "lab",
        "group",
        "center",
        "centre",
        "research",
        "science",
        "sciences",
        "engineering",
        "computer",
        "curriculum",
        "vitae",
        "publications",
        "member",
        "society",
        "google",
        "scholar",
        "her",
        "his",
        "their",
        "she",
        "he",
        "the",
        "according",
        "before",
        "selected",
        "transactions",
        "journal",
        "conference",
        "faculty",
        "page",
        "dr",
        "prof",
    ]
)
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "di",
        "da",
        "del",
        "dos",
        "du",
        "le",
        "la",
        "bin",
        "al",
        "and",
        "et",
        "al.",
    ]
)
_ORG = re.compile(
    r"universit|institut|college|school|laborator|\blabs?\b|cent(?:er|re)|academy|"
    r"hospital|department|\binc\b|\bltd\b|corporation|company|\beth\b",
    re.I,
)
_INTERESTS = re.compile(
    r"(?:research interests?|research (?:focuses|centers|centres) on|"
    r"works? on|interested in)\s*:?\s*(.+?)\.?$",
    re.I,
)
_QUOTED = re.compile(r"[“\"]([^”\"\n]{10,300})[”\"]")
_QUOTE_CHARS = re.compile(r"[\"“”\\]")
_PAGES = re.compile(r"(?:[\s,]*\(?\s*pp?\.?)?[\s,]*(?:\d[\d()\-–:,\s]*\)?)?$")
MAX_CHOICES = 20


def record_parts(record: str) -> list[tuple[str, list[str]]]:
    """The record cut at sentence ends, line breaks and '(year)' into parts, each with its
    pieces cut at commas and colons; line-break hyphenation joined, a list marker dropped."""
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", record)
    if LIST_MARKER.match(text):
        text = " ".join(LIST_MARKER.sub("", text, count=1).split())
    parts = []
    for part in re.split(r"\n|(?<=[a-z0-9)\]])[.?!]\s+|\(\s*(?:19|20)\d\d[a-z]?\s*\)", text):
        part = " ".join(part.split()).strip(" ,;:")
        if part:
            pieces = [_edge(p) for p in re.split(r",\s+|:\s+", part)]
            parts.append((part, [p for p in pieces if p]))
    return parts


def _edge(span: str) -> str:
    return " ".join(span.split()).strip(" .,;:")


def title_choices(record: str) -> list[str]:
    """Quoted strings, then parts (whole, or cut at commas/colons) of 3+ words with no year or
    bare number that name no people and no venue."""
    spans = [_edge(q) for q in _QUOTED.findall(record) if _can_be_title(_edge(q))]
    for part, pieces in record_parts(record):
        whole = _edge(part)
        spans += [whole] if _can_be_title(whole) else [p for p in pieces if _can_be_title(p)]
    return list(dict.fromkeys(spans))[:MAX_CHOICES]


def _can_be_title(span: str) -> bool:
    return (
        len(span.split()) >= 3
        and not _QUOTE_CHARS.search(span)
        and not years_in(span)
        and not re.search(r"\b\d+\b", span)
        and not VENUE.search(span)
        and not looks_like_names(span)
    )


def author_choices(record: str) -> list[list[str]]:
    """The author lists of a record: the names in each part that lists people
    ('Okafor, S. and Adeyemi, T.' -> ['Okafor, S.', 'Adeyemi, T.'])."""
    lists: list[list[str]] = []
    for part, _ in record_parts(record):
        names = split_names(part) if looks_like_names(part) else []
        if names and names not in lists:
            lists.append(names)
    return lists[:MAX_CHOICES]


def split_by_titles(record: str, titles: list[str]) -> list[str]:
    """A record whose lines hold several titles, cut before each title's line; lines before the
    first title (a year heading) start every part. Otherwise the record itself."""
    lines = record.splitlines()
    starts = [
        next((i for i, line in enumerate(lines) if line.strip().startswith(t[:40])), None)
        for t in titles
    ]
    if len(titles) < 2 or None in starts or starts != sorted(set(starts)):
        return [record]
    head = lines[: starts[0]]
    ends = [*starts[1:], len(lines)]
    return ["\n".join([*head, *lines[a:b]]) for a, b in zip(starts, ends, strict=True)]


def split_names(part: str) -> list[str]:
    """'Okafor, S. and Adeyemi, T.' -> ['Okafor, S.', 'Adeyemi, T.']; 'M. Keller, J. Otto' ->
    ['M. Keller', 'J. Otto']."""
    if not re.match(r"[A-Z]\.", part) and _SURNAME_INITIALS.search(part):
        found = [m.strip() for m in _SURNAME_INITIALS.findall(part)]
    else:
        found = [
            n.strip(" .") if not re.search(r"\b[A-Z]\.$", n.strip()) else n.strip()
            for n in re.split(r",\s*|\s+and\s+|\s*&\s*", part)
        ]
    return [n for n in found if n and looks_like_person(n)]


def venue_choices(record: str) -> list[str]:
    """Parts and pieces that are neither a title nor people, trailing years, volumes and pages
    cut: 'Journal of Sound and Vibration 412: 101-118' -> 'Journal of Sound and Vibration'."""
    titles = set(title_choices(record))
    venues: list[str] = []
    for part, pieces in record_parts(record):
        if looks_like_names(part):
            continue
        for span in [_edge(part), *pieces]:
            venue = _PAGES.sub("", span).strip(" .,;:")
            if venue and venue not in titles and _capitalised(venue) and len(venue.split()) <= 12:
                venues.append(venue)
    return [v for v in dict.fromkeys(venues) if not any(v in t or t in v for t in titles)][
        :MAX_CHOICES
    ]


def _capitalised(span: str) -> bool:
    return span[0].isupper() or span.casefold().startswith("arxiv")


def looks_like_names(span: str) -> bool:
    """'M. Keller, J. Otto', 'Okafor, S. and Adeyemi, T.': short capitalised parts, or initials."""
    parts = [p for p in re.split(r",\s*|\s+and\s+|\s*&\s*", span) if p.strip()]
    tokens = span.replace(",", " ").split()
    capitalised = all(t[0].isupper() or t in ("and", "&", "et", "al.") for t in tokens)
    has_initial = any(re.fullmatch(r"[A-Z]\.", t) for t in tokens)
    return (
        capitalised
        and not VENUE.search(span)
        and (has_initial or (len(parts) >= 2 and all(len(p.split()) <= 3 for p in parts)))
    )


def looks_like_person(value: str) -> bool:
    """'M. Keller', 'Okafor, S.', 'Ludwig van Beethoven': 1-5 capitalised tokens or particles."""
    tokens = value.replace(",", " ").split()
    return (
        1 <= len(tokens) <= 5
        and all(t[0].isupper() or t in _PARTICLES for t in tokens)
        and not VENUE.search(value)
    )


def name_choices(header: str) -> list[str]:
    """Runs of 2-4 capitalised words in the header that can be a person's name."""
    spans: list[str] = []
    for match in _NAME.finditer(header):
        tokens = match.group(0).split()
        if any(
            t.casefold().strip(".") in _NOT_NAME or (t.isupper() and len(t) > 2) for t in tokens
        ):
            continue
        if match.group(0) not in spans:
            spans.append(match.group(0))
    return spans[:MAX_CHOICES]


def affiliation_choices(header: str) -> list[str]:
    """Pieces of the header (lines, cut at commas, ' at ', sentence ends) naming an organisation."""
    spans: list[str] = []
    for piece in re.split(r"\n|,\s+|\s+at\s+(?:the\s+)?|(?<=[a-z])\.\s+|\s+[—–]\s+", header):
        span = " ".join(piece.split()).strip(" .;:")
        if _ORG.search(span) and len(span.split()) <= 8 and span not in spans:
            spans.append(span)
    return spans[:MAX_CHOICES]


def field_choices(header: str) -> list[str]:
    """What follows 'research interests:', 'research focuses on', 'works on' in a sentence."""
    found = [m.group(1).strip() for s in split_sentences(header) if (m := _INTERESTS.search(s))]
    return list(dict.fromkeys(f for f in found if f))[:MAX_CHOICES]


def metric_choices(header: str, keyword: str) -> list[int]:
    """Whole numbers written in the header's sentences that mention ``keyword``."""
    pattern = re.compile(keyword, re.I)
    numbers = [
        int(n)
        for line in header.splitlines()
        for s in split_sentences(line)
        if pattern.search(s)
        for n in numbers_in(s)
        if n.isdigit()
    ]
    return list(dict.fromkeys(numbers))[:MAX_CHOICES]
