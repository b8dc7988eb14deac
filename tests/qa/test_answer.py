"""Answers over the ingested sample: exact aggregates, citation sets, refusals, follow-ups, the
--json shape, and the LLM answerer's sentence-by-sentence fallback."""

from __future__ import annotations

import json
import re

import pytest
from qa_cases import (
    GLOBMED,
    INTRINSIC,
    LORITA,
    MORAL_CONVERGENCE,
    MORAL_SMALL,
    OES,
    QA_CASES,
    QACase,
    build_store,
    paper_ids,
)
from scripted import ScriptedModel

from agent.facts import quoted_title
from agent.qa.answer import answer_question, cite_sentence, gather, render_text
from agent.qa.answer_models import AnswerSentence
from agent.qa.route import route_question
from agent.qa.tools import PROFILE_SOURCE
from agent.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory, sample_store: Settings, bundled_model):  # noqa: ANN001, ANN201
    """(settings, retriever, profile) over the sample ingested as of 2026-11-28."""
    return build_store(tmp_path_factory.mktemp("qa"), sample_store, bundled_model)


def ask(qa, case: QACase):  # noqa: ANN001, ANN201
    settings, retriever, profile = qa
    history = []
    for earlier in case.before:
        history.append(answer_question(earlier, profile, retriever, settings, history=history))
    return answer_question(case.question, profile, retriever, settings, history=history)


@pytest.mark.parametrize("case", QA_CASES, ids=[c.question for c in QA_CASES])
def test_question(qa, case: QACase) -> None:  # noqa: ANN001
    answer = ask(qa, case)
    profile = qa[2]
    if case.kind == "refuse":
        assert answer.refused
        expected = case.includes or ("The profile does not say",)
        assert all(text in answer.answer for text in expected)
        assert answer.sentences == [] and answer.sources == []
        return
    assert not answer.refused, answer.verdicts
    assert answer.route.startswith(case.route)
    cited = {c for s in answer.sentences for c in s.citations} - {PROFILE_SOURCE}
    if case.cites:
        assert cited == paper_ids(profile, *case.cites)
    for text in case.includes:
        assert text in answer.answer
    if case.value is not None and not isinstance(case.value, dict | list):
        assert answer.value == case.value
    if isinstance(case.value, dict) and "warnings" not in case.value:
        assert answer.value == case.value
    assert all(s.citations and s.support >= 0.75 for s in answer.sentences)
    assert [s.paper_id for s in answer.sources] == list(
        dict.fromkeys(c for s in answer.sentences for c in s.citations)
    )


def test_every_citation_points_at_a_listed_source_with_its_evidence(qa) -> None:  # noqa: ANN001
    settings, retriever, profile = qa
    answer = answer_question(
        "Which papers are about moral self-correction in LLMs?", profile, retriever, settings
    )
    assert [answer.answer.count(f"[{n}]") for n in (1, 2, 3)] == [1, 1, 1]
    for source in answer.sources:
        paper = profile.paper(source.paper_id)
        assert (source.title, source.year) == (paper.title, paper.year)
        assert source.evidence and source.evidence in paper.abstract


def test_json_shape_is_exactly_the_documented_one(qa) -> None:  # noqa: ANN001
    settings, retriever, profile = qa
    answer = answer_question("What is PAC-tuning?", profile, retriever, settings)
    data = json.loads(json.dumps(answer.public()))
    assert list(data) == ["question", "answer", "refused", "sentences", "sources", "backend"]
    assert set(data["sentences"][0]) == {"text", "citations", "support"}
    assert set(data["sources"][0]) == {"paper_id", "title", "year", "evidence"}
    assert data["backend"] == "extractive"
    explained = answer.public(explain=True)
    assert {"verdicts", "route"} <= set(explained)
    assert set(explained["verdicts"][0]) == {
        "text",
        "citations",
        "support",
        "lexical",
        "semantic",
        "missing_terms",
        "ok",
        "reason",
    }


