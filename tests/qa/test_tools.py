"""Exact aggregates over the parsed sample profile, and the deterministic router."""

from __future__ import annotations

import re
from datetime import date

import pytest
from qa_cases import LORITA, MIS, OES, SINGULAR, paper_ids

from agent.facts import paper_label
from agent.qa.route import mentioned_papers, route_question
from agent.qa.tools import (
    PROFILE_SOURCE,
    PaperFilter,
    coauthors,
    count_papers,
    earliest_paper,
    latest_paper,
    list_papers,
    metrics,
    paper_record,
    papers_per_category,
    papers_per_year,
    papers_with_code,
    run_tool,
    tool_schemas,
)
from agent.qa.years import parse_years
from agent.settings import Settings
from agent.sources import load_profile
from agent.venues import venue_key


@pytest.fixture(scope="module")
def profile(request: pytest.FixtureRequest):  # noqa: ANN201
    from data_paths import SAMPLE_PROFILE

    return load_profile(SAMPLE_PROFILE, Settings(as_of=date(2026, 11, 28), no_llm=True))


def test_count_all_papers_cites_every_paper(profile) -> None:  # noqa: ANN001
    result = count_papers(profile)
    assert result.value == 30
    assert result.facts[0].text == "The profile lists 30 papers."
    assert set(result.facts[0].citations) == {p.id for p in profile.papers}
    assert result.facts[1].text.startswith("4 of these papers have no year in the profile")


def test_count_by_year_range_and_category(profile) -> None:  # noqa: ANN001
    assert count_papers(profile, PaperFilter(year_from=2024, year_to=2024)).value == 9
    assert count_papers(profile, PaperFilter(year_from=2019, year_to=2021)).value == 6
    cv = count_papers(profile, PaperFilter(categories=["CV"]))
    assert cv.value == 6
    assert cv.facts[0].text == "The profile lists 6 papers in computer vision (CV)."


def test_papers_per_year_and_category(profile) -> None:  # noqa: ANN001
    assert papers_per_year(profile).value == {
        "2026": 4,
        "2025": 5,
        "2024": 9,
        "2023": 3,
        "2022": 2,
        "2021": 2,
        "2020": 2,
        "2019": 2,
        "2014": 1,
    }
    assert papers_per_year(profile).facts[0].text == "2024 has the most papers, 9."
    assert papers_per_category(profile).value == {
        "LG": 10,
        "CV": 6,
        "CL": 6,
        "ML": 4,
        "DM": 2,
        "NA": 1,
        "AI": 1,
    }


def test_papers_with_code_gives_the_three_urls(profile) -> None:  # noqa: ANN001
    result = papers_with_code(profile)
    assert set(result.paper_ids) == paper_ids(profile, MIS, OES, LORITA)
    assert {v["code_url"] for v in result.value} == {
        "https://github.com/ledenmat/pCQO-mis-benchmark/tree/refactor",
        "https://github.com/Avra98/Optimal-Eye-Surgeon.git",
        "https://github.com/XitongSystem/LoRITa/tree/main",
    }
    assert result.facts[0].text == "3 papers come with code."


def test_coauthors_counts_are_lower_bounds(profile) -> None:  # noqa: ANN001
    result = coauthors(profile)
    assert result.value[:3] == [
        {"name": "Guangliang Liu", "papers": 7},
        {"name": "Xitong Zhang", "papers": 7},
        {"name": "Avrajit Ghosh", "papers": 5},
    ]
    assert {"name": "Ismail R. Alkhouri", "papers": 4} in result.value  # 'Ismail Alkhouri' too
    assert all(v["name"] != "Rongrong Wang" for v in result.value)
    texts = [f.text for f in result.facts]
    assert texts[0] == (
        "Guangliang Liu and Xitong Zhang co-author most often, on 7 listed papers each."
    )
    assert texts[-1] == (
        'The author lists of 24 of the 30 papers end in "et al.", so these counts are lower bounds.'
    )
    assert len(result.facts[0].citations) == 10  # papers with either of the two


def test_h_index_never_without_its_warning(profile) -> None:  # noqa: ANN001
    result = metrics(profile, names=["h-index"])
    assert result.value == {
        "h-index": 30,
        "warnings": ["h-index 30 needs at least 900 citations; profile says 259"],
    }
    assert [f.text for f in result.facts] == [
        "The profile header gives an h-index of 30.",
        "Warning: h-index 30 needs at least 900 citations; profile says 259.",
    ]
    assert all(f.citations == [PROFILE_SOURCE] for f in result.facts)
    assert metrics(profile, names=["Novelty"]).value == {"Novelty": "53%", "warnings": []}


def test_earliest_and_latest_papers(profile) -> None:  # noqa: ANN001
    earliest = earliest_paper(profile)
    assert {earliest.value} == paper_ids(profile, SINGULAR)
    assert earliest.facts[0].text.endswith("dated Dec 10, 2014.")
    latest = latest_paper(profile)
    assert latest.facts[0].text.endswith("dated May 24, 2026 (year inferred).")


def test_list_papers_by_author(profile) -> None:  # noqa: ANN001
    result = list_papers(profile, PaperFilter(author="Avrajit Ghosh"))
    assert len(result.value) == 5
    assert result.facts[0].text == "The profile lists 5 papers co-authored with Avrajit Ghosh."


def test_paper_record_is_the_papers_own_fields(profile) -> None:  # noqa: ANN001
    oes = profile.paper(next(iter(paper_ids(profile, OES))))
    assert paper_record(oes) == (
        "CV · Jun 7, 2024 · Code — Optimal Eye Surgeon: Finding Image Priors through Sparse "
        "Generators at Initialization — Avrajit Ghosh, Xitong Zhang, Kenneth K. Sun et al. — "
        "code: https://github.com/Avra98/Optimal-Eye-Surgeon.git"
    )


def test_tool_schemas_share_one_filter_schema() -> None:
    schemas = tool_schemas()
    names = [s["function"]["name"] for s in schemas]
    assert "count_papers" in names and "metrics" in names and "coauthors" in names
    props = schemas[0]["function"]["parameters"]["properties"]
    assert set(props) == {
        "year_from",
        "year_to",
        "categories",
        "has_code",
        "author",
        "also_with",
        "venue",
        "other_venues",
        "kind",
        "solo",
        "dated",
        "min_citations",
        "max_citations",
    }


def test_run_tool_rejects_unknown_names(profile) -> None:  # noqa: ANN001
    with pytest.raises(KeyError):
        run_tool(profile, "salary")


