"""The papers a question names: by title, by the part of a title before ':' or its opening
words, by a coined name in the title ("AGENTiGraph") or one its abstract defines ("Low-Rank
Induced Training (LoRITa)"), or by the name of its code repository ("aricode")."""

from __future__ import annotations

import re

from agent.models import Paper, Profile
from agent.text import content_words, normalise, split_sentences, stem


def mentioned_papers(question: str, profile: Profile, text: str | None = None) -> list[str]:
    """Ids of papers the question names by title, by the part before ':' or by a coined name
    (or as "his paper" when the profile lists one)."""
    text = normalise(question) if text is None else text
    titles, coined = profile.derived("paper_names", _paper_names)
    found = [pid for pid, names in titles if any(_says(text, n) for n in names)]
    found += [pid for name, pid in coined.items() if pid not in found and _says(question, name)]
    if not found:  # "who wrote the delta endotoxin paper?": the one title with those words
        found = _paper_by_words(text, profile)
    if not found and len(profile.papers) == 1 and (_THE_PAPER.search(text) or _IT.search(text)):
        found = [profile.papers[0].id]  # "when was his paper published?": his only one
    return found


def _paper_by_words(text: str, profile: Profile) -> list[str]:
    """The one paper whose title has every content word of "the ... paper" or "his paper on
    ..." in the question (in any form of the word), or none when no title or several have
    them."""
    for found in (_WORDS_PAPER.search(text), _PAPER_ON_WORDS.search(text)):
        wanted = {stem(w) for w in content_words(found.group(1))} - _NOT_NAMES if found else set()
        hits = [p.id for p in profile.papers if wanted and wanted <= _title_stems(p)]
        if len(hits) == 1:
            return hits
    return []


def _title_stems(paper: Paper) -> set[str]:
    """The stems of the title's content words."""
    return {stem(w) for w in content_words(paper.title)}


_WORDS_PAPER = re.compile(r"\bthe ((?:[\w-]+ ){1,4})(?:paper|article|study)\b(?!s)")
_PAPER_ON_WORDS = re.compile(
    r"\b(?:the|his|her|their) (?:paper|article|study)(?!s) (?:on|about) (?:the )?"
    r"((?:[\w-]+(?: |$)){1,4})"
)
_NOT_NAMES = frozenset({stem(w) for w in ("first", "last", "latest", "earliest", "same", "other")})
_IT = re.compile(r"\b(?:it|its)\b")
_THE_PAPER = re.compile(
    r"\b(?:his|her|their|the|this|that) (?:only |one |single )?"
    r"(?:paper|article|publication|work)\b(?!s)"
)
"""A paper named by its owner, which names it when the profile lists one paper."""


def _paper_names(profile: Profile) -> tuple[list[tuple[str, list[str]]], dict[str, str]]:
    """Each paper's title names, and the coined names abstracts define (built once a profile)."""
    coined = _repository_names(profile) | _abstract_names(profile)
    return [(p.id, _title_names(p.title)) for p in profile.papers], coined


def _repository_names(profile: Profile) -> dict[str, str]:
    """The names of the papers' code repositories ("github.com/jchiquet/aricode": "aricode"),
    each with its paper, when only one paper links it: people name a paper by its software."""
    seen: dict[str, set[str]] = {}
    for paper in profile.papers:
        found = _REPOSITORY.search(paper.code_url or "")
        if found and len(found.group(1)) >= MIN_REPOSITORY_NAME:
            seen.setdefault(found.group(1), set()).add(paper.id)
    return {name: ids.pop() for name, ids in seen.items() if len(ids) == 1}


_REPOSITORY = re.compile(
    r"(?:github|gitlab|bitbucket)\.(?:com|org)/[^/\s]+/([\w.-]+?)(?:\.git)?(?:[/#?]|$)"
)
MIN_REPOSITORY_NAME = 5


def _says(text: str, name: str) -> bool:
    """``name`` in ``text`` as whole words (the substring test first: most titles are not)."""
    return name in text and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _abstract_names(profile: Profile) -> dict[str, str]:
    """Coined names an abstract defines in parentheses ("Low-Rank Induced Training (LoRITa)"),
    each with its paper, when only one paper's abstract has it."""
    seen: dict[str, set[str]] = {}
    for paper in profile.papers:
        for sentence in split_sentences(paper.abstract):
            if _NAMING.search(sentence):
                for name in re.findall(r"\(([A-Za-z][\w-]{2,})\)", sentence):
                    plural = name.endswith("s") and name[:-1].isupper()  # "DNNs": a common noun
                    if sum(ch.isupper() for ch in name) >= 2 and not plural:
                        seen.setdefault(name, set()).add(paper.id)
    return {name: ids.pop() for name, ids in seen.items() if len(ids) == 1}


_NAMING = re.compile(
    r"\b(?:we|this (?:paper|work))\b.{0,80}?\b(?:propose|introduce|present|term|call|dub|name)"
    r"\w*\b",
    re.IGNORECASE,
)


def _title_names(title: str) -> list[str]:
    """The title, its part before ':', and for a long title its first OPENING_WORDS words (a
    question quotes the start of a long title, not all of it)."""
    names = [normalise(title)]
    head = title.split(":")[0].strip()
    if head != title and (len(head.split()) >= 2 or _coined(head)):
        names.append(normalise(head))
    words = names[0].split()
    if len(words) >= OPENING_WORDS + 2:
        names.append(" ".join(words[:OPENING_WORDS]))
    return names


OPENING_WORDS = 6


def _coined(word: str) -> bool:
    """'AGENTiGraph', 'MCLR', 'PAC-tuning': a made-up name rather than an English word."""
    upper = sum(ch.isupper() for ch in word)
    return len(word) >= 4 and (
        upper >= 3 or (upper >= 2 and not word.istitle() and word.lower() != word)
    )
