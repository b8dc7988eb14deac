"""Text primitives shared by parsers, retrieval, grounding and the verifier."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import Protocol

_ABBREVIATIONS = (
    "et al.",
    "e.g.",
    "i.e.",
    "etc.",
    "vs.",
    "cf.",
    "Fig.",
    "Eq.",
    "Sec.",
    "Dr.",
    "Prof.",
    "approx.",
    "resp.",
    "w.r.t.",
    "Ph.D.",
    "U.S.",
)
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")(?=\s)"
    r"|\bNo\.(?=\s\d)"  # "No. 5", not "... an Arduino. We"
    r"|(?<![\w.])ca?\.(?=\s?\d{3,4}\b)",  # circa: "(c. 1941)"
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9(\"'$\\])")
URL = re.compile(r"(?:https?://|www\.)[^\s)\]>\"']+", re.IGNORECASE)
"""A web address, up to the space, bracket or quote that ends it."""
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_MATH = re.compile(r"\$[^$]*\$")
_SUFFIXES = ("ies", "ing", "es", "ed", "ly", "s")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "over",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "under",
        "using",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "you",
        "your",
        "not",
        "no",
        "also",
        "via",
        "both",
        "each",
        "other",
        "more",
        "most",
        "some",
        "any",
        "all",
        "about",
        "after",
        "before",
        "between",
        "during",
        "further",
        "here",
        "into",
        "only",
        "own",
        "same",
        "too",
        "very",
        "just",
    ]
    + [  # "not" said short: "don't", "hasn't"
        f"{verb}n't"
        for verb in ("do", "does", "did", "is", "are", "was", "were", "has", "have", "had")
    ]
)


_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_BLOCK_TAG = re.compile(
    r"</?(?:jats:)?(?:p|title|sec|abstract|list|list-item|br|div)\b[^<>]{0,200}?/?>", re.IGNORECASE
)
_INLINE_TAG = re.compile(
    r"</?(?:jats:|mml:)?(?:i|b|u|a|em|strong|sub|sup|sc|scp|small|code|italic|bold|span"
    r"|inline-formula|tex-math)"
    r"\b[^<>]{0,200}?/?>",
    re.IGNORECASE,
)


def strip_markup(text: str) -> str:
    """HTML entities decoded (twice escaped too: '&amp;lt;p&amp;gt;') and the markup tags
    publishers leave in abstracts and titles dropped ('<jats:p>', '<i>', '</p>'); a bare '<'
    or '&' of the text stays."""
    for _ in range(3):
        decoded = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
        if decoded == text:
            break
        text = decoded
    return _INLINE_TAG.sub("", _BLOCK_TAG.sub(" ", text))


def normalise(text: str) -> str:
    """NFKC, case-folded, hyphenation at line ends joined, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    return " ".join(text.casefold().split())


def ascii_fold(text: str) -> str:
    """Transliterated to ASCII and case-folded, the one key for names and slugs: 'Łukasz' ->
    'lukasz', 'Pérez' -> 'perez', 'Øyvind' -> 'oyvind', 'Müller' -> 'muller'."""
    from anyascii import anyascii

    return anyascii(text).casefold()


_GREEK_NAMES = {
    ord(letter): name
    for letter, name in (
        ("α", "alpha"), ("β", "beta"), ("γ", "gamma"), ("δ", "delta"), ("ε", "epsilon"),
        ("ζ", "zeta"), ("η", "eta"), ("θ", "theta"), ("ι", "iota"), ("κ", "kappa"),
        ("λ", "lambda"), ("μ", "mu"), ("ν", "nu"), ("ξ", "xi"), ("ο", "omicron"), ("π", "pi"),
        ("ρ", "rho"), ("σ", "sigma"), ("ς", "sigma"), ("τ", "tau"), ("υ", "upsilon"),
        ("φ", "phi"), ("χ", "chi"), ("ψ", "psi"), ("ω", "omega"),
    )
}  # fmt: skip


def lexicon(text: str) -> frozenset[str]:
    """The space-separated words of ``text``, as a set (word lists written as one string)."""
    return frozenset(text.split())


def words(text: str) -> list[str]:
    """Case-folded word tokens (hyphenated words kept whole); a Greek letter is its name, as
    people type it ("λ-K-conversion" is "lambda-k-conversion", "α-adrenergic" "alpha-...")."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold().translate(_GREEK_NAMES))


def stem(word: str) -> str:
    """A light suffix strip so 'networks'/'network', 'pruning'/'pruned'/'prune' and
    'suppresses'/'suppress' meet (no plural in 'class', 'corpus' or 'analysis')."""
    for suffix in _SUFFIXES:
        if suffix == "s" and word.endswith(("ss", "us", "is")):  # no plural: class, corpus, basis
            continue
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


@lru_cache(maxsize=16384)
def word_root(word: str) -> str:
    """The Porter2 (Snowball English) root that a word's derived forms share, for matching a
    question's key term against a title ('quantization'/'quantized', 'distillation'/
    'distilling', 'optimization'/'optimizing'), where the light ``stem`` keeps them apart."""
    return _english_stemmer().stemWord(word.casefold())


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...  # noqa: N802 (snowballstemmer's name)


@lru_cache(maxsize=1)
def _english_stemmer() -> _Stemmer:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def content_words(text: str) -> list[str]:
    """Word tokens without stopwords and one-letter tokens."""
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1]


_BOUNDARY = re.compile(
    r"\s*(?:(?i:<\|?/?[A-Za-z][\w:|-]*(?:\s[^<>]{0,80})?\|?>)"  # markup: <a href>, <end of session>
    r"|(?i:\[/?(?:system|user|assistant|inst|sys)\])"  # [system]-style turns
    r"|(?<![\w-])(?:-{3,}|={3,}|\*{3,}|#{3,}|_{3,}|~{3,})"  # separator runs
    r"|\b(?:System|User|Assistant|Human|AI|Instruction|SYSTEM|USER|ASSISTANT)\s*:(?!//))"  # turns
    r"\s*"
)
"""Where planted text starts in a sentence: quoted apart from the sentence it is glued to."""


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations, decimals, inline math and “quoted
    titles” intact; markup, separator runs and role turns ("System:") start a part of their
    own."""
    return list(_sentences_of(text))