@pytest.mark.parametrize(
    ("question", "tool", "filters"),
    [
        ("How many papers?", "count_papers", {}),
        ("How many papers in 2024?", "count_papers", {"year_from": 2024, "year_to": 2024}),
        ("How many papers are in computer vision?", "count_papers", {"categories": ["CV"]}),
        ("Which papers come with code?", "papers_with_code", {"has_code": True}),
        ("Who co-authors most often?", "coauthors", {}),
        ("What is the h-index?", "metrics", {}),
        ("What is her earliest paper?", "earliest_paper", {}),
        ("What is the most recent paper?", "latest_paper", {}),
        ("List her papers from 2019 to 2021.", "list_papers", {"year_from": 2019, "year_to": 2021}),
        ("How many papers per year?", "papers_per_year", {}),
        (
            "Which papers did she write with Avrajit Ghosh?",
            "list_papers",
            {"author": "Avrajit Ghosh"},
        ),
        ("What does she work on?", "research_areas", {}),
        ("What are her main research topics?", "research_areas", {}),
        ("What software has she developed?", "papers_with_code", {}),  # was searched
        ("Summarize her publication record.", "research_areas", {}),  # was searched, refused
        ("What is her publication record like?", "research_areas", {}),  # was her first paper
        ("What's she best known for?", "research_areas", {}),  # no counts: not a ranking
        ("How many different people has she published with?", "coauthors", {}),  # was refused
        ("Which field does she publish in most?", "papers_per_category", {}),  # was refused
        ("How many years has she been active?", "earliest_paper", {}),  # was the paper count
        ("Which of her papers has no date?", "list_papers", {"dated": False}),
    ],
)
def test_aggregate_questions_route_to_tools(
    profile,
    question: str,
    tool: str,  # noqa: ANN001
    filters: dict,
) -> None:
    route = route_question(question, profile)
    assert (route.kind, route.tool) == ("tool", tool)
    assert route.filter.model_dump(exclude_defaults=True) == filters


@pytest.mark.parametrize(
    "question",
    [
        "What is the Optimal Eye Surgeon method?",
        "Which papers are about moral self-correction in LLMs?",
        "What is her salary?",
        "Does she work on quantum computing?",
        "Which papers about diffusion have code?",
        "Which papers are about low-rank structure?",  # was near "rank the papers" by meaning
    ],
)
def test_topical_questions_route_to_search(profile, question: str) -> None:  # noqa: ANN001
    assert route_question(question, profile).kind == "search"


def test_a_verb_of_study_is_no_topic(profile, embedder) -> None:  # noqa: ANN001
    """ "Has she looked at denoising?" was refused: "looked" was a key term no sentence holds."""
    route = route_question("Has she looked at denoising?", profile, embedder=embedder)
    assert route.kind == "search" and route.topic == ["denoising"]
    route = route_question("Which papers are about low-rank structure?", profile, embedder=embedder)
    assert route.kind == "search", route.reason


def test_followup_restricts_to_the_previous_papers(profile) -> None:  # noqa: ANN001
    first = route_question("Which papers study deep image prior?", profile)
    previous = [(first, ["pa", "pb"])]
    route = route_question("And which of those have code?", profile, previous)
    assert (route.tool, route.followup, route.filter.paper_ids) == (
        "papers_with_code",
        True,
        ["pa", "pb"],
    )
    assert route_question("How many papers?", profile, previous).filter.paper_ids is None


def test_year_phrases() -> None:
    assert parse_years("since 2023") == (2023, None)
    assert parse_years("after 2021") == (2022, None)
    assert parse_years("before 2020") == (None, 2019)
    assert parse_years("between 2021 and 2019") == (2019, 2021)
    assert parse_years("in 2024") == (2024, 2024)
    assert parse_years("papers from 2014") == (2014, 2014)
    assert parse_years("from 2021 onwards") == (2021, None)
    assert parse_years("works that predate 2005") == (None, 2004)
    assert parse_years("prior to 2005") == parse_years("pre-2005") == (None, 2004)
    assert parse_years("post-2020") == parse_years("later than 2020") == (2021, None)


def test_affiliation_is_the_headers_or_nothing(profile) -> None:  # noqa: ANN001
    """DBLP's person note gives one; the sample page gives none, so no fact (a refusal)."""
    from data_paths import SAMPLES

    dblp = load_profile(SAMPLES / "dblp_person_95-7448-1.xml", Settings(no_llm=True))
    result = run_tool(dblp, "affiliation")
    assert result.facts[0].citations == [PROFILE_SOURCE]
    assert "University of British Columbia" in result.facts[0].text
    assert run_tool(profile, "affiliation").facts == []
    route = route_question("Where does he work?", dblp)
    assert (route.kind, route.tool) == ("tool", "affiliation")


@pytest.mark.parametrize(
    "question",
    ["Did she write about GitHub?", "Has she published papers about open-source software?"],
)
def test_code_as_what_a_paper_is_about_is_searched(profile, question: str) -> None:  # noqa: ANN001
    route = route_question(question, profile)
    assert route.kind == "search" and route.topic


def test_papers_named_by_title_head(profile) -> None:  # noqa: ANN001
    assert set(mentioned_papers("Summarize AGENTiGraph please", profile)) == paper_ids(
        profile, "AGENTiGraph"
    )
    assert set(mentioned_papers("What is the Optimal Eye Surgeon method?", profile)) == paper_ids(
        profile, OES
    )
    assert mentioned_papers("Which papers are about moral self-correction in LLMs?", profile) == []


def test_a_one_word_venue_is_named_only_as_the_question_capitalises_it() -> None:
    """'sharing code in neuroscience' is a field; 'papers in Neuroscience' the journal."""
    from agent.models import Paper, Profile
    from agent.qa.slots import parse_filter

    profile = Profile(
        name="Stephen Eglen",
        papers=[
            Paper(title="GABAergic control of dendritic development", venue="Neuroscience"),
            Paper(
                title="Toward standard practices for sharing computer code", venue="Nat Neurosci"
            ),
            Paper(title="Bursts in spike trains", venue="J Neurophysiol"),
        ],
    )
    assert parse_filter("Has he written about sharing code in neuroscience?", profile).venue is None
    assert parse_filter("Which papers are in Neuroscience?", profile).venue == "Neuroscience"
    assert parse_filter("How many papers in j neurophysiol?", profile).venue == "J Neurophysiol"


