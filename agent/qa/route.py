"""Question -> route, with no LLM: a tool over the structured profile, or a search of the abstracts.

Patterns pick the intent (counts, years, code, co-authors, metrics); filters (years, categories,
code, co-author, papers named by title, "those" from the previous answer) narrow either path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.models import Profile
from agent.people import NameForm, parse_name, profile_people
from agent.qa.tools import CATEGORY_NAMES, PaperFilter
from agent.text import ascii_fold, content_words, normalise

RouteKind = Literal["tool", "search"]

_FRAME = """paper papers work works worked working publication publications article articles
    study studies research researcher she her he his they them those these author authors profile
    rongrong wang list
    show tell give describe explain summarize summarise summary me about which what many much
    does did do is are method approach propose proposed main idea topic topics one ones write
    wrote written get got publish published interest interests focus area areas field fields
    listed lists shown mentioned included appear appears altogether overall exactly currently
    far ever career found find say says show shows know known result results contribution
    contributions"""
FRAME_WORDS = frozenset(_FRAME.split())

_INTENTS: tuple[tuple[str, str], ...] = (
    (
        "least_cited",
        r"\bleast[- ](?:cited|citations)\b|\bfewest citations\b|\blowest[- ]cited\b"
        r"|\b(?:never|not|un)[- ]?cited\b",
    ),
    (
        "most_cited",
        r"\bmost[- ](?:cited|influential|impactful|popular|citations)\b|\bhighest[- ]cited\b"
        r"|\btop[- ]cited\b|\bbest[- ]known\b|\bmost (?:highly )?cited\b",
    ),
    (
        "citation_summary",
        r"\bcitations? (?:per|each|a) paper\b|\b(?:average|mean|median) (?:number of )?citations?"
        r"|\b(?:sum|add up|added up)\b.*\bcitations?\b|\bcitations? (?:of|across) (?:all )?"
        r"(?:the|her|his|their) papers\b",
    ),
    (
        "abstracts",
        r"\b(?:have|has|with|without|lack|lacking|missing|no|an) (?:an )?abstracts?\b",
    ),
    (
        "venues",
        r"\bvenues?\b|\bjournals?\b|\bconferences?\b|\bwhere (?:did|does|has|have) (?:she|he|they)"
        r" (?:publish|published|appear)\w*\b|\bpublication outlets?\b",
    ),
    ("metrics", r"\bh[- ]?index\b|\bcitations?\b|\bcited\b|\bnovelty\b|\bai score\b|\bmetrics?\b"),
    (
        "coauthors",
        r"\bco-?authors?\b|\bco-?authored\b|\bcollaborat\w*|\bworks? with\b"
        r"|\bwrites? with\b|\bwritten with\b|\bmost often with\b",
    ),
    (
        "papers_with_code",
        r"\bcode\b|\bgithub\b|\brepositor(?:y|ies)\b|\bimplementations?\b"
        r"|\bopen[- ]source\b|\bsoftware\b",
    ),
    ("earliest_paper", r"\bearliest\b|\boldest\b|\bfirst (?:paper|publication|article)\b"),
    ("latest_paper", r"\blatest\b|\bmost recent\b|\bnewest\b|\blast (?:paper|publication)\b"),
    ("papers_per_year", r"\b(?:per|each|every|by) year\b|\byearly\b|\bover the years\b"),
    (
        "papers_per_category",
        r"\b(?:per|each|every|by) (?:category|field|area)\b"
        r"|\bwhich (?:categories|fields|areas)\b",
    ),
    ("count_papers", r"\bhow many\b|\bnumber of\b|\bcount\b|\btotal\b"),
    (
        "research_areas",
        r"\bwork(?:s|ed|ing)? on\b|\bresearch (?:areas?|interests?|topics?|focus)\b"
        r"|\bwhat (?:does|did|do) (?:she|he|they) (?:do|study|research)\b"
        r"|\bwhat is (?:her|his|their) (?:research|work|field)\b",
    ),
)
_FOLLOWUP = re.compile(
    r"\b(?:those|these|them|they|the same|of which|the above|previous)\b"
    r"|^(?:and|what about|how about|only)\b",
    re.IGNORECASE,
)
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "last": -1}
_ORDINALS |= {"1st": 0, "2nd": 1, "3rd": 2, "4th": 3, "5th": 4}
_REFERENCE = re.compile(
    rf"\bthe\s+(?P<ordinal>{'|'.join(_ORDINALS)})\s+"
    r"(?:one|paper|result|article|of (?:them|those|these))\b"
    r"|\b(?:that|this)\s+(?:one|paper|article)\b",
    re.IGNORECASE,
)
"""A paper of the last answer named by its place ("the first one", "the second paper") or,
after a one-paper answer, by "that paper"."""
_CATEGORY_WORDS = {
    "CV": ("computer vision", "cs.cv"),
    "CL": ("nlp", "natural language", "computation and language", "cs.cl"),
    "LG": ("cs.lg",),
    "ML": ("stat.ml",),
    "AI": ("artificial intelligence", "cs.ai"),
    "DM": ("discrete mathematics", "cs.dm"),
    "NA": ("numerical analysis", "math.na"),
}
_YEAR = r"((?:19|20)\d{2})"


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
    router: Literal["pattern", "llm"] = "pattern"
    named: list[str] = Field(default_factory=list)  # papers the question refers back to
    intent: str | None = None  # the aggregate intent its words show, even when it is searched
    mentioned: list[str] = Field(default_factory=list)  # papers it names by title or acronym


def route_question(
    question: str, profile: Profile, previous: Sequence[tuple[Route, list[str]]] = ()
) -> Route:
    """Pick a tool or a search; ``previous`` holds (route, cited paper ids) of earlier turns."""
    text = normalise(question)  # once: every pattern below reads this form
    referred = referred_paper(question, previous)
    if referred:
        return _about_paper(question, text, profile, referred)
    flt = parse_filter(question, profile, text)
    topic = topic_words(question, profile, flt)
    followup = bool(previous) and _FOLLOWUP.search(question.strip()) is not None
    if followup:
        flt = flt.model_copy(update={"paper_ids": list(previous[-1][1])})
    words = _intent_in(text)
    intent = _intent(words, text, flt, topic, previous if followup else ())
    named = mentioned_papers(question, profile, text)
    if intent == "papers_with_code" and named:  # "where is the code for Optimal Eye Surgeon?"
        flt, topic = flt.model_copy(update={"paper_ids": named}), []
    found = {
        "filter": flt,
        "topic": topic,
        "followup": followup,
        "intent": words,
        "mentioned": named,
    }
    if intent is None or (intent in _LISTING_TOOLS and topic):
        why = f"{intent} over a topic" if intent else "no aggregate pattern"
        return Route(kind="search", reason=f"{why}: searching the abstracts", **found)
    options = {"names": _metric_names_in(text)} if intent == "metrics" else {}
    return Route(kind="tool", tool=intent, options=options, reason=f"pattern for {intent}", **found)


def referred_paper(question: str, previous: Sequence[tuple[Route, list[str]]]) -> str | None:
    """The id of an earlier answer's paper the question points at: "the second one" in the
    latest answer listing that many papers, "that paper" in the last answer if it cites one."""
    found = _REFERENCE.search(question) if previous else None
    if found is None:
        return None
    if not found.group("ordinal"):
        cited = previous[-1][1]
        return cited[0] if len(cited) == 1 else None  # "that paper" of several is not one
    place = _ORDINALS[found.group("ordinal").lower()]
    for _, cited in reversed(previous):
        if len(cited) > 1 and -len(cited) <= place < len(cited):
            return cited[place]
    return None


def _about_paper(question: str, text: str, profile: Profile, paper_id: str) -> Route:
    """A question about one paper of the last answer: its tool on that paper when it asks for
    one (co-authors, code), else a search of that paper's own sentences."""
    flt = parse_filter(question, profile, text).model_copy(update={"paper_ids": [paper_id]})
    intent = _intent_in(text)
    topic = [w for w in topic_words(question, profile, flt) if w not in _ORDINALS]
    as_tool = bool(intent) and (intent not in _LISTING_TOOLS or intent == "papers_with_code")
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


