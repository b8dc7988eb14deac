"""The profile's owner named in a question ("What are Chiquet's main topics?", "Has Lewis
Cantley worked on insulin?") read as the pronoun the intent phrasings use ("their", "they").

The owner's surname, capitalised as a question writes it, with the given names or initials
before it that agree with the owner's ("Alan", "A. M.", "Dr."), is the mention. A bare surname
stays when a co-author has it too ("with Wang") or when it and the next word are a phrase the
papers use ("Turing machines", "the Turing test"); a possessive is the owner's either way.
"""

from __future__ import annotations

import re

from agent.models import Profile
from agent.people import parse_name, profile_people
from agent.text import STOPWORDS, ascii_fold, normalise

_POSSESSIVE = r"['’]s\b"
_GIVEN = re.compile(r"(?:^|\s)((?:(?:[A-Z][\w'-]*\.?|[A-Z]\.)\s+){1,3})$")
"""Capitalised words or initials just before a surname ("Lewis C. ", "A. M. ", "Dr. ")."""
_TITLES = frozenset({"dr", "prof", "professor"})


def owner_as_pronoun(question: str, profile: Profile) -> str:
    """``question`` with each mention of the owner replaced by "their" (a possessive) or
    "they"."""
    surnames, initial, shared = profile.derived("owner names", _owner_names)
    if not surnames or not any(s.casefold() in question.casefold() for s in surnames):
        return question
    pattern = re.compile(  # typed in lower case too ("how many articles has chiquet published")
        rf"(?<!\w)(?:{'|'.join(map(re.escape, surnames))})(?P<own>{_POSSESSIVE})?(?!\w)",
        re.IGNORECASE,
    )
    out, at = [], 0
    for found in pattern.finditer(question):
        if not found.group("own") and _kept(found, question, profile, shared):
            continue
        start = found.start() - len(_given_before(question[: found.start()], initial))
        out += [question[at:start], "their" if found.group("own") else "they"]
        at = found.end()
    return "".join([*out, question[at:]])


def _kept(found: re.Match[str], question: str, profile: Profile, shared: frozenset[str]) -> bool:
    """A bare surname that is not the owner: a co-author's too, or a phrase of the papers."""
    if ascii_fold(found.group(0)) in shared:
        return True
    after = re.match(r"\s+([\w-]+)", question[found.end() :])
    if after is None:
        return False
    phrase = normalise(f"{found.group(0)} {after.group(1)}")
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", profile.normalised_text()) is not None


def _given_before(head: str, initial: str) -> str:
    """The given names, initials or title ending ``head`` that can be the owner's ('' if none):
    no question word ("Has", "Does"), and a first letter that agrees with the owner's initial."""
    found = _GIVEN.search(head)
    if found is None:
        return ""
    tokens = found.group(1).split()
    while tokens and _question_word(tokens[0]):
        tokens.pop(0)
    names = [t for t in tokens if t.rstrip(".").casefold() not in _TITLES]
    if names and initial and ascii_fold(names[0][0]) != initial:
        return ""
    return " ".join(tokens) + " " if tokens else ""


def _question_word(token: str) -> bool:
    word = token.rstrip(".").casefold()
    return len(word) > 1 and word in STOPWORDS | {"tell", "list", "show"}  # "A." is an initial


def _owner_names(profile: Profile) -> tuple[tuple[str, ...], str, frozenset[str]]:
    """The owner's surnames as a question writes them (capitalised, with or without accents),
    the initial of their first given name ('' when no source gives one), and the surnames a
    co-author has too."""
    people = profile_people(profile)
    owner = people.key(profile.name)
    forms = [parse_name(n) for n in {profile.name, *(people.names_of(owner) if owner else ())}]
    surnames = {f.surname for f in forms if len(f.surname) >= 2}  # "Xu" too
    initial = next((f.given[0][0] for f in forms if f.given), "")
    written = {
        name.split()[-1]
        for p in profile.papers
        for name in p.authors
        if people.key(name) == owner and name.split()
    }
    spelled = {s[:1].upper() + s[1:] for s in surnames} | {
        w for w in written if ascii_fold(w) in surnames
    }
    shared = {
        parse_name(n).surname
        for p in profile.papers
        for n in p.authors
        if owner and people.key(n) != owner
    }
    return tuple(sorted(spelled, key=len, reverse=True)), initial, frozenset(surnames & shared)
