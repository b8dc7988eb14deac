"""The co-author a question names, in any of the forms the profile's author lists use."""

from __future__ import annotations

import re

from agent.models import Profile
from agent.people import NameForm, parse_name, profile_people
from agent.text import ascii_fold


def named_coauthor(question: str, profile: Profile) -> str | None:
    """The co-author the question names: in full, as first name and surname, with or without
    initials, accents or not; by surname alone when one co-author has it and the question
    writes it capitalised ("papers with Alkhouri", not "this researcher" for Patrice This)."""
    people = profile_people(profile)
    owner = people.key(profile.name)
    asked = _name_text(question)
    inner = re.sub(r"(?:^|[.?!]\s+)\W*\w+", " ", question)  # a sentence's first word is no clue
    capitalised = {ascii_fold(w) for w in re.findall(r"\b[A-ZÀ-Þ][\w'-]+", inner)}
    by_surname: dict[str, set[str]] = {}
    for paper in profile.papers:
        for name in paper.authors:
            key = people.key(name)
            if not key or key == owner:
                continue
            form = parse_name(name)
            by_surname.setdefault(form.surname, set()).add(key)
            if any(_says(asked, variant) for variant in _name_variants(form)):
                return name
    for surname, keys in by_surname.items():
        if len(keys) == 1 and len(surname) >= 4 and surname in capitalised:
            return people.names_of(keys.pop())[0]
    return _unknown_person(question, profile)


_WITH_PERSON = re.compile(
    r"\b(?:with|alongside)\s+((?:[A-Z][a-z]*\.?\s+){0,2}[A-Z][a-z]+(?:[A-Z][a-z]+)?)\b"
    r"(?!\s+(?:code|implementations?|links?|repositor))"
)
"""'with Ross', 'with Yann LeCun', 'with J. Smith': a name's shape, not 'with GitHub links'."""


def _unknown_person(question: str, profile: Profile) -> str | None:
    """A person the question names after "with" whom no author list has (so no paper is
    theirs): the name, unless the profile's own text uses it (a method, a place, a venue)."""
    found = _WITH_PERSON.search(question)
    if found is None:
        return None
    name = found.group(1)
    text = " ".join(f"{p.title} {p.abstract} {p.venue or ''}" for p in profile.papers)
    words = name.replace(".", " ").split()
    if any(re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in words):
        return None
    return None if ascii_fold(name) in ascii_fold(profile.name) else name


def _name_text(text: str) -> str:
    """Folded, dots and initials dropped: 'Ismail R. Alkhouri' -> 'ismail alkhouri'."""
    return " ".join(re.sub(r"\b\w\.\s*", " ", ascii_fold(text)).replace(".", " ").split())


def _name_variants(form: NameForm) -> list[str]:
    full = [part for _, part in form.given if part]
    if not full or not form.given[0][1]:
        return []
    return [" ".join([*full, form.surname]), f"{full[0]} {form.surname}"]


def _says(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
