"""An abstract's sentence in its authors' voice, reported about them: "We term our approach
mQO" -> "The authors term their approach mQO". Only the first-person plural words change (to
the plural "the authors", so no verb changes form); every other word is the abstract's.
"""

from __future__ import annotations

import re

_OPENING_OUR = re.compile(r"^Our\b")
_OPENING_WE = re.compile(r"^(?:Here,?\s+)?We\b")
_REPLACEMENTS = (
    (re.compile(r"\bwe\b", re.IGNORECASE), "the authors"),
    (re.compile(r"\bours\b", re.IGNORECASE), "theirs"),
    (re.compile(r"\bourselves\b", re.IGNORECASE), "themselves"),
    (re.compile(r"\bour\b", re.IGNORECASE), "their"),
    (re.compile(r"\bus\b"), "them"),  # lower case only: "US" is a country
)


def reported(sentence: str) -> str:
    """The sentence with "we/our/us" said as "the authors/their/them"; a sentence opening with
    "Our ..." opens with "The authors' ..." (a bare "Their" would not say whose)."""
    text = _OPENING_WE.sub("The authors", sentence)
    text = _OPENING_OUR.sub("The authors'", text)
    for pattern, replacement in _REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return text
