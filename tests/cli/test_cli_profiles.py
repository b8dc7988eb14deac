"""CLI: ingest, profiles, show, search, human and --json; errors as one line and an exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import run_cli

from agent.models import Profile, paper_id_for
from agent.settings import Settings
from agent.store.profiles import list_profiles, paper_sentences, vector_counts

SLUG = "rongrong-wang"
OES = "Optimal Eye Surgeon: Finding Image Priors through Sparse Generators at Initialization"
BIN = Path(sys.executable).parent


@pytest.fixture
def cli(monkeypatch, capsys):
    return lambda *args: run_cli(monkeypatch, capsys, *args)


@pytest.fixture
def ingested(cli, sample_path, warm_embedder) -> str:
    """The sample ingested through the CLI (cache pre-filled, so nothing is embedded)."""
    code, out, err = cli("ingest", str(sample_path), "--json")
    assert code == 0, err
    return out


def _store_state(settings: Settings) -> tuple:
    return list_profiles(settings), vector_counts(settings, SLUG)


@pytest.mark.slow
def test_ingest_prints_a_summary(cli, sample_path, warm_embedder, settings) -> None:
    code, out, err = cli("ingest", str(sample_path))
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "Ingested Rongrong Wang as rongrong-wang: 30 papers, 254 sentences",
        "  added 30, updated 0, unchanged 0, removed 0; embedded 0 texts in "
        + out.split(" texts in ")[1].splitlines()[0],
        "  warning: h-index 30 needs at least 900 citations; profile says 259",
    ]
    assert "━" not in out and "\r" not in out  # no progress bar when stdout is not a TTY


@pytest.mark.slow
def test_ingest_json_and_reingest(cli, ingested, sample_path) -> None:
    first = json.loads(ingested)
    assert {
        k: first[k] for k in ("slug", "name", "papers", "added", "updated", "unchanged", "removed")
    } == {
        "slug": SLUG,
        "name": "Rongrong Wang",
        "papers": 30,
        "added": 30,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
    }
    assert first["source_format"] == "profile"
    assert first["source_path"] == str(sample_path.resolve())
    code, out, _ = cli("ingest", str(sample_path), "--json")
    again = json.loads(out)
    assert code == 0 and (again["unchanged"], again["added"], again["embedded_texts"]) == (30, 0, 0)


@pytest.mark.slow
def test_profiles_human_and_json(cli, ingested) -> None:
    code, out, _ = cli("profiles")
    assert code == 0
    row = next(line for line in out.splitlines() if SLUG in line)
    assert "Rongrong Wang" in row and " 30 " in row and "UTC" in row
    code, out, _ = cli("profiles", "--json")
    listed = json.loads(out)
    assert code == 0 and [(p["slug"], p["name"], p["papers"]) for p in listed] == [
        (SLUG, "Rongrong Wang", 30)
    ]


def test_profiles_when_empty(cli) -> None:
    code, out, _ = cli("profiles")
    assert (code, out) == (0, "No profiles yet (add one with `profile-agent ingest FILE`).\n")
    assert json.loads(cli("profiles", "--json")[1]) == []


@pytest.mark.slow
def test_show_human(cli, ingested) -> None:
    code, out, _ = cli("show", SLUG)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Rongrong Wang (rongrong-wang)"
    assert "h_index 30, paper_count 30, citation_count 259" in out
    assert "warning: h-index 30 needs at least 900 citations; profile says 259" in out
    oes_row = next(line for line in lines if paper_id_for(OES) in line)
    assert "│ 2024  │ CV  │ yes" in oes_row and "Optimal Eye" in oes_row
    inferred_row = next(
        line
        for line in lines
        if paper_id_for("Toward Global Large Language Models in Medicine") in line
    )
    assert "2026*" in inferred_row  # "Jan 5": year inferred from --as-of / today
    assert "et al." in out


@pytest.mark.slow
def test_show_json_is_the_stored_profile(cli, ingested) -> None:
    code, out, _ = cli("show", SLUG, "--json")
    profile = Profile.model_validate_json(out)
    assert code == 0 and profile.slug == SLUG and len(profile.papers) == 30
    assert profile.paper(paper_id_for(OES)).has_code is True


@pytest.mark.slow
def test_search_human(cli, ingested) -> None:
    code, out, _ = cli("search", SLUG, "Optimal Eye Surgeon", "-k", "2")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith(f"1. {paper_id_for(OES)}  2024  ")
    assert lines[1].startswith('   "We introduce Optimal Eye Surgeon (OES)')
    assert sum(line[:3] in ("1. ", "2. ") for line in lines) == 2


@pytest.mark.slow
def test_search_json_with_filters(cli, ingested) -> None:
    code, out, _ = cli(
        "search",
        SLUG,
        "deep image prior",
        "-k",
        "10",
        "--year-from",
        "2024",
        "--year-to",
        "2024",
        "--has-code",
        "--json",
    )
    hits = json.loads(out)
    assert code == 0
    assert [h["title"] for h in hits][0] == OES
    assert len(hits) == 3 and all(h["has_code"] and h["year"] == 2024 for h in hits)
    assert set(hits[0]) >= {
        "paper_id",
        "title",
        "year",
        "category",
        "has_code",
        "score",
        "dense_score",
        "lexical_score",
        "best_sentence",
    }
    code, out, _ = cli("search", SLUG, "language models", "--category", "cl", "--no-code", "--json")
    assert code == 0 and len(json.loads(out)) == 5
    assert all(h["category"] == "CL" and not h["has_code"] for h in json.loads(out))


@pytest.mark.slow
def test_search_sentence_is_from_the_paper(cli, ingested, settings) -> None:
    from agent.store.profiles import load_profile_record

    hit = json.loads(cli("search", SLUG, "GlobMed", "-k", "1", "--json")[1])[0]
    paper = load_profile_record(settings, SLUG).paper(hit["paper_id"])
    assert "GlobMed" in hit["best_sentence"]
    assert hit["best_sentence"] == paper_sentences(paper)[hit["best_sentence_index"]]


@pytest.mark.slow
@pytest.mark.parametrize("content", [None, b""], ids=["missing", "empty"])
def test_bad_input_exits_2_and_leaves_the_store(cli, ingested, settings, tmp_path, content):
    bad = tmp_path / "bad.profile.txt"
    if content is not None:
        bad.write_bytes(content)
    before = _store_state(settings)
    code, out, err = cli("ingest", str(bad))
    problem = (
        "no such file (check the path)"
        if content is None
        else ("file is empty (export the profile again)")
    )
    assert (code, out, err) == (2, "", f"profile-agent: error: {bad}: {problem}\n")
    assert _store_state(settings) == before


def test_bad_input_into_an_empty_store(cli, tmp_path, settings) -> None:
    code, _, err = cli("ingest", str(tmp_path / "nope.txt"), "--json")
    assert code == 2 and err.count("\n") == 1 and str(tmp_path / "nope.txt") in err
    assert list_profiles(settings) == []


def test_unknown_slug_exits_2(cli) -> None:
    for args in (("show", "nobody"), ("search", "nobody", "x")):
        code, out, err = cli(*args)
        assert (code, out) == (2, "")
        assert err == (
            "profile-agent: error: nobody: no such profile "
            "(run `profile-agent profiles` to list the ingested ones)\n"
        )


@pytest.mark.slow
def test_unreachable_chroma_server_exits_3(cli, ingested, unreachable_url) -> None:
    code, out, err = cli("--chroma-url", unreachable_url, "search", SLUG, "MaxCut")
    assert (code, out) == (3, "")
    assert err.startswith(
        f"profile-agent: error: {unreachable_url}: cannot connect to the Chroma server"
    )
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", ["ingest", "profiles", "show", "search"])
def test_every_command_has_help(cli, command) -> None:
    code, out, _ = cli(command, "--help")
    assert code == 0 and "--json" in out and "Usage: profile-agent " + command in out


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys\nsys.argv = ['profile-agent', '--help']\nfrom agent.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('torch', 'chromadb', 'numpy', 'sentence_transformers', 'openai')\n"
        "sys.stderr.write(repr(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr == "[]"
    assert "ingest" in done.stdout and "search" in done.stdout


@pytest.mark.slow
def test_ingest_on_a_tty_shows_progress_and_the_summary(sample_path, warm_embedder) -> None:
    import pexpect

    child = pexpect.spawn(
        str(BIN / "profile-agent"),
        ["ingest", str(sample_path)],
        env={**os.environ, "COLUMNS": "100"},
        timeout=240,
        encoding="utf-8",
    )
    output = child.read()
    child.close()
    assert child.exitstatus == 0, output
    assert "Ingested Rongrong Wang as rongrong-wang: 30 papers" in output
    assert "writing" in output and "━" in output  # the rich progress bar
