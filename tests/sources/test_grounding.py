"""Grounding checks: values must occur in the source, years in their own paper's record."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from agent.sources.grounding import (
    grounding_context,
    metric_problem,
    prune,
    split_records,
    text_problem,
    title_shape_problem,
    year_problem,
    years_in,
)
from agent.sources.llm_extract import ExtractedPaper, ExtractedPerson

LIST = """Selected publications
- M. Keller, J. Otto. Sparse Attention Patterns. ACL 2021.
- M. Keller, L. Brandt. Measuring Context Use in Document-Level Machine Transla-
  tion. Transactions of the ACL, 2019.
"""


def test_years_in_ignores_counts_identifiers_and_short_numbers() -> None:
    text = "ACL 2021. (2018) 2,019 citations arXiv:2003.01234 Smith 2019a h-index 21 pp. 1022"
    assert years_in(text) == [2021, 2018, 2019]


def test_split_records_one_per_list_item_with_wrapped_lines_kept_together() -> None:
    records = split_records(LIST)
    assert records == [
        "Selected publications",
        "- M. Keller, J. Otto. Sparse Attention Patterns. ACL 2021.",
        "- M. Keller, L. Brandt. Measuring Context Use in Document-Level Machine Transla-\n"
        "  tion. Transactions of the ACL, 2019.",
    ]


def test_split_records_lines_with_years_prose_and_regular_blocks() -> None:
    lines = "Title One (2019) Venue A\nTitle Two (2021) Venue B"
    assert split_records(lines) == ["Title One (2019) Venue A", "Title Two (2021) Venue B"]
    prose = "In 2019 she wrote Alpha Beta Gamma. In 2021 she wrote Delta Epsilon Zeta."
    assert split_records(prose) == [
        "In 2019 she wrote Alpha Beta Gamma.",
        "In 2021 she wrote Delta Epsilon Zeta.",
    ]
    blocks = "Alpha Paper\nA. Author\nVenue, 2019\nBeta Paper\nB. Author\nVenue, 2021"
    assert split_records(blocks) == [
        "Alpha Paper\nA. Author\nVenue, 2019",
        "Beta Paper\nB. Author\nVenue, 2021",
    ]


def test_text_problem_tolerates_case_line_breaks_and_hyphenation() -> None:
    assert (
        text_problem("measuring context use in document-level machine translation", LIST, "title")
        is None
    )
    problem = text_problem("Dense Attention Patterns", LIST, "title")
    assert problem == (
        "title 'Dense Attention Patterns' does not occur in the text; "
        "copy it exactly from the text or omit it"
    )


def test_year_must_sit_in_the_titles_own_record_not_just_anywhere() -> None:
    records = split_records(LIST)
    assert year_problem(2021, "Sparse Attention Patterns", records) is None
    wrong = year_problem(2019, "Sparse Attention Patterns", records)
    assert wrong == (
        "year 2019 is not written in the record of 'Sparse Attention Patterns'; "
        "use that record's year or null"
    )


def test_year_is_refused_when_the_record_names_several_years() -> None:
    records = ["Alpha Beta Gamma, accepted 2019, published 2020."]
    assert "not the only year" in year_problem(2019, "Alpha Beta Gamma", records)


def test_metric_must_be_written_next_to_its_keyword() -> None:
    text = "Her h-index is 21, with 2,340 citations. She joined in 2016."
    assert metric_problem(21, r"h[\s-]?index", text, "h-index") is None
    assert metric_problem(2340, "citation", text, "citation count") is None
    assert metric_problem(2016, r"h[\s-]?index", text, "h-index") is not None
    assert metric_problem(340, "citation", text, "citation count") is not None


def test_title_shape_rejects_years_and_list_markers() -> None:
    assert title_shape_problem("Sparse Attention Patterns") is None
    assert title_shape_problem("Sparse Attention Patterns. ACL 2021") is not None
    assert title_shape_problem("- Sparse Attention Patterns") is not None


def test_extraction_model_errors_carry_the_feedback_the_model_sees() -> None:
    context = grounding_context(LIST)
    with pytest.raises(ValidationError) as caught:
        ExtractedPaper.model_validate(
            {"title": "Sparse Attention Patterns", "year": 2019, "authors": ["Q. Nobody"]},
            context=context,
        )
    messages = {e["loc"]: e["msg"] for e in caught.value.errors()}
    assert messages[("authors", 0)] == (
        "Value error, author 'Q. Nobody' is not written in this paper's own record"
    )
    assert "year 2019 is not written in the record" in messages[("year",)]


def test_validation_without_context_refuses_rather_than_passing() -> None:
    with pytest.raises(ValidationError, match="no source text in the validation context"):
        ExtractedPaper.model_validate({"title": "Sparse Attention Patterns"})


def test_prune_drops_only_the_failing_values_and_says_which() -> None:
    data = {
        "title": "Sparse Attention Patterns",
        "authors": ["M. Keller", "Q. Nobody"],
        "year": 2019,
        "venue": "ACL",
    }
    paper, warnings = prune(ExtractedPaper, data, grounding_context(LIST), {"authors": "author"})
    assert paper is not None
    assert (paper.title, paper.authors, paper.year, paper.venue) == (
        "Sparse Attention Patterns",
        ["M. Keller"],
        None,
        "ACL",
    )
    assert warnings == ["dropped ungrounded author 'Q. Nobody'", "dropped ungrounded year 2019"]


def test_prune_gives_up_the_record_when_the_title_is_ungrounded() -> None:
    data = {"title": "Invented Title Here", "year": 2021}
    paper, warnings = prune(ExtractedPaper, data, grounding_context(LIST))
    assert paper is None
    assert warnings == ["dropped ungrounded title 'Invented Title Here'"]


def test_person_metrics_and_blank_values() -> None:
    text = "Maria Keller\nUniversity of Tübingen\nHer h-index is 21, with 2,340 citations."
    person, warnings = prune(
        ExtractedPerson,
        {
            "name": "Maria Keller",
            "affiliation": " ",
            "research_field": "Robotics",
            "h_index": 21,
            "citation_count": 340,
        },
        grounding_context(text),
    )
    assert person is not None
    assert (person.name, person.affiliation, person.h_index) == ("Maria Keller", None, 21)
    assert person.citation_count is None and person.research_field is None
    assert warnings == [
        "dropped ungrounded research field 'Robotics'",
        "dropped ungrounded citation count 340",
    ]