def _intent(
    intent: str | None,
    text: str,
    flt: PaperFilter,
    topic: list[str],
    previous: Sequence[tuple[Route, list[str]]],
) -> str | None:
    """The tool a question asks for (``intent``: what its words show), a follow-up's earlier
    tool, or a listing of a filter."""
    if intent == "venues" and flt.venue:
        return "count_papers" if re.search(r"\bhow many\b", text) else "list_papers"
    if intent == "coauthors" and flt.author:
        return "count_papers" if re.search(r"\bhow (?:many|often)\b", text) else "list_papers"
    if intent is None and previous and not topic and previous[-1][0].kind == "tool":
        intent = previous[-1][0].tool
    if intent is None and not topic and _has_filter(flt):
        intent = "list_papers"
    return intent


_METRIC_PATTERNS = {
    "h-index": r"\bh[- ]?index\b",
    "citations": r"\bcitations?\b|\bcited\b",
    "Novelty": r"\bnovelty\b",
    "AI Score": r"\bai score\b",
}


def metric_names(question: str) -> list[str] | None:
    """The header metrics a question names; None means all of them."""
    return _metric_names_in(normalise(question))


def _metric_names_in(text: str) -> list[str] | None:
    names = [name for name, pattern in _METRIC_PATTERNS.items() if re.search(pattern, text)]
    return names or None


