"""Research themes: papers clustered by their embeddings and named in their own words.

Papers are grouped by average-linkage clustering on their similarity (meaning, shared wording and
shared co-authors: ``similarity``); a theme's name is the
key phrase that occurs in most of its papers (``theme_names``). Papers that sit
far from every theme and share no listed co-author with the rest of the profile are flagged as
possibly a namesake's (``flag_namesakes``); writers leave them out unless asked.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from agent.facts import paper_text
from agent.models import Paper, Profile
from agent.sources.merge import one_work
from agent.writers.similarity import paper_similarity
from agent.writers.theme_names import abbreviates, name_clusters, phrase_key

if TYPE_CHECKING:
    import numpy as np

    from agent.protocols import Embedder

MERGE_SIMILARITY = 0.42
"""Clusters merge while their papers' mean pairwise similarity (``similarity``) is at least this."""
FAR_SIMILARITY = 0.49
"""A paper whose best similarity to any other theme's centroid is below this sits apart."""
RECENT_YEARS = 3
"""Trend window: papers from the profile's latest year and the two before it count as recent."""

Trend = Literal["growing", "steady", "fading", "single"]


class Trajectory(BaseModel):
    """When a theme's papers appeared, and whether it is growing or fading."""

    first_year: int | None = None
    last_year: int | None = None
    per_year: dict[int, int] = Field(default_factory=dict)
    trend: Trend = "single"


class Theme(BaseModel):
    """A group of papers on one subject; ``name`` occurs in its papers' own text."""

    id: str
    name: str
    phrases: list[str] = Field(default_factory=list)
    paper_ids: list[str] = Field(default_factory=list, description="Most central first.")
    years: list[int] = Field(default_factory=list)
    trajectory: Trajectory = Field(default_factory=Trajectory)
    cohesion: float = Field(default=1.0, description="Mean cosine of its papers to the centroid.")


class NamesakeFlag(BaseModel):
    """A paper that may belong to another researcher with the same name."""

    paper_id: str
    title: str
    year: int | None = None
    nearest_theme: str | None = None
    similarity: float
    coauthors: list[str] = Field(default_factory=list)
    reason: str


class ThemeMap(BaseModel):
    """Themes of the papers a writer uses, plus the papers flagged as a possible namesake's."""

    themes: list[Theme]
    flagged: list[NamesakeFlag] = Field(default_factory=list)
    included_flagged: bool = False

    def flagged_ids(self) -> set[str]:
        return {f.paper_id for f in self.flagged}


def is_theme(theme: Theme, profile: Profile) -> bool:
    """Two or more works: one paper, or one work listed several times under the same title
    (an editorial reprinted in several journals), is other work, not a line of research."""
    first, *rest = [profile.paper(pid) for pid in theme.paper_ids]
    return any(not one_work(first, paper) for paper in rest)


