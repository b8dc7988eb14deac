"""Slips of the keyboard in a question ("papres", "coathors", "Statistcs and Computing"): a word
no vocabulary knows is read as the nearest word the router or the profile uses, when one lies
within an edit or two and starts with the same letter. Words the embedder's English vocabulary
or the profile's own text holds are never changed, nor acronyms, numbers or compounds; a word
becomes a co-author's name only beside the rest of that name ("Xitong Zang")."""

from __future__ import annotations

import re
from functools import lru_cache

from agent.models import Profile
from agent.text import words

_TOKEN = re.compile(r"(?<![\w'-])(?:[a-z][a-z]{3,}|[A-Z][a-z]{3,}(?!\.))(?![\w'-])")
"""A plain word of four letters or more: no digits, hyphens or inner capitals ("pCQO"), and
not a capitalised abbreviation ("Biol.", "Chem." of "J. Biol. Chem.")."""


def corrected(question: str, profile: Profile) -> str:
    """``question`` with each unknown word replaced by its nearest known one (unchanged when
    every word is known or no near word exists)."""
    unknown = [m for m in _TOKEN.finditer(question) if not _known(m.group(0).casefold(), profile)]
    if not unknown:
        return question
    out, at = [], 0
    for found in unknown:
        word = found.group(0)
        near = _nearest(word.casefold(), profile)
        if near is None or not _fits_a_name(question, found, near, profile):
            continue
        out += [question[at : found.start()], near.capitalize() if word[0].isupper() else near]
        at = found.end()
    return "".join([*out, question[at:]])


def _fits_a_name(question: str, found: re.Match[str], near: str, profile: Profile) -> bool:
    """A correction to a co-author's name word keeps the rest of the name typed beside it
    ("Xitong Zang": "Xitong Zhang"); another person's name is no slip ("Yann LeCun")."""
    if near not in _author_words(profile) or near in profile.text_words():
        return True
    before = re.search(r"([A-Z][\w'-]*)\s+$", question[: found.start()])
    after = re.match(r"\s+([A-Z][\w'-]*)", question[found.end() :])
    beside = [m.group(1).casefold() for m in (before, after) if m]
    names = _author_names(profile)
    return not beside or any(f"{b} {near}" in names or f"{near} {b}" in names for b in beside)


def _known(word: str, profile: Profile) -> bool:
    return word in _router_words() or word in _profile_words(profile) or word in _english()


def _nearest(word: str, profile: Profile) -> str | None:
    from rapidfuzz.distance import OSA  # a swap of two letters is one slip ("papres")

    limit = 1 if len(word) < MIN_TWO_EDITS else 2
    near = [
        (OSA.distance(word, w), w)
        for w in _router_words() | _profile_words(profile)
        if w[0] == word[0] and abs(len(w) - len(word)) <= limit
    ]
    near = sorted((d, w) for d, w in near if d <= limit)
    if not near or (len(near) > 1 and near[0][0] == near[1][0]):
        return None  # nothing near, or two words equally near: no guess
    return near[0][1]


MIN_TWO_EDITS = 7  # words this long may hold two slips ("publicaton", "statistcs")


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    """The whole words of the bundled embedder's WordPiece vocabulary (about 20,000)."""
    from agent.embed.bundle import bundled_model_path

    path = bundled_model_path() / "vocab.txt"
    lines = path.read_text(encoding="utf-8").split()
    return frozenset(w for w in lines if w.isalpha() and w.islower())


@lru_cache(maxsize=1)
def _router_words() -> frozenset[str]:
    """The words the intent table's phrasings and the router's framing use."""
    from agent.qa.meaning import load_intents
    from agent.qa.slots import FRAME_WORDS

    phrased = {w for intent in load_intents() for e in intent.exemplars for w in words(e)}
    phrased |= {w.replace("-", "") for w in phrased}  # "co-authors" typed "coathors"
    return frozenset(w for w in phrased | FRAME_WORDS if w.isalpha())


def _profile_words(profile: Profile) -> frozenset[str]:
    """The words of the profile's titles, abstracts, venues and author names."""
    return profile.derived("spelling words", lambda p: p.text_words() | _author_words(p))


def _author_words(profile: Profile) -> frozenset[str]:
    return profile.derived(
        "spelling name words",
        lambda p: frozenset(w for n in _author_names(p) for w in n.split() if w.isalpha()),
    )


def _author_names(profile: Profile) -> frozenset[str]:
    """The papers' author names, case-folded ("xitong zhang")."""
    return profile.derived(
        "spelling names",
        lambda p: frozenset(" ".join(words(a)) for paper in p.papers for a in paper.authors),
    )
