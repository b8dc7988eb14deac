"""Question -> route, with no LLM: a tool over the structured profile, or a search of the abstracts.

Patterns pick the intent (counts, years, code, co-authors, metrics); filters (years, categories,
code, co-author, papers named by title, "those" from the previous answer) narrow either path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from agent.models import Profile
from agent.qa.followups import (
    FOLLOWUP,
    ORDINALS,
    RANKINGS,
    REPLACING,
    anchored_slots,
    elliptical,
    next_in_ranking,
    referred_paper,
    replace_slots,
    replaced_base,
    with_named_coauthors,
    with_person_named,
)
from agent.qa.meaning import (
    SEARCH,
    load_intents,
    mask_slots,
    match_intent,
    pattern_intent,
    pattern_match,
)
from agent.qa.negation import intent_outside, outside_topic
from agent.qa.owner_mentions import owner_as_pronoun
from agent.qa.paper_aspects import aspect_asked, ranked_aspect
from agent.qa.paper_names import mentioned_papers
from agent.qa.recent import CURRENTLY, RECENTLY, recent_years
from agent.qa.shorthand import written_out
from agent.qa.slots import (
    has_filter,
    has_years,
    parse_filter,
    searched_cue_words,
    topic_words,
)
from agent.qa.spelling import corrected
from agent.qa.tool_options import COUNT_CUE, EXTREMES, SHARE, metric_names_in, tool_options
from agent.qa.tools import PaperFilter
from agent.qa.topic_scope import (
    CODE_FRAMING,
    COUNTS_PAPERS,
    all_in,
    framing,
    named_topic,
    profile_stems,
    studied_topic,
    topic_scope,
)
from agent.text import normalise, stem
from agent.text import words as word_tokens

if TYPE_CHECKING:
    from datetime import date

    from agent.protocols import Embedder

RouteKind = Literal["tool", "search"]

_LISTING_TOOLS = frozenset(
    {
        "count_papers",
        "list_papers",
        "papers_with_code",
        "earliest_paper",
        "latest_paper",
        "research_areas",
    }
)


class Route(BaseModel):
    """Where a question goes: a tool name, or a search; plus the filter both paths honour."""

    kind: RouteKind
    tool: str | None = None
    filter: PaperFilter = Field(default_factory=PaperFilter)
    options: dict[str, Any] = Field(default_factory=dict)
    topic: list[str] = Field(default_factory=list)
    followup: bool = False
    reason: str = ""
    router: Literal["pattern", "meaning", "llm"] = "pattern"
    named: list[str] = Field(default_factory=list)  # papers the question refers back to
    intent: str | None = None  # the aggregate intent its words show, even when it is searched
    mentioned: list[str] = Field(default_factory=list)  # papers it names by title or acronym
    scope: list[str] = Field(default_factory=list)  # a tool's topic: it runs on those papers
    summarise: bool = False  # "what is her latest paper about?": the paper found, summarised
    outside: bool = False  # "papers not about LLMs": the tool runs on the papers off ``scope``
    aspect: str | None = None  # "the DOI of his most cited paper": this tool, on the ranked one


def route_question(
    question: str,
    profile: Profile,
    previous: Sequence[tuple[Route, list[str]]] = (),
    embedder: Embedder | None = None,
    today: date | None = None,
) -> Route:
    """Pick a tool or a search; ``previous`` holds (route, cited paper ids) of earlier turns.

    Patterns first; with an ``embedder``, a question no pattern knows is matched to the intent
    table's phrasings by meaning. ``today`` anchors "the last two years"."""
    asked = question
    question = written_out(question.replace("’", "'"), today)  # "pubs in '23": publications
    question = corrected(question, profile)  # "papres", "Statistcs": slips of the keyboard
    question = owner_as_pronoun(question, profile)  # "Chiquet's" -> "their"
    text = normalise(question)  # once: every pattern below reads this form
    if (top := next_in_ranking(text, previous)) is not None:  # "and the next one?"
        last = previous[-1][0]
        options = {**last.options, "top": top}
        found = {"filter": last.filter, "scope": last.scope, "options": options, "followup": True}
        return Route(kind="tool", tool=last.tool, reason="the last ranking, one further", **found)
    if (named_person := with_person_named(question, previous, profile)) != question:
        question, previous = named_person, ()  # "the second one" of a co-author ranking
        text = normalise(question)
    referred = referred_paper(question, previous)
    if referred:
        return _about_paper(question, text, profile, referred)
    flt = parse_filter(question, profile, text, today)
    if anchored := anchored_slots(text, previous, profile):  # "that year", "there"
        flt, previous = flt.model_copy(update=anchored), ()
    recent = not has_years(flt) and RECENTLY.search(text) is not None
    if recent:  # "what has she published lately?": the last years of her record
        flt = recent_years(flt, profile)
    topic = topic_words(question, profile, flt)
    followup = bool(previous) and (
        FOLLOWUP.search(question.strip()) is not None
        or elliptical(text, [w for w in topic if not framing(w)], flt, previous)
    )
    earlier = previous[-1][0] if followup else None
    if earlier is not None and REPLACING.search(text) and has_filter(flt):
        flt = replace_slots(replaced_base(previous, flt), flt)  # "what about 2023?"
    elif earlier is not None and earlier.tool in RANKINGS and REPLACING.search(text):
        flt = earlier.filter  # "and his latest?" after his earliest: of the same papers, not it
    elif followup:
        flt = flt.model_copy(update={"paper_ids": list(previous[-1][1])})
    if earlier is not None:  # "what did they write together?" after a co-author ranking
        flt = with_named_coauthors(text, flt, earlier, profile)
    named = mentioned_papers(asked, profile, text if asked == question else normalise(asked))
    matched = pattern_match(text)
    spelled = matched[1] if matched else frozenset()
    residual = leftover = [w for w in topic if not framing(w) and stem(w) not in spelled]
    words, router, why = matched[0] if matched else None, "pattern", ""
    carried = earlier is not None and earlier.kind == "tool" and not residual
    if words is None and embedder is not None and not carried and not named:  # named: its text
        found = match_intent(mask_slots(question, _slot_values(flt, profile, named)), embedder)
        if found.confident and found.intent != SEARCH:
            words, router, why = _with_person(found.intent, flt), "meaning", found.describe()
            asked_about = named_topic(text)  # "on reproducibility": a topic, found or not
            residual = [
                w for w in residual if stem(w) in profile_stems(profile) or w in asked_about
            ]
    intent = _intent(words, text, flt, residual, previous if followup else ())
    if intent == "least_cited" and flt.never_cited():
        flt = flt.model_copy(update={"max_citations": None})
    if intent == "most_cited" and _KNOWN_FOR.search(text) and not _has_counts(profile):
        intent = "research_areas"  # "what's she best known for?" with no counts: her themes
    if router == "meaning" and intent == "research_areas" and _asks_of_topic(text, leftover):
        intent = None  # "has he studied financial markets?" (near "what topics does he study?")
    if router == "meaning" and residual and _WHICH_ABOUT.search(text):
        intent = None  # "which papers are about low-rank structure?" (near "rank the papers")
    ranged = intent == "papers_per_year" and not _PER_EACH.search(text)  # "papers from Y to Y"
    if router == "meaning" and (intent in EXTREMES or ranged) and has_filter(flt):
        intent = "list_papers"  # "what did she publish last year?" near "... last publish ..."
    if router == "meaning" and flt.author and re.match(r"who (?:is|was)\b", text):
        intent = "list_papers"  # "who is Xitong Zhang to her?": their papers together
    if (
        intent in (None, "list_papers", "papers_with_code")
        and has_filter(flt)
        and SHARE.search(text)
    ):
        intent = "count_papers"  # "what share of his papers are in Biology?"
    listing = router == "meaning" or _ASKS_WHICH.match(text)  # not "what about 2025?"
    if intent == "count_papers" and listing and not COUNT_CUE.search(text):
        intent = "list_papers"  # "papers from 2019" (near "how many ... in YEAR?"), "which were?"
    aspect = aspect_asked(text) if named and intent is None else None  # "when was X out?"
    intent = intent_outside(aspect or intent, flt, text, residual)  # "not in Biology"
    if named and (aspect or intent in _OF_NAMED_PAPERS):  # "who wrote missSBM?": its authors
        flt, topic, residual = flt.model_copy(update={"paper_ids": named}), [], []
    if intent in ("metrics", "citation_summary") and named and metric_names_in(text):
        intent, flt = "citation_summary", flt.model_copy(update={"paper_ids": named})  # of OES
        topic = residual = []
    elif intent == "metrics" and _per_paper_citations(text, flt, profile):
        intent = "citation_summary"  # "citations of her papers since 2023": their own counts
    asked_of = intent in _ASPECTS or (router == "meaning" and intent in EXTREMES)
    if asked_of and not flt.author and residual and _YES_NO.match(text):
        intent = None  # "does she work with gaussian processes?", "any papers on X?": a topic
    if intent == "papers_with_code" and (extreme := _EXTREME_CUE.search(text)):
        intent = "latest_paper" if extreme.group(1) is None else "earliest_paper"
        flt = flt.model_copy(update={"has_code": True})  # "her first paper with code"
    if intent == "affiliation" and router == "meaning" and residual:
        intent = None  # "is any of her work open access?" is near "which organisation ..."
    of_ranked = None if named or residual else ranked_aspect(text)
    if of_ranked:  # "who wrote his first paper?": the ranking picks the paper, then its authors
        intent = of_ranked[0]
    elif earlier is not None and earlier.aspect and intent in RANKINGS and REPLACING.search(text):
        of_ranked = (intent, earlier.aspect)  # "and his newest?" after "where was his oldest?"
    if intent == "papers_with_code":  # "which software packages has he released?"
        residual = [w for w in residual if w not in CODE_FRAMING]
    if intent == "papers_with_code" and not named and (about := _CODE_AS_TOPIC.search(text)):
        intent, topic = None, word_tokens(about.group(1))  # "did he write about GitHub?"
    found = {
        "filter": flt,
        "topic": topic,
        "followup": followup,
        "intent": words,
        "mentioned": named,
        "router": router,
    }
    counted = (  # "how many papers on X?": the papers about X, counted
        intent == "count_papers"
        and not named
        and COUNTS_PAPERS.search(text) is not None
        and all_in(residual, profile_stems(profile))
    )
    ranked_on_topic = (  # "her first paper on X": the earliest of the papers about X
        intent in EXTREMES
        and not named
        and bool(residual)
        and set(residual) <= set(topic_scope(intent, residual, text, profile_stems(profile)))
    )
    if intent in (None, "list_papers", "count_papers") and outside_topic(text, residual):
        tool = "count_papers" if COUNT_CUE.search(text) else "list_papers"  # "not about X"
        why = "the papers outside a topic"
        return Route(kind="tool", tool=tool, scope=residual, outside=True, reason=why, **found)
    if intent is None or (
        intent in _LISTING_TOOLS and residual and not (counted or ranked_on_topic)
    ):
        what = f"{intent} over a topic" if intent else "no aggregate intent"
        found["topic"] = list(dict.fromkeys(topic + searched_cue_words(question, profile, flt)))
        return Route(kind="search", reason=f"{what}: searching the abstracts", **found)
    options = {"top": 1} if of_ranked else tool_options(intent, text)
    current = not options and not has_years(flt) and CURRENTLY.search(text) is not None
    if intent == "research_areas" and current:  # "what is he working on at the moment?"
        found["filter"] = recent_years(flt, profile)
    reason = why or f"pattern for {intent}"
    scope = topic_scope(intent, residual, text, profile_stems(profile)) if not named else []
    if scope:
        reason += f", over the papers about {' '.join(scope)}"
    summarise = (intent in RANKINGS or intent == "list_papers") and _ASKS_WHAT_ABOUT.search(
        text
    ) is not None
    return Route(
        kind="tool",
        tool=intent,
        options=options,
        reason=reason,
        scope=scope,
        summarise=summarise,
        aspect=of_ranked[1] if of_ranked else None,
        **found,
    )


