"""Every command on every real profile of the corpus (tests/data/samples), with facts asserted.

Each profile is ingested once through the CLI into its own data dir; then `show`, `search`,
`themes`, `ask` (nine kinds of question), `bio` (three lengths, first and third person),
`statement` and `grant` (every template) run on it. Every one must exit 0, print no traceback,
and say what is true of that profile.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cli_runner import run_cli
from data_paths import FIXTURES, SAMPLE_PROFILE, SAMPLES

from agent.writers.templates import TEMPLATES

pytestmark = pytest.mark.slow
AS_OF = "2026-11-28"
REFUSAL = "does not say"


@dataclass(frozen=True)
class CorpusProfile:
    """A real input and what is true of it."""

    id: str
    path: Path
    slug: str
    name: str
    papers: int
    topic: tuple[str, str]  # (question, a title fragment the answer must cite)
    most_cited: str | None  # a title fragment, or None when no paper has a count
    top_venue: str | None
    top_coauthor: str | None  # None: the source lists no co-authors
    code: int
    year_fact: str  # a sentence of the per-year answer
    with_abstract: int
    ingest_args: tuple[str, ...] = field(default_factory=tuple)
    more: tuple[Path, ...] = ()  # further sources of the same person, merged with ``path``


CORPUS = [
    CorpusProfile(
        id="profile-page",
        path=SAMPLE_PROFILE,
        slug="rongrong-wang",
        name="Rongrong Wang",
        papers=30,
        topic=("How does she stop deep image prior early?", "Early Stopping"),
        most_cited=None,
        top_venue=None,
        top_coauthor="Xitong Zhang",
        code=3,
        year_fact="9 papers are from 2024.",
        with_abstract=30,
    ),
    CorpusProfile(
        id="s2-author",
        path=SAMPLES / "s2_author_2262347.json",
        slug="a-turing",
        name="A. Turing",
        papers=60,
        topic=("Did he write about whether machines can think?", "think"),
        most_cited="Computing Machinery and Intelligence",
        top_venue="Journal of Symbolic Logic",
        top_coauthor="M. Newman",
        code=0,
        year_fact="3 papers are from 2019.",
        with_abstract=34,
    ),
    CorpusProfile(
        id="s2-papers-recent",
        path=SAMPLES / "s2_author_1723755_papers_offset0.json",
        slug="l-cantley",
        name="L. Cantley",
        papers=100,
        topic=("What is known about PI3K signalling in cancer?", "PI3K"),
        most_cited="Insulin–PI3K signalling",
        top_venue="bioRxiv",
        top_coauthor="Jared L. Johnson",
        code=0,
        year_fact="32 papers are from 2022.",
        with_abstract=51,
    ),
    CorpusProfile(
        id="s2-papers-early",
        path=SAMPLES / "s2_author_1723755_papers_offset800.json",
        slug="l-cantley",
        name="L. Cantley",
        papers=79,
        topic=("What did he find about vanadate and the sodium pump?", "vanad"),
        most_cited="Type I phosphatidylinositol kinase",
        top_venue="Journal of Biological Chemistry",
        top_coauthor="M. Whitman",
        code=0,
        year_fact="8 papers are from 1988.",
        with_abstract=40,
    ),
    CorpusProfile(
        id="arxiv",
        path=SAMPLES / "arxiv-metadata-sample.jsonl",
        slug="vahid-partovi-nia",
        name="Vahid Partovi Nia",
        papers=2,
        topic=("What has he done on quantization?", ""),
        most_cited=None,
        top_venue=None,
        top_coauthor="Masoud Asgharian",
        code=0,
        year_fact="2 papers are from 2022.",
        with_abstract=2,
        ingest_args=("--author", "Vahid Partovi Nia"),
    ),
    CorpusProfile(  # the arXiv API's answer to au:del_maestro (Atom), his name in two forms
        id="arxiv-atom",
        path=SAMPLES / "arxiv_atom_au_del_maestro.xml",
        slug="adrian-del-maestro",
        name="Adrian Del Maestro",
        papers=10,
        topic=("What has he found about Luttinger liquids?", "Luttinger"),
        most_cited=None,
        top_venue="Phys. Rev. B",  # of journal references ("Phys. Rev. B 74, 024520 (2006)")
        top_coauthor="Subir Sachdev",
        code=0,
        year_fact="2 papers are from 2006.",
        with_abstract=10,
    ),
    CorpusProfile(
        id="orcid",
        path=SAMPLES / "orcid_v3_0000-0001-8607-8025_works.json",
        slug="stephen-eglen",
        name="Stephen Eglen",
        papers=74,
        topic=("Has he written about sharing code in neuroscience?", "sharing computer code"),
        most_cited=None,
        top_venue="Encyclopedia of Computational Neuroscience",
        top_coauthor=None,
        code=0,
        year_fact="1 paper is from 2020.",
        with_abstract=0,
        ingest_args=("--author", "Stephen Eglen"),
    ),
    CorpusProfile(
        id="bibtex",
        path=SAMPLES / "bibtex_chiquet_journal.bib",
        slug="julien-chiquet",
        name="Julien Chiquet",
        papers=48,
        topic=("What has he done on Poisson lognormal models?", "Poisson"),
        most_cited=None,
        top_venue="Statistics and Computing",
        top_coauthor="Stéphane Robin",
        code=8,
        year_fact="3 papers are from 2026.",
        with_abstract=15,
    ),
    CorpusProfile(
        id="dblp",
        path=SAMPLES / "dblp_person_95-7448-1.xml",
        slug="di-xu",
        name="Di Xu",
        papers=8,
        topic=("What has he done on stereoscopic 3D video?", "stereoscopic"),
        most_cited=None,
        top_venue="ICIP",
        top_coauthor="Panos Nasiopoulos",
        code=0,
        year_fact="3 papers are from 2012.",
        with_abstract=0,
    ),
]
CORPUS += [
    CorpusProfile(
        id="publist",
        path=SAMPLES / "publications_eglen.qmd",
        slug="stephen-eglen",
        name="Stephen Eglen",
        papers=62,
        topic=("Has he written about sharing code in neuroscience?", "sharing computer code"),
        most_cited=None,
        top_venue="PLoS Comput Biol",
        top_coauthor="Reese BE",
        code=16,
        year_fact="8 papers are from 2016.",
        with_abstract=0,
        ingest_args=("--author", "Stephen Eglen"),
    ),
    CorpusProfile(  # his ORCID works and his own list, one person (tests/sources/test_merge.py)
        id="merged-orcid-publist",
        path=SAMPLES / "orcid_v3_0000-0001-8607-8025_works.json",
        more=(SAMPLES / "publications_eglen.qmd",),
        slug="stephen-eglen",
        name="Stephen Eglen",
        papers=94,
        topic=("Has he written about sharing code in neuroscience?", "sharing computer code"),
        most_cited=None,
        top_venue="PLoS Comput Biol",
        top_coauthor="Reese BE",
        code=16,
        year_fact="10 papers are from 2016.",
        with_abstract=0,
        ingest_args=("--author", "Stephen Eglen"),
    ),
    CorpusProfile(  # the profile page and her own .bib of eight of its records
        id="merged-page-bib",
        path=SAMPLE_PROFILE,
        more=(FIXTURES / "rongrong-wang-own.bib",),
        slug="rongrong-wang",
        name="Rongrong Wang",
        papers=30,
        topic=("How does she stop deep image prior early?", "Early Stopping"),
        most_cited=None,
        top_venue=None,
        top_coauthor="Xitong Zhang",
        code=3,
        year_fact="9 papers are from 2024.",
        with_abstract=30,
        ingest_args=("--author", "Rongrong Wang"),
    ),
]
IDS = [c.id for c in CORPUS]


def run(monkeypatch: pytest.MonkeyPatch, capsys, *args: str) -> str:  # noqa: ANN001
    """The console entry point in-process; its stdout, after checking exit 0 and no traceback."""
    code, out, err = run_cli(monkeypatch, capsys, *args)
    assert code == 0, f"{args}: exit {code}: {err}"
    assert "Traceback" not in out + err, err
    return out


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A data dir per corpus profile, each filled lazily by the first test that needs it."""
    return {c.id: tmp_path_factory.mktemp(c.id) for c in CORPUS}


