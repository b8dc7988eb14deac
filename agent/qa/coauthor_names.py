"""The co-author a question names, in any of the forms the profile's author lists use."""

from __future__ import annotations

import re
from collections import Counter

from agent.models import Profile
from agent.people import NameForm, parse_name, profile_people
from agent.text import ascii_fold, normalise


def named_coauthors(question: str, profile: Profile) -> list[str]:
    """The co-authors the question names, in the order it names them: in full, as first name
    and surname, with or without initials, accents or not; by surname alone when one co-author
    has it and the question writes it capitalised ("papers with Alkhouri", not "this
    researcher" for Patrice This). A person no author list has is named alone."""
    asked = _name_text(question)
    inner = re.sub(r"(?:^|(?<!\b[A-Z])[.?!]\s+)\W*\w+", " ", question)  # a sentence opener: no
    # clue that a word is a name; an initial's dot ("M. Whitman") ends no sentence
    capitalised = {ascii_fold(w) for w in re.findall(r"\b[A-ZÀ-Þ][\w'-]+", inner)}
    capitalised |= _typed_lower(question, profile)  # "papers with robin and mariadassou"
    names, by_surname = profile.derived("coauthor names", _coauthor_names)
    people = profile_people(profile)
    found: dict[str, tuple[int, str]] = {}  # person key -> (where the question names them, name)
    for name, variants in names:
        at = min((asked.find(v) for v in variants if _says(asked, v)), default=-1)
        if at >= 0 and people.key(name) not in found:
            found[people.key(name)] = (at, name)
    for surname, name in by_surname.items():
        if surname in capitalised and people.key(name) not in found:
            found[people.key(name)] = (asked.find(surname), name)
    if found:
        return [name for _, name in sorted(found.values())]
    unknown = _unknown_person(question, profile)
    return [unknown] if unknown else []


_INTRODUCED = re.compile(r"\b(?:with|and|by|without|alongside|&)\s+([a-zà-þ][\w'-]+)")


def _typed_lower(question: str, profile: Profile) -> set[str]:
    """Words typed in lower case where a name goes ("with robin") that the profile's own text
    never uses as a word: surnames, as a capitalised one would be."""
    used = profile.text_words()
    return {w for w in map(ascii_fold, _INTRODUCED.findall(question)) if w not in used}


def _coauthor_names(profile: Profile) -> tuple[list[tuple[str, list[str]]], dict[str, str]]:
    """Each co-author's written names with the forms a question may use, in the order the
    papers list them, and the surnames (4 letters or more) only one co-author has, with the
    name that co-author is given (built once a profile)."""
    people = profile_people(profile)
    owner = people.key(profile.name)
    names: dict[str, list[str]] = {}
    keys_of: dict[str, set[str]] = {}
    papers_of: Counter[str] = Counter()
    for paper in profile.papers:
        for key in {people.key(name) for name in paper.authors}:
            papers_of[key] += 1
        for name in paper.authors:
            key = people.key(name)
            if not key or key == owner or name in names:
                continue
            form = parse_name(name)
            keys_of.setdefault(form.surname, set()).add(key)
            names[name] = _name_variants(form)
    unique = {
        surname: people.names_of(key)[0]
        for surname, keys in keys_of.items()
        if len(surname) >= 4 and (key := _leading(keys, papers_of))
    }
    return list(names.items()), unique


def _leading(keys: set[str], papers_of: Counter[str]) -> str | None:
    """The one person a surname names: its only bearer, or the one on more papers than every
    other bearer ("Newman" of Turing's record: M. Newman on 2 papers, E. A. Newman on 1)."""
    ranked = sorted(keys, key=lambda k: -papers_of[k])
    if len(ranked) == 1 or papers_of[ranked[0]] > papers_of[ranked[1]]:
        return ranked[0]
    return None


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
    used = profile.text_words()
    if any(w in used for w in normalise(name).replace(".", " ").split()):
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
    return phrase in text and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
