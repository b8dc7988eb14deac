"""Slips of the keyboard in questions, on real profiles: read as the word meant when one known
word lies near, left alone otherwise."""

from __future__ import annotations

import pytest
from data_paths import SAMPLE_PROFILE, SAMPLES

from agent.models import Profile
from agent.qa.route import route_question
from agent.qa.spelling import corrected
from agent.settings import Settings
from agent.sources import load_profile


@pytest.fixture(scope="module")
def wang() -> Profile:
    return load_profile(SAMPLE_PROFILE, Settings(no_llm=True))


@pytest.fixture(scope="module")
def cantley() -> Profile:
    return load_profile(SAMPLES / "s2_author_1723755_papers_offset800.json", Settings(no_llm=True))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("How many papres in 2024?", "How many papers in 2024?"),  # two letters swapped
        ("who are her coathors", "who are her coauthors"),
        ("latest publicaton", "latest publication"),
        ("reseach areas", "research areas"),
        ("papers with Xitong Zang", "papers with Xitong Zhang"),  # a co-author's name
    ],
)
def test_a_slip_reads_as_the_word_meant(wang: Profile, typed: str, meant: str) -> None:
    assert corrected(typed, wang) == meant


def test_a_venue_with_a_slip_is_the_venue(cantley: Profile) -> None:
    typed = "papers in Jornal of Biological Chemistry"
    assert corrected(typed, cantley) == "papers in Journal of Biological Chemistry"
    route = route_question(typed, cantley)
    assert route.filter.venue == "Journal of Biological Chemistry"


@pytest.mark.parametrize(
    "question",
    [
        "Does she work on perovskites?",  # a word no vocabulary near it holds: no guess
        "Which papers use pCQO-MIS?",  # coined names, compounds and acronyms are left alone
        "Has she published on quantum computing?",  # English words are known
        "What is AGENTiGraph?",
    ],
)
def test_words_known_or_far_from_any_are_left_alone(wang: Profile, question: str) -> None:
    assert corrected(question, wang) == question


@pytest.mark.parametrize(
    "question",
    ["Has she collaborated with Yann LeCun?", "Has she co-authored anything with Jure Leskovec?"],
)
def test_another_persons_name_is_no_slip_of_a_coauthors(wang: Profile, question: str) -> None:
    """'Yann LeCun' was read as 'Yang LeCun' (a co-author is a Yang)."""
    assert corrected(question, wang) == question


def test_a_journals_abbreviated_words_are_no_slips(cantley: Profile) -> None:
    """'Biol.' and 'Chem.' were read as 'Bio' and 'Che' ("15 papers in J. Bio. Che")."""
    assert corrected("papers in J. Biol. Chem.", cantley) == "papers in J. Biol. Chem."
    assert corrected("papres in J. Biol. Chem.", cantley) == "papers in J. Biol. Chem."
