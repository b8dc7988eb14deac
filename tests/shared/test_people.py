"""Person keys on the name forms real sources write: initials, accents, 'Surname, Given'."""

from __future__ import annotations

import json
from datetime import date

import pytest
from data_paths import SAMPLES

from agent.people import PersonIndex, compatible, parse_name


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("M. Newman", "E. A. Newman", False),  # S2 writes initials: two people
        ("E. A. Newman", "E. Newman", True),
        ("E. A. Newman", "E. B. Newman", False),
        ("Ismail R. Alkhouri", "Ismail Alkhouri", True),
        ("A. Turing", "Alan Turing", True),
        ("Alan Turing", "Alice Turing", False),
        ("Newman, E. A.", "E. A. Newman", True),  # BibTeX / DBLP order
        ("EA Newman", "E. A. Newman", True),  # PubMed-style initials
        ("Emily M Huntsman", "Emily M. Huntsman", True),
        ("José Müller", "Jose Muller", True),  # accents folded
        ("Cedric Le Denmat", "C. Le Denmat", True),  # particle kept in the surname
        ("L. Cantley", "Lewis C. Cantley", True),
        ("J. Blenis", "L. Cantley", False),
    ],
)
def test_compatible_names(a: str, b: str, same: bool) -> None:
    assert compatible(a, b) is same
    assert compatible(b, a) is same


def test_parse_name_splits_given_and_surname() -> None:
    form = parse_name("Newman, E. A.")
    assert form.surname == "newman"
    assert form.given == (("e", ""), ("a", ""))
    assert parse_name("Cheng-Han Huang").given == (("c", "cheng-han"),)


def test_an_initial_two_full_names_fit_stays_its_own_person() -> None:
    people = PersonIndex(["Alan Turing", "Alice Turing", "A. Turing", "Alan M. Turing"])
    assert people.same("Alan Turing", "Alan M. Turing")
    assert not people.same("Alan Turing", "Alice Turing")
    assert not people.same("A. Turing", "Alan Turing")  # could be either
    assert not people.same("A. Turing", "Alice Turing")


def test_an_initial_with_one_full_name_joins_it() -> None:
    people = PersonIndex(["A. Turing", "Alan Turing", "B. Turing"])
    assert people.same("A. Turing", "Alan Turing")
    assert not people.same("B. Turing", "Alan Turing")
    assert people.names_of(people.key("A. Turing")) == ["Alan Turing", "A. Turing"]


def test_s2_author_forms() -> None:
    """The author strings of the real S2 pages (L. Cantley): initials and full names."""
    names = set()
    for page in ("offset0", "offset800"):
        data = json.loads((SAMPLES / f"s2_author_1723755_papers_{page}.json").read_text())
        names |= {a["name"] for p in data["data"] for a in p["authors"]}
    people = PersonIndex(names)
    assert people.same("Jared L. Johnson", "Jared Lee Johnson")
    assert people.same("James D Johnson", "James D. Johnson")
    assert not people.same("James D. Johnson", "Jared L. Johnson")
    assert people.same("R. Bronson", "R. T. Bronson")
    assert people.same("S. Jewel", "Scott D. Jewel")
    assert not people.same("R. Smith", "Richard D. Smith")  # or Roderick L. Smith
    assert not people.same("M. Smith", "Clare M. Smith")
    for key in {people.key(n) for n in names}:
        firsts = {parse_name(n).given[0][0] for n in people.names_of(key) if parse_name(n).given}
        assert len(firsts) <= 1, people.names_of(key)


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("Łukasz Kaiser", "Lukasz Kaiser"),  # a letter NFKD does not decompose
        ("Øyvind Tafjord", "Oyvind Tafjord"),
        ("Adrián Pérez-Salinas", "Adrian Perez-Salinas"),
        ("Jürgen Schmidhuber", "Jurgen Schmidhuber"),
        ("Đorđe Nikolić", "Dorde Nikolic"),
    ],
)
def test_one_ascii_key_for_names_slugs_and_author_matches(written: str, plain: str) -> None:
    from agent.models import slugify
    from agent.sources.arxiv_jsonl import name_tokens

    people = PersonIndex([written, plain])
    assert people.same(written, plain)
    assert slugify(written) == slugify(plain) == plain.lower().replace(" ", "-")
    assert name_tokens(written) == name_tokens(plain)


def test_an_accented_owner_is_not_their_own_coauthor() -> None:
    from agent.models import Paper, Profile
    from agent.people import coauthors_of

    paper = Paper(id="p1", title="Variational quantum classifiers", authors=[])
    profile = Profile(slug="adrian", name="Adrian Perez-Salinas", papers=[paper])
    authors = ["Adrián Pérez-Salinas", "Łukasz Cincio"]
    assert coauthors_of(profile, authors) == ["Łukasz Cincio"]


def test_vancouver_names_put_the_initials_last() -> None:
    """Publication lists write 'Eglen SJ'; the person is 'Stephen J. Eglen', not 'S. Eglen-SJ'."""
    assert parse_name("Eglen SJ").surname == "eglen"
    assert [i for i, _ in parse_name("Eglen SJ").given] == ["s", "j"]
    assert parse_name("Le Denmat C").surname == "le denmat"
    assert parse_name("EA Newman").surname == "newman"  # initials first stay first
    people = PersonIndex(["Stephen J. Eglen", "Eglen SJ", "SJ Eglen", "Eglen S", "Reese BE"])
    assert people.same("Stephen J. Eglen", "Eglen SJ") and people.same("Eglen S", "SJ Eglen")
    assert not people.same("Eglen SJ", "Reese BE")


@pytest.mark.parametrize(
    ("name", "cited"),
    [
        ("Avrajit Ghosh", "Ghosh A"),
        ("Cheng-Han Huang", "Huang CH"),  # a hyphenated given name gives two initials
        ("Ismail R. Alkhouri", "Alkhouri IR"),
        ("Chiquet, Julien", "Chiquet J"),  # BibTeX order
        ("Mark A. van de Wiel", "van de Wiel MA"),  # the particle stays with the surname
        ("Élodie Dupont", "Dupont É"),  # accents kept: a citation is displayed, not matched
        ("Martin Luther King Jr.", "King ML Jr"),
        ("Eglen SJ", "Eglen SJ"),  # already in that form
        ("王蓉蓉", "王蓉蓉"),  # one word: as written
    ],
)
def test_names_as_nlm_citations_write_them(name: str, cited: str) -> None:
    from agent.people import vancouver_name

    assert vancouver_name(name) == cited


def test_nlm_reference_of_a_real_bibtex_record() -> None:
    from agent.facts import nlm_reference, paper_evidence
    from agent.sources.bibtex import parse

    bib = (SAMPLES / "bibtex_chiquet_journal.bib").read_text(encoding="utf-8")
    profile = parse(bib, as_of=date(2026, 12, 1), author="Chiquet")
    papers = {p.title: p for p in profile.papers}
    paper = papers["Inferring multiple graphical models"]
    assert nlm_reference(paper) == (
        "Chiquet J, Grandvalet Y, Ambroise C. Inferring multiple graphical models. "
        "Statistics and Computing. 2011. doi:10.1007/s11222-010-9191-2"
    )
    assert nlm_reference(paper, identifier=False).endswith("Statistics and Computing. 2011.")
    assert nlm_reference(paper) in paper_evidence(paper)  # `verify` accepts the reference line
    many = max(papers.values(), key=lambda p: len(p.authors))
    listed, _ = nlm_reference(many).split(", et al. ")
    assert len(many.authors) > 10 and listed.count(", ") == 9  # NLM: ten authors, then et al.