def test_the_route_carries_what_later_stages_need(profile, monkeypatch) -> None:  # noqa: ANN001
    """The question is normalised once; the route keeps the intent its words show (a searched
    one too, which the LLM router reads) and the papers it names (which evidence reads)."""
    import agent.qa.route as route_module
    from agent.qa.route_llm import wants_llm

    question = "Which papers with code are about pruning networks?"
    seen = []
    real = route_module.normalise
    monkeypatch.setattr(route_module, "normalise", lambda s: seen.append(s) or real(s))
    searched = route_question(question, profile)
    assert seen.count(question) == 1
    assert (searched.kind, searched.intent) == ("search", "papers_with_code")
    assert not wants_llm(searched)  # an aggregate word: the patterns keep it
    named = route_question("What is the Optimal Eye Surgeon method?", profile)
    assert set(named.mentioned) == paper_ids(profile, OES) and wants_llm(named)


def test_coauthors_of_one_paper_is_its_author_list(profile) -> None:  # noqa: ANN001
    (oes,) = paper_ids(profile, OES)
    result = coauthors(profile, PaperFilter(paper_ids=[oes]))
    assert [f.text for f in result.facts] == [
        '"Optimal Eye Surgeon: Finding Image Priors through Sparse Generators at Initialization"'
        " (2024) lists Avrajit Ghosh, Xitong Zhang and Kenneth K. Sun as its authors, a list"
        ' that ends in "et al.".'
    ]
    assert result.facts[0].citations == [oes]


def test_follow_ups_that_point_at_the_last_answer(profile) -> None:  # noqa: ANN001
    """'its code' and 'who are the authors?' after a one-paper answer are about that paper;
    'list them' after a count lists the papers it counted."""
    one = route_question("What is her most recent paper?", profile)
    assert route_question("Where is its code?", profile, [(one, ["pa"])]).filter.paper_ids == ["pa"]
    authors = route_question("Who are the authors?", profile, [(one, ["pa"])])
    assert (authors.tool, authors.filter.paper_ids) == ("coauthors", ["pa"])
    counted = route_question("How many papers in 2023?", profile)
    listing = route_question("List them", profile, [(counted, ["pa", "pb"])])
    assert (listing.tool, listing.filter.paper_ids) == ("list_papers", ["pa", "pb"])


@pytest.mark.parametrize(
    ("question", "author"),
    [
        ("Has she worked with Qing Qu?", "Qing Qu"),
        ("Has she collaborated with Yann LeCun?", "Yann LeCun"),  # on no author list
    ],
)
def test_a_person_after_with_is_a_co_author_slot(profile, question: str, author: str) -> None:  # noqa: ANN001
    route = route_question(question, profile)
    assert (route.tool, route.filter.author) == ("list_papers", author)


def test_with_a_topic_is_not_a_person(profile) -> None:  # noqa: ANN001
    """'Gaussian' is in a title: a method, not someone on an author list."""
    route = route_question("Does she work with Gaussian processes?", profile)
    assert route.kind == "search" and route.filter.author is None


def test_arxiv_category_names_are_topics_where_no_paper_has_a_code() -> None:
    """Turing's S2 record files papers under fields of study: 'artificial intelligence' is what
    the papers are about there, not a count of an arXiv category nobody uses."""
    from data_paths import SAMPLES

    turing = load_profile(SAMPLES / "s2_author_2262347.json", Settings(no_llm=True))
    route = route_question("Papers about artificial intelligence?", turing)
    assert route.kind == "search" and route.filter.categories == []


def test_a_listing_is_not_a_count_without_a_counting_word(profile) -> None:  # noqa: ANN001
    assert route_question("papers from 2019", profile).tool == "list_papers"
    assert route_question("How many papers from 2019?", profile).tool == "count_papers"


def test_a_cue_word_in_a_phrase_the_papers_use_is_searched_for() -> None:
    from data_paths import SAMPLES

    chiquet = load_profile(SAMPLES / "bibtex_chiquet_journal.bib", Settings(no_llm=True))
    route = route_question("Which of his papers deal with count data?", chiquet)
    assert route.kind == "search" and {"count", "data"} <= set(route.topic)


def test_recent_research_is_the_themes_of_the_last_three_years(profile) -> None:  # noqa: ANN001
    """The sample's latest papers are from 2026: 'recently' is 2024 on."""
    route = route_question("What has she been working on recently?", profile)
    assert (route.tool, route.filter.year_from, route.filter.year_to) == (
        "research_areas",
        2024,
        None,
    )


def test_a_profile_s_name_indexes_follow_its_paper_list(profile) -> None:  # noqa: ANN001
    """Built once a profile, rebuilt when the papers are replaced (a filtered copy)."""
    assert set(mentioned_papers("Summarize AGENTiGraph please", profile)) == paper_ids(
        profile, "AGENTiGraph"
    )
    kept = [p for p in profile.papers if not p.title.startswith("AGENTiGraph")]
    fewer = profile.model_copy(update={"papers": kept})
    assert mentioned_papers("Summarize AGENTiGraph please", fewer) == []
    assert mentioned_papers("Summarize AGENTiGraph please", profile) != []


def test_a_work_listed_twice_is_answered_once_from_its_fullest_record() -> None:
    """An ORCID works list holds some works twice: a search answer names the work once, from
    the copy with a venue, and says it has no abstract."""
    from agent.models import Paper, Profile
    from agent.qa.evidence import EvidenceSentence, EvidenceSet
    from agent.qa.extractive import from_evidence

    title = "Ten Simple Rules for Taking Advantage of Git and GitHub"
    bare, full = Paper(title=title + ".", year=2016), Paper(title=title, year=2016, venue="PLoS")
    owner = Profile(name="Stephen Eglen", papers=[bare, full, Paper(title="Retinal waves")])
    found = EvidenceSet(
        sentences=[
            EvidenceSentence(paper_id=p.id, index=0, text=p.title, relevance=0.7)
            for p in owner.papers[:2]
        ]
    )
    draft = from_evidence("Did he write about GitHub?", found, owner)
    assert [s.citations for s in draft.sentences] == [[full.id]]
    assert draft.sentences[0].text.endswith("in PLoS; the profile gives no abstract for it.")


def test_two_co_authors_select_the_papers_with_both() -> None:
    from data_paths import SAMPLES

    chiquet = load_profile(SAMPLES / "bibtex_chiquet_journal.bib", Settings(no_llm=True))
    route = route_question("How many papers did he write with Mariadassou and Robin?", chiquet)
    assert (route.tool, route.filter.author, route.filter.also_with) == (
        "count_papers",
        "Mahendra Mariadassou",
        ["Stéphane Robin"],
    )
    result = run_tool(chiquet, "count_papers", route.filter)
    both = [
        p.id
        for p in chiquet.papers
        if {"Mariadassou", "Robin"} <= {a.split()[-1] for a in p.authors}
    ]
    assert result.value == len(both) > 0 and set(result.paper_ids) == set(both)
    assert "co-authored with Mahendra Mariadassou and Stéphane Robin" in result.facts[0].text


