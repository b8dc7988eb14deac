"""Papers counted per group: per year or decade (the busiest first), per category, per kind of
publication. Each group's sentence cites its papers."""

from __future__ import annotations

from collections import Counter

from agent.facts import (
    PROFILE_SOURCE,
    Fact,
    PaperFilter,
    ToolResult,
    category_label,
    filter_args,
    publication_kind,
    select,
)
from agent.models import Paper, Profile


def papers_per_year(
    profile: Profile, flt: PaperFilter | None = None, by_decade: bool = False
) -> ToolResult:
    """Paper counts for each year (or decade), newest first, the busiest ahead."""
    papers = select(profile, flt)
    period = _decade_of if by_decade else _year_of
    counts = Counter(period(p.year) for p in papers if p.year is not None)
    facts = [
        _group_fact(f"from {when}", [p for p in papers if p.year and period(p.year) == when])
        for when in sorted(counts, reverse=True)
    ]
    undated = [p for p in papers if p.year is None]
    if undated:
        facts.append(_group_fact("without a date", undated))
    value = dict(sorted(counts.items(), reverse=True))
    peak = _peak(counts, [(p, period(p.year)) for p in papers if p.year])
    return ToolResult.over("papers_per_year", flt, value, papers, peak + facts)


def _year_of(year: int) -> str:
    return str(year)


def _decade_of(year: int) -> str:
    return f"the {year // 10 * 10}s"


def _peak(counts: Counter[str], dated: list[tuple[Paper, str]]) -> list[Fact]:
    """'2016 has the most papers, 8' ahead of the table ("in which year did he publish the
    most?"); none for a single year."""
    if len(counts) < 2:
        return []
    most = max(counts.values())
    peaks = sorted(when for when, n in counts.items() if n == most)
    cited = [p.id for p, when in dated if when in peaks]
    if len(peaks) == 1:
        verb = "have" if peaks[0].startswith("the ") else "has"  # "the 1980s have"
        text = f"{peaks[0].capitalize()} {verb} the most papers, {most}."
        return [Fact(text=text, citations=cited)]
    named = ", ".join(peaks[:-1]) + f" and {peaks[-1]}"
    return [Fact(text=f"{named.capitalize()} have the most papers, {most} each.", citations=cited)]


def papers_per_category(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """Paper counts for each category code, largest first."""
    papers = select(profile, flt)
    counts = Counter(p.category or "none" for p in papers)
    facts = [
        _group_fact(
            f"in {category_label(c)}" if c != "none" else "without a category",
            [p for p in papers if (p.category or "none") == c],
        )
        for c, _ in counts.most_common()
    ]
    return ToolResult.over("papers_per_category", flt, dict(counts.most_common()), papers, facts)


def papers_per_kind(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """Paper counts for each kind of publication the sources file (journal article,
    conference paper, preprint, ...), largest first; papers of no known kind counted apart."""
    papers = select(profile, flt)
    kinds = {p.id: publication_kind(p) for p in papers}
    counts = Counter(kind for kind in kinds.values() if kind)
    facts = [
        _group_fact(f"filed as {kind}s", [p for p in papers if kinds[p.id] == kind])
        for kind, _ in counts.most_common()
    ]
    unfiled = [p for p in papers if kinds[p.id] is None]
    if not counts:
        text = "The profile files none of its papers as a kind of publication."
        facts = [Fact(text=text, citations=[PROFILE_SOURCE])]
        return ToolResult(tool="papers_per_kind", args=filter_args(flt), facts=facts, unknown=True)
    if unfiled:
        facts.append(_group_fact("of no stated kind", unfiled))
    return ToolResult.over("papers_per_kind", flt, dict(counts.most_common()), papers, facts)


def _group_fact(phrase: str, papers: list[Paper]) -> Fact:
    noun = "paper is" if len(papers) == 1 else "papers are"
    return Fact(text=f"{len(papers)} {noun} {phrase}.", citations=[p.id for p in papers])
