"""CLI: themes, bio, statement, grant on a stored profile and on a file; errors users see."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from data_paths import SAMPLE_PROFILE as SAMPLE
from typer.testing import CliRunner

from agent.cli.app import app

AS_OF = ["--no-llm", "--as-of", "2026-11-28"]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shared_dir(tmp_path_factory) -> Path:  # noqa: ANN001
    """One data dir for this module, so the embedding cache is filled once."""
    return tmp_path_factory.mktemp("cli-write")


@pytest.fixture(autouse=True)
def _shared_data_dir(shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROFILE_AGENT_DATA_DIR", str(shared_dir))


@pytest.fixture
def stored(shared_dir: Path) -> str:
    from datetime import date

    from agent.settings import Settings
    from agent.sources import load_profile
    from agent.store.records import save_profile

    settings = Settings(data_dir=shared_dir, as_of=date(2026, 11, 28))
    profile = load_profile(SAMPLE, settings)
    save_profile(settings, profile)
    return profile.slug


def run(*args: str) -> str:
    result = CliRunner().invoke(app, [*AS_OF, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_bio_json_from_a_stored_slug(stored: str) -> None:
    data = json.loads(run("bio", stored, "--words", "50", "--person", "first", "--json"))
    assert abs(data["words"] - 50) <= 5
    assert data["person"] == "first" and data["backend"] == "extractive"
    assert all(s["citations"] and s["ok"] and s["support"] >= 0.75 for s in data["sentences"])
    assert all(s["numbers"] for s in data["sentences"])
    assert len(data["left_out"]) == 5


def test_bio_out_writes_markdown(tmp_path: Path) -> None:
    out = tmp_path / "bio.md"
    run("bio", str(SAMPLE), "--words", "150", "--out", str(out))
    text = out.read_text()
    assert text.startswith("Rongrong Wang works on") and "\nSources:\n" in text


def test_themes_lists_names_and_flags(stored: str) -> None:
    text = run("themes", stored)
    assert "Deep Image Prior" in text and "Possibly a namesake's (5, left out of drafts)" in text
    assert "Other work (" in text  # one-paper themes are not themes
    data = json.loads(run("themes", stored, "--json"))
    assert len(data["flagged"]) == 5 and all(t["name"] for t in data["themes"])


def test_statement_and_grant_sections(stored: str) -> None:
    text = run("statement", stored)
    assert text.startswith("# Research statement: Rongrong Wang") and "## References" in text
    grant = run("grant", stored, "--template", "nsf-biosketch")
    assert "## Research Summary (Intellectual Merit)" in grant
    assert "## Synergistic Activities" in grant


@pytest.mark.parametrize("command", [["bio", "--words", "250"], ["grant", "--template", "generic"]])
def test_max_chars_fits_a_form_field_with_whole_verified_sentences(
    stored: str, command: list[str]
) -> None:
    from agent.writers.draft import Draft
    from agent.writers.limits import body_text

    kind, *options = command
    full = Draft.model_validate(json.loads(run(kind, stored, *options, "--json")))
    limit = len(body_text(full)) // 2
    cut = Draft.model_validate(
        json.loads(run(kind, stored, *options, "--max-chars", str(limit), "--json"))
    )
    assert len(body_text(cut)) <= limit < len(body_text(full))
    assert {s.text for s in cut.sentences} < {s.text for s in full.sentences}  # none cut short
    assert cut.sentences[0].text == full.sentences[0].text and all(s.ok for s in cut.sentences)
    assert [s.n for s in cut.sources] == list(range(1, len(cut.sources) + 1))
    assert {s.paper_id for s in cut.sources} == {c for s in cut.sentences for c in s.citations}
    assert any(n.startswith(f"shortened to fit --max-chars {limit}") for n in cut.notes)
    text = run(kind, stored, *options, "--max-chars", str(limit), "--format", "txt")
    assert len(text.split("\nSources:")[0].strip()) <= limit + len(full.title) + 2


def test_errors_are_one_line_with_exit_2(tmp_path: Path) -> None:
    env = {"PROFILE_AGENT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    exe = Path(sys.executable).parent / "profile-agent"
    cases = [
        (["grant", str(SAMPLE), "--template", "nope"], "--template: unknown template"),
        (["bio", str(SAMPLE), "--person", "second"], "--person: unknown person"),
        (["bio", "nobody"], "nobody: no such profile"),
        (["bio", str(SAMPLE), "--max-chars", "20"], "--max-chars: 20 characters cannot hold"),
    ]
    for args, message in cases:
        done = subprocess.run(
            [str(exe), *AS_OF, *args], capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith(f"profile-agent: error: {message}"), done.stderr


def test_exports_open_in_their_own_libraries(stored: str, tmp_path: Path) -> None:
    """DOCX with python-docx, the .bib with bibtexparser; the .tex cites the .bib's keys; the
    text form has no markup. All hold the Markdown's sentences and sources."""
    import bibtexparser
    import docx

    data = json.loads(run("grant", stored, "--template", "nsf-biosketch", "--json"))
    docx_path, bib_path = tmp_path / "grant.docx", tmp_path / "refs.bib"
    run("grant", stored, "--template", "nsf-biosketch", "--format", "docx", "--out", str(docx_path),
        "--bib", str(bib_path))  # fmt: skip
    document = docx.Document(str(docx_path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == data["title"] and headings[-1] == "Sources"
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == len(data["sources"])
    assert all(s["title"] in text for s, text in zip(data["sources"], numbered, strict=True))
    body = " ".join(p.text for p in document.paragraphs)
    first = data["sentences"][0]["text"].rstrip(".")
    assert first in body

    library = bibtexparser.parse_file(str(bib_path))
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == [s["paper_id"] for s in data["sources"]]
    oes = next(e for e in library.entries if "Optimal Eye Surgeon" in e.fields_dict["title"].value)
    assert oes.fields_dict["year"].value == "2024"

    tex = run(
        "grant", stored, "--template", "nsf-biosketch", "--format", "tex", "--bib", str(bib_path)
    )
    cited = {key for group in re.findall(r"\\cite\{([^}]*)\}", tex) for key in group.split(",")}
    assert cited and cited <= {e.key for e in library.entries}
    assert tex.rstrip().endswith(r"\bibliography{refs}")

    text = run("bio", stored, "--words", "60", "--format", "txt")
    assert "**" not in text and "#" not in text and "[1]" in text and "Sources:" in text


def test_a_word_file_needs_a_path(stored: str, monkeypatch, capsys) -> None:  # noqa: ANN001
    from cli_runner import run_cli

    code, out, err = run_cli(monkeypatch, capsys, *AS_OF, "bio", stored, "--format", "docx")
    assert code == 2 and out == ""
    assert err.strip() == (
        "profile-agent: error: --format docx: a Word file needs a path (add --out FILE.docx)"
    )
