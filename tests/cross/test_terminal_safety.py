"""Terminal and markup injection: profile text carrying rich markup, ANSI/OSC/DCS escapes, C1 and
other control characters is shown literally and safely by every command (escapes neutralised,
markup printed as text), and --json stays valid JSON that round-trips the stored text exactly."""

from __future__ import annotations

import builtins
import json
import re
import sys
from pathlib import Path

import pytest
from cli_runner import run_cli

from agent.cli.common import print_json, safe, safe_markdown

ESC = "\x1b"
NAME_MARKUP = "Mallory [bold red]Evil[/]"
TITLE_MARKUP = "[link=https://evil.example]Click me[/link]"
MD_LINK = "[free prize](https://evil.example/md)"
PROFILE = f"""{NAME_MARKUP} {ESC}[31mSmith{ESC}[0m

LG
h-index3
2papers
40citations

2 Papers

LGMay 24
{TITLE_MARKUP} deep image prior {ESC}]8;;https://evil.example{ESC}\\hidden{ESC}]8;;{ESC}\\ stopping

Alice Jones, Bob Baker, Mallory Smith

Deep image prior recovers images from a single noisy copy {ESC}[1;31mred alert{ESC}[0m without \
training data. We propose an early stopping rule for deep image prior that tracks \
{ESC}]0;pwned\x07 the running variance \x9b2J with a bell\x07 and a back\x08space. \
See {MD_LINK} for **details**.

CVFeb 2, 2023
Sparse generators {ESC}[?25l for image priors{ESC}P1;2|payload{ESC}\\ at \u202einitialization

Mallory Smith, Carol White

We prune untrained generator networks at initialization to find sparse image priors. The sparse \
networks denoise images as well as dense ones [blink]and[/blink] overfit less. \
{ESC}[2JMasks transfer.
"""
QUESTION = "What does the deep image prior paper propose?"
HOSTILE_QUESTION = f"{ESC}[2J[bold]deep image prior[/bold]?"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
pytestmark = pytest.mark.slow


def assert_safe(text: str) -> None:
    """No escape, control (bar newline and tab), C1 or bidi-override character is written."""
    found = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})
    assert found == [], f"unsafe characters {found} in:\n{text}"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, bundled_model) -> tuple[Path, Path]:  # noqa: ANN001
    """(data dir, profile file): the crafted profile, plus NUL and CR planted in a stored title
    (the file reader refuses NUL and turns CR into a newline, other sources may carry them)."""
    from agent.embed.cache import CachedEmbedder, EmbeddingCache
    from agent.settings import Settings
    from agent.store.ingest import ingest_path, ingest_profile
    from agent.store.records import load_profile_record

    root = tmp_path_factory.mktemp("terminal")
    source = root / "hostile.profile.txt"
    source.write_text(PROFILE, encoding="utf-8")
    settings = Settings(data_dir=root / "data", no_llm=True)
    settings.data_dir.mkdir()
    embedder = CachedEmbedder(bundled_model, EmbeddingCache(settings.cache_db))
    slug = ingest_path(source, settings, embedder=embedder).slug
    profile = load_profile_record(settings, slug)
    profile.papers[1].title += " \x00nul\rcarriage"
    ingest_profile(profile, settings, embedder=embedder)
    return settings.data_dir, source


@pytest.fixture
def cli(store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):  # noqa: ANN001, ANN201
    """The console entry point in-process, --no-llm, wide: (exit code, stdout, stderr)."""
    monkeypatch.setenv("PROFILE_AGENT_DATA_DIR", str(store[0]))
    monkeypatch.setenv("COLUMNS", "400")

    def run(*args: str) -> tuple[int, str, str]:
        return run_cli(monkeypatch, capsys, "--no-llm", *args)

    return run


@pytest.fixture(scope="module")
def slug(store) -> str:  # noqa: ANN001
    from agent.settings import Settings
    from agent.store.records import list_profiles

    (summary,) = list_profiles(Settings(data_dir=store[0]))
    return summary.slug


def test_safe_neutralises_every_kind_of_escape() -> None:
    hostile = (
        f"a{ESC}[31mb{ESC}]8;;http://x{ESC}\\c{ESC}]0;t\x07d{ESC}P1|x{ESC}\\e"
        "\x9b2Jf\x00g\rh\x08i\u202ej\x07k"
    )
    assert safe(hostile) == "abcdefghijk"
    assert safe("[bold red]x[/] [link=u]y[/link]") == "[bold red]x[/] [link=u]y[/link]"
    assert safe_markdown("[a](http://x) **b** <i>") == r"\[a\]\(http://x\) \*\*b\*\* \<i\>"


