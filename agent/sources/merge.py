"""One person from several sources: the same work found twice is one paper, every field keeps the
source that gave it, and where sources disagree the profile says so instead of choosing quietly.

Sources are read in order of trust: the person's own records first (an ORCID record, their
``.bib``, a CV or homepage), then aggregators (OpenAlex, Semantic Scholar, DBLP, arXiv, scraped
profile pages), each group in the order given. A value comes from the first source that has it;
a later source only fills what is missing. Two records are one work when they share a DOI or an
arXiv id, or when their normalised titles match (``TITLE_MATCH``) with years at most
``YEAR_SLACK`` apart.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from agent.models import Metrics, Paper, Profile, SourceInfo, SourceRecord, normalise_title
from agent.text import ascii_fold

VOUCHING_FORMATS = frozenset({"orcid", "bibtex", "publist", "text"})
"""Formats that speak for the person: their ORCID record, their own .bib, publication list, CV or
homepage."""
TITLE_MATCH = 95.0  # rapidfuzz ratio (0-100) of the normalised titles
YEAR_SLACK = 1  # a preprint and its publication are often a year apart
MERGED_FORMAT = "merged"
FILLED_FIELDS = (
    "abstract",
    "venue",
    "year",
    "date",
    "date_text",
    "citation_count",
    "code_url",
    "url",
    "category",
    "open_access_pdf",
)
CONFLICT_FIELDS = ("year", "venue", "citation_count")
_DATES = ("date", "date_text")  # taken from another source only when its year agrees
LISTED_CONFLICTS = 3  # more disagreements of one kind between two sources are summarised
_EMPTY: tuple[Any, ...] = (None, "", [], {})


def source_key(profile: Profile, taken: Sequence[str] = ()) -> str:
    """A short name for the source of ``profile``: its file name, made unique among ``taken``."""
    base = Path(profile.source.path).name if profile.source else "source"
    key, n = base, 2
    while key in taken:
        key, n = f"{base} ({n})", n + 1
    return key


def vouches(profile: Profile) -> bool:
    """True when the source is the person's own record rather than an aggregator's listing."""
    return bool(profile.source) and profile.source.format in VOUCHING_FORMATS


_PERSON_DETAILS: dict[str, Any] = {
    "other_names": [],
    "keywords": [],
    "links": [],
    "biography": None,
}
"""Header details a merged profile takes from its most trusted source that states them."""


def trust_rank(profile: Profile) -> tuple[bool, bool]:
    """Sort key, most trusted first: the person's own records, then author records that only
    say who the person is (an OpenAlex author object), then listings of works."""
    return (not vouches(profile), bool(profile.papers))


def merge_profiles(parts: Sequence[tuple[str, Profile]], slug: str = "") -> Profile:
    """One profile from ``(key, profile)`` parts: deduplicated papers with their sources and
    provenance, the header from the most trusted source, each source's metrics kept."""
    if not parts:
        raise ValueError("nothing to merge")
    ordered = sorted(parts, key=lambda part: trust_rank(part[1]))
    merger = _Merger()
    for key, part in ordered:
        merger.add(key, part)
    return _profile(ordered, merger, slug)


class _Merger:
    """The merged paper list and what was found while building it."""

    def __init__(self) -> None:
        self.papers: list[Paper] = []
        self._by_id: dict[tuple[str, str], Paper] = {}
        self._titles: list[str] = []
        self._conflicts: dict[tuple[str, str, str], list[str]] = defaultdict(list)

    def add(self, key: str, part: Profile) -> None:
        for paper in part.papers:
            kept = self._match(key, paper)
            if kept is None:
                self._keep(key, paper)
            else:
                self._absorb(kept, key, paper)

    def _match(self, key: str, paper: Paper) -> Paper | None:
        """The kept paper that is the same work, never one this source listed already (a
        source's own two records stay two papers)."""
        for ref in _ids(paper):
            found = self._by_id.get(ref)
            if found is not None and key not in found.sources:
                return found
        from rapidfuzz import fuzz, process

        title = _title_key(paper.title)
        for _, _, index in process.extract_iter(
            title, self._titles, scorer=fuzz.ratio, score_cutoff=TITLE_MATCH
        ):
            candidate = self.papers[index]
            if (
                key not in candidate.sources
                and _years_agree(candidate.year, paper.year)
                and _numbers(self._titles[index]) == _numbers(title)  # "Part I" is not "Part II"
            ):
                return candidate
        return None

    def _keep(self, key: str, paper: Paper) -> None:
        kept = paper.model_copy(deep=True)
        kept.sources = [key]
        kept.provenance = {f: key for f in ("title", *FILLED_FIELDS) if _has(kept, f)}
        kept.provenance |= {f"external_ids.{name}": key for name in kept.external_ids}
        self.papers.append(kept)
        self._titles.append(_title_key(kept.title))
        self._index(kept)

    def _absorb(self, kept: Paper, key: str, other: Paper) -> None:
        kept.sources.append(key)
        for field in FILLED_FIELDS:
            if not _has(other, field) or (field in _DATES and _differs("year", kept, other)):
                continue
            if not _has(kept, field):
                setattr(kept, field, getattr(other, field))
                kept.provenance[field] = key
            elif field in CONFLICT_FIELDS and _differs(field, kept, other):
                first = kept.provenance.get(field, kept.sources[0])
                was, now = getattr(kept, field), getattr(other, field)
                said = f'"{kept.title}": {was} ({first}) vs {now}'
                self._conflicts[(field, first, key)].append(said)
        for name, value in other.external_ids.items():
            if name not in kept.external_ids:
                kept.external_ids[name] = value
                kept.provenance[f"external_ids.{name}"] = key
        if len(other.authors) > len(kept.authors) and (kept.authors_truncated or not kept.authors):
            kept.authors, kept.authors_truncated = list(other.authors), other.authors_truncated
            kept.provenance["authors"] = key
        kept.has_code = kept.has_code or other.has_code
        self._index(kept)

    def _index(self, paper: Paper) -> None:
        for ref in _ids(paper):
            self._by_id.setdefault(ref, paper)

    def warnings(self) -> list[str]:
        """The disagreements, one line each, or one line per kind and pair of sources when many."""
        lines = []
        for (field, first, later), found in self._conflicts.items():
            label = field.replace("_", " ")
            if len(found) <= LISTED_CONFLICTS:
                lines += [f"{label} differs: {said} ({later}); kept {first}'s" for said in found]
            else:
                lines.append(
                    f"{label} differs between {first} and {later} for {len(found)} papers "
                    f"(e.g. {found[0]}); kept {first}'s"
                )
        return lines


