"""Phrasings written after the suites, on four real profiles (the sample page, Chiquet's .bib,
Cantley's and Turing's S2 records): each was refused, searched or sent to the wrong tool."""

from __future__ import annotations

from datetime import date

import pytest
from data_paths import SAMPLE_PROFILE, SAMPLES

from agent.models import Paper, Profile
from agent.qa.answer import answer_question
from agent.qa.coauthor_tools import coauthors
from agent.qa.evidence import _coverage
from agent.qa.metadata_tools import citation_summary, most_authors, venues
from agent.qa.out_of_scope import unrecorded_activity
from agent.qa.route import Route, route_question
from agent.qa.tools import (
    PaperFilter,
    count_papers,
    latest_paper,
    metrics,
    papers_with_code,
    run_tool,
)
from agent.settings import Settings
from agent.sources import load_profile
from agent.text import normalise
from agent.venues import venue_key

TODAY = date(2026, 11, 28)
SOURCES = {
    "wang": SAMPLE_PROFILE,
    "chiquet": SAMPLES / "bibtex_chiquet_journal.bib",
    "cantley": SAMPLES / "s2_author_1723755_papers_offset800.json",
    "turing": SAMPLES / "s2_author_2262347.json",
}


def routed(profile: Profile, question: str, embedder) -> Route:  # noqa: ANN001
    """The route of ``question`` on ``profile``, meaning-matched, dated as the suites are."""
    return route_question(question, profile, embedder=embedder, today=TODAY)


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    settings = Settings(as_of=TODAY, no_llm=True)
    return {name: load_profile(path, settings) for name, path in SOURCES.items()}


@pytest.mark.parametrize(
    ("who", "question", "tool", "filters", "options"),
    [
        ("wang", "Describe her research in a few sentences.", "research_areas", {}, {}),
        (
            "chiquet",
            "What kind of statistics does Julien Chiquet work on?",
            "research_areas",
            {},
            {},
        ),
        (  # was the paper count per year ("over the years")
            "wang",
            "How has her research changed over the years?",
            "research_areas",
            {},
            {"over_time": True},
        ),
        ("wang", "What were her first three papers?", "earliest_paper", {}, {"top": 3}),
        (  # was papers per year, near "Papers per year, please."
            "wang",
            "Papers between 2019 and 2021, please.",
            "list_papers",
            {"year_from": 2019, "year_to": 2021},
            {},
        ),
        ("wang", "Who is Xitong Zhang to her?", "list_papers", {"author": "Xitong Zhang"}, {}),
        (
            "cantley",
            "How many papers does he have from 2010 onwards?",
            "count_papers",
            {"year_from": 2010},
            {},
        ),
        ("cantley", "What's the first thing he published?", "earliest_paper", {}, {}),  # a tie
        ("turing", "What's the newest entry?", "latest_paper", {}, {}),  # "entry" was a topic
        ("turing", "Which subject areas?", "papers_per_category", {}, {}),
        ("turing", "What was Turing interested in?", "research_areas", {}, {}),
        ("turing", "Top 5 most cited?", "most_cited", {}, {"top": 5}),  # was 3
        ("cantley", "What are his ten most cited papers?", "most_cited", {}, {"top": 10}),
        (  # "computer science" was searched as a topic beside the category
            "turing",
            "What proportion of his papers are in computer science?",
            "count_papers",
            {"categories": ["Computer Science"]},
            {"share": True},
        ),
        (  # two co-authors are called Newman: the one on more papers
            "turing",
            "What did Turing publish with Newman?",
            "list_papers",
            {"author": "M. Newman"},
            {},
        ),
        ("cantley", "Since when has Cantley been publishing?", "earliest_paper", {}, {}),  # latest
        ("cantley", "With whom has Cantley published most?", "coauthors", {}, {}),  # refused
        ("turing", "Which of his works are cited least?", "least_cited", {}, {}),  # header metrics
        (  # was the header's total citations
            "turing",
            "How many citations do his papers have on average?",
            "citation_summary",
            {},
            {},
        ),
        (
            "cantley",
            "Is any of Cantley's work accompanied by software?",
            "papers_with_code",
            {},
            {},
        ),
        # names typed in lower case, and "pls"
        ("chiquet", "how many articles has chiquet published", "count_papers", {}, {}),  # refused
        (
            "turing",
            "what are turing's philosophy papers",
            "list_papers",
            {"categories": ["Philosophy"]},
            {},
        ),
        (  # the surnames in lower case were no co-authors: all 48 papers
            "chiquet",
            "papers with robin and mariadassou",
            "list_papers",
            {"author": "Stéphane Robin", "also_with": ["Mahendra Mariadassou"]},
            {},
        ),
        ("wang", "most recent paper pls", "latest_paper", {}, {}),  # "pls" was a topic
        (  # the list of venues, not their number
            "chiquet",
            "How many different journals has he published in?",
            "venues",
            {},
            {"journals": True, "count": True},
        ),
    ],
)
def test_phrasings_route_to_their_tool(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
    who: str,
    question: str,
    tool: str,
    filters: dict,
    options: dict,
) -> None:
    route = routed(profiles[who], question, embedder)
    assert (route.kind, route.tool) == ("tool", tool), route.reason
    assert route.filter.model_dump(exclude_defaults=True) == filters
    assert route.options == options


