"""Person names as sources write them: one key per person, initials respected.

"M. Newman" and "E. A. Newman" are two people; "Ismail R. Alkhouri" and "Ismail Alkhouri" are one;
"A. Turing" and "Alan Turing" are one unless another "A..." Turing (say "Alice Turing") makes the
initial ambiguous. ``PersonIndex`` groups the names of one profile that way; ``compatible``
compares two names on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from agent.models import Profile
from agent.text import ascii_fold

_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "du",
        "le",
        "la",
        "lo",
        "ten",
        "ter",
        "bin",
        "al",
        "el",
        "st",
    ]
)
_SUFFIXES = frozenset(["jr", "sr", "ii", "iii", "iv", "phd", "md"])
_VANCOUVER = re.compile(
    r"^(?P<surname>[^\W\d_][^\s,]*[a-z][^\s,]*(?: [^\W\d_][^\s,]*)*) (?P<initials>[A-Z]{1,3})$"
)
_INITIALS_RUN = re.compile(r"^[A-Z]{2,3}$")  # 'EA Newman' (initials written without dots)


@dataclass(frozen=True)
class NameForm:
    """A name split into given parts (initial, full word or '') and a surname, all folded."""

    given: tuple[tuple[str, str], ...]
    surname: str

    @property
    def specificity(self) -> tuple[int, int]:
        """More full given names, then more given parts: the better display form."""
        return (sum(1 for _, full in self.given if full), len(self.given))


_MARKS = re.compile(r"^[\s*†‡§¶#^]+|(?:[\s*†‡§¶#^]+|\s*\([^()]*\))+$")
"""What a byline adds to a name: co-first and corresponding marks ("Yuan*", "Lee^", "Ana†"),
a trailing parenthesis ("Kevin Miller (Deepmind)")."""


def without_marks(name: str) -> str:
    """The name without its byline marks: 'Zhihang Yuan*' -> 'Zhihang Yuan'."""
    return _MARKS.sub("", name).strip()


def parse_name(name: str) -> NameForm:
    """'E. A. Newman', 'Newman, E. A.', 'Ismail R. Alkhouri', 'Cedric Le Denmat', and the
    Vancouver 'Eglen SJ' (surname, then initials without dots)."""
    name = " ".join(name.split())
    vancouver = _VANCOUVER.match(name)
    if vancouver:
        name = f"{' '.join(vancouver.group('initials'))} {vancouver.group('surname')}"
    if name.count(",") == 1:
        surname, given = (part.strip() for part in name.split(","))
        if given and ascii_fold(given).strip(". ") not in _SUFFIXES:
            name = f"{given} {surname}"
    tokens = [t for t in re.split(r"\s+", name.replace(".", ". ")) if t.strip(".")]
    tokens = [t for t in tokens if ascii_fold(t).strip(".") not in _SUFFIXES]
    if not tokens:
        return NameForm((), "")
    surname = [tokens.pop()]
    while len(tokens) > 1 and ascii_fold(tokens[-1]).strip(".") in _PARTICLES:
        surname.insert(0, tokens.pop())
    given: list[tuple[str, str]] = []
    for token in tokens:
        given.extend(_given_parts(token))
    return NameForm(tuple(given), _word(" ".join(surname)))


def vancouver_name(name: str) -> str:
    """The name as NLM/Vancouver citations write it, case and accents kept: 'Avrajit Ghosh' ->
    'Ghosh A', 'Cheng-Han Huang' -> 'Huang CH', 'Chiquet, Julien' -> 'Chiquet J', 'Jan van der
    Berg' -> 'van der Berg J'; a name already in that form, or of one word, as written."""
    name = " ".join(name.split())
    if _VANCOUVER.match(name) or " " not in name.replace(",", ", ").strip():
        return name
    if name.count(",") == 1:
        surname, given = (part.strip() for part in name.split(","))
        if given and ascii_fold(given).strip(". ").lower() not in _SUFFIXES:
            name = f"{given} {surname}"
    tokens = [t.strip(",") for t in name.replace(".", ". ").split() if t.strip(".,")]
    suffixes = [t.strip(".") for t in tokens if ascii_fold(t).strip(".").lower() in _SUFFIXES]
    tokens = [t for t in tokens if t.strip(".") not in suffixes]
    if not tokens:
        return name
    surname = [tokens.pop()]
    while len(tokens) > 1 and ascii_fold(tokens[-1]).strip(".").lower() in _PARTICLES:
        surname.insert(0, tokens.pop())
    initials = "".join(
        part[0].upper() for token in tokens for part in token.strip(".").split("-") if part
    )
    return " ".join(x for x in (" ".join(surname), initials, *suffixes) if x)


