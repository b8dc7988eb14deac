"""Exact answers from the structured profile: counts, years, code, co-authors, metrics.

Every tool returns a ToolResult whose ``facts`` are templated sentences, each citing the papers
it is about; the evidence of a cited paper is its own record line (see ``paper_record``).
Header metrics are cited as the pseudo-source ``PROFILE_SOURCE``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

from agent.models import Paper, Profile
from agent.text import normalise

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


class PaperFilter(BaseModel):
    """Which papers a tool looks at; empty fields select everything."""

    year_from: int | None = None
    year_to: int | None = None
    categories: list[str] = Field(default_factory=list)
    has_code: bool | None = None
    author: str | None = None
    solo: bool | None = None
    paper_ids: list[str] | None = None

    def matches(self, paper: Paper) -> bool:
        """True when ``paper`` passes every set field."""
        checks = (
            self.year_from is None or (paper.year is not None and paper.year >= self.year_from),
            self.year_to is None or (paper.year is not None and paper.year <= self.year_to),
            not self.categories or (paper.category or "") in self.categories,
            self.has_code is None or paper.has_code == self.has_code,
            self.author is None or any(same_person(self.author, a) for a in paper.authors),
            self.solo is None
            or self.solo == (len(paper.authors) == 1 and not paper.authors_truncated),
            self.paper_ids is None or paper.id in self.paper_ids,
        )
        return all(checks)

    def describe(self) -> str:
        """' from 2024 in computer vision with code', for templated sentences."""
        parts = [_years_phrase(self.year_from, self.year_to)]
        if self.categories:
            names = [f"{CATEGORY_NAMES.get(c, c)} ({c})" for c in self.categories]
            parts.append("in " + " or ".join(names))
        if self.has_code is not None:
            parts.append("with code" if self.has_code else "without code")
        if self.author:
            parts.append(f"co-authored with {self.author}")
        if self.solo:
            parts.append("with a single author")
        return "".join(" " + p for p in parts if p)


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


def paper_record(paper: Paper) -> str:
    """The paper's own fields as one line: the evidence a tool citation points at."""
    head = " · ".join(
        x for x in (paper.category, date_phrase(paper), "Code" if paper.has_code else None) if x
    )
    authors = ", ".join(paper.authors) + (" et al." if paper.authors_truncated else "")
    line = f"{head} — {paper.title}" + (f" — {authors}" if authors else "")
    return line + (f" — code: {paper.code_url}" if paper.code_url else "")


def date_phrase(paper: Paper) -> str:
    """'Jun 7, 2024', or 'May 24, 2026 (year inferred)' where the source gave no year."""
    if paper.date is not None:
        text = f"{paper.date:%b} {paper.date.day}, {paper.date.year}"
    elif paper.year is not None:
        text = str(paper.year)
    else:
        return paper.date_text or "undated"
    return text + (" (year inferred)" if paper.year_inferred else "")


def paper_label(paper: Paper) -> str:
    """'"Title" (2024)' as used inside templated sentences."""
    year = f" ({paper.year})" if paper.year is not None else ""
    return f'"{paper.title}"{year}'


def person_key(name: str) -> str:
    """'Ismail R. Alkhouri' and 'Ismail Alkhouri' share the key 'ismail alkhouri'."""
    parts = [w for w in normalise(name).replace(".", ". ").split() if not w.endswith(".")]
    return f"{parts[0]} {parts[-1]}" if len(parts) >= 2 else " ".join(parts)


def same_person(a: str, b: str) -> bool:
    """True when two author strings name the same person (middle initials ignored)."""
    return bool(person_key(a)) and person_key(a) == person_key(b)


