"""What a question fills in: its filter (years, categories, code, a co-author, a venue, solo
papers) and its topic words (what is left once framing, filters and the owner's name are gone)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from agent.models import Profile
from agent.qa.coauthor_names import named_coauthors
from agent.qa.negation import excluded_words, negated
from agent.qa.owner_mentions import owner_as_pronoun
from agent.qa.tools import CATEGORY_NAMES, PaperFilter
from agent.qa.venue_slots import named_venues, unknown_venue
from agent.qa.years import parse_years
from agent.text import ascii_fold, content_words, normalise
from agent.venues import spelled_out

if TYPE_CHECKING:
    from datetime import date

_FRAME = """paper papers work works worked working publication publications article articles
    study studies studied studying research researcher she her he his they them those these author
    authors profile
    list anything something stuff things problem problems solve solves solved address addresses
    tackle tackles done doing hers highly involve involves involving concern concerns
    cover covers discuss discusses deal deals examine examines investigate investigates
    investigated mention mentions touch touches methods approaches techniques use uses using
    collaboration collaborations collaborate collaborated collaborating
    show tell give describe explain summarize summarise summary me about which what many much
    does did do is are method approach propose proposed main idea topic topics one ones write
    wrote written get got publish published interest interests focus area areas field fields
    listed lists shown mentioned included appear appears altogether overall exactly currently
    far ever career found find say says show shows know known result results contribution
    contributions quick brief briefly short overview broad broadly general arxiv agenda
    programme develop develops active actively combined together name proportion share
    percentage fraction percent solo solo-authored single-authored sole-authored alone
    release released releases introduce introduces introduced new create created creates
    build built builds present presents presented scientist scholar
    good great bad talented brilliant smart excellent impressive
    key finding findings takeaway takeaways conclusion conclusions goal goals aim aims purpose
    motivation highlights date dates dated undated look looks looked looking explore explores
    explored exploring researched researching examined examining addressed addressing focuses
    focused focusing tackled consider considers considered dealt dealing covered covering touched
    touching investigating concerned concerning discussed discussing else talk talks talked
    talking related relate relates relating regarding pertain pertains pertaining thing entry
    entries item items interested associated subject subjects please pls plz thanks accompanied
    accompany accompanies"""
FRAME_WORDS = frozenset(_FRAME.split())

_CATEGORY_WORDS = {
    "CV": ("computer vision", "cs.cv"),
    "CL": ("nlp", "natural language", "computation and language", "cs.cl"),
    "LG": ("machine learning", "cs.lg"),
    "ML": ("machine learning", "stat.ml"),
    "AI": ("artificial intelligence", "cs.ai"),
    "DM": ("discrete mathematics", "cs.dm"),
    "NA": ("numerical analysis", "math.na"),
}


def has_years(flt: PaperFilter) -> bool:
    """The question names a year or a span of years."""
    return flt.year_from is not None or flt.year_to is not None


def has_filter(flt: PaperFilter) -> bool:
    """The question fills any slot of the filter."""
    return any(
        (
            flt.year_from,
            flt.year_to,
            flt.categories,
            flt.has_code is not None,
            flt.author,
            flt.venue,
            flt.kind,
            flt.solo,
            flt.dated is not None,
            flt.first_author,
            flt.last_author,
            flt.paper_ids is not None,
            flt.min_citations is not None,
            flt.max_citations is not None,
        )
    )


def parse_filter(
    question: str, profile: Profile, text: str | None = None, today: date | None = None
) -> PaperFilter:
    """Years, categories, 'with code' and a named co-author found in the question (``text``:
    its normalised form, when the caller has it; ``today`` anchors relative years)."""
    text = normalise(question) if text is None else text
    asked = text
    least, most = citation_bounds(text)
    text = without_citation_bounds(text)  # "more than 2000 citations" names no year
    year_from, year_to = parse_years(text, today)
    solo = re.search(
        r"\balone\b|\b(?:sole|single|only)[- ]author|\bby (?:her|him)self\b"
        r"|\bwithout (?:any )?co-?authors\b|\bsolo\b|\bon (?:her|his|their) own\b",
        text,
    )
    coauthors = named_coauthors(question, profile)
    first, last = _as_author(_FIRST_AUTHOR, text), _as_author(_LAST_AUTHOR, text)
    venues = named_venues(text, question, profile)
    for venue in venues:  # "in the Journal of Biological Chemistry" names no category "Chemistry"
        text = text.replace(normalise(venue), " ")
        question = re.sub(re.escape(venue), " ", question, flags=re.IGNORECASE)
    categories = _categories(text, question, profile)
    if not venues and not categories:
        venues = [v for v in [unknown_venue(question, profile)] if v]
    found = PaperFilter(
        year_from=year_from,
        year_to=year_to,
        solo=True if solo else None,
        dated=False if _UNDATED.search(text) else None,
        categories=categories,
        has_code=True if re.search(r"\b(?:with|have|has|come with) code\b", text) else None,
        author=coauthors[0] if coauthors else None,
        also_with=coauthors[1:],
        venue=venues[0] if venues else None,
        other_venues=venues[1:],
        kind=_kind(text),
        first_author=profile.name if first else None,
        last_author=profile.name if last else None,
        min_citations=least,
        max_citations=most,
    )
    return negated(found, asked, profile)  # "papers not in Biology": the others


_CITED = r"(?:citations?|cites)\b"
_N = r"(\d[\d,]*)"
_Bound = Callable[[int], tuple[int | None, int | None]]
_CITATION_BOUNDS: tuple[tuple[re.Pattern[str], _Bound], ...] = (
    (
        re.compile(
            rf"\b(?:more than|over|above|greater than|exceeding)\s+{_N}\s+{_CITED}"
            rf"|\bcited (?:more than|over) {_N} times\b",
            re.IGNORECASE,
        ),
        lambda n: (n + 1, None),
    ),
    (
        re.compile(
            rf"\b(?:at least|no fewer than|no less than)\s+{_N}\s+{_CITED}"
            rf"|\b{_N}\s*(?:\+|or more)\s+{_CITED}",
            re.IGNORECASE,
        ),
        lambda n: (n, None),
    ),
    (
        re.compile(
            rf"\b(?:fewer than|less than|under|below)\s+{_N}\s+{_CITED}"
            rf"|\bcited (?:fewer|less) than {_N} times\b",
            re.IGNORECASE,
        ),
        lambda n: (None, max(n - 1, 0)),
    ),
    (
        re.compile(rf"\b(?:at most|no more than)\s+{_N}\s+{_CITED}", re.IGNORECASE),
        lambda n: (None, n),
    ),
    (
        re.compile(
            r"\bnever (?:been )?cited\b|\buncited\b|\b(?:no|zero) citations\b", re.IGNORECASE
        ),
        lambda n: (None, 0),
    ),
)
"""Bounds on a paper's citation count as people ask them, and the (least, most) each sets."""


