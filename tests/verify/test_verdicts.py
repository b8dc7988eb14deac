"""Three-way verdicts: contradiction cues, the gate on generated text, and the verifier judged by
SciFact labels (the claims suite), its figures held on both halves of the visible file."""

from __future__ import annotations

from pathlib import Path

import pytest
from data_paths import SCIFACT, SCIFACT_FLIPS

from agent.errors import InputError
from agent.verify.claim_rows import read_claims
from agent.verify.entailment import (
    contradicting,
    contradiction,
    overclaims,
    unstated_negations,
)
from agent.verify.support import SemanticScorer, vacuous_problem, verify_sentence
from agent.verify.verdicts import evidence_sentences, judge_claim


@pytest.mark.parametrize(
    ("sentence", "span", "cue"),
    [
        (
            "Ultrasound guidance raises the number of traumatic procedures.",
            "Ultrasound imaging significantly reduced the risk of traumatic procedures.",
            "direction",
        ),
        (
            "Wang has shown that deep image prior does not need early stopping.",
            "Deep image prior needs early stopping to avoid overfitting noise.",
            "'not'",
        ),
        (
            "Treg cells lacking integrin better suppress pathogenic T cell responses.",
            "Treg cells lacking integrin were unable to suppress pathogenic T cell responses.",
            "'unable'",
        ),
        (
            "Variational learning finds sharper solutions at the edge of stability.",
            "Variational learning finds flatter solutions at the edge of stability.",
            "'sharper' where the evidence says 'flatter'",
        ),
        (
            "The treatment worsens vasodilation in patients.",
            "The treatment improves vasodilation in patients.",
            "better vs worse",
        ),
        # the same two groups, the same direction, their roles swapped
        (
            "The risk of male prisoners harming themselves is ten times that of female prisoners.",
            "Self-harm rates were more than ten times higher in female prisoners than in male "
            "inmates.",
            "other way round",
        ),
        # opposite states of the same thing (resistant/sensitive, gain/loss, acute/chronic)
        (
            "Tumours lacking PTEN are resistant to the inhibitor.",
            "Tumours lacking PTEN were highly sensitive to the inhibitor in vivo.",
            "'resistant' where the evidence says 'sensitive'",
        ),
        (
            "Gain of function of the channel causes the syndrome.",
            "Loss of function of the channel causes the syndrome in patients.",
            "'gain' where the evidence says 'loss'",
        ),
        (
            "The gene is dispensable for embryonic development.",
            "The gene is essential for embryonic development in mice.",
            "'dispensable' where the evidence says 'essential'",
        ),
        # a direction word's object can come several words after it
        (
            "Antiretroviral therapy increases rates of tuberculosis across CD4 strata.",
            "Antiretroviral therapy is strongly associated with a reduction in the incidence of "
            "tuberculosis across all CD4 count strata.",
            "direction",
        ),
        # opposites made by a prefix, either way round
        (
            "The intracellular domain of TMEM27 is cleaved in human beta cells.",
            "The extracellular domain of TMEM27 is cleaved and shed from human beta cells.",
            "'intracellular' where the evidence says 'extracellular'",
        ),
        (
            "Pain was lower in the preoperative period.",
            "Pain was lower in the postoperative period than at admission.",
            "'preoperative' where the evidence says 'postoperative'",
        ),
        (
            "Stem cells segregate their chromosomes non-randomly.",
            "All stem cells segregate their chromosomes randomly.",
            "'non-randomly' where the evidence says 'randomly'",
        ),
        (
            "The transcript is a coding RNA expressed in neurons.",
            "The transcript is a noncoding RNA expressed in cortical neurons.",
            "'coding' where the evidence says 'noncoding'",
        ),
        (
            "Smokers recover faster than non-smokers after surgery.",
            "Non-smokers recovered faster than smokers after the surgery.",
            "'non-smokers' against 'smokers'",
        ),
    ],
)
def test_flipped_claims_are_contradictions(sentence: str, span: str, cue: str) -> None:
    assert cue in contradiction(sentence, span)


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        # a paraphrase keeps its cues: the same negation, the same direction in other words
        (
            "ADHD medications do not increase the risk of cardiovascular events.",
            "Use of ADHD medications was not associated with an increased risk of "
            "cardiovascular events.",
        ),
        (
            "Antiretroviral therapy reduces rates of tuberculosis.",
            "Antiretroviral therapy is associated with a reduction in the incidence of "
            "tuberculosis.",
        ),
        # a cue far from what the two share is about something else
        (
            "Birth weight is positively associated with breast cancer.",
            "Birth weight was positively associated with breast cancer risk in studies of "
            "records, and the pooled estimate from questionnaires showed no such pattern.",
        ),
        # a comparison turned round with the opposite direction word says the same thing
        (
            "Women self-harm at lower rates than men in prison.",
            "In prison, men self-harmed at higher rates than women.",
        ),
        (
            "Self-harm was ten times more common in female prisoners than in male prisoners.",
            "Self-harm rates were more than ten times higher in female prisoners than in male "
            "inmates.",
        ),
        # nothing in common: no verdict from cues at all
        ("Mitochondria are not involved in apoptosis.", "Cats sleep for most of the day."),
    ],
)
def test_paraphrases_and_unrelated_cues_are_not_contradictions(sentence: str, span: str) -> None:
    assert contradiction(sentence, span) == ""


