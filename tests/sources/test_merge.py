"""One person from several sources: deduplicated papers, the source of every field, conflicts said.

Real pairs: Stephen Eglen's ORCID works and his own publication list (tests/data/samples); Jason
Priem's OpenAlex author object and one of his OpenAlex works; the canonical profile page and eight
of its records as her own .bib would hold them (tests/fixtures/rongrong-wang-own.bib, written here).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli
from data_paths import FIXTURES, SAMPLE_PROFILE, SAMPLES

from agent.models import Metrics, Paper, Profile, SourceInfo
from agent.settings import Settings
from agent.sources import load_profile
from agent.sources.merge import merge_profiles

ORCID = SAMPLES / "orcid_v3_0000-0001-8607-8025_works.json"
PUBLIST = SAMPLES / "publications_eglen.qmd"
OPENALEX_AUTHOR = SAMPLES / "openalex_author_A5023888391.json"  # Jason Priem, no works
OPENALEX_WORK = SAMPLES / "openalex_work_W2741809807.json"  # nine authors, Priem among them
OWN_BIB = FIXTURES / "rongrong-wang-own.bib"
AS_OF = "2026-11-28"


@pytest.fixture(scope="module")
def eglen() -> Profile:
    settings = Settings(data_dir=Path("/nonexistent"))
    orcid = load_profile(ORCID, settings, author="Stephen Eglen")
    publist = load_profile(PUBLIST, settings, author="Stephen Eglen")
    return merge_profiles([("orcid", orcid), ("list", publist)], "stephen-eglen")


def _titled(profile: Profile, start: str) -> Paper:
    [paper] = [p for p in profile.papers if p.title.startswith(start)]
    return paper


def test_the_same_work_in_two_sources_is_one_paper(eglen: Profile) -> None:
    assert len(eglen.papers) == 94  # 74 ORCID works + 62 references - 42 found in both
    assert sum(len(p.sources) == 2 for p in eglen.papers) == 42
    assert len({p.id for p in eglen.papers}) == 94
    by_doi = _titled(eglen, "Ten Simple Rules for Taking Advantage of Git and")
    assert by_doi.sources == ["orcid", "list"] and by_doi.doi == "10.1371/journal.pcbi.1004947"
    by_title = _titled(eglen, "Unsupervised discovery of invariances")  # DOIs written apart
    assert by_title.sources == ["orcid", "list"]
    preprint = _titled(eglen, "Ten Simple Rules for Taking Advantage of git")  # ORCID's two
    assert preprint.sources == ["orcid"] and preprint.doi == "10.1101/048744"
    # a 2021 replication of a 2008 paper under the same title stays a paper of its own
    assert {p.year for p in eglen.papers if "retinal mosaics of two types" in p.title} == {
        2008,
        2021,
    }


def test_every_field_says_which_source_gave_it(eglen: Profile) -> None:
    paper = _titled(eglen, "Toward standard practices for sharing computer code")
    assert paper.provenance["title"] == "orcid" and paper.provenance["year"] == "orcid"
    assert paper.provenance["authors"] == "list"  # the ORCID summary names no authors
    assert paper.authors[:2] == ["Eglen SJ", "Marwick B"]
    assert paper.venue == "Nature Neuroscience" and paper.provenance["venue"] == "orcid"
    only_listed = _titled(eglen, "Homophilic wiring principles")
    assert only_listed.sources == ["list"] and only_listed.provenance["venue"] == "list"
    assert [(r.key, r.format, r.vouches, r.papers) for r in eglen.sources] == [
        ("orcid", "orcid", True, 74),
        ("list", "publist", True, 62),
    ]


def test_disagreements_are_warnings_not_silent_choices(eglen: Profile) -> None:
    years = [w for w in eglen.warnings if w.startswith("year differs")]
    assert any(
        '"Retinotopic Development, Models of": 2015 (orcid) vs 2014 (list)' in w for w in years
    )
    listed = [p for p in eglen.papers if p.title == "Retinotopic Development, Models of"]
    assert [(p.year, p.sources) for p in listed] == [(2015, ["orcid", "list"]), (2013, ["orcid"])]
    venues = [w for w in eglen.warnings if w.startswith("venue differs")]
    assert venues and all("kept orcid's" in w for w in venues)


def _one(key: str, fmt: str, papers: list[Paper], **header: object) -> tuple[str, Profile]:
    source = SourceInfo(path=f"/data/{key}", format=fmt, sha256=key)
    return key, Profile(name="Ada Quinlan", papers=papers, source=source, **header)


def test_matching_rules() -> None:
    own = _one("own.bib", "bibtex", [
        Paper(title="Sparse coding of natural scenes, Part I", year=2019),
        Paper(title="Deep priors for imaging", year=2020, external_ids={"doi": "10.1/ABC"}),
        Paper(title="Graph learning at scale", year=2015),
        Paper(title="Graph learning at scale.", year=2015),  # the source's own two records
    ])  # fmt: skip
    aggregator = _one("openalex.json", "openalex", [
        Paper(title="Sparse coding of natural scenes, Part II", year=2019),
        Paper(title="Deep Priors For Imaging (extended)", year=2021,
              external_ids={"doi": "https://doi.org/10.1/abc"}, citation_count=7),
        Paper(title="Graph Learning at Scale", year=2018),
    ])  # fmt: skip
    merged = merge_profiles([aggregator, own])  # the person's own source leads, given first or not
    assert [r.key for r in merged.sources] == ["own.bib", "openalex.json"]
    titles = sorted(p.title for p in merged.papers)
    assert len(titles) == 7 - 1  # only the DOI pair merges
    assert "Sparse coding of natural scenes, Part II" in titles  # "Part I" is not "Part II"
    deep = [p for p in merged.papers if p.doi][0]
    assert deep.sources == ["own.bib", "openalex.json"] and deep.citation_count == 7
    assert deep.provenance["citation_count"] == "openalex.json"
    assert any(
        w.startswith('year differs: "Deep priors for imaging": 2020 (own.bib) vs 2021')
        for w in merged.warnings
    )


def test_each_sources_metrics_are_kept_and_a_disagreement_said() -> None:
    paper = [Paper(title="Deep priors for imaging", year=2020)]
    s2 = _one("s2.json", "s2", paper, metrics=Metrics(h_index=12, citation_count=400))
    openalex = _one("oa.json", "openalex", paper, metrics=Metrics(h_index=14))
    merged = merge_profiles([s2, openalex])
    assert merged.metrics.h_index == 12 and merged.metrics.citation_count == 400
    assert [r.metrics.h_index for r in merged.sources] == [12, 14]
    assert (
        "h index differs between sources: 12 (s2.json) vs 14 (oa.json); kept s2.json's"
        in merged.warnings
    )


def _cli(monkeypatch, capsys, data_dir: Path, *args: str) -> tuple[int, str, str]:  # noqa: ANN001
    return run_cli(
        monkeypatch, capsys, "--data-dir", str(data_dir), "--no-llm", "--as-of", AS_OF, *args
    )


@pytest.mark.slow
def test_a_merged_profile_is_stored_shown_and_updated_one_source_at_a_time(
    tmp_path: Path,
    monkeypatch,
    capsys,  # noqa: ANN001
) -> None:
    data = tmp_path / "data"
    code, out, err = _cli(monkeypatch, capsys, data, "ingest", str(ORCID), str(PUBLIST),
                          "--author", "Stephen Eglen", "--as", "eglen", "--json")  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    assert (report["slug"], report["papers"]) == ("eglen", 94)
    assert report["sources"] == [ORCID.name, PUBLIST.name]
    shown = json.loads(_cli(monkeypatch, capsys, data, "show", "eglen", "--json")[1])
    assert [s["key"] for s in shown["sources"]] == [ORCID.name, PUBLIST.name]
    assert all(p["sources"] for p in shown["papers"])
    text = _cli(monkeypatch, capsys, data, "show", "eglen")[1]
    assert f"source [2]: {PUBLIST.name} (publist, the person's own record, 62 papers)" in text

    code, out, err = _cli(monkeypatch, capsys, data, "ingest", str(PUBLIST), "--as", "eglen",
                          "--author", "Stephen Eglen", "--json")  # fmt: skip
    assert json.loads(out)["sources"] == [ORCID.name, PUBLIST.name]  # the same file: replaced
    assert json.loads(out)["unchanged"] == 94

    copy = tmp_path / "copy" / PUBLIST.name  # a list kept elsewhere is a source of its own
    copy.parent.mkdir()
    text = PUBLIST.read_text(encoding="utf-8")
    copy.write_text(text, encoding="utf-8")
    code, out, err = _cli(monkeypatch, capsys, data, "ingest", str(copy), "--as", "eglen",
                          "--author", "Stephen Eglen", "--json")  # fmt: skip
    assert json.loads(out)["sources"] == [ORCID.name, PUBLIST.name, f"{PUBLIST.name} (2)"]
    assert json.loads(out)["papers"] == 94

    copy.write_text(text.split("### 2011")[0], encoding="utf-8")  # the copy drops its older half
    code, out, err = _cli(monkeypatch, capsys, data, "ingest", str(copy), "--as", "eglen",
                          "--author", "Stephen Eglen", "--json")  # fmt: skip
    assert code == 0, err
    shown = json.loads(_cli(monkeypatch, capsys, data, "show", "eglen", "--json")[1])
    trimmed = len(load_profile(copy, Settings(data_dir=data), author="Stephen Eglen").papers)
    listing = [p for p in shown["papers"] if f"{PUBLIST.name} (2)" in p["sources"]]
    # the copy now vouches for its own references only; every paper is still there (the ORCID
    # record and the original list have the older ones)
    assert 0 < len(listing) == trimmed < 62 and len(shown["papers"]) == 94


@pytest.mark.slow
def test_a_source_of_the_persons_own_vouches_for_its_papers(
    tmp_path: Path, monkeypatch, capsys
) -> None:  # noqa: ANN001, E501
    data = tmp_path / "data"
    assert _cli(monkeypatch, capsys, data, "ingest", str(SAMPLE_PROFILE))[0] == 0
    before = json.loads(_cli(monkeypatch, capsys, data, "themes", "rongrong-wang", "--json")[1])
    flagged_before = {f["title"] for f in before["flagged"]}
    assert "Toward Global Large Language Models in Medicine" in flagged_before
    code, out, err = _cli(monkeypatch, capsys, data, "ingest", str(OWN_BIB),
                          "--as", "rongrong-wang", "--author", "Rongrong Wang",
                          "--json")  # fmt: skip
    assert code == 0, err
    report = json.loads(out)
    assert report["papers"] == 30 and report["removed"] == 0  # all eight records were hers already
    after = json.loads(_cli(monkeypatch, capsys, data, "themes", "rongrong-wang", "--json")[1])
    flagged_after = {f["title"]: f["reason"] for f in after["flagged"]}
    assert "Toward Global Large Language Models in Medicine" not in flagged_after  # in her .bib
    assert flagged_after and set(flagged_after) <= flagged_before
    for reason in flagged_after.values():
        assert reason.endswith(
            f"listed only by {SAMPLE_PROFILE.name}, not by the person's own {OWN_BIB.name}"
        )


def test_bad_input_among_several_files_stores_nothing(tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    data = tmp_path / "data"
    truncated = tmp_path / "works.json"
    truncated.write_text(ORCID.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    code, out, err = _cli(
        monkeypatch, capsys, data, "ingest", str(PUBLIST), str(truncated), "--as", "eglen"
    )
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and str(truncated) in err
    assert not (data / "profiles.sqlite").exists()


def test_an_openalex_author_object_is_the_header_of_the_works_ingested_with_it(
    tmp_path: Path,
    monkeypatch,
    capsys,  # noqa: ANN001
) -> None:
    header = load_profile(OPENALEX_AUTHOR, Settings(data_dir=tmp_path))
    assert (header.name, header.affiliation, header.papers) == ("Jason Priem", "OurResearch", [])
    assert header.metrics == Metrics(h_index=17, paper_count=62, citation_count=3890)

    data = tmp_path / "data"
    code, out, err = _cli(monkeypatch, capsys, data, "ingest", str(OPENALEX_AUTHOR))
    assert code == 2 and out == ""  # alone it has nothing to store
    assert len(err.strip().splitlines()) == 1 and "lists no works" in err
    assert not (data / "profiles.sqlite").exists()

    # the work alone names nobody; with the author object it is Priem's (the record says who)
    code, out, err = _cli(monkeypatch, capsys, data, "ingest", str(OPENALEX_WORK),
                          str(OPENALEX_AUTHOR), "--json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["slug"] == "jason-priem"
    shown = json.loads(_cli(monkeypatch, capsys, data, "show", "jason-priem", "--json")[1])
    assert (shown["name"], shown["affiliation"]) == ("Jason Priem", "OurResearch")
    assert shown["other_names"] == ["Priem Jason"]
    assert shown["metrics"]["h_index"] == 17
    by_key = {s["key"]: s for s in shown["sources"]}
    assert by_key[OPENALEX_AUTHOR.name]["metrics"]["citation_count"] == 3890
    assert by_key[OPENALEX_AUTHOR.name]["papers"] == 0
    [paper] = shown["papers"]
    assert paper["title"].startswith("The state of OA") and "Jason Priem" in paper["authors"]
    assert "profile says 62 papers; 1 is listed" in shown["warnings"]
    answer = _cli(monkeypatch, capsys, data, "ask", "jason-priem", "What is his h-index?")[1]
    assert "17" in answer


def test_show_gives_a_records_person_details_and_never_its_email(
    tmp_path: Path,
    monkeypatch,
    capsys,  # noqa: ANN001
) -> None:
    data = tmp_path / "data"
    record = SAMPLES / "orcid_v3_record_sample.xml"  # ORCID's own XML sample
    code, out, err = _cli(monkeypatch, capsys, data, "ingest", str(record), "--json")
    assert code == 0, err
    text = _cli(monkeypatch, capsys, data, "show", json.loads(out)["slug"])[1]
    for line in (
        "affiliation: employment-org",
        "other names: other-name-1",
        "keywords: keyword1",
        "links: http://url.com/",
        "biography: biography",
    ):
        assert f"  {line}\n" in text
    assert "@" not in text