def citation_bounds(text: str) -> tuple[int | None, int | None]:
    """(least, most) citations a paper must have for the question: "more than 100 citations"
    is (101, None), "fewer than 10 citations" (None, 9), "never cited" (None, 0)."""
    for pattern, bound in _CITATION_BOUNDS:
        if found := pattern.search(text):
            number = next((g for g in found.groups() if g), "0")
            return bound(int(number.replace(",", "")))
    return None, None


def without_citation_bounds(text: str) -> str:
    """``text`` with its citation bounds blanked ("over 2000 citations" names no year)."""
    for pattern, _ in _CITATION_BOUNDS:
        text = pattern.sub(" ", text)
    return text


_FIRST_AUTHOR = re.compile(
    r"\b(?:first|lead|leading|primary)[- ]author(?:ed|ship|s)?\b|\bauthor(?:ed)? first\b"
)


def _as_author(position: re.Pattern[str], text: str) -> bool:
    """The question asks for the person's papers in that place of the byline ("her first-author
    papers", "is he the last author on any?"), not who holds it ("who is the first author of
    X?")."""
    found = position.search(text)
    return (
        found is not None
        and not text.startswith("who")
        and not text[found.end() :].lstrip().startswith("of ")
    )


_POSITION_WORDS = frozenset(
    {"first", "lead", "leading", "primary", "last", "senior", "final"}
    | {"author", "authors", "authored", "authorship"}
)
_LAST_AUTHOR = re.compile(r"\b(?:last|senior|final)[- ]author(?:ed|ship|s)?\b")


