"""Questions on real profiles people keep (homepage .bib files, ORCID works): a key term meets
the other forms of its word in titles, every paper whose title names the topic answers, a
yes/no question about a topic the profile lacks is refused instead of listing the themes, and a
list answer lists every paper it counts (titles that are questions included)."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import SAMPLE_SLUG
from data_paths import SAMPLE_PROFILE, SAMPLES

from agent.embed.cache import CachedEmbedder, EmbeddingCache
from agent.models import Profile
from agent.qa.answer import answer_question
from agent.qa.answer_models import Answer
from agent.settings import Settings
from agent.store.ingest import ingest_path
from agent.store.retrieve import Retriever

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, sample_store: Settings, bundled_model):  # noqa: ANN001, ANN201
    """(settings, retriever, slug of the one-work profile) over Shang's and Zhang's .bib, Eglen's
    ORCID works, the sample and an OpenAlex record of one work (Piwowar, Priem et al. 2018)."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("topics"), as_of="2026-11-28", no_llm=True)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sample_store.cache_db, settings.cache_db)
    embedder = CachedEmbedder(bundled_model, EmbeddingCache(settings.cache_db))
    ingest_path(SAMPLES / "bibtex_alfolio_shang.bib", settings, embedder=embedder)
    ingest_path(SAMPLES / "bibtex_alfolio_zhang.bib", settings, embedder=embedder)
    orcid = SAMPLES / "orcid_v3_0000-0001-8607-8025_works.json"
    ingest_path(orcid, settings, author="Stephen Eglen", embedder=embedder)
    ingest_path(SAMPLE_PROFILE, settings, embedder=embedder)
    work = ingest_path(
        SAMPLES / "openalex_work_W2741809807.json",
        settings,
        author="Jason Priem",
        embedder=embedder,
    )
    return settings, Retriever(settings, embedder=embedder), work.slug


def ask(store, slug: str, question: str) -> tuple[Answer, Profile]:  # noqa: ANN001
    settings, retriever, _ = store
    profile = retriever.index(slug).profile
    return answer_question(question, profile, retriever, settings), profile


def titled(profile: Profile, pattern: str) -> set[str]:
    """The ids of the papers whose title matches ``pattern`` (the truth, by a plain filter)."""
    return {p.id for p in profile.papers if re.search(pattern, p.title, re.IGNORECASE)}


def test_a_count_on_a_topic_counts_every_form_of_its_word(store) -> None:  # noqa: ANN001
    answer, profile = ask(store, "yuzhang-shang", "How many papers on distillation?")
    expected = titled(profile, r"\bdistill")  # "Distilling Long-tailed Datasets" among them
    assert len(expected) == 6
    assert set(answer.paper_ids) == expected
    assert "6 papers about distillation" in answer.answer


def test_every_paper_whose_title_names_the_topic_is_listed(store) -> None:  # noqa: ANN001
    answer, profile = ask(store, "yuzhang-shang", "Which papers are about quantization?")
    expected = titled(profile, r"\bquantiz")  # "... Fully Quantized Training ..." among them
    assert len(expected) == 10
    assert set(answer.paper_ids) == expected


def test_a_title_naming_every_key_term_answers_however_it_embeds(store) -> None:  # noqa: ANN001
    answer, profile = ask(store, "yuzhang-shang", "What has he done on diffusion models?")
    assert titled(profile, r"Diffusion Model Quantization") <= set(answer.paper_ids)
    assert titled(profile, r"\bdiffusion models?\b") <= set(answer.paper_ids)


@pytest.mark.parametrize(
    ("slug", "question"),
    [
        ("stephen-eglen", "Has he studied financial markets?"),
        (SAMPLE_SLUG, "Does she have any experience in clinical trials?"),
        (SAMPLE_SLUG, "Has she written about general relativity?"),  # 'relativity'/'related'
    ],
)
def test_a_yes_no_question_on_a_topic_the_profile_lacks_is_refused(
    store,  # noqa: ANN001
    slug: str,
    question: str,
) -> None:
    answer, _ = ask(store, slug, question)
    assert answer.refused, answer.answer
    assert answer.paper_ids == []