def test_papers_counted_over_a_topic_and_listed_in_a_category() -> None:
    from data_paths import SAMPLES

    chiquet = load_profile(SAMPLES / "bibtex_chiquet_journal.bib", Settings(no_llm=True))
    counted = route_question("How many papers on network inference does he have?", chiquet)
    assert (counted.kind, counted.tool, counted.scope) == (
        "tool",
        "count_papers",
        ["network", "inference"],
    )
    turing = load_profile(SAMPLES / "s2_author_2262347.json", Settings(no_llm=True))
    listed = route_question("Which of his papers are in Mathematics?", turing)
    assert (listed.tool, listed.filter.categories) == ("list_papers", ["Mathematics"])
    spread = route_question("How many papers does he have per category?", turing)
    assert spread.tool == "papers_per_category"


def test_most_authors_ranks_author_lists_and_says_truncated_ones_are_lower_bounds() -> None:
    from data_paths import SAMPLES

    chiquet = load_profile(SAMPLES / "bibtex_chiquet_journal.bib", Settings(no_llm=True))
    route = route_question("Which of his papers has the longest author list?", chiquet)
    assert route.tool == "most_authors"
    result = run_tool(chiquet, "most_authors", route.filter)
    longest = max(chiquet.papers, key=lambda p: len(set(p.authors)))
    assert result.facts[0].citations == [longest.id]
    assert f"with {len(set(longest.authors))} listed authors" in result.facts[0].text


def test_a_truncated_author_list_is_at_least_its_length(profile) -> None:  # noqa: ANN001
    result = run_tool(profile, "most_authors", PaperFilter())
    assert "at least" in result.facts[0].text
    cut = [p.id for p in profile.papers if p.authors_truncated]
    assert (
        result.facts[-1].citations == cut and f"of {len(cut)} papers end" in result.facts[-1].text
    )
    assert route_question("Who are her most frequent co-authors?", profile).tool == "coauthors"


def test_a_question_about_a_named_paper_answers_for_that_paper(profile) -> None:  # noqa: ANN001
    (oes,) = paper_ids(profile, OES)
    (lorita,) = paper_ids(profile, LORITA)
    authors = route_question("Who are the authors of the LoRITa paper?", profile)
    assert (authors.tool, authors.filter.paper_ids) == ("coauthors", [lorita])
    where = route_question("Where did Optimal Eye Surgeon appear?", profile)
    assert (where.tool, where.filter.paper_ids) == ("venues", [oes])
    venue = run_tool(profile, "venues", where.filter)  # the sample's arXiv records: none
    assert [f.text for f in venue.facts] == [
        f"The profile names no venue for {paper_label(profile.paper(oes))}."
    ]
    when = route_question("When was the OES paper published?", profile)
    listed = run_tool(profile, "list_papers", when.filter)
    assert when.tool == "list_papers" and len(listed.facts) == 1 and "2024" in listed.facts[0].text
    asked = route_question("How many test cases were used to evaluate AGENTiGraph?", profile)
    assert asked.kind == "search"  # a question about its text, not a count of it


def test_co_authors_asked_of_records_without_author_lists_are_not_counted_as_none() -> None:
    from data_paths import SAMPLES

    eglen = load_profile(
        SAMPLES / "orcid_v3_0000-0001-8607-8025_works.json",
        Settings(no_llm=True),
        author="Stephen Eglen",
    )
    route = route_question("What did he publish with Willshaw?", eglen)
    text = run_tool(eglen, route.tool or "", route.filter).facts[0].text
    assert text.startswith("The profile lists no authors for its papers") and "Willshaw" in text


def test_dois_asked_of_the_papers_and_of_one_named_paper() -> None:
    from data_paths import SAMPLES

    chiquet = load_profile(SAMPLES / "bibtex_chiquet_journal.bib", Settings(no_llm=True))
    lacking = route_question("Which of his papers have no DOI?", chiquet)
    assert (lacking.tool, lacking.options) == ("identifiers", {"kind": "doi", "missing": True})
    result = run_tool(chiquet, "identifiers", lacking.filter, **lacking.options)
    without = [p.id for p in chiquet.papers if not p.doi]
    assert result.facts[0].text == f"{48 - len(without)} of the 48 papers listed have a DOI."
    assert [f.citations for f in result.facts[1:]] == [[pid] for pid in without]
    named = route_question("What is the DOI of the missSBM paper?", chiquet)
    one = run_tool(chiquet, "identifiers", named.filter, **named.options)
    assert one.facts[0].text.endswith("has the DOI 10.18637/jss.v101.i12.")


def test_two_adjacent_years_are_one_span_and_two_apart_are_not() -> None:
    assert parse_years("how many papers came out in 2024 and 2025 combined?") == (2024, 2025)
    assert parse_years("papers in 2019 and 2024") == (2019, 2019)


def test_a_ranking_by_date_lists_as_many_papers_as_asked(profile) -> None:  # noqa: ANN001
    route = route_question("What are her three most recent papers?", profile)
    assert (route.tool, route.options) == ("latest_paper", {"top": 3})
    result = run_tool(profile, "latest_paper", route.filter, **route.options)
    newest = sorted(profile.papers, key=lambda p: p.chronological_key(), reverse=True)[:3]
    assert result.value == [p.id for p in newest] and len(result.facts) == 4
    assert route_question("What are her latest papers?", profile).options == {"top": 3}
    assert route_question("What is her latest paper?", profile).options == {}
    spanned = route_question(
        "What did she publish in the last two years?", profile, today=date(2026, 11, 28)
    )
    assert spanned.options.get("top") is None


def test_a_share_of_the_papers_is_counted_and_said_as_a_percentage(profile) -> None:  # noqa: ANN001
    route = route_question("What proportion of her papers are in computer vision?", profile)
    assert (route.tool, route.options) == ("count_papers", {"share": True})
    result = run_tool(profile, "count_papers", route.filter, **route.options)
    cv = sum(p.category == "CV" for p in profile.papers)
    assert result.value == cv and f"That is {round(100 * cv / 30)}% of the 30 papers" in (
        result.facts[1].text
    )


def test_kinds_of_publication_filter_by_the_types_records_give(profile) -> None:  # noqa: ANN001
    from data_paths import SAMPLES

    chiquet = load_profile(SAMPLES / "bibtex_chiquet_journal.bib", Settings(no_llm=True))
    journal = route_question("How many journal articles does he have?", chiquet)
    assert (journal.tool, journal.filter.kind) == ("count_papers", "journal article")
    assert run_tool(chiquet, "count_papers", journal.filter).value == 42  # @article entries
    dblp = load_profile(SAMPLES / "dblp_person_95-7448-1.xml", Settings(no_llm=True))
    talks = route_question("List his conference papers", dblp)
    assert len(run_tool(dblp, "list_papers", talks.filter).paper_ids) == 7  # inproceedings
    untyped = route_question("How many journal articles does she have?", profile)
    text = run_tool(profile, "count_papers", untyped.filter).facts[0].text
    assert text.startswith("The profile's records give no publication types")