@pytest.mark.parametrize(
    ("who", "question", "topic"),
    [
        ("wang", "Which papers talk about generalization?", ["generalization"]),
        ("wang", "Is any of her research related to optimization?", ["optimization"]),
        ("turing", "What are his papers on logic?", ["logic"]),  # was papers per category
        (
            "chiquet",
            "What has he written on code sharing?",
            ["code", "sharing"],
        ),  # papers with code
        ("turing", "Did Turing publish on quantum computing?", ["quantum", "computing"]),
    ],
)
def test_topical_phrasings_search_their_key_terms_alone(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
    who: str,
    question: str,
    topic: list[str],
) -> None:
    """ "talk about" and "related to" were searched as topics and refused; "did Turing publish
    on X?" gave his latest paper."""
    route = routed(profiles[who], question, embedder)
    assert route.kind == "search" and route.topic == topic


@pytest.mark.parametrize(
    "question",
    [
        "How old is she?",  # was her earliest paper
        "When did Turing die?",  # was his latest paper
        "Where was Turing born?",  # was a sentence of a paper about him
        "What is her salary?",
    ],
)
def test_personal_details_are_refused_with_the_reason(question: str) -> None:
    reason = unrecorded_activity(normalise(question))
    assert reason is not None and "personal details" in reason


def test_a_first_author_count_is_not_a_ranking_of_first_papers(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
) -> None:
    question = "How many first-author papers does she have?"
    route = routed(profiles["wang"], question, embedder)
    assert route.tool == "count_papers" and route.filter.first_author


def test_one_paper_without_code_is_named(profiles: dict[str, Profile]) -> None:
    """'Does it have code?' after her latest paper said '0 papers come with code'."""
    profile = profiles["wang"]
    paper = next(p for p in profile.papers if not p.has_code)
    found = papers_with_code(profile, PaperFilter(paper_ids=[paper.id]))
    assert found.paper_ids == [paper.id] and found.value == []
    (fact,) = found.facts
    assert fact.text.endswith("has no code in the profile.") and fact.citations == [paper.id]
    assert paper.title[:30] in fact.text


def test_the_number_of_distinct_venues_is_the_value(profiles: dict[str, Profile]) -> None:
    profile = profiles["chiquet"]
    found = venues(profile, count=True)
    listed = venues(profile)
    assert found.value == len(listed.value)
    assert found.facts[0].text == f"The papers appeared in {found.value} different venues."
    assert found.value <= len({venue_key(p.venue) for p in profile.papers if p.venue})


def converse(profile: Profile, turns: list[str], embedder) -> Route:  # noqa: ANN001
    """The last turn's route, each earlier turn answered by its tool (as ``chat`` keeps them)."""
    previous: list[tuple[Route, list[str]]] = []
    for question in turns:
        route = route_question(question, profile, previous, embedder=embedder, today=TODAY)
        ran = run_tool(profile, route.tool, route.filter, **route.options) if route.tool else None
        previous.append((route, ran.paper_ids if ran else []))
    return route


def test_the_next_one_extends_the_last_ranking(profiles: dict[str, Profile], embedder) -> None:  # noqa: ANN001
    """'And the next one?' after her earliest paper was refused."""
    route = converse(
        profiles["wang"], ["What is her earliest paper?", "And the next one?"], embedder
    )
    assert (route.tool, route.options) == ("earliest_paper", {"top": 2})