def test_an_aim_is_not_read_for_cues_and_a_close_runner_up_is() -> None:
    claim = "Screening does not lead to improved vision."
    aim = "OBJECTIVE To assess whether screening leads to improvements in vision."
    finding = "Screening led to improved vision in older people."
    assert contradicting(claim, [(0.8, "a", aim)]) is None
    assert contradicting(claim, [(0.8, "a", aim), (0.79, "b", finding)])[2] == "b"
    agrees = "Screening in trials did not lead to improved vision."
    far = [(0.8, "a", agrees), (0.6, "b", finding)]
    assert contradicting(claim, far) is None  # the runner-up is too far behind the best


def test_a_negated_clause_is_read_with_its_subject() -> None:
    """'not' negates its clause: its subject before it and its predicate after it. A finding that
    states the predicate without a negation contradicts it, unless the abstract negates it in
    another sentence; a negation no evidence states is not supported (SciFact-style flips of
    tune-half claims, written for this test)."""
    claim = "Podocytes do not migrate in the presence of injury."
    finding = "After ureteral ligation, podocytes formed clusters and migrated into the capsule."
    reason = contradicting(claim, [(0.6, "a", finding)])
    assert reason is not None and reason[1] == "says 'not' where the evidence does not"
    elsewhere = "Podocytes did not migrate in uninjured kidneys."
    assert contradicting(claim, [(0.6, "a", finding), (0.4, "b", elsewhere)]) is None
    null = "Leuko-reduced blood has no effect on complications of red blood cell transfusion."
    result = "Leukoreduction was associated with decreased fever after red blood cell transfusion."
    assert contradicting(null, [(0.6, "a", result)]) is not None
    unrelated = "Incidence data on cervical cancer came from the registries of two countries."
    changed = "Incidence rates of cervical cancer have not changed."
    assert contradicting(changed, [(0.6, "a", unrelated)]) is None  # it says nothing of change
    assert unstated_negations(changed, [unrelated]) == ["not"]
    assert unstated_negations(changed, ["The incidence of cervical cancer did not change."]) == []


def test_a_best_finding_that_states_the_direction_outweighs_a_runner_up() -> None:
    """Abstracts compare more than two things: when the best-aligned finding says "lower" as the
    sentence does, a runner-up's "higher" (against a third group) is no contradiction."""
    claim = "Patients on drug A have a lower risk of mortality than patients on drug B."
    agrees = "Compared with drug B, patients on drug A had a lower risk of mortality."
    other = "Compared with placebo, the risk of mortality was higher on drug B and on drug A."
    assert contradicting(claim, [(0.67, "a", agrees), (0.65, "b", other)]) is None
    assert contradicting(claim, [(0.67, "b", other), (0.65, "a", agrees)])[1].startswith(
        "direction"
    )


def test_absolute_quantifiers_the_evidence_never_uses() -> None:
    evidence = ["Genetic factors explain most of the variance in body-mass index."]
    assert overclaims("Obesity is determined solely by environmental factors.", evidence) == [
        "solely"
    ]
    assert overclaims("Obesity is determined by genetic factors.", evidence) == []


@pytest.mark.parametrize(
    ("text", "empty"),
    [
        ('"Learning Dynamics of Deep Linear Networks" (2025) 2 [1].', True),
        ("Deep Image Prior [1].", True),
        ("Rongrong Wang.", True),
        ("Wang co-authored “Learning Dynamics of Deep Linear Networks” (2025) [1].", False),
        ("TNFAIP3 is a tumor suppressor in glioblastoma.", False),
    ],
)
def test_a_sentence_must_state_something(text: str, empty: bool) -> None:
    assert bool(vacuous_problem(text)) is empty


@pytest.mark.slow
def test_the_gate_holds_generated_sentences_to_predicates_and_polarity(bundled_model) -> None:  # noqa: ANN001
    evidence = {
        "p1": [
            "“Learning Dynamics of Deep Linear Networks” (2025) — A. Ghosh, R. Wang.",
            "We show that gradient descent reduces the sharpness of deep linear networks.",
        ]
    }
    scorer = SemanticScorer(bundled_model)
    title_only = '"Learning Dynamics of Deep Linear Networks" (2025) [1].'
    flipped = "Gradient descent increases the sharpness of deep linear networks."
    faithful = "Gradient descent reduces the sharpness of deep linear networks."
    for text in (title_only, flipped):
        assert not verify_sentence(text, ["p1"], evidence, embedder=scorer, generated=True).ok
    assert verify_sentence(faithful, ["p1"], evidence, embedder=scorer, generated=True).ok
    # extractive output is held as before: a record line is a fact, not a generated claim
    assert verify_sentence(evidence["p1"][0], ["p1"], evidence, embedder=scorer).ok


