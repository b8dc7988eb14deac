"""The domain: Profile, Paper, Metrics. Validators record doubts as warnings, never hide them."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import (
    BaseModel,
    Field,
    PrivateAttr,
    computed_field,
    field_validator,
    model_validator,
)

from agent.text import ascii_fold, normalise, strip_markup, words

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


_TERMINAL_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)")


_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
MAX_TITLE_CHARS = 300


def strip_terminal_escapes(text: str) -> str:
    """Text without ANSI/OSC escape sequences (an OSC-8 link keeps its visible text)."""
    return _TERMINAL_ESCAPE.sub("", text)


def slugify(name: str) -> str:
    """'Rongrong Wang' -> 'rongrong-wang' (ASCII letters and digits joined by '-')."""
    name = strip_terminal_escapes(name)  # '\x1b[31mSmith' must not become '31msmith'
    slug = _SLUG_STRIP.sub("-", ascii_fold(name)).strip("-")
    return slug or "profile"


def normalise_title(title: str) -> str:
    """Lower-cased, punctuation-free, single-spaced title used for ids and matching."""
    return " ".join(re.findall(r"\w+", title.casefold()))


def paper_id_for(title: str) -> str:
    """Stable id from the paper's normalised title: same paper, same id, across re-ingests."""
    digest = hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()
    return f"p{digest[:10]}"


class Metrics(BaseModel):
    """Header metrics as the profile states them; all optional."""

    h_index: int | None = Field(default=None, ge=0)
    paper_count: int | None = Field(default=None, ge=0)
    citation_count: int | None = Field(default=None, ge=0)
    novelty_pct: float | None = Field(default=None, ge=0, le=100)
    ai_score: float | None = Field(default=None, ge=0)


class Paper(BaseModel):
    """One paper as found in the source; every value occurs in it."""

    id: str = ""
    title: str = Field(min_length=1)
    authors: list[str] = Field(default_factory=list)
    authors_truncated: bool = False
    category: str | None = None
    date: dt.date | None = None  # 'dt.': the field name shadows the type
    date_text: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    year_inferred: bool = False
    has_code: bool = False
    code_url: str | None = None
    abstract: str = ""
    venue: str | None = None
    citation_count: int | None = Field(default=None, ge=0)
    external_ids: dict[str, str] = Field(default_factory=dict)  # 'doi', 'arxiv', 's2', ...
    url: str | None = None
    fields_of_study: list[str] = Field(default_factory=list)
    publication_types: list[str] = Field(default_factory=list)
    open_access_pdf: str | None = None
    methods: list[str] = Field(default_factory=list)
    tasks: list[str] = Field(default_factory=list)
    domains: list[str] = Field(default_factory=list)
    sources: list[str] = Field(
        default_factory=list, description="Keys of the sources listing it (merged profiles)."
    )
    provenance: dict[str, str] = Field(
        default_factory=dict, description="Field name -> key of the source that gave its value."
    )

    @field_validator("title", "abstract", mode="before")
    @classmethod
    def _collapse_whitespace(cls, value: object) -> object:
        """Markup dropped, whitespace collapsed, zero-width and direction marks dropped (an
        invisible title is no title)."""
        if not isinstance(value, str):
            return value
        return " ".join(_INVISIBLE.sub("", strip_markup(value)).split())

    @model_validator(mode="after")
    def _fill_id_and_year(self) -> Paper:
        if not self.id:
            self.id = paper_id_for(self.title)
        if self.year is None and self.date is not None:
            self.year = self.date.year
        return self

    @property
    def doi(self) -> str | None:
        return self.external_ids.get("doi")

    @property
    def arxiv_id(self) -> str | None:
        return self.external_ids.get("arxiv")

    def chronological_key(self) -> tuple[int, int, int]:
        """(year, month, day) for sorting by date; an undated paper sorts first, a year-only
        paper at the start of its year."""
        if self.date is not None:
            return (self.date.year, self.date.month, self.date.day)
        return (self.year or 0, 0, 0)

    def content_hash(self) -> str:
        """Hash of everything that is embedded or stored as metadata for this paper."""
        payload = self.model_dump_json(
            include={
                "title",
                "abstract",
                "venue",
                "year",
                "category",
                "has_code",
                "methods",
                "tasks",
                "domains",
            }
        )
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()


class CitedPaper(BaseModel):
    """A paper as a numbered source names it: [n] in a text is the n-th of these."""

    paper_id: str
    title: str
    year: int | None = None


class SourceInfo(BaseModel):
    """Where a profile came from."""

    path: str
    format: str
    sha256: str
    parsed_at: datetime = Field(default_factory=lambda: datetime.now(dt.UTC))


