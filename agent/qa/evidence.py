"""Evidence for a question: retrieved sentences, scored for relevance, planted instructions flagged.

``relevance`` blends the dense cosine between question and sentence with ``coverage``, the share
of the question's topic words found in the sentence or its paper's title. Thresholds on it decide
whether the profile supports an answer at all (measured on tests/qa_cases.py; see MIN_RELEVANCE).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from pydantic import BaseModel

from agent.models import Paper, Profile
from agent.qa.route import Route
from agent.qa.tools import select
from agent.text import content_words, is_front_matter, stem, word_root, words
from agent.untrusted import flag_instructions, foreign_urls, is_question
from agent.venues import is_acronym
from agent.writers.theme_names import abbreviates

if TYPE_CHECKING:
    from agent.protocols import Embedder
    from agent.qa.seams import SentenceRetriever

RELEVANCE_DENSE_WEIGHT = 0.6  # relevance = this * cosine + (1 - this) * key-term coverage
MIN_RELEVANCE = 0.46  # tests/qa_cases.py + evals/suites/qa.jsonl: refused <= 0.34, answered >= 0.58
CANDIDATES = 60
SMALL_SET = 6  # papers named or carried over from the last answer: all their sentences compete


class EvidenceSentence(BaseModel):
    """One citable sentence (index 0 is the title) and how well it answers the question."""

    paper_id: str
    index: int
    text: str
    dense: float = 0.0
    coverage: float = 0.0
    title_coverage: float = 0.0
    relevance: float = 0.0
    instruction: bool = False
    question: bool = False
    front_matter: bool = False  # a byline or affiliation list a scraped abstract carries

    @property
    def usable(self) -> bool:
        """May be quoted as evidence: not a planted instruction, a question or front matter."""
        return not (self.instruction or self.question or self.front_matter)


class EvidenceSet(BaseModel):
    """Everything retrieved for one question, best first, plus the papers the question names."""

    sentences: list[EvidenceSentence]
    named: list[str] = []

    def best(self) -> float:
        """The highest relevance among usable sentences (0 when there are none)."""
        return max((s.relevance for s in self.sentences if s.usable), default=0.0)

    def of_paper(self, paper_id: str) -> list[EvidenceSentence]:
        return [s for s in self.sentences if s.paper_id == paper_id]


def gather(
    question: str, route: Route, profile: Profile, retriever: SentenceRetriever
) -> EvidenceSet:
    """Retrieve candidate sentences under the route's filter and score each for the question."""
    allowed = select(profile, route.filter)
    named = route.named or route.mentioned
    named = [pid for pid in named if pid in {p.id for p in allowed}]
    small = (
        [p for p in allowed if p.id in named]
        if named
        else (allowed if len(allowed) <= SMALL_SET else [])
    )
    candidates = (
        _all_sentences(small) if small else _search(question, route, profile, retriever, allowed)
    )
    scored = _score(question, route.topic, candidates, profile, retriever.embedder)
    scored.sort(key=lambda s: s.relevance, reverse=True)
    return EvidenceSet(sentences=scored, named=named)


def sentences_of(paper: Paper) -> list[tuple[str, int, str]]:
    """(paper id, index, text) for the title (0) and each abstract sentence (1..)."""
    from agent.store.vectors import paper_sentences

    return [(paper.id, i, text) for i, text in enumerate(paper_sentences(paper))]


def _all_sentences(papers: list[Paper]) -> list[tuple[str, int, str]]:
    return [row for paper in papers for row in sentences_of(paper)]


def _search(
    question: str,
    route: Route,
    profile: Profile,
    retriever: SentenceRetriever,
    allowed: list[Paper],
) -> list[tuple[str, int, str]]:
    from agent.store.retrieve import SearchFilters

    flt = route.filter
    filters = SearchFilters(
        year_from=flt.year_from,
        year_to=flt.year_to,
        has_code=flt.has_code,
        category=flt.categories[0] if len(flt.categories) == 1 else None,
    )
    hits = retriever.search_sentences(profile.slug, question, k=CANDIDATES, filters=filters)
    ids = {p.id for p in allowed}
    return [(h.paper_id, h.sentence_index, h.text) for h in hits if h.paper_id in ids]


