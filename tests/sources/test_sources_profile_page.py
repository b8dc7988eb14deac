"""The scraped profile-page layout: the canonical sample, the bundled example, messy variants."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from data_paths import REPO
from data_paths import SAMPLE_PROFILE as SAMPLE

from agent.models import Profile, paper_id_for
from agent.settings import Settings
from agent.sources import load_profile
from agent.sources.profile_page import parse

REPO = REPO

EXAMPLE = REPO / "examples" / "ada-quinlan.profile.txt"
AS_OF = date(2026, 11, 28)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("data"), as_of=AS_OF)


@pytest.fixture(scope="module")
def sample(settings: Settings) -> Profile:
    return load_profile(SAMPLE, settings)


def by_title(profile: Profile, title: str):
    matches = [p for p in profile.papers if p.title == title]
    assert len(matches) == 1, title
    return matches[0]


def test_header_and_metrics(sample: Profile) -> None:
    assert (sample.name, sample.slug, sample.field) == ("Rongrong Wang", "rongrong-wang", "LG")
    m = sample.metrics
    assert (m.h_index, m.paper_count, m.citation_count) == (30, 30, 259)
    assert (m.novelty_pct, m.ai_score) == (53, 57)
    assert sample.paper_count == 30
    assert sample.warnings == ["h-index 30 needs at least 900 citations; profile says 259"]


def test_source_info(sample: Profile) -> None:
    import hashlib

    assert sample.source is not None
    assert sample.source.format == "profile"
    assert sample.source.path == str(SAMPLE)
    assert sample.source.sha256 == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()


EXPECTED = [
    dict(
        title="A Principled Self-Referenced Early Stopping Approach for Deep Image Prior",
        authors=["Chaoyan Huang", "Cheng-Han Huang", "Ismail R. Alkhouri"],
        authors_truncated=True,
        category="CV",
        date=date(2026, 5, 24),
        date_text="May 24",
        year=2026,
        year_inferred=True,
        has_code=False,
        code_url=None,
        start="Recently, Deep Image Prior (DIP) has demonstrated strong capabilities ",
        end="all without requiring an accurate estimate of the noise level.",
    ),
    dict(
        title="Neural Network Approximation of Continuous Functions in High Dimensions with "
        "Applications to Inverse Problems",
        authors=["Santhosh Karnik", "Rongrong Wang", "Mark Iwen"],
        authors_truncated=False,
        category="ML",
        date=date(2022, 8, 28),
        date_text="Aug 28, 2022",
        year=2022,
        year_inferred=False,
        has_code=False,
        code_url=None,
        start="The remarkable successes of neural networks in a huge variety of inverse problems",
        end="in a wider variety of inverse problems than current theory allows.",
    ),
    dict(
        title="Theoretical guarantees for the advantage of GNNs over NNs in generalizing "
        "bandlimited functions on Euclidean cubes",
        authors=["A. Martina Neuman", "Rongrong Wang", "Yuying Xie"],
        authors_truncated=False,
        category="LG",
        date=date(2022, 6, 13),
        date_text="Jun 13, 2022",
        year=2022,
        year_inferred=False,
        has_code=False,
        code_url=None,
        start="Graph Neural Networks (GNNs) have emerged as formidable resources",
        end="advancing our understanding of the practical GNN applications.",
    ),
    dict(
        title="Singular Vector Perturbation under Gaussian Noise",
        authors=["Rongrong Wang"],
        authors_truncated=False,
        category="NA",
        date=date(2014, 12, 10),
        date_text="Dec 10, 2014",
        year=2014,
        year_inferred=False,
        has_code=False,
        code_url=None,
        start="We perform a non-asymptotic analysis on the singular vector distribution under "
        "Gaussian noise. In particular, we provide sufficient conditions on a matrix for its "
        "first few singular vectors to have near normal distribution. Our result can be used "
        "to facilitate the error analysis in linear dimension reduction.",
        end="to facilitate the error analysis in linear dimension reduction.",
    ),
    dict(
        title="Differentiable Quadratic Optimization For The Maximum Independent Set Problem",
        authors=["Ismail Alkhouri", "Cedric Le Denmat", "Yingjie Li"],
        authors_truncated=True,
        category="DM",
        date=date(2024, 6, 27),
        date_text="Jun 27, 2024",
        year=2024,
        year_inferred=False,
        has_code=True,
        code_url="https://github.com/ledenmat/pCQO-mis-benchmark/tree/refactor",
        start="Combinatorial Optimization (CO) addresses many important problems, including",
        end="the GitHub repository: https://github.com/ledenmat/pCQO-mis-benchmark/tree/refactor.",
    ),
    dict(
        title="Structure-Preserving Network Compression Via Low-Rank Induced Training Through "
        "Linear Layers Composition",
        authors=["Xitong Zhang", "Ismail R. Alkhouri", "Rongrong Wang"],
        authors_truncated=False,
        category="LG",
        date=date(2024, 5, 6),
        date_text="May 6, 2024",
        year=2024,
        year_inferred=False,
        has_code=True,
        code_url="https://github.com/XitongSystem/LoRITa/tree/main",
        start="Deep Neural Networks (DNNs) have achieved remarkable success",
        end=r"Our code is available at \url{https://github.com/XitongSystem/LoRITa/tree/main}.",
    ),
    dict(
        title="Capacity Preserving Mapping for High-dimensional Data Visualization",
        authors=["Rongrong Wang", "Xiaopeng Zhang"],
        authors_truncated=False,
        category="LG",
        date=date(2019, 9, 29),
        date_text="Sep 29, 2019",
        year=2019,
        year_inferred=False,
        has_code=False,
        code_url=None,
        start="We provide a rigorous mathematical treatment to the crowding issue",
        end="We demonstrate the effectiveness of the new method using synthetic and real datasets.",
    ),
]


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: e["title"][:30])
def test_paper_fields_exact(sample: Profile, expected: dict) -> None:
    paper = by_title(sample, expected["title"])
    fields = {key: getattr(paper, key) for key in expected if key not in ("start", "end")}
    assert fields == {key: v for key, v in expected.items() if key not in ("start", "end")}
    assert paper.abstract.startswith(expected["start"])
    assert paper.abstract.endswith(expected["end"])
    assert paper.id == paper_id_for(expected["title"])
    assert (paper.venue, paper.citation_count, paper.external_ids) == (None, None, {})


def test_paper_order_follows_the_page(sample: Profile) -> None:
    assert sample.papers[0].title.startswith("A Principled Self-Referenced Early Stopping")
    assert sample.papers[6].title == "Singular Vector Perturbation under Gaussian Noise"
    assert sample.papers[-1].title.startswith("Capacity Preserving Mapping")


def test_exactly_three_code_papers(sample: Profile) -> None:
    code = {p.title.split(":")[0][:40]: p.code_url for p in sample.papers if p.has_code}
    assert code == {
        "Differentiable Quadratic Optimization Fo": (
            "https://github.com/ledenmat/pCQO-mis-benchmark/tree/refactor"
        ),
        "Optimal Eye Surgeon": "https://github.com/Avra98/Optimal-Eye-Surgeon.git",
        "Structure-Preserving Network Compression": (
            "https://github.com/XitongSystem/LoRITa/tree/main"
        ),
    }
    assert all(p.code_url is None for p in sample.papers if not p.has_code)


def test_four_dates_without_year_are_inferred(sample: Profile) -> None:
    inferred = {p.date_text: p.date for p in sample.papers if p.year_inferred}
    assert inferred == {
        "May 24": date(2026, 5, 24),
        "Jan 5": date(2026, 1, 5),
        "Mar 23": date(2026, 3, 23),
        "May 7": date(2026, 5, 7),
    }
    assert all(p.year == p.date.year for p in sample.papers)


def test_year_inference_follows_as_of() -> None:
    profile = parse(SAMPLE.read_text(encoding="utf-8"), as_of=date(2026, 5, 10))
    inferred = {p.date_text: p.date for p in profile.papers if p.year_inferred}
    assert inferred["May 24"] == date(2025, 5, 24)
    assert inferred["May 7"] == date(2026, 5, 7)


def test_every_paper_is_complete(sample: Profile) -> None:
    assert all(p.title and p.authors and p.category and p.date for p in sample.papers)
    assert all(len(p.abstract) > 200 for p in sample.papers)
    assert sum(p.authors_truncated for p in sample.papers) == 24
    assert {p.category for p in sample.papers} == {"CV", "LG", "ML", "CL", "NA", "DM", "AI"}


def test_abstract_text_kept_verbatim(sample: Profile) -> None:
    paper = by_title(
        sample,
        "AGENTiGraph: An Interactive Knowledge Graph Platform for "
        "LLM-based Chatbots Utilizing Private Data",
    )
    assert paper.abstract.startswith("Large Language Models~(LLMs) have demonstrated")
    raw = " ".join(SAMPLE.read_text(encoding="utf-8").split())
    assert all(p.abstract in raw for p in sample.papers)


def test_ids_unique_and_stable(settings: Settings, sample: Profile) -> None:
    again = load_profile(SAMPLE, settings)
    ids = [p.id for p in sample.papers]
    assert len(set(ids)) == 30
    assert ids == [p.id for p in again.papers]
    assert all(p.id == paper_id_for(p.title) for p in sample.papers)


def test_example_parses_cleanly(settings: Settings) -> None:
    profile = load_profile(EXAMPLE, settings)
    assert (profile.name, profile.field, profile.paper_count) == ("Ada Quinlan", "CL", 7)
    assert profile.warnings == []
    assert profile.metrics.paper_count == 7
    assert [p.code_url for p in profile.papers if p.has_code] == [
        "https://github.com/quinlan-lab/tidepool"
    ]
    assert [p.date for p in profile.papers if p.year_inferred] == [date(2026, 3, 3)]
    assert sum(p.authors_truncated for p in profile.papers) == 1
    assert all("Ada Quinlan" in p.authors for p in profile.papers)


def _sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def _summary(profile: Profile) -> list[tuple]:
    return [
        (
            p.id,
            p.title,
            tuple(p.authors),
            p.authors_truncated,
            p.category,
            p.date,
            p.has_code,
            p.code_url,
            p.abstract,
        )
        for p in profile.papers
    ]


@pytest.fixture(scope="module")
def reference() -> list[tuple]:
    return _summary(parse(_sample_text(), as_of=AS_OF))


def test_crlf_and_bom_give_the_same_profile(
    tmp_path: Path, settings: Settings, reference: list[tuple]
) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + _sample_text().replace("\n", "\r\n").encode("utf-8"))
    assert _summary(load_profile(path, settings)) == reference


def test_missing_blank_lines_and_extra_spaces(reference: list[tuple]) -> None:
    squeezed = "\n".join(
        "  " + line.replace(" ", "   ") + "\t"
        for line in _sample_text().split("\n")
        if line.strip()
    )
    assert _summary(parse(squeezed, as_of=AS_OF)) == reference


def test_paper_without_author_line() -> None:
    text = _sample_text().replace(
        "\nRongrong Wang\n\nWe perform a non-asymptotic", "\n\nWe perform a non-asymptotic"
    )
    profile = parse(text, as_of=AS_OF)
    paper = profile.papers[6]
    assert (paper.title, paper.authors) == ("Singular Vector Perturbation under Gaussian Noise", [])
    assert paper.abstract.startswith("We perform a non-asymptotic analysis")
    assert profile.paper_count == 30


def test_paper_without_title_is_skipped_with_a_warning() -> None:
    text = "Ana Ruiz\n\nLGMay 2, 2024\n\nCVJun 3, 2023\nA Title\n\nAna Ruiz\n\nAn abstract.\n"
    profile = parse(text, as_of=AS_OF)
    assert [p.title for p in profile.papers] == ["A Title"]
    assert profile.warnings == ["paper 1 (LGMay 2, 2024): no title; skipped"]


def test_code_marker_without_url_and_impossible_date() -> None:
    text = "Ana Ruiz\n\nLGFeb 30, 2024Code\nA Title\n\nAna Ruiz, Bo Li\n\nWe study things.\n"
    profile = parse(text, as_of=AS_OF)
    paper = profile.papers[0]
    assert (paper.has_code, paper.code_url, paper.date, paper.date_text) == (
        True,
        None,
        None,
        "Feb 30, 2024",
    )
    assert paper.authors == ["Ana Ruiz", "Bo Li"]
    assert profile.warnings == ["paper 1 (LGFeb 30, 2024Code): unreadable date 'Feb 30, 2024'"]


def test_name_from_author_when_page_has_none() -> None:
    text = "LGMay 2, 2024\nA Title\n\nAna Ruiz\n\nWe study things.\n"
    assert parse(text, as_of=AS_OF, author="Ana Ruiz").name == "Ana Ruiz"


def test_code_marker_on_its_own_line() -> None:
    text = "Ana Ruiz\n\nLGMay 2, 2024\nCode\nA Title\nAna Ruiz\nSee github.com/ana/tool).\n"
    paper = parse(text, as_of=AS_OF).papers[0]
    assert (paper.title, paper.has_code, paper.code_url) == (
        "A Title",
        True,
        "https://github.com/ana/tool",
    )
    assert paper.abstract == "See github.com/ana/tool)."
