"""Bios, research statements and grant summaries in which every sentence is sourced.

plans (facts) -> default wording (several lengths) -> verifier (``agent.verify``) -> fit to
length -> optional LLM rewrite, each rewrite verified and replaced by the default wording when
it fails.
The default path needs no LLM and is the reference the LLM path falls back to.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypedDict, Unpack

from agent.llm.prompting import render_prompt
from agent.models import Profile
from agent.settings import Settings
from agent.writers.context import WriteContext
from agent.writers.draft import Draft, DraftKind, DraftSentence, DraftSource, prose_words
from agent.writers.layouts import bio_plans, contribution_parts, section_plans, statement_plans
from agent.writers.plans import PROFILE_SOURCE, Material, SentencePlan, metrics_plan
from agent.writers.rewrite import rewrite_all, rewrite_prefix
from agent.writers.templates import TemplateSection, load_template
from agent.writers.voice import Person, Voice, parse_pronouns, render

if TYPE_CHECKING:
    from agent.protocols import ChatModel, Embedder

Backend = Literal["extractive", "llm"]
BACKENDS = ("extractive", "llm")
DraftMode = Literal["sentence", "whole"]
DRAFT_MODES = ("sentence", "whole")
WORD_TOLERANCE = 0.10


class DraftOptions(TypedDict, total=False):
    """What every writer takes besides its own options."""

    pronouns: str | None  # "she/her"; none: the name is used, never a pronoun
    include_flagged: bool  # papers that may be a namesake's, left out unless included
    backend: Backend  # "extractive" (default) or "llm"
    draft: DraftMode  # "sentence" (default) or "whole", with an LLM
    embedder: Embedder | None  # the analysis embedder by default


@dataclass
class Writing:
    """One draft being written: its context, and the LLM that may reword it (None when not)."""

    ctx: WriteContext
    llm: ChatModel | None
    backend: Backend
    mode: DraftMode
    guidance: str

    def reword(
        self, chosen: list[DraftSentence], window: tuple[float, float] | None = None
    ) -> tuple[list[DraftSentence], str]:
        """The LLM's wording when asked for and allowed (sentence by sentence, or each part
        whole, within ``window`` words); a note saying what happened."""
        if self.backend != "llm":
            return chosen, ""
        if self.llm is None:
            return chosen, "LLM rewrite skipped (--no-llm): the default wording is shown"
        if self.mode == "whole":
            from agent.writers.whole import write_whole

            return write_whole(chosen, self.ctx, self.llm, self.guidance, window)
        return rewrite_all(chosen, self.ctx, self.llm, self.guidance, window)

    def finish(
        self, kind: DraftKind, title: str, chosen: list[DraftSentence], notes: list[str | None]
    ) -> Draft:
        return finish(kind, title, chosen, self.ctx, self.backend, notes)


@contextmanager
def writing(
    profile: Profile, settings: Settings, person: Person, options: DraftOptions, guidance: str
) -> Iterator[Writing]:
    """The draft's context, with the rewriting LLM opened first (see ``rewriter``)."""
    backend = options.get("backend", "extractive")
    with rewriter(settings, backend, guidance) as llm:
        ctx = context(profile, settings, person, options)
        yield Writing(ctx, llm, backend, options.get("draft", "sentence"), guidance)


Options = list[tuple[SentencePlan, list[DraftSentence]]]


def write_bio(
    profile: Profile,
    settings: Settings,
    *,
    words: int = 150,
    person: Person = "third",
    **options: Unpack[DraftOptions],
) -> Draft:
    """A bio of ``words`` words (within 10%), every sentence citing the papers it describes."""
    with writing(profile, settings, person, options, render_prompt("bio", person=person)) as w:
        lo, hi = words * (1 - WORD_TOLERANCE), words * (1 + WORD_TOLERANCE)
        chosen = fit(wordings(bio_plans(w.ctx.material), w.ctx), words, lo, hi)
        chosen, note = w.reword(chosen, (lo, hi))
    draft = w.finish("bio", f"Bio: {profile.name}", chosen, [note, _short(chosen, words)])
    draft.target_words = words
    return draft


def _short(chosen: list[DraftSentence], words: int) -> str | None:
    """A note when the verified sentences the profile supports fall short of the length."""
    total = sum(s.words for s in chosen)
    if total >= words * (1 - WORD_TOLERANCE):
        return None
    return (
        f"{total} words, short of the {words} asked for: the profile supports no more "
        "verified sentences (few abstracts or themes)"
    )


