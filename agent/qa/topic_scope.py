"""The topic an aggregate question is asked over ("who does she work with on X?", "how many
papers on X?"), from the words the profile's own papers use."""

from __future__ import annotations

import re

from agent.models import Profile
from agent.qa.meaning import framing_stems
from agent.text import content_words, lexicon, stem
from agent.text import words as word_tokens

CODE_FRAMING = lexicon(
    "software package packages release released releases tool tools library libraries "
    "implementation implementations implemented develop develops developed developing "
    "maintain maintains maintained created built"
)
"""Words that, asked with code, name the code itself ("software packages he released")."""
_TOPIC_AFTER = re.compile(r"\b(?:on|about|regarding|concerning|related to)\s+(.+)")
_TOPIC_SCOPED = frozenset(
    {
        "coauthors",
        "venues",
        "papers_per_year",
        "papers_per_category",
        "papers_per_kind",
        "earliest_paper",  # "when did he start publishing on PI3K?"
        "latest_paper",
    }
)
_RANKED_OVER = frozenset({"most_cited", "least_cited", "citation_summary"})
"""Tools a topic narrows however it is named: "her most cited paper on X", "most cited X paper"."""
COUNTS_PAPERS = re.compile(
    r"\b(?:how many|number of)\s+(?:\w+\s+){0,3}?(?:papers?|publications?|works?|articles?)\b"
    r"|\bhow many of (?:them|those|these)\b"  # "how many of them are about quantization?"
)


def named_topic(text: str) -> set[str]:
    """The words after "on", "about", ... ("anything on reproducibility")."""
    after = _TOPIC_AFTER.search(text)
    return set(word_tokens(after.group(1))) if after else set()


_STUDIED = re.compile(
    r"\b(?:stud(?:y|ies|ied|ying)|research(?:ed|es|ing)?|investigat(?:e|es|ed|ing)|"
    r"explor(?:e|es|ed|ing)|work(?:s|ed|ing)?\s+(?:on|in)|(?:experience|expertise)\s+(?:in|with)|"
    r"publish(?:ed|es|ing)?\s+(?:on|about)|interested\s+in|look(?:s|ed)?\s+(?:at|into))"
    r"\s+(?:the\s+|any\s+|an?\s+)?([\w-]+)"
)


def studied_topic(text: str) -> set[str]:
    """The word a question names as what was studied ("has he studied financial markets?",
    "any experience in clinical trials?"), not its framing ("a common thread in her work")."""
    return set(_STUDIED.findall(text))


def topic_scope(intent: str, residual: list[str], text: str, stems: frozenset[str]) -> list[str]:
    """The topic an aggregate is asked over, named after "on" or "about" ("who does she work
    with on moral self-correction")."""
    if intent in _RANKED_OVER:
        return [w for w in residual if stem(w) in stems]
    if intent == "count_papers" and COUNTS_PAPERS.search(text):  # every word left is X
        return residual if all_in(residual, stems) else []
    if intent not in _TOPIC_SCOPED:
        return []
    named = named_topic(text) | _before_papers(text, stems)
    return [w for w in residual if w in named]


def _before_papers(text: str, stems: frozenset[str]) -> set[str]:
    """Words of the profile's papers between a determiner and "papers" ("who wrote the
    PAC-Bayes papers with her?"; not "break her papers down")."""
    found = re.findall(
        r"\b(?:the|her|his|their|those|these)\s+((?:[\w-]+\s+)?[\w-]+)\s+"
        r"(?:papers|publications|articles)\b",
        text,
    )
    return {w for phrase in found for w in phrase.split() if stem(w) in stems}


def all_in(words: list[str], stems: frozenset[str]) -> bool:
    """Some words, each of them a word of the profile's papers."""
    return bool(words) and all(stem(w) in stems for w in words)


def framing(word: str) -> bool:
    """A word the intent phrasings use ('put', 'open-source'), not a topic."""
    stems = framing_stems()
    return stem(word) in stems or all(stem(part) in stems for part in word.split("-"))


def profile_stems(profile: Profile) -> frozenset[str]:
    """Stems of the words of the profile's titles and abstracts (computed once a profile)."""
    return profile.derived("stems", _stems)


def _stems(profile: Profile) -> frozenset[str]:
    text = " ".join(f"{p.title} {p.abstract}" for p in profile.papers)
    return frozenset(stem(w) for w in content_words(text))
