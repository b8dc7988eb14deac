"""Theme names in the papers' own words: the key phrase (c-TF-IDF over n-grams) a cluster's
papers share, favouring title phrases; never a finding, a gerund title opening or a generic
word alone, and a field-wide phrase ('neural networks') only when nothing sharper is shared."""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache

from pydantic import BaseModel, Field

from agent.people import compatible
from agent.text import STOPWORDS
from agent.venues import is_acronym
from agent.wordlists import BROAD_PHRASES, EDGE_WORDS, FINDING_VERBS, GENERIC_WORDS, ING_NOUNS

_TOKEN = re.compile(r"(?:[A-Za-z]|\d+[A-Za-z])[A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")  # "3D" too
_INNER = frozenset({"of"})
_AFTER_IN = frozenset({"vivo", "vitro", "situ", "silico", "utero"})
_ADVERB = re.compile(r"(?:ally|ively|ously|ently|antly|ably|ibly|ately|only|monly|ly)$")
_LY_NOUNS = frozenset({"family", "assembly", "anomaly", "supply", "reply", "italy", "monopoly"})
_PARTICIPLE = re.compile(
    r"^\w{3,}ed$|^(?:used|written|given|known|shown|driven|taken|seen|done|made|built)$"
)
_CITATION = re.compile(r"\(?[\w-]+ et al\.?,? ?(?:\(?\d{4}[a-z]?\)?)?[;)]?|\bet al\b\.?")
MAX_NGRAM = 4
ATTRIBUTIVE_SHARE = 0.67  # a phrase this often followed by another word modifies it: no name


class _Stats(BaseModel):
    """Phrase counts, document and title frequencies, and written forms over one cluster."""

    size: int
    counts: Counter[str] = Field(default_factory=Counter)
    docs: Counter[str] = Field(default_factory=Counter)
    titles: Counter[str] = Field(default_factory=Counter)
    forms: dict[str, Counter[str]] = Field(default_factory=dict)
    attributive: Counter[str] = Field(default_factory=Counter)  # uses before another word


def abbreviates(short: str, full: str) -> bool:
    """``short`` is the initials of ``full``: 'LLMs' of 'Large Language Models', 'PTQ' of
    'Post-training Quantization' (a plural 's' on both sides aside)."""
    if not is_acronym(short):
        return False
    words = [w for w in re.split(r"[\s-]+", full) if w and w.casefold() not in _LINKING]
    initials = "".join(w[0] for w in words).casefold()
    return len(words) >= 2 and short.casefold().removesuffix("s") == initials


_LINKING = frozenset({"of", "the", "and", "for", "in", "on", "to", "with", "via", "a", "an"})


def name_clusters(
    clusters: list[list[tuple[str, str]]], top: int = 5, owner: str = ""
) -> list[list[str]]:
    """Key phrases per cluster of (title, abstract) pairs, best first, by c-TF-IDF.

    The first is the theme's name: a multi-word phrase (or acronym) shared by most of the
    cluster's papers, favouring phrases their titles use. Each occurs in the cluster's own text.
    A phrase that is the ``owner``'s name ("Alan Turing" of A. Turing's papers about him) is
    none of them: what a researcher works on is not themselves.
    """
    stats = [_phrase_stats(pairs) for pairs in clusters]
    if owner:
        for st in stats:
            for key in [k for k in st.counts if compatible(k, owner)]:
                del st.counts[key]
    totals: Counter[str] = Counter()
    for st in stats:
        totals.update(st.counts)
    mean_size = sum(sum(st.counts.values()) for st in stats) / max(len(stats), 1)
    return [_top_phrases(st, totals, mean_size, top) for st in stats]


def _phrase_stats(pairs: list[tuple[str, str]]) -> _Stats:
    stats = _Stats(size=len(pairs))
    for title, abstract in pairs:
        in_title, in_abstract = list(_ngrams(title)), list(_ngrams(abstract))
        stats.counts.update(key for key, _, _ in in_title + in_abstract)
        stats.docs.update({key for key, _, _ in in_title + in_abstract})
        stats.titles.update({key for key, _, _ in in_title})
        stats.attributive.update(key for key, _, before in in_title + in_abstract if before)
        for weight, found in ((1, in_title), (2, in_abstract)):  # prose forms read better
            for key, surface, _ in found:
                stats.forms.setdefault(key, Counter())[surface] += weight
    return stats


def _ngrams(text: str):  # noqa: ANN202 - a generator of (key, surface, before a word) triples
    """Word n-grams that occur verbatim in ``text``: adjacent tokens separated by one space;
    ``before a word``: the next token follows after one space and is no stopword ('next-
    generation' in 'next-generation sequencing')."""
    text = re.sub(r"\$[^$]*\$", " , ", text)
    text = _CITATION.sub(" , ", text)  # "(Lei et al., 2018)" names no theme
    tokens = list(_TOKEN.finditer(text))
    for start in range(len(tokens)):
        for end in range(start, min(start + MAX_NGRAM, len(tokens))):
            if end > start and text[tokens[end - 1].end() : tokens[end].start()] != " ":
                break
            surface = text[tokens[start].start() : tokens[end].end()]
            if _is_candidate(surface):
                yield phrase_key(surface), surface, _before_word(text, tokens, end)


def _before_word(text: str, tokens: list[re.Match[str]], end: int) -> bool:
    if end + 1 >= len(tokens) or text[tokens[end].end() : tokens[end + 1].start()] != " ":
        return False
    return tokens[end + 1].group().casefold() not in STOPWORDS


