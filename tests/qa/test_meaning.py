"""Routing by meaning: the intent table, slot filling (years, categories), follow-ups that
replace a slot, pronouns that point at a paper, and the table kept apart from the eval."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from data_paths import REPO, SAMPLE_PROFILE, SAMPLES

from agent.models import Paper, Profile
from agent.qa.evidence import _covered, _derived, term_forms, term_stems
from agent.qa.meaning import framing_stems, load_intents, mask_slots, match_intent
from agent.qa.owner_mentions import owner_as_pronoun
from agent.qa.route import Route, route_question
from agent.qa.years import parse_years
from agent.settings import Settings
from agent.sources import load_profile
from agent.text import stem

TODAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def profile():  # noqa: ANN201
    return load_profile(SAMPLE_PROFILE, Settings(as_of=TODAY, no_llm=True))


@pytest.fixture(scope="module")
def cantley():  # noqa: ANN201
    path = SAMPLES / "s2_author_1723755_papers_offset800.json"
    return load_profile(path, Settings(as_of=TODAY, no_llm=True))


def test_every_intent_has_ten_phrasings_and_a_known_tool() -> None:
    from agent.qa.tools import TOOLS

    intents = load_intents()
    assert len({i.name for i in intents}) == len(intents)
    for intent in intents:
        assert len(intent.exemplars) >= 10, intent.name
        assert intent.tool == "" or intent.tool in TOOLS or intent.tool == "research_areas"


def test_no_phrasing_is_a_copy_of_an_eval_question() -> None:
    """The questions suite judges the table: a phrasing near one of its questions (word
    overlap >= 0.6 over at least four shared words, pronouns aside) would grade the router on
    its own examples."""

    def words(text: str) -> set[str]:
        text = re.sub(r"\b(?:YEAR|NAME|TOPIC|TITLE)\b", "", text)  # placeholders
        text = re.sub(r"\b(?:her|his|she|he|him)\b", "X", text.lower())
        return set(re.findall(r"[a-z0-9]+", text))

    suite = REPO / "evals" / "suites" / "questions.jsonl"
    questions = [json.loads(line)["inputs"]["question"] for line in suite.open()]
    for intent in load_intents():
        for phrasing in intent.exemplars:
            for question in questions:
                a, b = words(phrasing), words(question)
                assert len(a & b) < 4 or len(a & b) / len(a | b) < 0.6, (phrasing, question)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("papers from the 1980s", (1980, 1989)),
        ("what did he do in the 70s", (1970, 1979)),
        ("the '90s", (1990, 1999)),
        ("in the last two years", (2025, 2026)),
        ("over the past 3 years", (2024, 2026)),
        ("this year", (2026, 2026)),
        ("last year", (2025, 2025)),
        ("between 2021 and 2019", (2019, 2021)),
        ("since 2023", (2023, None)),
        ("how productive was she in 2022 compared to 2021", (2021, 2022)),
        ("what was she working on five years ago", (2021, 2021)),
        ("a decade ago", (2016, 2016)),
        ("papers in 2021 and in 2022", (2021, 2022)),
        ("more in 2024 than in 2023", (2023, 2024)),
        ("what is her h-index", (None, None)),
    ],
)
def test_year_spans(text: str, span: tuple[int | None, int | None]) -> None:
    assert parse_years(text, TODAY) == span


def test_relative_years_need_a_date() -> None:
    assert parse_years("in the last two years") == (None, None)


def test_slots_are_masked_before_matching() -> None:
    masked = mask_slots("Which papers with Xitong Zhang came out in 2024?", ["Xitong", "Zhang"])
    assert masked == "Which papers with NAME NAME came out in YEAR?"


def test_framing_words_are_not_topics(profile) -> None:  # noqa: ANN001
    assert {"put", "out", "titl", "repositor"} <= framing_stems()
    route = route_question("How many papers did she put out in 2025?", profile, today=TODAY)
    assert (route.kind, route.tool, route.filter.year_from) == ("tool", "count_papers", 2025)


def test_a_category_by_the_profiles_own_name(cantley) -> None:  # noqa: ANN001
    route = route_question("How many of his papers are classified as Medicine?", cantley)
    assert route.tool == "count_papers" and route.filter.categories == ["Medicine"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("Tell me who his regular writing partners are.", "coauthors"),
        ("What are the typical places his papers end up in?", "venues"),
    ],
)
def test_questions_no_pattern_knows_route_by_meaning(
    question: str,
    tool: str,
    cantley,
    embedder,  # noqa: ANN001
) -> None:
    route = route_question(question, cantley, embedder=embedder, today=TODAY)
    assert (route.kind, route.tool, route.router) == ("tool", tool, "meaning"), route.reason
    assert "nearest phrasing" in route.reason


@pytest.mark.slow
def test_a_topical_question_is_searched_not_forced_into_a_tool(profile, embedder) -> None:  # noqa: ANN001
    route = route_question(
        "What does the paper on deep image prior propose?", profile, embedder=embedder
    )
    assert route.kind == "search" and "deep" in route.topic
    found = match_intent("What does the paper on deep image prior propose?", embedder)
    assert found.intent == "search" or not found.confident


def _turn(profile, question: str, history: list[tuple[Route, list[str]]]):  # noqa: ANN001, ANN202
    from agent.qa.tools import run_tool

    route = route_question(question, profile, history, today=TODAY)
    cited = []
    if route.kind == "tool":
        cited = [f.citations for f in run_tool(profile, route.tool, route.filter).facts]
    history.append((route, list(dict.fromkeys(pid for ids in cited for pid in ids))))
    return route


def test_what_about_replaces_the_year_and_keeps_the_question(profile) -> None:  # noqa: ANN001
    history: list[tuple[Route, list[str]]] = []
    _turn(profile, "How many papers did she publish in 2024?", history)
    again = _turn(profile, "What about 2025?", history)
    assert again.tool == "count_papers"
    assert (again.filter.year_from, again.filter.year_to, again.filter.paper_ids) == (
        2025,
        2025,
        None,
    )
    narrowed = _turn(profile, "And which of those have code?", history)
    assert narrowed.filter.paper_ids  # "those": the last answer's papers


def test_that_after_a_ranking_is_its_first_paper(cantley) -> None:  # noqa: ANN001
    history: list[tuple[Route, list[str]]] = []
    first = _turn(cantley, "What is his most cited paper?", history)
    assert first.tool == "most_cited"
    when = _turn(cantley, "When did that come out?", history)
    assert when.named == [history[0][1][0]] and when.tool == "list_papers"
    who = _turn(cantley, "Who wrote it?", history)
    assert who.tool == "coauthors" and who.filter.paper_ids == when.named


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("Give me his publications in chronological order.", "list_papers"),
        ("When did he first publish?", "earliest_paper"),
        ("Which of his papers had the biggest impact?", "most_cited"),
        ("Whom does he write with?", "coauthors"),
        ("When did Cantley's publication list start?", "earliest_paper"),
        ("How has his publication rate changed?", "papers_per_year"),
        ("Which of his works come with a summary text?", "abstracts"),
        ("How many citations did his papers from 2019 get?", "citation_summary"),
        ("What was his very first journal article?", "earliest_paper"),  # not his journals
        ("Show me his papers written without co-authors.", "list_papers"),
        ("Where does he usually send his papers?", "venues"),
        ("Did he publish more in 1985 than in 1984?", "papers_per_year"),
        ("How many papers in 1986 compared to 1985?", "papers_per_year"),
    ],
)
def test_plain_phrasings_the_patterns_know(question: str, tool: str, cantley) -> None:  # noqa: ANN001
    route = route_question(question, cantley, today=TODAY)
    assert (route.kind, route.tool) == ("tool", tool), route.reason


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("What are Cantley's main topics?", "What are their main topics?"),
        ("Has Lewis C. Cantley worked on insulin?", "Has they worked on insulin?"),
        ("Has Dr. Cantley published in Nature?", "Has they published in Nature?"),
        ("Did Bob Cantley write this?", "Did Bob they write this?"),  # another given name stays
    ],
)
def test_the_owner_by_name_is_read_as_the_pronoun(question: str, read: str, cantley) -> None:  # noqa: ANN001
    assert owner_as_pronoun(question, cantley) == read


def test_a_surname_the_papers_use_as_a_phrase_stays_a_topic() -> None:
    turing = Profile(
        name="A. Turing",
        papers=[
            Paper(title="On computable numbers", authors=["A. Turing"]),
            Paper(title="Turing machines and their limits", authors=["A. Turing", "J. Wang"]),
        ],
    )
    said = "What did Turing write about Turing machines?"
    assert owner_as_pronoun(said, turing) == "What did they write about Turing machines?"
    route = route_question(said, turing)
    assert route.kind == "search" and {"turing", "machines"} <= set(route.topic)


def test_rankings_over_a_topic_are_scoped_and_recently_is_a_span(cantley) -> None:  # noqa: ANN001
    on = route_question("What is his most cited paper on ouabain?", cantley, today=TODAY)
    assert (on.tool, on.scope) == ("most_cited", ["ouabain"])
    latest = max(p.year for p in cantley.papers if p.year)
    lately = route_question("What has he published lately?", cantley, today=TODAY)
    assert (lately.tool, lately.filter.year_from) == ("list_papers", latest - 2)
    newest = route_question("What is his most recent paper?", cantley, today=TODAY)
    assert (newest.tool, newest.filter.year_from) == ("latest_paper", None)


def test_a_venue_names_no_category_and_a_letter_keeps_its_noun(cantley) -> None:  # noqa: ANN001
    jbc = route_question(
        "How many papers did he publish in the Journal of Biological Chemistry?", cantley
    )
    assert jbc.filter.venue == "Journal of Biological Chemistry" and not jbc.filter.categories
    cells = route_question("Has he studied T cells?", cantley)
    assert cells.kind == "search" and cells.topic == ["t cells"]
    assert stem("t cells") in term_stems("a leukemic human T cell line")
    assert stem("t cells") in term_stems("T-cell receptors") and "t cell" not in term_stems("cells")


def test_a_long_key_term_meets_another_form_of_its_stem() -> None:
    assert _covered("reproducibility", {"reproducible", "code"})
    assert _covered("compression", {"compressive"})
    assert not _covered("generation", {"general"}) and not _covered("information", {"informal"})
    assert _covered("ecology", {"ecological"}) and _covered("statistics", {"statistical"})
    assert _covered("genomic", {"genomics"}) and not _covered("study", {"studio"})
    assert not _covered("ecology", {"economic"})


def test_elliptical_follow_ups_are_about_the_last_answer(profile) -> None:  # noqa: ANN001
    history: list[tuple[Route, list[str]]] = []
    listed = _turn(profile, "What did she publish in 2024?", history)
    how_many = _turn(profile, "How many is that?", history)
    assert how_many.tool == "count_papers" and how_many.filter.paper_ids == history[0][1]
    coded = _turn(profile, "Which have code?", history)
    assert coded.tool == "papers_with_code" and set(coded.filter.paper_ids) <= set(history[0][1])
    assert listed.tool == "list_papers"
    fresh = route_question("Which papers have code?", profile, history, today=TODAY)
    assert fresh.filter.paper_ids is None  # a noun: a new question, not a follow-up


def test_another_year_after_listing_a_years_papers_is_that_years_papers(profile) -> None:  # noqa: ANN001
    history: list[tuple[Route, list[str]]] = []
    _turn(profile, "How many papers did she publish in 2024?", history)
    _turn(profile, "List them", history)
    other = _turn(profile, "What about 2023?", history)
    assert (other.filter.year_from, other.filter.year_to, other.filter.paper_ids) == (
        2023,
        2023,
        None,
    )


def test_a_key_term_meets_the_forms_of_its_word_made_by_process_endings() -> None:
    def meets(term: str, title: str) -> bool:
        return _derived(term, term_forms(title))

    assert meets("distillation", "Distilling Long-tailed Datasets")
    assert meets("quantization", "Group-Shared Exponents Integer in Fully Quantized Training")
    assert meets("optimization", "Optimizing over the Stiefel manifold")
    assert meets("estimation", "A randomized trace estimator")
    assert not meets("relativity", "Related work on stability")  # one Porter root, no family
    assert not meets("experiment", "Experience of early career researchers")
    assert not meets("organic", "Self-organization of retinal mosaics")
    assert not meets("cells", "Cellular automata")  # a short root meets only through stem()


def test_an_intent_with_a_cue_takes_no_margin_from_questions_without_it(embedder) -> None:  # noqa: ANN001
    """The breakdown by publication type is near "how many articles ...?" by meaning; its cue
    ('journals', 'type of publication', ...) keeps it out of questions that lack one."""
    kind = next(i for i in load_intents() if i.name == "papers_per_kind")
    assert kind.cue is not None
    plain = match_intent("How many articles are on the list?", embedder)
    assert (plain.intent, plain.confident) == ("count_papers", True)
    assert plain.runner_up != "papers_per_kind"
    split = match_intent("What is the split between her journal and conference output?", embedder)
    assert (split.intent, split.confident) == ("papers_per_kind", True)
    # identifiers: "arXiv numbers" put "which papers discuss computable numbers?" near DOIs
    numbers = match_intent("Which of his papers discuss computable numbers?", embedder)
    assert numbers.intent != "identifiers" and numbers.runner_up != "identifiers"
    ids = match_intent("Which of her preprints lack an arXiv identifier?", embedder)
    assert ids.intent == "identifiers"


def test_papers_without_a_date_are_a_filter(cantley) -> None:  # noqa: ANN001
    """ "Which of his papers has no date?" listed all 79 of Cantley's S2 papers: the undated ones
    (by a plain filter) are a filter of their own."""
    from agent.qa.tools import run_tool

    undated = {p.id for p in cantley.papers if p.year is None and p.date is None}
    assert len(undated) == 6
    for question in (
        "Which of his papers has no date?",
        "How many papers lack a publication year?",
    ):
        route = route_question(question, cantley, today=TODAY)
        assert route.kind == "tool" and route.filter.dated is False, route.reason
        result = run_tool(cantley, route.tool or "", route.filter)
        assert set(result.paper_ids) == undated and "without a date" in result.facts[0].text


def test_a_metric_the_record_does_not_state_is_refused_saying_so(cantley) -> None:  # noqa: ANN001
    """Cantley's S2 papers list has no author header: "What's the h-index?" says it states none."""
    from agent.qa.tools import run_tool

    route = route_question("What's the h-index?", cantley, today=TODAY)
    result = run_tool(cantley, route.tool or "", route.filter, **route.options)
    assert result.unknown and result.facts[0].text.startswith("The profile states no h-index")


