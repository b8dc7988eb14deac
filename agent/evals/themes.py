"""Themes suite: the clustering ``themes`` prints, scored against a grouping a person made by hand.

Case inputs: ``source`` (and ``format``, ``author``) name a real profile. ``expect.groups`` maps a
group's name to the titles of its papers (a title may be cut short: it matches the papers whose
normalised title starts with it); a paper no group lists is a group of its own ("other work").
Tags name the half: ``tune`` (the clustering was adjusted while looking at it) or ``report``
(never looked at while adjusting). Scores per case: ``ari`` (adjusted Rand index) and ``purity``,
also under ``@<half>`` and ``:<case id>`` so that each profile's figure is kept.
"""

from __future__ import annotations

from agent.evals.context import EvalContext
from agent.evals.fixtures import analysis_embedder, case_profile
from agent.evals.metrics import adjusted_rand_index, purity
from agent.evals.results import CaseOutcome
from agent.evals.suites import Case
from agent.models import Profile
from agent.text import normalise

HALVES = ("tune", "report")
METRICS = ("ari", "purity", *(f"{m}@{h}" for h in HALVES for m in ("ari", "purity")))
REQUIRES = ("agent.writers.themes:build_themes",)
JUDGED_BY = dict.fromkeys(METRICS, "hand-made reference groupings (evals/README.md)")
_OTHER = "other work: "


def run_case(case: Case, ctx: EvalContext) -> CaseOutcome:
    """Cluster the profile's papers as ``themes`` does; score it against the reference."""
    from agent.writers.themes import build_themes

    profile = case_profile(ctx, case.inputs)
    truth = reference_labels(profile, case.expect["groups"])
    themes = build_themes(profile, analysis_embedder(ctx))
    theme_of = {pid: theme.id for theme in themes for pid in theme.paper_ids}
    found = [theme_of[p.id] for p in profile.papers]
    ari, pure = adjusted_rand_index(truth, found), purity(truth, found)
    half = next((h for h in HALVES if h in case.tags), None)
    scores = {"ari": ari, "purity": pure, f"ari:{case.id}": ari, f"purity:{case.id}": pure}
    if half:
        scores |= {f"ari@{half}": ari, f"purity@{half}": pure}
    titles = {p.id: p.title for p in profile.papers}
    return CaseOutcome(
        output={
            "themes": {
                f"{t.id} {t.name}": [titles[pid] for pid in t.paper_ids]
                for t in themes
                if len(t.paper_ids) > 1
            },
            "papers": len(profile.papers),
        },
        scores=scores,
    )


def reference_labels(profile: Profile, groups: dict[str, list[str]]) -> list[str]:
    """One label a paper, in profile order: its group's name, or a label of its own. A listed
    title that matches no paper, or a paper two groups claim, is an error in the reference."""
    label: dict[int, str] = {}
    keys = [normalise(p.title) for p in profile.papers]
    for group, titles in groups.items():
        for title in titles:
            want = normalise(title)
            rows = [i for i, key in enumerate(keys) if key.startswith(want)]
            if not rows:
                raise ValueError(f"reference group {group!r}: no paper titled {title!r}")
            for row in rows:
                if label.setdefault(row, group) != group:
                    raise ValueError(f"{title!r} is in {label[row]!r} and {group!r}")
    return [label.get(i, f"{_OTHER}{p.id}") for i, p in enumerate(profile.papers)]
