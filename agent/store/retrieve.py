"""Hybrid search over one profile: dense (Chroma) and lexical (BM25) scores, fused, with filters.

``Retriever`` keeps the embedder, the Chroma client and each profile's lexical index, so a chat
session or an eval run pays for them once. ``search_papers`` / ``search_sentences`` are one-shot
wrappers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from agent.embed.cache import CachedEmbedder
from agent.embed.model import get_embedder
from agent.errors import InputError
from agent.models import Paper, Profile
from agent.settings import Settings
from agent.store.lexical import BM25, lexical_tokens, paper_tokens
from agent.store.records import get_summary, load_profile_record
from agent.store.vectors import VectorStore, paper_sentences, sentence_id

if TYPE_CHECKING:
    import numpy as np

DENSE_WEIGHT = 0.6  # fused = DENSE_WEIGHT * cosine + (1 - DENSE_WEIGHT) * BM25 / max BM25
MIN_CANDIDATES = 50


class SearchFilters(BaseModel):
    """Paper filters; every set field must hold (a paper without a year fails year bounds)."""

    year_from: int | None = None
    year_to: int | None = None
    category: str | None = None
    has_code: bool | None = None

    def matches(self, paper: Paper) -> bool:
        if (self.year_from or self.year_to) and paper.year is None:
            return False
        return not (
            (self.year_from is not None and paper.year < self.year_from)
            or (self.year_to is not None and paper.year > self.year_to)
            or (
                self.category is not None
                and (paper.category or "").casefold() != self.category.casefold()
            )
            or (self.has_code is not None and paper.has_code != self.has_code)
        )


class PaperHit(BaseModel):
    """A paper matching a query; ``best_sentence`` is its sentence closest to the query."""

    paper_id: str
    title: str
    year: int | None
    category: str | None
    has_code: bool
    score: float
    dense_score: float
    lexical_score: float
    best_sentence: str
    best_sentence_index: int


class SentenceHit(BaseModel):
    """A citable sentence: ``paper_sentences(paper)[sentence_index] == text``."""

    paper_id: str
    sentence_index: int
    text: str
    score: float
    dense_score: float
    lexical_score: float


@dataclass
class _Unit:
    """One searchable unit (a paper or a sentence) of the lexical index."""

    id: str
    paper: Paper
    index: int
    text: str


@dataclass
class _Scored:
    """One query scored against one kind of unit of a profile."""

    index: ProfileIndex
    qvec: np.ndarray
    qtokens: list[str]
    units: list[_Unit]
    dense: dict[str, float]
    lexical: dict[str, float]


class ProfileIndex:
    """The lexical side of a stored profile: BM25 over papers and over sentences."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.papers = [_Unit(p.id, p, -1, p.title) for p in profile.papers]
        self.paper_bm25 = BM25([paper_tokens(p.title, p.abstract) for p in profile.papers])
        self.sentences = [
            _Unit(sentence_id(p.id, i), p, i, text)
            for p in profile.papers
            for i, text in enumerate(paper_sentences(p))
        ]
        self.sentence_bm25 = BM25([lexical_tokens(u.text) for u in self.sentences])
        self.sentences_of: dict[str, list[_Unit]] = {}
        for unit in self.sentences:
            self.sentences_of.setdefault(unit.paper.id, []).append(unit)


def fuse(dense: float, lexical: float) -> float:
    """Normalised score fusion (chosen over RRF on the sample query set, see bench/)."""
    return DENSE_WEIGHT * dense + (1 - DENSE_WEIGHT) * lexical