@pytest.mark.slow
def test_three_verdicts_with_the_aligned_span(bundled_model) -> None:  # noqa: ANN001
    scorer = SemanticScorer(bundled_model)
    abstract = (
        "Central venous cannulation is a common procedure. Ultrasound imaging significantly "
        "reduced the risk of traumatic procedures and the number of insertion attempts."
    )
    evidence = {"e": evidence_sentences([abstract])}
    ok = judge_claim("Ultrasound guidance reduces traumatic procedures.", evidence, scorer)
    assert ok.verdict == "supported" and ok.evidence_span.startswith("Ultrasound imaging")
    flipped = judge_claim("Ultrasound guidance raises traumatic procedures.", evidence, scorer)
    assert flipped.verdict == "contradicted" and "direction" in flipped.reason
    off = judge_claim("Ultrasound guidance costs 300 dollars per patient.", evidence, scorer)
    assert off.verdict == "unsupported" and "300" in off.missing_terms


@pytest.mark.slow
def test_scifact_figures_hold_on_both_halves(bundled_model) -> None:  # noqa: ANN001
    """Thresholds were chosen on the tune half (even rows) and never on the report half: the
    figures measured when they were chosen must not fall (the old gate, at its 0.75 support,
    accepted 46% of the supported claims and 22% of the refuted ones over the file). Report
    half: 72% of the supported accepted, 10% (2 of 20) of the refuted (15% before negated
    clauses, prefix opposites and a direction word's object were read; those were built on
    flips of tune-half claims, the report half read once as a figure). Tune half: 60% (21 of
    35) of the supported, none of the 17 refuted."""
    rows = read_claims(SCIFACT)
    labels = [r["answer"] == "true" for r in _raw(SCIFACT)]
    scorer = SemanticScorer(bundled_model)
    accepted = {"tune": {True: [], False: []}, "report": {True: [], False: []}}
    for i, (row, label) in enumerate(zip(rows, labels, strict=True)):
        found = judge_claim(row.claim, {"e": evidence_sentences(row.evidence)}, scorer)
        accepted["tune" if i % 2 == 0 else "report"][label].append(found.supported)
    rate = {h: {k: sum(v) / len(v) for k, v in d.items()} for h, d in accepted.items()}
    assert rate["tune"][True] >= 0.60 and rate["tune"][False] == 0.0, rate
    assert rate["report"][True] >= 0.71 and rate["report"][False] <= 0.10, rate


@pytest.mark.slow
def test_flips_of_tune_claims_are_mostly_caught_and_paraphrases_kept(bundled_model) -> None:  # noqa: ANN001
    """Claims written here to say the opposite of supported tune-half claims (labels ours, not
    SciFact's): 30 of 55 accepted before negated clauses, prefix opposites and a direction
    word's object were read (20 of the 33 they were built on, 10 of 22 written afterwards), 20
    now (13 and 7); 16 of the 18 paraphrases kept, before and after."""
    import json

    rows = _raw(SCIFACT)
    flips = [json.loads(line) for line in SCIFACT_FLIPS.read_text(encoding="utf-8").splitlines()]
    scorer = SemanticScorer(bundled_model)
    accepted = {"flip": 0, "paraphrase": 0}
    for flip in flips:
        abstract = [c["text"] for c in rows[flip["row"]]["gold_ctx"]]
        found = judge_claim(flip["claim"], {"e": evidence_sentences(abstract)}, scorer)
        accepted[flip["kind"]] += found.supported
    assert sum(f["kind"] == "flip" for f in flips) == 55
    assert accepted["flip"] <= 20 and accepted["paraphrase"] >= 16, accepted


def _raw(path: Path) -> list[dict]:
    import json

    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_claim_files_read_both_row_shapes_and_name_a_bad_line(tmp_path: Path) -> None:
    rows = read_claims(SCIFACT)
    assert (
        len(rows) == 104
        and rows[0].evidence[0] == "Rare Variants Create Synthetic Genome-Wide Associations"
    )
    path = tmp_path / "claims.jsonl"
    path.write_text('{"claim": "A", "evidence": "one passage", "id": 7}\n{"claim": \n', "utf-8")
    with pytest.raises(InputError) as err:
        read_claims(path)
    assert f"{path}:2" in str(err.value) and "not JSON" in str(err.value)
    path.write_text('{"claim": "A", "evidence": ["x"], "id": 7}\n', "utf-8")
    assert read_claims(path)[0].model_dump() == {"claim": "A", "evidence": ["x"], "id": 7}
    for bad, why in (
        ('["A"]', "not a JSON object"),
        ('{"claim": ""}', "has no claim"),
        ('{"claim": "A", "evidence": [1]}', "not a list of strings"),
    ):
        path.write_text(bad + "\n", "utf-8")
        with pytest.raises(InputError, match=why):
            read_claims(path)
