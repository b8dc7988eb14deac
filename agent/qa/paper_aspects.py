"""What a question asks of one paper, and which paper: named by its title ("who wrote
missSBM?"), or picked by rank ("the DOI of his most cited paper", "where was her latest paper
published?", "who wrote his first paper?").

A ranking picks its paper (ties at the top all kept), and the aspect's tool answers for that
paper alone, as it does for a paper named by its title.
"""

from __future__ import annotations

import re

_CUES = (
    ("identifiers", re.compile(r"\b(?:dois?|identifiers?|arxiv (?:ids?|numbers?)|links?|urls?)\b")),
    ("citation_summary", re.compile(r"\bhow (?:many|often)\b.*\b(?:citations?|cited)\b")),
    (
        "coauthors",
        re.compile(r"\bwho\b.*\b(?:wr[io]te|authored|co-?wrote)\b|\b(?:co-?)?authors?\b"),
    ),
    (
        "venues",
        re.compile(
            r"\b(?:journal|venue|conference|outlet)\b|\bappeared? in\b"
            r"|^where\b.*\b(?:appear|publish)"
        ),
    ),
    (
        "list_papers",  # its line in a listing: date and category
        re.compile(r"^when\b|\b(?:what|which) year\b|\bdated?\b|\bhow old\b|\bcategor(?:y|ies)\b"),
    ),
)
"""What is asked of a paper, by the tool that answers it for that paper, first match first."""
_RANKED_ONE = re.compile(
    r"\b(?:(?P<most>most[- ](?:cited|influential|popular|impactful|referenced)|best[- ]known"
    r"|highest[- ]cited|top[- ]cited)|(?P<least>least[- ]cited|lowest[- ]cited)"
    r"|(?P<latest>latest|newest|most recent|last|recent(?=est))|(?P<earliest>first|earliest"
    r"|oldest))\s+(?:\w+\s+)?(?:paper|work|article|publication|preprint)\b(?!s)"
)
"""One paper by its rank: "her most cited paper", "his first journal article"."""
_BY_RANK = {
    "most": "most_cited",
    "least": "least_cited",
    "latest": "latest_paper",
    "earliest": "earliest_paper",
}
_OF_NAMED = frozenset({"coauthors", "identifiers", "venues", "list_papers"})
"""Aspects a question about a named paper is answered with (its citations go by the metrics'
route, which knows the citation words)."""


def aspect_asked(text: str) -> str | None:
    """The tool that answers what the normalised question asks of a paper it names."""
    return next((tool for tool, cue in _CUES if tool in _OF_NAMED and cue.search(text)), None)


def ranked_aspect(text: str) -> tuple[str, str | None] | None:
    """(ranking tool, aspect tool) when the normalised question asks an aspect of one paper
    picked by rank; the aspect is None for its date (the ranking's own sentence gives it)."""
    ranked = _RANKED_ONE.search(text)
    aspect = next((tool for tool, cue in _CUES if cue.search(text)), None) if ranked else None
    if ranked is None or aspect is None:
        return None
    rank = next(name for name, value in ranked.groupdict().items() if value)
    return _BY_RANK[rank], None if aspect == "list_papers" else aspect
