"""Claims: what a paper's abstract says its authors did, lifted verbatim from "we ..." clauses.

"In this paper, we propose a two-stage fine-tuning method, PAC-tuning, to ..." becomes
Claim(verb="propose", rest="a two-stage fine-tuning method, PAC-tuning, to ..."). Writers put
their own subject in front, so every word after the verb is the paper's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel

from agent.models import Paper
from agent.text import STOPWORDS, split_sentences

ClaimKind = Literal["method", "result", "analysis"]

PAST = {
    "propose": "proposed",
    "introduce": "introduced",
    "present": "presented",
    "develop": "developed",
    "construct": "constructed",
    "design": "designed",
    "extend": "extended",
    "establish": "established",
    "show": "showed",
    "prove": "proved",
    "demonstrate": "demonstrated",
    "derive": "derived",
    "reveal": "revealed",
    "uncover": "uncovered",
    "unveil": "unveiled",
    "identify": "identified",
    "characterize": "characterized",
    "provide": "provided",
    "analyze": "analyzed",
    "analyse": "analysed",
    "study": "studied",
    "investigate": "investigated",
    "explore": "explored",
    "validate": "validated",
    "clarify": "clarified",
    "perform": "performed",
    "leverage": "leveraged",
    "find": "found",
}
KINDS: dict[str, ClaimKind] = {
    **dict.fromkeys(
        ["propose", "introduce", "present", "develop", "construct", "design", "extend", "leverage"],
        "method",
    ),
    **dict.fromkeys(
        [
            "show",
            "prove",
            "demonstrate",
            "derive",
            "reveal",
            "uncover",
            "unveil",
            "identify",
            "establish",
            "find",
            "validate",
            "clarify",
        ],
        "result",
    ),
}
_VERB = "|".join(sorted(PAST, key=len, reverse=True))
_WE = re.compile(
    rf"\bwe\s+(?:(?:first|further|also|then|now|here|additionally|finally)\s+)?"
    rf"(?P<adverb>(?:empirically|theoretically|rigorously|formally|experimentally)\s+)?"
    rf"(?P<verb>{_VERB})\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_THIS_PAPER = re.compile(
    rf"^(?:this|the present)\s+(?:paper|work|study)\s+(?P<verb>{_VERB})e?s\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_UNSAFE = re.compile(
    r"[$\\~{}]|https?://|github|\bwe\b|\bus\b|\bours\b|\bi\b|\be\.g\b|\bi\.e\b", re.IGNORECASE
)
MIN_WORDS, MAX_WORDS = 5, 40
_CUTS = (", ", " which ", " that ")
_ANAPHORA = re.compile(r"\b(?:this|these|such|its|their|it)\b", re.IGNORECASE)
_CONJOINED = re.compile(rf"(,\s+|\band\s+)(?P<verb>{_VERB})\b", re.IGNORECASE)


def anaphoric(text: str) -> bool:
    """True when the clause leans on context it no longer has ("this challenge")."""
    return _ANAPHORA.search(text) is not None


class Claim(BaseModel):
    """One thing a paper says it did: a verb and the paper's own words after it."""

    paper_id: str
    kind: ClaimKind
    verb: str
    adverb: str = ""
    rest: str
    short_rest: str | None = None
    rest_present: str = ""
    short_rest_present: str | None = None
    sentence: str

    @property
    def past(self) -> str:
        return f"{self.adverb}{PAST[self.verb]}"

    @property
    def present(self) -> str:
        return f"{self.adverb}{_third_person(self.verb)}"


def _third_person(verb: str) -> str:
    if verb.endswith("y"):
        return verb[:-1] + "ies"
    return verb + ("es" if verb.endswith(("sh", "ch", "s", "x")) else "s")


def claims_of(paper: Paper, refuse: frozenset[str] = frozenset()) -> list[Claim]:
    """The paper's claims in abstract order; clauses with words in ``refuse`` are skipped, and
    so is text that reads as instructions (planted text is data, never a claim)."""
    from agent.untrusted import flag_instructions

    found = []
    sentences = split_sentences(paper.abstract)
    for sentence, planted in zip(
        sentences, flag_instructions(paper.abstract, sentences), strict=True
    ):
        if planted:
            continue
        claim = _claim_in(paper.id, sentence)
        if claim and not _refused(claim.rest, refuse):
            found.append(claim)
    return found


def _claim_in(paper_id: str, sentence: str) -> Claim | None:
    match = _WE.search(sentence) or _THIS_PAPER.search(sentence)
    if match is None:
        return None
    verb = match.group("verb").lower()
    rest = _clean_rest(match.group("rest"))
    if rest is None:
        return None
    adverb = (match.groupdict().get("adverb") or "").lower()
    kind = KINDS.get(verb, "analysis")
    past, present = _conjoined(rest, PAST.__getitem__), _conjoined(rest, _third_person)
    return Claim(
        paper_id=paper_id,
        kind=kind,
        verb=verb,
        adverb=adverb,
        rest=past,
        short_rest=_shorten(past),
        rest_present=present,
        short_rest_present=_shorten(present),
        sentence=sentence,
    )


def _conjoined(rest: str, inflect: Callable[[str], str]) -> str:
    """', derive conditions' -> ', derived conditions': verbs joined to the first one agree."""
    return _CONJOINED.sub(lambda m: m.group(1) + inflect(m.group("verb").lower()), rest)


def _clean_rest(rest: str) -> str | None:
    """The clause without its final stop, 'our' made 'the'; None when unsafe to reuse."""
    rest = re.sub(r"\bour\b", "the", rest.strip().rstrip(".;:"))
    rest = re.sub(r"\bOur\b", "The", rest)
    rest = re.sub(r"\b(an?) novel\b", lambda m: "a" if m.group(1) == "an" else m.group(1), rest)
    size = len(rest.split())
    if _UNSAFE.search(rest) or not MIN_WORDS <= size <= MAX_WORDS:
        return None
    if rest.count("(") != rest.count(")") or rest.count('"') % 2:
        return None
    return rest


def _shorten(rest: str) -> str | None:
    """The clause cut at its first natural break that leaves at least MIN_WORDS words."""
    best = None
    for cut in _CUTS:
        at = rest.find(cut, 1)
        while at > 0:
            head = rest[:at].rstrip(",")
            last = head.split()[-1].casefold()
            if (
                len(head.split()) >= MIN_WORDS + 1
                and head.count("(") == head.count(")")
                and last not in STOPWORDS
                and not last.endswith("ing")
            ):
                best = head if best is None or len(head) < len(best) else best
                break
            at = rest.find(cut, at + 1)
    return best if best and len(best.split()) <= len(rest.split()) - 3 else None


def _refused(text: str, refuse: frozenset[str]) -> bool:
    return any(re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE) for word in refuse)
