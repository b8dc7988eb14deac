"""Writing suite: bios, statements and grant summaries held to the constraints a user states.

Case inputs: ``source``, ``as_of``, ``kind`` ("bio", "statement", "grant"), and the writer's
options (``words``, ``person``, ``pronouns``, ``template``). ``expect`` lists constraints, each
scored pass/fail: ``words`` [lo, hi]; ``person`` ("first"/"third"); ``pronouns_not`` and
``banned_words`` (words that must not occur); ``every_sentence_cited``; ``citations_exist``;
``verified`` (every sentence passed the verifier); ``themes`` {name: paper ids, one of which
must be cited}; ``section_words`` {heading: max words}; ``section_items`` {heading: max items};
``max_phrase_share`` (no word pair or triple of the writer's own, not the name and not the
papers' wording, in more than this share of the prose sentences: 'and co-authors' in every
other sentence reads as a template). A heading with ``*`` (``"Contribution *"``) holds every
section it matches; ``section_words`` counts prose words, ``section_items`` list items, and
``sections`` {pattern: [least, most]} how many sections match.

``theme_reference`` (``evals/suites/themes.jsonl#<case id>``) names a grouping of the
profile's papers made by hand; ``main_theme_coverage`` is the share of its main groups (the
three largest of two or more papers) that the draft cites a paper of. That grouping was drawn
by a reader, not by the theme code, so a draft that follows its own themes off the reader's
lines of work scores lower.

With a judge (``--judge-url``, or ``--llm-judge`` for the configured LLM) the judge marks each
draft 1-5 for fluency, specificity and faithfulness against its cited papers
(``prompts/eval_writing_rubric.md``), reported as ``rubric_*`` in [0, 1] and labelled with the
judge; a reply with no valid marks scores nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from agent.evals.context import EvalContext
from agent.evals.fixtures import analysis_embedder, case_profile
from agent.evals.metrics import constraint_pass_rate, repeated_phrase
from agent.evals.results import CaseOutcome
from agent.evals.suites import Case
from agent.llm.judge import RUBRIC, RubricScores
from agent.models import Profile

if TYPE_CHECKING:
    from agent.writers.draft import Draft, DraftSentence

RUBRIC_METRICS = ("rubric_fluency", "rubric_specificity", "rubric_faithfulness")
METRICS = ("constraint_pass_rate", "all_constraints_met", "main_theme_coverage", *RUBRIC_METRICS)
JUDGED_BY = (
    dict.fromkeys(METRICS[:2], "the cases' constraints (`verified` by agent.verify)")
    | {"main_theme_coverage": "hand-made reference groupings (evals/suites/themes.jsonl)"}
    | dict.fromkeys(RUBRIC_METRICS, "{llm_judge}")
)
RUBRIC_EVIDENCE_CHARS = 700
"""Of each cited paper's abstract, what the rubric judge reads."""
MAIN_GROUPS = 3
REQUIRES = (
    "agent.sources:load_profile",
    "agent.writers.compose:write_bio",
    "agent.writers.compose:write_statement",
    "agent.writers.compose:write_grant",
    "agent.writers.themes",
)
_FIRST_PERSON = re.compile(r"\bI\b|\b(?:my|me|mine|myself)\b", re.IGNORECASE)
_FIRST_PERSON_ANY = re.compile(r"\bI\b|\b(?:my|me|mine|myself|we|our|ours)\b", re.IGNORECASE)
_HEADER_SOURCE = "profile"


def run_case(case: Case, ctx: EvalContext) -> CaseOutcome:
    """Write the draft on the run's backend and check every stated constraint."""
    from agent.writers.draft import to_markdown

    profile = case_profile(ctx, case.inputs)
    draft = write(ctx, profile, case.inputs)
    phrase, share = repeated_phrase(_prose(draft), draft.name, source_text(profile))
    results = constraint_checks(draft, profile, case.expect, share)
    coverage: dict[str, bool] = {}
    if "theme_reference" in case.expect:
        groups = reference_groups(ctx, case.expect["theme_reference"])
        cited = _cited(draft)
        coverage = {name: bool(ids & cited) for name, ids in main_groups(profile, groups).items()}
    markdown = to_markdown(draft)
    scores = {
        "constraint_pass_rate": constraint_pass_rate(results),
        "all_constraints_met": float(all(results.values())) if results else None,
        "main_theme_coverage": sum(coverage.values()) / len(coverage) if coverage else None,
    }
    output = {
        "draft": markdown,
        "words": draft.words,
        "checks": results,
        "most_repeated": {"phrase": phrase, "share": round(share, 3)},
        "main_themes_cited": coverage,
    }
    if ctx.llm_judge:
        marks = rubric(ctx, draft, profile)
        output["rubric"] = marks.model_dump() if marks else "no valid marks in the judge's reply"
        scores |= {
            f"rubric_{name}": None if marks is None else (getattr(marks, name) - 1) / 4
            for name in RUBRIC
        }
    return CaseOutcome(output=output, scores=scores)


def rubric(ctx: EvalContext, draft: Draft, profile: Profile) -> RubricScores | None:
    """The judge's 1-5 marks for the draft's prose, read against its cited papers."""
    from agent.llm.judge import rubric_judge
    from agent.writers.draft import cited

    judge = ctx.memo(("judge", "rubric"), lambda: rubric_judge(ctx.judge_model()))
    text = "\n".join(cited(draft, s, markdown=False) for s in draft.sentences)
    evidence = []
    for source in draft.sources:
        paper = profile.paper(source.paper_id)
        about = paper.abstract[:RUBRIC_EVIDENCE_CHARS] if paper else ""
        evidence.append(f"[{source.n}] {source.title}. {about}".strip())
    return judge(text, "\n\n".join(evidence))