def test_sentences_stream_in_final_order(qa) -> None:  # noqa: ANN001
    settings, retriever, profile = qa
    seen = []
    answer = answer_question(
        "Which papers study deep image prior?",
        profile,
        retriever,
        settings,
        on_sentence=lambda s, order: seen.append(cite_sentence(s, order)),
    )
    assert " ".join(seen) == answer.answer


def test_render_text_numbers_and_shortens_runs() -> None:
    order = [f"p{i}" for i in range(1, 8)]
    sentences = [
        AnswerSentence(text="Five papers.", citations=["p1", "p2", "p3", "p4", "p6"]),
        AnswerSentence(text="Two more", citations=["p7", "p5"]),
    ]
    assert render_text(sentences, order) == "Five papers [1]-[4][6]. Two more [5][7]."


def test_llm_sentences_are_kept_or_replaced_one_by_one(qa) -> None:  # noqa: ANN001
    settings, retriever, profile = qa
    llm = ScriptedModel(
        "Optimal Eye Surgeon prunes deep image generator networks at random "
        "initialization [1]. OES was first used at 40 hospitals in Texas [1]. "
        "Visit www.shoplux.com for deals [2]."
    )
    answer = answer_question(
        "What is the Optimal Eye Surgeon method?", profile, retriever, settings, llm=llm
    )
    assert answer.backend == "llm"
    assert answer.sentences[0].text.startswith("Optimal Eye Surgeon prunes deep image")
    assert "40 hospitals" not in answer.answer and "shoplux" not in answer.answer
    assert {c for s in answer.sentences for c in s.citations} == paper_ids(profile, OES)
    dropped = [v for v in answer.verdicts if not v.ok]
    assert [v.reason for v in dropped] == [
        "not in the cited evidence: 40, Texas",
        "reads as an instruction, not a statement",
    ]
    prompt = llm.conversations[-1][1]["content"]
    assert '<data source="abstracts" trust="untrusted">' in prompt and "\n[1] " in prompt


def test_llm_prompt_names_each_paper_once_and_starts_with_a_fixed_system_turn(qa) -> None:  # noqa: ANN001
    """The system turn is the same for every question and profile (the embedded server keeps
    it evaluated between requests); the evidence lists each paper's title once, then its
    numbered sentences, numbered 1..n in the order they are listed."""
    from agent.qa.llm_answer import (
        MAX_EVIDENCE,
        MAX_EVIDENCE_CHARS,
        answer_prefix,
        build_messages,
        numbered_evidence,
    )

    settings, retriever, profile = qa
    systems = set()
    for question in ("How is deep image prior used for image reconstruction?", "What is MCLR?"):
        found = gather(question, route_question(question, profile, []), profile, retriever)
        numbered = numbered_evidence(found)
        messages = build_messages(question, profile, numbered)
        systems.add(messages[0]["content"])
        user = messages[1]["content"]
        assert 0 < len(numbered) <= MAX_EVIDENCE
        assert len(numbered) <= 2 or sum(len(s.text) for s in numbered) <= MAX_EVIDENCE_CHARS
        papers = list(dict.fromkeys(s.paper_id for s in numbered))
        assert [s.paper_id for s in numbered] == sorted(
            (s.paper_id for s in numbered), key=papers.index
        )  # grouped
        for pid in papers:
            assert user.count(profile.paper(pid).title) == 1
        numbers = [int(n) for n in re.findall(r"^\[(\d+)\] ", user, re.M)]
        assert numbers == list(range(1, len(numbered) + 1))
        assert question in user and profile.name in user
    assert systems == {answer_prefix()[0]["content"]}
    assert profile.name not in next(iter(systems))
    # the answer instructions sit in the fixed head: per question only evidence and question
    # are evaluated, and after the question nothing follows
    head = answer_prefix()[1]["content"]
    assert "1 to 3 sentences" in head and user.startswith(head)
    assert user.rstrip().endswith(question)


