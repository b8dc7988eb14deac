"""House style for drafts: the one list of banned evaluative words, and pronoun rules."""

from __future__ import annotations

import re

BANNED_WORDS = frozenset(
    [
        "renowned",
        "pioneer",
        "pioneers",
        "pioneering",
        "pioneered",
        "leading",
        "world-class",
        "groundbreaking",
        "ground-breaking",
        "outstanding",
        "eminent",
        "distinguished",
        "prominent",
        "preeminent",
        "pre-eminent",
        "celebrated",
        "acclaimed",
        "influential",
        "seminal",
        "visionary",
        "brilliant",
        "exceptional",
        "exceptionally",
        "extraordinary",
        "remarkable",
        "remarkably",
        "revolutionary",
        "trailblazing",
        "trailblazer",
        "landmark",
        "prestigious",
        "prolific",
        "foremost",
        "premier",
        "unparalleled",
        "unprecedented",
        "impressive",
        "famous",
        "well-known",
        "luminary",
        "stellar",
        "top-tier",
        "best-known",
        "esteemed",
        "illustrious",
        "notable",
        "notably",
        "amazing",
        "tremendous",
        "tremendously",
        "dramatic",
        "dramatically",
        "superior",
        "formidable",
        "innovative",
        "cutting-edge",
        "state-of-the-art",
        "meticulous",
        "meticulously",
    ]
)
"""Evaluative words a draft never uses about anyone: the sources cannot support them."""

GENDERED_PRONOUNS = frozenset(["he", "she", "him", "her", "his", "hers", "himself", "herself"])
"""Pronouns that state a gender; used only when the user passes --pronouns."""

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


def banned_words_in(text: str) -> list[str]:
    """The banned evaluative words ``text`` uses (case-insensitive, whole words)."""
    return [w for w in _WORD.findall(text) if w.casefold() in BANNED_WORDS]


def gendered_pronouns_in(text: str) -> list[str]:
    """The gendered pronouns ``text`` uses."""
    return [w for w in _WORD.findall(text) if w.casefold() in GENDERED_PRONOUNS]


def style_problem(text: str, allowed_pronouns: frozenset[str] = frozenset()) -> str:
    """Why ``text`` breaks the house style ('' when it does not)."""
    banned = banned_words_in(text)
    if banned:
        return f"evaluative word(s) the sources cannot support: {', '.join(banned)}"
    pronouns = [p for p in gendered_pronouns_in(text) if p.casefold() not in allowed_pronouns]
    if pronouns:
        return f"pronoun(s) not given by the user: {', '.join(pronouns)}"
    return ""