def embed_papers(profile: Profile, embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """Two L2-normalised rows per paper, in profile order, from one encode call: title and
    abstract together (what themes are named and centred on), and the title alone."""
    count = len(profile.papers)
    rows = embedder.encode(
        [paper_text(p) for p in profile.papers] + [p.title for p in profile.papers]
    )
    return rows[:count], rows[count:]


def build_themes(profile: Profile, embedder: Embedder) -> list[Theme]:
    """All of the profile's papers grouped into named themes, largest first."""
    vectors, titles = embed_papers(profile, embedder)
    similarity = paper_similarity(profile, vectors, titles)
    return _themes_from(profile, list(range(len(profile.papers))), vectors, similarity)


def map_themes(profile: Profile, embedder: Embedder, include_flagged: bool = False) -> ThemeMap:
    """Themes for writing: namesake candidates found first, then left out unless included."""
    vectors, titles = embed_papers(profile, embedder)
    similarity = paper_similarity(profile, vectors, titles)
    everything = list(range(len(profile.papers)))
    flags = flag_namesakes(profile, vectors, _themes_from(profile, everything, vectors, similarity))
    flagged = {f.paper_id for f in flags}
    kept = (
        everything
        if include_flagged
        else [i for i, p in enumerate(profile.papers) if p.id not in flagged]
    )
    return ThemeMap(
        themes=_themes_from(profile, kept, vectors, similarity),
        flagged=flags,
        included_flagged=include_flagged,
    )


def _themes_from(
    profile: Profile, rows: list[int], vectors: np.ndarray, similarity: np.ndarray
) -> list[Theme]:
    import numpy as np

    papers = [profile.papers[i] for i in rows]
    clusters = average_linkage(similarity[np.ix_(rows, rows)], MERGE_SIMILARITY)
    clusters = [_by_centrality(c, vectors[rows]) for c in clusters]
    clusters.sort(key=lambda c: (-len(c), _first_year(papers, c)))
    pairs = [[(papers[i].title, papers[i].abstract) for i in c] for c in clusters]
    names = name_clusters(pairs, owner=profile.name)
    named = _merge_abbreviated(clusters, names)  # "LLMs" beside "Large Language Models": one
    named = [(_by_centrality(c, vectors[rows]), phrases) for c, phrases in named]
    named.sort(key=lambda pair: (-len(pair[0]), _first_year(papers, pair[0])))
    clusters, names = [c for c, _ in named], [phrases for _, phrases in named]
    latest = max((p.year for p in profile.papers if p.year), default=None)
    return [
        _theme(f"t{n + 1}", [papers[i] for i in c], phrases, vectors[rows][c], latest)
        for n, (c, phrases) in enumerate(zip(clusters, names, strict=True))
    ]


def _merge_abbreviated(
    clusters: list[list[int]], names: list[list[str]]
) -> list[tuple[list[int], list[str]]]:
    """(cluster, names) pairs, clusters whose names are one phrase and its abbreviation ("LLMs",
    "Large Language Models") joined under the spelled-out name, and clusters named by the same
    phrase ("Luttinger liquid theory" twice) joined under the larger one."""
    merged = [list(c) for c in clusters]
    gone: set[int] = set()
    for short, short_names in enumerate(names):
        for full, full_names in enumerate(names):
            if short in gone or full in gone or short == full or not (short_names and full_names):
                continue
            same = full < short and phrase_key(short_names[0]) == phrase_key(full_names[0])
            if same or abbreviates(short_names[0], full_names[0]):
                merged[full] += merged[short]
                gone.add(short)
    return [(c, names[n]) for n, c in enumerate(merged) if n not in gone]


def _theme(
    theme_id: str, papers: list[Paper], phrases: list[str], vectors: np.ndarray, latest: int | None
) -> Theme:
    years = sorted(p.year for p in papers if p.year is not None)
    name = phrases[0] if phrases else papers[0].title
    return Theme(
        id=theme_id,
        name=name,
        phrases=phrases,
        paper_ids=[p.id for p in papers],
        years=years,
        trajectory=trajectory(years, latest),
        cohesion=round(float(_centroid_similarities(vectors).mean()), 3),
    )


def _first_year(papers: list[Paper], cluster: list[int]) -> int:
    return min((papers[i].year or 9999 for i in cluster), default=9999)


def average_linkage(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Clusters merged while their mean pairwise cosine is at least ``threshold`` (scipy's
    average linkage on cosine distance), each sorted, in order of their first member."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(similarity) < 2:
        return [[i] for i in range(len(similarity))]
    distance = np.clip(1.0 - similarity.astype(np.float64), 0.0, None)
    distance = (distance + distance.T) / 2
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold + 1e-12, criterion="distance")
    clusters: dict[int, list[int]] = {}
    for row, label in enumerate(labels):
        clusters.setdefault(int(label), []).append(row)
    return sorted(clusters.values())


def _centroid_similarities(vectors: np.ndarray) -> np.ndarray:
    import numpy as np

    centroid = vectors.mean(axis=0)
    centroid = centroid / (np.linalg.norm(centroid) or 1.0)
    return vectors @ centroid


def _by_centrality(cluster: list[int], vectors: np.ndarray) -> list[int]:
    scores = _centroid_similarities(vectors[cluster])
    return [cluster[i] for i in sorted(range(len(cluster)), key=lambda i: -scores[i])]


def trajectory(years: list[int], latest: int | None) -> Trajectory:
    """Earliest/latest year, papers per year, and the trend against the profile's latest year."""
    per_year = dict(sorted(Counter(years).items()))
    if not years:
        return Trajectory()
    first, last = min(years), max(years)
    recent = sum(1 for y in years if latest is not None and y > latest - RECENT_YEARS)
    if len(years) == 1:
        trend: Trend = "single"
    elif latest is not None and last <= latest - RECENT_YEARS:
        trend = "fading"
    else:
        trend = "growing" if recent > len(years) - recent else "steady"
    return Trajectory(first_year=first, last_year=last, per_year=per_year, trend=trend)


def flag_namesakes(
    profile: Profile, vectors: np.ndarray, themes: list[Theme]
) -> list[NamesakeFlag]:
    """Papers far from every other theme whose listed co-authors appear on none of the papers
    near the themes (a namesake's papers may share co-authors among themselves). When most
    papers are far, the profile is spread out rather than mixed, and nothing is flagged. A paper
    that a source speaking for the person lists (their ORCID record, their .bib or CV) is
    theirs: only what aggregators alone list can be flagged, and the reason names them."""
    from agent.people import coauthors_of, profile_people

    own = {record.key for record in profile.sources if record.vouches}

    index = {p.id: i for i, p in enumerate(profile.papers)}
    apart = {p.id: _nearest_theme(index[p.id], themes, index, vectors) for p in profile.papers}
    far = {pid for pid, (_, sim) in apart.items() if sim < FAR_SIMILARITY}
    if 2 * len(far) >= len(profile.papers):
        return []  # most papers are far from the rest: a spread-out profile, not a namesake
    people = profile_people(profile)
    core_names = {people.key(a) for p in profile.papers if p.id not in far for a in p.authors}
    flags = []
    for paper in profile.papers:
        coauthors = coauthors_of(profile, paper.authors)
        if own & set(paper.sources):
            continue
        if paper.id in far and coauthors and not {people.key(a) for a in coauthors} & core_names:
            theme, sim = apart[paper.id]
            flags.append(
                NamesakeFlag(
                    paper_id=paper.id,
                    title=paper.title,
                    year=paper.year,
                    nearest_theme=theme,
                    similarity=round(sim, 3),
                    coauthors=coauthors,
                    reason=_reason(sim, theme) + _listed_by(paper, own),
                )
            )
    return flags


def _nearest_theme(
    row: int, themes: list[Theme], index: dict[str, int], vectors: np.ndarray
) -> tuple[str | None, float]:
    """The closest theme other than the paper itself, by cosine to its centroid (paper left out)."""
    import numpy as np

    best: tuple[str | None, float] = (None, -1.0)
    for theme in themes:
        rows = [index[pid] for pid in theme.paper_ids if index[pid] != row]
        if not rows:
            continue
        centroid = vectors[rows].mean(axis=0)
        sim = float(vectors[row] @ (centroid / (np.linalg.norm(centroid) or 1.0)))
        if sim > best[1]:
            best = (theme.name, sim)
    return best


def _listed_by(paper: Paper, own: set[str]) -> str:
    if not own:
        return ""
    return (
        f"; listed only by {', '.join(paper.sources)}, not by the person's own "
        f"{', '.join(sorted(own))}"
    )


def _reason(similarity: float, theme: str | None) -> str:
    nearest = f'"{theme}"' if theme else "any theme"
    return (
        f"similarity {similarity:.3f} to the nearest theme ({nearest}) is below "
        f"{FAR_SIMILARITY:.2f}, and none of its listed co-authors appear on another paper"
    )
