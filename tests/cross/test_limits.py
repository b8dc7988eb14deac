"""Size limits: oversized inputs are refused from ``stat`` alone; big profiles ingest whole.

The documented limit is ``max_input_bytes`` (PROFILE_AGENT_MAX_INPUT_BYTES, default 20 MiB).
A 25 MB sparse file (no data blocks) proves the refusal never reads: opening it is patched to
fail. Peak memory of 300 vs 3000 papers is measured by bench/memory_bench.py; here a 1000-paper
profile must ingest completely.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from data_paths import REPO

from agent.errors import InputError
from agent.settings import Settings
from agent.sources import FORMATS, load_profile

REPO = REPO
CLI = Path(sys.executable).parent / "profile-agent"
LIMIT = 20 * 1024 * 1024
BIG = 25 * 1000 * 1000


def _bench():  # noqa: ANN202 - the bench module
    spec = importlib.util.spec_from_file_location(
        "memory_bench", REPO / "bench" / "memory_bench.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def sparse_file(tmp_path: Path) -> Path:
    """A 25 MB file that occupies (almost) no disk: created with truncate, never written."""
    path = tmp_path / "huge.profile.txt"
    with path.open("wb") as handle:
        handle.truncate(BIG)
    assert path.stat().st_size == BIG and path.stat().st_blocks * 512 < 1024 * 1024
    return path


def test_the_documented_limit_is_20_mib() -> None:
    assert Settings().max_input_bytes == LIMIT
    field = Settings.model_fields["max_input_bytes"]
    assert field.description == "Inputs larger than this are refused unread."


@pytest.mark.parametrize("fmt", FORMATS)
def test_oversized_file_is_refused_without_reading_it(
    sparse_file: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the oversized file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(Path, "read_text", no_reading)
    with pytest.raises(InputError) as err:
        load_profile(sparse_file, Settings(no_llm=True), fmt=fmt)
    assert str(err.value) == (
        f"{sparse_file}: file is {BIG} bytes, over the {LIMIT}-byte limit "
        "(split the file or raise PROFILE_AGENT_MAX_INPUT_BYTES)"
    )


def test_the_limit_follows_its_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "small.txt"
    path.write_text("Ana Ruiz\n" * 20, encoding="utf-8")
    monkeypatch.setenv("PROFILE_AGENT_MAX_INPUT_BYTES", "100")
    with pytest.raises(InputError, match="over the 100-byte limit"):
        load_profile(path, Settings(no_llm=True))


@pytest.mark.slow
def test_cli_refuses_an_oversized_file_in_one_line(sparse_file: Path, settings: Settings) -> None:
    done = subprocess.run(
        [str(CLI), "ingest", str(sparse_file)], capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"profile-agent: error: {sparse_file}: file is {BIG} bytes, over the {LIMIT}-byte limit "
        "(split the file or raise PROFILE_AGENT_MAX_INPUT_BYTES)\n"
    )
    assert not settings.data_dir.exists()


@pytest.mark.slow
def test_a_thousand_paper_profile_ingests_whole(
    tmp_path: Path, settings: Settings, record_property
) -> None:
    bench = _bench()
    path = tmp_path / "thousand.profile.txt"
    path.write_text(bench.synthetic_profile_text(1000), encoding="utf-8")
    peak, seconds, out = bench.ingest_peak_rss(path, settings.data_dir)
    record_property("peak_rss_mib", round(peak / 2**20))
    report = json.loads(out)
    assert (report["papers"], report["added"], report["sentences"]) == (1000, 1000, 3000)
    env = {**os.environ, "PROFILE_AGENT_DATA_DIR": str(settings.data_dir)}
    listed = subprocess.run(
        [str(CLI), "profiles", "--json"], env=env, capture_output=True, text=True, timeout=120
    )
    assert [(p["slug"], p["papers"]) for p in json.loads(listed.stdout)] == [
        ("synthetic-researcher", 1000)
    ]
    from agent.store.profiles import vector_mismatches

    assert vector_mismatches(settings, "synthetic-researcher") == {}