def test_json_escapes_c1_and_bidi_controls_and_round_trips(capsys: pytest.CaptureFixture) -> None:
    value = {"t": f"{ESC}[2J\x9b2J\u202ex\x00 Tomás"}
    print_json(value)
    out = capsys.readouterr().out
    assert_safe(out)
    assert json.loads(out) == value and "Tomás" in out


@pytest.mark.parametrize(
    ("command", "literal"),
    [
        (["profiles"], [NAME_MARKUP]),
        (["show", "{slug}"], [NAME_MARKUP, TITLE_MARKUP]),
        (["search", "{slug}", "deep image prior"], [TITLE_MARKUP]),
        (["ask", "{slug}", QUESTION], [TITLE_MARKUP]),  # the sentence with a link: not quoted
        (["ask", "{slug}", QUESTION, "--explain"], [TITLE_MARKUP]),
        (["ask", "{slug}", HOSTILE_QUESTION], []),
        (["themes", "{slug}"], []),
        (["bio", "{slug}", "--words", "40"], ["Mallory"]),
        (["statement", "{slug}"], ["Mallory"]),
        (["grant", "{slug}"], ["Mallory"]),
        (["logs"], ["[bold]deep image prior[/bold]"]),
        (["show", f"{ESC}]8;;http://x{ESC}\\{ESC}[2Jnobody"], ["nobody"]),
    ],
    ids=lambda v: v[0] if isinstance(v, list) and v and v[0] != NAME_MARKUP else None,
)
def test_command_output_is_literal_and_safe(cli, slug, command, literal) -> None:  # noqa: ANN001
    code, out, err = cli(*[a.replace("{slug}", slug) for a in command])
    assert code == (2 if "nobody" in command[-1] else 0), err
    assert_safe(out + err)
    for text in literal:
        assert text in out + err


def test_ingest_summary_is_safe(cli, store, tmp_path: Path) -> None:  # noqa: ANN001
    code, out, err = cli("--data-dir", str(tmp_path), "ingest", str(store[1]))
    assert code == 0, err
    assert_safe(out + err)
    assert f"Ingested {NAME_MARKUP} Smith as " in out


def test_show_json_is_valid_and_exact(cli, slug, store) -> None:  # noqa: ANN001
    from agent.settings import Settings
    from agent.store.records import load_profile_record

    code, out, _ = cli("show", slug, "--json")
    assert code == 0
    assert_safe(out)
    data = json.loads(out)
    stored = load_profile_record(Settings(data_dir=store[0]), slug)
    assert data["name"] == stored.name == f"{NAME_MARKUP} {ESC}[31mSmith{ESC}[0m"
    assert [p["title"] for p in data["papers"]] == [p.title for p in stored.papers]
    assert "\x00nul" in data["papers"][1]["title"]


def test_chat_turn_is_safe_and_markdown_stays_text(cli, slug, monkeypatch) -> None:  # noqa: ANN001
    lines = iter([QUESTION, "/sources", HOSTILE_QUESTION, "/exit"])

    def typed(prompt: str = "") -> str:
        sys.stdout.write(prompt)
        return next(lines)

    monkeypatch.setattr(builtins, "input", typed)
    code, out, err = cli("chat", slug)
    assert code == 0, err
    assert_safe(out + err)
    assert "[link=https://evil.example]Click me[/link]" in out  # the source's title, as typed
    assert "free prize" not in out and "evil.example/md" not in out  # a sentence with a link


def test_eval_report_is_safe(cli, store, tmp_path: Path) -> None:  # noqa: ANN001
    suites = tmp_path / "repo" / "evals" / "suites"
    suites.mkdir(parents=True)
    case = {
        "id": f"{ESC}[2J[bold red]case[/]",
        "inputs": {"source": str(store[1]), "as_of": "2026-11-28", "question": QUESTION},
        "expect": {"refused": False},
        "tags": ["thematic"],
    }
    (suites / "qa.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    report = tmp_path / "report.md"
    code, out, err = cli("eval", "qa", "--suites-dir", str(suites), "--report", str(report))
    assert code in (0, 1), err
    assert_safe(out + err)
    code, out, err = cli("eval", "qa", "--suites-dir", str(suites), "--json")
    assert_safe(out)
    assert json.loads(out)["cases"][0]["id"] == case["id"]


def test_slug_ignores_terminal_escapes_in_the_name() -> None:
    from agent.models import slugify

    assert slugify(f"Mallory {ESC}[31mSmith{ESC}[0m") == "mallory-smith"
    assert slugify(f"{ESC}]8;;http://x\x07Eve{ESC}]8;;\x07 Doe") == "eve-doe"
    assert slugify("Hélène Marchetti") == "helene-marchetti"
