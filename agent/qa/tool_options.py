"""What a question asks of the tool its intent picked, beyond the filter: how many papers a
ranking lists, papers lacking code, a share, counts by decade, which metrics."""

from __future__ import annotations

import re
from typing import Any

_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
_NUMBER_WORDS |= {"eight": 8, "nine": 9, "twenty": 20}
_TOP_N = re.compile(
    r"\b(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\s+(?:most recent|latest|newest|last|oldest"
    r"|earliest|first)\b|\b(?:most recent|latest|newest|last|oldest|earliest|first)\s+"
    r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\b(?!\s+(?:years?|decades?))"
)
"""How many papers a ranking by date lists: "her three latest papers", "the first 5"."""
_COUNT = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_TOP_RANKED = re.compile(rf"\btop\s+{_COUNT}\b|\b{_COUNT}\s+(?:most|least|best|highest|lowest)\b")
"""How many papers a ranking by citations or authors lists: "top 5", "the ten most cited"."""
_PLURAL_RANKED = re.compile(
    r"\b(?:most recent|latest|newest|oldest|earliest|first)\s+(?:papers|publications|works"
    r"|articles)\b"
)
_SPAN = re.compile(r"\bhow long\b|\bhow many years\b|\bspan\w*")
_OVER_TIME = re.compile(r"\b(?:chang\w*|evolv\w*|shift\w*|over (?:time|the years))\b")
LACKING = re.compile(r"\b(?:no|not|without|lack\w*|missing)\b|n['’]t\b")
COUNT_CUE = re.compile(
    r"\b(?:how many|number|count|total|tally|how much|how often|proportion|share|percent\w*"
    r"|fraction)\b"
)
"""A question asking how many, not which."""
SHARE = re.compile(
    r"\b(?:proportion|(?<!they )(?<!we )(?<!you )share|percent\w*|fraction|what part)\b"
)
"""A share of the papers, not what people share ("how many papers do they share?")."""
_DECADE = re.compile(r"\b(?:(?:per|each|every|by|which|what) decade|decades)\b")
_JOURNALS = re.compile(r"\bjournals?\b")
_CONFERENCES = re.compile(r"\b(?:conferences?|proceedings|venues?)\b")
EXTREMES = frozenset({"earliest_paper", "latest_paper"})  # rankings by date
_BY_COUNTS = frozenset({"most_cited", "least_cited", "most_authors"})  # rankings by a count
_METRIC_PATTERNS = {
    "h-index": r"\bh[- ]?index\b",
    "citations": r"\bcitations?\b|\bcited\b",
    "Novelty": r"\bnovelty\b",
    "AI Score": r"\bai score\b",
}


def metric_names_in(text: str) -> list[str] | None:
    """The header metrics ``text`` (normalised) names, None for none."""
    names = [name for name, pattern in _METRIC_PATTERNS.items() if re.search(pattern, text)]
    return names or None


def tool_options(intent: str, text: str) -> dict[str, Any]:
    """The keyword options of ``intent``'s tool that ``text`` (the normalised question) asks for."""
    if intent == "metrics":
        return {"names": metric_names_in(text)}
    if intent == "earliest_paper" and _SPAN.search(text):
        return {"span": True}  # "how long has she been publishing?": first to last
    if intent in EXTREMES and (many := _TOP_N.search(text)):  # "his three latest papers"
        count = many.group(1) or many.group(2)
        return {"top": _NUMBER_WORDS.get(count) or int(count)}
    if intent == "most_authors" and re.search(
        r"\b(?:fewest|least|smallest|shortest|lowest)\b", text
    ):
        return {"fewest": True}  # "which paper has the fewest authors?"
    if intent in _BY_COUNTS and (many := _TOP_RANKED.search(text)):  # "top 5 most cited?"
        count = many.group(1) or many.group(2)
        return {"top": _NUMBER_WORDS.get(count) or int(count)}
    if intent in EXTREMES and _PLURAL_RANKED.search(text):  # "her latest papers": three
        return {"top": 3}
    if intent == "papers_with_code" and LACKING.search(text):
        return {"missing": True}  # "which papers don't come with code?"
    if intent == "coauthors" and re.search(r"\bhow many\b|\bnumber of\b", text):
        return {"count": True}  # "how many distinct co-authors does she have?"
    if intent == "count_papers" and SHARE.search(text):
        return {"share": True}  # "what proportion of her papers are in CV?"
    if intent == "identifiers":  # "which papers have no DOI?", "... on arXiv?"
        return {
            "kind": "arxiv" if "arxiv" in text and "doi" not in text else "doi",
            "missing": LACKING.search(text) is not None,
        }
    if intent == "research_areas" and _OVER_TIME.search(text):
        return {"over_time": True}  # "how has her research changed?": themes by first year
    if intent == "venues":  # "how many different journals has he published in?"
        journals = _JOURNALS.search(text) is not None and not _CONFERENCES.search(text)
        counted = re.search(r"\bhow many\b|\bnumber of\b", text) is not None
        return {"journals": journals} | ({"count": True} if counted else {})
    if intent == "papers_per_year" and _DECADE.search(text):
        return {"by_decade": True}  # "in which decade did he publish the most?"
    return {}
