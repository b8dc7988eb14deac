"""Sentence plans: the facts each sentence of a draft will state, and the papers it cites.

A plan holds facts (a claim lifted from an abstract, a theme's years, co-author names), never
wording; ``agent.writers.voice`` words it. Plans come from themes, papers and metrics only, so a
draft built from them is grounded before any LLM touches it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.facts import PROFILE_SOURCE
from agent.models import Paper, Profile
from agent.sources.merge import distinct_works
from agent.text import occurs_in
from agent.writers.claims import Claim, anaphoric, claims_of
from agent.writers.style import BANNED_WORDS, GENDERED_PRONOUNS
from agent.writers.themes import Theme, ThemeMap, is_theme

PlanKind = Literal[
    "opening",
    "contribution",
    "trajectory",
    "scope",
    "collaborators",
    "code",
    "resource",
    "metrics",
    "affiliation",
    "publication",
    "most_cited",
    "venues",
    "connection",
]
_KIND_ORDER = {"method": 0, "result": 1, "analysis": 2}


class SentencePlan(BaseModel):
    """One sentence to write: what kind, which facts, which papers it cites."""

    kind: PlanKind
    section: str = ""
    paper_ids: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)
    priority: int = 0
    index: int = 0


class Material(BaseModel):
    """Everything plans are made from: the profile, its themes, and its papers' claims."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    profile: Profile
    themes: ThemeMap
    claims: dict[str, list[Claim]] = Field(default_factory=dict)

    @classmethod
    def of(cls, profile: Profile, themes: ThemeMap) -> Material:
        refuse = BANNED_WORDS | GENDERED_PRONOUNS
        return cls(
            profile=profile,
            themes=themes,
            claims={p.id: claims_of(p, refuse) for p in profile.papers},
        )

    def paper(self, paper_id: str) -> Paper:
        found = self.profile.paper(paper_id)
        assert found is not None, paper_id
        return found

    def multi(self) -> list[Theme]:
        """Themes of two or more works, largest first."""
        return [t for t in self.themes.themes if is_theme(t, self.profile)]

    def single(self) -> list[Theme]:
        """Other work: themes of one paper (or of one work listed several times)."""
        return [t for t in self.themes.themes if not is_theme(t, self.profile)]

    def included_ids(self) -> list[str]:
        return [pid for t in self.themes.themes for pid in t.paper_ids]


def best_claim(
    m: Material, paper_id: str, kinds: tuple[str, ...] = ("method", "result", "analysis")
) -> Claim | None:
    """The paper's most quotable claim of the given kinds: self-contained, then method first."""
    found = [c for c in m.claims.get(paper_id, []) if c.kind in kinds and not anaphoric(c.rest)]
    return min(found, default=None, key=lambda c: (_KIND_ORDER[c.kind], len(c.rest.split()) > 30))


def contribution(
    m: Material,
    paper_id: str,
    claim: Claim | None,
    theme: Theme | None,
    *,
    priority: int,
    index: int,
    section: str = "",
    latest: bool = False,
    lead: str | None = None,
) -> SentencePlan:
    """A plan stating what one paper did, in its own words (or by its title alone); ``lead``
    ("most_cited" or "most_recent") says why it leads its theme, and the sentence says so."""
    paper = m.paper(paper_id)
    coauthors = _coauthors(m.profile, paper)
    said = (
        {}
        if claim is None
        else {
            "past": claim.past,
            "present": claim.present,
            "rest": claim.rest,
            "short_rest": claim.short_rest,
            "rest_present": claim.rest_present,
            "short_rest_present": claim.short_rest_present,
            "claim_kind": claim.kind,
        }
    )
    facts = {
        **said,
        "year": paper.year,
        "title": paper.title,
        "short_title": short_title(paper.title),
        "solo": _solo(m.profile, paper),
        "coauthor": coauthors[0] if coauthors else None,
        "more_coauthors": len(coauthors) > 1 or paper.authors_truncated,
        "latest": latest,
        "lead": lead,
        "theme": theme.name if theme else None,
    }
    return SentencePlan(
        kind="contribution",
        section=section,
        paper_ids=[paper_id],
        facts=facts,
        priority=priority,
        index=index,
    )