def test_the_first_of_papers_with_no_date_says_they_have_none(cantley) -> None:  # noqa: ANN001
    """Cantley's two PI3K papers in this record carry no date: "when did he start publishing on
    PI3K?" says so, and of one such paper too."""
    from agent.qa.tools import PaperFilter, run_tool

    undated = [p.id for p in cantley.papers if p.year is None and p.date is None]
    two = run_tool(cantley, "earliest_paper", PaperFilter(paper_ids=undated[:2], about="pi3k"))
    assert two.unknown and two.facts[0].text == (
        "Neither of the 2 papers listed about pi3k has a date in the profile."
    )
    one = run_tool(cantley, "latest_paper", PaperFilter(paper_ids=undated[:1]))
    assert one.unknown and "has no date" in one.facts[0].text


def test_a_ranking_followed_by_another_asks_of_the_same_papers(cantley) -> None:  # noqa: ANN001
    """ "And his latest?" after "What is his earliest paper?" was the latest of that one paper
    (the earliest again); "how many citations does it have?" is the paper's own count, not the
    header's; "where were they published?" after a listing is their venues."""
    from agent.qa.tools import run_tool

    history: list[tuple[Route, list[str]]] = []
    _turn(cantley, "What is his earliest paper?", history)
    latest = _turn(cantley, "And his latest?", history)
    assert latest.tool == "latest_paper" and latest.filter.paper_ids is None
    newest = max((p for p in cantley.papers if p.year), key=lambda p: p.chronological_key())
    assert history[-1][1] == [newest.id]
    cited = _turn(cantley, "How many citations does it have?", history)
    assert cited.tool == "citation_summary" and cited.filter.paper_ids == [newest.id]
    counted = run_tool(cantley, cited.tool, cited.filter)
    assert counted.paper_ids == [newest.id]
    listing: list[tuple[Route, list[str]]] = []
    _turn(cantley, "What did he publish in 1985?", listing)
    where = _turn(cantley, "Where were they published?", listing)
    assert where.tool == "venues" and set(where.filter.paper_ids or []) == set(listing[0][1])


