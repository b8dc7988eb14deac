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
