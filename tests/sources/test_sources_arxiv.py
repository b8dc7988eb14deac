"""arXiv OAI metadata JSONL: selecting one author's papers from the shared sample."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from data_paths import ARXIV_SAMPLE as SAMPLE

from agent.errors import InputError
from agent.settings import Settings
from agent.sources import load_profile
from agent.sources.arxiv_jsonl import parse
from agent.venues import journal_of

AS_OF = date(2026, 11, 28)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", as_of=AS_OF)


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def record(**fields: object) -> str:
    base = {
        "id": "2401.00001",
        "title": "A Title",
        "abstract": "An abstract.",
        "categories": "cs.LG",
        "doi": None,
        "comments": None,
        "journal-ref": None,
        "versions": [{"version": "v1", "created": "Mon, 1 Jan 2024 10:00:00 GMT"}],
        "authors_parsed": [["Ruiz", "Ana", ""], ["Li", "Bo", ""]],
    }
    return json.dumps({**base, **fields})


def test_author_selects_two_papers(settings: Settings) -> None:
    profile = load_profile(SAMPLE, settings, author="Vahid Partovi Nia")
    assert (profile.name, profile.slug, profile.paper_count) == (
        "Vahid Partovi Nia",
        "vahid-partovi-nia",
        2,
    )
    assert profile.source is not None and profile.source.format == "arxiv"
    assert profile.warnings == []
    first, second = profile.papers
    assert first.title == "Training Integer-Only Deep Recurrent Neural Networks"
    assert first.authors == [
        "Vahid Partovi Nia",
        "Eyyüb Sari",
        "Vanessa Courville",
        "Masoud Asgharian",
    ]
    assert (first.category, first.date, first.year, first.date_text) == (
        "cs.LG",
        date(2022, 12, 22),
        2022,
        "Thu, 22 Dec 2022 15:22:36 GMT",
    )
    assert first.external_ids == {"arxiv": "2212.11791"}
    assert (first.has_code, first.code_url, first.authors_truncated) == (False, None, False)
    assert first.abstract.startswith(
        "Recurrent neural networks (RNN) are the backbone of many text and speech applications."
    )
    assert first.abstract.endswith(
        "maintaining similar accuracy as its full-precision counterpart."
    )
    assert second.title == (
        "EuclidNets: An Alternative Operation for Efficient Inference of Deep Learning Models"
    )


@pytest.mark.parametrize(
    "name",
    [
        "Marcus Michelen",
        "M. Michelen",
        "M Michelen",
        "Michelen, Marcus",
        "MARCUS MICHELEN",
        " marcus   michelen ",
    ],
)
def test_name_variants_match(name: str) -> None:
    profile = parse(sample_text(), as_of=AS_OF, author=name)
    assert [p.external_ids["arxiv"] for p in profile.papers] == ["2212.11867"]
    assert profile.papers[0].authors == ["Marcus Michelen", "Xuan-Truong Vu"]


@pytest.mark.parametrize(
    "name",
    [
        "Eyyub Sari",
        "EYYÜB SARI",
        "E. Sari",
        "X.-T. Vu",
        "Scott Milner",
        "Scott T. Milner",
        "S. T. Milner",
    ],
)
def test_accents_initials_and_middle_names(name: str) -> None:
    assert parse(sample_text(), as_of=AS_OF, author=name).paper_count == 1


@pytest.mark.parametrize("name", ["Michelen", "Mark Michelen", "Marcus Michel", "Xinlin Lee"])
def test_other_people_do_not_match(name: str) -> None:
    with pytest.raises(InputError, match="no record lists the author"):
        parse(sample_text(), as_of=AS_OF, author=name)


def test_doi_venue_and_code_from_comments() -> None:
    li = parse(sample_text(), as_of=AS_OF, author="Jie-Lin Li").papers[0]
    assert li.external_ids == {"arxiv": "2212.11861", "doi": "10.1088/1674-1137/ac600c"}
    assert (li.venue, li.category) == ("Chinese Physics C46, (2022) 073106", "hep-ph")
    assert li.title == (
        "Radiative decays of the charmed mesons in a modified relativistic quark model"
    )
    banik = parse(sample_text(), as_of=AS_OF, author="Sumit Banik").papers[0]
    assert (banik.has_code, banik.code_url) == (
        True,
        "https://github.com/SumitBanikGit/MBConicHulls",
    )


def test_without_author_asks_for_one(tmp_path: Path, settings: Settings) -> None:
    with pytest.raises(InputError) as err:
        load_profile(SAMPLE, settings)
    assert str(err.value) == (
        f"{SAMPLE}: the records list several authors and no --author was "
        'given (pass --author "First Last" to choose whose papers to load)'
    )


def test_sole_common_author_is_inferred() -> None:
    text = "\n".join(
        [
            record(),
            record(
                id="2401.00002",
                title="Another",
                authors_parsed=[["Ruiz", "Ana", ""], ["Wu", "Kai", ""]],
            ),
        ]
    )
    profile = parse(text, as_of=AS_OF)
    assert (profile.name, profile.paper_count) == ("Ana Ruiz", 2)


def test_the_sole_author_is_found_under_initials_and_named_in_full() -> None:
    text = "\n".join(
        [
            record(authors_parsed=[["Ruiz", "A.", ""], ["Li", "Bo", ""]]),
            record(id="2401.00002", authors_parsed=[["Wu", "Kai", ""], ["Ruiz", "Ana", ""]]),
        ]
    )
    profile = parse(text, as_of=AS_OF)
    assert (profile.name, profile.paper_count) == ("Ana Ruiz", 2)


def test_bad_line_is_named(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        record() + "\n\n" + record(id="2")[:-1] + "\n" + record(id="3") + "\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as err:
        load_profile(path, settings, author="Ana Ruiz")
    assert str(err.value).startswith(f"{path}: line 3 is not valid JSON (")
    assert str(err.value).endswith("(the file looks truncated or corrupt; export it again)")


def test_truncated_last_line(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_text(sample_text()[:-300], encoding="utf-8")
    with pytest.raises(InputError, match=r"line 49 is not valid JSON"):
        load_profile(path, settings, author="Marcus Michelen")


def test_json_array_and_pretty_single_record() -> None:
    array = "[" + record() + ",\n" + record(id="2401.00002", title="Two") + "]"
    assert parse(array, as_of=AS_OF, author="Ana Ruiz").paper_count == 2
    pretty = json.dumps(json.loads(record()), indent=2)
    assert parse(pretty, as_of=AS_OF, author="Bo Li").papers[0].title == "A Title"


def test_duplicates_and_unusable_records_become_warnings() -> None:
    text = "\n".join(
        [
            record(),
            record(),
            record(id="2401.00003", title="  "),
            record(
                id="2401.00004",
                title="Fine",
                versions=[],
                update_date="2024-02-03",
                authors_parsed=None,
                authors="Ana Ruiz and Kai Wu",
            ),
        ]
    )
    profile = parse(text, as_of=AS_OF, author="Ana Ruiz")
    assert [p.title for p in profile.papers] == ["A Title", "Fine"]
    assert profile.papers[1].authors == ["Ana Ruiz", "Kai Wu"]
    assert profile.papers[1].date == date(2024, 2, 3)
    assert profile.warnings == [
        "line 2: arXiv 2401.00001 repeated; first record kept",
        "line 3: record skipped (title: String should have at least 1 character)",
    ]


@pytest.mark.parametrize(
    ("reference", "journal"),
    [
        ("Phys. Rev. B 74, 024520 (2006)", "Phys. Rev. B"),
        ("Int. J. Mod. Phys. B, 26, 1244002 (2012)", "Int. J. Mod. Phys. B"),
        ("Physical Review B 82, 060515(R) (2010)", "Physical Review B"),
        ("Annals of Physics 324, 523 (2009).", "Annals of Physics"),
        ("JHEP 1005:045,2010", "JHEP"),
        # kept whole: a series letter on the volume, an article number, a year in the name
        ("Chinese Physics C46, (2022) 073106", "Chinese Physics C46, (2022) 073106"),
        ("J. Stat. Mech. (2011) P02014", "J. Stat. Mech. (2011) P02014"),
        ("Proceedings of the 2010 IEEE Conference", "Proceedings of the 2010 IEEE Conference"),
    ],
)
def test_a_journal_reference_is_its_journals_name(reference: str, journal: str) -> None:
    assert journal_of(reference) == journal


def test_a_journal_abbreviated_and_written_out_is_one_venue_either_way_round() -> None:
    """Del Maestro's feed has 'Phys. Rev. B' on 5 papers and 'Physical Review B' on 3: asked
    for either, all 8 (the venues answer already counted them as one)."""
    from agent.venues import venue_matches

    assert venue_matches("Physical Review B", "Phys. Rev. B")
    assert venue_matches("Phys. Rev. B", "Physical Review B")
    assert not venue_matches("Physical Review Letters", "Phys. Rev. B")
