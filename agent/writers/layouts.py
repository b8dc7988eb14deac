"""Which plans make a bio, a research statement, or a grant section, in reading order.

Each plan's ``priority`` says what survives when a length limit bites (lower stays longer);
list order is reading order.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.models import Paper
from agent.sources.merge import distinct_works
from agent.writers.connections import connection
from agent.writers.plans import (
    Material,
    SentencePlan,
    affiliation,
    best_claim,
    code,
    collaborators,
    contribution,
    most_cited,
    opening,
    publication,
    scope,
    trajectory,
    venues,
)
from agent.writers.resources import resources
from agent.writers.themes import Theme

OTHER_WORK = "Other work"


def claimed(
    m: Material, theme: Theme, kinds: tuple[str, ...] = ("method", "result", "analysis")
) -> list[tuple[str, object]]:
    """(paper id, best claim) for the theme's papers that have one, most central first."""
    found = [(pid, best_claim(m, pid, kinds)) for pid in theme.paper_ids]
    return [(pid, c) for pid, c in found if c is not None]


def bio_plans(m: Material) -> list[SentencePlan]:
    """Opening, then per theme its central contributions and its years, then what connects
    the main themes, then collaborators."""
    multi, single = m.multi(), m.single()
    plans = [opening(m, multi or single), affiliation(m, priority=3)]
    count = 0
    for i, theme in enumerate(multi):
        found, lead = leading(m, claimed(m, theme))
        for k, (pid, claim) in enumerate(found[:3]):
            plans.append(
                contribution(
                    m,
                    pid,
                    claim,
                    theme,
                    priority=1 + i + 12 * k,
                    index=count,
                    lead=lead if k == 0 else None,
                )
            )
            count += 1
        if found:
            plans[-min(3, len(found))].facts["turn"] = i  # leads word their 'why' by turns
        plans.append(trajectory(m, theme, priority=8 + 2 * i, index=i))
    link = connection(m, multi[:3], priority=5)
    plans.append(link)
    for j, theme in enumerate(single):
        for pid, claim in claimed(m, theme)[:1]:
            plans.append(contribution(m, pid, claim, theme, priority=40 + j, index=count))
            count += 1
    plans += [most_cited(m, priority=9), venues(m, priority=14)]
    linked = link.facts.get("coauthor") if link is not None else None
    plans += [*_not_named_again(collaborators(m, priority=11), linked, m), code(m, priority=13)]
    return in_turn([p for p in plans if p is not None], "trajectory")


def _not_named_again(
    plans: list[SentencePlan], coauthor: str | None, m: Material
) -> list[SentencePlan]:
    """The collaborator plans but the one about ``coauthor``, whom the sentence connecting two
    themes already names (two sentences on Panos Nasiopoulos in a bio of 120 words)."""
    if coauthor is None:
        return plans
    from agent.people import profile_people

    people = profile_people(m.profile)
    return [p for p in plans if people.key(p.facts["name"]) != people.key(coauthor)]


def in_turn(plans: list[SentencePlan], kind: str) -> list[SentencePlan]:
    """The plans with those of ``kind`` numbered in reading order, so that their shapes turn
    one after another (a theme with no such plan leaves no gap that repeats a shape)."""
    for n, plan in enumerate(p for p in plans if p.kind == kind):
        plan.index = n
    return plans


def leading(
    m: Material, found: list[tuple[str, object]]
) -> tuple[list[tuple[str, object]], str | None]:
    """A theme's claimed papers with its most important first: the most cited when the source
    counts citations for two or more of them, else the most recent; and which it is."""
    counted = [(pid, c) for pid, c in found if m.paper(pid).citation_count is not None]
    dated = [(pid, c) for pid, c in found if m.paper(pid).year is not None]
    if len(counted) >= 2:
        top, why = max(counted, key=lambda f: m.paper(f[0]).citation_count or 0), "most_cited"
    elif len(dated) >= 2:
        top, why = max(dated, key=lambda f: m.paper(f[0]).chronological_key()), "most_recent"
    else:
        return found, None
    return [top, *(f for f in found if f[0] != top[0])], why


def statement_plans(m: Material) -> list[SentencePlan]:
    """An overview, then per theme: what, methods, results, and where it is going."""
    plans = [_in(opening(m, m.multi() or m.single()), "Overview")]
    count = 0
    for theme in m.multi():
        section = theme.name[:1].upper() + theme.name[1:]
        theme_plans, count = _theme_section(m, theme, section, count)
        plans += theme_plans
    for theme in m.single():
        for pid, claim in claimed(m, theme)[:1]:
            plans.append(
                contribution(m, pid, claim, theme, priority=50, index=count, section=OTHER_WORK)
            )
            count += 1
    return [p for p in plans if p is not None]


def _theme_section(
    m: Material, theme: Theme, section: str, count: int
) -> tuple[list[SentencePlan | None], int]:
    plans: list[SentencePlan | None] = [scope(m, theme, priority=2, section=section)]
    used: set[str] = set()
    latest_id = _latest(m, theme)
    for kinds in (("method",), ("result", "analysis")):
        for pid, claim in [x for x in claimed(m, theme, kinds) if x[0] != latest_id][:2]:
            if pid in used and kinds != ("method",):
                continue
            plans.append(
                contribution(m, pid, claim, theme, priority=3, index=count, section=section)
            )
            used.add(pid)
            count += 1
    plans.append(trajectory(m, theme, priority=4, index=count, section=section))
    latest_claim = best_claim(m, latest_id) if latest_id else None
    if latest_claim is not None:
        plans.append(
            contribution(
                m,
                latest_id,
                latest_claim,
                theme,
                priority=4,
                index=count,
                section=section,
                latest=True,
            )
        )
    return plans, count


