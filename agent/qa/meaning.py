"""Intents by meaning: a question no pattern recognises, matched to the nearest phrasings of
``intents.toml`` by the bundled embedder.

Each intent scores its best exemplar's cosine; the match is trusted when that score clears
``MIN_SCORE`` and beats the best other intent by ``MIN_MARGIN`` (both chosen on the tune half of
``evals/suites/questions.jsonl``). Slot values are masked first ("in 2021" -> "in YEAR"), so a
question is matched on what it asks, not on which year or person it names.
"""

from __future__ import annotations

import re
import threading
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from agent.text import content_words, normalise, stem

if TYPE_CHECKING:
    import numpy as np

    from agent.protocols import Embedder

MIN_SCORE = 0.55
MIN_MARGIN = 0.04
SEARCH = "search"


@dataclass(frozen=True)
class Intent:
    """One row of the table: its tool ('' for a search), filter slots, patterns, phrasings."""

    name: str
    tool: str
    slots: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    exemplars: tuple[str, ...]
    cue: re.Pattern[str] | None = None  # matched by meaning only when the question has it


@dataclass(frozen=True)
class IntentMatch:
    """The nearest intent, its best exemplar's cosine, and its lead over the next intent."""

    intent: str
    score: float
    margin: float
    runner_up: str
    exemplar: str

    @property
    def confident(self) -> bool:
        return self.score >= MIN_SCORE and self.margin >= MIN_MARGIN

    def describe(self) -> str:
        return (
            f"nearest phrasing of {self.intent} ({self.score:.2f}; "
            f"{self.margin:+.2f} over {self.runner_up}): {self.exemplar!r}"
        )


@cache
def load_intents() -> tuple[Intent, ...]:
    """The intent table shipped with the package."""
    data = tomllib.loads(resources.files("agent.qa").joinpath("intents.toml").read_text("utf-8"))
    return tuple(
        Intent(
            name=row["name"],
            tool=row.get("tool", ""),
            slots=tuple(row.get("slots", ())),
            patterns=tuple(re.compile(p) for p in row.get("patterns", ())),
            exemplars=tuple(row["exemplars"]),
            cue=re.compile(row["cue"]) if "cue" in row else None,
        )
        for row in data["intent"]
    )


def pattern_intent(text: str) -> str | None:
    """The first intent, in table order, with a pattern found in ``text`` (normalised)."""
    found = pattern_match(text)
    return found[0] if found else None


def pattern_match(text: str) -> tuple[str, frozenset[str]] | None:
    """The first intent with a pattern found in ``text``, and the stems of the words its
    matching patterns spell out ("publication record ... begin"): they frame the ask."""
    for intent in load_intents():
        found = [p for p in intent.patterns if p.search(text)]
        if found:
            return intent.name, frozenset().union(*(_spelled_stems(p) for p in found))
    return None


@cache
def _spelled_stems(pattern: re.Pattern[str]) -> frozenset[str]:
    literal = re.sub(r"\\[A-Za-z]", " ", pattern.pattern)  # \b, \w, \s are not words
    return frozenset(stem(w) for w in re.findall(r"[a-z]{2,}", literal))


_PLACEHOLDERS = frozenset({"year", "name", "topic", "title", "venue"})


@cache
def framing_stems() -> frozenset[str]:
    """Stems of the words the tool intents' phrasings use ("put out", "titles", "share"): in a
    question they frame what is asked, they do not name a topic to search for."""
    return frozenset(
        stem(word)
        for intent in load_intents()
        if intent.tool
        for text in intent.exemplars
        for word in content_words(text)
        if word not in _PLACEHOLDERS
    )


_MATRICES: dict[str, tuple[np.ndarray, list[str], list[str]]] = {}
_LOCK = threading.Lock()


def _exemplar_matrix(embedder: Embedder) -> tuple[np.ndarray, list[str], list[str]]:
    """Every exemplar's vector (encoded once a process per embedder, and cached on disk by a
    caching embedder), with its intent and text."""
    with _LOCK:
        if embedder.name not in _MATRICES:
            rows = [(i.name, text) for i in load_intents() for text in i.exemplars]
            vectors = embedder.encode([text for _, text in rows])
            _MATRICES[embedder.name] = (vectors, [n for n, _ in rows], [t for _, t in rows])
        return _MATRICES[embedder.name]


def match_intent(question: str, embedder: Embedder) -> IntentMatch:
    """The intent whose phrasings lie nearest the (masked) question."""
    vectors, names, texts = _exemplar_matrix(embedder)
    scores = (vectors @ embedder.encode(_pronoun_forms(question)).T).max(axis=1)
    text = normalise(question)
    absent = {i.name for i in load_intents() if i.cue is not None and not i.cue.search(text)}
    best: dict[str, int] = {}
    for row, name in enumerate(names):
        if name in absent:  # an intent whose cue word the question lacks takes no part
            continue
        if name not in best or scores[row] > scores[best[name]]:
            best[name] = row
    ranked = sorted(best.items(), key=lambda item: -float(scores[item[1]]))
    (first, row), (second, other) = ranked[0], ranked[1]
    return IntentMatch(
        intent=first,
        score=float(scores[row]),
        margin=float(scores[row] - scores[other]),
        runner_up=second,
        exemplar=texts[row],
    )


_THEY = re.compile(r"\b(?:they|their)\b", re.IGNORECASE)
_GENDERED = ({"they": "she", "their": "her"}, {"they": "he", "their": "his"})


def _pronoun_forms(question: str) -> list[str]:
    """The question, and when it says "they"/"their" (the researcher, unnamed or as their name
    was read) the same with the "she"/"he" forms the phrasings are written in."""
    if not _THEY.search(question):
        return [question]
    return [question] + [
        _THEY.sub(lambda m, f=forms: f[m.group(0).casefold()], question) for forms in _GENDERED
    ]


_YEARS = re.compile(r"\b(?:19|20)\d{2}s?\b")
_ONE_YEAR = re.compile(r"\b(?:in )?(?:the )?(?:last|past|previous|this|current) year\b", re.I)
_YEARS_BACK = re.compile(
    r"\b(?:in |over |during )?the (?:last|past|previous) (?:\w+ )?years\b", re.I
)


def mask_slots(question: str, values: list[str]) -> str:
    """The question with its slot values replaced by the placeholders the exemplars use: years
    by YEAR ("last year": "in YEAR"), each of ``values`` (a co-author, a venue, a title) by NAME."""
    masked = _YEARS.sub("YEAR", question)
    masked = _YEARS_BACK.sub("since YEAR", _ONE_YEAR.sub("in YEAR", masked))  # "last year"
    for value in sorted((v for v in values if v.strip()), key=len, reverse=True):
        masked = re.sub(re.escape(value), "NAME", masked, flags=re.IGNORECASE)
    return masked