@pytest.fixture(params=CORPUS, ids=IDS)
def case(request, stores, monkeypatch, capsys):  # noqa: ANN001, ANN201
    """(profile, cli) with the profile ingested into its own data dir."""
    profile: CorpusProfile = request.param
    data_dir = stores[profile.id]

    def cli(*args: str) -> str:
        return run(
            monkeypatch, capsys, "--data-dir", str(data_dir), "--no-llm", "--as-of", AS_OF, *args
        )

    if not (data_dir / ".ingested").exists():
        paths = [str(p) for p in (profile.path, *profile.more)]
        report = json.loads(cli("ingest", *paths, *profile.ingest_args, "--json"))
        assert report["slug"] == profile.slug
        assert len(report["sources"]) == (len(paths) if profile.more else 0)
        (data_dir / ".ingested").touch()
    return profile, cli


def test_show(case) -> None:  # noqa: ANN001
    profile, cli = case
    data = json.loads(cli("show", profile.slug, "--json"))
    assert (data["name"], len(data["papers"])) == (profile.name, profile.papers)
    text = cli("show", profile.slug)
    assert profile.name in text
    if profile.most_cited:
        assert "cites" in text  # per-paper metadata columns
    if profile.top_venue:
        assert "venue" in text
    missing = profile.papers - profile.with_abstract
    if missing:
        assert f"{missing} of {profile.papers} papers have no abstract" in text


