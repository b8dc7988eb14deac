"""ORCID, OpenAlex, DBLP and BibTeX records (real ones, tests/data/samples), parsed as they are."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from data_paths import SAMPLES

from agent.errors import InputError
from agent.settings import Settings
from agent.sources import load_profile
from agent.sources.openalex import abstract_from_index

AS_OF = date(2026, 11, 28)


@pytest.fixture
def settings(tmp_path) -> Settings:  # noqa: ANN001
    return Settings(data_dir=tmp_path / "data", as_of=AS_OF, no_llm=True)


def test_orcid_works_list_of_stephen_eglen(settings: Settings) -> None:
    path = SAMPLES / "orcid_v3_0000-0001-8607-8025_works.json"
    profile = load_profile(path, settings, author="Stephen Eglen")
    assert (profile.source.format, profile.name, profile.paper_count) == (
        "orcid",
        "Stephen Eglen",
        74,
    )
    first = profile.papers[0]
    assert (first.title, first.date, first.venue, first.doi) == (
        "Open Code and Peer Review",
        date(2020, 2, 4),
        "Open Science Talk",
        "10.7557/19.5311",
    )
    assert first.url == "https://doi.org/10.7557/19.5311"
    assert first.external_ids["orcid-put-code"] == "68392001"
    assert sum(1 for p in profile.papers if p.doi) == 54
    assert sum(1 for p in profile.papers if p.year is None) == 14
    kinds = Counter(t for p in profile.papers for t in p.publication_types)
    assert kinds["journal-article"] == 50 and kinds["data-set"] == 1
    assert "74 of 74 papers have no abstract" in profile.warnings[0]


def test_orcid_single_work_names_its_owner_and_strips_markup(settings: Settings) -> None:
    profile = load_profile(SAMPLES / "orcid_v3_0000-0002-0734-2199_work_77226586.json", settings)
    (paper,) = profile.papers
    assert profile.name == "Sebastian Kreutzer"  # the contributor with the record's ORCID iD
    assert paper.authors == [
        "Sebastian Kreutzer",
        "Chantal Tribolo",
        "Loïc Martin",
        "Norbert Mercier",
    ]
    assert (paper.title, paper.venue, paper.date) == (
        "Dose-Rate Estimation using α-Al2O3:C Chips: Aftermath",
        "Ancient TL",
        date(2020, 6, 1),
    )
    assert paper.abstract.startswith("We present additional experiments for α-Al2O3:C chips")
    assert "<sub>" not in paper.abstract


def test_orcid_xml_record_reads_like_its_json_form(settings: Settings) -> None:
    """pub.orcid.org serves XML by default: ORCID's own v3.0 record sample, every field."""
    profile = load_profile(SAMPLES / "orcid_v3_record_sample.xml", settings)
    assert (profile.source.format, profile.name, profile.affiliation) == (
        "orcid",
        "credit-name",
        "employment-org",
    )
    [paper] = profile.papers
    assert (paper.title, paper.date, paper.year, paper.venue) == (
        "common:title",
        date(1948, 2, 2),
        1948,
        "Procedia Computer Science",
    )
    assert paper.external_ids == {"agr": "external-id-value", "orcid-put-code": "0"}
    assert paper.publication_types == ["artistic-performance"]
    assert (profile.other_names, profile.keywords, profile.links, profile.biography) == (
        ["other-name-1"],
        ["keyword1"],
        ["http://url.com/"],
        "biography",
    )
    assert "user1@email.com" not in profile.model_dump_json()  # emails are never read


def test_orcid_xml_works_list(settings: Settings) -> None:
    profile = load_profile(SAMPLES / "orcid_v3_works_sample.xml", settings, author="A B")
    assert [(p.title, p.date, p.publication_types[0]) for p in profile.papers] == [
        ("Work # 0", date(2017, 3, 3), "conference-paper"),
        ("Work # 1", date(2017, 2, 2), "conference-paper"),
        ("Work # 2", date(2017, 3, 3), "journal-article"),
    ]
    assert profile.papers[1].external_ids["arxiv"] == "123456"
    assert profile.papers[2].venue == "some journal title"