@pytest.mark.parametrize(
    ("follow_up", "person"),
    [
        ("What did she write with the second one?", "Xitong Zhang"),  # was the ranking again
        ("How many papers with the third one?", "Avrajit Ghosh"),  # was refused
    ],
)
def test_an_ordinal_after_a_coauthor_ranking_is_that_coauthor(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
    follow_up: str,
    person: str,
) -> None:
    profile = profiles["wang"]
    ranked = coauthors(profile).value
    assert [r["name"] for r in ranked[1:3]] == ["Xitong Zhang", "Avrajit Ghosh"]  # the ties by name
    route = converse(profile, ["Who are her main collaborators?", follow_up], embedder)
    assert route.kind == "tool" and route.filter.author == person and not route.topic


def test_their_joint_papers_are_the_papers_with_the_leading_coauthor(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
) -> None:
    turns = ["Who co-authored with him most?", "What are their joint papers about?"]
    route = converse(profiles["cantley"], turns, embedder)
    assert route.kind == "tool" and route.filter.author == "M. Whitman" and route.summarise


@pytest.mark.parametrize(
    ("who", "first", "years"),
    [
        ("wang", "What did she publish in 2022?", (None, 2021)),  # was 2022 again
        ("chiquet", "What is his latest paper?", (None, 2025)),  # was that paper
    ],
)
def test_before_that_is_the_years_before_the_last_answer(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
    who: str,
    first: str,
    years: tuple,
) -> None:
    follow_up = "And before that?" if who == "wang" else "What did he publish before that?"
    route = converse(profiles[who], [first, follow_up], embedder)
    assert route.tool == "list_papers"
    assert (route.filter.year_from, route.filter.year_to) == years


def test_tell_me_more_after_one_paper_is_about_that_paper(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
) -> None:
    """'Tell me more' after her most recent paper gave the ranking again."""
    profile = profiles["wang"]
    route = converse(profile, ["What's her most recent paper?", "Tell me more"], embedder)
    assert route.named == [latest_paper(profile).paper_ids[0]]


