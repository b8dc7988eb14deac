"""Research areas from the profile's themes: what "What does she work on?" asks for (the same
themes `themes` prints and the writers write about), not paper counts per category."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.facts import Fact, PaperFilter, ToolResult, filter_args, select
from agent.models import Paper, Profile
from agent.writers.themes import Theme, is_theme, map_themes

if TYPE_CHECKING:
    from agent.protocols import Embedder


FEW_PAPERS = 8  # papers in no theme that are listed by title rather than counted per category


def research_areas(
    profile: Profile, flt: PaperFilter | None, embedder: Embedder, over_time: bool = False
) -> ToolResult:
    """The themes of the (filtered) papers, largest first (``over_time``: in the order they
    first appear), each with its papers and years; papers that may be a namesake's are said
    apart. Without themes: the papers (a few) or the category overview."""
    from agent.qa.tools import list_papers, overview

    papers = select(profile, flt)
    scoped = profile if len(papers) == len(profile.papers) else _only(profile, papers)
    found = map_themes(scoped, embedder) if papers else None
    themes = [t for t in found.themes if is_theme(t, scoped)] if found else []
    if (found is None or not themes) and len(papers) <= FEW_PAPERS:  # their titles say it
        return list_papers(profile, flt).model_copy(update={"tool": "research_areas"})
    if found is None or not themes:
        return overview(profile, flt)
    other = [pid for t in found.themes if not is_theme(t, scoped) for pid in t.paper_ids]
    themes.sort(key=lambda t: -len(t.paper_ids))
    if over_time:
        themes.sort(key=lambda t: min(t.years, default=9999))
    listed = [pid for t in themes for pid in t.paper_ids]
    noun = "theme" if len(themes) == 1 else "themes"
    order = ", in the order they first appear" if over_time and len(themes) > 1 else ""
    span = flt.describe() if flt is not None else ""
    count = f"{len(listed)} of the {len(papers)} papers{span}"
    lead = f"{count} fall into {len(themes)} research {noun}{order}."
    facts = [Fact(text=lead, citations=listed)]
    facts += [Fact(text=_theme_sentence(t), citations=list(t.paper_ids)) for t in themes]
    if other:
        n = len(other)
        facts.append(
            Fact(
                text=f"{n} other paper{' shares' if n == 1 else 's share'} no theme with the rest.",
                citations=other,
            )
        )
    if found.flagged:
        flagged = [f.paper_id for f in found.flagged]
        facts.append(
            Fact(
                text=f"{len(flagged)} papers may be a namesake's and are in no theme "
                "(the `themes` command says why).",
                citations=flagged,
            )
        )
    return ToolResult(
        tool="research_areas",
        args={**filter_args(flt), **({"over_time": True} if over_time else {})},
        value={t.name: len(t.paper_ids) for t in themes},
        paper_ids=listed,
        facts=facts,
    )


def _theme_sentence(theme: Theme) -> str:
    name = theme.name[:1].upper() + theme.name[1:]
    count = f"{len(theme.paper_ids)} paper" + ("" if len(theme.paper_ids) == 1 else "s")
    years = sorted(set(theme.years))
    span = "" if not years else f", {years[0]}" if len(years) == 1 else f", {years[0]}–{years[-1]}"
    return f"{name}: {count}{span}."


def _only(profile: Profile, papers: list[Paper]) -> Profile:
    return profile.model_copy(update={"papers": papers})
