"""Sentence splitting where drafts and verify meet: a quoted title is part of its sentence."""

from __future__ import annotations

from agent.text import split_sentences


def test_a_quoted_title_with_a_full_stop_inside_stays_in_its_sentence() -> None:
    # Eglen's ORCID record: "Mapping by waves. Patterned spontaneous activity regulates ..."
    draft = (
        "What links developing retina and retinotopic maps is spontaneous activity, in "
        "“Mapping by waves. Patterned spontaneous activity regulates retinotopic map "
        "refinement.” and “Theoretical models of spontaneous activity.” [1][2]. Eglen wrote "
        "“Retinal waves?” (2012) [3]."
    )
    first, second = split_sentences(draft)
    assert first.endswith("[1][2].") and "Mapping by waves. Patterned" in first
    assert second == "Eglen wrote “Retinal waves?” (2012) [3]."


def test_sentences_still_end_after_a_quote_closes() -> None:
    text = "He wrote “It works. Really.” Then he left. We saw “x”. And y."
    assert split_sentences(text) == [
        "He wrote “It works. Really.” Then he left.",
        "We saw “x”.",
        "And y.",
    ]


def test_front_matter_of_a_scraped_abstract_is_told_from_what_papers_say() -> None:
    """Of every abstract sentence in Cantley's S2 records, the byline with affiliations is the
    one front-matter sentence; none of the SciFact abstracts' 1,016 sentences is, though some
    name a Centre, a University and a College."""
    import json

    from data_paths import SAMPLES, SCIFACT

    from agent.text import is_front_matter

    papers = [
        paper
        for name in (
            "s2_author_1723755_papers_offset0.json",
            "s2_author_1723755_papers_offset800.json",
        )
        for paper in json.loads((SAMPLES / name).read_text(encoding="utf-8"))["data"]
    ]
    s2 = [s for p in papers for s in split_sentences(p.get("abstract") or "")]
    flagged = [s for s in s2 if is_front_matter(s)]
    assert len(flagged) == 1 and flagged[0].startswith("Adam J. Shaywitz,1,2 Kevin D. Courtney")
    rows = [json.loads(line) for line in SCIFACT.read_text(encoding="utf-8").splitlines()]
    scifact = [s for r in rows for c in r["gold_ctx"] for s in split_sentences(c["text"])]
    assert len(scifact) > 1000 and not any(is_front_matter(s) for s in scifact)
    assert is_front_matter("© 2019 Elsevier Inc. All rights reserved.")
