"""Opposites made by a prefix: a word and its negated form ("randomly" / "non-randomly",
"detectable" / "undetectable") and a word with the opposite prefix ("intracellular" /
"extracellular", "hyperglycaemia" / "hypoglycaemia", "endogenous" / "exogenous")."""

from __future__ import annotations

NEGATING_PREFIXES = ("non-", "non", "un")
OPPOSITE_PREFIXES = (
    ("intra", "extra"),
    ("inter", "intra"),
    ("hyper", "hypo"),
    ("over", "under"),
    ("pre", "post"),
    ("endo", "exo"),
    ("mono", "poly"),
    ("homo", "hetero"),
)
MIN_ROOT = 5  # letters a negated word's root needs ("unable" is a word of its own, not "able")
MIN_STEM = 5  # letters after an opposite prefix ("prevent" is not "post" + "vent")


def prefix_opposite(said: list[str], evidence: list[str]) -> str:
    """Why a token of ``said`` is the prefixed opposite of a token of ``evidence`` (either way
    round), '' when none is. Tokens are case-folded words; a word both use is no opposite."""
    theirs = set(evidence)
    for token in dict.fromkeys(said):
        if token in theirs:
            continue
        other = next((o for o in _opposites(token) if o in theirs), "")
        if other:
            return f"says {token!r} where the evidence says {other!r}"
    return ""


def _opposites(token: str) -> list[str]:
    """The words that say the opposite of ``token`` by a prefix."""
    found = [token[len(p) :] for p in NEGATING_PREFIXES if token.startswith(p)]
    found = [root for root in found if len(root) >= MIN_ROOT]
    if len(token) >= MIN_ROOT:
        found += [p + token for p in NEGATING_PREFIXES]
    for one, other in OPPOSITE_PREFIXES + tuple((b, a) for a, b in OPPOSITE_PREFIXES):
        root = token[len(one) :].lstrip("-")
        if token.startswith(one) and len(root) >= MIN_STEM:
            found += [other + root, f"{other}-{root}"]
    return found
