"""Which side of a comparison is which: "A is ten times that of B" against evidence saying the
rate "was ten times higher in B than in A" names the same two groups and the same direction,
with their roles swapped, so it says the opposite.

A comparison is a marker ("than", "that of", "compared with", "relative to", "versus"), the
first content word after it (its baseline: "than in male inmates" is "male"), the words before
it (its subject side) and its direction (a rise or fall word, or "times", just before it).
"A higher than B" and "B lower than A" are the same claim, so a swap counts only when both
directions are stated and agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.text import STOPWORDS, lexicon, stem, words

LOOKBACK = 4  # tokens before a marker read for its direction
_MARKERS = {("than",), ("that", "of"), ("those", "of"), ("compared", "with"), ("compared", "to")}
_MARKERS |= {("relative", "to"), ("versus",), ("vs",)}
_SKIP = lexicon("in of for among with the a an that those to at on by seen observed")
_NUMBER_WORDS = lexicon(
    "one two three four five six seven eight nine ten twenty hundred thousand twice half "
    "expected usual before previously ever"
)
_TIMES = frozenset({"times", "fold", "twice"})


@dataclass(frozen=True)
class Comparison:
    """One comparison in a sentence: baseline stem (and word), subject-side stems, direction
    (+1 a rise, -1 a fall, 0 unstated)."""

    baseline: str
    word: str
    subject: frozenset[str]
    direction: int


def comparisons(text: str, up: frozenset[str], down: frozenset[str]) -> list[Comparison]:
    """Every comparison ``text`` makes whose baseline is a content word."""
    tokens = words(text)
    found = []
    for i in range(len(tokens)):
        width = next((len(m) for m in _MARKERS if tuple(tokens[i : i + len(m)]) == m), 0)
        if not width:
            continue
        rest = [t for t in tokens[i + width :] if t not in _SKIP]
        if not rest or not _content(rest[0]):
            continue
        before = tokens[max(0, i - LOOKBACK) : i]
        direction = _direction(before, up, down)
        subject = frozenset(stem(t) for t in tokens[:i] if _content(t))
        found.append(Comparison(stem(rest[0]), rest[0], subject, direction))
    return found


def _content(token: str) -> bool:
    return (
        token not in STOPWORDS
        and token not in _NUMBER_WORDS
        and len(token) > 2
        and not any(c.isdigit() for c in token)
    )


def _direction(before: list[str], up: frozenset[str], down: frozenset[str]) -> int:
    rises = any(t in up or t in _TIMES for t in before)
    falls = any(t in down for t in before)
    return 0 if rises == falls else (1 if rises else -1)


def _reversed_pairs(
    sentence: str, span: str, up: frozenset[str], down: frozenset[str]
) -> list[tuple[Comparison, Comparison]]:
    """(ours, theirs) comparisons of the same two things with their roles swapped, both with a
    stated direction."""
    return [
        (ours, theirs)
        for ours in comparisons(sentence, up, down)
        for theirs in comparisons(span, up, down)
        if ours.baseline != theirs.baseline
        and ours.direction
        and theirs.direction
        and theirs.baseline in ours.subject
        and ours.baseline in theirs.subject
        and ours.baseline not in ours.subject
        and theirs.baseline not in theirs.subject
    ]


def reversals(
    sentence: str, span: str, up: frozenset[str], down: frozenset[str]
) -> tuple[bool, str]:
    """How ``span`` states the sentence's comparison of two things from the other side.

    First: True when it is turned round with the opposite word ("A lower than B" for "B higher
    than A"), which agrees with the sentence. Second: why it says the other way round with the
    same word ("B higher than A" for "A higher than B"), '' when it does not."""
    pairs = _reversed_pairs(sentence, span, up, down)
    turned = any(ours.direction != theirs.direction for ours, theirs in pairs)
    swapped = next(
        (
            f"compares the other way round: the evidence measures "
            f"{ours.word!r} against {theirs.word!r}"
            for ours, theirs in pairs
            if ours.direction == theirs.direction
        ),
        "",
    )
    return turned, swapped