_KIND_WORDS = {
    "journal article": r"journal (?:articles?|papers?|publications?)|articles? in journals"
    r"|peer[- ]reviewed (?:journal )?(?:articles?|papers?)"
    r"|(?:in|to) (?:any |a |peer[- ]reviewed )?journals?",  # "has he published in journals?"
    "conference paper": r"conference (?:papers?|articles?|publications?|proceedings|talks)"
    r"|(?:papers? )?in (?:conference )?proceedings|conferences?",
    "preprint": r"preprints?",
    "book chapter": r"(?:book )?chapters?",
    "review": r"review (?:articles?|papers?)|reviews",
    "book": r"books?|monographs?",
}


def _kind(text: str) -> str | None:
    """The kind of publication the question names ('journal articles', 'conference papers');
    None when it names two ('journal articles and how many conference papers?')."""
    if re.search(r"\bjournals?\b", text) and re.search(r"\bconferences?\b", text):
        return None  # "what journals and conferences ...?": both, no kind
    if re.search(r"\b(?:which|what) (?:conferences?|journals?)\b", text):
        return None  # "which conferences were they in?": the venues by name
    named, rest = [], text
    for kind, words in _KIND_WORDS.items():  # a match is taken out: "book chapters" is no book
        rest, found = re.subn(rf"\b(?:{words})\b", " ", rest)
        named += [kind] if found else []
    return named[0] if len(named) == 1 else None  # two kinds named: a comparison, no filter


_UNDATED = re.compile(
    r"\bundated\b|\b(?:no|without(?: an?| any)?|missing(?: an?)?|lack(?:s|ing)?(?: an?)?)"
    r" (?:(?:publication|known) )?(?:date|year)s?\b"
)


def _categories(text: str, raw: str, profile: Profile) -> list[str]:
    """arXiv codes by code or name ('CV', 'computer vision') when the profile files its papers
    under them, and the profile's own category names ('Medicine') as words of the question."""
    own = {p.category for p in profile.papers if p.category}
    named = [
        code
        for code, names in _CATEGORY_WORDS.items()
        if any(re.search(rf"\b{re.escape(n)}\b", text) for n in names)
    ]
    found = [c for c in named if c in own] or named  # "machine learning": the LG or ML it files
    found += [code for code in CATEGORY_NAMES if re.search(rf"\b{code}\b", raw)]
    if not own & set(CATEGORY_NAMES):  # no arXiv codes here: "artificial intelligence" is a topic
        found = []
    own = {c for c in own if len(c) >= 4}
    found += [c for c in sorted(own) if re.search(rf"(?<!\w){re.escape(normalise(c))}(?!\w)", text)]
    return list(dict.fromkeys(found))


def topic_words(question: str, profile: Profile, flt: PaperFilter | None = None) -> list[str]:
    """Content words of the question that are not question framing, filters or the owner's name."""
    question = owner_as_pronoun(question, profile)  # a surname left is a phrase: "Turing test"
    drop = set(FRAME_WORDS) | set(normalise(profile.name).split()[:-1])  # given names
    if flt is not None:
        people = normalise(" ".join([flt.author or "", *flt.also_with])).split()
        drop |= set(people) | {ascii_fold(w) for w in people}  # "Stephane" for "Stéphane"
        venues = normalise(" ".join([flt.venue or "", *flt.other_venues]))
        drop |= set(re.findall(r"[\w-]+", venues))  # "Phys. Rev. B": phys, rev, b
        if flt.venue and (written_out := spelled_out(flt.venue)):
            drop |= {w for m in written_out.finditer(normalise(question)) for w in m[0].split()}
        if flt.kind:
            drop |= {w for n in re.findall(r"[a-z]+", _KIND_WORDS[flt.kind]) for w in (n, n + "s")}
        drop |= {
            w
            for c in flt.categories
            for n in _CATEGORY_WORDS.get(c, ())
            for w in re.split(r"[\s.]+", n)  # "cs.LG": "cs" and "lg" are no topic
        }
        drop |= {w for c in flt.categories for w in re.split(r"[\s.]+", c.casefold())}
        if flt.first_author or flt.last_author:
            drop |= _POSITION_WORDS
        drop |= excluded_words(flt)
    spans = _PRIOR_TO.sub(" ", without_citation_bounds(question))  # "prior to 2005": a span
    spans = _RESEARCH_PROGRAM.sub(" ", spans)  # "research program", "in plain terms": framing
    letters = [f"{m.group(1).casefold()} {m.group(2)}" for m in _LETTER_NOUN.finditer(spans)]
    spans = _LETTER_NOUN.sub(" ", spans)  # "T cells": one term, not "cells" alone
    words = [re.sub(r"['’]s$", "", w) for w in content_words(spans)] + letters
    words = [w for w in words if w not in drop and not re.fullmatch(r"'?\d+'?s?", w)]
    words = [w for w in words if ascii_fold(w) not in drop]
    return [w for w in words if not _cue(w) and w not in _SPAN_WORDS]


