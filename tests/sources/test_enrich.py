"""Per-paper methods/tasks/domains: only terms written in the paper's title or abstract."""

from __future__ import annotations

import pytest
from pydantic import SecretStr
from standin import StandIn, chat_json, clear_llm_env

from agent.llm.connect import open_llm
from agent.models import Paper, Profile
from agent.settings import Settings, get_settings
from agent.sources.enrich import enrich_profile, term_choices
from agent.text import occurs_in

PAPER = Paper(
    title="Deep Image Prior for Seismic Denoising",
    abstract="We apply the deep image prior to remove noise from seismic data. "
    "The method needs no training data and improves seismic imaging.",
)
PROFILE = Profile(name="Test Person", papers=[PAPER])


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_llm_env(monkeypatch)


def test_term_choices_are_phrases_of_the_paper() -> None:
    choices = term_choices(PAPER.title, PAPER.abstract)
    assert choices[:2] == ["deep image prior", "seismic denoising"]
    assert "seismic data" in choices and "method" not in choices and "data" not in choices
    assert all(occurs_in(c, f"{PAPER.title} {PAPER.abstract}") for c in choices)


def test_ungrounded_and_generic_terms_are_reasked_then_dropped(tmp_path) -> None:
    answer = {
        "methods": ["Deep Image Prior", "diffusion models"],
        "tasks": ["data"],
        "domains": ["Seismic imaging"],
    }
    with StandIn() as standin:
        standin.enqueue(chat_json(answer), chat_json(answer))
        settings = get_settings(
            Settings(data_dir=tmp_path),
            llm_base_url=standin.url,
            model="standin-model",
            api_key=SecretStr("sk-test"),
            llm_max_retries=1,
        )
        enriched = enrich_profile(PROFILE, settings)
        reask = standin.chat_requests()[1].body["messages"][-1]["content"]
    paper = enriched.papers[0]
    assert (paper.methods, paper.tasks, paper.domains) == (
        ["deep image prior"],
        [],
        ["seismic imaging"],
    )
    assert "method 'diffusion models' does not occur in the text" in reask
    assert "term 'data' is too generic" in reask
    assert PROFILE.papers[0].methods == []  # the input profile is not changed


def test_no_llm_leaves_the_profile_alone(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path, no_llm=True)
    assert enrich_profile(PROFILE, settings) is PROFILE


@pytest.mark.slow
@pytest.mark.llm
def test_real_model_terms_occur_in_their_paper(tmp_path, sample_path) -> None:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python is not installed")
    from agent.sources import load_profile

    parsed = load_profile(sample_path, Settings(data_dir=tmp_path, no_llm=True))
    profile = parsed.model_copy(update={"papers": parsed.papers[:3]})
    settings = Settings(data_dir=tmp_path)
    with open_llm(settings):
        enriched = enrich_profile(profile, settings)
    for paper in enriched.papers:
        source = f"{paper.title}\n{paper.abstract}"
        for term in paper.methods + paper.tasks + paper.domains:
            assert occurs_in(term, source), f"{term!r} is not in {paper.title!r}"
            assert term == term.casefold()
    assert [p.id for p in enriched.papers] == [p.id for p in profile.papers]