@lru_cache(maxsize=4096)
def _sentences_of(text: str) -> tuple[str, ...]:
    """``split_sentences``, cached: an ingest splits each abstract twice (the planted-text
    check, then the records), and answers split the same abstracts again and again."""
    text = " ".join(text.split())
    if not text:
        return ()
    protected, stash = _protect(text)
    parts = [q for p in _SENTENCE_END.split(protected) for q in _at_boundaries(p)]
    return tuple(_restore(p, stash).strip() for p in parts if p.strip())


def starts_planted(text: str) -> bool:
    """True when ``text`` opens with markup, a separator run or a role turn ("System:")."""
    return _BOUNDARY.match(text) is not None and bool(_BOUNDARY.match(text).group(0).strip())


_AFTER_MARKUP = re.compile(r"[\"'”’)]*\s*(?=[A-Z])")


def _at_boundaries(part: str) -> list[str]:
    """``part`` cut before every boundary match (the match heads its piece), and after markup
    that a new sentence follows (``</a>" Our bound ...``)."""
    cuts = {0, len(part)}
    for match in _BOUNDARY.finditer(part):
        if part[: match.start()].strip():
            cuts.add(match.start())
        marker = match.group(0).strip()
        if not marker.endswith(":") and (after := _AFTER_MARKUP.match(part, match.end())):
            cuts.add(after.end())
    ordered = sorted(cuts)
    return [part[a:b] for a, b in zip(ordered, ordered[1:], strict=False)]


def _protect(text: str) -> tuple[str, list[str]]:
    stash: list[str] = []

    def keep(match: re.Match[str]) -> str:
        stash.append(match.group(0))
        return f"\x00{len(stash) - 1}\x00"

    text = _MATH.sub(keep, text)
    text = _ABBREVIATION.sub(keep, text)
    text = re.sub(r"\b[A-Z]\.(?=\s)", keep, text)  # initials: "A. Martina Neuman"
    # a quoted title is one piece: “Mapping by waves. Patterned spontaneous activity ...”
    text = re.sub(r"(?<=“)[^“”]{1,400}?(?=[.!?]?”)", keep, text)
    return text, stash


def _restore(text: str, stash: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: stash[int(m.group(1))], text)


def occurs_in(value: str, source: str) -> bool:
    """True when ``value`` appears in ``source`` up to case, whitespace, line-break hyphenation."""
    needle = normalise(value)
    if not needle:
        return False
    haystack = normalise(source)
    if needle in haystack:
        return True
    squeeze = re.compile(r"[\s\-‐‑–]+")
    return squeeze.sub("", needle) in squeeze.sub("", haystack)


_PERSONS = {
    word: person
    for person, pronouns in {
        "I": "i me my mine myself",
        "we": "we us our ours ourselves",
        "you": "you your yours yourself yourselves",
        "he": "he him his himself",
        "she": "she her hers herself",
        "they": "they them their theirs themselves",
    }.items()
    for word in pronouns.split()
}


def persons(text: str) -> set[str]:
    """The grammatical persons ``text`` speaks of ('I', 'we', 'she', ...), whatever pronoun
    form it uses ("I" and "my" are both 'I')."""
    return {_PERSONS[w] for w in words(text) if w in _PERSONS}


def numbers_in(text: str) -> list[str]:
    """Numbers written in ``text`` ("30", "2024", "53%", "0.5", "500,000" as 500000), without
    trailing '%'; a comma not grouping thousands separates ("2,4-dinitrophenol": 2 and 4)."""
    found = re.findall(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w.])\d+(?:\.\d+)?", text)
    return [n.replace(",", "") for n in found]


_AFFILIATION = re.compile(
    r"\b(?:Department|Dept|Division|University|Institute|School|Faculty|Center|Centre|Hospital"
    r"|Laboratory|Laboratories|College)\b"
)
_AUTHOR_MARKS = re.compile(r"[^\W\d_]{2},?\d(?:,\d)*\b")  # "Shaywitz,1,2", "Cantley1,5"
_POSTAL = re.compile(r"\b[A-Z]{2} \d{5}\b")  # "Boston, MA 02215"
_RIGHTS = re.compile(r"©|\ball rights reserved\b|\bterms of use\b", re.IGNORECASE)


def is_front_matter(sentence: str) -> bool:
    """A byline, an affiliation list or a rights notice that a scraped abstract carries, not
    something the paper says ("Adam J. Shaywitz,1,2 ... 1Division of Signal Transduction")."""
    if _RIGHTS.search(sentence):
        return True
    if not _AFFILIATION.search(sentence):
        return False
    return len(_AUTHOR_MARKS.findall(sentence)) >= 2 or _POSTAL.search(sentence) is not None