@pytest.mark.parametrize(
    "question",
    ["Is there a common thread in her research?", "Does she have a main research focus?"],
)
def test_a_yes_no_question_about_the_research_as_a_whole_gets_the_themes(
    store,  # noqa: ANN001
    question: str,
) -> None:
    answer, _ = ask(store, SAMPLE_SLUG, question)
    assert answer.route == "tool:research_areas"
    assert "research themes" in answer.answer


def test_a_yes_no_question_on_a_topic_the_profile_has_lists_its_papers(store) -> None:  # noqa: ANN001
    answer, profile = ask(store, "stephen-eglen", "Has he studied the retina?")
    assert not answer.refused
    assert set(answer.paper_ids) <= titled(profile, r"\bretina")
    assert len(answer.paper_ids) == 10  # a list answer's length; the profile has more


def test_a_list_answer_lists_every_paper_it_counts(store) -> None:  # noqa: ANN001
    # two of the six are titled as questions ("Can Foundation Models ... Guide You ...?")
    answer, profile = ask(store, "yichi-zhang", "Which papers did she write with Joyce Chai?")
    expected = {p.id for p in profile.papers if "Joyce Chai" in p.authors}
    assert len(expected) == 6
    assert answer.answer.startswith("The profile lists 6 papers co-authored with Joyce Chai")
    listed = {c for s in answer.sentences[1:] for c in s.citations}
    assert listed == expected
    assert "Guide You Step by Step to Make a Cake?" in answer.answer


@pytest.mark.parametrize("question", ["Is she a good researcher?", "Should we hire her?"])
def test_a_judgement_asked_of_the_profile_is_refused_with_the_reason(store, question: str) -> None:  # noqa: ANN001
    from agent.qa.out_of_scope import NO_JUDGEMENT

    answer, _ = ask(store, SAMPLE_SLUG, question)
    assert answer.refused and answer.answer == NO_JUDGEMENT
    assert answer.sources == []


@pytest.mark.parametrize(
    ("slug", "question", "activity"),
    [
        ("yuzhang-shang", "Which journals does he review for?", "reviews or edits"),
        ("yuzhang-shang", "Is he an editor of any journal?", "reviews or edits"),
        ("yichi-zhang", "What kind of papers does she cite?", "cites or reads"),
        ("yichi-zhang", "Which conferences did she attend in 2023?", "attends or organises"),
        ("yichi-zhang", "What is the impact factor of the venues she publishes in?", "impact"),
        (SAMPLE_SLUG, "What year was she born?", "birth date"),
        (SAMPLE_SLUG, "What awards has she won?", "awards"),  # was her latest paper
        ("yuzhang-shang", "What grants does he hold?", "grants or funding"),
        (SAMPLE_SLUG, "How many PhD students does she supervise?", "students"),
        ("yichi-zhang", "Where did she get her PhD?", "degrees or education"),
    ],
)
def test_an_activity_no_publication_record_keeps_is_refused_with_the_reason(
    store,  # noqa: ANN001
    slug: str,
    question: str,
    activity: str,
) -> None:
    """These were answered with the venue list, a sentence that says 'journals' or the latest
    paper, or refused without the reason."""
    answer, _ = ask(store, slug, question)
    assert answer.refused and answer.sources == []
    assert activity in answer.answer and "does not record" in answer.answer


def test_papers_about_teaching_are_searched_not_refused(store) -> None:  # noqa: ANN001
    answer, profile = ask(store, "stephen-eglen", "Does he teach?")
    assert not answer.refused
    assert set(answer.paper_ids) <= titled(profile, r"\bteach")