@pytest.mark.parametrize(
    ("question", "tool", "years"),
    [
        ("how many pubs in 1985", "count_papers", (1985, 1985)),  # were refused
        ("oldest pub", "earliest_paper", (None, None)),
        ("how many papers in '86?", "count_papers", (1986, 1986)),  # counted all 79
        ("papers w/ code?", "papers_with_code", (None, None)),
    ],
)
def test_shorthand_is_written_out(question: str, tool: str, years: tuple, cantley) -> None:  # noqa: ANN001
    route = route_question(question, cantley, today=TODAY)
    assert (route.kind, route.tool) == ("tool", tool), route.reason
    assert (route.filter.year_from, route.filter.year_to) == years


def test_a_two_digit_year_is_the_nearest_past_one() -> None:
    from datetime import date

    from agent.qa.shorthand import written_out

    today = date(2026, 11, 28)
    assert written_out("papers in '23", today) == "papers in 2023"
    assert written_out("papers in '87", today) == "papers in 1987"
    assert written_out("papers from the '90s", today) == "papers from the '90s"  # a decade
    assert written_out("how many cites total", today) == "how many citations total"
    assert written_out("Who cites her work?", today) == "Who cites her work?"


def test_how_long_he_has_published_is_his_first_and_last_paper(cantley) -> None:  # noqa: ANN001
    """ "How many years does his publication list span?" was refused: the earliest and the
    latest paper answer it, with their years."""
    from agent.qa.tools import run_tool

    route = route_question("How many years does his publication list span?", cantley)
    assert (route.tool, route.options) == ("earliest_paper", {"span": True})
    result = run_tool(cantley, route.tool, route.filter, **route.options)
    dated = sorted((p for p in cantley.papers if p.year), key=lambda p: p.chronological_key())
    assert result.paper_ids == [dated[0].id, dated[-1].id]
    assert f"span {dated[0].year} to {dated[-1].year}" in result.facts[-1].text


def test_that_year_and_there_come_from_the_last_answer(cantley) -> None:  # noqa: ANN001
    """ "What other papers came out the same year?" after his most cited paper repeated the
    ranking; "what else has he published there?" after his papers in a journal was refused."""
    history: list[tuple[Route, list[str]]] = []
    _turn(cantley, "What is his most cited paper?", history)
    top = cantley.paper(history[0][1][0])
    same = _turn(cantley, "What other papers came out the same year?", history)
    assert same.tool == "list_papers" and same.filter.paper_ids is None
    assert (same.filter.year_from, same.filter.year_to) == (top.year, top.year)
    journal: list[tuple[Route, list[str]]] = []
    _turn(cantley, "Which papers did he publish in Nature?", journal)
    _turn(cantley, "Who co-wrote them?", journal)
    there = _turn(cantley, "What else has he published there?", journal)
    assert there.tool == "list_papers" and there.filter.venue == "Nature"