def test_how_many_co_authors_counts_distinct_people_first(profile) -> None:  # noqa: ANN001
    route = route_question("How many distinct co-authors does she have?", profile)
    assert (route.tool, route.options) == ("coauthors", {"count": True})
    result = run_tool(profile, "coauthors", route.filter, **route.options)
    assert result.facts[0].text.startswith(
        f"The papers list {len(result.value)} distinct co-authors"
    )
    assert "at least" in result.facts[0].text  # the sample's lists end in "et al."


def test_an_initial_before_a_surname_ends_no_sentence() -> None:
    from data_paths import SAMPLES

    cantley = load_profile(
        SAMPLES / "s2_author_1723755_papers_offset800.json", Settings(no_llm=True)
    )
    route = route_question("How many papers did he write with M. Whitman?", cantley)
    assert (route.tool, route.filter.author) == ("count_papers", "M. Whitman")


def test_aggregates_narrowed_by_the_words_people_put_around_them(profile) -> None:  # noqa: ANN001
    pac = route_question("Who did she write the PAC-Bayes papers with?", profile)
    assert (pac.tool, pac.scope) == ("coauthors", ["pac-bayes"])
    assert route_question("Break her papers down by subject area.", profile).scope == []
    first = route_question("What is her first paper with code?", profile)
    assert (first.tool, first.filter.has_code) == ("earliest_paper", True)
    trend = route_question("Did her output increase over the years?", profile)
    assert trend.tool == "papers_per_year"


@pytest.fixture(scope="module")
def shang():  # noqa: ANN201
    """Yuzhang Shang's homepage .bib: venues written with acronyms, his place in each byline."""
    from data_paths import SAMPLES

    settings = Settings(as_of=date(2026, 11, 28), no_llm=True)
    return load_profile(SAMPLES / "bibtex_alfolio_shang.bib", settings)


def test_a_venue_acronym_selects_every_venue_written_with_it(shang) -> None:  # noqa: ANN001
    """'CVPR' is 'Computer Vision and Pattern Recognition (CVPR)'; 'NeurIPS' is both of the
    .bib's spellings of the conference; 'neurips' as people type it too."""
    cvpr = route_question("How many papers did he publish at CVPR?", shang)
    assert (cvpr.tool, cvpr.filter.venue) == ("count_papers", "CVPR")
    counted = run_tool(shang, "count_papers", cvpr.filter)
    written = {p.venue for p in shang.papers if p.id in counted.paper_ids}
    assert written == {"Computer Vision and Pattern Recognition (CVPR)"}
    assert counted.value == 6
    neurips = route_question("List his neurips papers since 2024", shang).filter
    assert (neurips.venue, neurips.year_from) == ("NeurIPS", 2024)
    venues = {p.venue for p in shang.papers if neurips.matches(p)}
    assert venues == {
        "Conference on Neural Information Processing Systems (NeurIPS)",
        "Neural Information Processing Systems (NeurIPS)",
    }


def test_the_venue_ranking_counts_each_venue_once_however_it_is_spelled(shang) -> None:  # noqa: ANN001
    """NeurIPS under two names is one venue of 5 papers; 'arXiv Dec.', 'arXiv Feb. (Survey
    Paper)' and 'arXiv' are arXiv; the ACL main conference and its Findings stay two."""
    ranked = run_tool(shang, "venues", route_question("Where does he publish most?", shang).filter)
    said = " ".join(f.text for f in ranked.facts)
    neurips = [p.id for p in shang.papers if "(NeurIPS)" in (p.venue or "")]
    assert len(neurips) == 5
    fact = next(f for f in ranked.facts if "(NeurIPS)" in f.text)
    assert (
        fact.text
        == "5 papers are in Conference on Neural Information Processing Systems (NeurIPS)."
    )
    assert sorted(fact.citations) == sorted(neurips)
    assert "4 papers are in arXiv." in said and "arXiv Dec." not in said
    assert ranked.value["arXiv"] == 4
    assert sum(1 for name in ranked.value if "(ACL)" in name) == 2


def test_a_venue_key_leaves_out_what_makes_no_other_venue() -> None:
    same = [
        (
            "Advances in Neural Information Processing Systems",
            "Neural Information Processing Systems",
        ),
        ("In Proceedings of the 2021 Conference on Empirical Methods", "Empirical Methods"),
        ("CVPR 2024", "CVPR"),
        ("arXiv preprint arXiv:2301.01234", "CoRR"),
        ("bioRxiv 2020", "bioRxiv"),
        ("Journal of Symbolic Logic (JSL)", "Journal of Symbolic Logic."),
    ]
    for a, b in same:
        assert venue_key(a) == venue_key(b), (a, b)
    assert venue_key("International Conference on Machine Learning") != venue_key(
        "Machine Learning"
    )
    assert venue_key("Findings of the ACL") != venue_key("Proceedings of the ACL")
    assert venue_key("Proceedings") == "proceedings"


def test_first_and_last_author_papers_are_the_persons_place_in_the_byline(shang) -> None:  # noqa: ANN001
    first = route_question("How many first-author papers does he have?", shang)
    assert first.filter.first_author == "Yuzhang Shang" and first.tool == "count_papers"
    firsts = [p for p in shang.papers if first.filter.matches(p)]
    assert firsts and all(p.authors[0] == "Yuzhang Shang" for p in firsts)
    assert len(firsts) == sum(p.authors[0] == "Yuzhang Shang" for p in shang.papers)
    iccv = route_question("Is he first author on any ICCV paper?", shang).filter
    assert (iccv.venue, iccv.first_author) == ("ICCV", "Yuzhang Shang")
    last = route_question("Which papers is he the last author on?", shang).filter
    assert last.last_author == "Yuzhang Shang" and last.first_author is None
    asked = route_question("Who was the first author of the ASVD paper?", shang)
    assert asked.filter.first_author is None and asked.tool == "coauthors"  # who holds it


def test_what_a_paper_does_with_a_thing_is_not_the_topic(shang) -> None:  # noqa: ANN001
    """'released', 'built', 'introduce', 'new': said of datasets, not words a sentence needs."""
    from agent.qa.slots import topic_words

    for question in (
        "What datasets has he released?",
        "Has he built any datasets?",
        "Which papers introduce a new dataset?",
    ):
        assert topic_words(question, shang) in (["datasets"], ["dataset"])


