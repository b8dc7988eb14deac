"""A ``kill -9`` of ``profile-agent ingest`` at any point leaves a store serving a whole profile.

The ingest runs as a real subprocess and SIGKILLs itself at a named stage (the env-gated
``crash_point`` hook in agent/store/records.py), or is stopped before writing and killed after a
random delay. After each kill: the record is the old or the new profile, whole; every stored
paper and sentence has its vector; search and the grounded answer serve the record; re-running
completes and Chroma then agrees with the record exactly. The embedding cache is warmed first, so
the subprocesses never load the model.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from data_paths import SAMPLE_PROFILE

from agent.models import paper_id_for
from agent.settings import Settings
from agent.sources import load_profile
from agent.store.records import CRASH_AT_ENV
from agent.store.vectors import profile_records, sentence_id

pytestmark = pytest.mark.slow

CLI = Path(sys.executable).parent / "profile-agent"
SLUG = "rongrong-wang"
REMOVED_TITLE = "Capacity Preserving Mapping for High-dimensional Data Visualization"
EDITED_TITLE = "Singular Vector Perturbation under Gaussian Noise"
OLD_SENTENCE = (
    "We perform a non-asymptotic analysis on the singular vector distribution under Gaussian noise."
)
NEW_SENTENCE = "We analyse singular vectors of noisy matrices without asymptotics."
NEW_TITLE = "Crash Consistent Stores for Research Profiles"
NEW_BLOCK = (
    f"LGMar 3, 2025\n{NEW_TITLE}\n\nRongrong Wang, Ana Ruiz\n\n"
    "We write vectors before records and prune after them. Readers never see a half profile.\n\n"
)
QUERY = "singular vector perturbation under Gaussian noise"
REMOVED_QUERY = "capacity preserving mapping for data visualization"
QUESTION = "What has she written about capacity preserving mapping for data visualization?"
BACKEND_ENV, BACKEND = "PROFILE_AGENT_EMBED_BACKEND", "onnx-int8"  # the product default
REMOVED, EDITED, ADDED = (paper_id_for(t) for t in (REMOVED_TITLE, EDITED_TITLE, NEW_TITLE))

OBSERVE = f"""
import json
from agent.cli.ask import answer_once
from agent.store.records import load_profile_record
from agent.store.retrieve import Retriever
from agent.settings import Settings
from agent.store.profiles import paper_sentences, vector_mismatches

settings = Settings()
profile = load_profile_record(settings, {SLUG!r})
hits = Retriever(settings).search_papers({SLUG!r}, {QUERY!r}, k=5)
answer = answer_once(settings, {SLUG!r}, {QUESTION!r}, "extractive")
print(json.dumps({{
    "papers": [p.id for p in profile.papers],
    "edited_abstract": profile.paper({EDITED!r}).abstract,
    "mismatches": vector_mismatches(settings, {SLUG!r}),
    "hits": [h.paper_id for h in hits],
    "hits_quote_the_record": all(
        h.best_sentence in paper_sentences(profile.paper(h.paper_id)) for h in hits
    ),
    "sources": [s.paper_id for s in answer.sources],
}}))
"""


def run_cli(
    *args: str, crash_at: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env or {})}
    if crash_at:
        env[CRASH_AT_ENV] = crash_at
    return subprocess.run(
        [str(CLI), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def observe() -> dict:
    """The store as another process sees it: record, mismatches, a search and an answer."""
    done = subprocess.run(
        [sys.executable, "-c", OBSERVE], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def version_two(sample_path: Path, tmp_path: Path) -> Path:
    """The sample with its last paper removed, one sentence edited and one paper added."""
    text = sample_path.read_text(encoding="utf-8").replace(OLD_SENTENCE, NEW_SENTENCE)
    text = text[: text.index("LGSep 29, 2019\n" + REMOVED_TITLE)].rstrip() + "\n"
    head, sep, rest = text.partition("30 Papers\n\n")
    path = tmp_path / "v2.profile.txt"
    path.write_text(head + sep + NEW_BLOCK + rest, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def v1_store(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """A data dir with v1 (the sample) ingested by the CLI and every text of v1 and v2 cached
    (with its exported ONNX model), so the CLI processes need not embed."""
    from agent.embed.model import get_embedder

    root = tmp_path_factory.mktemp("crash-v1")
    v2, data = version_two(SAMPLE_PROFILE, root), root / "data"
    settings = Settings(data_dir=data, no_llm=True, embed_backend=BACKEND)
    embedder = get_embedder(settings)
    texts = [QUERY, REMOVED_QUERY, QUESTION]
    for path in (SAMPLE_PROFILE, v2):
        profile = load_profile(path, settings)
        texts += [r.text for records in profile_records(profile).values() for r in records]
    embedder.encode(texts)
    embedder.cache.close()
    env = {"PROFILE_AGENT_DATA_DIR": str(data), BACKEND_ENV: BACKEND}
    first = run_cli("ingest", str(SAMPLE_PROFILE), env=env)
    assert first.returncode == 0, first.stderr
    shown = json.loads(run_cli("show", SLUG, "--json", env=env).stdout)
    return data, v2, [paper["id"] for paper in shown["papers"]]


@pytest.fixture
def versions(v1_store, _isolated_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict:  # noqa: ANN001
    """This test's data dir: a copy of the v1 store (same embedding backend); v2 on disk."""
    data, v2, v1_ids = v1_store
    shutil.copytree(data, _isolated_data_dir, dirs_exist_ok=True)
    monkeypatch.setenv(BACKEND_ENV, BACKEND)
    return {"v1": SAMPLE_PROFILE, "v2": v2, "v1_ids": v1_ids}


