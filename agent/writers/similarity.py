"""How alike two of a profile's papers are, for grouping them into themes.

Three signals, each read from the papers themselves:
- **meaning**: the cosine of their MiniLM embeddings, as the mean of two views (title and
  abstract together, and the title alone), so that a paper listed with an abstract and one
  listed by title only are compared on the same footing as well;
- **wording**: TF-IDF cosine over the words and word pairs two or more papers share (stems cut
  to six letters, hyphens joined: 'log-normal' is 'lognormal'), rare shared terms weighing
  most; terms in more than a quarter of the papers say nothing about a theme;
- **collaborators**: the share of co-authors the smaller list has in common (the person, and
  anyone on most papers, left out); people tend to write on one subject with the same colleagues.

The weights and the threshold ``themes`` clusters at were chosen on the themes eval's tune half
(two profiles), never on its report half (evals/README.md).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from agent.models import Profile
from agent.text import content_words

if TYPE_CHECKING:
    import numpy as np

WORDING_WEIGHT = 0.2
"""Share of the similarity that comes from shared wording; the rest is meaning."""
COLLABORATOR_WEIGHT = 0.2
"""Added for papers whose co-authors are all shared (a part of it for some shared)."""
_STEM = 6
_HYPHEN = re.compile(r"(\w)-(\w)")


def paper_similarity(
    profile: Profile, text_vectors: np.ndarray, title_vectors: np.ndarray
) -> np.ndarray:
    """The papers' pairwise similarity (rows in profile order, L2-normalised vectors given)."""
    meaning = (text_vectors @ text_vectors.T + title_vectors @ title_vectors.T) / 2
    return (
        (1 - WORDING_WEIGHT) * meaning
        + WORDING_WEIGHT * wording_similarity(profile)
        + COLLABORATOR_WEIGHT * collaborator_overlap(profile)
    )


def wording_similarity(profile: Profile) -> np.ndarray:
    """TF-IDF cosine of the papers' titles and abstracts over the terms 2 or more of them share."""
    import numpy as np

    terms = [_terms(f"{p.title} {p.abstract or ''}") for p in profile.papers]
    count = len(terms)
    frequency: dict[str, int] = {}
    for found in terms:
        for term in found:
            frequency[term] = frequency.get(term, 0) + 1
    common = max(2, count // 4)
    column = {t: k for k, t in enumerate(t for t, n in frequency.items() if 2 <= n <= common)}
    weights = np.zeros((count, len(column)))
    for row, found in enumerate(terms):
        for term in found & column.keys():
            weights[row, column[term]] = math.log(count / frequency[term])
    norms = np.linalg.norm(weights, axis=1, keepdims=True)
    weights /= np.where(norms == 0, 1.0, norms)
    return weights @ weights.T


def collaborator_overlap(profile: Profile) -> np.ndarray:
    """Shared co-authors over the shorter co-author list, per pair of papers (0 when either
    lists none). The person, and anyone on more than half of the papers, is left out: being on
    nearly everything says nothing about a subject."""
    import numpy as np

    from agent.people import coauthors_of, profile_people

    people = profile_people(profile)
    teams = [{people.key(a) for a in coauthors_of(profile, p.authors)} for p in profile.papers]
    teams = [team - {""} for team in teams]
    on: dict[str, int] = {}
    for team in teams:
        for key in team:
            on[key] = on.get(key, 0) + 1
    column = {k: n for n, k in enumerate(k for k, c in on.items() if 2 * c <= len(teams))}
    member = np.zeros((len(teams), len(column)))
    for row, team in enumerate(teams):
        member[row, [column[k] for k in team if k in column]] = 1.0
    sizes = member.sum(axis=1)
    smaller = np.minimum.outer(sizes, sizes)
    return np.divide(member @ member.T, smaller, out=np.zeros_like(smaller), where=smaller > 0)


def _terms(text: str) -> set[str]:
    stems = [w[:_STEM] for w in content_words(_HYPHEN.sub(r"\1\2", text.lower()))]
    return set(stems) | {f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)}