def test_a_venue_named_by_its_initials(tmp_path) -> None:  # noqa: ANN001
    """'JBC' is the Journal of Biological Chemistry, 'CCR' Clinical Cancer Research (Cantley's
    S2 record); capitals that are no venue's initials name none."""
    from data_paths import SAMPLES

    settings = Settings(as_of=date(2026, 11, 28), no_llm=True)
    cantley = load_profile(SAMPLES / "s2_author_1723755_papers_offset0.json", settings)
    for question, initials, venue in (
        ("Has he published in JBC?", "JBC", "Journal of Biological Chemistry"),
        ("How many CCR papers does he have?", "CCR", "Clinical Cancer Research"),
    ):
        flt = route_question(question, cantley).filter
        assert flt.venue == initials
        assert {p.venue for p in cantley.papers if flt.matches(p)} == {venue}
    assert route_question("Has he worked on DNA repair?", cantley).filter.venue is None


@pytest.fixture(scope="module")
def zhang():  # noqa: ANN201
    """Yichi Zhang's homepage .bib: ACL Anthology venues written out in full, code on 11 of 13."""
    from data_paths import SAMPLES

    settings = Settings(as_of=date(2026, 11, 28), no_llm=True)
    return load_profile(SAMPLES / "bibtex_alfolio_zhang.bib", settings)


def test_a_venue_is_named_by_the_initials_of_its_name_after_proceedings_of(zhang) -> None:  # noqa: ANN001
    emnlp = route_question("Which of her papers were at EMNLP?", zhang)
    assert emnlp.filter.venue == "EMNLP"
    listed = {p.venue for p in zhang.papers if emnlp.filter.matches(p)}
    assert listed == {
        "Proceedings of the 2020 Conference on Empirical Methods in Natural Language Processing"
        " (EMNLP)",
        "Proceedings of the 2022 Conference on Empirical Methods in Natural Language Processing",
        "Proceedings of the 2023 Conference on Empirical Methods in Natural Language Processing",
        "Findings of the Association for Computational Linguistics: EMNLP 2021",
        "Findings of the Association for Computational Linguistics: EMNLP 2023",
    }
    acl = route_question("Has she published in ACL?", zhang)
    assert (acl.tool, acl.filter.venue) == ("list_papers", "ACL")
    assert {p.venue for p in zhang.papers if acl.filter.matches(p)} == {
        "Proceedings of the 58th Annual Meeting of the Association for Computational Linguistics",
        "Findings of the Association for Computational Linguistics: ACL-IJCNLP 2021",
    }  # not EACL, not the Findings of EMNLP
    ranked = run_tool(zhang, "venues", route_question("Where does she publish most?", zhang).filter)
    assert ranked.facts[0].text == (
        "3 papers are in Proceedings of the Conference on Empirical Methods in Natural Language"
        " Processing (EMNLP)."
    )


@pytest.mark.parametrize(
    "question",
    [
        "Which papers don't come with code?",
        "Which papers don’t come with code?",
        "Which of her papers have no code?",
        "Do any of her papers lack code?",
    ],
)
def test_papers_without_code_are_the_ones_listed_when_asked(zhang, question: str) -> None:  # noqa: ANN001
    route = route_question(question, zhang)
    assert (route.tool, route.options) == ("papers_with_code", {"missing": True})
    result = run_tool(zhang, "papers_with_code", route.filter, **route.options)
    without = [p.id for p in zhang.papers if not p.has_code]
    assert len(without) == 2
    assert sorted(result.paper_ids) == sorted(without)
    assert result.facts[0].text == "2 papers come without code."


def test_a_source_that_marks_no_code_does_not_say_which_papers_lack_it() -> None:
    from data_paths import SAMPLES

    settings = Settings(as_of=date(2026, 11, 28), no_llm=True)
    orcid = SAMPLES / "orcid_v3_0000-0001-8607-8025_works.json"
    eglen = load_profile(orcid, settings, author="Stephen Eglen")
    result = run_tool(eglen, "papers_with_code", PaperFilter(), missing=True)
    assert result.paper_ids == []
    assert result.facts[0].text.startswith("The profile marks code on none of its papers")


@pytest.fixture(scope="module")
def cantley():  # noqa: ANN201
    """Cantley's S2 papers: a citation count on each of the 79."""
    from data_paths import SAMPLES

    settings = Settings(as_of=date(2026, 11, 28), no_llm=True)
    return load_profile(SAMPLES / "s2_author_1723755_papers_offset800.json", settings)


@pytest.mark.parametrize(
    ("question", "tool", "least", "most"),
    [
        ("How many of his papers have more than 100 citations?", "count_papers", 101, None),
        ("Which papers have at least 300 citations?", "list_papers", 300, None),
        ("How many papers have fewer than 10 citations?", "count_papers", None, 9),
        ("Which papers were cited more than 500 times?", "list_papers", 501, None),
        ("How many papers with over 2000 citations since 1985?", "count_papers", 2001, None),
    ],
)
def test_a_citation_bound_selects_the_papers_within_it(
    cantley,  # noqa: ANN001
    question: str,
    tool: str,
    least: int | None,
    most: int | None,
) -> None:
    route = route_question(question, cantley)
    assert (route.tool, route.filter.min_citations, route.filter.max_citations) == (
        tool,
        least,
        most,
    )
    assert route.topic == [] or route.kind == "tool"
    result = run_tool(cantley, tool, route.filter)
    expected = [
        p.id
        for p in cantley.papers
        if (least or 0) <= p.citation_count <= (most if most is not None else p.citation_count)
        and (route.filter.year_from is None or (p.year or 0) >= route.filter.year_from)
    ]
    assert sorted(result.paper_ids) == sorted(expected)


def test_citation_bounds_read_as_people_write_them(cantley) -> None:  # noqa: ANN001
    over = run_tool(
        cantley, "count_papers", route_question("How many have over 100 cites?", cantley).filter
    )
    assert over.facts[0].text == "The profile lists 20 papers with at least 101 citations."
    since = route_question("How many papers with over 2000 citations since 1985?", cantley)
    assert (since.filter.year_from, since.filter.year_to) == (1985, None)  # 2000 is no year
    top = route_question("How many citations does his top paper have?", cantley)
    assert top.tool == "most_cited"


def test_a_profile_without_citation_counts_cannot_pick_out_papers_by_them(zhang) -> None:  # noqa: ANN001
    route = route_question("How many papers have more than 100 citations?", zhang)
    result = run_tool(zhang, route.tool or "", route.filter)
    assert result.facts[0].text == (
        "The profile gives no citation counts for its papers, so it cannot pick out the papers"
        " with at least 101 citations; it lists 13 papers in all."
    )