def test_a_citation_summary_gives_the_median_beside_the_mean(profiles: dict[str, Profile]) -> None:
    """'What's the median citation count?' got the mean alone."""
    found = citation_summary(profiles["cantley"])
    counts = sorted(p.citation_count for p in profiles["cantley"].papers)
    middle = (counts[len(counts) // 2] + counts[(len(counts) - 1) // 2]) / 2
    assert found.value["median"] == middle
    assert f"(the median is {middle:g})" in found.facts[0].text


def test_a_record_that_marks_no_code_says_so(profiles: dict[str, Profile]) -> None:
    found = papers_with_code(profiles["turing"])
    assert found.value == [] and found.facts[0].text == "0 papers come with code."
    assert found.facts[1].text == "The profile marks code on none of its papers."
    assert len(papers_with_code(profiles["wang"]).facts) == 4  # the count and its 3 papers


def test_when_he_started_working_on_a_topic_is_his_first_paper_on_it(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
) -> None:
    """Was a search of sentences (refused)."""
    question = "When did he start working on networks?"
    route = routed(profiles["chiquet"], question, embedder)
    assert (route.tool, route.scope) == ("earliest_paper", ["networks"])


def test_a_hyphenated_compound_meets_its_closed_form() -> None:
    """'Poisson log-normal model' names 'Poisson lognormal model' (was 2 of its 3 terms)."""
    title = "Gradient method for dimension reduction in Poisson log-normal model"
    assert _coverage({"poisson", "lognormal", "model"}, title, None) == 1.0
    assert _coverage({"poisson", "lognormal", "model"}, "Poisson normal model", None) < 1.0


@pytest.mark.parametrize(
    ("who", "question", "tool", "outside", "excluding"),
    [
        (
            "wang",
            "Papers not in computer vision?",
            "list_papers",
            {"categories": ["CV"]},
            "in computer vision (CV)",
        ),
        (
            "wang",
            "Which of her papers were written without Xitong Zhang?",
            "list_papers",
            {"author": "Xitong Zhang"},
            "co-authored with Xitong Zhang",
        ),
        (
            "cantley",
            "How many papers are not in Nature?",
            "count_papers",
            {"venue": "Nature"},
            "in Nature",
        ),
        (
            "cantley",
            "How many papers are not in Nature or Science?",  # was "not in Nature" alone
            "count_papers",
            {"venue": "Nature", "other_venues": ["Science"]},
            "in Nature or Science",
        ),
        (
            "cantley",
            "Which of his papers are not in Biology?",  # was papers per category
            "list_papers",
            {"categories": ["Biology"]},
            "in Biology",
        ),
        (
            "chiquet",
            "Which papers are not in journals?",  # was the journal articles
            "list_papers",
            {"kind": "journal article"},
            "filed as journal articles",
        ),
    ],
)
def test_a_negated_filter_selects_the_other_papers(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
    who: str,
    question: str,
    tool: str,
    outside: dict,
    excluding: str,
) -> None:
    profile = profiles[who]
    route = routed(profile, question, embedder)
    assert (route.kind, route.tool) == ("tool", tool), route.reason
    inside = {p.id for p in profile.papers if PaperFilter(**outside).matches(p)}
    assert set(route.filter.paper_ids) == {p.id for p in profile.papers} - inside
    assert route.filter.excluding == excluding and not route.topic
    assert route.filter.describe().endswith(f" not {excluding}")


def test_a_negation_of_code_is_not_a_negated_field(profiles: dict[str, Profile], embedder) -> None:  # noqa: ANN001
    route = routed(profiles["wang"], "Which CV papers have no code?", embedder)
    assert route.filter.categories == ["CV"] and route.filter.excluding is None


def test_the_fewest_authors_ranks_the_whole_lists_shortest_first(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
) -> None:
    """'Which paper has the fewest authors?' gave the longest author lists."""
    profile = profiles["wang"]
    route = routed(profile, "Which paper has the fewest authors?", embedder)
    assert (route.tool, route.options) == ("most_authors", {"fewest": True})
    found = most_authors(profile, fewest=True)
    whole = [p for p in profile.papers if p.authors and not p.authors_truncated]
    assert found.value[0]["authors"] == min(len(set(p.authors)) for p in whole)
    assert [v["authors"] for v in found.value] == sorted(v["authors"] for v in found.value)
    assert found.facts[0].text.startswith("The paper with the shortest author list is")


@pytest.mark.parametrize(
    ("who", "question", "tool", "scope"),
    [
        (
            "chiquet",
            "Which of his papers are about something other than networks?",
            "list_papers",
            ["networks"],
        ),
        (
            "wang",
            "How many of her papers are not about language models?",
            "count_papers",
            ["language", "models"],
        ),
    ],
)
def test_a_negated_topic_asks_for_the_papers_off_it(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
    who: str,
    question: str,
    tool: str,
    scope: list[str],
) -> None:
    route = routed(profiles[who], question, embedder)
    assert (route.kind, route.tool, route.scope, route.outside) == ("tool", tool, scope, True)
    plain = routed(profiles["wang"], "Which papers are about neural networks?", embedder)
    assert plain.kind == "search" and not plain.outside


def test_a_word_ending_in_nt_negates_nothing(profiles: dict[str, Profile], embedder) -> None:  # noqa: ANN001
    """'reinforcement learning' read as 'not learning' listed every paper off 'learning'."""
    profile = profiles["wang"]
    route = routed(profile, "Does she do reinforcement learning?", embedder)
    assert route.kind == "search" and not route.outside
    recent = routed(profile, "Recent papers in computer vision?", embedder)
    assert recent.filter.categories == ["CV"] and recent.filter.excluding is None


@pytest.mark.parametrize(
    ("who", "turns", "tool", "person"),
    [
        (  # was the papers of all co-authors, "50% of the 48 papers"
            "chiquet",
            ["Who is his top co-author?", "How many papers do they share?"],
            "count_papers",
            "Stéphane Robin",
        ),
        (  # was refused ("common" searched as a topic)
            "cantley",
            ["Who does he work with most?", "What papers do they have in common?"],
            "list_papers",
            "M. Whitman",
        ),
    ],
)
def test_what_the_leading_coauthor_shares_with_her_is_their_papers(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
    who: str,
    turns: list[str],
    tool: str,
    person: str,
) -> None:
    route = converse(profiles[who], turns, embedder)
    assert (route.tool, route.filter.author, route.options) == (tool, person, {})


@pytest.mark.parametrize(
    ("who", "question", "tool", "title"),
    [
        (
            "chiquet",
            "When did the aricode paper come out?",
            "list_papers",
            "Adjusting the adjusted Rand",
        ),
        ("chiquet", "Who wrote quadrupen?", "coauthors", "Sparsity by Worst-Case Penalties"),
        (
            "cantley",
            "Who wrote the delta endotoxin paper?",
            "coauthors",
            "Delta endotoxin is a potent",
        ),
        (
            "wang",
            "What category is the LoRITa paper in?",
            "list_papers",
            "Structure-Preserving Network",
        ),
    ],
)
def test_a_paper_named_by_its_software_or_its_title_words_is_that_paper(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
    who: str,
    question: str,
    tool: str,
    title: str,
) -> None:
    """Refused or answered for every paper; the repository name is the paper's code URL's."""
    profile = profiles[who]
    route = routed(profile, question, embedder)
    (named,) = [p for p in profile.papers if p.id in route.mentioned]
    assert route.tool == tool and named.title.startswith(title)


def test_words_several_titles_share_name_no_paper(profiles: dict[str, Profile], embedder) -> None:  # noqa: ANN001
    """Two titles have 'ouabain resistance gene': neither is 'the' paper."""
    question = "When was the ouabain resistance gene paper published?"
    route = routed(profiles["cantley"], question, embedder)
    assert route.mentioned == []


def test_a_record_of_one_work_answers_for_it(embedder) -> None:  # noqa: ANN001
    """Priem's OpenAlex work: 'what is it about?' was refused, its citations read '1 papers'."""
    settings = Settings(as_of=TODAY, no_llm=True)
    work = load_profile(SAMPLES / "openalex_work_W2741809807.json", settings, author="Jason Priem")
    route = routed(work, "What is it about?", embedder)
    assert route.mentioned == [work.papers[0].id]
    found = citation_summary(work)
    assert found.facts[0].text.endswith(
        f"has {work.papers[0].citation_count} citations in the profile."
    )


def test_an_author_record_without_works_gives_its_header_count() -> None:
    """OpenAlex's author object: 'how many works?' said 'The profile lists 0 papers'."""
    author = load_profile(SAMPLES / "openalex_author_A5023888391.json", Settings(as_of=TODAY))
    found = count_papers(author)
    assert found.value == author.metrics.paper_count == 62
    assert (
        found.facts[0].text == "The profile header gives 62 papers; the profile lists none of them."
    )


def test_metrics_asked_of_a_record_without_any_say_so(profiles: dict[str, Profile]) -> None:
    """'Does the profile give any metrics?' on a .bib answered with a warning about abstracts."""
    found = metrics(profiles["chiquet"])
    assert found.unknown
    assert (
        found.facts[0].text
        == "The profile states no metrics for Julien Chiquet; it lists 48 papers."
    )


def _ranked_truth(profile: Profile, rank: str) -> Paper:
    """The paper a ranking picks, by a plain filter over the parsed fields."""
    if rank == "most_cited":
        return max(
            (p for p in profile.papers if p.citation_count is not None),
            key=lambda p: p.citation_count or 0,
        )
    dated = [p for p in profile.papers if p.year is not None]
    pick = max if rank == "latest" else min
    return pick(dated, key=lambda p: p.chronological_key())


@pytest.mark.parametrize(
    ("who", "question", "rank", "said"),
    [
        ("cantley", "What's the DOI of Cantley's most cited paper?", "most_cited", "doi"),
        ("chiquet", "Which journal published his oldest paper?", "earliest", "venue"),
        ("chiquet", "Who were the co-authors on his first paper?", "earliest", "authors"),
        ("turing", "Where was Turing's most cited work published?", "most_cited", "venue"),
        ("wang", "What venue was her latest paper in?", "latest", "no venue"),
        ("cantley", "When did his most cited paper come out?", "most_cited", "date"),
    ],
)
def test_an_aspect_of_a_ranked_paper_is_that_papers_own(
    profiles: dict[str, Profile], who: str, question: str, rank: str, said: str
) -> None:
    """Each gave the ranking (or every venue, every co-author) without what was asked."""
    profile = profiles[who]
    paper = _ranked_truth(profile, rank)
    settings = Settings(as_of=TODAY, no_llm=True)
    answer = answer_question(question, profile, None, settings)  # type: ignore[arg-type]
    if said == "no venue":  # the sample page names no venue: refused, saying so
        assert answer.refused and "names no venue" in answer.answer
        return
    assert not answer.refused and answer.paper_ids == [paper.id]
    if said == "date":  # the ranking's own sentence dates it; no runners-up
        assert len(answer.sentences) == 1 and f"({paper.year})" in answer.sentences[0].text
        return
    first, second = answer.sentences[0].text, answer.sentences[1].text
    assert paper.title in first and second.startswith("It ")
    expected = {"doi": [paper.doi], "venue": [paper.venue], "authors": paper.authors}[said]
    assert expected and all(value and value in second for value in expected)


@pytest.mark.parametrize(
    ("who", "question", "venues", "said"),
    [
        (
            "chiquet",
            "What did he publish in Biometrics or Bioinformatics?",
            ["Bioinformatics"],
            "in Biometrics or Bioinformatics",
        ),
        (
            "chiquet",
            "papers in Biometrics, Bioinformatics or Statistics and Computing",
            ["Bioinformatics", "Statistics and Computing"],
            "in Biometrics, Bioinformatics or Statistics and Computing",
        ),
        (
            "cantley",
            "Which papers are in Nature or Science?",
            ["Nature", "Science"],
            "in Nature or Science",
        ),
    ],
)
def test_venues_joined_by_or_are_a_paper_in_any_of_them(
    profiles: dict[str, Profile],
    embedder,
    who: str,
    question: str,
    venues: list[str],
    said: str,  # noqa: ANN001
) -> None:
    """Each was refused, or listed the papers of one of the venues; a joined name no paper is
    in (Chiquet has nothing in Biometrics) is said and selects none."""
    profile = profiles[who]
    route = routed(profile, question, embedder)
    assert route.kind == "tool" and route.tool == "list_papers"
    expected = {p.id for p in profile.papers if p.venue in venues}
    result = run_tool(profile, "list_papers", route.filter)
    assert set(result.paper_ids) == expected and len(expected) >= 2
    assert said in result.facts[0].text


def test_a_venue_beside_a_topic_joined_by_and_is_not_a_second_venue(
    profiles: dict[str, Profile],
    embedder,  # noqa: ANN001
) -> None:
    """'Gaussian Graphical Models' is a phrase of his own titles: a topic, not a venue."""
    question = "papers in Bioinformatics and Gaussian Graphical Models"
    route = routed(profiles["chiquet"], question, embedder)
    assert route.filter.venue == "Bioinformatics" and route.filter.other_venues == []


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("Who wrote his paper on the supersolid phase?", "coauthors"),  # was his co-authors
        ("What's the link to his paper on the supersolid phase?", "identifiers"),  # searched
    ],
)
def test_his_paper_on_words_one_title_has_is_that_paper(embedder, question: str, tool: str) -> None:  # noqa: ANN001
    feed = load_profile(SAMPLES / "arxiv_atom_au_del_maestro.xml", Settings(as_of=TODAY))
    (paper,) = [p for p in feed.papers if "supersolid phase" in p.title]
    route = routed(feed, question, embedder)
    assert (route.kind, route.tool, route.filter.paper_ids) == ("tool", tool, [paper.id])
    assert run_tool(feed, tool, route.filter).paper_ids == [paper.id]