def phrase_key(surface: str) -> str:
    """A phrase's key: case-folded, its last word without a plural s ('retinal mosaics' and
    'retinal mosaic' are one phrase)."""
    *head, last = surface.casefold().split()
    if len(last) > 4 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    return " ".join([*head, last])


def _is_candidate(surface: str) -> bool:
    """Several words, a hyphenated compound or an acronym; no stopword or filler at the edges."""
    words = surface.casefold().split()
    if len(words) == 1 and "-" not in surface and sum(ch.isupper() for ch in surface) < 2:
        return False
    if any(w in STOPWORDS or w in EDGE_WORDS or len(w) < 2 for w in (words[0], words[-1])):
        return False
    if words[0] in _AFTER_IN:  # "vivo 13C NMR spectra": "in vivo" cut in two
        return False
    if any((w in STOPWORDS and w not in _INNER) or w in EDGE_WORDS for w in words[1:-1]):
        return False
    if (_ADVERB.search(words[0]) and words[0] not in _LY_NOUNS) or _PARTICIPLE.search(words[-1]):
        return False  # 'automatically written' names no topic
    if _says_a_finding(surface.split()):
        return False
    return any(w not in GENERIC_WORDS for w in words) and not any(w.isdigit() for w in words)


def _says_a_finding(words: list[str]) -> bool:
    """A verb of FINDING_VERBS in the phrase: 'reveals ...' or 'X reduces Y' (third person),
    'fight cancer' (a verb first), 'machines think' (after a plural); a capitalised gerund
    opening a title ('Estimating stochastic ...', 'Developing dietary ...') is a verb too."""
    for i, word in enumerate(w.casefold() for w in words):
        base = word[:-2] if word.endswith("es") and word[:-2] in FINDING_VERBS else word
        base = base[:-1] if base.endswith("s") and base[:-1] in FINDING_VERBS else base
        if base in FINDING_VERBS and (base != word or i == 0 or words[i - 1].endswith("s")):
            return True
    first = words[0]
    if "I" in words:  # "definition I shall": the author speaking
        return True
    gerund = first.endswith("ing") and first.isalpha() and first.casefold() not in ING_NOUNS
    return len(words) > 1 and gerund and (first[:1].isupper() or len(words) > 2)


def _score(st: _Stats, key: str, totals: Counter[str], mean_size: float) -> float:
    """c-TF-IDF, weighted by the share of papers (and of titles) that use the phrase."""
    tf = st.counts[key] / (sum(st.counts.values()) or 1)
    idf = math.log(1 + mean_size / totals[key])
    spread = st.docs[key] / st.size
    return tf * idf * spread * (1 + st.titles[key] / st.size) * len(key.split())


def _top_phrases(st: _Stats, totals: Counter[str], mean_size: float, top: int) -> list[str]:
    min_docs = 2 if st.size >= 2 and any(n >= 2 for n in st.docs.values()) else 1
    ranked = sorted(
        (k for k in st.counts if st.docs[k] >= min_docs),
        key=lambda k: (-_score(st, k, totals, mean_size), k),
    )
    chosen: list[str] = []
    for key in ranked:
        key = _longest_form(key, st)
        if not any(_overlaps(key, c) for c in chosen):
            chosen.append(key)
        if len(chosen) == top:
            break
    named = sorted(
        chosen,
        key=lambda k: (
            _modifier(k, st),
            k in _broad_keys(),
            _broad(k, st),
            not _compound(k),
            chosen.index(k),
        ),
    )[:1]
    return [_surface(st.forms[k]) for k in named + [c for c in chosen if c not in named]]


def _compound(key: str) -> bool:
    """Several words or a hyphenated compound ('self-correction'): a name, where a lone
    acronym is a label."""
    return " " in key or "-" in key


def _broad(key: str, st: _Stats) -> bool:
    """A field-wide phrase, one fewer than two of the theme's papers share (when the theme
    has several), or one written mostly before another word (a modifier: 'piecewise
    deterministic Markov', 'next-generation'): each names it only when nothing better does."""
    return key in _broad_keys() or (st.size >= 2 and st.docs[key] < 2) or _modifier(key, st)


def _modifier(key: str, st: _Stats) -> bool:
    """Written mostly before another word, so cut short of its noun ('Private Training of
    Deep' in '... of Deep Neural Networks'): a name only when every other phrase is one too."""
    return st.attributive[key] >= ATTRIBUTIVE_SHARE * st.counts[key]


@cache
def _broad_keys() -> frozenset[str]:
    return frozenset(phrase_key(p) for p in BROAD_PHRASES)


def _longest_form(key: str, st: _Stats) -> str:
    """'deep image' -> 'deep image prior' when the longer phrase is in nearly as many papers."""
    longer = [
        k
        for k in st.counts
        if key in k
        and k != key
        and st.docs[k] >= max(2, st.docs[key] - 1)
        and st.titles[k] >= st.titles[key] - 1
    ]
    return max(longer, key=lambda k: (st.docs[k], len(k)), default=key)


def _overlaps(a: str, b: str) -> bool:
    return a in b or b in a


def _surface(forms: Counter[str]) -> str:
    """The most frequent written form; on a tie the one with fewer capitals."""
    return min(forms, key=lambda f: (-forms[f], sum(ch.isupper() for ch in f), f))