class Retriever:
    """Hybrid search over stored profiles, reusing the embedder, client and lexical indexes."""

    def __init__(
        self,
        settings: Settings,
        embedder: CachedEmbedder | None = None,
        vectors: VectorStore | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder or get_embedder(settings)
        self.vectors = vectors or VectorStore(settings, self.embedder.name)
        self._indexes: dict[str, tuple[Any, ProfileIndex]] = {}

    def index(self, slug: str) -> ProfileIndex:
        """The lexical index of ``slug``, rebuilt when the profile was re-ingested."""
        summary = get_summary(self.settings, slug)
        cached = self._indexes.get(slug)
        if summary is not None and cached and cached[0] == summary.ingested_at:
            return cached[1]
        index = ProfileIndex(load_profile_record(self.settings, slug))
        self.vectors.forget(slug)
        self._indexes[slug] = (summary.ingested_at if summary else None, index)
        return index

    def search_papers(
        self, slug: str, query: str, k: int = 5, filters: SearchFilters | None = None
    ) -> list[PaperHit]:
        """The ``k`` papers of ``slug`` that best match ``query`` under ``filters``."""
        s = self._scored(slug, query, "papers", filters or SearchFilters())
        ranked = _rank(s.units, s.dense, s.lexical, k)
        best = self._best_sentences(slug, s.index, [u for u, _ in ranked], s.qvec, s.qtokens)
        return [
            _paper_hit(u, score, s.dense[u.id], s.lexical.get(u.id, 0.0), best[u.id])
            for u, score in ranked
        ]

    def search_sentences(
        self, slug: str, query: str, k: int = 8, filters: SearchFilters | None = None
    ) -> list[SentenceHit]:
        """The ``k`` sentences of ``slug``'s papers that best match ``query`` (citable units)."""
        s = self._scored(slug, query, "sentences", filters or SearchFilters())
        return [
            SentenceHit(
                paper_id=u.paper.id,
                sentence_index=u.index,
                text=u.text,
                score=round(score, 6),
                dense_score=round(s.dense[u.id], 6),
                lexical_score=round(s.lexical.get(u.id, 0.0), 6),
            )
            for u, score in _rank(s.units, s.dense, s.lexical, k)
        ]

    def _scored(self, slug: str, query: str, kind: str, filters: SearchFilters) -> _Scored:
        """Dense and lexical scores of the ``kind`` units of ``slug`` that pass ``filters``."""
        if not query.strip():
            raise InputError("query", "empty search query", "give some words to search for")
        index = self.index(slug)
        qvec, qtokens = self.embedder.encode([query])[0], lexical_tokens(query)
        every, bm25 = (
            (index.papers, index.paper_bm25)
            if kind == "papers"
            else (index.sentences, index.sentence_bm25)
        )
        units = [u for u in every if filters.matches(u.paper)]
        lexical = _normalised(bm25.scores(qtokens), every)
        dense = self._dense(slug, kind, qvec, units, lexical, len(every))
        return _Scored(index, qvec, qtokens, units, dense, lexical)

    def _dense(
        self,
        slug: str,
        kind: str,
        qvec: np.ndarray,
        units: list[_Unit],
        lexical: dict[str, float],
        total: int,
    ) -> dict[str, float]:
        """Cosine scores of every candidate: Chroma's nearest plus the lexical top, exactly."""
        if not units:
            return {}
        wanted = min(max(MIN_CANDIDATES, total // 10), len(units))
        allowed = {u.id for u in units}
        only = sorted(allowed) if len(units) < total else None  # the filter, as an id allow-list
        dense = self.vectors.nearest(slug, kind, qvec, wanted, ids=only)
        lexical_top = sorted((i for i in lexical if i in allowed), key=lexical.get, reverse=True)
        extra = [i for i in lexical_top[:wanted] if i not in dense]
        dense.update(self.vectors.similarities(slug, kind, extra, qvec))
        return dense

    def _best_sentences(
        self,
        slug: str,
        index: ProfileIndex,
        units: list[_Unit],
        qvec: np.ndarray,
        qtokens: list[str],
    ) -> dict[str, _Unit]:
        """Each paper's best sentence: fused sentence score, the title only when nothing else."""
        candidates = [
            s
            for u in units
            for s in index.sentences_of[u.id]
            if s.index > 0 or len(index.sentences_of[u.id]) == 1
        ]
        dense = self.vectors.similarities(slug, "sentences", [s.id for s in candidates], qvec)
        lexical = _normalised(index.sentence_bm25.scores(qtokens), index.sentences)
        best: dict[str, tuple[float, _Unit]] = {}
        for s in candidates:
            score = fuse(dense.get(s.id, 0.0), lexical.get(s.id, 0.0))
            if s.paper.id not in best or score > best[s.paper.id][0]:
                best[s.paper.id] = (score, s)
        return {pid: unit for pid, (_, unit) in best.items()}


def _normalised(scores: list[float], units: list[_Unit]) -> dict[str, float]:
    """BM25 scores divided by the best one; zero scores are left out."""
    top = max(scores, default=0.0)
    if top <= 0:
        return {}
    return {u.id: s / top for u, s in zip(units, scores, strict=True) if s > 0}


def _rank(
    units: list[_Unit], dense: dict[str, float], lexical: dict[str, float], k: int
) -> list[tuple[_Unit, float]]:
    scored = [(u, fuse(dense[u.id], lexical.get(u.id, 0.0))) for u in units if u.id in dense]
    scored.sort(key=lambda pair: pair[1], reverse=True)
    return scored[: max(k, 0)]


def _paper_hit(unit: _Unit, score: float, dense: float, lexical: float, best: _Unit) -> PaperHit:
    paper = unit.paper
    return PaperHit(
        paper_id=paper.id,
        title=paper.title,
        year=paper.year,
        category=paper.category,
        has_code=paper.has_code,
        score=round(score, 6),
        dense_score=round(dense, 6),
        lexical_score=round(lexical, 6),
        best_sentence=best.text,
        best_sentence_index=best.index,
    )


def search_papers(
    settings: Settings, slug: str, query: str, k: int = 5, filters: SearchFilters | None = None
) -> list[PaperHit]:
    """One-shot ``Retriever(settings).search_papers``."""
    return Retriever(settings).search_papers(slug, query, k, filters)


def search_sentences(
    settings: Settings, slug: str, query: str, k: int = 8, filters: SearchFilters | None = None
) -> list[SentenceHit]:
    """One-shot ``Retriever(settings).search_sentences``."""
    return Retriever(settings).search_sentences(slug, query, k, filters)
