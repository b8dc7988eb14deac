"""What several stages say about papers: labels, record lines, filters, tool results."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, Field

from agent.models import Paper, Profile
from agent.people import compatible, vancouver_name
from agent.untrusted import planted_title
from agent.venues import on_preprint_server, venue_matches

PROFILE_SOURCE = "profile"

CATEGORY_NAMES = {
    "AI": "artificial intelligence",
    "CL": "computation and language",
    "CV": "computer vision",
    "DM": "discrete mathematics",
    "LG": "machine learning",
    "ML": "statistical machine learning",
    "NA": "numerical analysis",
}


class Fact(BaseModel):
    """One templated sentence and the sources (paper ids or PROFILE_SOURCE) that back it."""

    text: str
    citations: list[str] = Field(default_factory=list)


class ToolResult(BaseModel):
    """What a tool computed: the exact value, the paper ids involved, and sentences citing them."""

    tool: str
    args: dict[str, Any] = Field(default_factory=dict)
    value: Any = None
    paper_ids: list[str] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    unknown: bool = False  # the profile lacks what the question needs; ``facts`` say what

    @classmethod
    def over(
        cls,
        tool: str,
        flt: PaperFilter | None,
        value: Any,
        papers: Sequence[Paper],
        facts: list[Fact],
    ) -> ToolResult:
        """What ``tool`` found about ``papers`` under the filter ``flt``."""
        args = filter_args(flt)
        return cls(tool=tool, args=args, value=value, paper_ids=[p.id for p in papers], facts=facts)


class PaperFilter(BaseModel):
    """Which papers a tool looks at; empty fields select everything."""

    year_from: int | None = None
    year_to: int | None = None
    categories: list[str] = Field(default_factory=list)
    has_code: bool | None = None
    author: str | None = None
    also_with: list[str] = Field(default_factory=list)  # more co-authors, each on the paper too
    venue: str | None = None
    other_venues: list[str] = Field(default_factory=list)  # "in A or B": a paper in any of them
    kind: str | None = None  # a kind of publication: one of PUBLICATION_KINDS
    solo: bool | None = None
    dated: bool | None = None  # "which papers have no date?": False
    first_author: str | None = None  # the person, listed first on the paper
    last_author: str | None = None  # the person, listed last (often the senior author)
    paper_ids: list[str] | None = None
    about: str | None = None  # the topic a search narrowed ``paper_ids`` to (said, not matched)
    narrowed_from: int | None = None  # the earlier answer's papers a topic narrowed (its count)
    excluding: str | None = None  # a negated slot, said ("in Biology"): ``paper_ids`` lie outside
    min_citations: int | None = None  # "more than 100 citations": 101; a paper with no count fails
    max_citations: int | None = None  # "never cited": 0

    def matches(self, paper: Paper) -> bool:
        """True when ``paper`` passes every set field."""
        checks = (
            self.year_from is None or (paper.year is not None and paper.year >= self.year_from),
            self.year_to is None or (paper.year is not None and paper.year <= self.year_to),
            not self.categories or (paper.category or "") in self.categories,
            self.has_code is None or paper.has_code == self.has_code,
            all(
                any(compatible(name, a) for a in paper.authors)
                for name in [self.author or "", *self.also_with]
                if name
            ),
            self.venue is None
            or any(venue_matches(paper.venue, v) for v in [self.venue, *self.other_venues]),
            self.first_author is None
            or bool(paper.authors and compatible(self.first_author, paper.authors[0])),
            self.last_author is None
            or bool(
                paper.authors
                and not paper.authors_truncated
                and compatible(self.last_author, paper.authors[-1])
            ),
            self.kind is None or is_of_kind(paper, self.kind),
            self.solo is None
            or self.solo == (len(paper.authors) == 1 and not paper.authors_truncated),
            self.dated is None or self.dated == (paper.year is not None or paper.date is not None),
            self.paper_ids is None or paper.id in self.paper_ids,
            self._cited_within(paper.citation_count),
        )
        return all(checks)

    def narrowed_to(self, listed: int) -> int | None:
        """How many papers of an earlier answer the filter is narrowed to ("which of those are in
        Nature?"), or None when it is not narrowed below the ``listed`` papers (a topic's papers
        say so through ``about``)."""
        if self.narrowed_from is not None:  # "how many of them are about quantization?"
            return self.narrowed_from if 1 < self.narrowed_from < listed else None
        ids = self.paper_ids
        if ids is None or not 1 < len(ids) < listed or self.about or self.excluding:
            return None
        return len(ids)

    def bounds_citations(self) -> bool:
        """The filter sets a least or most citation count ("papers with over 100 citations")."""
        return self.min_citations is not None or self.max_citations is not None

    def citations_only(self) -> PaperFilter:
        """This filter's citation bounds alone."""
        return PaperFilter(min_citations=self.min_citations, max_citations=self.max_citations)

    def never_cited(self) -> bool:
        """The filter's one citation bound is "never cited"."""
        return self.min_citations is None and self.max_citations == 0

    def _cited_within(self, count: int | None) -> bool:
        if not self.bounds_citations():
            return True
        return count is not None and (self.min_citations or 0) <= count <= (
            count if self.max_citations is None else self.max_citations
        )

    def describe(self) -> str:
        """' from 2024 in computer vision with code', for templated sentences."""
        parts = [_years_phrase(self.year_from, self.year_to)]
        if self.categories:
            parts.append("in " + " or ".join(category_label(c) for c in self.categories))
        if self.has_code is not None:
            parts.append("with code" if self.has_code else "without code")
        if self.author:
            parts.append("co-authored with " + " and ".join([self.author, *self.also_with]))
        if self.venue:
            *others, last = [self.venue, *self.other_venues]
            parts.append(f"in {', '.join(others)} or {last}" if others else f"in {last}")
        if self.kind:
            parts.append(f"filed as {self.kind}s")
        if self.solo:
            parts.append("with a single author")
        if self.dated is not None:
            parts.append("with a date" if self.dated else "without a date")
        if self.first_author:
            parts.append(f"with {self.first_author} as first author")
        if self.last_author:
            parts.append(f"with {self.last_author} as last author")
        if self.about:
            parts.append(f"about {self.about}")
        if self.min_citations is not None or self.max_citations is not None:
            parts.append(_citation_bound_phrase(self.min_citations, self.max_citations))
        if self.excluding:
            parts.append(f"not {self.excluding}")
        return "".join(" " + p for p in parts if p)


