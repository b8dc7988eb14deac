"""arXiv API Atom feeds (what export.arxiv.org/api/query answers), read as arXiv metadata."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from data_paths import SAMPLES

from agent.errors import InputError
from agent.settings import Settings
from agent.sources import load_profile
from agent.sources.detect import detect_format

AUTHOR_FEED = SAMPLES / "arxiv_atom_au_del_maestro.xml"  # au:del_maestro, 10 entries (2016)
ONE_ENTRY = SAMPLES / "arxiv_atom_id_1605.08386.xml"  # id_list=1605.08386 (2026 layout)
ERROR = SAMPLES / "arxiv_atom_error_id_abc.xml"  # the API's answer to a malformed id


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", as_of=date(2026, 11, 28))


def test_feeds_are_detected_as_arxiv_and_other_atom_is_not() -> None:
    for path in (AUTHOR_FEED, ONE_ENTRY, ERROR):
        assert detect_format(path.read_text("utf-8")) == "arxiv"
    assert detect_format('<feed xmlns="http://www.w3.org/2005/Atom"><title>blog</title>') is None


def test_an_author_query_is_that_authors_papers_with_every_field(settings: Settings) -> None:
    """The person is the one author on every entry, under either of their written names
    ("A. Del Maestro" on 4 entries, "Adrian Del Maestro" on 6), named by the fuller one."""
    profile = load_profile(AUTHOR_FEED, settings)
    assert (profile.name, profile.paper_count) == ("Adrian Del Maestro", 10)
    paper = next(p for p in profile.papers if p.external_ids.get("arxiv") == "cond-mat/0603029")
    assert paper.title == (
        "From stripe to checkerboard order on the square lattice in the presence of quenched "
        "disorder"
    )
    assert paper.abstract.startswith("We discuss the effects of quenched disorder on a model")
    assert paper.abstract.endswith("measured in scanning tunneling microscopy experiments.")
    assert paper.authors == ["Adrian Del Maestro", "Bernd Rosenow", "Subir Sachdev"]
    assert (paper.date, paper.year, paper.category) == (date(2006, 3, 2), 2006, "cond-mat.str-el")
    assert paper.external_ids == {"arxiv": "cond-mat/0603029", "doi": "10.1103/PhysRevB.74.024520"}
    assert paper.venue == "Phys. Rev. B"  # of its reference "Phys. Rev. B 74, 024520 (2006)"
    initials = [p for p in profile.papers if "A. Del Maestro" in p.authors]
    assert len(initials) == 4  # their papers too, under the initial


def test_the_current_layout_with_an_author_named(settings: Settings) -> None:
    profile = load_profile(ONE_ENTRY, settings, author="Tobias Windisch")
    (paper,) = profile.papers
    assert paper.title == "Heat-bath random walks with Markov bases"
    assert paper.authors == ["Caprice Stanley", "Tobias Windisch"]
    assert (paper.date, paper.category) == (date(2016, 5, 26), "math.CO")
    assert paper.external_ids == {"arxiv": "1605.08386"}
    assert paper.venue is None and not paper.has_code


def test_an_error_answer_and_a_cut_feed_are_one_line_errors(
    settings: Settings, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match="the arXiv API answered with an error: incorrect id"):
        load_profile(ERROR, settings)
    cut = tmp_path / "cut.xml"
    cut.write_text(AUTHOR_FEED.read_text("utf-8")[:2000], encoding="utf-8")
    with pytest.raises(InputError, match=r"invalid XML at line \d+ column \d+"):
        load_profile(cut, settings, fmt="arxiv")
    empty = tmp_path / "none.xml"
    text = AUTHOR_FEED.read_text("utf-8")
    empty.write_text(text[: text.index("<entry>")] + "</feed>\n", encoding="utf-8")
    with pytest.raises(InputError, match="no entries"):
        load_profile(empty, settings)


def test_questions_on_the_feed_count_both_spellings_and_a_venue_it_lacks(
    settings: Settings,
) -> None:
    """'Physical Review B' (5 of its 8 papers are 'Phys. Rev. B') and 'Nature' (a word its
    abstracts use, lower-case: no topic) on a real feed."""
    from agent.qa.route import route_question
    from agent.qa.tools import run_tool

    profile = load_profile(AUTHOR_FEED, settings)
    route = route_question("Which papers appeared in Physical Review B?", profile)
    assert len(run_tool(profile, "list_papers", route.filter).paper_ids) == 8
    route = route_question("Does he have any papers in Nature?", profile)
    assert (route.kind, route.filter.venue) == ("tool", "Nature")
    assert run_tool(profile, route.tool or "", route.filter).paper_ids == []


def test_a_venue_asked_in_its_abbreviated_form_is_no_topic(settings: Settings) -> None:
    """'Phys. Rev. B' left 'phys' and 'rev' as a topic (searched, refused)."""
    from agent.qa.route import route_question

    profile = load_profile(AUTHOR_FEED, settings)
    route = route_question("How many papers are in Phys. Rev. B?", profile)
    assert (route.kind, route.tool, route.filter.venue) == ("tool", "count_papers", "Phys. Rev. B")
