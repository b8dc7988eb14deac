"""Does a span of evidence say the opposite of a sentence? Cues a paraphrase keeps and a flipped
claim breaks: negation, direction (increases/decreases), comparatives (more/less, faster/slower),
the two sides of a comparison swapped, and absolute quantifiers ("solely", "all") the evidence
never uses.

Each check compares a sentence with the evidence sentence aligned to it (its nearest in meaning),
not with the whole abstract, and counts a negation or a direction word only near a word the two
share: an abstract's sentence says "no" or "lower" of other things too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agent.text import STOPWORDS, lexicon, stem, words
from agent.verify.antonyms import prefix_opposite
from agent.verify.comparisons import reversals

WINDOW = 4  # tokens either side of a shared word in which a cue is about it
OBJECT_WINDOW = 8  # tokens after a cue in which its object may come ("a reduction in the
# incidence of tuberculosis", "decreased fever episodes and antibiotic use after transfusion")
NEGATION_SCOPE = 2  # shared stems a negation's scope must hold to be about the sentence
SCOPE_TOKENS = (
    6  # tokens after a negation it is read to cover ("not associated with an increased risk")
)
ALIGN_MARGIN = 0.05  # a second evidence sentence this close to the best is read for cues too
_AIM = re.compile(
    r"\b(?:whether|to (?:assess|determine|evaluate|examine|investigate|test|compare|explore))\b"
    r"|^(?:objectives?|aims?|background|purpose|methods?)\b",
    re.IGNORECASE,
)
"""Sentences that state an aim or a question, not a finding: no cue is read from them."""
_RECORD = re.compile(r" · | — |^“")
"""A record line of the profile (fields joined by · and —, or a quoted title's venue or
citations): fields, not a finding, so no cue is read from it ("12 papers have no abstract")."""


_CLAUSE_BREAKS = lexicon("but whereas while although though")
_TITLES = re.compile(r"“[^”]*”|\"[^\"]*\"")  # a quoted title's words are not the sentence's
_NEGATIONS = lexicon("no not never none neither nor cannot fail fails failed unable")
_NEGATED_ADJECTIVES = re.compile(
    r"^(?:un(?:related|involved|affected|changed|altered|detectable|responsive|necessary)"
    r"|in(?:capable|effective|active|sufficient)|ir(?:relevant|reversible))$"
)
_UP = lexicon(
    "increase increases increased increasing raise raises raised raising elevate elevates "
    "elevated elevation higher greater more larger faster enhance enhances enhanced enhancing "
    "promote promotes promoted promoting induce induces induced inducing augment augments "
    "augmented upregulate upregulates upregulated upregulation up-regulation up-regulates "
    "accelerate accelerates accelerated boost boosts boosted stimulate stimulates stimulated "
    "activate activates activated rise rises rose amplify amplifies amplified"
)
_DOWN = lexicon(
    "decrease decreases decreased decreasing reduce reduces reduced reducing reduction lower "
    "lowers lowered lowering less fewer smaller slower diminish diminishes diminished attenuate "
    "attenuates attenuated inhibit inhibits inhibited inhibiting inhibition suppress suppresses "
    "suppressed suppressing suppression downregulate downregulates downregulated "
    "downregulation down-regulation down-regulates impair impairs impaired decline declines "
    "declined abolish abolishes abolished slows slowed slowing alleviate alleviates alleviated"
)
_BETTER = lexicon("improve improves improved improvement improving better benefit benefits")
_WORSE = lexicon("worsen worsens worsened worse exacerbate exacerbates exacerbated")
_OPPOSITES = (
    ("sharp", "flat"),
    ("high", "low"),
    ("positive", "negative"),
    ("large", "small"),
    ("strong", "weak"),
    ("fast", "slow"),
    ("early", "late"),
    ("superior", "inferior"),
    ("benefit", "harm"),
    ("success", "failure"),
    ("stable", "unstable"),
    ("dense", "sparse"),
    ("convex", "nonconvex"),
    ("linear", "nonlinear"),
    ("supervised", "unsupervised"),
    ("efficient", "inefficient"),
    ("accurate", "inaccurate"),
    ("sufficient", "insufficient"),
    ("necessary", "unnecessary"),
    ("safe", "unsafe"),
    ("resistant", "sensitive"),
    ("resistant", "susceptible"),
    ("resistance", "sensitivity"),
    ("resistance", "susceptibility"),
    ("gain", "loss"),
    ("presence", "absence"),
    ("present", "absent"),
    ("major", "minor"),
    ("rare", "common"),
    ("short", "long"),
    ("protective", "harmful"),
    ("agonist", "antagonist"),
    ("activator", "inhibitor"),
    ("dispensable", "essential"),
    ("dispensable", "required"),
    ("benign", "malignant"),
    ("acute", "chronic"),
    ("overexpression", "knockdown"),
    ("overexpression", "deletion"),
    ("deficiency", "overexpression"),
    ("survival", "death"),
    ("young", "old"),
)
"""Antonym pairs, matched with their comparative and plural forms (sharper, flattest, harms)."""
_ABSOLUTES = lexicon("solely exclusively only entirely completely always never all every sole")


def _is_negation(token: str) -> bool:
    return token in _NEGATIONS or token.endswith("n't") or bool(_NEGATED_ADJECTIVES.match(token))


def _near_shared(tokens: list[str], shared: set[str], is_cue) -> list[str]:  # noqa: ANN001
    """The cue tokens with a token whose stem both texts have within ``WINDOW`` tokens before
    them or ``OBJECT_WINDOW`` after."""
    anchors = [i for i, t in enumerate(tokens) if stem(t) in shared]
    return [
        t
        for i, t in enumerate(tokens)
        if is_cue(t) and any(-WINDOW <= a - i <= OBJECT_WINDOW for a in anchors)
    ]


def _negations(tokens: list[str], shared: set[str], need: int) -> list[str]:
    """The negations whose scope (the ``WINDOW`` tokens after them, or a negated adjective
    itself and its neighbours) holds ``need`` of the stems both texts share."""
    found = []
    for i, token in enumerate(tokens):
        if not _is_negation(token):
            continue
        scope = tokens[i + 1 : i + 1 + SCOPE_TOKENS]
        if _NEGATED_ADJECTIVES.match(token):
            scope = tokens[max(0, i - WINDOW) : i + 1 + WINDOW]
        if len({stem(t) for t in scope} & shared) >= min(need, len(shared)):
            found.append(token)
    return found


def _clause_negations(tokens: list[str], shared: set[str]) -> list[tuple[str, set[str]]]:
    """(negation, stems of what follows it in its clause) for the negations whose clause (up to
    "but", "whereas", ... either side) holds ``NEGATION_SCOPE`` of the shared stems: "Podocytes
    do not migrate" negates its subject's predicate, which the tokens after "not" alone do not
    show."""
    found = []
    for i, token in enumerate(tokens):
        if not _is_negation(token):
            continue
        start = max((j + 1 for j in range(i) if tokens[j] in _CLAUSE_BREAKS), default=0)
        end = next((j for j in range(i + 1, len(tokens)) if tokens[j] in _CLAUSE_BREAKS), None)
        if len({stem(t) for t in tokens[start:end]} & shared) >= min(NEGATION_SCOPE, len(shared)):
            found.append((token, {stem(t) for t in tokens[i + 1 : end] if _is_word(t)}))
    return found


def unstated_negations(sentence: str, evidence: Sequence[str]) -> list[str]:
    """The negations of ``sentence``'s clauses that no evidence sentence states of what the
    sentence names (a clause of its own negated, sharing ``NEGATION_SCOPE`` stems with it)."""
    said = words(_TITLES.sub(" ", sentence))
    ours = _clause_negations(said, {stem(t) for t in said if _is_word(t)})
    if not ours:
        return []
    for text in evidence:
        tokens = words(text)
        common = _shared_stems(said, tokens)
        if len(common) >= NEGATION_SCOPE and _clause_negations(tokens, common):
            return []
    return [token for token, _ in ours]


def _shared_stems(a: list[str], b: list[str]) -> set[str]:
    """Stems of the words (not stopwords, not numbers) both token lists hold."""
    keep = {stem(t) for t in a if _is_word(t)}
    return keep & {stem(t) for t in b if _is_word(t)}


def _is_word(token: str) -> bool:
    return token not in STOPWORDS and len(token) > 2 and not token.isdigit()


def contradiction(sentence: str, span: str) -> str:
    """Why ``span`` says the opposite of ``sentence`` ('' when no cue says so)."""
    said, evidence = words(_TITLES.sub(" ", sentence)), words(span)
    shared = _shared_stems(said, evidence)
    if not shared:
        return ""
    ours, theirs = (_negations(t, shared, NEGATION_SCOPE) for t in (said, evidence))
    if bool(ours) != bool(theirs):
        return (
            f"says {ours[0]!r} where the evidence does not"
            if ours
            else (f"the evidence says {theirs[0]!r}")
        )
    turned, swapped = reversals(sentence, span, _UP, _DOWN)
    if turned:
        return ""
    for what, ours, theirs in _directions(said, evidence, shared):
        if _one_end(ours) and theirs == (ours[1], ours[0]):
            return f"direction differs from the evidence ({what})"
    for one, other in _OPPOSITES:
        swap = _swapped(said, evidence, shared, one, other) or _swapped(
            said, evidence, shared, other, one
        )
        if swap:
            return f"says {swap[0]!r} where the evidence says {swap[1]!r}"
    return swapped or prefix_opposite(said, evidence)


_AXES = ((_UP, _DOWN, "rise vs fall"), (_BETTER, _WORSE, "better vs worse"))


def _directions(
    said: list[str], evidence: list[str], shared: set[str]
) -> list[tuple[str, tuple[bool, bool], tuple[bool, bool]]]:
    """Per axis (rise/fall, better/worse): which ends the sentence and the span use near a
    word they share, as (axis, (ours up, ours down), (theirs up, theirs down))."""
    found = []
    for up, down, what in _AXES:
        ours, theirs = (
            tuple(bool(_near_shared(tokens, shared, c.__contains__)) for c in (up, down))
            for tokens in (said, evidence)
        )
        found.append((what, ours, theirs))
    return found


def _one_end(ends: tuple[bool, bool]) -> bool:
    """One end of an axis and not the other: the sentence states a direction."""
    return ends[0] != ends[1]


def states_same_direction(sentence: str, span: str) -> bool:
    """``span`` states the direction ``sentence`` does (both "lower risk" near a shared word)."""
    said, evidence = words(_TITLES.sub(" ", sentence)), words(span)
    shared = _shared_stems(said, evidence)
    return any(
        _one_end(ours) and theirs == ours for _, ours, theirs in _directions(said, evidence, shared)
    )


def _forms(word: str) -> frozenset[str]:
    base = word[:-1] if word.endswith("e") else word
    doubled = base + base[-1] if re.fullmatch(r".*[^aeiou][aeiou][bdgmnpt]", base) else base
    return frozenset(
        {word, word + "s", word + "ly", base + "er", base + "est", doubled + "er", doubled + "est"}
    )


def _swapped(
    said: list[str], evidence: list[str], shared: set[str], ours: str, theirs: str
) -> tuple[str, str] | None:
    """(our word, their word) when ``said`` uses a form of ``ours`` and the evidence, near a
    shared word, a form of ``theirs`` and none of ``ours``."""
    mine, yours = _forms(ours), _forms(theirs)
    used = [t for t in said if t in mine]
    found = _near_shared(evidence, shared, yours.__contains__)
    if used and found and not any(t in mine for t in evidence):
        return used[0], found[0]
    return None


def overclaims(sentence: str, evidence: Sequence[str]) -> list[str]:
    """Absolute quantifiers of ``sentence`` ('solely', 'all') that no evidence text uses."""
    have = {t for text in evidence for t in words(text)}
    return sorted({t for t in words(sentence) if t in _ABSOLUTES and t not in have})


def contradicting(
    sentence: str, ranked: Sequence[tuple[float, str, str]]
) -> tuple[float, str, str, str] | None:
    """(alignment, reason, source, span) of the evidence finding that says the opposite of
    ``sentence``, from ``ranked`` (alignment, source, span) best first: the best-aligned finding,
    or the runner-up when it is within ``ALIGN_MARGIN`` of it; then a negated clause of the
    sentence that the best finding states without a negation and no evidence sentence negates.
    Aims, questions and record lines are skipped."""
    findings = [r for r in ranked if not _AIM.search(r[2]) and not _RECORD.search(r[2])][:2]
    return _cued(sentence, findings) or (
        _negated_clause(sentence, findings[0], ranked) if findings else None
    )


def _cued(
    sentence: str, findings: Sequence[tuple[float, str, str]]
) -> tuple[float, str, str, str] | None:
    for rank, (score, key, span) in enumerate(findings):
        if rank and score < findings[0][0] - ALIGN_MARGIN:
            break
        reason = contradiction(sentence, span)
        if reason:
            return score, reason, key, span
        if states_same_direction(sentence, span):
            return None  # the best finding states the sentence's direction: a runner-up's
            # other direction is about another comparison ("higher vs none", "lower vs warfarin")
    return None


def _negated_clause(
    sentence: str, best: tuple[float, str, str], ranked: Sequence[tuple[float, str, str]]
) -> tuple[float, str, str, str] | None:
    """ "Podocytes do not migrate" against a finding that they "migrated into the capsule": what
    the sentence negates the best finding states, without a negation, and no sentence of the
    evidence negates a clause about what the sentence names (an abstract may state it elsewhere:
    "did not result in improvements")."""
    score, key, span = best
    said, evidence = words(_TITLES.sub(" ", sentence)), words(span)
    shared = _shared_stems(said, evidence)
    stated = [t for t, predicate in _clause_negations(said, shared) if predicate & shared]
    if not stated or _negations(evidence, shared, NEGATION_SCOPE):
        return None
    if not unstated_negations(sentence, [text for _, _, text in ranked]):
        return None
    return score, f"says {stated[0]!r} where the evidence does not", key, span