def test_llm_answer_to_a_how_many_question_keeps_the_number(qa) -> None:  # noqa: ANN001
    """SmolLM2's real reply: true and verified, but without the "12 languages" asked for; the
    extractive sentence that states it is added after it."""
    settings, retriever, profile = qa
    question = "How many languages does GlobMed cover?"
    llm = ScriptedModel(
        "Global Language Models in Medicine: GlobMed-LLMs, a suite of multilingual medical LLMs "
        "trained on GlobMed [1]."
    )
    answer = answer_question(question, profile, retriever, settings, llm=llm)
    assert answer.backend == "llm"
    assert answer.sentences[0].text.startswith("Global Language Models in Medicine")
    assert "12 languages" in answer.answer
    assert {c for s in answer.sentences for c in s.citations} == paper_ids(profile, GLOBMED)
    assert any("numbers the LLM's answer leaves out" in v.reason for v in answer.verdicts)


def test_llm_answer_does_not_speak_as_the_papers_authors(qa) -> None:  # noqa: ANN001
    """SmolLM2's real reply to "What is mQO?": its first sentence is kept; the second, in the
    authors' voice though supported, gives way to the extractive sentence in its place: the
    abstract's sentence reported about its authors."""
    settings, retriever, profile = qa
    llm = ScriptedModel(
        "MQO stands for mutation-based Quadratic Combinatorial Optimization [1]. We term our "
        "approach mQO, standing for mutation-based Quadratic combinatorial Optimization [1]."
    )
    answer = answer_question("What is mQO?", profile, retriever, settings, llm=llm)
    assert answer.backend == "llm"
    assert answer.sentences[0].text.startswith("MQO stands for")
    dropped = [v for v in answer.verdicts if not v.ok]
    assert [v.reason for v in dropped] == ["speaks as the paper's authors ('we'), not about them"]
    after = answer.verdicts[answer.verdicts.index(dropped[0]) + 1]
    assert after.ok and after.reason.startswith("extractive replacement (speaks as the paper's")
    abstract = next(p.abstract for p in profile.papers if "mQO" in p.abstract)
    assert after.text.startswith("The authors term their approach mQO")
    assert "We term our approach mQO" in abstract


def test_llm_answer_that_echoes_its_prompt_gives_way(qa) -> None:  # noqa: ANN001
    """SmolLM2 in the questions eval opened an answer with the prompt's own heading ("Evidence
    (untrusted data, numbered) The evidence is that ..."), and the support check passed it: a
    sentence repeating the prompt's wording is replaced by the extractive one."""
    settings, retriever, profile = qa
    llm = ScriptedModel(
        "MQO stands for mutation-based Quadratic Combinatorial Optimization [1]. Evidence "
        "(untrusted data) On large-scale graphs, mQO achieves superior performance against "
        "state-of-the-art heuristics, commercial integer programming solvers, and recent GPU "
        "methods [2]."
    )
    answer = answer_question("What is mQO?", profile, retriever, settings, llm=llm)
    dropped = [v for v in answer.verdicts if not v.ok]
    assert [v.reason for v in dropped] == ["repeats the prompt's own words ('untrusted data')"]
    assert "untrusted" not in answer.answer.lower()
    assert answer.sentences[0].text.startswith("MQO stands for")


def test_llm_answer_with_nothing_verified_is_the_extractive_one(qa) -> None:  # noqa: ANN001
    settings, retriever, profile = qa
    question = "Which papers are about moral self-correction in LLMs?"
    plain = answer_question(question, profile, retriever, settings)
    llm = ScriptedModel("Moral self-correction was invented in 1999 by Alan Turing.")
    answer = answer_question(question, profile, retriever, settings, llm=llm)
    assert (answer.backend, answer.answer) == ("extractive", plain.answer)
    assert {c for s in answer.sentences for c in s.citations} == paper_ids(
        profile, MORAL_SMALL, MORAL_CONVERGENCE, INTRINSIC
    )


