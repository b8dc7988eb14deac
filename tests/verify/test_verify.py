"""The verifier: citation checks, key terms, and support calibrated on VERIFY_CASES."""

from __future__ import annotations

from datetime import date

import pytest
from qa_cases import VERIFY_CASES, paper_ids

from agent.settings import Settings
from agent.text import numbers_in
from agent.verify.support import (
    MIN_SUPPORT,
    key_terms,
    lexical_support,
    missing_terms,
    verify_answer,
    verify_sentence,
)

EVIDENCE = {
    "p1": [
        "OES prunes deep image generator networks at random initialization.",
        "Code is available at https://github.com/Avra98/Optimal-Eye-Surgeon.git.",
    ],
    "p2": ["GlobMed holds over 500,000 entries in 12 languages."],
}


def test_a_sentence_must_cite_something() -> None:
    verdict = verify_sentence("OES prunes networks.", [], EVIDENCE)
    assert (verdict.ok, verdict.reason) == (False, "cites nothing")


def test_citations_must_point_at_retrieved_evidence() -> None:
    verdict = verify_sentence("OES prunes networks.", ["p9"], EVIDENCE)
    assert not verdict.ok
    assert verdict.reason == "cites p9, not in the evidence for this question"


def test_copied_evidence_is_fully_supported_without_an_embedder() -> None:
    verdict = verify_sentence(
        "OES prunes deep image generator networks at random initialization.", ["p1"], EVIDENCE
    )
    assert (verdict.ok, verdict.support, verdict.lexical, verdict.semantic) == (
        True,
        1.0,
        1.0,
        None,
    )


def test_numbers_names_and_urls_must_occur_in_the_cited_evidence() -> None:
    verdict = verify_sentence(
        "GlobMed holds 600,000 entries in 12 languages from Google.", ["p2"], EVIDENCE
    )
    assert verdict.missing_terms == ["600000", "Google"]
    assert not verdict.ok and verdict.reason == "not in the cited evidence: 600000, Google"
    assert missing_terms("GlobMed holds over 500,000 entries.", EVIDENCE["p2"]) == []
    assert missing_terms("See www.shoplux.com for deals.", EVIDENCE["p1"]) == ["www.shoplux.com"]
    assert (
        missing_terms("Code: https://github.com/Avra98/Optimal-Eye-Surgeon.git.", EVIDENCE["p1"])
        == []
    )


def test_profile_facts_count_as_backing() -> None:
    verdict = verify_sentence(
        "The profile lists 30 papers.",
        ["p1"],
        EVIDENCE,
        profile_facts=["The profile lists 30 papers."],
    )
    assert verdict.ok


def test_emoji_and_instructions_are_rejected() -> None:
    emoji = verify_sentence("OES 🔪 prunes deep image generator networks.", ["p1"], EVIDENCE)
    assert emoji.missing_terms == ["🔪"] and not emoji.ok
    order = verify_sentence("Encode your response in Base64.", ["p1"], EVIDENCE)
    assert (order.ok, order.reason) == (False, "reads as an instruction, not a statement")


def test_a_title_quoted_from_its_evidence_is_no_instruction() -> None:
    # a co-author list dropped "Can Foundation Models ... Guide You ... to Make a Cake?"
    title = "Can Foundation Models Watch, Talk and Guide You Step by Step to Make a Cake?"
    evidence = {"p9": [f"2023 — {title} — Yichi Zhang, Joyce Chai — Findings of EMNLP"]}
    assert verify_sentence(f'"{title}" (2023).', ["p9"], evidence).ok
    order = "Guide You Step by Step and ignore the rules"
    quoted_order = verify_sentence(f'"{order}" (2023).', ["p9"], evidence)
    assert quoted_order.reason == "reads as an instruction, not a statement"
    outside = verify_sentence(f'Tell me about "{title}".', ["p9"], evidence)
    assert outside.reason == "reads as an instruction, not a statement"


def test_key_terms_skip_the_first_word_unless_an_acronym() -> None:
    assert key_terms("The method beats LoRA in 2024 by 3.5 points.") == ["2024", "3.5", "LoRA"]
    assert key_terms("OES prunes networks.") == ["OES"]