def test_search(case) -> None:  # noqa: ANN001
    profile, cli = case
    question, title = profile.topic
    hits = json.loads(cli("search", profile.slug, question, "-k", "3", "--json"))
    assert 1 <= len(hits) <= 3
    if title:
        assert any(title.casefold() in h["title"].casefold() for h in hits), hits


def test_themes(case) -> None:  # noqa: ANN001
    profile, cli = case
    data = json.loads(cli("themes", profile.slug, "--json"))
    themed = {pid for t in data["themes"] for pid in t["paper_ids"]}
    flagged = {f["paper_id"] for f in data["flagged"]}
    assert all(t["name"] for t in data["themes"])
    assert len(themed | flagged) == profile.papers


def _answer(cli, slug: str, question: str) -> dict:  # noqa: ANN001
    return json.loads(cli("ask", slug, question, "--json"))


def _plain(answer: dict) -> str:
    """The answer text without its [n] citation markers."""
    return re.sub(r"\s*\[\d+\](?:-\[\d+\])?", "", answer["answer"])


def _cited_titles(answer: dict) -> str:
    return " ".join(s.get("title") or "" for s in answer["sources"])


def test_ask_most_cited(case) -> None:  # noqa: ANN001
    profile, cli = case
    answer = _answer(cli, profile.slug, "What is the most cited paper?")
    assert answer["refused"] is not bool(profile.most_cited)  # no counts: refused, saying so
    if profile.most_cited:
        assert _plain(answer).startswith("The most cited paper listed is")
        assert profile.most_cited in answer["answer"] and profile.most_cited in _cited_titles(
            answer
        )
    else:
        assert "no citation count for any single paper" in answer["answer"]


def test_ask_venues(case) -> None:  # noqa: ANN001
    profile, cli = case
    answer = _answer(cli, profile.slug, "In which venues has this researcher published?")
    if profile.top_venue:
        assert re.match(rf"\d+ papers are in {re.escape(profile.top_venue)}", _plain(answer))
    else:
        assert "names no venue" in answer["answer"]


def test_ask_counts_by_year(case) -> None:  # noqa: ANN001
    profile, cli = case
    answer = _answer(cli, profile.slug, "How many papers per year?")
    assert profile.year_fact in _plain(answer)


def test_ask_code(case) -> None:  # noqa: ANN001
    profile, cli = case
    answer = _answer(cli, profile.slug, "Which papers come with code?")
    noun = "paper comes" if profile.code == 1 else "papers come"
    assert _plain(answer).startswith(f"{profile.code} {noun} with code.")


def test_ask_coauthors(case) -> None:  # noqa: ANN001
    profile, cli = case
    answer = _answer(cli, profile.slug, "Who are the most frequent co-authors?")
    if profile.top_coauthor is None:  # an ORCID works list: refused, saying what it lacks
        assert answer["refused"] and _plain(answer) == (
            "The profile lists no authors for its papers, so it does not say who the co-authors "
            "are."
        )
        return
    lead = answer["answer"].split(" most often")[0]
    assert profile.top_coauthor in lead, answer["answer"]
    if profile.id == "s2-author":  # "E. A. Newman" is another person than "M. Newman"
        assert "E. A. Newman" not in lead


def test_ask_abstracts(case) -> None:  # noqa: ANN001
    profile, cli = case
    answer = _answer(cli, profile.slug, "How many papers have abstracts?")
    without = profile.papers - profile.with_abstract
    said = f" and {without} have none." if without else "."
    assert _plain(answer).startswith(
        f"{profile.with_abstract} of the {profile.papers} papers listed have an abstract{said}"
    )


