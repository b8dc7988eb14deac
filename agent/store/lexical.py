"""Lexical side of retrieval: tokens and Okapi BM25 over a profile's papers and sentences."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from agent.text import URL, content_words, stem

TITLE_WEIGHT = 2  # title tokens count this many times in a paper's document


def lexical_tokens(text: str) -> list[str]:
    """Content words, stemmed (``text.stem``); hyphenated words also give their parts
    ("pac-bayes").

    URLs are left out: a link's path repeats the title and would outrank the sentence saying it.
    """
    tokens: list[str] = []
    for word in content_words(URL.sub(" ", text)):
        tokens.append(stem(word))
        if "-" in word:
            tokens.extend(stem(part) for part in word.split("-") if len(part) > 1)
    return tokens


def paper_tokens(title: str, abstract: str) -> list[str]:
    """A paper's lexical document: the title weighted up, then the abstract."""
    return lexical_tokens(title) * TITLE_WEIGHT + lexical_tokens(abstract)


class BM25:
    """Okapi BM25 over pre-tokenised documents (k1=1.2, b=0.75)."""

    def __init__(self, documents: Sequence[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.counts = [Counter(doc) for doc in documents]
        self.lengths = [len(doc) for doc in documents]
        self.mean_length = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        frequency: Counter[str] = Counter()
        for counts in self.counts:
            frequency.update(counts.keys())
        n = len(documents)
        self.idf = {
            term: math.log(1 + (n - df + 0.5) / (df + 0.5)) for term, df in frequency.items()
        }

    def scores(self, query: list[str]) -> list[float]:
        """One score per document (0.0 when no query term occurs in it)."""
        terms = [t for t in dict.fromkeys(query) if t in self.idf]
        return [
            self._score(terms, counts, length)
            for counts, length in zip(self.counts, self.lengths, strict=True)
        ]

    def _score(self, terms: list[str], counts: Counter[str], length: int) -> float:
        norm = self.k1 * (1 - self.b + self.b * length / (self.mean_length or 1.0))
        total = 0.0
        for term in terms:
            tf = counts.get(term, 0)
            if tf:
                total += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
        return total