def _profile(ordered: Sequence[tuple[str, Profile]], merger: _Merger, slug: str) -> Profile:
    lead = ordered[0][1]
    metrics, metric_warnings = _metrics(ordered)
    records = [_record(key, part) for key, part in ordered]
    part_warnings = [f"{key}: {w}" for key, part in ordered for w in part.warnings]
    return Profile(
        slug=slug,
        name=lead.name,
        field=next((p.field for _, p in ordered if p.field), None),
        affiliation=next((p.affiliation for _, p in ordered if p.affiliation), None),
        **{
            detail: next((getattr(p, detail) for _, p in ordered if getattr(p, detail)), default)
            for detail, default in _PERSON_DETAILS.items()
        },
        metrics=metrics,
        papers=merger.papers,
        source=SourceInfo(
            path=", ".join(r.path for r in records),
            format=MERGED_FORMAT,
            sha256=hashlib.sha256("".join(r.sha256 for r in records).encode()).hexdigest(),
        ),
        sources=records,
        warnings=[*merger.warnings(), *metric_warnings, *part_warnings],
    )


def _record(key: str, part: Profile) -> SourceRecord:
    source = part.source or SourceInfo(path=key, format="unknown", sha256="")
    return SourceRecord(
        key=key,
        path=source.path,
        format=source.format,
        sha256=source.sha256,
        parsed_at=source.parsed_at,
        vouches=vouches(part),
        papers=len(part.papers),
        metrics=part.metrics,
    )


def _metrics(ordered: Sequence[tuple[str, Profile]]) -> tuple[Metrics, list[str]]:
    """Each header metric from the first source that states it; a warning where others differ."""
    chosen: dict[str, Any] = {}
    warnings = []
    for name in Metrics.model_fields:
        stated = [(key, getattr(p.metrics, name)) for key, p in ordered]
        stated = [(key, value) for key, value in stated if value is not None]
        if not stated:
            continue
        chosen[name] = stated[0][1]
        others = [f"{value} ({key})" for key, value in stated[1:] if value != stated[0][1]]
        if others:
            label = name.replace("_", " ")
            warnings.append(
                f"{label} differs between sources: {stated[0][1]} ({stated[0][0]}) vs "
                f"{', '.join(others)}; kept {stated[0][0]}'s"
            )
    return Metrics(**chosen), warnings


def _ids(paper: Paper) -> list[tuple[str, str]]:
    found = []
    if paper.doi:
        found.append(("doi", _doi_key(paper.doi)))
    if paper.arxiv_id:
        found.append(("arxiv", re.sub(r"v\d+$", "", paper.arxiv_id.casefold())))
    return found


def _doi_key(doi: str) -> str:
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", doi.strip().casefold())


def _title_key(title: str) -> str:
    return normalise_title(ascii_fold(title))


def same_work(a: Paper, b: Paper) -> bool:
    """True when two records are one work by the merge's rule: the same DOI or arXiv id, or
    titles within ``TITLE_MATCH`` (the same numbers in both) and years that agree."""
    if set(_ids(a)) & set(_ids(b)):
        return True
    from rapidfuzz import fuzz

    x, y = _title_key(a.title), _title_key(b.title)
    return (
        fuzz.ratio(x, y) >= TITLE_MATCH
        and _numbers(x) == _numbers(y)
        and _years_agree(a.year, b.year)
    )


def _numbers(title_key: str) -> set[str]:
    return {w for w in title_key.split() if re.fullmatch(r"\d+|[ivx]+", w)}


def _years_agree(a: int | None, b: int | None) -> bool:
    return a is None or b is None or abs(a - b) <= YEAR_SLACK


def _has(paper: Paper, field: str) -> bool:
    return getattr(paper, field) not in _EMPTY


def _differs(field: str, a: Paper, b: Paper) -> bool:
    x, y = getattr(a, field), getattr(b, field)
    if field == "venue":
        return _title_key(x) != _title_key(y)
    return x != y


def one_work(a: Paper, b: Paper) -> bool:
    """One work to a reader: the same title (an editorial in six journals, an encyclopedia
    entry in two editions), or the same work by the merge's rule (``same_work``)."""
    return normalise_title(a.title) == normalise_title(b.title) or same_work(a, b)


def distinct_works(papers: list[Paper]) -> list[list[Paper]]:
    """The papers grouped into works (``one_work``: a preprint and its publication, an
    ORCID record's copies of one work), in first-seen order."""
    works: list[list[Paper]] = []
    for paper in papers:
        home = next((w for w in works if one_work(w[0], paper)), None)
        if home is None:
            works.append([paper])
        else:
            home.append(paper)
    return works