class SourceRecord(SourceInfo):
    """One source of a merged profile: what it is, whether it speaks for the person, and the
    header metrics it states (kept apart from the other sources')."""

    key: str
    vouches: bool = False  # the person's own record (ORCID, their .bib, a CV), not an aggregator
    papers: int = 0
    metrics: Metrics = Field(default_factory=Metrics)


class Profile(BaseModel):
    """A researcher's profile: header facts, papers, and the doubts found while reading them."""

    slug: str = ""
    name: str = Field(min_length=1)
    field: str | None = None
    affiliation: str | None = None
    other_names: list[str] = Field(default_factory=list)  # as the record states them
    keywords: list[str] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)  # the person's own web pages (never emails)
    biography: str | None = None  # shown, never quoted in answers or drafts
    metrics: Metrics = Field(default_factory=Metrics)
    papers: list[Paper] = Field(default_factory=list)  # empty only in a header-only source
    source: SourceInfo | None = None
    sources: list[SourceRecord] = Field(default_factory=list)  # a merged profile's sources
    warnings: list[str] = Field(default_factory=list)
    _people: Any = PrivateAttr(default=None)  # agent.people's index of this profile's names
    _derived: dict[str, tuple[tuple[int, int], Any]] = PrivateAttr(default_factory=dict)

    def derived(self, name: str, build: Callable[[Profile], Any]) -> Any:
        """What ``build`` computes from this profile, once: built again only when the paper list
        is replaced or changes length (routing reads titles and abstracts on every question)."""
        stamp = (id(self.papers), len(self.papers))
        hit = self._derived.get(name)
        if hit is None or hit[0] != stamp:
            hit = (stamp, build(self))
            self._derived[name] = hit
        return hit[1]

    def normalised_text(self) -> str:
        """The papers' titles, abstracts and venues as one normalised string (built once)."""
        return self.derived("text", _normalised_text)

    def text_words(self) -> frozenset[str]:
        """The word tokens of ``normalised_text`` (built once)."""
        return self.derived("words", lambda p: frozenset(words(p.normalised_text())))

    @model_validator(mode="after")
    def _check_consistency(self) -> Profile:
        if not self.slug:
            self.slug = slugify(self.name)
        self._dedupe_paper_ids()
        for warning in self._metric_warnings():  # a merged profile has it from its source
            if not any(w == warning or w.endswith(f": {warning}") for w in self.warnings):
                self.warnings.append(warning)
        return self

    def _dedupe_paper_ids(self) -> None:
        seen: dict[str, int] = {}
        for paper in self.papers:
            count = seen.get(paper.id, 0)
            seen[paper.id] = count + 1
            if count:
                paper.id = f"{paper.id}-{count + 1}"

    def _metric_warnings(self) -> list[str]:
        m, found = self.metrics, []
        if (
            m.h_index is not None
            and m.citation_count is not None
            and m.h_index**2 > m.citation_count
        ):
            found.append(
                f"h-index {m.h_index} needs at least {m.h_index**2} citations; "
                f"profile says {m.citation_count}"
            )
        if not self.papers:  # a header-only source: its counts are checked once merged
            return found
        if m.paper_count is not None and m.paper_count != len(self.papers):
            verb = "is" if len(self.papers) == 1 else "are"
            found.append(f"profile says {m.paper_count} papers; {len(self.papers)} {verb} listed")
        if m.h_index is not None and m.h_index > len(self.papers) and m.paper_count is None:
            noun = "paper" if len(self.papers) == 1 else "papers"
            found.append(f"h-index {m.h_index} exceeds the {len(self.papers)} {noun} listed")
        long_titles = [p for p in self.papers if len(p.title) > MAX_TITLE_CHARS]
        if long_titles:
            found.append(
                f"{len(long_titles)} titles are over {MAX_TITLE_CHARS} characters "
                f"(the longest {max(len(p.title) for p in long_titles)}): check the source"
            )
        missing = sum(1 for p in self.papers if not p.abstract)
        if missing:
            found.append(
                f"{missing} of {len(self.papers)} papers have no abstract; "
                "what is said of them rests on their titles and venues"
            )
        return found

    @computed_field  # type: ignore[prop-decorator]
    @property
    def paper_count(self) -> int:
        return len(self.papers)

    def paper(self, paper_id: str) -> Paper | None:
        return next((p for p in self.papers if p.id == paper_id), None)


def _normalised_text(profile: Profile) -> str:
    return " ".join(normalise(f"{p.title} {p.abstract} {p.venue or ''}") for p in profile.papers)
