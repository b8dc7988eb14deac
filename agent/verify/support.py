"""The gate every generator passes through: each sentence must cite evidence that supports it.

``support`` in [0, 1] blends a lexical score (how much of the sentence's content words the cited
evidence contains) with a semantic score (best cosine between the sentence and a cited evidence
sentence, from the project embedder). Numbers, years, names and URLs in the sentence must also
occur in the cited evidence or the profile facts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from pydantic import BaseModel, Field

from agent.text import STOPWORDS, URL, content_words, normalise, numbers_in, stem
from agent.untrusted import looks_like_instruction

_FRAMING = frozenset({"work", "works", "worked", "working"})
MIN_SUPPORT = 0.75  # tests/qa_cases.py VERIFY_CASES: faithful >= 0.83, unfaithful <= 0.68
LEXICAL_WEIGHT = 0.5

_PRONOUNS = frozenset({"I", "I'm", "I’m", "I've", "I’ve"})
_CAPITALISED = re.compile(r"\b[^\W\d_][\w'’-]*\b", re.UNICODE)


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised vectors (rows of an array)."""

    def encode(self, texts: list[str]) -> Any: ...


class Verdict(BaseModel):
    """Why one sentence was kept or dropped."""

    text: str
    citations: list[str] = Field(default_factory=list)
    support: float = 0.0
    lexical: float = 0.0
    semantic: float | None = None
    missing_terms: list[str] = Field(default_factory=list)
    ok: bool = False
    reason: str = ""


def lexical_support(text: str, evidence: Iterable[str]) -> float:
    """Share of the sentence's content words (stemmed) that occur in the evidence; "works on"
    frames an activity and is no word the evidence must hold."""
    wanted = {stem(w) for w in content_words(text) if w not in _FRAMING} or {
        stem(w) for w in content_words(text)
    }
    if not wanted:
        return 0.0
    have = {stem(w) for e in evidence for w in content_words(e)}
    return len(wanted & have) / len(wanted)


def key_terms(text: str, inner_capitals: bool = False) -> list[str]:
    """Numbers, URLs, symbols (emoji) and capitalised tokens (not the first word, not the pronoun
    "I", not a stopword opening a clause): what a sentence names, to be found in its evidence.
    ``inner_capitals`` adds tokens like "pCQO-MIS" and "mRNA" (for comparing two wordings of one
    sentence: against evidence they would reject "miRNA" for an abstract that writes
    "microRNA", SciFact tune row 72)."""
    terms = [u.rstrip(".,;:") for u in URL.findall(text)]
    terms += [ch for ch in text if unicodedata.category(ch) == "So"]
    rest = URL.sub(" ", text)
    terms += numbers_in(rest)
    for i, match in enumerate(_CAPITALISED.finditer(rest)):
        token = match.group(0)
        if token in _PRONOUNS or (token.lower() in STOPWORDS and not _is_acronym(token)):
            continue
        named = token[0].isupper() and (i > 0 or _is_acronym(token))
        if named or (inner_capitals and any(ch.isupper() for ch in token[1:])):
            terms.append(token)
    return list(dict.fromkeys(terms))


def has_term(text: str, term: str) -> bool:
    """``term`` as a whole token of ``text`` (case-insensitive; a number is not part of a
    longer one)."""
    return _term_in(normalise(term), normalise(text))


def _is_acronym(token: str) -> bool:
    return sum(ch.isupper() for ch in token) >= 2


def missing_terms(text: str, sources: Iterable[str]) -> list[str]:
    """Key terms of ``text`` that occur in none of ``sources`` (case-insensitive, whole tokens)."""
    haystack = " \n ".join(normalise(s) for s in sources)
    haystack = re.sub(r"(?<=\d),(?=\d{3})", "", haystack)  # "500,000" is the number 500000
    defined = defined_acronyms(text)
    return [t for t in key_terms(text) if t not in defined and not _term_in(normalise(t), haystack)]