RECENT_YEARS = 2
"""A theme's newest paper is 'most recent' only within this many years of the profile's newest."""


def _latest(m: Material, theme: Theme) -> str | None:
    dated = [m.paper(pid) for pid in theme.paper_ids if m.paper(pid).year]
    if len(dated) < 2:
        return None
    last = max(dated, key=Paper.chronological_key)
    newest = max((p.year for p in m.profile.papers if p.year), default=last.year)
    # 'Most recently, in 2022' misleads when the profile runs to 2026: the theme has gone quiet
    return last.id if last.year and newest - last.year <= RECENT_YEARS else None


def _in(plan: SentencePlan | None, section: str) -> SentencePlan | None:
    if plan is not None:
        plan.section = section
    return plan


def section_plans(m: Material, kind: str, section: str, style: str = "plain") -> list[SentencePlan]:
    """The plans of one grant-template section of the given kind (not contributions: see
    ``contribution_parts``)."""
    if kind == "products":
        return [
            publication(m, pid, priority=i, section=section, style=style)
            for i, pid in enumerate(_central_papers(m))
        ]
    if kind == "summary":
        plans = summary_plans(m)
    elif kind == "synergistic":
        plans = resources(m, priority=0)
    elif kind == "themes":
        plans = []
        for i, theme in enumerate(m.multi()):
            plans.append(scope(m, theme, priority=i, section=section, index=i))
            plans += [
                contribution(m, pid, c, theme, priority=i, index=i)
                for pid, c in claimed(m, theme)[:1]
            ]
    else:
        plans = bio_plans(m)
    return [_in(p, section) for p in plans if p is not None]


def summary_plans(m: Material) -> list[SentencePlan]:
    """What the work covers without per-paper claims (those are the contributions'): the
    opening, each main theme's years, the most cited paper, venues, released code."""
    multi = m.multi()
    plans = [opening(m, multi or m.single())]
    plans += [trajectory(m, t, priority=2 + i, index=i) for i, t in enumerate(multi)]
    plans += [most_cited(m, priority=1), code(m, priority=6), venues(m, priority=7)]
    return in_turn([p for p in plans if p is not None], "trajectory")


@dataclass
class ContributionPart:
    """One contribution of a biosketch: a heading, its paragraph's plans, its products."""

    heading: str
    prose: list[SentencePlan]
    products: list[SentencePlan]


def contribution_parts(
    m: Material, heading: str, parts: int | None, products: int | None, style: str
) -> list[ContributionPart]:
    """One part per main theme, largest first: what the theme covers and what its leading
    papers did (the most important first, see ``leading``; the leading title alone where no
    paper has an abstract), then up to ``products`` of its works, those the paragraph cites
    first."""
    parts_found = []
    for i, theme in enumerate(m.multi()[:parts]):
        title = f"{heading} {i + 1}: {theme.name[:1].upper()}{theme.name[1:]}"
        # a theme whose papers have no abstract is told by its leading paper's title
        said = claimed(m, theme)
        claims, lead = leading(m, said or [(pid, None) for pid in theme.paper_ids])
        claims = claims if said else claims[:1]
        prose = [scope(m, theme, priority=3, section=title, index=i)]
        prose += [
            contribution(
                m,
                pid,
                claim,
                theme,
                priority=k,
                index=i + k,
                section=title,
                lead=lead if k == 0 else None,
            )
            for k, (pid, claim) in enumerate(claims[:3])
        ]
        cited = [pid for pid, _ in claims[:3]]
        ordered = one_per_work(m, [*cited, *(p for p in theme.paper_ids if p not in cited)])
        listed = [
            publication(m, pid, priority=k, section=title, style=style)
            for k, pid in enumerate(ordered[:products])
        ]
        parts_found.append(ContributionPart(title, [p for p in prose if p is not None], listed))
    return parts_found


def _central_papers(m: Material) -> list[str]:
    """One paper per theme (its most central), then each theme's next, and so on."""
    columns = [t.paper_ids for t in m.multi()] or [t.paper_ids for t in m.single()]
    depth = max((len(c) for c in columns), default=0)
    return one_per_work(m, [c[k] for k in range(depth) for c in columns if k < len(c)])


def one_per_work(m: Material, paper_ids: list[str]) -> list[str]:
    """One id per work, in first-seen order: a work listed several times (an ORCID record's
    copies of one work, a preprint and its publication) is listed once, as the copy whose
    record is fullest."""
    works = distinct_works([m.paper(pid) for pid in paper_ids])
    return [max(copies, key=_fullness).id for copies in works]


def _fullness(paper: Paper) -> tuple[int, int]:
    fields = (paper.doi, paper.venue, paper.year, paper.authors, paper.abstract)
    return sum(1 for x in fields if x), len(paper.authors)