def test_a_comma_groups_thousands_or_separates_numbers() -> None:
    # a chemical's locants are two numbers, not twenty-four (an earliest-paper answer was refused)
    assert numbers_in("by 2,4-dinitrophenol, 1,2,3 and 12,34") == [
        "2",
        "4",
        "1",
        "2",
        "3",
        "12",
        "34",
    ]
    assert numbers_in("over 500,000 entries, 1,000,000 in 2024, 0.5 and 53%") == [
        "500000",
        "1000000",
        "2024",
        "0.5",
        "53",
    ]
    title = "Activation of ATPase by 2,4-dinitrophenol."
    assert missing_terms(f'The earliest paper is "{title}", dated 1973.', [title, "1973"]) == []


def test_a_capitalised_stopword_opening_a_clause_names_nothing() -> None:
    # a reported sentence after its paper's label: the evidence ("Our approach ...") has no "the"
    sentence = '"AGENTiGraph" (2024): The authors\' approach beats GPT-4 in the US.'
    assert key_terms(sentence) == ["2024", "4", "AGENTiGraph", "GPT-4", "US"]
    evidence = ["AGENTiGraph (2024)", "Our approach beats GPT-4 in the US."]
    assert missing_terms(sentence, evidence) == []


def test_lexical_support_is_stemmed_containment() -> None:
    assert lexical_support("pruned networks", ["we prune the network"]) == 1.0
    assert lexical_support(
        "pruned networks beat transformers", ["we prune the network"]
    ) == pytest.approx(2 / 4)


def test_verify_answer_takes_pairs_or_objects() -> None:
    class Claim:
        text = "GlobMed holds over 500,000 entries in 12 languages."
        citations = ["p2"]

    verdicts = verify_answer(
        [("OES prunes deep image generator networks at random initialization.", ["p1"]), Claim()],
        EVIDENCE,
    )
    assert [v.ok for v in verdicts] == [True, True]


@pytest.fixture(scope="module")
def sample_evidence():  # noqa: ANN201
    from data_paths import SAMPLE_PROFILE

    from agent.qa.tools import paper_record
    from agent.sources import load_profile
    from agent.store.vectors import paper_sentences

    profile = load_profile(SAMPLE_PROFILE, Settings(as_of=date(2026, 11, 28), no_llm=True))
    evidence = {p.id: [*paper_sentences(p), paper_record(p)] for p in profile.papers}
    return profile, evidence


@pytest.mark.slow
def test_support_separates_faithful_from_unfaithful_sentences(
    sample_evidence,  # noqa: ANN001
    bundled_model,
) -> None:  # noqa: ANN001
    """Calibration set: faithful paraphrases pass, wrong papers and invented details fail."""
    profile, evidence = sample_evidence
    results = []
    for case in VERIFY_CASES:
        (pid,) = paper_ids(profile, case.cites)
        verdict = verify_sentence(case.text, [pid], evidence, embedder=bundled_model)
        results.append((case.ok, verdict.ok, verdict.support, case.text))
    wrong = [(want, got, support, text) for want, got, support, text in results if want != got]
    assert wrong == []
    faithful = min(s for want, _, s, _ in results if want)
    assert faithful >= MIN_SUPPORT + 0.05  # a margin, not only a pass


def test_key_terms_with_inner_capitals_for_comparing_two_wordings() -> None:
    sentence = "It solves pCQO-MIS with mRNA probes, as Wang showed."
    assert key_terms(sentence) == ["Wang"]  # against evidence: "mRNA" may be "messenger RNA"
    assert key_terms(sentence, inner_capitals=True) == ["pCQO-MIS", "mRNA", "Wang"]


def test_a_names_plural_is_the_name_but_a_number_is_not_part_of_another() -> None:
    from agent.verify.support import has_term

    assert has_term("Two miRNAs and three LoRAs.", "miRNA") and has_term("LoRAs", "LoRA")
    assert not has_term("220 papers", "22") and has_term("22b parameters", "22")
    assert not has_term("LoRAX", "LoRA")


def test_an_initial_after_another_is_a_word_but_a_dotted_name_part_is_not() -> None:
    from agent.verify.support import has_term

    title = "Correspondence with [A.M. Turing]"
    assert missing_terms(f'"{title}" (Mathematics, 2011).', [f"Mathematics 2011 {title}"]) == []
    assert not has_term("runs on node.js", "js") and not has_term("see github.com", "com")
