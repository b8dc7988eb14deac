"""Follow-up questions in a conversation: which earlier answer they continue, which of its
papers they point at ("the second one", "that paper"), and which slots they replace."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from agent.models import Profile
from agent.qa.coauthor_tools import leading_coauthors, ranked_coauthors
from agent.qa.slots import has_filter, has_years
from agent.qa.tools import PaperFilter


class Route(Protocol):
    """What a follow-up reads of an earlier turn's route (``agent.qa.route.Route``)."""

    tool: str | None
    filter: PaperFilter
    followup: bool


RANKINGS = frozenset(
    {"most_cited", "least_cited", "earliest_paper", "latest_paper", "most_authors"}
)
FOLLOWUP = re.compile(
    r"\b(?:those|these|them|they|the same|of which|the above|previous)\b"
    r"|^(?:and|what about|how about|only)\b|\btheir (?:joint|shared|common)\b"
    r"|^which (?:ones? )?(?:have|has|had|are|were|is|was|came|come|appeared)\b"
    r"|^how many (?:is|was) that\b"  # "which have code?", "how many is that?": of the last
    r"|^any (?:with|without|from|in|since|before|after|on)\b",  # "any with code?": any of them
    re.IGNORECASE,
)
REPLACING = re.compile(
    r"^(?:and|what about|how about)\b(?!.*\b(?:those|these|them|they|of which)\b)"
)
"""A follow-up that asks the last question again with other slots ("what about 2023?")."""
ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1}
ORDINALS |= {"1st": 0, "2nd": 1, "3rd": 2, "4th": 3, "5th": 4}
REFERENCE = re.compile(
    rf"\bthe\s+(?P<ordinal>{'|'.join(ORDINALS)})\s+"
    r"(?:one|paper|result|article|of (?:them|those|these))\b"
    r"|\b(?:that|this)\s+(?:one|paper|article)\b"
    r"|\b(?:did|does|do|is|was|has|about|wrote|write|of|cite[sd]?) (?:it|that)\b"
    r"|(?<!before )(?<!after )(?<!since )(?<!than )(?<!to )\b(?:it|that)\s*[?.!]*\s*$"
    r"|\bits (?:code|authors?|co-?authors|abstract|venue|journal|title|date|year|results?|method"
    r"|doi|link|url|citations?)\b"
    r"|^(?:who (?:are|were)|list|name|show me) the (?:authors|co-?authors)\s*[?.!]*\s*$"
    r"|^(?:(?:please |can you |could you )?(?:tell me|say)|go on|and)?\s*(?:a (?:bit|little) )?"
    r"more(?: about (?:it|that|this)(?: one| paper)?)?(?: please)?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
"""A paper of the last answer named by its place ("the first one", "the second paper") or,
after a one-paper answer, by "that paper", "its code" or "who are the authors?"."""


_ELLIPTICAL_WORDS = 6
_OWN = re.compile(
    r"\b(?:her|his|their|she|he|hers|him|all|ever|total|overall"
    r"|papers?|publications?|articles?|works?)\b"
)
"""Words that ask of the researcher's whole record ("who are her co-authors?", "how many
papers?"), not of the last answer's papers."""


def elliptical(
    text: str, topic: Sequence[str], flt: PaperFilter, previous: Sequence[tuple[Route, list[str]]]
) -> bool:
    """A short question with nothing of its own ("who were the co-authors?", "what venue?",
    "how many are there?") after an answer that cited papers: it asks of those papers."""
    return (
        bool(previous and previous[-1][1])
        and len(text.split()) <= _ELLIPTICAL_WORDS
        and not topic
        and not has_filter(flt)
        and _OWN.search(text) is None
    )


_WITH_THEM = re.compile(
    r"\b(?:together|with (?:them|him|her|that person)|(?:joint|shared|common) (?:papers?|work)"
    r"|(?:do|did|does) (?:they|we) (?:share|have in common)|in common"
    r"|(?:they|he|she) (?:wrote|write|published|co-?authored))\b"
)
"""A follow-up to a co-author ranking asking of the papers with those co-authors."""


def with_named_coauthors(text: str, flt: PaperFilter, last: Route, profile: Profile) -> PaperFilter:
    """After "who is her most frequent co-author?", "what did they write together?" asks of
    the papers with the co-authors that answer ranked first (all of them, when tied)."""
    if last.tool != "coauthors" or flt.author or not _WITH_THEM.search(text):
        return flt
    leading = leading_coauthors(profile, last.filter)
    if not leading:
        return flt
    update = {"author": leading[0], "also_with": leading[1:], "paper_ids": None}
    return flt.model_copy(update=update)


_PERSON = re.compile(
    rf"\bthe\s+(?P<ordinal>{'|'.join(ORDINALS)})\s*(?:one|person|co-?author|collaborator|name"
    r"|of (?:them|those|these))?\b(?!\s+(?:papers?|articles?|works?|publications?)\b)",
    re.IGNORECASE,
)


def with_person_named(
    question: str, previous: Sequence[tuple[Route, list[str]]], profile: Profile
) -> str:
    """The question with "the second one" written as the co-author it points at when the last
    answer ranked co-authors ("what did she write with the second one?" after "who are her
    main collaborators?"); unchanged otherwise."""
    found = _PERSON.search(question) if previous and previous[-1][0].tool == "coauthors" else None
    if found is None:
        return question
    ranked = ranked_coauthors(profile, previous[-1][0].filter)
    place = ORDINALS[found.group("ordinal").lower()]
    if not -len(ranked) <= place < len(ranked):
        return question
    return f"{question[: found.start()]}{ranked[place]}{question[found.end() :]}"


def replaced_base(previous: Sequence[tuple[Route, list[str]]], new: PaperFilter) -> PaperFilter:
    """The last turn's filter, which a follow-up's slots replace; when that turn ran on the
    answer before it ("list them"), and that answer's papers were picked by the years the
    follow-up replaces ("how many in 1986?" ... "what about 1987?"), not those papers."""
    earlier = previous[-1][0]
    ids = earlier.filter.paper_ids
    if len(previous) < 2 or not earlier.followup or ids is None:
        return earlier.filter
    root = previous[-2][0].filter
    if set(ids) == set(previous[-2][1]) and has_years(new) and has_years(root):
        return earlier.filter.model_copy(update={"paper_ids": root.paper_ids})
    return earlier.filter


def replace_slots(earlier: PaperFilter, new: PaperFilter) -> PaperFilter:
    """The earlier filter with the slots the follow-up sets replaced ("and in 2019?")."""
    update = {k: v for k, v in new.model_dump().items() if v not in (None, [], False)}
    if "year_from" in update or "year_to" in update:
        update = {"year_from": new.year_from, "year_to": new.year_to, **update}
    return earlier.model_copy(update=update)


def referred_paper(question: str, previous: Sequence[tuple[Route, list[str]]]) -> str | None:
    """The id of an earlier answer's paper the question points at: "the second one" in the
    latest answer listing that many papers, "that paper" in the last answer if it cites one."""
    found = REFERENCE.search(question) if previous else None
    if found is None:
        return None
    if not found.group("ordinal"):
        route, cited = previous[-1]
        if len(cited) == 1 or (cited and route.tool in RANKINGS):
            return cited[0]  # after "the most cited", "that paper" is the first of them
        return None  # "that paper" of several unranked ones is not one
    place = ORDINALS[found.group("ordinal").lower()]
    for route, cited in reversed(previous):
        if route.tool in _GROUPING:  # "3 papers are in CVPR, 1 in ICCV": no paper is "first"
            continue
        if len(cited) > 1 and -len(cited) <= place < len(cited):
            return cited[place]
    return None


_GROUPING = frozenset(
    {
        "venues",
        "coauthors",
        "papers_per_year",
        "papers_per_category",
        "papers_per_kind",
        "research_areas",
        "metrics",
        "citation_summary",
    }
)
"""Tools whose answers list groups of papers (venues, years, co-authors), not papers in order:
an ordinal ("the first one") points past them to the last answer that lists papers."""


_NEXT = re.compile(
    r"\b(?:the )?next (?:one|paper|article)\b|\bthe one (?:after|before) (?:that|it)\b"
)


def next_in_ranking(text: str, previous: Sequence[tuple[Route, list[str]]]) -> int | None:
    """How many papers the last ranking lists once "and the next one?" extends it by one (its
    papers and the next), or None when the question asks for no next paper of a ranking."""
    if not previous or previous[-1][0].tool not in RANKINGS or not _NEXT.search(text):
        return None
    return len(previous[-1][1]) + 1


_THAT_YEAR = re.compile(r"\b(?:that|the same|this) year\b")
_BEFORE_THAT = re.compile(r"\b(?:before|prior to|earlier than) (?:that|then)\b")
_AFTER_THAT = re.compile(r"\b(?:after|since|later than) (?:that|then)\b")
_THERE = re.compile(
    r"\bthere\s*[?.!]*$|\b(?:that|the same|this) (?:venue|journal|conference|outlet)\b"
)


def anchored_slots(
    text: str, previous: Sequence[tuple[Route, list[str]]], profile: Profile
) -> dict[str, object]:
    """The year or venue a follow-up takes from the last answer ("what else did she publish
    that year?" after her latest paper; "what else has he published there?" after papers in a
    journal): that answer's one paper (or a ranking's first), or the venue it was asked of."""
    if not previous:
        return {}
    route, cited = previous[-1]
    one = profile.paper(cited[0]) if cited and (len(cited) == 1 or route.tool in RANKINGS) else None
    found: dict[str, object] = {}
    if _THAT_YEAR.search(text) and one is not None and one.year:
        found |= {"year_from": one.year, "year_to": one.year}
    first, last = route.filter.year_from, route.filter.year_to  # "and before that?"
    if one is not None and one.year and first is None and last is None:
        first = last = one.year
    if _BEFORE_THAT.search(text) and (first or last):
        found |= {"year_from": None, "year_to": (first or last) - 1}
    elif _AFTER_THAT.search(text) and (first or last):
        found |= {"year_from": (last or first) + 1, "year_to": None}
    earlier = next((r.filter.venue for r, _ in reversed(previous[-2:]) if r.filter.venue), None)
    venue = earlier or (one.venue if one is not None else None)
    if _THERE.search(text) and venue:
        found["venue"] = venue
    return found
