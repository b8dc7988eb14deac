"""The default writer's voice: who the subject is (I, the name, or given pronouns) and the
sentence shapes that state each kind of plan. No LLM; every shape keeps the plan's facts.

Shapes rotate by the plan's index so neighbouring sentences do not share one template.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from agent.writers.plans import PROFILE_SOURCE, SentencePlan

Person = Literal["first", "third"]
POSSESSIVE = {"she": "her", "he": "his", "they": "their", "xe": "xyr", "ze": "zir"}


class Voice(BaseModel):
    """First or third person; third person uses the name unless the user gave pronouns."""

    name: str
    person: Person = "third"
    pronouns: tuple[str, str] | None = None

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    @property
    def allowed_pronouns(self) -> frozenset[str]:
        if not self.pronouns:
            return frozenset()
        subject = self.pronouns[0].casefold()
        return frozenset({subject, self.pronouns[1].casefold(), POSSESSIVE.get(subject, "")})

    def subject(self, index: int) -> str:
        """'I', or the surname, alternating with the subject pronoun when one was given."""
        if self.person == "first":
            return "I"
        if self.pronouns and index % 2:
            return self.pronouns[0].capitalize()
        return self.surname

    def team(self, index: int) -> str:
        """The researcher with co-authors, in a form that turns with ``index`` so that no one
        phrase runs through a draft: 'my co-authors and I' / 'I, with co-authors,' / 'together
        with colleagues, I'; 'Wang and
        co-authors' / 'Wang, with co-authors,' / 'Wang and colleagues' ('she and her co-authors'
        on the pronoun's turns)."""
        if self.person == "first":
            return ("my co-authors and I", "I, with co-authors,", "together with colleagues, I")[
                index % 3
            ]
        if self.pronouns and index % 2 and self.pronouns[0].casefold() in POSSESSIVE:
            subject = self.pronouns[0].casefold()
            return f"{subject} and {POSSESSIVE[subject]} co-authors"
        forms = ("{} and co-authors", "{}, with co-authors,", "{} and colleagues")
        return forms[(index // 2 if self.pronouns else index) % 3].format(self.surname)


_FIRST_PERSON = (
    (re.compile(r"\b[Mm]y co-authors and I\b"), "{surname} and co-authors"),
    (re.compile(r"\bI have\b"), "{surname} has"),
    (re.compile(r"\bI am\b"), "{surname} is"),
    (re.compile(r"\bI work\b"), "{name} works"),
    (re.compile(r"\bI\b"), "{surname}"),
    (re.compile(r"\b(?:My|Our)\b"), "The"),
    (re.compile(r"\b(?:my|our)\b"), "the"),
    (re.compile(r"\bme\b"), "{surname}"),
)


def neutral_form(text: str, voice: Voice) -> str:
    """The sentence as the verifier reads it: first-person words replaced by the name.

    The person is presentation, not a fact; the verifier (which takes 'I' for an instruction
    aimed at it) checks the same facts stated about the named researcher.
    """
    if voice.person != "first":
        return text
    for pattern, replacement in _FIRST_PERSON:
        text = pattern.sub(replacement.format(surname=voice.surname, name=voice.name), text)
    return text


def parse_pronouns(text: str | None) -> tuple[str, str] | None:
    """'she/her' -> ('she', 'her'); None for no pronouns."""
    if not text:
        return None
    parts = [p.strip() for p in text.split("/") if p.strip()]
    return (parts[0], parts[1] if len(parts) > 1 else parts[0]) if parts else None


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


Wording = tuple[str, list[str]]
"""A sentence (no [n] markers) and the sources it cites."""


def render(plan: SentencePlan, voice: Voice) -> list[Wording]:
    """Alternative wordings of one plan, longest first; each ends with a full stop."""
    found: dict[str, list[str]] = {}
    for item in _RENDERERS[plan.kind](plan, voice):
        text, cites = item if isinstance(item, tuple) else (item, list(plan.paper_ids))
        if text:
            text = capitalise(text.strip())
            found.setdefault(text + ("" if text.endswith((".", "?", "!")) else "."), cites)
    return list(found.items())


def _listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def _opening(plan: SentencePlan, voice: Voice) -> list[Wording]:
    names, cites = plan.facts["themes"], plan.paper_ids
    lead = "I work on" if voice.person == "first" else f"{voice.name} works on"
    picks = [list(range(n)) for n in range(len(names), 1, -1)]
    picks += [[0, k] for k in range(2, len(names))] + [[k] for k in range(len(names))]
    n = plan.facts.get("papers", 0)
    listed = "I have" if voice.person == "first" else f"{voice.name} has"
    fallback = [(f"{listed} {n} papers listed", [PROFILE_SOURCE])] if n > 1 else []
    return (
        [
            (f"{lead} {_listing([names[i] for i in pick])}", [cites[i] for i in pick])
            for pick in picks
        ]
        + [
            (f"{lead} {names[0]} and on {names[k]}", [cites[0], cites[k]])
            for k in range(1, len(names))
        ]
        + fallback
    )


def _contribution(plan: SentencePlan, voice: Voice) -> list[str]:
    f = plan.facts
    shape = plan.index % 4
    cited_lead = f.get("lead") == "most_cited"
    tense = "rest_present" if (shape == 3 and not f.get("latest")) or cited_lead else "rest"
    rests = [r for r in (f.get(tense), f.get(f"short_{tense}")) if r]
    return [_claim_shape(shape, f, rest, voice, plan.index) for rest in rests] + _title_shape(
        f, voice, plan.index
    )


def _claim_shape(shape: int, f: dict, rest: str, voice: Voice, index: int) -> str:
    solo = f["solo"] is not False  # no author list: the researcher, never invented co-authors
    actor = voice.subject(index) if solo else voice.team(index)
    if f.get("lead") == "most_cited" and f.get("theme") and f.get("present"):
        owner = "My" if voice.person == "first" else f"{voice.surname}'s"
        year = f" ({f['year']})" if f.get("year") else ""
        paper, does = f"“{f['short_title']}”{year}", f"{f['present']} {rest}"
        if f.get("turn", index) % 2:
            return f"Of the papers on {f['theme']}, {paper} is the most cited: it {does}"
        return f"{owner} most cited paper on {f['theme']}, {paper}, {does}"
    if f.get("lead") == "most_recent" and f.get("theme") and f.get("year"):
        turn = f.get("turn", index)
        lead_actor = voice.subject(turn) if solo else voice.team(turn)
        theme, year, did = f["theme"], f["year"], f"{lead_actor} {f['past']} {rest}"
        return (
            f"Most recently on {theme}, in {year}, {did}",
            f"In {year}, in the latest of the papers on {theme}, {did}",
            f"The newest paper on {theme} is from {year}: {did}",
        )[f.get("turn", index) % 3]
    if f.get("latest"):
        return f"Most recently, in {f['year']}, {actor} {f['past']} {rest}"
    if shape == 1 and f.get("year"):
        return f"In {f['year']}, {actor} {f['past']} {rest}"
    if shape == 2 and f.get("coauthor") and not solo:
        others = " and others" if f.get("more_coauthors") else ""
        return f"With {f['coauthor']}{others}, {voice.subject(index)} {f['past']} {rest}"
    if shape == 3 and f.get("year"):
        owner = (
            "My"
            if voice.person == "first" and solo
            else ("Our" if voice.person == "first" else "The")
        )
        return f"{owner} paper “{f['short_title']}” ({f['year']}) {f['present']} {rest}"
    return f"{actor} {f['past']} {rest}"


def _title_shape(f: dict, voice: Voice, index: int) -> list[str]:
    """The paper by its title, in a form that turns with ``index`` (the plain 'I co-authored
    “...”' last, for when the theme's name is not in the paper's own words)."""
    year = f" ({f['year']})" if f.get("year") else ""
    verb = {True: "wrote", False: "co-authored", None: "published"}[f["solo"]]
    plain = f"{voice.subject(index)} {verb} “{f['title']}”{year}"
    if not f.get("theme") or index % 3 == 0:
        return [plain]
    owner = "my" if voice.person == "first" else f"{voice.surname}'s"
    if index % 3 == 1:
        return [f"{capitalise(owner)} papers on {f['theme']} include “{f['title']}”{year}", plain]
    return [f"“{f['title']}”{year} is among {owner} papers on {f['theme']}", plain]


def _trajectory(plan: SentencePlan, voice: Voice) -> list[str]:
    f = plan.facts
    first, last, theme = f["first_year"], f["last_year"], f["theme"]
    span = f"from “{f['first_title']}” ({first}) to “{f['last_title']}” ({last})"
    owner = "My" if voice.person == "first" else f"{voice.surname}'s"
    shape = plan.index % 4
    if shape == 1:
        return [f"Work on {theme} runs {span}"]
    if shape == 2:
        return [f"{owner} papers on {theme} date {span}"]
    if shape == 3:
        return [f"Research on {theme} extends {span}"]
    subject = voice.subject(plan.index)
    have = "have" if subject in ("I", "They") else "has"
    return [f"{subject} {have} worked on {theme} {span}"]


def _scope(plan: SentencePlan, voice: Voice) -> list[Wording]:
    f = plan.facts
    phrases, ids = f["phrases"], f["phrase_ids"]
    lead = "My work" if voice.person == "first" else "Work"
    shape = (
        f"{lead} on {f['theme']} covers {{}}",
        f"Topics within {f['theme']} include {{}}",
        f"Under {f['theme']} come {{}}",
    )[plan.index % 3]
    return [
        (shape.format(_listing(phrases[:n])), list(dict.fromkeys(ids[: n + 1])))
        for n in range(len(phrases), 0, -1)
    ]


def _collaborators(plan: SentencePlan, voice: Voice) -> list[Wording]:
    f = plan.facts
    return [
        (
            f"{f['name']} is a co-author of {_listing([f'“{t}”' for t in f['titles'][:n]])}",
            plan.paper_ids[:n],
        )
        for n in range(len(f["titles"]), 0, -1)
    ]


def _code(plan: SentencePlan, voice: Voice) -> list[Wording]:
    titles = [f"“{t}”" for t in plan.facts["titles"]]
    return [
        (f"Code is available for {_listing(titles[:n])}", plan.paper_ids[:n])
        for n in range(len(titles), 0, -1)
    ]


def _metrics(plan: SentencePlan, voice: Voice) -> list[str]:
    return [f"The profile lists {_listing(plan.facts['stated'])}"]


def _affiliation(plan: SentencePlan, voice: Voice) -> list[str]:
    where = plan.facts["affiliation"]
    if voice.person == "first":
        return [f"I am affiliated with {where}"]
    return [f"{voice.surname} is affiliated with {where}", f"{voice.name} is at {where}"]


def _publication(plan: SentencePlan, voice: Voice) -> list[str]:
    """A reference in citation style, 'Authors (Year). “Title.” Venue. doi:...' (or the NLM
    style when the plan holds it), then shorter forms (the first that verifies is printed)."""
    f = plan.facts
    if f.get("nlm"):
        return list(f["nlm"])
    authors = f.get("authors") or ""
    year = f" ({f['year']})" if f.get("year") else ""
    stop = "" if (authors + year).endswith(".") else "."  # 'et al.' ends with its own stop
    head = f"{authors}{year}{stop} “{f['title']}.”" if authors else f"“{f['title']}”{year}."
    tail = [x for x in (f.get("venue"), f"doi:{f['doi']}" if f.get("doi") else None) if x]
    short = (
        f"{authors}{'' if authors.endswith('.') else '.'} “{f['title']}”{year}"
        if authors
        else f"“{f['title']}”{year}"
    )
    full = " ".join([head, *(x if x.endswith(".") else f"{x}." for x in tail)])
    return [full.rstrip("."), head.rstrip("."), short]


def _resource(plan: SentencePlan, voice: Voice) -> list[str]:
    f = plan.facts
    year = f" ({f['year']})" if f.get("year") else ""
    return [f"{f['label']}: “{f['title']}”{year}"]


def _most_cited(plan: SentencePlan, voice: Voice) -> list[str]:
    f = plan.facts
    year = f" ({f['year']})" if f.get("year") else ""
    owner = "My" if voice.person == "first" else f"{voice.surname}'s"
    return [
        f"{owner} most cited paper listed is “{f['title']}”{year}, with {f['citations']} citations"
    ]


def _venues(plan: SentencePlan, voice: Voice) -> list[Wording]:
    names = plan.facts["venues"]
    subject = "My" if voice.person == "first" else f"{voice.surname}'s"
    return [
        (f"{subject} papers appeared in {_listing(names[:n])}", plan.paper_ids[:n])
        for n in range(len(names), 0, -1)
    ]


def _connection(plan: SentencePlan, voice: Voice) -> list[str]:
    """What links two lines of work, by the phrase or the co-author their papers share."""
    f = plan.facts
    (a, b), (t1, t2) = f["themes"], f["titles"]
    papers = f"“{t1}” and “{t2}”"
    if f.get("phrase"):
        return [
            f"What links {a} and {b} is {f['phrase']}, in {papers}",
            f"Work on {a} and on {b} shares {f['phrase']}",
        ]
    return [f"{f['coauthor']} is a co-author in both {a} and {b}: {papers}"]


_RENDERERS = {
    "opening": _opening,
    "contribution": _contribution,
    "trajectory": _trajectory,
    "scope": _scope,
    "collaborators": _collaborators,
    "code": _code,
    "resource": _resource,
    "metrics": _metrics,
    "affiliation": _affiliation,
    "publication": _publication,
    "most_cited": _most_cited,
    "venues": _venues,
    "connection": _connection,
}