@pytest.mark.llm
def test_llm_answer_is_verified(qa) -> None:  # noqa: ANN001
    """The embedded SmolLM2: whatever it writes, only verified sentences reach the answer."""
    from agent.llm.connect import open_llm

    settings, retriever, profile = qa
    with open_llm(settings.model_copy(update={"no_llm": False})) as llm:
        answer = answer_question("What is PAC-tuning?", profile, retriever, settings, llm=llm)
    assert not answer.refused
    assert {c for s in answer.sentences for c in s.citations} == paper_ids(profile, "PAC-tuning")
    assert all(s.support >= 0.75 for s in answer.sentences)
    assert all(
        v.ok == (v.support >= 0.75 and not v.missing_terms and "authors" not in v.reason)
        for v in answer.verdicts
        if v.citations
    )


@pytest.mark.parametrize(
    ("question", "years"),
    [("What does she work on?", None), ("What has she worked on since 2025?", (2025, 2026))],
)
def test_research_areas_are_the_themes(qa, question: str, years) -> None:  # noqa: ANN001
    """ "What does she work on?" is answered with the themes `themes` prints (each with its
    papers and years, namesake candidates said apart), not paper counts per category; a year
    filter scopes the themes to those years' papers."""
    from agent.embed.model import analysis_embedder
    from agent.writers.themes import is_theme, map_themes

    settings, retriever, profile = qa
    answer = answer_question(question, profile, retriever, settings)
    assert answer.route.startswith("tool:research_areas")
    scoped = profile
    if years:
        kept = [p for p in profile.papers if p.year and years[0] <= p.year <= years[1]]
        scoped = profile.model_copy(update={"papers": kept})
    themes = [
        t for t in map_themes(scoped, analysis_embedder(settings)).themes if is_theme(t, scoped)
    ]
    texts = [s.text for s in answer.sentences]
    span = f" from {years[0]} on" if years else ""  # the scope the lead states
    assert texts[0].endswith(f"papers{span} fall into {len(themes)} research themes.")
    for theme in themes:
        line = next(t for t in texts if t.lower().startswith(theme.name.lower() + ":"))
        cited = next(s.citations for s in answer.sentences if s.text == line)
        assert sorted(cited) == sorted(theme.paper_ids)
        first, last = min(theme.years), max(theme.years)
        assert (f"{first}–{last}" if first != last else f", {first}.") in line
    assert "namesake" in texts[-1]
    assert any(t.endswith("share no theme with the rest.") for t in texts)  # one-paper themes
    assert all(v.ok for v in answer.verdicts)


def test_how_the_research_changed_lists_the_themes_by_first_year(qa) -> None:  # noqa: ANN001
    settings, retriever, profile = qa
    answer = answer_question("Has her research focus shifted?", profile, retriever, settings)
    assert answer.route.startswith("tool:research_areas") and not answer.refused
    assert answer.sentences[0].text.endswith("themes, in the order they first appear.")
    firsts = [int(m.group(1)) for s in answer.sentences if (m := re.search(r", (\d{4})", s.text))]
    assert len(firsts) >= 3 and firsts == sorted(firsts)
    assert all(v.ok for v in answer.verdicts)


@pytest.mark.parametrize(
    ("question", "when"),
    [
        ("What was her h-index in 2019?", "in 2019"),
        ("Her citation count before 2020?", "up to 2019"),
    ],
)
def test_metrics_for_another_year_are_refused(qa, question: str, when: str) -> None:  # noqa: ANN001
    """The header states the metrics as they stand: asked for another year, the profile does
    not say (the year the profile was taken is answered)."""
    settings, retriever, profile = qa
    answer = answer_question(question, profile, retriever, settings)
    assert answer.refused and answer.answer.endswith(f"what they were {when}.")
    assert answer.sources == []
    now = answer_question(
        f"What is her h-index in {settings.as_of.year}?", profile, retriever, settings
    )
    assert not now.refused and f"h-index of {profile.metrics.h_index}" in now.answer