def test_a_filter_the_records_cannot_apply_is_a_refusal_saying_what_they_lack(store) -> None:  # noqa: ANN001
    """Eglen's ORCID works list no authors: which are with Willshaw the profile cannot say."""
    answer, _ = ask(store, "stephen-eglen", "What did he publish with Willshaw?")
    assert answer.refused
    assert answer.answer.startswith("The profile lists no authors for its papers")
    kinds, _ = ask(store, SAMPLE_SLUG, "What kinds of publications does she have?")
    assert kinds.refused and "files none of its papers" in kinds.answer
    counted, _ = ask(store, "yichi-zhang", "How many conference papers does she have?")
    assert not counted.refused


def test_a_venue_no_paper_is_in_has_no_papers_and_a_profile_without_venues_says_so(store) -> None:  # noqa: ANN001
    """ "Has she published at NeurIPS?" on Zhang's .bib (no entry is in NeurIPS, by a plain
    filter): none, not her latest paper; on the sample page, which names no venues: refused,
    saying so."""
    answer, profile = ask(store, "yichi-zhang", "Has she published at NeurIPS?")
    assert not any(
        re.search(r"neurips|neural information", p.venue or "", re.I) for p in profile.papers
    )
    assert not answer.refused and answer.paper_ids == []
    assert answer.answer.startswith("The profile lists 0 papers in NeurIPS")
    sample, _ = ask(store, SAMPLE_SLUG, "Has she published at NeurIPS?")
    assert sample.refused and sample.answer.startswith("The profile names no venue for its papers")
    known, profile = ask(store, "yuzhang-shang", "How many papers did he publish at CVPR?")
    assert set(known.paper_ids) == {p.id for p in profile.papers if "CVPR" in (p.venue or "")}


def test_a_profile_of_one_work_answers_for_his_paper(store) -> None:  # noqa: ANN001
    """An OpenAlex record of one work: "his paper" is that work, and what he works on is that
    work (it has no category to count)."""
    slug = store[2]
    when, profile = ask(store, slug, "When was his paper published?")
    (paper,) = profile.papers
    assert not when.refused and when.paper_ids == [paper.id] and "2018" in when.answer
    about, _ = ask(store, slug, "What is his paper about?")
    assert not about.refused and about.paper_ids == [paper.id]
    assert all(s.text.rstrip(".").split()[-1] in paper.abstract for s in about.sentences)
    areas, _ = ask(store, slug, "What does he work on?")
    assert paper.title in areas.answer and "category" not in areas.answer


def test_a_topic_written_as_an_acronym_meets_it_in_either_number_and_spelled_out(store) -> None:  # noqa: ANN001
    """ "papers about LLMs" on Shang's .bib: titles say "LLMs", "PB-LLM", "LLM Inference" and
    "Large Language Models" (all of them, by a plain filter; 4 were counted before)."""
    answer, profile = ask(store, "yuzhang-shang", "How many of his papers are about LLMs?")
    expected = titled(profile, r"\bLLMs?\b|large language models?")
    assert len(expected) == 7
    assert set(answer.paper_ids) == expected


def test_what_a_record_lacks_is_said_when_asked(store) -> None:  # noqa: ANN001
    """Eglen's ORCID works list no authors: "who are his co-authors?" says so (it answered that
    the author lists name no co-authors, citing all 74 papers)."""
    answer, _ = ask(store, "stephen-eglen", "Who are his co-authors?")
    assert answer.refused and answer.answer.startswith("The profile lists no authors for its")


def test_papers_not_about_a_topic_are_the_others(store) -> None:  # noqa: ANN001
    """'Which papers aren't about deep image prior?' listed the papers about it."""
    about, profile = ask(store, SAMPLE_SLUG, "How many papers are about deep image prior?")
    others, _ = ask(store, SAMPLE_SLUG, "Which papers aren't about deep image prior?")
    assert others.route == "tool:list_papers" and not others.refused
    assert not set(others.paper_ids) & titled(profile, r"deep image prior")
    assert not set(others.paper_ids) & set(about.paper_ids)
    assert len(others.paper_ids) + len(about.paper_ids) == len(profile.papers)
    assert "not about deep image prior" in others.answer
