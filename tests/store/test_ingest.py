"""Ingest of the sample: counts, idempotent re-ingest, changed profiles, bad input, the lock.

Every store test runs twice: against embedded Chroma and against a real ``chroma run`` server.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

import numpy as np
import pytest

from agent.errors import InputError
from agent.models import paper_id_for
from agent.settings import Settings
from agent.store.ingest import ingest_path, write_lock
from agent.store.profiles import (
    VectorStore,
    list_profiles,
    load_profile_record,
    paper_sentences,
    vector_counts,
)

pytestmark = pytest.mark.slow

SLUG = "rongrong-wang"
REMOVED_TITLE = "Capacity Preserving Mapping for High-dimensional Data Visualization"
EDITED_TITLE = "Singular Vector Perturbation under Gaussian Noise"
OLD_SENTENCE = (
    "We perform a non-asymptotic analysis on the singular vector distribution under Gaussian noise."
)
NEW_SENTENCE = "We analyse singular vectors of noisy matrices without asymptotics."


def _stored_ids(settings: Settings, kind: str) -> set[str]:
    collection = VectorStore(settings, "sentence-transformers/all-MiniLM-L6-v2").collection(
        SLUG, kind
    )
    return set(collection.get(include=[])["ids"])


def _changed_sample(sample_path: Path, tmp_path: Path) -> Path:
    """The sample without its last paper and with one abstract sentence rewritten."""
    text = sample_path.read_text(encoding="utf-8")
    assert OLD_SENTENCE in text
    text = text.replace(OLD_SENTENCE, NEW_SENTENCE)
    text = text[: text.index("LGSep 29, 2019\n" + REMOVED_TITLE)].rstrip() + "\n"
    changed = tmp_path / "changed.profile.txt"
    changed.write_text(text, encoding="utf-8")
    return changed


def test_first_ingest_stores_every_paper_and_sentence(store_settings, sample_path, embedder):
    report = ingest_path(sample_path, store_settings, embedder=embedder)
    profile = load_profile_record(store_settings, SLUG)
    sentences = sum(len(paper_sentences(p)) for p in profile.papers)
    assert (report.slug, report.name, report.papers) == (SLUG, "Rongrong Wang", 30)
    assert (report.added, report.updated, report.unchanged, report.removed) == (30, 0, 0, 0)
    assert report.sentences == sentences
    assert vector_counts(store_settings, SLUG) == {"papers": 30, "sentences": sentences}
    assert _stored_ids(store_settings, "papers") == {p.id for p in profile.papers}
    assert report.embedded_texts == embedder.embedded_texts > 0
    assert [s.slug for s in list_profiles(store_settings)] == [SLUG]
    assert report.warnings == profile.warnings


def test_reingest_is_idempotent_and_embeds_nothing(store_settings, sample_path, warm_embedder):
    ingest_path(sample_path, store_settings, embedder=warm_embedder)
    ids = {kind: _stored_ids(store_settings, kind) for kind in ("papers", "sentences")}
    embedded = warm_embedder.embedded_texts
    report = ingest_path(sample_path, store_settings, embedder=warm_embedder)
    assert (report.added, report.updated, report.unchanged, report.removed) == (0, 0, 30, 0)
    assert report.embedded_texts == 0 and warm_embedder.embedded_texts == embedded
    assert {kind: _stored_ids(store_settings, kind) for kind in ids} == ids
    assert len(list_profiles(store_settings)) == 1


def test_changed_profile_replaces_exactly_what_changed(
    store_settings, sample_path, warm_embedder, tmp_path
):
    ingest_path(sample_path, store_settings, embedder=warm_embedder)
    before = _stored_ids(store_settings, "sentences")
    report = ingest_path(
        _changed_sample(sample_path, tmp_path), store_settings, embedder=warm_embedder
    )
    removed, edited = paper_id_for(REMOVED_TITLE), paper_id_for(EDITED_TITLE)
    assert (report.papers, report.added, report.updated, report.unchanged, report.removed) == (
        29,
        0,
        1,
        28,
        1,
    )
    assert report.embedded_texts == 2  # the edited paper's text and its one new sentence
    assert vector_counts(store_settings, SLUG)["papers"] == 29
    assert removed not in _stored_ids(store_settings, "papers")
    after = _stored_ids(store_settings, "sentences")
    assert not any(i.startswith(f"{removed}:") for i in after)
    assert after == {i for i in before if not i.startswith(f"{removed}:")}
    store = VectorStore(store_settings, warm_embedder.name)
    stored = store.collection(SLUG, "sentences").get(ids=[f"{edited}:s1"], include=["embeddings"])
    assert np.allclose(stored["embeddings"][0], warm_embedder.encode([NEW_SENTENCE])[0], atol=1e-6)
    paper = store.collection(SLUG, "papers").get(ids=[edited], include=["documents"])
    assert NEW_SENTENCE in paper["documents"][0]
    assert load_profile_record(store_settings, SLUG).paper(removed) is None


@pytest.mark.parametrize("content", [None, b"", b"   \n\n  \n"])
def test_bad_input_leaves_the_store_as_it_was(
    settings, sample_path, warm_embedder, tmp_path, content
):
    ingest_path(sample_path, settings, embedder=warm_embedder)
    before = (list_profiles(settings), vector_counts(settings, SLUG))
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    with pytest.raises(InputError) as err:
        ingest_path(bad, settings, embedder=warm_embedder)
    assert err.value.subject == str(bad)
    assert (list_profiles(settings), vector_counts(settings, SLUG)) == before


def test_bad_input_into_an_empty_store_creates_nothing(settings, tmp_path):
    with pytest.raises(InputError):
        ingest_path(tmp_path / "missing.txt", settings)
    assert list_profiles(settings) == []
    assert not settings.chroma_dir.exists()


def test_ingest_waits_for_the_lock_and_says_so(settings, sample_path, warm_embedder):
    stages: list[str] = []
    waiting = threading.Event()

    def progress(stage: str, done: int, total: int) -> None:
        stages.append(stage)
        if stage.startswith("waiting"):
            waiting.set()

    result: dict[str, object] = {}
    with write_lock(settings):
        worker = threading.Thread(
            target=lambda: result.update(
                report=ingest_path(sample_path, settings, progress=progress, embedder=warm_embedder)
            )
        )
        worker.start()
        assert waiting.wait(timeout=300), stages
        assert list_profiles(settings) == []  # nothing written while the lock is held
    worker.join(timeout=300)
    assert result["report"].added == 30
    assert "waiting for another ingest to finish" in stages
    assert stages[-1] == "writing"


@pytest.mark.skipif(
    importlib.util.find_spec("agent.sources.enrich") is not None,
    reason="agent.sources.enrich exists; its own tests cover --enrich",
)
def test_enrich_without_the_module_is_an_input_error(settings, sample_path):
    with pytest.raises(InputError) as err:
        ingest_path(sample_path, settings, enrich=True)
    assert str(err.value) == "--enrich: not available (ingest without --enrich)"
    assert list_profiles(settings) == []