def short_title(title: str) -> str:
    """The part of a title before its colon ('Optimal Eye Surgeon'), else the whole title."""
    head = title.split(":", 1)[0].strip()
    return head if head and head != title else title


def _solo(profile: Profile, paper: Paper) -> bool | None:
    """True for a paper of one author, False for several, None when the source lists none."""
    if not paper.authors:
        return None
    return not paper.authors_truncated and len(paper.authors) == 1


def _coauthors(profile: Profile, paper: Paper) -> list[str]:
    from agent.people import coauthors_of

    return coauthors_of(profile, paper.authors)


def opening(m: Material, themes: list[Theme], priority: int = 0) -> SentencePlan | None:
    """'<Name> works on A, B and C', citing for each theme a paper whose text names it; where no
    such wording verifies, '<Name> has N papers listed' (the profile header vouches for it)."""
    named = [(t.name, naming_paper(m, t)) for t in themes[:3]]
    named = [(name, pid) for name, pid in named if pid]
    papers = len(m.profile.papers)  # the header's 'N papers listed' vouches for this number
    if not named and not papers:
        return None
    return SentencePlan(
        kind="opening",
        paper_ids=list(dict.fromkeys(p for _, p in named)),
        facts={"themes": [n for n, _ in named], "papers": papers},
        priority=priority,
    )


def naming_paper(m: Material, theme: Theme, phrase: str | None = None) -> str | None:
    """The theme's first paper that writes ``phrase`` (the theme's name by default)."""
    phrase = phrase or theme.name
    return next(
        (pid for pid in theme.paper_ids if occurs_in(phrase, paper_words(m.paper(pid)))), None
    )


def paper_words(paper: Paper) -> str:
    """The paper's own words a phrase is looked for in: its title and abstract."""
    return f"{paper.title}. {paper.abstract}"


def trajectory(
    m: Material, theme: Theme, *, priority: int, index: int, section: str = ""
) -> SentencePlan | None:
    """When the theme's papers that name it appeared, citing the earliest and the latest."""
    dated = [
        m.paper(pid)
        for pid in theme.paper_ids
        if m.paper(pid).year and occurs_in(theme.name, paper_words(m.paper(pid)))
    ]
    if len(dated) < 2:
        return None
    first = min(dated, key=Paper.chronological_key)
    last = max(dated, key=Paper.chronological_key)
    if first.year == last.year or len(distinct_works([first, last])) == 1:
        return None  # 'from X (2016) to X (2017)' is one work, a preprint and its paper
    return SentencePlan(
        kind="trajectory",
        section=section,
        priority=priority,
        index=index,
        paper_ids=[first.id, last.id],
        facts={
            "theme": theme.name,
            "first_year": first.year,
            "last_year": last.year,
            "trend": theme.trajectory.trend,
            "first_title": first.title,
            "last_title": last.title,
        },
    )


def scope(
    m: Material, theme: Theme, *, priority: int, section: str = "", index: int = 0
) -> SentencePlan | None:
    """The theme's other key phrases, each cited to a paper that uses it."""
    pairs = [(ph, naming_paper(m, theme, ph)) for ph in theme.phrases[1:4]]
    pairs = [(ph, pid) for ph, pid in pairs if pid and not is_acronym(ph)]
    if not pairs:
        return None
    named = naming_paper(m, theme)
    return SentencePlan(
        kind="scope",
        section=section,
        priority=priority,
        index=index,
        paper_ids=list(dict.fromkeys([named, *(pid for _, pid in pairs)])),
        facts={
            "theme": theme.name,
            "phrases": [ph for ph, _ in pairs],
            "phrase_ids": [named, *(pid for _, pid in pairs)],
        },
    )


def is_acronym(phrase: str) -> bool:
    """'EOS', 'LLMs', 'pCQO-MIS': a short form that repeats a phrase beside it in a list."""
    return phrase.isupper() or (" " not in phrase and sum(ch.isupper() for ch in phrase) >= 2)