def defined_acronyms(text: str) -> set[str]:
    """Acronyms the sentence spells out itself: "epigenetic modulating agents (EMAs)" (the
    expansion's words are what the evidence must hold)."""
    found = set()
    for match in re.finditer(r"\(([A-Z][A-Za-z]{1,9})\)", text):
        letters = [ch for ch in match.group(1) if ch.isupper()]
        before = re.findall(r"[^\W\d_]+", text[: match.start()])[-len(letters) :]
        if len(letters) >= 2 and [w[0].upper() for w in before] == letters:
            found.add(match.group(1))
    return found


def _is_stem_acronym(term: str) -> bool:
    """An all-capitals word an adjective grows from: "GABA" in "GABAergic", "HIV" in "HIVs"."""
    return len(term) >= 3 and term.isalpha() and term.isupper()


def _term_in(term: str, haystack: str, prefix: bool = False) -> bool:
    if len(term) == 1 and not term.isalnum():
        return term in haystack
    if re.fullmatch(r"[\d.,]+", term):  # "22" is in "22b parameters", not in "220"
        pattern = r"(?<![\d.])" + re.escape(term) + r"(?!\d)"
    elif prefix:
        pattern = r"(?<![\w.])" + re.escape(term)
    else:  # a name's plural is the name: "miRNA" is in "miRNAs", "LoRA" in "LoRAs"
        plural = r"(?:e?s)?" if term[-1:].isalpha() else ""
        pattern = _WORD_START + re.escape(term) + plural + r"(?![\w])"
    return re.search(pattern, haystack) is not None


_WORD_START = r"(?:(?<![\w.])|(?<=(?<!\w)[^\W\d_]\.))"
"""Where a word starts: not inside a word or a dotted name ("js" in "node.js"), but after an
initial ("M" of "A.M. Turing")."""