def detect_intent(question: str) -> str | None:
    """The first aggregate intent whose pattern occurs in the question, or None."""
    return _intent_in(normalise(question))


def _intent_in(text: str) -> str | None:
    return next((name for name, pattern in _INTENTS if re.search(pattern, text)), None)


def _has_filter(flt: PaperFilter) -> bool:
    return any(
        (
            flt.year_from,
            flt.year_to,
            flt.categories,
            flt.has_code is not None,
            flt.author,
            flt.venue,
            flt.solo,
            flt.paper_ids is not None,
        )
    )


def parse_filter(question: str, profile: Profile, text: str | None = None) -> PaperFilter:
    """Years, categories, 'with code' and a named co-author found in the question (``text``:
    its normalised form, when the caller has it)."""
    text = normalise(question) if text is None else text
    year_from, year_to = parse_years(text)
    solo = re.search(
        r"\balone\b|\bsole[- ]author|\bsingle[- ]author|\bby (?:her|him)self\b"
        r"|\bwithout (?:any )?co-?authors\b|\bsolo\b",
        text,
    )
    return PaperFilter(
        year_from=year_from,
        year_to=year_to,
        solo=True if solo else None,
        categories=_categories(text, question),
        has_code=True if re.search(r"\b(?:with|have|has|come with) code\b", text) else None,
        author=_author(question, profile),
        venue=_venue(text, question, profile),
    )


def _venue(text: str, raw: str, profile: Profile) -> str | None:
    """A venue of the profile's papers that the question names ('papers in Nature'). A venue
    of one word is a venue only as the question capitalises it: 'in Neuroscience' names the
    journal, 'sharing code in neuroscience' a field."""
    names = {p.venue for p in profile.papers if p.venue and len(p.venue) >= 3}
    for name in sorted(names, key=len, reverse=True):
        if " " not in name.strip():
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", raw):
                return name
        elif re.search(rf"(?<!\w){re.escape(normalise(name))}(?!\w)", text):
            return name
    return None


def parse_years(text: str) -> tuple[int | None, int | None]:
    """(from, to) for 'in 2024', 'from 2020 to 2022', 'between ... and ...', 'since', 'before'."""
    span = re.search(rf"(?:from|between)\s+{_YEAR}\s*(?:to|and|-|–|until)\s*{_YEAR}", text)
    if span or (span := re.search(rf"{_YEAR}\s*(?:-|–|to)\s*{_YEAR}", text)):
        low, high = sorted((int(span.group(1)), int(span.group(2))))
        return low, high
    if m := re.search(rf"\b(?:since|after)\s+{_YEAR}|\bfrom\s+{_YEAR}\s+(?:on|onwards?)\b", text):
        year = int(m.group(1) or m.group(2))
        return year + (1 if m.group(0).startswith("after") else 0), None
    if m := re.search(rf"\b(?:before|until|up to)\s+{_YEAR}", text):
        return None, int(m.group(1)) - (1 if "before" in m.group(0) else 0)
    if m := re.search(rf"\b{_YEAR}\b", text):
        return int(m.group(1)), int(m.group(1))
    return None, None