def _given_parts(token: str) -> list[tuple[str, str]]:
    if _INITIALS_RUN.match(token):
        return [(ascii_fold(ch), "") for ch in token]
    word = _word(token)
    if not word:
        return []
    is_initial = token.endswith(".") or len(word.replace("-", "")) == 1
    return [(word[0], "" if is_initial else word)]


def _word(text: str) -> str:
    return re.sub(r"[^\w\- ]", "", ascii_fold(text)).strip("- ")


def compatible(a: str | NameForm, b: str | NameForm) -> bool:
    """True when the two names can be one person: same surname, given parts that agree."""
    a = a if isinstance(a, NameForm) else parse_name(a)
    b = b if isinstance(b, NameForm) else parse_name(b)
    if not a.surname or _squash(a.surname) != _squash(b.surname):
        return False
    return all(_parts_agree(x, y) for x, y in zip(a.given, b.given, strict=False))


def _parts_agree(x: tuple[str, str], y: tuple[str, str]) -> bool:
    if x[0] != y[0]:
        return False
    return not (x[1] and y[1]) or x[1] == y[1]


def _squash(surname: str) -> str:
    return surname.replace("-", "").replace(" ", "")


class PersonIndex:
    """The people behind a set of name strings: each name maps to one person key."""

    def __init__(self, names: Iterable[str]) -> None:
        self._forms: dict[str, NameForm] = {}
        for name in names:
            if name and name not in self._forms:
                self._forms[name] = parse_name(name)
        self._key_of: dict[str, str] = {}
        by_surname: dict[str, list[str]] = {}
        for name, form in self._forms.items():
            by_surname.setdefault(_squash(form.surname), []).append(name)
        for group in by_surname.values():
            self._cluster(group)

    def _cluster(self, names: list[str]) -> None:
        clusters: list[list[str]] = []
        ordered = sorted(names, key=lambda n: self._forms[n].specificity, reverse=True)
        for name in ordered:
            form = self._forms[name]
            fits = [c for c in clusters if all(compatible(form, self._forms[m]) for m in c)]
            if len(fits) == 1:
                fits[0].append(name)
            else:  # none fits, or the name could be several people: a person of its own
                clusters.append([name])
        for cluster in clusters:
            key = _display_key(self._forms[cluster[0]])
            for name in cluster:
                self._key_of[name] = key

    def key(self, name: str) -> str:
        """The person key of ``name`` ('' for a blank name)."""
        if name in self._key_of:
            return self._key_of[name]
        form = parse_name(name)
        if not form.surname:
            return ""
        fits = {self._key_of[n] for n, f in self._forms.items() if compatible(form, f)}
        return fits.pop() if len(fits) == 1 else _display_key(form)

    def same(self, a: str, b: str) -> bool:
        """True when ``a`` and ``b`` name the same person."""
        key = self.key(a)
        return bool(key) and key == self.key(b)

    def names_of(self, key: str) -> list[str]:
        """Every name string of the person ``key``, most specific first."""
        names = [n for n, k in self._key_of.items() if k == key]
        return sorted(names, key=lambda n: self._forms[n].specificity, reverse=True)


def _display_key(form: NameForm) -> str:
    given = " ".join(full or f"{initial}." for initial, full in form.given)
    return f"{given} {form.surname}".strip()


def profile_people(profile: Profile) -> PersonIndex:
    """The index of a profile's owner and every author it lists (built once per profile)."""
    stamp = (profile.name, id(profile.papers), len(profile.papers))
    cached = profile.__pydantic_private__.get("_people") if profile.__pydantic_private__ else None
    if cached is None or cached[0] != stamp:
        names = [profile.name, *(name for p in profile.papers for name in p.authors)]
        cached = (stamp, PersonIndex(names))
        profile._people = cached
    return cached[1]


def coauthors_of(profile: Profile, authors: Iterable[str]) -> list[str]:
    """``authors`` less the profile's owner."""
    people = profile_people(profile)
    owner = people.key(profile.name)
    return [a for a in authors if people.key(a) != owner]


def common_author(author_lists: list[list[str]], share: float = 0.8) -> str:
    """The person on at least ``share`` of the author lists (a page of one author's works that
    names nobody), in their most specific written form; '' when nobody is, or when several
    people are on as many lists (one co-authored work names no one person)."""
    found = leading_authors(author_lists, share)
    return found[0] if len(found) == 1 else ""


def leading_authors(author_lists: list[list[str]], share: float = 0.8) -> list[str]:
    """Everyone on the most author lists, when that is at least ``share`` of them."""
    people = PersonIndex(name for names in author_lists for name in names)
    counts: dict[str, int] = {}  # in order of first appearance
    for names in author_lists:
        for key in dict.fromkeys(people.key(n) for n in names):
            counts[key] = counts.get(key, 0) + 1
    most = max(counts.values(), default=0)
    if not most or most < share * len(author_lists):
        return []
    return [people.names_of(key)[0] for key, count in counts.items() if count == most]