@pytest.mark.parametrize(
    "question", ["Which of his papers were never cited?", "What is his least cited paper?"]
)
def test_the_least_cited_are_every_paper_tied_at_the_bottom(cantley, question: str) -> None:  # noqa: ANN001
    route = route_question(question, cantley)
    assert (route.tool, route.filter.max_citations) == ("least_cited", None)
    result = run_tool(cantley, "least_cited", route.filter)
    never = [p.id for p in cantley.papers if p.citation_count == 0]
    assert len(never) == 8
    assert sorted(result.paper_ids) == sorted(never)  # not the 3 that happen to sort first
    assert result.facts[0].text == "8 papers listed have 0 citations, the fewest of any."


def _answer_turn(profile, question: str, history: list) -> tuple:  # noqa: ANN001
    route = route_question(question, profile, history)
    result = run_tool(profile, route.tool or "", route.filter, **route.options)
    history.append((route, result.paper_ids))
    return route, result


def test_a_follow_up_narrowed_to_the_last_answer_says_so(cantley) -> None:  # noqa: ANN001
    history: list = []
    _answer_turn(cantley, "How many papers did he publish in 1986?", history)
    route, result = _answer_turn(cantley, "Which ones were in Nature?", history)
    assert route.tool == "list_papers"
    of_1986 = [p for p in cantley.papers if p.year == 1986]
    in_nature = [p.id for p in of_1986 if p.venue == "Nature"]
    assert (
        result.facts[0].text == f"Of those {len(of_1986)} papers, {len(in_nature)} are in Nature."
    )
    assert sum(p.venue == "Nature" for p in cantley.papers) == 5  # the profile's own count


def test_which_of_those_have_code_counts_among_those(zhang) -> None:  # noqa: ANN001
    history: list = []
    _answer_turn(zhang, "Which papers did she write with Joyce Chai?", history)
    _, result = _answer_turn(zhang, "Which of those have code?", history)
    chai = [p for p in zhang.papers if "Joyce Chai" in p.authors]
    with_code = [p.id for p in chai if p.has_code]
    assert result.facts[0].text == f"Of those {len(chai)} papers, {len(with_code)} come with code."
    assert sorted(result.paper_ids) == sorted(with_code)


def test_where_a_paper_of_the_last_answer_was_published_is_its_venue(zhang) -> None:  # noqa: ANN001
    history: list = []
    _answer_turn(zhang, "What is her most recent paper?", history)
    route, result = _answer_turn(zhang, "Where was it published?", history)
    assert route.tool == "venues"
    latest = max(zhang.papers, key=lambda p: p.year or 0)
    assert result.facts[0].text.endswith(f"appeared in {latest.venue}.")


def test_published_in_any_journals_lists_the_journal_articles() -> None:
    from data_paths import SAMPLES

    settings = Settings(as_of=date(2026, 11, 28), no_llm=True)
    xu = load_profile(SAMPLES / "dblp_person_95-7448-1.xml", settings)
    route = route_question("Has he published in any journals?", xu)
    assert (route.tool, route.filter.kind) == ("list_papers", "journal article")
    result = run_tool(xu, "list_papers", route.filter)
    assert [xu.paper(pid).title for pid in result.paper_ids] == [
        "Correction of Clipped Pixels in Color Images"
    ]
    ranked = route_question("What journals does he publish in?", xu)
    assert (ranked.tool, ranked.filter.kind) == ("venues", None)  # the ranking of his venues


@pytest.mark.parametrize(
    "question",
    [
        "Which of her papers are in machine learning?",
        "Which papers are cs.LG?",
        "Which of her papers are in machine learning (cs.LG)?",
    ],
)
def test_an_arxiv_category_is_named_by_its_field_or_its_full_code(profile, question: str) -> None:  # noqa: ANN001
    route = route_question(question, profile)
    assert route.kind == "tool" and route.tool == "list_papers" and route.topic == []
    assert "LG" in route.filter.categories
    result = run_tool(profile, "list_papers", route.filter)
    assert set(result.paper_ids) == {
        p.id for p in profile.papers if p.category in route.filter.categories
    }


def test_what_fraction_come_with_code_is_counted_with_its_share(profile) -> None:  # noqa: ANN001
    route = route_question("What fraction of her papers come with code?", profile)
    assert (route.tool, route.options, route.filter.has_code) == (
        "count_papers",
        {"share": True},
        True,
    )
    result = run_tool(profile, "count_papers", route.filter, **route.options)
    assert [f.text for f in result.facts[:2]] == [
        "The profile lists 3 papers with code.",
        "That is 10% of the 30 papers listed.",
    ]


def test_how_influential_asks_for_the_metrics(profile) -> None:  # noqa: ANN001
    assert route_question("How influential is her work?", profile).tool == "metrics"


@pytest.mark.parametrize(
    ("question", "judges"),
    [
        ("is she a good researcher?", True),
        ("should we hire her?", True),
        ("how good is her work?", True),
        ("is she a good fit for a statistics department?", True),
        ("how influential is her work?", False),
        ("is good-turing estimation in her work?", False),
        ("what is her best-known result?", False),
    ],
)
def test_a_question_asking_for_a_judgement_is_told_the_profile_makes_none(
    question: str, judges: bool
) -> None:
    from agent.qa.out_of_scope import asks_for_judgement

    assert asks_for_judgement(question) is judges


@pytest.mark.parametrize(
    ("question", "venues"),
    [
        ("Which papers did he publish in PLoS Computational Biology?", {"plos comput biol"}),
        ("How many papers in the Journal of Neuroscience?", {"j neurosci"}),
        ("Which papers are in Visual Neuroscience?", {"vis neurosci"}),
        ("Which papers are in Neuroscience?", {"neuroscience"}),  # the one-word journal
    ],
)
def test_an_abbreviated_venue_is_found_where_the_question_spells_it_out(
    question: str, venues: set[str]
) -> None:
    from data_paths import SAMPLES

    settings = Settings(as_of=date(2026, 11, 28), no_llm=True)
    eglen = load_profile(SAMPLES / "publications_eglen.qmd", settings, author="Stephen Eglen")
    route = route_question(question, eglen)
    assert route.kind == "tool" and route.topic == []
    result = run_tool(eglen, route.tool or "", route.filter)
    expected = {p.id for p in eglen.papers if (p.venue or "").casefold() in venues}
    assert expected and set(result.paper_ids) == expected


