"""A filter the question negates ("papers not in computer vision", "written without Xitong
Zhang", "which are not journal articles"): the papers outside it, said as such."""

from __future__ import annotations

import re

from agent.facts import PaperFilter, category_label
from agent.models import Profile
from agent.qa.tool_options import COUNT_CUE
from agent.text import STOPWORDS, normalise, stem

_NOT = r"\b(?:not|(?:is|are|was|were|do|does|did|has|have|had)n['’]?t)\b"
"""'not' and its contractions ("aren't", "arent"), never the ending of 'recent'."""
_NEGATION = re.compile(
    rf"{_NOT}|\b(?:without|except|excluding|other than|outside(?: of)?|apart from"
    r"|besides|but not|no)\b"
)
_WINDOW = 6  # words after the negation that may name what it negates
_NEGATABLE = ("author", "categories", "venue", "kind")


def negated(flt: PaperFilter, text: str, profile: Profile) -> PaperFilter:
    """``flt`` with the one slot the question (``text``, normalised) negates replaced by the
    papers outside it; unchanged when no negation names a slot just after it."""
    cue = _NEGATION.search(text)
    slots = {name: getattr(flt, name) for name in _NEGATABLE if getattr(flt, name)}
    if cue is None or len(slots) != 1 or flt.also_with:
        return flt
    ((slot, value),) = slots.items()
    window = {stem(w) for w in re.findall(r"[\w-]+", text[cue.end() :])[:_WINDOW]}
    if not window & {stem(w) for w in _mention_words(slot, value)}:
        return flt
    joined = {"other_venues": flt.other_venues} if slot == "venue" else {}  # "not in A or B"
    outside = PaperFilter(**{slot: value}, **joined)
    ids = [p.id for p in profile.papers if not outside.matches(p)]
    if flt.paper_ids is not None:
        ids = [i for i in ids if i in flt.paper_ids]
    empty = PaperFilter().model_dump()
    update = {slot: empty[slot], "paper_ids": ids, "excluding": outside.describe().strip()}
    update |= {key: empty[key] for key in joined}
    return flt.model_copy(update=update)


def _mention_words(slot: str, value: str | list[str]) -> set[str]:
    """The words a question names ``value`` of ``slot`` with (a name, a field, a venue)."""
    categories = value if isinstance(value, list) else []  # their codes and names
    said = " ".join(f"{c} {category_label(c)}" for c in categories) or str(value)
    return {w for w in normalise(said).replace("(", " ").replace(")", " ").split()} - STOPWORDS


_GROUPINGS = frozenset({"papers_per_category", "venues", "papers_per_kind", "coauthors"})


def intent_outside(intent: str | None, flt: PaperFilter, text: str, topic: list[str]) -> str | None:
    """The intent of a question with a negated slot: "which papers are not in Biology?" lists
    the others (its field word read as a grouping by field, or as a topic, it was not)."""
    if not flt.excluding or topic or (intent is not None and intent not in _GROUPINGS):
        return intent
    return "count_papers" if COUNT_CUE.search(text) else "list_papers"


def excluded_words(flt: PaperFilter) -> set[str]:
    """The words that named the negated slot: no topic."""
    return set(re.findall(r"[\w-]+", normalise(flt.excluding or "")))


_TOPIC_NEGATION = re.compile(
    rf"(?:{_NOT}|\bother than|\bexcept|\bexcluding|\bbesides|\bapart from|\bunrelated to"
    r"|\boutside(?: of)?)\s+(?:(?:about|on|in|related to|to do with|concerning|involving"
    r"|something|anything|other than)\s+)*(?P<word>[\w-]+)"
)


def outside_topic(text: str, topic: list[str]) -> bool:
    """The question asks for the papers *not* about its topic ("which papers are not about
    LLMs?", "anything other than networks?"): a negation just before a topic word."""
    found = _TOPIC_NEGATION.search(text)
    return found is not None and found.group("word") in topic