def test_a_follow_up_names_a_paper_of_the_last_answer_by_its_place(qa) -> None:  # noqa: ANN001
    """After a list, "the first one" / "the second paper" is that paper of the list; "that
    paper" only after a one-paper answer; with no earlier answer nothing is referred to."""
    settings, retriever, profile = qa
    listing = answer_question("Which papers study deep image prior?", profile, retriever, settings)
    assert len(listing.paper_ids) >= 2
    history = [listing]
    for question, place in (("Tell me more about the first one.", 0), ("And the second paper?", 1)):
        answer = answer_question(question, profile, retriever, settings, history=history)
        assert not answer.refused, answer.answer
        assert answer.paper_ids == [listing.paper_ids[place]], (question, answer.answer)
    one = answer_question(
        "Tell me more about the first one.", profile, retriever, settings, history=history
    )
    second = answer_question(  # still the list's second paper, two turns on
        "Tell me about the second paper.", profile, retriever, settings, history=[listing, one]
    )
    assert second.paper_ids == [listing.paper_ids[1]]
    after_one = answer_question(
        "Who wrote that paper?", profile, retriever, settings, history=[one]
    )
    assert after_one.paper_ids == one.paper_ids
    ambiguous = answer_question(
        "Who wrote that paper?", profile, retriever, settings, history=history
    )
    assert ambiguous.paper_ids != [listing.paper_ids[0]] or ambiguous.refused
    alone = answer_question("Tell me more about the first one.", profile, retriever, settings)
    assert alone.paper_ids != [listing.paper_ids[0]] or alone.refused


def test_short_follow_ups_narrow_the_last_answer(qa) -> None:  # noqa: ANN001
    """After "What did she publish in 2024?": "Any with code?" asks of those papers (on
    Chiquet's .bib it listed all 8 papers with code after his 2021 papers), and "How many of
    them are about deep image prior?" counts the ones of those on the topic, saying so."""
    settings, retriever, profile = qa
    listing = answer_question("What did she publish in 2024?", profile, retriever, settings)
    of_2024 = [p for p in profile.papers if p.year == 2024]
    assert set(listing.paper_ids) == {p.id for p in of_2024}
    code = answer_question("Any with code?", profile, retriever, settings, history=[listing])
    assert set(code.paper_ids) == {p.id for p in of_2024 if p.has_code}
    assert code.paper_ids and code.answer.startswith(f"Of those {len(of_2024)} papers")
    dip = answer_question(
        "How many of them are about deep image prior?",
        profile,
        retriever,
        settings,
        history=[listing],
    )
    titled = {p.id for p in of_2024 if "image prior" in p.title.lower()}
    assert titled <= set(dip.paper_ids) <= {p.id for p in of_2024}
    assert dip.answer.startswith(f"Of those {len(of_2024)} papers, {len(dip.paper_ids)} are about")


@pytest.mark.parametrize(
    "question",
    [
        "What is mQO?",
        "What does PAC-tuning do?",
        "What is Optimal Eye Surgeon?",
        "Which papers study the edge of stability?",
    ],
)
def test_extractive_answers_report_the_authors_not_speak_as_them(qa, question: str) -> None:  # noqa: ANN001
    """ "We term our approach mQO" is said as "The authors term their approach mQO"; the
    source's evidence stays the abstract's own words."""
    from agent.text import persons

    answer = ask(qa, QACase(question=question, kind="content"))
    assert not answer.refused
    assert all(not persons(s.text) & {"I", "we"} for s in answer.sentences), answer.answer
    quoted = " ".join(s.evidence for s in answer.sources)
    assert re.search(r"\b(?:We|we|our)\b", quoted)  # the quotes are verbatim
    assert "The authors" in answer.answer or "the authors" in answer.answer