def test_kinds_of_publication_side_by_side_are_counted_per_kind(profile) -> None:  # noqa: ANN001
    from collections import Counter

    from data_paths import SAMPLES

    path = SAMPLES / "bibtex_chiquet_journal.bib"
    chiquet = load_profile(path, Settings(no_llm=True))
    entry_types = Counter(
        t.casefold() for t in re.findall(r"^@(\w+)\s*\{", path.read_text(), flags=re.M)
    )  # read off the file: 42 article, 2 inproceedings, 2 incollection, 2 preprint
    for question in (
        "How many of his papers are journal articles and how many are conference papers?",
        "What types of publications does he have?",
        "Break his output down by publication type.",
    ):
        route = route_question(question, chiquet)
        assert (route.tool, route.filter.kind) == ("papers_per_kind", None), question
    result = run_tool(chiquet, "papers_per_kind", PaperFilter())
    assert result.value == {
        "journal article": entry_types["article"],
        "conference paper": entry_types["inproceedings"],
        "book chapter": entry_types["incollection"],
        "preprint": entry_types["preprint"],
    }
    assert result.facts[1].text == "2 papers are filed as conference papers."
    unfiled = run_tool(profile, "papers_per_kind", PaperFilter())  # a scraped page files none
    assert unfiled.facts[0].text.startswith("The profile files none of its papers")


def test_counts_by_decade_and_a_span_written_with_through(profile) -> None:  # noqa: ANN001
    assert parse_years("her publications from 2019 through 2021") == (2019, 2021)
    assert parse_years("papers 2015 thru 2017") == (2015, 2017)
    route = route_question("In which decade did she publish the most?", profile)
    assert (route.tool, route.options) == ("papers_per_year", {"by_decade": True})
    result = run_tool(profile, "papers_per_year", route.filter, **route.options)
    in_2020s = sum(1 for p in profile.papers if p.year and p.year >= 2020)
    assert result.value == {"the 2020s": in_2020s, "the 2010s": 30 - in_2020s}
    assert result.facts[0].text == f"The 2020s have the most papers, {in_2020s}."


def test_journals_asked_for_leave_out_preprint_servers() -> None:
    from data_paths import SAMPLES

    eglen = load_profile(
        SAMPLES / "publications_eglen.qmd", Settings(no_llm=True), author="Stephen Eglen"
    )
    route = route_question("Which journals has he published in most?", eglen)
    assert (route.tool, route.options) == ("venues", {"journals": True})
    result = run_tool(eglen, "venues", route.filter, **route.options)
    on_servers = [p for p in eglen.papers if p.venue and "rxiv" in p.venue.casefold()]
    assert on_servers and not any("rxiv" in name.casefold() for name in result.value)
    assert result.facts[0].text.startswith("6 papers are in PLoS Comput Biol")
    assert any(f"{len(on_servers)} papers on preprint servers" in f.text for f in result.facts)
    everything = run_tool(eglen, "venues", route.filter)
    assert any("rxiv" in name.casefold() for name in everything.value)


def test_a_short_question_with_nothing_of_its_own_asks_of_the_last_answer(profile) -> None:  # noqa: ANN001
    listed = route_question("What did she publish in 2024?", profile)
    ids = [p.id for p in profile.papers if p.year == 2024]
    previous = [(listed, ids)]
    who = route_question("Who were the co-authors?", profile, previous)
    assert (who.tool, who.followup, who.filter.paper_ids) == ("coauthors", True, ids)
    many = route_question("How many are there?", profile, previous)
    assert (many.tool, many.filter.paper_ids) == ("count_papers", ids)
    said = run_tool(profile, "count_papers", many.filter).facts[0].text
    assert said == f"Those are {len(ids)} papers."
    for fresh in ("Who are her co-authors?", "How many papers?", "What is her h-index?"):
        assert route_question(fresh, profile, previous).filter.paper_ids is None, fresh


def test_they_after_a_co_author_ranking_are_the_leading_co_authors(profile) -> None:  # noqa: ANN001
    ranking = route_question("Who is her most frequent co-author?", profile)
    top = run_tool(profile, "coauthors", ranking.filter)
    previous = [(ranking, top.paper_ids)]
    route = route_question("What did they write together?", profile, previous)
    # the sample's two leading co-authors are tied at 7 papers each: the papers with both
    assert (route.tool, route.filter.author, route.filter.also_with) == (
        "list_papers",
        "Guangliang Liu",
        ["Xitong Zhang"],
    )
    both = [p.id for p in profile.papers if {"Guangliang Liu", "Xitong Zhang"} <= set(p.authors)]
    assert run_tool(profile, "list_papers", route.filter).paper_ids == both and len(both) == 4


def test_an_ordinal_points_past_an_answer_that_groups_papers(profile) -> None:  # noqa: ANN001
    from agent.qa.followups import referred_paper

    search = route_question("Which papers are about diffusion?", profile)
    venues = route_question("Which conferences were they in?", profile, [(search, ["a", "b"])])
    assert (venues.tool, venues.filter.kind) == ("venues", None)  # the venues, by name
    previous = [(search, ["a", "b", "c"]), (venues, ["c", "a", "b"])]
    assert referred_paper("Tell me about the first one.", previous) == "a"


def test_a_journal_abbreviated_word_by_word_is_the_journal() -> None:
    """Turing's S2 record writes the Journal of Symbolic Logic three ways, one of them the ISO
    abbreviation 'J. Symb. Log.': asked by its full name, every one of them answers."""
    from data_paths import SAMPLES

    from agent.venues import abbreviated_name

    assert abbreviated_name("J. Symb. Log.", "Journal of Symbolic Logic (JSL)")
    assert abbreviated_name("PLoS Comput Biol", "PLoS Computational Biology")
    assert not abbreviated_name("J Neurosci", "Journal of Neurophysiology")
    turing = load_profile(SAMPLES / "s2_author_2262347.json", Settings(no_llm=True))
    jsl = [p.id for p in turing.papers if p.venue and re.search(r"Symb", p.venue)]
    assert any(p.venue == "J. Symb. Log." for p in turing.papers)
    route = route_question("What did he publish in the Journal of Symbolic Logic?", turing)
    assert set(run_tool(turing, route.tool or "", route.filter).paper_ids) == set(jsl)
    ranked = run_tool(turing, "venues", PaperFilter())
    assert ranked.facts[0].text == f"{len(jsl)} papers are in Journal of Symbolic Logic (JSL)."


@pytest.mark.parametrize(
    "question", ["What has she published?", "What did she publish?", "What has she written?"]
)
def test_what_has_she_published_lists_the_papers(profile, question: str) -> None:  # noqa: ANN001
    """It was searched and refused, or answered with the latest paper alone."""
    route = route_question(question, profile)
    assert (route.kind, route.tool) == ("tool", "list_papers")
    assert route_question("What did she publish last?", profile).tool == "latest_paper"
    assert route_question("What has she published on deep image prior?", profile).kind == "search"