def test_orcid_full_record_json_names_the_person_and_current_employer(settings: Settings) -> None:
    profile = load_profile(SAMPLES / "orcid_v3_record_sandbox.json", settings)
    assert (profile.name, profile.affiliation) == ("Three releasecandidate1", "common:name")
    assert profile.links == ["https://site1.com/", "http://www.fjksbl.com"]
    assert profile.other_names[0] == "Other Name" and "keyword1" in profile.keywords
    [paper] = profile.papers
    assert (paper.title, paper.date, paper.venue) == (
        "Work Title",
        date(2012, 10, 1),
        "Jounral Title",
    )


def test_openalex_works_list(settings: Settings) -> None:
    path = SAMPLES / "openalex_works_list_sample5.json"
    with pytest.raises(InputError, match="no author is on most of these works"):
        load_profile(path, settings)  # five random works: nobody's profile
    profile = load_profile(path, settings, author="Maria Franca Norese")
    assert profile.source.format == "openalex" and profile.paper_count == 5
    electre = profile.papers[4]
    assert (electre.year, electre.venue, electre.citation_count, electre.doi) == (
        2004,
        "Land Use Policy",
        106,
        "10.1016/j.landusepol.2004.08.009",
    )
    assert electre.authors == ["Maria Franca Norese"]
    assert electre.fields_of_study == ["Urban Planning and Valuation"]
    glue = profile.papers[2]
    assert len(glue.abstract.split()) == 175 and glue.abstract[:1].isupper()


def test_openalex_abstract_is_rebuilt_in_word_order() -> None:
    index = {"Deep": [0], "priors": [1, 4], "are": [2], "not": [3]}
    assert abstract_from_index(index) == "Deep priors are not priors"
    assert abstract_from_index(None) == "" and abstract_from_index({"x": "bad"}) == ""


def test_dblp_person_page(settings: Settings) -> None:
    profile = load_profile(SAMPLES / "dblp_person_95-7448-1.xml", settings)
    assert (profile.source.format, profile.name, profile.paper_count) == ("dblp", "Di Xu", 8)
    assert profile.affiliation.startswith("University of British Columbia")
    first = profile.papers[0]
    assert (first.title, first.year, first.venue, first.doi) == (
        "Automatic stereoscopic 3D video reframing",
        2012,
        "3DTV-Conference",
        "10.1109/3DTV.2012.6365428",
    )
    assert first.authors == ["Lino Coria-Mendoza", "Di Xu", "Panos Nasiopoulos"]  # no "0001"
    assert Counter(t for p in profile.papers for t in p.publication_types) == {
        "inproceedings": 7,
        "article": 1,
    }


def test_dblp_person_aliases_and_pages(settings: Settings, tmp_path) -> None:  # noqa: ANN001
    """A DBLP person's other names and web pages, as DBLP writes them in <person>."""
    path = tmp_path / "person.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<dblpperson name="Ana Ruiz 0002" pid="1/2-2" n="1">'
        '<person key="homepages/1/2-2"><author pid="1/2-2">Ana Ruiz 0002</author>'
        '<author pid="1/2-2">Ana M. Ruiz-Lopez</author>'
        "<url>https://orcid.org/0000-0002-1825-0097</url><url>https://ana.example.org/</url>"
        '<note type="affiliation">University of Lyon, France</note></person>'
        '<r><article key="journals/x/Ruiz20"><author pid="1/2-2">Ana Ruiz 0002</author>'
        "<title>Graphs.</title><year>2020</year><journal>J. X</journal></article></r>"
        "</dblpperson>",
        encoding="utf-8",
    )
    profile = load_profile(path, settings)
    assert (profile.name, profile.affiliation) == ("Ana Ruiz", "University of Lyon, France")
    assert profile.other_names == ["Ana M. Ruiz-Lopez"]
    assert profile.links == ["https://orcid.org/0000-0002-1825-0097", "https://ana.example.org/"]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("cut.xml", "<dblpperson name='A B'><r><article>", "invalid XML at line 1 column 35"),
        ("empty.json", '{"meta": {"count": 0}, "results": []}', "no works found (an empty"),
        ("orcid.json", '{"group": [{"work-summary": [{"title": null}]}]}', "no works found"),
        ("unclosed.bib", "@article{x,\n  title = {Unclosed {brace,\n  year = {2020}\n}\n",
         "no BibTeX entry could be read"),
        ("orcid-error.json", '{"response-code": 404, "developer-message": "404 Not Found", '
         '"user-message": "The resource was not found.", "error-code": 9016}',
         "an ORCID API error body (error 9016: The resource was not found.)"),
        ("openalex-error.json", '{"error": "Invalid query parameters error.", "message": "bad '
         'filter"}', "an API error body (Invalid query parameters error.: bad filter)"),
        ("cut.pdf", "%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "unreadable PDF"),
        ("empty-orcid.xml", '<record:record xmlns:record="http://www.orcid.org/ns/record"/>',
         "no 'group' list of works in the ORCID record"),
        ("cut-orcid.xml", '<record:record xmlns:record="http://www.orcid.org/ns/record"><x>',
         "invalid XML at line 1 column"),
    ],
)  # fmt: skip
def test_broken_records_are_one_line(settings: Settings, tmp_path, name, text, message) -> None:  # noqa: ANN001
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_profile(path, settings, author="A B")
    assert err.value.exit_code == 2 and message in str(err.value) and "\n" not in str(err.value)