class SemanticScorer:
    """Cosine scores through an embedder, encoding each distinct text once."""

    def __init__(self, embedder: Embedder | None) -> None:
        self.embedder = embedder
        self._vectors: dict[str, Any] = {}

    def prepare(self, texts: Iterable[str]) -> None:
        """Encode all texts not yet seen in one batch."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if self.embedder is None or not todo:
            return
        for text, vector in zip(todo, self.embedder.encode(todo), strict=True):
            self._vectors[text] = vector

    def similarity(self, text: str, other: str) -> float | None:
        """The cosine (clipped to [0, 1]) of two texts; None without an embedder."""
        return self.best(text, [other])

    def best(self, text: str, evidence: Sequence[str]) -> float | None:
        """The highest cosine (clipped to [0, 1]) between ``text`` and any evidence sentence."""
        if self.embedder is None or not evidence:
            return None
        self.prepare([text, *evidence])
        scores = [float(self._vectors[text] @ self._vectors[e]) for e in evidence]
        return max(0.0, min(1.0, max(scores)))


def verify_sentence(
    text: str,
    citations: Sequence[str],
    evidence: Mapping[str, Sequence[str]],
    profile_facts: Sequence[str] = (),
    embedder: Embedder | SemanticScorer | None = None,
    min_support: float = MIN_SUPPORT,
    generated: bool = False,
    polarity: bool = False,
) -> Verdict:
    """Score one sentence against the evidence of the sources it cites plus the profile facts.

    A ``generated`` sentence (a model wrote it) must also state something (see
    ``vacuous_problem``); it, and any sentence checked for ``polarity`` (a template that lifts
    phrases out of their sentences), must not say the opposite of the evidence sentence it
    aligns to."""
    scorer = embedder if isinstance(embedder, SemanticScorer) else SemanticScorer(embedder)
    verdict = Verdict(text=text, citations=list(citations))
    problem = _citation_problem(citations, evidence)
    backing = (
        []
        if problem
        else [*(s for c in dict.fromkeys(citations) for s in evidence[c]), *profile_facts]
    )
    problem = problem or _instruction_problem(text, backing)
    if not problem and generated:
        problem = vacuous_problem(text)
    if problem:
        return verdict.model_copy(update={"reason": problem})
    support, lexical, semantic = blended_support(text, backing, scorer)
    missing = missing_terms(text, backing)
    ok, reason = _judge(support, missing, min_support)
    if ok and (generated or polarity):
        reason = _opposite_problem(text, backing, scorer, generated) or reason
        ok = reason == "supported"
    return verdict.model_copy(
        update={
            "support": round(support, 3),
            "lexical": round(lexical, 3),
            "semantic": None if semantic is None else round(semantic, 3),
            "missing_terms": missing,
            "ok": ok,
            "reason": reason,
        }
    )


def _opposite_problem(
    text: str, backing: Sequence[str], scorer: SemanticScorer, generated: bool
) -> str:
    from agent.verify.entailment import contradicting, unstated_negations

    ranked = sorted(((aligned_score(text, s, scorer), "", s) for s in backing), reverse=True)
    flipped = contradicting(text, ranked)
    if flipped:
        return f"contradicts its evidence: {flipped[1]}"
    negations = unstated_negations(text, backing) if generated else []
    return f"the evidence does not say {', '.join(map(repr, negations))}" if negations else ""


def _citation_problem(citations: Sequence[str], evidence: Mapping[str, Sequence[str]]) -> str:
    if not citations:
        return "cites nothing"
    unknown = [c for c in citations if c not in evidence]
    if unknown:
        return f"cites {', '.join(unknown)}, not in the evidence for this question"
    if not any(evidence[c] for c in citations):
        return "the cited sources have no evidence text"
    return ""


def blended_support(
    text: str, backing: Sequence[str], scorer: SemanticScorer
) -> tuple[float, float, float | None]:
    """(support, lexical, semantic): the share of ``text``'s content words in ``backing``
    blended with its best cosine to one backing sentence (lexical alone without an embedder)."""
    lexical = lexical_support(text, backing)
    semantic = scorer.best(text, backing)
    if semantic is None:
        return lexical, lexical, None
    return LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * semantic, lexical, semantic


def aligned_score(text: str, sentence: str, scorer: SemanticScorer) -> float:
    """How closely one evidence sentence alone says ``text`` (the support blend on it)."""
    return blended_support(text, [sentence], scorer)[0]


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|\([^)]*\)|\[[^\]]*\]")


def vacuous_problem(text: str) -> str:
    """Why ``text`` states nothing: outside its quoted titles, brackets and numbers no word
    starts lower-case (a title and a year, a name alone), so there is no predicate to check."""
    rest = _QUOTED.sub(" ", text)
    if any(w[0].islower() for w in re.findall(r"[^\W\d_][\w'’-]*", rest)):
        return ""
    return "states nothing to check (no predicate outside titles and numbers)"


_QUOTATION = re.compile(r"“([^”]+)”|\"([^\"]+)\"")


def _instruction_problem(text: str, backing: Sequence[str]) -> str:
    """An instruction outside what the sentence quotes from its evidence: a title quoted as it
    stands ("Can Foundation Models ... Guide You ...?") was screened at ingest, and is no order."""

    def unquoted(match: re.Match[str]) -> str:
        quoted = match.group(1) or match.group(2)
        return " the paper " if any(quoted in line for line in backing) else match.group(0)

    said = _QUOTATION.sub(unquoted, text)
    return "reads as an instruction, not a statement" if looks_like_instruction(said) else ""


def _judge(support: float, missing: list[str], min_support: float) -> tuple[bool, str]:
    if missing:
        return False, f"not in the cited evidence: {', '.join(missing)}"
    if support < min_support:
        return False, f"support {support:.2f} below {min_support:.2f}"
    return True, "supported"


def verify_answer(
    sentences: Sequence[Any],
    evidence: Mapping[str, Sequence[str]],
    profile_facts: Sequence[str] = (),
    embedder: Embedder | SemanticScorer | None = None,
    min_support: float = MIN_SUPPORT,
) -> list[Verdict]:
    """Verdicts for many sentences: ``(text, citations)`` pairs or objects with those attributes."""
    scorer = embedder if isinstance(embedder, SemanticScorer) else SemanticScorer(embedder)
    pairs = [_as_pair(s) for s in sentences]
    scorer.prepare(
        [t for t, _ in pairs] + [e for v in evidence.values() for e in v] + list(profile_facts)
    )
    return [verify_sentence(t, c, evidence, profile_facts, scorer, min_support) for t, c in pairs]


def _as_pair(sentence: Any) -> tuple[str, list[str]]:
    if isinstance(sentence, tuple):
        return sentence[0], list(sentence[1])
    return sentence.text, list(sentence.citations)
