"""The library functions behind every command, on generated profiles: no exception, ever.

Profiles with no dates, year-less dates, years without dates, no abstracts, one paper,
duplicate titles, empty or one-name author lists, non-Latin names, zero citations and missing
metrics (see ``strategies.py``), and one profile of 1,000 papers.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import profiles

from agent.facts import paper_record, paper_text
from agent.models import Paper, Profile
from agent.qa.answer import answer_question
from agent.qa.route import route_question
from agent.qa.tools import PROFILE_SOURCE, TOOLS, PaperFilter, run_tool
from agent.settings import Settings

QUESTIONS = [
    "How many papers are there?",
    "How many papers per year?",
    "What is the most cited paper?",
    "Which papers are the least cited?",
    "How many citations per paper?",
    "In which venues did she publish?",
    "Which papers are in Nature?",
    "How many papers have abstracts?",
    "Who are the most frequent co-authors?",
    "Which papers come with code?",
    "What is the earliest paper?",
    "What is the latest paper?",
    "What is the h-index?",
    "Which papers from 2020 to 2024 have code?",
    "Papers written alone?",
]
FILTERS = [
    PaperFilter(),
    PaperFilter(year_from=2000, year_to=2020),
    PaperFilter(has_code=True),
    PaperFilter(author="A. Quinlan"),
    PaperFilter(venue="nature"),
    PaperFilter(solo=True),
]
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _tool_answers(profile: Profile) -> None:
    for name in TOOLS:
        for flt in FILTERS:
            result = run_tool(profile, name) if name == "metrics" else run_tool(profile, name, flt)
            json.dumps(result.model_dump(mode="json"))
            assert all(f.citations for f in result.facts), (name, result.facts)


@FAST
@given(profile=profiles())
def test_every_tool_and_record_line(profile: Profile) -> None:
    _tool_answers(profile)
    for paper in profile.papers:
        assert paper.title in paper_record(paper) and paper_text(paper).startswith(paper.title)
    Profile.model_validate_json(profile.model_dump_json())  # what `show --json` prints loads


@FAST
@given(profile=profiles())
def test_every_question_routes_and_tool_routes_answer(profile: Profile) -> None:
    for question in QUESTIONS:
        route = route_question(question, profile)
        if route.kind == "tool":
            answer = answer_question(question, profile, None, Settings(no_llm=True))
            assert answer.answer
            known = {p.id for p in profile.papers} | {PROFILE_SOURCE}
            assert all(set(s.citations) <= known for s in answer.sentences), answer.sentences


@pytest.mark.slow
@SLOW
@given(profile=profiles(max_papers=8))
def test_themes_and_every_writer(profile: Profile, bundled_model) -> None:  # noqa: ANN001
    from agent.writers.compose import write_bio, write_grant, write_statement
    from agent.writers.draft import to_markdown
    from agent.writers.templates import TEMPLATES
    from agent.writers.themes import map_themes

    settings_ = Settings(no_llm=True, as_of=date(2026, 11, 28))
    map_themes(profile, bundled_model)
    drafts = [
        write_bio(profile, settings_, words=words, person=person, embedder=bundled_model)
        for words in (50, 150)
        for person in ("first", "third")
    ]
    drafts.append(write_statement(profile, settings_, embedder=bundled_model))
    drafts += [write_grant(profile, settings_, t, embedder=bundled_model) for t in TEMPLATES]
    for draft in drafts:
        assert to_markdown(draft)


@pytest.mark.slow
def test_a_thousand_papers(bundled_model) -> None:  # noqa: ANN001
    from agent.writers.compose import write_bio

    papers = [
        Paper(
            title=f"Paper {i} on graph signal {i % 17}",
            authors=["Ada Quinlan", f"C. Author{i % 40}"],
            year=None if i % 9 == 0 else 1990 + i % 35,
            abstract="" if i % 3 else f"We study graph signal {i % 17} with sparse priors.",
            citation_count=None if i % 5 == 0 else i % 300,
        )
        for i in range(1000)
    ]
    profile = Profile(name="Ada Quinlan", papers=papers)
    assert len({p.id for p in profile.papers}) == 1000
    _tool_answers(profile)
    draft = write_bio(profile, Settings(no_llm=True), words=100, embedder=bundled_model)
    assert draft.words > 0
