"""Unusable inputs: each one is an InputError whose one line names the file and the problem."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from data_paths import REPO, SAMPLES
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from agent.errors import InputError
from agent.reader import read_input
from agent.settings import Settings
from agent.sources import (
    SUPPORTED,
    ParseError,
    arxiv_jsonl,
    load_profile,
    profile_page,
    publist,
    semantic_scholar,
)
from agent.sources.detect import detect_format

REPO = REPO
S2_FIXTURE = REPO / "tests" / "fixtures" / "s2-author-fictional.json"
AS_OF = date(2026, 11, 28)
HAS_LLM_EXTRACT = importlib.util.find_spec("agent.sources.llm_extract") is not None


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", as_of=AS_OF, no_llm=True)


def error_line(path: Path, settings: Settings, **kwargs: object) -> str:
    with pytest.raises(InputError) as err:
        load_profile(path, settings, **kwargs)
    assert err.value.exit_code == 2
    return str(err.value)


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_missing_file(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "nope.txt"
    assert error_line(path, settings) == f"{path}: no such file (check the path)"


def test_directory(tmp_path: Path, settings: Settings) -> None:
    assert error_line(tmp_path, settings) == (
        f"{tmp_path}: is a directory (give a file, not a folder)"
    )


def test_empty_file(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "empty.txt", b"")
    assert error_line(path, settings) == f"{path}: file is empty (export the profile again)"


def test_whitespace_only(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "blank.txt", "\ufeff \n\r\n\t\n")
    assert error_line(path, settings) == (
        f"{path}: file has no text, only whitespace (export the profile again)"
    )


def test_binary_file(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert error_line(path, settings) == (
        f"{path}: binary file (contains NUL bytes) (give a text, JSON or JSONL file)"
    )


def test_control_characters(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "noise.bin", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 20)
    assert error_line(path, settings) == (
        f"{path}: binary file (mostly control characters) (give a text, JSON or JSONL file)"
    )


def test_non_utf8(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "latin1.txt", "Ana Müller\n\nLGMay 2, 2024\n".encode("latin-1"))
    assert error_line(path, settings) == (
        f"{path}: not UTF-8 text (byte 0xfc at offset 5) (re-save the file as UTF-8)"
    )


def test_utf16(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "utf16.txt", "Ana Ruiz\n".encode("utf-16"))
    assert error_line(path, settings) == (
        f"{path}: UTF-16 text, not UTF-8 (re-save the file as UTF-8)"
    )


def test_over_size_refused_unread(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "big.txt", "x" * 101)
    small = settings.model_copy(update={"max_input_bytes": 100})
    assert error_line(path, small) == (
        f"{path}: file is 101 bytes, over the 100-byte limit "
        "(split the file or raise PROFILE_AGENT_MAX_INPUT_BYTES)"
    )
    assert read_input(path, 101) == "x" * 101


def test_unknown_layout(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "prose.txt", "Ana Ruiz studies graphs.\nShe lives in Lyon.\n")
    assert error_line(path, settings) == (
        f"{path}: no known layout (supported: {SUPPORTED}; free text needs the LLM)"
    )
    assert error_line(path, settings, fmt="text") == (
        f"{path}: no known layout (LLM extraction is off (--no-llm))"
    )


STRUCTURED = [
    ("record.json", '{"orcid-identifier": {"path": "0000-0001"}, "person": {}}', "JSON"),
    ("list.json", '[{"title": "A paper", "year": 2020}]', "JSON"),
    ("broken.json", '{"orcid-identifier": {"path": "0000', "JSON"),
    ("huge.json", '{"n": ' + "9" * 5000 + "}", "JSON"),
    ("works.xml", '<?xml version="1.0"?>\n<record><works/></record>\n', "XML"),
    ("feed.xml", '<feed xmlns="http://www.w3.org/2005/Atom"><entry/></feed>\n', "XML"),
    ("cv.yaml", "name: Ana Ruiz\npapers:\n  - title: A paper\n    year: 2020\n", "YAML"),
]


@pytest.mark.parametrize(("name", "text", "kind"), STRUCTURED)
@pytest.mark.parametrize("fmt", ["auto", "text"])
def test_structured_data_of_no_known_layout_is_refused(
    tmp_path: Path, settings: Settings, name: str, text: str, kind: str, fmt: str
) -> None:
    """ORCID, OpenAlex, DBLP, BibTeX-like data never reaches LLM extraction, LLM or not."""
    path = write(tmp_path, name, text)
    llm_on = settings.model_copy(update={"no_llm": False, "llm_base_url": "http://127.0.0.1:9"})
    assert error_line(path, llm_on, fmt=fmt) == (
        f"{path}: {kind} data in no supported layout (supported: {SUPPORTED})"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "orcid_v3_0000-0001-8607-8025_works.json",
            "the ORCID works list names nobody (pass --author to name the researcher)",
        ),
        (
            "openalex_work_W2741809807.json",  # nine authors on one work: none is the person
            "Heather Piwowar, Jason Priem, Vincent Larivière and 6 more are on equally many of "
            "these works (pass --author to name the researcher)",
        ),
    ],
)
def test_records_that_cannot_be_a_profile_say_why(
    settings: Settings, name: str, message: str
) -> None:
    assert error_line(SAMPLES / name, settings) == f"{SAMPLES / name}: {message}"


def test_prose_starting_with_a_bracket_is_not_json(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "p.txt", "[Draft] Ana Ruiz studies graphs.\nShe lives in Lyon.\n")
    assert error_line(path, settings).startswith(f"{path}: no known layout")


@pytest.mark.skipif(HAS_LLM_EXTRACT, reason="LLM extraction is available")
def test_unknown_layout_without_llm_module(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "prose.txt", "Ana Ruiz studies graphs.\n")
    llm_on = settings.model_copy(update={"no_llm": False})
    assert error_line(path, llm_on) == (
        f"{path}: no known layout (try --format text with an LLM configured)"
    )


def test_unknown_format_name(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "a.txt", "x")
    assert error_line(path, settings, fmt="pdf") == (
        "pdf: unknown format (use one of auto, profile, s2, arxiv, orcid, openalex, dblp, "
        "bibtex, publist, text)"
    )


def test_truncated_json(tmp_path: Path, settings: Settings) -> None:
    text = S2_FIXTURE.read_text(encoding="utf-8")
    path = write(tmp_path, "cut.json", text[: len(text) // 2])
    line = error_line(path, settings)
    assert line.startswith(f"{path}: invalid JSON at line ")
    assert "(save the full response of GET /graph/v1/author/{id}" in line


def test_zero_parsable_papers(tmp_path: Path, settings: Settings) -> None:
    header_only = write(tmp_path, "header.txt", "Ana Ruiz\n\nLG\nh-index4\n12papers\n")
    assert error_line(header_only, settings) == (
        f"{header_only}: no papers found (each paper starts with a line like 'CVMay 24, 2024')"
    )
    titleless = write(tmp_path, "titleless.txt", "Ana Ruiz\n\nLGMay 2, 2024\n\nCVMay 3, 2024\n")
    assert error_line(titleless, settings).startswith(f"{titleless}: no papers found")
    no_papers = write(tmp_path, "s2.json", '{"authorId": "1", "name": "Ana", "papers": []}')
    assert error_line(no_papers, settings).startswith(f"{no_papers}: no papers found")


def test_forced_format_mismatch(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, "prose.txt", "Ana Ruiz studies graphs.\n")
    assert error_line(path, settings, fmt="arxiv").startswith(f"{path}: line 1 is not valid JSON (")
    assert error_line(path, settings, fmt="s2").startswith(f"{path}: invalid JSON at line 1")
    assert error_line(path, settings, fmt="profile").startswith(f"{path}: no papers found")


LINES = st.sampled_from(
    [
        "Ana Ruiz",
        "LG",
        "h-index99",
        "3papers",
        "Novelty150%",
        "AI Score",
        "CVMay 24",
        "LGFeb 30, 2023Code",
        "DMJun 27, 2024Code",
        "A Title",
        "Ana Ruiz, Bo Li et al.",
        "et al.",
        "",
        "  ",
        "We study https://github.com/x/y.",
        "{",
        "}",
        '{"id": 1}',
        '"papers": [',
        "[",
        "]",
        "null",
        '{"authors_parsed": [["A"]], "title": 3}',
        "\x0b",
        "Code",
        ",",
    ]
)


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=25),
    st.sampled_from([profile_page, semantic_scholar, arxiv_jsonl, publist]),
)
def test_garbage_never_escapes_as_a_traceback(lines: list[str], parser) -> None:
    text = "\n".join(lines)
    detect_format(text)
    try:
        profile = parser.parse(text, as_of=AS_OF, author="Ana Ruiz")
    except ParseError:
        return
    assert profile.papers


def _page(block: str) -> str:
    head = "Ana Ruiz\n\n2 Papers\n\nLGMay 2, 2024\nA Real Title\n\nAna Ruiz, Bo Li\n\n"
    return f"{head}Abstract one.\n\n{block}"


def test_a_blank_title_line_never_makes_the_author_line_the_title() -> None:
    profile = profile_page.parse(
        _page("CVJun 3, 2024\n\nAna Ruiz, Bo Li\n\nAbstract two.\n"), as_of=AS_OF
    )
    assert [p.title for p in profile.papers] == ["A Real Title"]
    assert any(
        "no title (the author line follows the header); skipped" in w for w in profile.warnings
    )


def test_invisible_and_over_long_titles_are_warnings() -> None:
    invisible = profile_page.parse(
        _page("CVJun 3, 2024\n\u200b\u200d\n\nAna Ruiz, Bo Li\n\nAbstract two.\n"), as_of=AS_OF
    )
    assert [p.title for p in invisible.papers] == ["A Real Title"]
    long_title = "Graphs " * 1500
    long = profile_page.parse(
        _page(f"CVJun 3, 2024\n{long_title}\n\nAna Ruiz, Bo Li\n\nAbstract two.\n"), as_of=AS_OF
    )
    assert any(
        w.startswith("1 titles are over 300 characters (the longest 10499)") for w in long.warnings
    )


def test_an_osc8_link_in_the_author_line_keeps_the_names() -> None:
    link = "\x1b]8;;https://example.com\x1b\\Bo Li\x1b]8;;\x1b\\"
    profile = profile_page.parse(
        _page(f"CVJun 3, 2024\nSecond Title\n\nAna Ruiz, {link}\n\nAbstract two.\n"), as_of=AS_OF
    )
    assert profile.papers[1].authors == ["Ana Ruiz", "Bo Li"]