@pytest.mark.parametrize(
    ("turns", "tool", "aspect"),
    [
        (
            ["Which journal published his oldest paper?", "And his newest?"],
            "latest_paper",
            "venues",
        ),
        (["Who wrote his first paper?", "And his latest one?"], "latest_paper", "coauthors"),
        (
            ["What's the DOI of his latest paper?", "And of his first?"],
            "earliest_paper",
            "identifiers",
        ),
    ],
)
def test_a_ranked_papers_aspect_carries_to_the_next_rank(
    profiles: dict[str, Profile],
    embedder,
    turns: list[str],
    tool: str,
    aspect: str,  # noqa: ANN001
) -> None:
    """'And his newest?' after 'which journal published his oldest paper?' gave the newest
    paper without its journal; 'and of his first?' gave the latest paper again."""
    route = converse(profiles["chiquet"], turns, embedder)
    assert (route.tool, route.aspect, route.options) == (tool, aspect, {"top": 1})


def test_its_doi_after_a_ranking_is_the_lead_papers(profiles: dict[str, Profile], embedder) -> None:  # noqa: ANN001
    """'What's its DOI?' after his most cited paper gave the DOIs of all three ranked."""
    cantley = profiles["cantley"]
    route = converse(cantley, ["What's his most cited paper?", "What's its DOI?"], embedder)
    lead = max((p for p in cantley.papers if p.citation_count), key=lambda p: p.citation_count)
    assert (route.tool, route.filter.paper_ids) == ("identifiers", [lead.id])