_PRIOR_TO = re.compile(r"\bprior to\b", re.IGNORECASE)
_RESEARCH_PROGRAM = re.compile(
    r"\bresearch\s+program(?:me)?s?\b"
    r"|\bin\s+(?:plain|simple|layman'?s'?|everyday|lay)\s+(?:terms|words|english|language)\b"
    r"|\bin\s+(?:a|one|two|three|a\s+few|a\s+couple\s+of)\s+(?:sentences?|lines?|words|paragraphs?)\b"
    r"|\b(?:their|our) (?:joint|shared|common)\b(?=\s+(?:papers?|works?|publications?|articles?)\b)"
    r"|\b(?:have|has|had) in common\b"
    r"|\b(?:what|which)\s+(?:kinds?|sorts?|types?|branch(?:es)?|areas?)\s+of\s+(?:\w+\s+){1,2}?"
    r"(?=(?:does|did|do)\s+\w+(?:\s+\w+)?\s+(?:work|do|study|research|practi[cs]e)\b)",
    re.IGNORECASE,
)
_LETTER_NOUN = re.compile(r"\b([A-Z])[ -]([a-z]{3,})\b")
"""A capital letter naming a kind of its noun: "T cells", "B-lymphocytes", "X chromosome"."""


def _cue(word: str) -> bool:
    """An intent's cue word, or a compound of them ("best-known", "most-cited")."""
    return all(_INTENT_WORD.fullmatch(part) for part in word.split("-") if part)


def searched_cue_words(question: str, profile: Profile, flt: PaperFilter) -> list[str]:
    """Words an aggregate would read as its cue that are topics once the question is searched:
    code words when no code filter took them ('code generation'), and any cue that with a
    neighbour makes a phrase the papers use ('count data')."""
    tokens = content_words(question)
    code = [] if flt.has_code else [w for w in tokens if w in _CODE_WORDS]
    pairs = [
        (w, f"{a} {b}")
        for a, b in zip(tokens, tokens[1:], strict=False)
        for w in (a, b)
        if _INTENT_WORD.fullmatch(w)
    ]
    text = profile.normalised_text() if pairs else ""
    phrased = [
        w for w, pair in pairs if pair in text and re.search(rf"\b{re.escape(pair)}\b", text)
    ]
    return list(dict.fromkeys(code + phrased))


_CODE_WORDS = frozenset({"code", "github", "software", "repository", "repositories"})


_SPAN_WORDS = frozenset(
    ["past", "previous", "two", "three", "four", "five", "ten", "couple", "this"]
    + ["predate", "predates", "predating", "earlier", "later", "pre", "post"]
    + ["recently", "lately", "nowadays", "ago", "decade", "six"]
    + ["onward", "onwards", "thereafter", "afterwards"]
)


_INTENT_WORD = re.compile(
    r"code|github|count|total|number|many|year|years|yearly|earliest|oldest|latest|newest|recent|"
    r"first|last|co-?authors?|collaborators?|h-index|index|citations?|metrics?|come|comes|"
    r"have|has|category|categories|field|fields|area|areas|per|often|frequently|most|published|"
    r"publish|written|wrote|since|until|between|alone|sole|single|solo|herself|himself|"
    r"cited|citation|least|fewest|lowest|highest|top|influential|impactful|popular|best|known|"
    r"average|mean|median|sum|venues?|journals?|conferences?|abstracts?|outlets?|appeared|where"
)