def _categories(text: str, raw: str) -> list[str]:
    found = [
        code
        for code, names in _CATEGORY_WORDS.items()
        if any(re.search(rf"\b{re.escape(n)}\b", text) for n in names)
    ]
    found += [code for code in CATEGORY_NAMES if re.search(rf"\b{code}\b", raw)]
    return list(dict.fromkeys(found))


def _author(question: str, profile: Profile) -> str | None:
    """The co-author the question names: in full, as first name and surname, with or without
    initials, accents or not; by surname alone when one co-author has it and the question
    writes it capitalised ("papers with Alkhouri", not "this researcher" for Patrice This)."""
    people = profile_people(profile)
    owner = people.key(profile.name)
    asked = _name_text(question)
    inner = re.sub(r"(?:^|[.?!]\s+)\W*\w+", " ", question)  # a sentence's first word is no clue
    capitalised = {ascii_fold(w) for w in re.findall(r"\b[A-ZÀ-Þ][\w'-]+", inner)}
    by_surname: dict[str, set[str]] = {}
    for paper in profile.papers:
        for name in paper.authors:
            key = people.key(name)
            if not key or key == owner:
                continue
            form = parse_name(name)
            by_surname.setdefault(form.surname, set()).add(key)
            if any(_says(asked, variant) for variant in _name_variants(form)):
                return name
    for surname, keys in by_surname.items():
        if len(keys) == 1 and len(surname) >= 4 and surname in capitalised:
            return people.names_of(keys.pop())[0]
    return None


def _name_text(text: str) -> str:
    """Folded, dots and initials dropped: 'Ismail R. Alkhouri' -> 'ismail alkhouri'."""
    return " ".join(re.sub(r"\b\w\.\s*", " ", ascii_fold(text)).replace(".", " ").split())


def _name_variants(form: NameForm) -> list[str]:
    full = [part for _, part in form.given if part]
    if not full or not form.given[0][1]:
        return []
    return [" ".join([*full, form.surname]), f"{full[0]} {form.surname}"]


def _says(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def topic_words(question: str, profile: Profile, flt: PaperFilter | None = None) -> list[str]:
    """Content words of the question that are not question framing, filters or the owner's name."""
    drop = set(FRAME_WORDS) | set(normalise(profile.name).split())
    if flt is not None:
        drop |= set(normalise(flt.author or "").split())
        drop |= set(normalise(flt.venue or "").split())
        drop |= {w for c in flt.categories for n in _CATEGORY_WORDS.get(c, ()) for w in n.split()}
        drop |= {c.casefold() for c in flt.categories}
    words = [w for w in content_words(question) if w not in drop and not re.fullmatch(r"\d+", w)]
    return [w for w in words if not _INTENT_WORD.fullmatch(w)]


_INTENT_WORD = re.compile(
    r"code|github|count|total|number|many|year|years|yearly|earliest|oldest|latest|newest|recent|"
    r"first|last|co-?authors?|collaborators?|h-index|index|citations?|metrics?|come|comes|"
    r"have|has|category|categories|field|fields|area|areas|per|often|frequently|most|published|"
    r"publish|written|wrote|since|until|between|alone|sole|single|solo|herself|himself|"
    r"cited|citation|least|fewest|lowest|highest|top|influential|impactful|popular|best|known|"
    r"average|mean|median|sum|venues?|journals?|conferences?|abstracts?|outlets?|appeared|where"
)


def mentioned_papers(question: str, profile: Profile, text: str | None = None) -> list[str]:
    """Ids of papers the question names by title, by the part before ':' or by a coined name."""
    text = normalise(question) if text is None else text
    found = []
    for paper in profile.papers:
        names = _title_names(paper.title)
        if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names):
            found.append(paper.id)
    return found


def _title_names(title: str) -> list[str]:
    names = [normalise(title)]
    head = title.split(":")[0].strip()
    if head != title and (len(head.split()) >= 2 or _coined(head)):
        names.append(normalise(head))
    return names


def _coined(word: str) -> bool:
    """'AGENTiGraph', 'MCLR', 'PAC-tuning': a made-up name rather than an English word."""
    upper = sum(ch.isupper() for ch in word)
    return len(word) >= 4 and (
        upper >= 3 or (upper >= 2 and not word.istitle() and word.lower() != word)
    )