_ASKS_WHAT_ABOUT = re.compile(
    r"\babout\s*[?.!]*$|\b(?:summar\w+|describe|explain|findings)\b|\bwhat'?s new\b"
    r"|\bwhat (?:does|did) (?:it|that|the paper) (?:say|show|find|propose|do)\b"
)
"""A ranking or a listing asked for what the papers say ("what was her first paper about?",
"summarise her 2023 papers")."""


def _asks_of_topic(text: str, leftover: list[str]) -> bool:
    """A yes/no question whose object of study is a word of its own ("does she have experience
    in clinical trials?"): the topic is searched, and refused when the profile lacks it."""
    return _YES_NO.match(text) is not None and bool(studied_topic(text) & set(leftover))


def _with_person(intent: str, flt: PaperFilter) -> str:
    """A question naming a co-author asks about the papers with them: an intent that takes no
    author ("where is she employed?" near "has she worked with NAME?") gives way to theirs."""
    slots = next((i.slots for i in load_intents() if i.name == intent), ())
    return "coauthors" if flt.author and "author" not in slots else intent


def _per_paper_citations(text: str, flt: PaperFilter, profile: Profile) -> bool:
    """Citations asked of the papers (a span of them, or a header that states no total while
    the papers carry counts): the papers' own counts answer, not the header."""
    if has_years(flt) and _PAPERS_NOUN.search(text):
        return True
    asked = metric_names_in(text) or []
    return "citations" in asked and profile.metrics.citation_count is None and _has_counts(profile)


