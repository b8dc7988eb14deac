"""Exact answers from the structured profile: counts, years, code, co-authors, metrics.

Every tool returns a ToolResult whose ``facts`` are templated sentences, each citing the papers
it is about; the evidence of a cited paper is its own record line (see ``paper_record``).
Header metrics are cited as the pseudo-source ``PROFILE_SOURCE``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.facts import (
    CATEGORY_NAMES,
    PROFILE_SOURCE,
    Fact,
    PaperFilter,
    ToolResult,
    date_phrase,
    filter_args,
    header_record,
    is_of_kind,
    paper_label,
    paper_record,
    publication_kind,
    quoted_title,
    select,
)
from agent.models import Paper, Profile
from agent.qa.breakdown_tools import papers_per_category, papers_per_kind, papers_per_year
from agent.qa.coauthor_tools import coauthors
from agent.qa.metadata_tools import (
    abstracts,
    citation_summary,
    identifiers,
    least_cited,
    most_authors,
    most_cited,
    venues,
)

__all__ = [
    "CATEGORY_NAMES",
    "PROFILE_SOURCE",
    "TOOLS",
    "Fact",
    "PaperFilter",
    "ToolResult",
    "date_phrase",
    "header_record",
    "paper_label",
    "paper_record",
    "run_tool",
    "select",
    "tool_schemas",
]


def count_papers(
    profile: Profile, flt: PaperFilter | None = None, share: bool = False
) -> ToolResult:
    """How many papers the profile lists (optionally filtered); with ``share``, what part of
    all its papers that is."""
    flt = flt or PaperFilter()
    papers = select(profile, flt)
    noun = "paper" if len(papers) == 1 else "papers"
    text = f"The profile lists {len(papers)} {noun}{flt.describe()}."
    narrowed, rest = (
        flt.narrowed_to(len(profile.papers)),
        flt.model_copy(update={"paper_ids": None}).describe(),
    )
    if narrowed and rest:  # "which of those are in Nature?": not the whole profile's count
        verb = "is" if len(papers) == 1 else "are"
        text = f"Of those {narrowed} papers, {len(papers)} {verb}{rest}."
    elif flt.paper_ids is not None and not rest and flt.about is None:  # "how many are there?"
        text = (
            f"That is {len(papers)} {noun}."
            if len(papers) == 1
            else f"Those are {len(papers)} {noun}."
        )
    ids = [p.id for p in papers]
    if cannot := _cannot_select(profile, flt):
        facts = [Fact(text=cannot, citations=[PROFILE_SOURCE])]
        return ToolResult(tool="count_papers", args=filter_args(flt), facts=facts, unknown=True)
    facts = [Fact(text=text, citations=ids or [PROFILE_SOURCE])]
    if share and profile.papers:  # "what proportion of his papers are in Biology?"
        part = round(100 * len(papers) / len(profile.papers))
        facts.append(
            Fact(
                text=f"That is {part}% of the {len(profile.papers)} papers listed.",
                citations=[PROFILE_SOURCE],
            )
        )
    facts += _inferred_year_note(papers)
    if flt == PaperFilter():
        facts += [
            Fact(text=f"Warning: {w}.", citations=[PROFILE_SOURCE])
            for w in profile.warnings
            if w.endswith(" listed")  # "profile says 7 papers; 1 is listed", "... papers listed"
        ]
    header = profile.metrics.paper_count
    if not profile.papers and header:  # an author record with a work count and no works
        text = f"The profile header gives {header} papers; the profile lists none of them."
        facts = [Fact(text=text, citations=[PROFILE_SOURCE])]
        return ToolResult(tool="count_papers", args=filter_args(flt), value=header, facts=facts)
    return ToolResult(
        tool="count_papers", args=filter_args(flt), value=len(papers), paper_ids=ids, facts=facts
    )


def _cannot_select(profile: Profile, flt: PaperFilter) -> str | None:
    """Why the profile cannot tell which papers pass ``flt`` (its records lack the field the
    filter reads), or None when it can."""
    papers, everything = profile.papers, f"it lists {len(profile.papers)} papers in all"
    if flt.author and not any(p.authors for p in papers):  # ORCID works lists
        return (
            "The profile lists no authors for its papers, so it does not say which are "
            f"co-authored with {flt.author}."
        )
    if flt.kind and not any(publication_kind(p) or is_of_kind(p, flt.kind) for p in papers):
        return (
            "The profile's records give no publication types, so it does not say which "
            f"papers are {flt.kind}s; {everything}."
        )
    if flt.venue and not any(p.venue for p in papers):
        return (
            "The profile names no venue for its papers, so it does not say which are in "
            f"{flt.venue}; {everything}."
        )
    if flt.bounds_citations() and all(p.citation_count is None for p in papers):
        bound = flt.citations_only().describe()
        return (
            "The profile gives no citation counts for its papers, so it cannot pick out the "
            f"papers{bound}; {everything}."
        )
    return None


def _inferred_year_note(papers: list[Paper]) -> list[Fact]:
    inferred = [p for p in papers if p.year_inferred]
    if not inferred:
        return []
    verb = "has" if len(inferred) == 1 else "have"
    text = (
        f"{len(inferred)} of these papers {verb} no year in the profile; "
        f"the year was inferred from the date."
    )
    return [Fact(text=text, citations=[p.id for p in inferred])]


def list_papers(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """The papers that pass the filter, one sentence each, preceded by their count."""
    result = count_papers(profile, flt)
    papers = select(profile, flt)
    named_one = len(papers) == 1 and flt is not None and flt.paper_ids is not None
    counted = [] if named_one else result.facts[:1]  # "when was X published?": X, no count
    facts = counted + [_paper_fact(p) for p in papers]
    return result.model_copy(
        update={"tool": "list_papers", "value": [p.id for p in papers], "facts": facts}
    )


def _paper_fact(paper: Paper) -> Fact:
    where = ", ".join(x for x in (paper.category, date_phrase(paper)) if x)
    return Fact(text=f"{quoted_title(paper)} ({where}).", citations=[paper.id])


def overview(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """What the papers are about at a glance: the paper count, then papers per category (the
    papers themselves when none has a category: "1 paper is without a category" says nothing)."""
    if not any(p.category for p in select(profile, flt)):
        return list_papers(profile, flt).model_copy(update={"tool": "overview"})
    count = count_papers(profile, flt)
    per_category = papers_per_category(profile, flt)
    return ToolResult(
        tool="overview",
        args=filter_args(flt),
        value=per_category.value,
        paper_ids=count.paper_ids,
        facts=count.facts[:1] + per_category.facts,
    )


def earliest_paper(
    profile: Profile, flt: PaperFilter | None = None, top: int = 1, span: bool = False
) -> ToolResult:
    """The oldest dated paper (the ``top`` oldest, oldest first); with ``span``, the latest
    too and the years between ("how long has she been publishing?")."""
    result = _extreme(profile, flt, latest=False, top=top)
    if not span or result.unknown or not result.facts:
        return result
    latest = _extreme(profile, flt, latest=True, top=1)
    first, last = profile.paper(result.paper_ids[0]), profile.paper(latest.paper_ids[0])
    if first is None or last is None or first.id == last.id:
        return result
    years = f"{first.year} to {last.year}" if first.year and last.year else ""
    text = f"The most recent is {quoted_title(last)}, dated {date_phrase(last)}"
    text += f": the papers listed span {years}." if years else "."
    facts = [*result.facts, Fact(text=text, citations=[last.id])]
    return result.model_copy(update={"facts": facts, "paper_ids": [first.id, last.id]})


def latest_paper(profile: Profile, flt: PaperFilter | None = None, top: int = 1) -> ToolResult:
    """The most recent dated paper (the ``top`` latest, newest first; inferred years are said
    to be inferred)."""
    return _extreme(profile, flt, latest=True, top=top)


def _extreme(profile: Profile, flt: PaperFilter | None, latest: bool, top: int) -> ToolResult:
    name = "latest_paper" if latest else "earliest_paper"
    chosen = select(profile, flt)
    dated = [p for p in chosen if p.date is not None or p.year is not None]
    which = "most recent" if latest else "earliest"
    spanned = flt.describe() if flt else ""
    if not dated and chosen:  # "his first paper on PI3K": the two found carry no date
        text = _undated(len(chosen), spanned)
        return ToolResult(
            tool=name,
            args=filter_args(flt),
            paper_ids=[p.id for p in chosen],
            facts=[Fact(text=text, citations=[p.id for p in chosen])],
            unknown=True,
        )
    if not dated:
        return ToolResult(tool=name, args=filter_args(flt), value=None)
    ranked = sorted(dated, key=Paper.chronological_key, reverse=latest)[: max(top, 1)]
    paper = ranked[0]
    if len(ranked) == 1:
        text = (
            f"The {which} paper listed{spanned} is {quoted_title(paper)}, "
            f"dated {date_phrase(paper)}."
        )
        return ToolResult.over(
            name, flt, paper.id, [paper], [Fact(text=text, citations=[paper.id])]
        )
    facts = [
        Fact(
            text=f"The {len(ranked)} {which} papers listed{spanned} are these.",
            citations=[p.id for p in ranked],
        )
    ]
    facts += [
        Fact(text=f"{quoted_title(p)}, dated {date_phrase(p)}.", citations=[p.id]) for p in ranked
    ]
    return ToolResult.over(name, flt, [p.id for p in ranked], ranked, facts)


def _undated(count: int, spanned: str) -> str:
    """'The paper listed about X has no date ...', 'Neither of the 2 papers ... has a date ...'."""
    if count == 1:
        return f"The paper listed{spanned} has no date in the profile."
    which = "Neither" if count == 2 else "None"
    return f"{which} of the {count} papers listed{spanned} has a date in the profile."


def papers_with_code(
    profile: Profile, flt: PaperFilter | None = None, missing: bool = False
) -> ToolResult:
    """Papers marked with code and their code URLs where the profile gives one; ``missing``:
    the papers without code (a source that marks code on no paper cannot tell, and says so)."""
    marked = any(p.has_code for p in profile.papers)  # S2, ORCID: no record marks code
    if missing and not marked:
        text = "The profile marks code on none of its papers, so it does not say which lack it."
        facts = [Fact(text=text, citations=[PROFILE_SOURCE])]
        return ToolResult(tool="papers_with_code", args=filter_args(flt), facts=facts, unknown=True)
    flt = (flt or PaperFilter()).model_copy(update={"has_code": not missing})
    papers = select(profile, flt)
    noun, verb = ("paper", "comes") if len(papers) == 1 else ("papers", "come")
    scope = flt.model_copy(update={"has_code": None}).describe()  # " from 2024"
    how = "without" if missing else "with"
    if not papers and len(flt.paper_ids or []) == 1 and not missing:  # "does it have code?"
        (paper,) = select(profile, flt.model_copy(update={"has_code": None}))
        text = f"{quoted_title(paper)} ({paper.year}) has no code in the profile."
        facts = [Fact(text=text, citations=[paper.id])]
        return ToolResult.over("papers_with_code", flt, [], [paper], facts)
    narrowed = flt.narrowed_to(len(profile.papers))
    said = f"Of those {narrowed} papers, {len(papers)}" if narrowed else f"{len(papers)} {noun}"
    facts = [
        Fact(
            text=f"{said}{'' if narrowed else scope} {verb} {how} code.",
            citations=[p.id for p in papers] or [PROFILE_SOURCE],
        )
    ]
    if not marked:
        text = "The profile marks code on none of its papers."
        facts.append(Fact(text=text, citations=[PROFILE_SOURCE]))
    for paper in papers:
        where = f"code at {paper.code_url}" if paper.code_url else "the profile gives no code URL"
        said = " has no code in the profile" if missing else f": {where}"
        facts.append(
            Fact(text=f"{quoted_title(paper)} ({paper.year}){said}.", citations=[paper.id])
        )
    value = [{"paper_id": p.id, "code_url": p.code_url} for p in papers]
    return ToolResult.over("papers_with_code", flt, value, papers, facts)


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
    if not stated:  # "what's the h-index?" of a papers list with no author header
        asked, listed = " or ".join(names or ["metrics"]), len(profile.papers)
        text = f"The profile states no {asked} for {profile.name}; it lists {listed} papers."
        facts = [Fact(text=text, citations=[PROFILE_SOURCE])]
        args = {"names": names} if names else {}
        return ToolResult(tool="metrics", args=args, facts=facts, unknown=True)
    return ToolResult(
        tool="metrics",
        args={"names": names} if names else {},
        value={**stated, "warnings": warnings},
        facts=facts,
    )


def affiliation(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """The affiliation the profile's header states (no fact, so a refusal, when it states none)."""
    stated = profile.affiliation
    facts = (
        [
            Fact(
                text=f"The profile gives {profile.name}'s affiliation as {stated}.",
                citations=[PROFILE_SOURCE],
            )
        ]
        if stated
        else []
    )
    return ToolResult(tool="affiliation", value=stated, facts=facts)