def collaborators(m: Material, *, priority: int, top: int = 2) -> list[SentencePlan]:
    """One plan per frequent co-author (on three or more included papers), two papers each."""
    from agent.people import profile_people

    papers = [m.paper(pid) for pid in m.included_ids()]
    people = profile_people(m.profile)
    owner = people.key(m.profile.name)
    counts: Counter[str] = Counter(
        k for p in papers for k in {people.key(a) for a in p.authors} if k != owner
    )
    plans = []
    for n, (key, _) in enumerate([kv for kv in counts.most_common() if kv[1] >= 3][:top]):
        theirs = [p for p in papers if key in {people.key(a) for a in p.authors}][:2]
        name = next(a for a in theirs[0].authors if people.key(a) == key)
        plans.append(
            SentencePlan(
                kind="collaborators",
                priority=priority + n,
                paper_ids=[p.id for p in theirs],
                facts={"name": name, "titles": [p.title for p in theirs]},
            )
        )
    return plans


def code(m: Material, *, priority: int, top: int = 3) -> SentencePlan | None:
    """Papers that say their code is available."""
    papers = [m.paper(pid) for pid in m.included_ids() if m.paper(pid).has_code][:top]
    if not papers:
        return None
    return SentencePlan(
        kind="code",
        priority=priority,
        paper_ids=[p.id for p in papers],
        facts={"titles": [short_title(p.title) for p in papers]},
    )


def most_cited(m: Material, *, priority: int) -> SentencePlan | None:
    """The included paper the source counts most citations for (when several are counted)."""
    counted = [m.paper(pid) for pid in m.included_ids() if m.paper(pid).citation_count]
    if len(counted) < 3:
        return None
    top = max(counted, key=lambda p: p.citation_count or 0)
    return SentencePlan(
        kind="most_cited",
        priority=priority,
        paper_ids=[top.id],
        facts={"title": short_title(top.title), "year": top.year, "citations": top.citation_count},
    )


def venues(m: Material, *, priority: int, top: int = 3) -> SentencePlan | None:
    """The venues with two or more of the included papers, most papers first."""
    papers = [m.paper(pid) for pid in m.included_ids() if m.paper(pid).venue]
    counts = Counter(p.venue for p in papers)
    shared = [v for v, n in counts.most_common(top) if n >= 2]
    if not shared:
        return None
    cited = [next(p.id for p in papers if p.venue == v) for v in shared]
    return SentencePlan(kind="venues", priority=priority, paper_ids=cited, facts={"venues": shared})


def affiliation(m: Material, *, priority: int) -> SentencePlan | None:
    """Where the researcher works, as the profile's header states it."""
    stated = m.profile.affiliation
    if not stated:
        return None
    return SentencePlan(
        kind="affiliation",
        priority=priority,
        paper_ids=[PROFILE_SOURCE],
        facts={"affiliation": stated},
    )


def metrics_plan(profile: Profile, *, priority: int) -> tuple[SentencePlan | None, list[str]]:
    """Header metrics no warning disputes, and a note for each metric left out."""
    disputes = [w for w in profile.warnings if "no abstract" not in w]  # coverage, not metrics
    m, warned = profile.metrics, " ".join(disputes)
    stated, notes = [], []
    for word, value, phrase in (
        ("h-index", m.h_index, f"an h-index of {m.h_index}"),
        ("citations", m.citation_count, f"{m.citation_count} citations"),
        ("papers", m.paper_count, f"{m.paper_count} papers"),
    ):
        if value is None:
            continue
        if word in warned:
            notes.append(
                f"{word} {value} left out: the profile's own numbers are inconsistent "
                f"({'; '.join(w for w in disputes if word in w)})"
            )
        else:
            stated.append(phrase)
    plan = (
        SentencePlan(
            kind="metrics", priority=priority, paper_ids=[PROFILE_SOURCE], facts={"stated": stated}
        )
        if stated
        else None
    )
    return plan, notes


def publication(
    m: Material, paper_id: str, *, priority: int, section: str, style: str = "plain"
) -> SentencePlan:
    """A reference line for a products list; ``style`` 'nih' writes it in the NLM style."""
    from agent.facts import nlm_reference

    paper = m.paper(paper_id)
    authors = ", ".join(paper.authors) + (" et al." if paper.authors_truncated else "")
    nlm = [nlm_reference(paper), nlm_reference(paper, identifier=False)] if style == "nih" else []
    return SentencePlan(
        kind="publication",
        section=section,
        priority=priority,
        paper_ids=[paper_id],
        facts={
            "title": paper.title,
            "year": paper.year,
            "authors": authors,
            "venue": paper.venue,
            "doi": paper.doi,
            "nlm": nlm,
        },
    )