def count_papers(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """How many papers the profile lists (optionally filtered)."""
    flt = flt or PaperFilter()
    papers = select(profile, flt)
    noun = "paper" if len(papers) == 1 else "papers"
    text = f"The profile lists {len(papers)} {noun}{flt.describe()}."
    ids = [p.id for p in papers]
    facts = [Fact(text=text, citations=ids or [PROFILE_SOURCE])]
    facts += _inferred_year_note(papers)
    if flt == PaperFilter():
        facts += [
            Fact(text=f"Warning: {w}.", citations=[PROFILE_SOURCE])
            for w in profile.warnings
            if " papers" in w
        ]
    return ToolResult(
        tool="count_papers", args=_args(flt), value=len(papers), paper_ids=ids, facts=facts
    )


def _inferred_year_note(papers: list[Paper]) -> list[Fact]:
    inferred = [p for p in papers if p.year_inferred]
    if not inferred:
        return []
    noun = "paper has" if len(inferred) == 1 else "papers have"
    text = (
        f"{len(inferred)} of these {noun} no year in the profile; "
        f"the year was inferred from the date."
    )
    return [Fact(text=text, citations=[p.id for p in inferred])]


def list_papers(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """The papers that pass the filter, one sentence each, preceded by their count."""
    result = count_papers(profile, flt)
    papers = select(profile, flt)
    facts = result.facts[:1] + [_paper_fact(p) for p in papers]
    return result.model_copy(
        update={"tool": "list_papers", "value": [p.id for p in papers], "facts": facts}
    )


def _paper_fact(paper: Paper) -> Fact:
    where = ", ".join(x for x in (paper.category, date_phrase(paper)) if x)
    return Fact(text=f'"{paper.title}" ({where}).', citations=[paper.id])


def papers_per_year(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """Paper counts for each year, newest first."""
    papers = select(profile, flt)
    counts = Counter(p.year for p in papers if p.year is not None)
    facts = [
        _group_fact(f"from {year}", [p for p in papers if p.year == year])
        for year in sorted(counts, reverse=True)
    ]
    undated = [p for p in papers if p.year is None]
    if undated:
        facts.append(_group_fact("without a date", undated))
    return ToolResult(
        tool="papers_per_year",
        args=_args(flt),
        value={str(y): n for y, n in sorted(counts.items(), reverse=True)},
        paper_ids=[p.id for p in papers],
        facts=facts,
    )


def papers_per_category(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """Paper counts for each category code, largest first."""
    papers = select(profile, flt)
    counts = Counter(p.category or "none" for p in papers)
    facts = [
        _group_fact(
            f"in {CATEGORY_NAMES.get(c, c)} ({c})",
            [p for p in papers if (p.category or "none") == c],
        )
        for c, _ in counts.most_common()
    ]
    return ToolResult(
        tool="papers_per_category",
        args=_args(flt),
        value=dict(counts.most_common()),
        paper_ids=[p.id for p in papers],
        facts=facts,
    )


def _group_fact(phrase: str, papers: list[Paper]) -> Fact:
    noun = "paper is" if len(papers) == 1 else "papers are"
    return Fact(text=f"{len(papers)} {noun} {phrase}.", citations=[p.id for p in papers])


def overview(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """What the papers are about at a glance: the paper count, then papers per category."""
    count = count_papers(profile, flt)
    per_category = papers_per_category(profile, flt)
    return ToolResult(
        tool="overview",
        args=_args(flt),
        value=per_category.value,
        paper_ids=count.paper_ids,
        facts=count.facts[:1] + per_category.facts,
    )


def earliest_paper(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """The oldest dated paper."""
    return _extreme(profile, flt, latest=False)


def latest_paper(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """The most recent dated paper (inferred years are said to be inferred)."""
    return _extreme(profile, flt, latest=True)


def _extreme(profile: Profile, flt: PaperFilter | None, latest: bool) -> ToolResult:
    name = "latest_paper" if latest else "earliest_paper"
    dated = [p for p in select(profile, flt) if p.date is not None or p.year is not None]
    if not dated:
        return ToolResult(tool=name, args=_args(flt), value=None)
    key = _sort_key
    paper = max(dated, key=key) if latest else min(dated, key=key)
    which = "most recent" if latest else "earliest"
    text = f"The {which} paper listed is {_quoted(paper)}, dated {date_phrase(paper)}."
    return ToolResult(
        tool=name,
        args=_args(flt),
        value=paper.id,
        paper_ids=[paper.id],
        facts=[Fact(text=text, citations=[paper.id])],
    )


def _sort_key(paper: Paper) -> tuple[int, int, int]:
    if paper.date is not None:
        return (paper.date.year, paper.date.month, paper.date.day)
    return (paper.year or 0, 0, 0)


def _quoted(paper: Paper) -> str:
    return f'"{paper.title}"'


def papers_with_code(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """Papers marked with code, and their code URLs where the profile gives one."""
    flt = (flt or PaperFilter()).model_copy(update={"has_code": True})
    papers = select(profile, flt)
    noun = "paper comes" if len(papers) == 1 else "papers come"
    facts = [
        Fact(
            text=f"{len(papers)} {noun} with code.",
            citations=[p.id for p in papers] or [PROFILE_SOURCE],
        )
    ]
    for paper in papers:
        where = f"code at {paper.code_url}" if paper.code_url else "the profile gives no code URL"
        facts.append(Fact(text=f"{_quoted(paper)} ({paper.year}): {where}.", citations=[paper.id]))
    value = [{"paper_id": p.id, "code_url": p.code_url} for p in papers]
    return ToolResult(
        tool="papers_with_code",
        args=_args(flt),
        value=value,
        paper_ids=[p.id for p in papers],
        facts=facts,
    )


def coauthors(profile: Profile, flt: PaperFilter | None = None, top: int = 5) -> ToolResult:
    """Co-authors by number of listed papers; counts are lower bounds when lists are truncated."""
    papers = select(profile, flt)
    counts, names = _coauthor_counts(profile, papers)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], names[kv[0]]))
    value = [{"name": names[k], "papers": n} for k, n in ranked]
    facts = _lead_coauthor_fact(ranked, names, papers)
    facts += _top_coauthor_facts([r for r in ranked[:top] if r[1] < ranked[0][1]], names, papers)
    facts += _truncation_note(papers)
    ids = sorted({c for f in facts for c in f.citations}, key=[p.id for p in papers].index)
    return ToolResult(
        tool="coauthors", args={**_args(flt), "top": top}, value=value, paper_ids=ids, facts=facts
    )


def _coauthor_counts(profile: Profile, papers: list[Paper]) -> tuple[Counter, dict[str, str]]:
    owner = person_key(profile.name)
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for paper in papers:
        keys = {person_key(a): a for a in paper.authors if person_key(a) != owner}
        for key, shown in keys.items():
            counts[key] += 1
            names.setdefault(key, shown)
    return counts, names


def _lead_coauthor_fact(
    ranked: list[tuple[str, int]], names: dict[str, str], papers: list[Paper]
) -> list[Fact]:
    if not ranked:
        return [
            Fact(
                text="The listed author lists name no co-authors.",
                citations=[p.id for p in papers] or [PROFILE_SOURCE],
            )
        ]
    best = [k for k, n in ranked if n == ranked[0][1]]
    who = _join([names[k] for k in best])
    each = " each" if len(best) > 1 else ""
    cited = [p.id for p in papers if any(person_key(a) in best for a in p.authors)]
    verb = "co-author" if len(best) > 1 else "co-authors"
    noun = "paper" if ranked[0][1] == 1 else "papers"
    return [
        Fact(
            text=f"{who} {verb} most often, on {ranked[0][1]} listed {noun}{each}.", citations=cited
        )
    ]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _top_coauthor_facts(
    ranked: list[tuple[str, int]], names: dict[str, str], papers: list[Paper]
) -> list[Fact]:
    facts = []
    for key, n in ranked:
        cited = [p.id for p in papers if any(person_key(a) == key for a in p.authors)]
        noun = "paper" if n == 1 else "papers"
        facts.append(
            Fact(text=f"{names[key]} is a listed co-author on {n} {noun}.", citations=cited)
        )
    return facts


def _truncation_note(papers: list[Paper]) -> list[Fact]:
    truncated = [p for p in papers if p.authors_truncated]
    if not truncated:
        return []
    text = (
        f"The author lists of {len(truncated)} of the {len(papers)} papers end in "
        '"et al.", so these counts are lower bounds.'
    )
    return [Fact(text=text, citations=[p.id for p in truncated])]


METRIC_PHRASES = {
    "h-index": "an h-index of {}",
    "papers": "{} papers",
    "citations": "{} citations",
    "Novelty": "a Novelty score of {}",
    "AI Score": "an AI Score of {}",
}


def metrics(profile: Profile, names: list[str] | None = None) -> ToolResult:
    """The header metrics as stated (all, or those in ``names``), each with its warnings."""
    stated = {
        k: v
        for k, v in _stated_metrics(profile).items()
        if v is not None and (not names or k in names)
    }
    facts = [
        Fact(
            text=f"The profile header gives {METRIC_PHRASES[k].format(v)}.",
            citations=[PROFILE_SOURCE],
        )
        for k, v in stated.items()
    ]
    warnings = [
        w
        for w in profile.warnings
        if not names or any(k.casefold() in w.casefold() for k in stated)
    ]
    facts += [Fact(text=f"Warning: {w}.", citations=[PROFILE_SOURCE]) for w in warnings]
    return ToolResult(
        tool="metrics",
        args={"names": names} if names else {},
        value={**stated, "warnings": warnings},
        facts=facts,
    )


def _stated_metrics(profile: Profile) -> dict[str, Any]:
    m = profile.metrics
    return {
        "h-index": m.h_index,
        "papers": m.paper_count,
        "citations": m.citation_count,
        "Novelty": None if m.novelty_pct is None else f"{m.novelty_pct:g}%",
        "AI Score": None if m.ai_score is None else f"{m.ai_score:g}",
    }


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


def _args(flt: PaperFilter | None) -> dict[str, Any]:
    return flt.model_dump(exclude_defaults=True) if flt else {}


ToolFn = Callable[..., ToolResult]

TOOLS: dict[str, tuple[ToolFn, str]] = {
    "count_papers": (count_papers, "Count the papers, optionally filtered."),
    "list_papers": (list_papers, "List the papers that match a filter (years, category, code)."),
    "papers_per_year": (papers_per_year, "Paper counts for each year."),
    "papers_per_category": (papers_per_category, "Paper counts for each category."),
    "overview": (overview, "The paper count and the papers per category."),
    "earliest_paper": (earliest_paper, "The oldest paper."),
    "latest_paper": (latest_paper, "The most recent paper."),
    "papers_with_code": (papers_with_code, "Papers that come with code, with code URLs."),
    "coauthors": (coauthors, "Co-authors and on how many listed papers each appears."),
    "metrics": (metrics, "h-index, paper and citation counts, with the profile's warnings."),
}


def run_tool(
    profile: Profile, name: str, flt: PaperFilter | None = None, **options: Any
) -> ToolResult:
    """Run tool ``name`` over ``profile``; the single entry point for routers and LLM tool calls."""
    if name not in TOOLS:
        raise KeyError(f"unknown tool {name!r}")
    fn = TOOLS[name][0]
    return fn(profile, **options) if name == "metrics" else fn(profile, flt, **options)


def tool_schemas() -> list[dict[str, Any]]:
    """OpenAI-style function specs for every tool, sharing the PaperFilter parameters."""
    params = PaperFilter.model_json_schema()
    params["properties"].pop("paper_ids", None)
    return [
        {"type": "function", "function": {"name": name, "description": desc, "parameters": params}}
        for name, (_, desc) in TOOLS.items()
    ]