def test_bibtex_list_of_julien_chiquet(settings: Settings) -> None:
    """His own .bib: upper-case field names, LaTeX accents, 'and others', @preprint."""
    profile = load_profile(SAMPLES / "bibtex_chiquet_journal.bib", settings)
    assert (profile.source.format, profile.name, profile.paper_count) == (
        "bibtex",
        "Julien Chiquet",
        48,
    )  # the author on 42 of 48 entries
    assert sum(1 for p in profile.papers if p.abstract) == 15
    assert sum(1 for p in profile.papers if p.doi) == 46
    cmr = next(p for p in profile.papers if p.title.startswith("Variational inference for prob"))
    assert cmr.authors == ["Julien Chiquet", "Mahendra Mariadassou", "Stéphane Robin"]  # St\'ephane
    assert (cmr.year, cmr.venue) == (2018, "Ann. Appl. Statist.")
    truncated = [p for p in profile.papers if p.authors_truncated]  # "... and others"
    assert len(truncated) == 2 and all("others" not in p.authors for p in truncated)
    kinds = Counter(t for p in profile.papers for t in p.publication_types)
    assert kinds == {"article": 42, "inproceedings": 2, "incollection": 2, "preprint": 2}
    first = profile.papers[0]
    assert first.external_ids == {
        "bibtex": "hornung2026overcoming",
        "doi": "10.1098/rsos.252489",
        "arxiv": "2602.03863",
        "hal": "hal-05642924",
    }
    assert sum(p.has_code for p in profile.papers) == 8
    sbm = next(p for p in profile.papers if p.title.startswith("missSBM"))  # "&amp;lt;p&amp;gt;"
    assert sbm.abstract.startswith("The stochastic block model is a popular probabilistic model")
    assert not any(m in p.abstract for p in profile.papers for m in ("&amp;", "&lt;", "<p>"))


def test_homepage_bib_with_jekyll_front_matter_and_co_first_marks(settings: Settings) -> None:
    """al-folio's _bibliography/papers.bib, the .bib most academic homepages keep."""
    profile = load_profile(SAMPLES / "bibtex_alfolio_shang.bib", settings)
    assert (profile.source.format, profile.name, profile.paper_count) == (
        "bibtex",
        "Yuzhang Shang",
        33,
    )
    names = {name for paper in profile.papers for name in paper.authors}
    assert not [n for n in names if any(mark in n for mark in "*^")]
    assert {"Zhihang Yuan", "Yong Jae Lee", "Yan Yan"} <= names
    [asvd] = [p for p in profile.papers if p.title.startswith("ASVD")]
    assert asvd.authors[:2] == ["Zhihang Yuan", "Yuzhang Shang"]  # were "Yuan*", "Shang*"
    assert asvd.external_ids["arxiv"] == "2312.05821"
    assert asvd.code_url == "https://github.com/hahnyuan/ASVD4LLM"


def test_homepage_bib_of_acl_anthology_entries(settings: Settings) -> None:
    profile = load_profile(SAMPLES / "bibtex_alfolio_zhang.bib", settings)
    assert (profile.name, profile.paper_count) == ("Yichi Zhang", 13)
    [trip] = [p for p in profile.papers if p.title.startswith("Tiered Reasoning")]
    assert "machines' true ability" in trip.abstract
    assert trip.external_ids["doi"] == "10.18653/v1/2021.findings-emnlp.422"
    [labes] = [p for p in profile.papers if "Latent Belief States" in p.title]
    assert "demands to 50% without" in labes.abstract
    [illusions] = [p for p in profile.papers if p.title.startswith("Grounding Visual Illusions")]
    assert illusions.code_url == "https://github.com/vl-illusion/dataset"  # from the abstract