PUBLICATION_KINDS = {
    "journal article": ("article", "journal-article", "journalarticle"),
    "conference paper": (
        "inproceedings",
        "conference-paper",
        "conference",
        "proceedings-article",
        "conference-abstract",
    ),
    "preprint": ("preprint", "posted-content", "unpublished"),
    "book chapter": ("incollection", "inbook", "book-chapter", "bookchapter", "booksection"),
    "review": ("review",),
    "book": ("book", "monograph"),
}
"""Kinds of publication and the type names sources give them (BibTeX entry types, ORCID,
Crossref and OpenAlex work types, Semantic Scholar publication types), folded."""
_KIND_OF_TYPE = {t: kind for kind, types in PUBLICATION_KINDS.items() for t in types}


def publication_kind(paper: Paper) -> str | None:
    """The kind of publication the paper's first known type names (None for none)."""
    for raw in paper.publication_types:
        kind = _KIND_OF_TYPE.get(re.sub(r"[\s_]+", "", raw.casefold()))
        if kind:
            return kind
    return None


def is_of_kind(paper: Paper, kind: str) -> bool:
    """True when the paper's type names ``kind``; a paper of no type on a preprint server
    (arXiv, bioRxiv, ...) is a preprint."""
    filed = publication_kind(paper)
    return filed == kind or (
        filed is None and kind == "preprint" and on_preprint_server(paper.venue)
    )


def category_label(code: str) -> str:
    """'Computer Vision (CV)' for an arXiv code, a source's own category name as it is."""
    name = CATEGORY_NAMES.get(code)
    return f"{name} ({code})" if name and name != code else code


def _citation_bound_phrase(least: int | None, most: int | None) -> str:
    """'with at least 101 citations', 'never cited', 'with at most 9 citations'."""
    if most == 0:
        return "never cited"
    if most is None:
        return f"with at least {least} citations"
    return f"with {least} to {most} citations" if least else f"with at most {most} citations"


def _years_phrase(start: int | None, end: int | None) -> str:
    if start is not None and start == end:
        return f"from {start}"
    if start is not None and end is not None:
        return f"from {start} to {end}"
    if start is not None:
        return f"from {start} on"
    return f"up to {end}" if end is not None else ""


def select(profile: Profile, flt: PaperFilter | None = None) -> list[Paper]:
    """The profile's papers that pass ``flt``, in profile order."""
    flt = flt or PaperFilter()
    return [p for p in profile.papers if flt.matches(p)]


def paper_text(paper: Paper) -> str:
    """The text a paper is embedded, searched and named by: its title and abstract, or, where
    the source gives no abstract, its title and venue."""
    rest = paper.abstract or paper.venue
    return f"{paper.title}. {rest}" if rest else paper.title


