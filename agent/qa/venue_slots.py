"""Which venues a question names: a venue of the profile's papers (by name, spelled out, or
by acronym), two joined by "or" / "and" / "," ("papers at ICCV or ECCV"), or a venue none of
them is in ("Has she published at NeurIPS?")."""

from __future__ import annotations

import re
from collections import Counter

from agent.models import Profile
from agent.text import normalise
from agent.venues import spelled_out, venue_acronyms, venue_matches

_JOINED = r"\s*(?:,|/|\bor\b|\band\b|,\s*or\b|,\s*and\b)\s*"
"""What joins two venues a question names together ("Nature or Science", "ICCV, ECCV")."""


def named_venues(text: str, raw: str, profile: Profile) -> list[str]:
    """The venues the question names, in its order: one, or several joined ("in Biometrics or
    Bioinformatics": a paper in either), a joined name no paper is in among them (its papers
    are none); ``text`` is the normalised question, ``raw`` as written."""
    found: list[str] = []
    rest_text, rest_raw = text, raw
    while len(found) < _MOST:
        venue = _venue(rest_text, rest_raw, profile)
        if venue is None or any(venue_matches(venue, v) for v in found):
            break
        key = re.escape(normalise(venue))
        if found and not re.search(rf"\x00{_JOINED}{key}|{key}{_JOINED}\x00", rest_text):
            break
        found.append(venue)
        rest_text = rest_text.replace(normalise(venue), " \x00 ", 1)
        rest_raw = re.sub(re.escape(venue), " \x00 ", rest_raw, count=1, flags=re.IGNORECASE)
    if found:
        joined = re.findall(rf"\x00{_JOINED}({_NAME})|({_NAME}){_JOINED}\x00", rest_raw)
        found += [n for pair in joined for n in pair if n and _no_topic(n, profile)]
    return sorted(found, key=lambda v: _position(normalise(v), text))[:_MOST]


_MOST = 4
_NAME = r"[A-Z][\w&+.-]*(?:\s+(?:(?:of|on|for|&)\s+)?[A-Z][\w&+.-]*)*"


def _position(key: str, text: str) -> int:
    """Where the question names a venue (a name it does not write as is goes last)."""
    at = text.find(key)
    return at if at >= 0 else len(text)


def _venue(text: str, raw: str, profile: Profile) -> str | None:
    """A venue of the profile's papers that the question names ('papers in Nature'). A venue
    of one word is a venue only as the question capitalises it: 'in Neuroscience' names the
    journal, 'sharing code in neuroscience' a field."""
    names = {p.venue for p in profile.papers if p.venue and len(p.venue) >= 3}
    spans = {name: _named_span(name, text, raw) for name in names}
    if any(spans.values()):  # the longest: "Journal of Neuroscience" over "Neuroscience"; of
        count = Counter(p.venue for p in profile.papers)  # equal spans, the most used spelling
        return max(sorted(spans), key=lambda name: (spans[name], count[name]))
    acronyms = {a for p in profile.papers for a in venue_acronyms(p.venue)}
    for acronym in sorted(acronyms, key=len, reverse=True):  # "at CVPR", "NeurIPS papers"
        flags = re.IGNORECASE if len(acronym) >= 4 else 0
        if re.search(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", raw, flags):
            return acronym
    for asked in re.findall(r"(?<![\w-])[A-Z]{3,8}(?![\w-])", raw):  # "in JBC", "PNAS papers"
        if any(venue_matches(p.venue, asked) for p in profile.papers):
            return asked
    return None


_ASKED_VENUE = re.compile(
    r"\b(?:publish\w*|papers?|articles?|anything|something|appear\w*)\s+(?:in|at)\s+(?:the\s+)?"
    r"([A-Z][\w&+.-]*(?:\s+(?:(?:of|on|for|and|&)\s+)?[A-Z][\w&+.-]*)*)"
)
_NOT_VENUES = re.compile(
    r"^(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|english|french|german|spanish|chinese|total|all|general|particular)$"
    r"|\b(?:university|institute|college|department|school|laboratory)\b"
)


def unknown_venue(raw: str, profile: Profile) -> str | None:
    """A venue no paper of the profile is in, named by its capitalised name after "published
    in" or "at" ("Has she published at NeurIPS?": her papers in it are none), when the name is
    no phrase of the profile's own titles and abstracts (a topic) and no place of work."""
    found = _ASKED_VENUE.search(raw)
    if found is None or re.search(r"\d", found.group(1)):
        return None
    name = found.group(1).rstrip(".")
    return name if _no_topic(name, profile) else None


def _no_topic(name: str, profile: Profile) -> bool:
    """A capitalised name that is no place of work and no phrase of the profile's titles and
    abstracts (where it would be a topic): a venue, though none of its papers is in it."""
    if _NOT_VENUES.search(name.lower()):
        return False
    if " " not in name:  # one word: a topic as the profile writes it ("Nature" is no "nature")
        word = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
        return not any(word.search(f"{p.title} {p.abstract}") for p in profile.papers)
    phrase = re.compile(rf"(?<!\w){re.escape(normalise(name))}(?!\w)")
    return not any(phrase.search(normalise(f"{p.title} {p.abstract}")) for p in profile.papers)


def _named_span(name: str, text: str, raw: str) -> int:
    """How much of the question names the venue ``name``: as written, or spelled out from its
    abbreviation ("PLoS Computational Biology" for "PLoS Comput Biol"); 0 when it does not."""
    if " " not in name.strip():
        return len(name) if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", raw) else 0
    if re.search(rf"(?<!\w){re.escape(normalise(name))}(?!\w)", text):
        return len(name)
    found = written_out.search(text) if (written_out := spelled_out(name)) else None
    return len(found[0]) if found else 0