def test_bib_authors_written_between_commas_are_people(settings: Settings, tmp_path) -> None:  # noqa: ANN001
    """A homepage's "A B (Org), C D, E F and G H" is five people; "King, Jr., Martin" is one."""
    path = tmp_path / "mine.bib"
    path.write_text(
        "---\n---\n@book{miller,\n  title={Structured Credit Assignment in Mice},\n"
        "  author={Kevin Miller (Deepmind), Laurence Freeman, Yu Jin Oh, Matthew Botvinick "
        "(Deepmind) and Kenneth Harris},\n  year={2023}\n}\n"
        "@article{king, title={T}, author={King, Jr., Martin Luther and Yu Jin Oh}, year={1960}}\n",
        encoding="utf-8",
    )
    profile = load_profile(path, settings)
    assert profile.name == "Yu Jin Oh"
    assert [p.authors for p in profile.papers] == [
        ["Kevin Miller", "Laurence Freeman", "Yu Jin Oh", "Matthew Botvinick", "Kenneth Harris"],
        ["Martin Luther King Jr.", "Yu Jin Oh"],
    ]


def test_two_people_on_every_entry_are_named_in_the_error(settings: Settings, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "pair.bib"
    path.write_text(
        "@article{a, title={One}, author={Wang, Zhuo and Zhang, Wei}, year={2022}}\n"
        "@article{b, title={Two}, author={Zhang, Wei and Wang, Zhuo and Liu, Ning}, year={2021}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_profile(path, settings)
    assert str(err.value) == (
        f"{path}: Zhuo Wang and Wei Zhang are on equally many of these entries "
        "(pass --author to name the researcher)"
    )


def test_bibtex_needs_a_name_when_no_author_dominates(settings: Settings, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "refs.bib"
    path.write_text("@article{a1,\n  title = {A paper},\n  year = 2020\n}\n", encoding="utf-8")
    with pytest.raises(InputError, match="no author is on most of these entries"):
        load_profile(path, settings)
    assert load_profile(path, settings, author="Ana Ruiz").papers[0].title == "A paper"


def test_bibtex_values_keep_their_percent_signs_and_plain_text_is_left_as_written(
    settings: Settings,
    tmp_path,  # noqa: ANN001
) -> None:
    """A bare % in a field is a percent sign (LaTeX would read it as a comment and drop the
    rest of the abstract); LaTeX in a value is still decoded."""
    path = tmp_path / "own.bib"
    path.write_text(
        "@article{a, title={Effects of {\\'e}tude dosing}, author={A B}, year={2020},\n"
        " abstract={Mortality fell by 12% (95% CI 3--20\\%) in the treated group.}}\n"
        "@article{b, title={A plain title, as written}, author={A B}, year={2021}}\n",
        encoding="utf-8",
    )
    first, second = load_profile(path, settings).papers
    assert first.title == "Effects of étude dosing"
    assert first.abstract == "Mortality fell by 12% (95% CI 3–20%) in the treated group."
    assert second.title == "A plain title, as written"


def test_bibtex_text_without_markup_gets_latex_dashes_and_quotes_and_keeps_its_ampersand(
    settings: Settings,
    tmp_path,  # noqa: ANN001
) -> None:
    """No command, group or math: dashes and quotes as LaTeX typesets them, an & kept (pylatexenc
    reads it as a table column and drops it) and the value decoded without a LaTeX parse."""
    path = tmp_path / "own.bib"
    path.write_text(
        "@article{a, title={Gates & Melinda -- a ``fair'' test---again}, author={A B},"
        " year={2020}, abstract={Rates fell 20% over 1990--2000 at p~0.05.}}\n",
        encoding="utf-8",
    )
    (paper,) = load_profile(path, settings).papers
    assert paper.title == "Gates & Melinda – a “fair” test—again"
    assert paper.abstract == "Rates fell 20% over 1990–2000 at p 0.05."