_KNOWN_FOR = re.compile(r"\bknown for\b")


def _has_counts(profile: Profile) -> bool:
    return any(p.citation_count is not None for p in profile.papers)


_OF_NAMED_PAPERS = frozenset(
    {"coauthors", "venues", "abstracts", "papers_with_code", "identifiers"}
)
"""Tools that, asked of papers the question names, answer for those papers alone."""
_EXTREME_CUE = re.compile(r"\b(first|earliest|oldest)\b|\b(?:latest|newest|most recent|last)\b")
_WHICH_ABOUT = re.compile(
    r"^(?:(?:which|what)(?: (?:are|were))?|list|show(?: me)?|give me|name)(?: all)? (?:of )?"
    r"(?:(?:her|his|their|the) )?(?:papers|works|publications|articles)\b.*"
    r"\b(?:about|on|concern\w*|deal with|address\w*|discuss\w*|stud(?:y|ies)|cover)\b"
)
"""A question for the papers on a topic it names, whatever aggregate its wording is near."""
_ASKS_WHICH = re.compile(r"^(?:and |so )?(?:which|list|show)\b")
_PER_EACH = re.compile(r"\b(?:per|each|every|by|across|breakdown|distribution)\b")
_YES_NO = re.compile(r"^(?:does|do|did|has|have|is|was|are|were|can|could|any)\b")
_CODE_AS_TOPIC = re.compile(
    r"\b(?:write|wrote|written|writing|publish\w*|papers?|work\w*|research\w*)\s+"
    r"(?:about|on|on the topic of|regarding|concerning)\s+((?:\w+[- ])?(?:code|github|software|"
    r"open[- ]source)(?:[- ]\w+)?)"
)
"""Code as what a paper is about, not a link it has ("papers about code sharing")."""
_PAPERS_NOUN = re.compile(r"\b(?:papers?|publications?|works?|articles?)\b")
_ASPECTS = frozenset(
    {
        "coauthors",
        "papers_per_category",
        "papers_per_kind",
        "venues",
        "papers_per_year",
        "citation_summary",
    }
)
"""Aggregates of all her papers that a yes/no question with a topic does not ask for ("does he
have any papers on deep learning?" is near "what disciplines are his papers in?")."""