def _score(
    question: str,
    topic: list[str],
    rows: list[tuple[str, int, str]],
    profile: Profile,
    embedder: Embedder,
) -> list[EvidenceSentence]:
    if not rows:
        return []
    vectors = embedder.encode([question] + [text for _, _, text in rows])
    flags = _instruction_flags(rows, profile)
    links_asked = _LINKS_ASKED.search(question) is not None
    wanted = {w.casefold() for w in topic}
    groups = alternatives(question, wanted)
    acronyms = {t.casefold(): t for t in re.findall(r"[\w-]+", question) if is_acronym(t)}
    titled: dict[str, float] = {}  # a paper's title coverage, the same for all its sentences
    out = []
    for (pid, index, text), vector in zip(rows, vectors[1:], strict=True):
        dense = max(0.0, float(vector @ vectors[0]))
        paper = profile.paper(pid)
        coverage = max(_coverage(g, text, paper, acronyms) for g in groups) if wanted else dense
        if pid not in titled:
            titled[pid] = (
                max(_coverage(g, "", paper, acronyms) for g in groups) if wanted and paper else 0.0
            )
        out.append(
            EvidenceSentence(
                paper_id=pid,
                index=index,
                text=text,
                dense=round(dense, 4),
                coverage=round(coverage, 4),
                title_coverage=round(titled[pid], 4),
                relevance=round(
                    RELEVANCE_DENSE_WEIGHT * dense + (1 - RELEVANCE_DENSE_WEIGHT) * coverage, 4
                ),
                instruction=flags[(pid, index)]
                or (not links_asked and _foreign_link(text, profile.paper(pid))),
                question=is_question(text),
                front_matter=index > 0 and is_front_matter(text),
            )
        )
    return out


def alternatives(question: str, wanted: set[str]) -> list[set[str]]:
    """The key terms grouped by the question's "or" ("medicine or healthcare": two groups, a
    sentence covering either covers the question); one group when it has no alternatives."""
    parts = re.split(r"\bor\b", question.casefold())
    groups = [
        {w for w in wanted if stem(w) in {stem(x) for x in content_words(part)}} for part in parts
    ]
    groups = [g for g in groups if g]
    return groups if len(groups) > 1 else [wanted]


def _coverage(
    wanted: set[str], text: str, paper: Paper | None, acronyms: dict[str, str] | None = None
) -> float:
    """The share of the key terms (as the question wrote them) that ``text`` or the paper's
    title names, in any form of the word; an acronym also as its singular or spelled out."""
    said = f"{text} {paper.title if paper else ''}"
    have, forms = term_stems(said), term_forms(said)
    spelled = acronyms or {}
    return sum(
        _covered(stem(w), have)
        or _derived(w, forms)
        or (w in spelled and _acronym_in(spelled[w], said))
        for w in wanted
    ) / len(wanted)


def _acronym_in(acronym: str, said: str) -> bool:
    """``acronym`` ("LLMs") in ``said`` as a word or part of one in either number ("PB-LLM",
    "LLM Inference"), or spelled out by the initials of its words ("Large Language Models")."""
    bare = acronym.casefold().removesuffix("s")
    tokens = re.findall(r"[^\W_]+", said)
    if any(t.casefold() in (bare, f"{bare}s") for t in tokens):
        return True
    return any(
        abbreviates(acronym, " ".join(tokens[i : i + size]))
        for size in range(len(bare), len(bare) + 3)
        for i in range(len(tokens) - size + 1)
    )


def term_forms(text: str) -> dict[str, set[str]]:
    """``text``'s content words (and the parts of hyphenated ones) by their Porter2 root."""
    forms: dict[str, set[str]] = {}
    for token in content_words(text):
        for part in {token, *token.split("-")}:
            forms.setdefault(word_root(part), set()).add(part)
    return forms


def _derived(word: str, forms: dict[str, set[str]]) -> bool:
    """Another form of ``word`` made by a process ending ('distillation' in 'Distilling ...',
    'quantization' in '... Quantized ...'): one root, and past the letters the two share, only
    endings such as -ation, -ing, -ed, -or (so 'relativity' never meets 'related', nor
    'experiment' 'experience')."""
    root = word_root(word)
    if len(root) < MIN_ROOT_LENGTH:
        return False
    return any(_one_family(word, other) for other in forms.get(root, ()))


