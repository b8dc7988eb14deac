"""Questions about one aspect of a paper picked by rank: "the DOI of his most cited paper",
"where was her latest paper published?", "who wrote his first paper?".

The ranking picks the paper (ties at the top all kept), and the aspect's tool answers for it
alone, as it does for a paper named by its title.
"""

from __future__ import annotations

import re

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
_ASPECTS = (
    ("identifiers", re.compile(r"\b(?:dois?|identifiers?|arxiv (?:id|number)|links?|urls?)\b")),
    ("citation_summary", re.compile(r"\bhow (?:many|often)\b.*\b(?:citations?|cited)\b")),
    (
        "coauthors",
        re.compile(r"\bwho\b.*\b(?:wr[io]te|authored|co-?wrote)\b|\b(?:co-?)?authors?\b"),
    ),
    ("date", re.compile(r"^when\b|\b(?:what|which) year\b|\bhow old\b")),
    ("venues", re.compile(r"\b(?:journal|venue|conference|outlet)\b|^where\b|\bappeared? in\b")),
)
"""What is asked of the ranked paper, by the tool that answers it for one paper ("date": the
ranking's own sentence dates the paper)."""


def ranked_aspect(text: str) -> tuple[str, str] | None:
    """(ranking tool, aspect tool) when the normalised question asks an aspect of one paper
    picked by rank; None otherwise."""
    ranked = _RANKED_ONE.search(text)
    if ranked is None:
        return None
    aspect = next((tool for tool, cue in _ASPECTS if cue.search(text)), None)
    if aspect is None:
        return None
    rank = next(name for name, value in ranked.groupdict().items() if value)
    return _BY_RANK[rank], aspect