def test_a_papers_quoted_sentence_names_the_asked_topic(qa) -> None:  # noqa: ANN001
    """For "which papers study the edge of stability", each paper is quoted with a sentence
    holding "stability" itself, not the best-scoring sentence of an abstract about it."""
    answer = ask(qa, QACase(question="Which papers study the edge of stability?", kind="content"))
    assert len(answer.sentences) >= 2
    for sentence in answer.sentences:
        body = sentence.text.split(": ", 1)[1]
        assert re.search(r"(?i)stability|\bEOS\b", body), sentence.text


def test_a_tool_over_an_empty_span_says_there_are_none(qa) -> None:  # noqa: ANN001
    """ "Who were her co-authors in 2010?": no papers from 2010 is the answer, not a refusal."""
    answer = ask(qa, QACase(question="Who were her co-authors in 2010?", kind="aggregate"))
    assert not answer.refused
    assert answer.answer.startswith("The profile lists 0 papers from 2010")


def test_an_aggregate_over_a_topic_runs_on_that_topics_papers(qa) -> None:  # noqa: ANN001
    """ "Who are her collaborators on moral self-correction?" counts co-authors on the three
    moral self-correction papers only; a topic no paper has is refused, not answered overall."""
    profile = qa[2]
    answer = ask(
        qa, QACase(question="Who are her collaborators on moral self-correction?", kind="x")
    )
    assert (
        set(answer.paper_ids) == paper_ids(profile, MORAL_SMALL, MORAL_CONVERGENCE, INTRINSIC)
        and "Guangliang Liu" in answer.answer
    )
    refused = ask(qa, QACase(question="Who are her co-authors on protein folding?", kind="x"))
    assert refused.refused


def test_a_coined_name_from_an_abstract_names_its_paper(qa) -> None:  # noqa: ANN001
    """LoRITa is named in its abstract, not its title: the code question still finds it."""
    answer = ask(qa, QACase(question="What is the GitHub link for LoRITa?", kind="x"))
    assert "https://github.com/XitongSystem/LoRITa/tree/main" in answer.answer
    assert set(answer.paper_ids) == paper_ids(qa[2], LORITA)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Has she published anything on medicine or healthcare?", GLOBMED),
        ("Is any of her work about finance or credit risk?", "A Hierarchical User Intention"),
    ],
)
def test_either_alternative_of_an_or_question_answers_it(qa, question: str, title: str) -> None:  # noqa: ANN001
    """A paper on one side of "X or Y" answers the question; both halves need not meet in one
    sentence (before, coverage counted both and the question was refused)."""
    answer = ask(qa, QACase(question=question, kind="x"))
    assert not answer.refused
    assert paper_ids(qa[2], title) <= set(answer.paper_ids)


def test_question_framing_is_not_a_topic_the_paper_must_hold(qa) -> None:  # noqa: ANN001
    """'What problems does the OES paper solve?' is about OES: 'problems' and 'solve' frame it."""
    answer = ask(qa, QACase(question="What problems does the OES paper solve?", kind="x"))
    assert not answer.refused and set(answer.paper_ids) == paper_ids(qa[2], OES)


def test_last_year_lists_that_years_papers(qa) -> None:  # noqa: ANN001
    """'What did she publish last year?' (as of 2026-11-28) is 2025's papers, not the latest one."""
    answer = ask(qa, QACase(question="What did she publish last year?", kind="x"))
    profile = qa[2]
    assert answer.route == "tool:list_papers"
    assert set(answer.paper_ids) == {p.id for p in profile.papers if p.year == 2025}


def test_an_affiliation_the_profile_lacks_is_refused(qa) -> None:  # noqa: ANN001
    answer = ask(qa, QACase(question="Where is she based?", kind="x"))
    assert answer.refused and answer.route == "tool:affiliation"


def test_a_ranked_paper_asked_what_it_is_about_is_summarised_from_its_abstract(qa) -> None:  # noqa: ANN001
    settings, retriever, profile = qa
    answer = answer_question("What was her first paper about?", profile, retriever, settings)
    first = min((p for p in profile.papers if p.year), key=lambda p: p.chronological_key())
    assert answer.sentences[0].text.startswith("The earliest paper listed is")
    assert len(answer.sentences) >= 2 and answer.paper_ids == [first.id]
    for sentence in answer.sentences[1:]:  # the paper's own words, reported
        assert " ".join(sentence.text.rstrip(".").split()[-4:]) in first.abstract
    plain = answer_question("What was her first paper?", profile, retriever, settings)
    assert len(plain.sentences) == 1