def write_statement(
    profile: Profile,
    settings: Settings,
    *,
    person: Person = "first",
    **options: Unpack[DraftOptions],
) -> Draft:
    """A research statement: an overview, then a section per theme, then references."""
    guidance = render_prompt("statement", person=person)
    with writing(profile, settings, person, options, guidance) as w:
        plans = statement_plans(w.ctx.material)
        stated, _ = metrics_plan(profile, priority=1)
        if stated:
            stated.section = "Overview"
            plans.insert(1, stated)
        chosen = [variants[0] for _, variants in wordings(plans, w.ctx) if variants]
        chosen, note = w.reword(chosen)
    return w.finish("statement", f"Research statement: {profile.name}", chosen, [note])


def write_grant(
    profile: Profile, settings: Settings, template: str, **options: Unpack[DraftOptions]
) -> Draft:
    """A grant summary laid out by ``prompts/grant_<template>.md``, each section within limits."""
    spec = load_template(template)
    person: Person = "first" if spec.person == "first" else "third"
    with writing(profile, settings, person, options, spec.guidance) as w:
        chosen: list[DraftSentence] = []
        empty: list[str] = []
        for section in spec.sections:
            if section.kind == "contributions":
                filled = _contributions(w.ctx, section)
            else:
                plans = section_plans(
                    w.ctx.material, section.kind, section.heading, section.citation_style
                )
                filled = _fill_section(wordings(plans, w.ctx), section.max_words, section.max_items)
            chosen += filled
            if not filled:
                empty.append(_empty_note(section.heading, section.kind))
        chosen, note = w.reword(chosen)
    written = w.finish("grant", f"{spec.title}: {profile.name}", chosen, [note, *empty])
    written.template = template
    return written


def _contributions(ctx: WriteContext, section: TemplateSection) -> list[DraftSentence]:
    """Each contribution's paragraph within the section's words, then its products."""
    chosen: list[DraftSentence] = []
    for part in contribution_parts(
        ctx.material,
        section.heading,
        section.max_items,
        section.max_products,
        section.citation_style,
    ):
        prose = _fill_section(wordings(part.prose, ctx), section.max_words, None)
        if prose:  # a theme none of whose sentences verified is no contribution
            chosen += prose + _fill_section(wordings(part.products, ctx), None, None)
    return chosen


def _empty_note(heading: str, kind: str) -> str:
    if kind == "contributions":
        return (
            f"{heading}s left empty: no theme of two or more papers has a verified sentence "
            "(see `themes`)"
        )
    if kind == "synergistic":
        return (
            f"{heading} left empty: no paper shows released software, code, data or teaching "
            "material, and nothing else in a profile is evidence of such activities"
        )
    return f"{heading} left empty: nothing in the profile verified for it"


def context(
    profile: Profile, settings: Settings, person: Person, options: DraftOptions
) -> WriteContext:
    """Themes (flagged papers left out unless included), claims, evidence and the scorer."""
    from agent.embed.model import analysis_embedder
    from agent.facts import profile_evidence
    from agent.verify.support import SemanticScorer
    from agent.writers.themes import map_themes

    embedder = options.get("embedder") or analysis_embedder(settings)
    writable, set_aside = _without_planted_titles(profile)
    themes = map_themes(writable, embedder, options.get("include_flagged", False))
    material = Material.of(writable, themes)
    evidence = profile_evidence(profile)
    scorer = SemanticScorer(embedder)
    scorer.prepare([e for texts in evidence.values() for e in texts])
    pronouns = parse_pronouns(options.get("pronouns"))
    voice = Voice(name=profile.name, person=person, pronouns=pronouns)
    return WriteContext(
        material=material,
        voice=voice,
        evidence=evidence,
        facts=evidence[PROFILE_SOURCE],
        scorer=scorer,
        set_aside=set_aside,
    )


def _without_planted_titles(profile: Profile) -> tuple[Profile, list[str]]:
    """The profile less the papers whose titles read as instructions or hold markup (never
    written as prose or listed as a source), and their ids."""
    from agent.untrusted import planted_title

    planted = [p.id for p in profile.papers if planted_title(p.title)]
    if not planted or len(planted) == len(profile.papers):
        return profile, []
    kept = [p for p in profile.papers if p.id not in planted]
    return profile.model_copy(update={"papers": kept}), planted


