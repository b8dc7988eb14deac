"""Semantic Scholar author JSON: the fictional fixture, a papers page, damaged records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from data_paths import FIXTURES, SAMPLES

from agent.errors import InputError
from agent.models import Profile
from agent.settings import Settings
from agent.sources import load_profile
from agent.sources.semantic_scholar import parse

FIXTURE = FIXTURES / "s2-author-fictional.json"
AS_OF = date(2026, 11, 28)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", as_of=AS_OF)


@pytest.fixture
def profile(settings: Settings) -> Profile:
    return load_profile(FIXTURE, settings)


def fixture_data() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_author_and_metrics(profile: Profile) -> None:
    assert (profile.name, profile.slug) == ("Selin Varga", "selin-varga")
    assert profile.affiliation == "Lakeshore Institute of Technology"
    m = profile.metrics
    assert (m.h_index, m.paper_count, m.citation_count) == (4, 5, 58)
    assert (m.novelty_pct, m.ai_score) == (None, None)
    assert profile.paper_count == 5
    assert profile.warnings == [
        "1 of 5 papers have no abstract; what is said of them rests on their titles and venues"
    ]
    assert profile.source is not None and profile.source.format == "s2"


def test_paper_with_code_and_ids(profile: Profile) -> None:
    paper = profile.papers[0]
    assert paper.title == "Sparse Probing of Tabular Foundation Models"
    assert paper.authors == ["Selin Varga", "Okoro Adebayo", "Hélène Marchetti"]
    assert (paper.category, paper.venue, paper.citation_count) == (
        "Computer Science",
        "International Conference on Machine Learning",
        23,
    )
    assert (paper.date, paper.date_text, paper.year, paper.year_inferred) == (
        date(2024, 5, 2),
        "2024-05-02",
        2024,
        False,
    )
    assert (paper.has_code, paper.code_url) == (
        True,
        "https://github.com/svarga-lab/sparse-tab-probe",
    )
    assert paper.external_ids == {
        "arxiv": "2405.01234",
        "doi": "10.48550/arXiv.2405.01234",
        "corpusid": "900001",
        "s2": "f3a1c0de0000000000000000000000000000a001",
    }
    assert paper.abstract.startswith("Tabular foundation models are used without knowing")


def test_null_abstract(profile: Profile) -> None:
    paper = profile.papers[1]
    assert paper.title == "Missing Values as Signal in Clinical Risk Scores"
    assert (paper.abstract, paper.has_code, paper.code_url) == ("", False, None)
    assert (paper.category, paper.citation_count, paper.date) == ("Medicine", 17, date(2023, 9, 14))


def test_null_publication_date_keeps_year(profile: Profile) -> None:
    paper = profile.papers[2]
    assert paper.title == "Column Embeddings for Schema Matching"
    assert (paper.date, paper.year, paper.date_text) == (None, 2021, "2021")
    assert (paper.category, paper.venue) == (None, None)
    assert paper.external_ids == {
        "corpusid": "900003",
        "s2": "f3a1c0de0000000000000000000000000000a003",
    }


def test_all_papers_in_order(profile: Profile) -> None:
    assert [p.year for p in profile.papers] == [2024, 2023, 2021, 2022, 2020]
    assert [p.citation_count for p in profile.papers] == [23, 17, 9, 6, 3]
    assert profile.papers[3].authors == ["Selin Varga", "Tomás Lindgren", "R. Castellanos"]
    assert sum(p.has_code for p in profile.papers) == 1


def test_papers_page_names_the_author_on_every_paper() -> None:
    """An /author/{id}/papers page has no name: the author on (nearly) every paper is it."""
    papers = fixture_data()["papers"]
    page = json.dumps({"offset": 0, "data": papers})
    profile = parse(page, as_of=AS_OF)
    assert (profile.name, profile.paper_count, profile.metrics.h_index) == ("Selin Varga", 5, None)
    for paper in papers[:2]:
        paper["authors"] = [{"name": "Someone Else"}]
    with pytest.raises(InputError, match="author object has no name"):
        parse(json.dumps({"data": papers}), as_of=AS_OF)  # on 3 of 5: not the page's author
    profile = parse(json.dumps({"data": papers}), as_of=AS_OF, author="Selin Varga")
    assert profile.name == "Selin Varga"


def test_real_papers_page_of_l_cantley(settings: Settings) -> None:
    """The real S2 /author/1723755/papers last page: 79 papers, 6 with no year."""
    profile = load_profile(SAMPLES / "s2_author_1723755_papers_offset800.json", settings)
    assert (profile.name, profile.paper_count) == ("L. Cantley", 79)
    assert sum(p.year is None for p in profile.papers) == 6
    assert sum(1 for p in profile.papers if p.abstract) == 40
    assert "39 of 79 papers have no abstract" in profile.warnings[0]
    first = profile.papers[0]
    assert (first.venue, first.citation_count, first.doi) == (
        "The Journal of General Physiology",
        82,
        "10.1085/JGP.93.2.285",
    )
    assert (
        first.url
        == "https://www.semanticscholar.org/paper/833c06d33753a4c676bad7474647f714e00e12cb"
    )
    assert first.fields_of_study == ["Chemistry", "Medicine", "Biology"]
    assert first.publication_types == ["JournalArticle"]
    assert first.open_access_pdf == "https://rupress.org/jgp/article-pdf/93/2/285/1249135/285.pdf"
    assert all(p.citation_count is not None for p in profile.papers)
    assert sum(1 for p in profile.papers if p.open_access_pdf) == 8
    assert sum(1 for p in profile.papers if p.doi) == 63


def test_damaged_paper_is_skipped_with_warning() -> None:
    data = fixture_data()
    data["papers"][4]["title"] = None
    data["papers"][3]["authors"] = "not a list"
    data["papers"][2]["publicationDate"] = "2021-13-40"
    profile = parse(json.dumps(data), as_of=AS_OF)
    assert [p.year for p in profile.papers] == [2024, 2023, 2021]
    assert profile.papers[2].date is None
    assert profile.warnings == [
        "paper 4 (f3a1c0de0000000000000000000000000000a004) skipped: authors is not a list",
        "paper 5 (f3a1c0de0000000000000000000000000000a005) skipped: title: String should "
        "have at least 1 character",
        "profile says 5 papers; 3 are listed",
        "1 of 3 papers have no abstract; what is said of them rests on their titles and venues",
    ]


def test_forced_format_on_wrong_json(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_profile(path, settings, fmt="s2")
    assert str(err.value) == (
        f"{path}: expected a JSON object for one author "
        "(save the full response of GET /graph/v1/author/{id} with fields "
        "including papers)"
    )