def reference_groups(ctx: EvalContext, reference: str) -> dict[str, list[str]]:
    """The hand-made grouping ``<suite file>#<case id>`` names."""
    from agent.evals.suites import load_suite

    path, _, case_id = reference.partition("#")
    suite = ctx.path(path)
    found = [c for c in load_suite(suite.stem, suite.parent) if c.id == case_id]
    if not found:
        raise ValueError(f"theme_reference {reference!r}: no such case")
    return found[0].expect["groups"]


def main_groups(profile: Profile, groups: dict[str, list[str]]) -> dict[str, set[str]]:
    """The reference's largest groups of two or more papers (at most ``MAIN_GROUPS``), each
    with its papers' ids; ties keep the reference's order."""
    from agent.evals.themes import reference_labels

    members: dict[str, set[str]] = {}
    for paper, label in zip(profile.papers, reference_labels(profile, groups), strict=True):
        if label in groups:
            members.setdefault(label, set()).add(paper.id)
    ranked = [g for g in sorted(members, key=lambda g: -len(members[g])) if len(members[g]) >= 2]
    return {g: members[g] for g in ranked[:MAIN_GROUPS]}


def write(ctx: EvalContext, profile: Profile, inputs: dict[str, Any]) -> Any:
    """Call the writer the case names with its options."""
    from agent.writers import compose as writers

    settings = ctx.settings_at(inputs.get("as_of"))
    common = {"backend": ctx.backend, "embedder": analysis_embedder(ctx)}
    kind = inputs["kind"]
    if kind == "bio":
        return writers.write_bio(
            profile,
            settings,
            words=inputs.get("words", 150),
            person=inputs.get("person", "third"),
            pronouns=inputs.get("pronouns"),
            **common,
        )
    if kind == "statement":
        return writers.write_statement(
            profile,
            settings,
            person=inputs.get("person", "first"),
            pronouns=inputs.get("pronouns"),
            **common,
        )
    return writers.write_grant(profile, settings, inputs["template"], **common)


def constraint_checks(
    draft: Draft, profile: Profile, expect: dict[str, Any], repeated_share: float | None = None
) -> dict[str, bool]:
    """Each stated constraint, named, with whether the draft meets it (``repeated_share``: the
    draft's ``repeated_phrase`` share, when the caller has it)."""
    text = " ".join(s.text for s in draft.sentences)
    checks: dict[str, bool] = {}
    if "words" in expect:
        low, high = expect["words"]
        checks["words"] = low <= draft.words <= high
    if "person" in expect:
        checks["person"] = _person_ok(text, expect["person"])
    for key in ("pronouns_not", "banned_words"):
        if key in expect:
            checks[key] = not words_used(text, expect[key])
    if "max_phrase_share" in expect:
        if repeated_share is None:
            repeated_share = repeated_phrase(_prose(draft), draft.name, source_text(profile))[1]
        checks["repetition"] = repeated_share <= expect["max_phrase_share"]
    checks |= _citation_checks(draft, profile, expect)
    checks |= {
        f"theme: {name}": bool(set(ids) & _cited(draft))
        for name, ids in expect.get("themes", {}).items()
    }
    checks |= _section_checks(draft, expect)
    return checks


def source_text(profile: Profile) -> str:
    """The profile's own words: every title and abstract."""
    return " ".join(f"{p.title} {p.abstract or ''}" for p in profile.papers)


def _prose(draft: Draft) -> list[str]:
    """The draft's sentences that are prose, not list items (a products list repeats 'et al.')."""
    return [s.text for s in draft.sentences if not s.bullet]


def _person_ok(text: str, person: str) -> bool:
    if person == "first":
        return bool(_FIRST_PERSON.search(text))
    return not _FIRST_PERSON_ANY.search(text)


def words_used(text: str, listed: list[str]) -> list[str]:
    """The listed words (or hyphenated phrases) that occur in ``text`` as whole words."""
    return [w for w in listed if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.I)]


def _cited(draft: Draft) -> set[str]:
    return {c for s in draft.sentences for c in s.citations}


def _citation_checks(draft: Draft, profile: Profile, expect: dict[str, Any]) -> dict[str, bool]:
    known = {p.id for p in profile.papers} | {_HEADER_SOURCE}
    checks = {}
    if expect.get("every_sentence_cited"):
        checks["every_sentence_cited"] = bool(draft.sentences) and all(
            s.citations for s in draft.sentences
        )
    if expect.get("citations_exist"):
        checks["citations_exist"] = _cited(draft) <= known
    if expect.get("verified"):
        checks["verified"] = bool(draft.sentences) and all(s.ok for s in draft.sentences)
    return checks


def _section_checks(draft: Draft, expect: dict[str, Any]) -> dict[str, bool]:
    from fnmatch import fnmatchcase

    from agent.writers.draft import sections

    parts = sections(draft)

    def matching(pattern: str) -> list[list[DraftSentence]]:
        return [found for name, found in parts if fnmatchcase(name, pattern)]

    checks = {}
    for heading, limit in expect.get("section_words", {}).items():
        used = [sum(s.words for s in part if not s.bullet) for part in matching(heading)]
        checks[f"section words: {heading}"] = bool(used) and all(0 < n <= limit for n in used)
    for heading, limit in expect.get("section_items", {}).items():
        items = [sum(1 for s in part if s.bullet) for part in matching(heading)]
        checks[f"section items: {heading}"] = bool(items) and all(0 < n <= limit for n in items)
    for heading, (least, most) in expect.get("sections", {}).items():
        checks[f"sections: {heading}"] = least <= len(matching(heading)) <= most
    return checks