def _stated_metrics(profile: Profile) -> dict[str, Any]:
    m = profile.metrics
    return {
        "h-index": m.h_index,
        "papers": m.paper_count,
        "citations": m.citation_count,
        "Novelty": None if m.novelty_pct is None else f"{m.novelty_pct:g}%",
        "AI Score": None if m.ai_score is None else f"{m.ai_score:g}",
    }


ToolFn = Callable[..., ToolResult]

TOOLS: dict[str, tuple[ToolFn, str]] = {
    "count_papers": (count_papers, "Count the papers, optionally filtered."),
    "list_papers": (list_papers, "List the papers that match a filter (years, category, code)."),
    "papers_per_year": (papers_per_year, "Paper counts for each year (or by_decade)."),
    "papers_per_category": (papers_per_category, "Paper counts for each category."),
    "papers_per_kind": (papers_per_kind, "Paper counts for each kind (journal article, ...)."),
    "overview": (overview, "The paper count and the papers per category."),
    "earliest_paper": (earliest_paper, "The oldest paper."),
    "latest_paper": (latest_paper, "The most recent paper."),
    "papers_with_code": (papers_with_code, "Papers that come with code, with code URLs."),
    "coauthors": (coauthors, "Co-authors and on how many listed papers each appears."),
    "most_authors": (most_authors, "The papers with the longest author lists."),
    "metrics": (metrics, "h-index, paper and citation counts, with the profile's warnings."),
    "affiliation": (affiliation, "The affiliation the profile states."),
    "most_cited": (most_cited, "The papers with the most citations."),
    "least_cited": (least_cited, "The papers with the fewest citations."),
    "citation_summary": (citation_summary, "Citations of the papers added up and per paper."),
    "venues": (venues, "Journals and conferences the papers appeared in, by paper count."),
    "abstracts": (abstracts, "How many papers have an abstract."),
    "identifiers": (identifiers, "Papers with a DOI or arXiv id (kind), or without (missing)."),
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
    internal_fields = ("paper_ids", "about", "narrowed_from", "first_author", "last_author")
    internal_fields += ("excluding",)
    for internal in internal_fields:  # set by the flow
        params["properties"].pop(internal, None)
    return [
        {"type": "function", "function": {"name": name, "description": desc, "parameters": params}}
        for name, (_, desc) in TOOLS.items()
    ]