def _one_family(a: str, b: str) -> bool:
    shared = len(os.path.commonprefix([a, b]))
    return (
        shared >= MIN_ROOT_LENGTH
        and _PROCESS_ENDING.fullmatch(a[shared:]) is not None
        and _PROCESS_ENDING.fullmatch(b[shared:]) is not None
    )


MIN_ROOT_LENGTH = 5
_PROCESS_ENDING = re.compile(
    r"(?:e|e?s|ed|ings?|(?:at|iz|is)?ations?|ions?|i[zs](?:e[sd]?|ing)|[eo]rs?)?"
)


def term_stems(text: str) -> set[str]:
    """The stems a key term of a question can meet in ``text``: its content words, the parts of
    hyphenated ones, two words written as one ("health care": "healthcare") and a letter with
    its noun ("T cells", "T-cell": "t cell")."""
    tokens = content_words(text)
    have = {stem(w) for w in tokens}
    have |= {stem(part) for w in list(have) for part in w.split("-")}
    have |= {stem(w.replace("-", "")) for w in tokens if "-" in w}  # "log-normal": "lognormal"
    have |= {stem(a + b) for a, b in zip(tokens, tokens[1:], strict=False)}  # health care
    every = words(text)
    have |= {
        stem(f"{a} {b}") for a, b in zip(every, every[1:], strict=False) if _LETTER.fullmatch(a)
    }
    have |= {stem(w.replace("-", " ", 1)) for w in every if _LETTER_NOUN.fullmatch(w)}
    return have


_LETTER = re.compile(r"[a-z]")
_LETTER_NOUN = re.compile(r"[a-z]-[a-z]{3,}")


def _covered(word: str, have: set[str]) -> bool:
    """Present as such, as the start of a longer word ('moral' in 'morality'), as a field's
    other form ('ecology', 'ecological'), or, for a long word, as another form of one stem
    ('reproducibility' and 'reproducible': the first ``len - 5`` letters, at least 8, shared)."""
    if word in have or (len(word) >= 4 and any(h.startswith(word) for h in have)):
        return True
    root = _field_root(word)
    if root != word and any(h.startswith(root) and _field_root(h) == root for h in have):
        return True
    if len(word) < MIN_FORM_LENGTH:
        return False
    head = word[: max(8, len(word) - 5)]
    return any(h.startswith(head) for h in have)


MIN_FORM_LENGTH = 9  # shorter words meet other forms only through ``stem``


def _field_root(word: str) -> str:
    """A field's name and its adjective as one root: 'ecology', 'ecological', 'ecologist';
    'statistics' and 'statistical'; 'dynamics' and 'dynamic' (a root of 5 letters at least)."""
    root = re.sub(r"(?:ically|ical|ics|ic|ists?|y)$", "", word)
    return root if len(root) >= 5 else word


_LINKS_ASKED = re.compile(
    r"\b(?:links?|urls?|websites?|web ?pages?|homepages?|code|github|repositor(?:y|ies)|"
    r"download|data ?sets?)\b",
    re.IGNORECASE,
)


def _foreign_link(text: str, paper: Paper | None) -> bool:
    """A URL that is not the paper's own code link: quoted only when the question asks for
    links (a planted 'visit ...' must not ride along with a real sentence)."""
    allowed = {paper.code_url} if paper is not None and paper.code_url else set()
    return bool(foreign_urls(text, allowed))


def _instruction_flags(
    rows: list[tuple[str, int, str]], profile: Profile
) -> dict[tuple[str, int], bool]:
    flags: dict[tuple[str, int], bool] = {}
    for pid in dict.fromkeys(pid for pid, _, _ in rows):
        paper = profile.paper(pid)
        if paper is None:
            continue
        sentences = [text for _, _, text in sentences_of(paper)]
        marks = flag_instructions(paper.abstract, sentences[1:])
        flags.update({(pid, i): flag for i, flag in enumerate([False, *marks])})
    return {(pid, i): flags.get((pid, i), True) for pid, i, _ in rows}


def _relevance(dense: float, coverage: float) -> float:
    return RELEVANCE_DENSE_WEIGHT * dense + (1 - RELEVANCE_DENSE_WEIGHT) * coverage