def paper_record(paper: Paper) -> str:
    """The paper's own fields as one line: the evidence a tool citation points at."""
    head = " · ".join(
        x for x in (paper.category, date_phrase(paper), "Code" if paper.has_code else None) if x
    )
    authors = ", ".join(paper.authors) + (" et al." if paper.authors_truncated else "")
    line = f"{head} — {paper.title}" + (f" — {authors}" if authors else "")
    extras = [
        paper.venue,
        None if paper.citation_count is None else citations_phrase(paper.citation_count),
        f"doi:{paper.doi}" if paper.doi else None,
        f"code: {paper.code_url}" if paper.code_url else None,
    ]
    return line + "".join(f" — {x}" for x in extras if x)


NLM_AUTHORS = 10
"""NLM lists this many authors, then 'et al.'."""


def nlm_reference(paper: Paper, identifier: bool = True) -> str:
    """The paper in the NLM citation style NIH asks for: 'Ghosh A, Cong B, Yokota R, et al.
    Title. Venue. 2025. doi:...' (``identifier``: with its DOI, else its arXiv id, when known)."""
    names = [vancouver_name(a) for a in paper.authors]
    more = paper.authors_truncated or len(names) > NLM_AUTHORS
    authors = ", ".join(names[:NLM_AUTHORS]) + (", et al." if more and names else "")
    venue = paper.venue or ("arXiv" if paper.arxiv_id else None)
    parts = [str(x).rstrip(". ") for x in (authors, paper.title, venue, paper.year) if x]
    text = " ".join(x if x.endswith(("?", "!")) else f"{x}." for x in parts)
    if identifier and (paper.doi or paper.arxiv_id):
        text += f" doi:{paper.doi}" if paper.doi else f" arXiv:{paper.arxiv_id}"
    return text


def citations_phrase(n: int) -> str:
    """'1 citation', '12 citations'."""
    return "1 citation" if n == 1 else f"{n} citations"


def date_phrase(paper: Paper) -> str:
    """'Jun 7, 2024', or 'May 24, 2026 (year inferred)' where the source gave no year."""
    if paper.date is not None:
        text = f"{paper.date:%b} {paper.date.day}, {paper.date.year}"
    elif paper.year is not None:
        text = str(paper.year)
    else:
        return paper.date_text or "undated"
    return text + (" (year inferred)" if paper.year_inferred else "")


def quoted_title(paper: Paper) -> str:
    """'"Title"', or a plain description where the title reads as instructions (it stays in the
    paper's record and sources, never in a sentence)."""
    if planted_title(paper.title):
        return "a paper whose title reads as instructions"
    return f'"{paper.title}"'


def paper_label(paper: Paper) -> str:
    """'"Title" (2024)' as used inside templated sentences."""
    year = f" ({paper.year})" if paper.year is not None else ""
    return f"{quoted_title(paper)}{year}"


def header_record(profile: Profile) -> str:
    """The profile's header fields as one line: the evidence of PROFILE_SOURCE citations."""
    m = profile.metrics
    parts = [
        profile.name,
        profile.field,
        profile.affiliation,
        None if m.h_index is None else f"h-index {m.h_index}",
        None if m.paper_count is None else f"{m.paper_count} papers",
        None if m.citation_count is None else f"{m.citation_count} citations",
        None if m.novelty_pct is None else f"Novelty {m.novelty_pct:g}%",
        None if m.ai_score is None else f"AI Score {m.ai_score:g}",
        f"{len(profile.papers)} papers listed",
    ]
    return " · ".join(p for p in parts if p) + "".join(f" · {w}" for w in profile.warnings)


def filter_args(flt: PaperFilter | None) -> dict[str, Any]:
    return flt.model_dump(exclude_defaults=True) if flt else {}


def metadata_sentences(paper: Paper) -> list[str]:
    """The record's venue, reference and citation count as sentences, so a sentence that
    states them is checked against a sentence of the same shape, not the whole record line."""
    found = [f"“{paper.title}” appeared in {paper.venue}."] if paper.venue else []
    found.append(nlm_reference(paper))  # the record as a reference list writes it
    if paper.citation_count is not None:
        found.append(f"“{paper.title}” has {citations_phrase(paper.citation_count)}.")
    return found


def paper_evidence(paper: Paper) -> list[str]:
    """What a sentence about ``paper`` may rest on: its record line, venue and citation
    sentences, and the sentences of its abstract."""
    from agent.text import split_sentences

    return [paper_record(paper), *metadata_sentences(paper), *split_sentences(paper.abstract)]


def profile_evidence(profile: Profile) -> dict[str, list[str]]:
    """The evidence of every paper by id, and the profile's header record as ``PROFILE_SOURCE``."""
    evidence = {p.id: paper_evidence(p) for p in profile.papers}
    evidence[PROFILE_SOURCE] = [header_record(profile)]
    return evidence