def test_ask_topic(case) -> None:  # noqa: ANN001
    profile, cli = case
    question, title = profile.topic
    answer = _answer(cli, profile.slug, question)
    if title:
        assert not answer["refused"], answer
        assert title.casefold() in _cited_titles(answer).casefold(), answer["sources"]


def test_ask_count(case) -> None:  # noqa: ANN001
    profile, cli = case
    answer = _answer(cli, profile.slug, "How many papers are listed?")
    assert _plain(answer).startswith(f"The profile lists {profile.papers} papers.")


def test_ask_research_areas(case) -> None:  # noqa: ANN001
    """Every profile's research areas are its themes, each citing its papers."""
    profile, cli = case
    answer = _answer(cli, profile.slug, "What does this researcher work on?")
    assert not answer["refused"], answer
    first = answer["sentences"][0]["text"]
    assert re.match(rf"\d+ of the {profile.papers} papers fall into \d+ research themes?\.", first)
    assert all(s["citations"] for s in answer["sentences"])


def test_ask_refuses_what_the_profile_does_not_say(case) -> None:  # noqa: ANN001
    profile, cli = case
    answer = _answer(cli, profile.slug, "What is their favourite football team?")
    assert answer["refused"] and REFUSAL in answer["answer"] and not answer["sources"]


@pytest.mark.parametrize("person", ["first", "third"])
@pytest.mark.parametrize("words", [60, 150, 300])
def test_bio(case, words: int, person: str) -> None:  # noqa: ANN001
    profile, cli = case
    data = json.loads(cli("bio", profile.slug, "--words", str(words), "--person", person, "--json"))
    text = re.sub(r"“[^”]*”", "", " ".join(s["text"] for s in data["sentences"]))  # no titles
    assert data["sentences"] and all(s["citations"] for s in data["sentences"])
    assert data["words"] <= words * 1.1
    if data["words"] < words * 0.9:  # material runs out: said, never padded
        assert f"{data['words']} words, short of the {words} asked for" in " ".join(data["notes"])
    if profile.id == "profile-page":
        assert data["words"] >= words * 0.9
    if person == "first":
        assert re.search(r"\bI\b(?!\.)|\bmy\b", text) and profile.name not in text[1:]
    else:  # "I" the pronoun, not the initial of "I. Macara"
        assert profile.name.split()[-1] in text and not re.search(r"\bI\b(?!\.)", text)


def test_statement(case) -> None:  # noqa: ANN001
    profile, cli = case
    text = cli("statement", profile.slug)
    assert text.startswith(f"# Research statement: {profile.name}")
    assert "## References" in text


@pytest.mark.parametrize("template", TEMPLATES)
def test_grant(case, template: str) -> None:  # noqa: ANN001
    profile, cli = case
    data = json.loads(cli("grant", profile.slug, "--template", template, "--json"))
    assert data["template"] == template and data["sentences"]
    assert all(s["citations"] for s in data["sentences"])


def test_chat_and_logs(case, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """A short conversation: a question, a follow-up on its papers, /sources, /exit; then logs."""
    import io

    profile, cli = case
    lines = "How many papers are listed?\nWhich of those come with code?\n/sources\n/exit\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    out = cli("chat", profile.slug)
    assert f"The profile lists {profile.papers} papers" in out
    noun = "paper comes" if profile.code == 1 else "papers come"
    assert f"{profile.code} {noun} with code" in out
    logged = json.loads(cli("logs", "--search", "come with code", "--json"))
    assert logged and logged[0]["question"] == "Which of those come with code?"


@pytest.mark.parametrize("kind", ["bio", "statement"])
def test_own_drafts_verify(case, kind: str, tmp_path: Path) -> None:  # noqa: ANN001
    """What the writers print, read back by `verify` as any draft would be: every sentence is
    supported, by a paper its own citation names (or by the profile's header)."""
    profile, cli = case
    draft = tmp_path / f"{kind}.md"
    cli(kind, profile.slug, "--out", str(draft), *(["--words", "150"] if kind == "bio" else []))
    found = json.loads(cli("verify", profile.slug, str(draft), "--json"))
    assert found["sentences"] and found["unmatched_sources"] == []
    bad = [(s["sentence"], s["reason"]) for s in found["sentences"] if s["verdict"] != "supported"]
    assert not bad, bad
    assert found["summary"].startswith(f"{len(found['sentences'])} of {len(found['sentences'])}")