def _slot_values(flt: PaperFilter, profile: Profile, named: list[str]) -> list[str]:
    """What the question names that the intent phrasings write as a placeholder."""
    values = [flt.venue or "", *flt.other_venues]
    values += " ".join([flt.author or "", *flt.also_with]).split()
    return values + [p.title for p in profile.papers if p.id in named]


def _about_paper(question: str, text: str, profile: Profile, paper_id: str) -> Route:
    """A question about one paper of the last answer: its tool on that paper when it asks for
    one (co-authors, code), else a search of that paper's own sentences."""
    flt = parse_filter(question, profile, text).model_copy(update={"paper_ids": [paper_id]})
    # "when did that come out?": its listing; "who are the authors?"; "where was it published?"
    intent = pattern_intent(text) or aspect_asked(text)
    if intent == "metrics":  # "how many citations does it have?": the paper's own count
        intent = "citation_summary"
    topic = [w for w in topic_words(question, profile, flt) if w not in ORDINALS]
    as_tool = bool(intent) and (
        intent not in _LISTING_TOOLS or intent in ("papers_with_code", "list_papers")
    )
    return Route(
        kind="tool" if as_tool else "search",
        tool=intent if as_tool else None,
        filter=flt,
        topic=[] if as_tool else topic,
        followup=True,
        named=[paper_id],
        intent=intent,
        reason=f"pattern for {intent}, about a paper of the last answer"
        if as_tool
        else "about a paper of the last answer: its own sentences",
    )


_BOUNDED_BY_CITATIONS = frozenset({None, "metrics", "count_papers", "list_papers", "least_cited"})
"""Intents a citation bound turns into a count or a listing of the papers within it."""


def _intent(
    intent: str | None,
    text: str,
    flt: PaperFilter,
    topic: list[str],
    previous: Sequence[tuple[Route, list[str]]],
) -> str | None:
    """The tool a question asks for (``intent``: what its words show), a follow-up's earlier
    tool, or a listing of a filter."""
    if intent is None and previous and not topic and previous[-1][0].kind == "tool":
        intent = previous[-1][0].tool  # a follow-up asks the last tool again, then as below
    if intent in ("venues", "papers_per_kind") and (flt.venue or flt.kind):  # "in Nature"
        return "count_papers" if re.search(r"\bhow many\b", text) else "list_papers"
    if intent == "least_cited" and flt.never_cited():
        return intent  # "which were never cited?": the bottom of the ranking, ties and all
    if flt.bounds_citations() and intent in _BOUNDED_BY_CITATIONS:
        return "count_papers" if COUNT_CUE.search(text) else "list_papers"  # "over 100 cites"
    if intent == "coauthors" and (flt.author or flt.solo):  # "with NAME", "without co-authors"
        return "count_papers" if re.search(r"\bhow (?:many|often)\b", text) else "list_papers"
    if intent == "papers_per_category" and flt.categories and not _PER_EACH.search(text):
        return "count_papers" if COUNT_CUE.search(text) else "list_papers"  # "in Mathematics"
    if intent is None and not topic and has_filter(flt):
        intent = "list_papers"
    return intent