def sentence_ids(path: Path, paper: str) -> list[str]:
    profile = load_profile(path, Settings(no_llm=True))
    ids = [r.id for r in profile_records(profile)["sentences"] if r.id.startswith(f"{paper}:")]
    return sorted(ids)


def expected_mismatches(stage: str, versions: dict) -> dict:
    """What Chroma holds beyond the record after a kill at ``stage`` (never a missing vector)."""
    papers = {"stale": [ADDED], "changed": [EDITED]}
    sentences = {"stale": sentence_ids(versions["v2"], ADDED), "changed": [sentence_id(EDITED, 1)]}
    removed = {"stale": sentence_ids(versions["v1"], REMOVED)}
    return {
        "embedded": {},
        "upserted-papers": {"papers": papers},
        "upserted-sentences": {"papers": papers, "sentences": sentences},
        "record-write": {"papers": papers, "sentences": sentences},
        "saved": {"papers": {"stale": [REMOVED]}, "sentences": removed},
    }[stage]


def assert_serves_a_whole_profile(seen: dict, versions: dict) -> str:
    """The record is v1 or v2 exactly, each of its papers has vectors, readers serve only it."""
    version = "v2" if ADDED in seen["papers"] else "v1"
    assert (REMOVED in seen["papers"]) == (version == "v1")
    assert len(seen["papers"]) == 30
    new_text = NEW_SENTENCE in seen["edited_abstract"]
    assert new_text == (version == "v2")
    for kind in seen["mismatches"].values():
        assert "missing" not in kind
    assert seen["hits"][0] == EDITED and set(seen["hits"]) <= set(seen["papers"])
    assert seen["hits_quote_the_record"]
    assert set(seen["sources"]) <= set(seen["papers"])
    assert (REMOVED in seen["sources"]) == (version == "v1")
    return version


@pytest.mark.parametrize(
    "stage", ["embedded", "upserted-papers", "upserted-sentences", "record-write", "saved"]
)
def test_kill_at_each_stage_then_rerun(stage: str, versions: dict) -> None:
    killed = run_cli("ingest", str(versions["v2"]), crash_at=stage)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    seen = observe()
    version = assert_serves_a_whole_profile(seen, versions)
    assert version == ("v2" if stage == "saved" else "v1")
    if version == "v1":
        assert seen["papers"] == versions["v1_ids"]
    assert seen["mismatches"] == expected_mismatches(stage, versions)

    rerun = run_cli("ingest", str(versions["v2"]), "--json")
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout)["papers"] == 30
    after = observe()
    assert assert_serves_a_whole_profile(after, versions) == "v2"
    assert after["mismatches"] == {}


def test_kill_at_random_points_of_the_write(versions: dict) -> None:
    """Stop each ingest before it writes, resume it, SIGKILL it after a random delay."""
    rng = random.Random(8)
    env = {**os.environ, CRASH_AT_ENV: "embedded:stop"}
    for round_ in range(3):
        target = versions["v2" if round_ % 2 == 0 else "v1"]
        process = subprocess.Popen(
            [str(CLI), "ingest", str(target)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_until_stopped(process.pid)
        os.kill(process.pid, signal.SIGCONT)
        time.sleep(rng.uniform(0.0, 0.6))
        process.kill()
        process.wait(timeout=60)
        assert_serves_a_whole_profile(observe(), versions)
    assert run_cli("ingest", str(versions["v1"])).returncode == 0
    final = observe()
    assert assert_serves_a_whole_profile(final, versions) == "v1"
    assert final["mismatches"] == {}


def _wait_until_stopped(pid: int, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "T":
            return
        time.sleep(0.05)
    raise AssertionError(f"ingest {pid} never reached its stop point")
