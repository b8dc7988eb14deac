"""Exact answers from per-paper metadata: citation counts, venues, abstracts.

Each tool cites the papers whose record lines carry the numbers and names it states (the record
line holds the venue and the citation count, see ``facts.paper_record``).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable

from agent.facts import (
    PROFILE_SOURCE,
    Fact,
    PaperFilter,
    ToolResult,
    citations_phrase,
    filter_args,
    paper_label,
    publication_kind,
    quoted_title,
    select,
)
from agent.models import Paper, Profile
from agent.venues import abbreviated_name, on_preprint_server, venue_key, venue_name


def most_cited(profile: Profile, flt: PaperFilter | None = None, top: int = 3) -> ToolResult:
    """The papers with the most citations, as the source counts them."""
    return _ranked_by_citations(profile, flt, top, most=True)


def least_cited(profile: Profile, flt: PaperFilter | None = None, top: int = 3) -> ToolResult:
    """The papers with the fewest citations (zero included)."""
    return _ranked_by_citations(profile, flt, top, most=False)


def _ranked_by_citations(
    profile: Profile, flt: PaperFilter | None, top: int, most: bool
) -> ToolResult:
    name = "most_cited" if most else "least_cited"
    papers = select(profile, flt)
    counted = [p for p in papers if p.citation_count is not None]
    if not counted:
        facts = _no_counts(profile, papers)
        return ToolResult(tool=name, args=filter_args(flt), facts=facts, unknown=True)
    ranked = sorted(counted, key=lambda p: -p.citation_count if most else p.citation_count)
    shown = _with_ties(ranked, top)
    scope = flt.describe() if flt else ""
    facts = _citation_ranking_facts(shown, scope, most)
    if len(counted) < len(papers):
        facts.append(_uncounted_note(len(papers) - len(counted), len(papers)))
    value = [{"paper_id": p.id, "citations": p.citation_count} for p in shown]
    ids = [p.id for p in shown]
    return ToolResult(tool=name, args=filter_args(flt), value=value, paper_ids=ids, facts=facts)


def _with_ties(ranked: list[Paper], top: int) -> list[Paper]:
    """The ``top`` papers and every other paper tied with the last of them (8 papers with 0
    citations are the least cited, not the 3 that sort first)."""
    if len(ranked) <= top:
        return ranked
    cut = ranked[top - 1].citation_count
    return ranked[:top] + [p for p in ranked[top:] if p.citation_count == cut]


def _citation_ranking_facts(shown: list[Paper], scope: str, most: bool) -> list[Fact]:
    """The lead paper and its runners-up; when several share the lead's count, that first."""
    count = shown[0].citation_count
    tied = [p for p in shown if p.citation_count == count]
    if len(tied) == 1:
        which = "most" if most else "least"
        return _ranked_facts(
            shown,
            f"The {which} cited paper listed{scope}",
            lambda p: citations_phrase(p.citation_count),
        )
    lead = Fact(
        text=f"{len(tied)} papers listed{scope} have {citations_phrase(count)}, "
        f"the {'most' if most else 'fewest'} of any.",
        citations=[p.id for p in tied],
    )
    each = [
        Fact(text=f"{paper_label(p)} has {citations_phrase(p.citation_count)}.", citations=[p.id])
        for p in shown
    ]
    return [lead, *each]


def _ranked_facts(ranked: list[Paper], lead: str, measure: Callable[[Paper], str]) -> list[Fact]:
    """The first paper as the lead sentence ("<lead> is X, with N ..."), the rest as runners-up."""
    head = ranked[0]
    lead_text = f"{lead} is {paper_label(head)}, with {measure(head)}."
    facts = [Fact(text=lead_text, citations=[head.id])]
    rest = [Fact(text=f"{paper_label(p)} has {measure(p)}.", citations=[p.id]) for p in ranked[1:]]
    return facts + rest