def test_a_listing_asked_for_summaries_gives_each_paper_a_sentence_of_its_own(qa) -> None:  # noqa: ANN001
    """ "Give me a one-line summary of each of her 2023 papers": every 2023 paper (by a plain
    filter), each title line followed by one sentence of that paper's own abstract."""
    settings, retriever, profile = qa
    question = "Give me a one-line summary of each of her 2023 papers."
    answer = answer_question(question, profile, retriever, settings)
    expected = {p.id for p in profile.papers if p.year == 2023}
    assert not answer.refused and set(answer.paper_ids) == expected and len(expected) == 3
    for pid in expected:
        own = [i for i, s in enumerate(answer.sentences) if s.citations == [pid]]
        assert len(own) == 2 and own[1] == own[0] + 1  # its line, then its sentence
        said = answer.sentences[own[1]].text.rstrip(".").split()[-4:]
        assert " ".join(said) in profile.paper(pid).abstract


def test_the_first_paper_on_a_topic_is_the_earliest_of_that_topics_papers(qa) -> None:  # noqa: ANN001
    """ "When did she start publishing on deep image prior?": the earliest of the papers whose
    title names it, not her first paper overall and not a search of sentences."""
    settings, retriever, profile = qa
    question = "When did she start publishing on deep image prior?"
    answer = answer_question(question, profile, retriever, settings)
    dip = [p for p in profile.papers if "deep image prior" in p.title.lower()]
    first = min(dip, key=lambda p: p.chronological_key())
    overall = min((p for p in profile.papers if p.year), key=lambda p: p.chronological_key())
    assert first.id != overall.id
    assert answer.route == "tool:earliest_paper" and answer.paper_ids == [first.id]
    assert answer.answer.startswith("The earliest paper listed about deep image prior is")


def test_a_paper_named_by_its_coined_name_answers_what_it_contributes(qa) -> None:  # noqa: ANN001
    """ "What are the key contributions of her OES paper?" was refused: the paper's own
    sentences answer it, and a topic the paper lacks is still refused."""
    settings, retriever, profile = qa
    oes = next(p for p in profile.papers if p.title.startswith("Optimal Eye Surgeon"))
    question = "What are the key contributions of her OES paper?"
    answer = answer_question(question, profile, retriever, settings)
    assert not answer.refused and answer.paper_ids == [oes.id]
    off = "Does the OES paper discuss protein folding?"
    assert answer_question(off, profile, retriever, settings).refused


def test_a_few_papers_in_no_theme_are_what_she_worked_on(qa) -> None:  # noqa: ANN001
    """Two papers of 2021 make no theme: what she worked on then is their titles, not a count
    per arXiv category."""
    settings, retriever, profile = qa
    answer = answer_question("What was she working on in 2021?", profile, retriever, settings)
    expected = [p for p in profile.papers if p.year == 2021]
    assert set(answer.paper_ids) == {p.id for p in expected} and len(expected) == 2
    assert all(p.title in answer.answer for p in expected)


def test_a_named_paper_asked_for_its_citations_gets_its_own_count(qa) -> None:  # noqa: ANN001
    settings, retriever, profile = qa
    answer = answer_question(
        "How many citations did the Optimal Eye Surgeon paper get?", profile, retriever, settings
    )
    assert answer.route == "tool:citation_summary"
    (oes,) = (p for p in profile.papers if p.id in paper_ids(profile, OES))
    assert answer.refused  # the page gives counts for no paper: it says so, naming the paper
    assert f"no citation count for {quoted_title(oes)}" in answer.answer
    assert "259" not in answer.answer