def wordings(plans: list[SentencePlan], ctx: WriteContext) -> Options:
    """Each plan with its verified wordings, longest first (unsupported wordings dropped)."""
    found = []
    for plan in plans:
        checked = [ctx.check(text, cites) for text, cites in render(plan, ctx.voice)]
        for sentence in checked:
            sentence.section, sentence.kind = plan.section, plan.kind
            sentence.bullet = plan.kind == "publication"
        found.append((plan, [s for s in checked if s.ok]))
    return found


def fit(found: Options, target: float, lo: float, hi: float) -> list[DraftSentence]:
    """Plans in priority order, each in the wording that brings the total closest to
    ``target`` without passing ``hi``; returned in reading order."""
    chosen: dict[int, DraftSentence] = {}
    total = 0
    for i in sorted(range(len(found)), key=lambda i: found[i][0].priority):
        fitting = [s for s in found[i][1] if total + s.words <= hi]
        best = min(fitting, default=None, key=lambda s: abs(target - total - s.words))
        if best is not None and abs(target - total - best.words) < abs(target - total):
            chosen[i] = best
            total += best.words
    return [chosen[i] for i in sorted(chosen)]


def _fill_section(
    found: Options, max_words: int | None, max_items: int | None
) -> list[DraftSentence]:
    """Prose fitted to ``max_words``, or (without it) a list of up to ``max_items`` bullets."""
    if max_words:
        return fit(found, max_words * (1 - WORD_TOLERANCE / 2), 0, max_words)
    picked = [
        variants[0] for _, variants in sorted(found, key=lambda f: f[0].priority) if variants
    ][: max_items or None]
    for sentence in picked:
        sentence.bullet = True
    order = [id(v[0]) for _, v in found if v]
    return sorted(picked, key=lambda s: order.index(id(s)))


@contextmanager
def rewriter(settings: Settings, backend: Backend, guidance: str) -> Iterator[ChatModel | None]:
    """The LLM that will reword the draft (None on the default backend or with --no-llm),
    opened before the draft is planned so that the embedded server evaluates the rewrite
    prompt's fixed part meanwhile."""
    if backend != "llm" or settings.no_llm:
        yield None
        return
    from agent.llm.connect import open_llm

    with open_llm(settings, prime=rewrite_prefix(guidance)) as llm:
        yield llm


def finish(
    kind: DraftKind,
    title: str,
    sentences: list[DraftSentence],
    ctx: WriteContext,
    backend: str,
    notes: list[str | None],
) -> Draft:
    """Number the sources in order of first citation and add the notes readers need."""
    profile, themes = ctx.material.profile, ctx.material.themes
    sources: dict[str, DraftSource] = {}
    for sentence in sentences:
        for pid in sentence.citations:
            if pid not in sources:
                sources[pid] = _source(profile, pid, len(sources) + 1)
    left_out = [] if themes.included_flagged else sorted(themes.flagged_ids())
    return Draft(
        kind=kind,
        title=title,
        slug=profile.slug,
        name=profile.name,
        person=ctx.voice.person,
        backend=backend,
        sentences=sentences,
        sources=list(sources.values()),
        left_out=left_out,
        notes=[n for n in notes if n] + _notes(ctx, sentences),
    )


def _source(profile: Profile, pid: str, n: int) -> DraftSource:
    paper = profile.paper(pid)
    if paper is None:
        return DraftSource(n=n, paper_id=pid, title=f"Profile header of {profile.name}")
    authors = ", ".join(paper.authors) + (" et al." if paper.authors_truncated else "")
    return DraftSource(n=n, paper_id=pid, title=paper.title, year=paper.year, authors=authors)


def _notes(ctx: WriteContext, sentences: list[DraftSentence]) -> list[str]:
    themes = ctx.material.themes
    notes = []
    if themes.flagged and not themes.included_flagged:
        notes.append(
            f"{len(themes.flagged)} papers that may be a namesake's were left out "
            "(see `themes`; use --include-flagged to include them)."
        )
    elif themes.flagged:
        notes.append(
            f"{len(themes.flagged)} papers that may be a namesake's are included "
            "(--include-flagged)."
        )
    if ctx.set_aside:
        notes.append(
            f"{len(ctx.set_aside)} papers whose titles read as instructions or hold markup were "
            "left out."
        )
    notes += metrics_plan(ctx.material.profile, priority=0)[1]
    failed = sum(1 for s in sentences if not s.ok)
    if failed:
        notes.append(f"{failed} sentences did not pass the verifier.")
    return notes


def word_count(text: str) -> int:
    """Words of prose, [n] markers excluded (the measure --words is held to)."""
    return prose_words(text)