def _no_counts(profile: Profile, papers: list[Paper]) -> list[Fact]:
    text = "The profile gives no citation count for any single paper"
    total = profile.metrics.citation_count
    if total is not None:
        return [
            Fact(
                text=f"{text}; its header gives {total} citations in all.",
                citations=[PROFILE_SOURCE],
            )
        ]
    return [Fact(text=f"{text}.", citations=[p.id for p in papers][:5] or [PROFILE_SOURCE])]


def _one_paper_citations(paper: Paper, flt: PaperFilter) -> ToolResult:
    count = paper.citation_count
    text = (
        f"{quoted_title(paper)} has {citations_phrase(count)} in the profile."
        if count is not None
        else f"The profile gives no citation count for {quoted_title(paper)}."
    )
    return ToolResult(
        tool="citation_summary",
        args=filter_args(flt),
        value={"papers": 1, "citations": count} if count is not None else None,
        paper_ids=[paper.id],
        facts=[Fact(text=text, citations=[paper.id])],
        unknown=count is None,
    )


def _uncounted_note(missing: int, total: int) -> Fact:
    return Fact(
        text=f"{missing} of the {total} papers have no citation count in the profile.",
        citations=[PROFILE_SOURCE],
    )


def citation_summary(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """The papers' citations added up and per paper, beside the header's figure."""
    papers = select(profile, flt)
    counted = [p for p in papers if p.citation_count is not None]
    if len(papers) == 1 and (flt is not None and flt.paper_ids or len(profile.papers) == 1):
        return _one_paper_citations(papers[0], flt or PaperFilter())  # "how often was OES cited?"
    if not counted:
        return ToolResult(  # the header's total, when it gives one, is what it can say
            tool="citation_summary",
            args=filter_args(flt),
            facts=_no_counts(profile, papers),
            unknown=profile.metrics.citation_count is None,
        )
    total = sum(p.citation_count or 0 for p in counted)
    mean, median = total / len(counted), statistics.median(p.citation_count for p in counted)
    ids = [p.id for p in counted]
    facts = [
        Fact(
            text=f"The {len(counted)} papers with a citation count have {total} citations "
            f"together, {mean:.1f} per paper"
            + (f" (the median is {median:g})." if len(counted) > 2 else "."),
            citations=ids,
        )
    ]
    header = profile.metrics.citation_count
    if header is not None and not (flt and filter_args(flt)):
        facts.append(_header_comparison(header, total))
    if len(counted) < len(papers):
        facts.append(_uncounted_note(len(papers) - len(counted), len(papers)))
    value = {
        "papers": len(counted),
        "citations": total,
        "per_paper": round(mean, 2),
        "median": median,
        "header_citations": header,
    }
    return ToolResult(
        tool="citation_summary", args=filter_args(flt), value=value, paper_ids=ids, facts=facts
    )


def _header_comparison(header: int, total: int) -> Fact:
    if header == total:
        return Fact(
            text=f"The profile header gives the same total, {header}.", citations=[PROFILE_SOURCE]
        )
    return Fact(
        text=f"Warning: the profile header gives {header} citations, not {total}; the header may "
        "count papers the profile does not list, or be of another date.",
        citations=[PROFILE_SOURCE],
    )


def venues(
    profile: Profile,
    flt: PaperFilter | None = None,
    top: int = 8,
    journals: bool = False,
    count: bool = False,
) -> ToolResult:
    """Where the papers appeared: venues by number of papers; ``journals``: journals alone (no
    preprint server, no paper filed as a conference paper or a preprint); ``count``: how many
    distinct venues first (the answer's value)."""
    papers = select(profile, flt)
    placed = [p for p in papers if p.venue]
    if journals:
        placed = [p for p in placed if not _outside_journals(p)]
    if len(papers) == 1 and flt is not None and flt.paper_ids:  # "where did X appear?"
        paper = papers[0]
        text = (
            f"{paper_label(paper)} appeared in {paper.venue}."
            if paper.venue
            else f"The profile names no venue for {paper_label(paper)}."
        )
        facts = [Fact(text=text, citations=[paper.id])]
        found = ToolResult.over(
            "venues", flt, {paper.venue: 1} if paper.venue else {}, papers, facts
        )
        return found.model_copy(update={"unknown": not paper.venue})
    if not placed:
        facts = [
            Fact(
                text="The profile names no venue for any of these papers.",
                citations=[p.id for p in papers][:5] or [PROFILE_SOURCE],
            )
        ]
        return ToolResult(tool="venues", args=filter_args(flt), facts=facts, unknown=True)
    groups: dict[str, list[Paper]] = {}
    for p in placed:
        groups.setdefault(venue_key(p.venue), []).append(p)
    groups = _abbreviations_joined(groups)
    counts = Counter({key: len(group) for key, group in groups.items()})
    shown = {key: venue_name([p.venue or "" for p in group]) for key, group in groups.items()}
    facts = []
    for key, n in counts.most_common(top):
        noun = "paper is" if n == 1 else "papers are"
        facts.append(
            Fact(text=f"{n} {noun} in {shown[key]}.", citations=[p.id for p in groups[key]])
        )
    if len(counts) > top:
        facts.append(
            Fact(
                text=f"{len(counts) - top} more venues have fewer papers.",
                citations=[PROFILE_SOURCE],
            )
        )
    if journals and (apart := sum(1 for p in papers if p.venue and _outside_journals(p))):
        noun = "paper" if apart == 1 else "papers"
        text = f"{apart} {noun} on preprint servers or at conferences are left out."
        facts.append(Fact(text=text, citations=[PROFILE_SOURCE]))
    missing = len(papers) - len([p for p in papers if p.venue])
    if missing:
        have = "paper has" if missing == 1 else "papers have"
        facts.append(
            Fact(text=f"{missing} {have} no venue in the profile.", citations=[PROFILE_SOURCE])
        )
    value = {shown[k]: n for k, n in counts.most_common()}
    if count:  # "how many different journals?": the number first, then the venues
        noun = ("journal" if journals else "venue") + ("" if len(counts) == 1 else "s")
        text = f"The papers appeared in {len(counts)} different {noun}."
        facts.insert(0, Fact(text=text, citations=[p.id for p in placed]))
        return ToolResult.over("venues", flt, len(counts), placed, facts)
    return ToolResult.over("venues", flt, value, placed, facts)


def _abbreviations_joined(groups: dict[str, list[Paper]]) -> dict[str, list[Paper]]:
    """Venue groups whose name abbreviates another group's ('J. Symb. Log.' of 'Journal of
    Symbolic Logic') joined into that group."""
    joined = dict(groups)
    for key, papers in groups.items():
        short = papers[0].venue
        into = next(
            (k for k, ps in joined.items() if k != key and abbreviated_name(short, ps[0].venue)),
            None,
        )
        if into is not None and key in joined:
            joined[into] = joined[into] + joined.pop(key)
    return joined


def _outside_journals(paper: Paper) -> bool:
    """A paper on a preprint server or filed as a conference paper or preprint."""
    kind = publication_kind(paper)
    return on_preprint_server(paper.venue) or kind in ("conference paper", "preprint")


def abstracts(profile: Profile, flt: PaperFilter | None = None) -> ToolResult:
    """How many papers come with an abstract, and which do not."""
    papers = select(profile, flt)
    with_text = [p for p in papers if p.abstract]
    without = [p for p in papers if not p.abstract]
    if len(papers) == 1:  # "does X have an abstract?", or a profile of one paper
        has = "has an abstract" if with_text else "has no abstract"
        facts = [
            Fact(text=f"{paper_label(papers[0])} {has} in the profile.", citations=[papers[0].id])
        ]
        value = {"with_abstract": len(with_text), "without": len(without)}
        return ToolResult.over("abstracts", flt, value, papers, facts)
    facts = [
        Fact(
            text=f"{len(with_text)} of the {len(papers)} papers listed have an abstract"
            + (f" and {len(without)} have none." if without else "."),
            citations=[p.id for p in papers] or [PROFILE_SOURCE],
        )
    ]
    if without and with_text:
        facts += [
            Fact(text=f"{paper_label(p)} has no abstract in the profile.", citations=[p.id])
            for p in without[:5]
        ]
    value = {"with_abstract": len(with_text), "without": len(without)}
    return ToolResult.over("abstracts", flt, value, papers, facts)


def most_authors(
    profile: Profile, flt: PaperFilter | None = None, top: int = 3, fewest: bool = False
) -> ToolResult:
    """The papers with the longest author lists (``fewest``: the shortest, of the lists that
    are whole); a list that ends in "et al." is a lower bound, and the answer says so."""
    papers = [p for p in select(profile, flt) if p.authors]
    if not papers:
        facts = [
            Fact(text="The profile lists no authors for these papers.", citations=[PROFILE_SOURCE])
        ]
        return ToolResult(tool="most_authors", args=filter_args(flt), facts=facts, unknown=True)
    if fewest:  # a list cut by "et al." may be long: its length bounds nothing from above
        papers = [p for p in papers if not p.authors_truncated] or papers
    ranked = sorted(papers, key=lambda p: len(set(p.authors)) * (1 if fewest else -1))
    scope = flt.describe() if flt else ""
    which = "shortest" if fewest else "longest"
    facts = _ranked_facts(
        ranked[:top], f"The paper with the {which} author list{scope}", _authors_phrase
    )
    cut = [p for p in papers if p.authors_truncated]
    if cut:
        noun = "paper ends" if len(cut) == 1 else "papers end"
        facts.append(
            Fact(
                text=f'The author lists of {len(cut)} {noun} in "et al." in the profile, so '
                "their full author counts are not known.",
                citations=[p.id for p in cut],
            )
        )
    value = [{"paper_id": p.id, "authors": len(set(p.authors))} for p in ranked[:top]]
    return ToolResult.over("most_authors", flt, value, ranked[:top], facts)


def _authors_phrase(paper: Paper) -> str:
    n = len(set(paper.authors))
    listed = f"{n} listed author" + ("" if n == 1 else "s")
    return f"at least {listed}" if paper.authors_truncated else listed


_ID_NAMES = {"doi": "a DOI", "arxiv": "an arXiv id"}


def identifiers(
    profile: Profile, flt: PaperFilter | None = None, kind: str = "doi", missing: bool = False
) -> ToolResult:
    """Which papers carry a DOI (``kind="doi"``) or an arXiv id, with the ids; ``missing``
    lists those without one instead."""
    papers = select(profile, flt)
    has = [p for p in papers if p.external_ids.get(kind)]
    lacks = [p for p in papers if not p.external_ids.get(kind)]
    label = "DOI" if kind == "doi" else "arXiv id"
    if len(papers) == 1 and flt is not None and flt.paper_ids:  # "what is the DOI of X?"
        paper = papers[0]
        text = (
            f"{paper_label(paper)} has the {label} {paper.external_ids[kind]}."
            if has
            else f"The profile gives no {label} for {paper_label(paper)}."
        )
        return ToolResult.over(
            "identifiers",
            flt,
            {kind: paper.external_ids.get(kind)},
            papers,
            [Fact(text=text, citations=[paper.id])],
        ).model_copy(update={"unknown": not has})
    verb = "has" if len(has) == 1 else "have"
    facts = [
        Fact(
            text=f"{len(has)} of the {len(papers)} papers listed {verb} {_ID_NAMES[kind]}.",
            citations=[p.id for p in papers] or [PROFILE_SOURCE],
        )
    ]
    shown = lacks if missing else has
    facts += [
        Fact(
            text=f"{paper_label(p)} has no {label} in the profile."
            if missing
            else f"{paper_label(p)}: {label} {p.external_ids[kind]}.",
            citations=[p.id],
        )
        for p in shown[:LISTED_IDS]
    ]
    if len(shown) > LISTED_IDS:
        facts.append(
            Fact(text=f"{len(shown) - LISTED_IDS} more are not shown.", citations=[PROFILE_SOURCE])
        )
    value = {"with": len(has), "without": len(lacks)}
    return ToolResult.over("identifiers", flt, value, papers, facts)


LISTED_IDS = 10
