"""Fuzzed inputs: every parser returns a valid Profile or raises InputError; nothing else, no hang.

Real inputs (the sample profile page, the S2 fixture, the arXiv sample) are mutated the ways files
get damaged: truncated, lines shuffled or dropped, binary noise, NUL bytes, huge lines, Unicode
oddities, mixed line endings. Each example goes through ``load_profile`` (file on disk, every
format) and straight through the parser; a per-example deadline catches a runaway regex.
Random (not mutated) garbage is in tests/sources/test_sources_bad_input.py.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from data_paths import REPO, SAMPLES
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from agent.errors import InputError
from agent.models import Profile
from agent.settings import Settings
from agent.sources import arxiv_jsonl, load_profile, profile_page, semantic_scholar
from agent.sources.detect import detect_format

REPO = REPO

SEEDS = {
    "profile": (SAMPLES / "rongrong-wang.profile.txt").read_bytes(),
    "s2": (REPO / "tests" / "fixtures" / "s2-author-fictional.json").read_bytes(),
    "arxiv": (SAMPLES / "arxiv-metadata-sample.jsonl").read_bytes(),
}
PARSERS = {"profile": profile_page, "s2": semantic_scholar, "arxiv": arxiv_jsonl}
AS_OF = date(2026, 11, 28)
AUTHOR = "Vahid Partovi Nia"
ODDITIES = [
    "\u200b",  # zero-width space
    "\u202e",  # right-to-left override
    "\ufeff",  # BOM in the middle
    "e\u0301",  # combining accent
    "\u2028",  # line separator
    "\u0085",  # next line
    "\uff12\uff10\uff12\uff14",  # full-width digits
    "\U0001f9ea",  # emoji
    "\ufffd",
    "\x00",
    "\x1b[31m",
    "\\u0000",
    '"',
    "{",
    "]",
]
FUZZ = hsettings(
    max_examples=300,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    """(seed name, mutated bytes): a seed run through one to three kinds of damage."""
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = SEEDS[name]
    for _ in range(draw(st.integers(1, 3))):
        data = draw(MUTATIONS)(draw, data)
    return name, data


def truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def shuffle_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    draw(st.randoms(use_true_random=False)).shuffle(lines)
    return b"\n".join(lines)


def drop_or_repeat_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    start = draw(st.integers(0, len(lines)))
    end = draw(st.integers(start, min(len(lines), start + 40)))
    middle = lines[start:end] * draw(st.integers(0, 3))
    return b"\n".join(lines[:start] + middle + lines[end:])


def insert(draw: st.DrawFn, data: bytes, piece: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    return data[:at] + piece + data[at:]


def binary_noise(draw: st.DrawFn, data: bytes) -> bytes:
    return insert(draw, data, draw(st.binary(min_size=1, max_size=64)))


def nul_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    return insert(draw, data, b"\x00" * draw(st.integers(1, 4)))


def huge_line(draw: st.DrawFn, data: bytes) -> bytes:
    unit = draw(st.sampled_from(["a", "LG", "May 24, ", "h-index1 ", "[", '{"a":', "\u00e9 ", " "]))
    return insert(draw, data, b"\n" + (unit * (300_000 // len(unit))).encode() + b"\n")


def unicode_oddity(draw: st.DrawFn, data: bytes) -> bytes:
    pieces = draw(st.lists(st.sampled_from(ODDITIES) | st.text(max_size=8), min_size=1))
    return insert(draw, data, "".join(pieces).encode("utf-8", "surrogatepass"))


def mixed_line_endings(draw: st.DrawFn, data: bytes) -> bytes:
    ends = [b"\n", b"\r\n", b"\r", b"\n\r"]
    return b"".join(line + draw(st.sampled_from(ends)) for line in _lines(data)[:400])


MUTATIONS = st.sampled_from(
    [
        truncate,
        shuffle_lines,
        drop_or_repeat_lines,
        binary_noise,
        nul_bytes,
        huge_line,
        unicode_oddity,
        mixed_line_endings,
    ]
)


@pytest.fixture(scope="module")
def scratch() -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def assert_valid(profile: Profile) -> None:
    assert profile.papers and profile.name.strip()
    again = Profile.model_validate_json(profile.model_dump_json())
    assert [p.id for p in again.papers] == [p.id for p in profile.papers]


@pytest.mark.timeout(120)
@FUZZ
@given(damaged(), st.sampled_from(["auto", "profile", "s2", "arxiv"]))
def test_damaged_files_parse_or_give_an_input_error(
    scratch: Path, sample: tuple[str, bytes], fmt: str
) -> None:
    _, data = sample
    path = scratch / f"{hashlib.sha1(data).hexdigest()}.txt"
    path.write_bytes(data)
    settings = Settings(data_dir=scratch / "data", as_of=AS_OF, no_llm=True)
    try:
        profile = load_profile(path, settings, fmt=fmt, author=AUTHOR)
    except InputError as err:
        event(f"{fmt}: {err.problem[:30]}")
        assert str(err).startswith(f"{path}: ") or str(err).startswith(f"{fmt}: ")
        assert "\n" not in str(err).strip()
        return
    finally:
        path.unlink()
    event(f"{fmt}: parsed")
    assert_valid(profile)


@pytest.mark.timeout(120)
@FUZZ
@given(damaged())
def test_damaged_text_through_each_parser_and_detect(sample: tuple[str, bytes]) -> None:
    name, data = sample
    text = data.decode("utf-8", "replace")
    assert detect_format(text) in (
        None,
        "profile",
        "s2",
        "arxiv",
        "orcid",
        "openalex",
        "dblp",
        "bibtex",
    )
    for parser in {PARSERS[name], profile_page}:
        try:
            profile = parser.parse(text, as_of=AS_OF, author=AUTHOR)
        except InputError:
            continue
        assert_valid(profile)


PATHOLOGICAL = {
    "deeply nested JSON": "[" * 200_000,
    "one 1 MB line": "x" * 1_000_000,
    "a million newlines": "\n" * 1_000_000 + "Ana Ruiz\n",
    "paper headers only": "Ana Ruiz\n" + "LGMay 24\n" * 100_000,
    "metric lines only": "h-index1\n" * 100_000,
    "JSONL without the author": '{"authors_parsed": [["Ruiz", "Ana", ""]]}\n' * 30_000,
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("fmt", ["auto", "profile", "s2", "arxiv"])
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_inputs_end_in_an_input_error(scratch: Path, name: str, fmt: str) -> None:
    path = scratch / "pathological.txt"
    path.write_text(PATHOLOGICAL[name], encoding="utf-8")
    settings = Settings(data_dir=scratch / "data", as_of=AS_OF, no_llm=True)
    with pytest.raises(InputError) as err:
        load_profile(path, settings, fmt=fmt, author="Bo Li")
    assert str(err.value).startswith(f"{path}: ")


CLI = Path(sys.executable).parent / "profile-agent"


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def stored(settings: Settings) -> Settings:
    """A data dir holding the sample's record (vectors are not needed to prove nothing changed)."""
    from agent.store.records import save_profile

    save_profile(settings, load_profile(SAMPLES / "rongrong-wang.profile.txt", settings))
    return settings


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes)"),
        ("empty.txt", b"", "file is empty"),
        ("folder", None, "is a directory"),
        ("missing.txt", "missing", "no such file"),
        ("latin1.txt", "Ana M\u00fcller\n".encode("latin-1"), "not UTF-8 text"),
        ("noise.bin", bytes(range(1, 9)) * 40, "binary file (mostly control characters)"),
        (
            "s2.json",
            b'{"authorId": "1", "name": "A B", "hIndex": ' + b"9" * 5000 + b"}",
            "invalid JSON at line 1 column 1 (unreadable value",
        ),
        (
            "arxiv.jsonl",
            b'{"id": "1", "authors_parsed": [], "n": ' + b"9" * 5000 + b"}\n",
            "line 1 is not valid JSON (unreadable value",
        ),
        (
            "orcid.json",
            b'{"group": [{"work-summary": [{"put-code": ' + b"9" * 5000 + b"}]}]}",
            "JSON data in no supported layout",
        ),
        ("openalex.json", b'{"meta": {"count": 0}, "results": []}', "no works found"),
        ("dblp.xml", b"<dblpperson name='A B'><r><article><title>T", "invalid XML at line 1"),
        (
            "error.json",
            b'{"response-code": 404, "developer-message": "Not found"}',
            "JSON data in no supported layout",
        ),
        ("deep.json", b"[" * 100_000, "JSON data in no supported layout"),
        ("refs.bib", b"@article{a,\n title = {Unclosed\n", "no BibTeX entry could be read"),
        ("fifo", "fifo", "not a regular file"),
        ("device", "device", "not a regular file"),
    ],
)
def test_cli_refuses_bad_files_with_one_line_and_exit_2(
    tmp_path: Path, stored: Settings, name: str, content: bytes | str | None, problem: str
) -> None:
    path = tmp_path / name
    if content is None:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content == "fifo":
        os.mkfifo(path)
    elif content == "device":
        path = Path("/dev/null")
    before = _snapshot(stored.data_dir)
    done = subprocess.run(
        [str(CLI), "ingest", str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"profile-agent: error: {path}: {problem}")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert before and _snapshot(stored.data_dir) == before
