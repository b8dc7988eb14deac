"""ONNX embeddings: same vectors as torch, built once per data dir, no torch at query time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from data_paths import REPO

from agent.embed import onnx as embed_onnx
from agent.embed.bundle import MODEL_NAME, bundled_model_path
from agent.embed.cache import CachedEmbedder, EmbeddingCache
from agent.embed.model import SentenceTransformerEmbedder, embedder_for, get_embedder, models_dir_of
from agent.embed.onnx import INT8_NAME, OnnxEmbedder, onnx_path, optimized_path, read_verified
from agent.errors import InputError
from agent.settings import Settings

ROOT = REPO
RETRIEVAL_SUITE = ROOT / "evals" / "suites" / "retrieval.jsonl"
FICTIONAL = ROOT / "tests" / "fixtures" / "s2-author-fictional.json"
HEAVY = ("torch", "transformers", "sentence_transformers")


@pytest.fixture(autouse=True)
def _models_in_the_data_dir(monkeypatch: pytest.MonkeyPatch, _isolated_data_dir: Path) -> None:
    """These tests build, copy and corrupt model files: in each test's own <data_dir>/models."""
    monkeypatch.delenv("PROFILE_AGENT_MODELS_DIR", raising=False)


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models dir holding the exported fp32 model and its int8 quantization (built once)."""
    path = tmp_path_factory.mktemp("models")
    embed_onnx.ensure_model(path, bundled_model_path(), int8=True)
    return path


@pytest.fixture
def copied_models(models_dir: Path, settings: Settings) -> Path:
    """This test's ``<data_dir>/models``, filled with copies of the module's built files."""
    target = models_dir_of(settings)
    shutil.copytree(models_dir, target, ignore=shutil.ignore_patterns(".*"))
    return target


@pytest.fixture
def no_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything exports or quantizes the model again."""

    def refuse(*_: object) -> None:
        raise AssertionError("the cached model was rebuilt")

    monkeypatch.setattr(embed_onnx, "export_fp32", refuse)
    monkeypatch.setattr(embed_onnx, "quantize_int8", refuse)


def _sample_texts(sample_path: Path, settings: Settings) -> list[str]:
    """Every paper text (title + abstract) of the sample and every third sentence."""
    from agent.sources import load_profile
    from agent.store.vectors import profile_records

    records = profile_records(load_profile(sample_path, settings))
    return [r.text for r in records["papers"]] + [r.text for r in records["sentences"][::3]]


def test_backends_name_their_vectors(settings: Settings, monkeypatch) -> None:
    assert embedder_for("onnx", settings).name == MODEL_NAME  # equal to torch: shared cache
    assert embedder_for("onnx-int8", settings).name == INT8_NAME != MODEL_NAME
    assert isinstance(embedder_for("torch", settings), SentenceTransformerEmbedder)
    with pytest.raises(InputError, match="unknown embedding backend"):
        embedder_for("onnx-fp16", settings)
    monkeypatch.setenv("PROFILE_AGENT_EMBED_BACKEND", "onnx-int8")
    assert get_embedder(Settings()).name == INT8_NAME


@pytest.mark.slow
def test_onnx_fp32_agrees_with_torch_on_the_sample(
    models_dir: Path, bundled_model, sample_path: Path, settings: Settings
) -> None:
    texts = _sample_texts(sample_path, settings)
    onnx = OnnxEmbedder(models_dir).encode(texts)
    torch = bundled_model.encode(texts)
    assert onnx.shape == torch.shape == (len(texts), 384) and onnx.dtype == np.float32
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)
    assert (onnx * torch).sum(axis=1).min() >= 0.999


def _dense_recall_at_5(embedder, papers, cases) -> float:  # noqa: ANN001
    paper_vectors = embedder.encode([f"{p.title}. {p.abstract}" for p in papers])
    query_vectors = embedder.encode([case["inputs"]["query"] for case in cases])
    recalls = []
    for case, query in zip(cases, query_vectors, strict=True):
        top = {papers[i].id for i in np.argsort(-(paper_vectors @ query))[:5]}
        relevant = set(case["expect"]["relevant"])
        recalls.append(len(top & relevant) / len(relevant))
    return float(np.mean(recalls))


@pytest.mark.slow
def test_int8_keeps_retrieval_quality(
    models_dir: Path, bundled_model, sample_path: Path, settings: Settings
) -> None:
    from agent.sources import load_profile

    papers = [p for p in load_profile(sample_path, settings).papers if p.abstract]
    lines = RETRIEVAL_SUITE.read_text().splitlines()
    cases = [c for c in map(json.loads, lines) if not c["inputs"].get("filters")]
    int8 = OnnxEmbedder(models_dir, int8=True)
    assert (
        _dense_recall_at_5(int8, papers, cases)
        >= _dense_recall_at_5(bundled_model, papers, cases) - 0.01
    )
    sample = [f"{p.title}. {p.abstract}" for p in papers[:8]]
    closeness = (int8.encode(sample) * bundled_model.encode(sample)).sum(axis=1)
    assert closeness.min() >= 0.97


@pytest.mark.slow
def test_built_model_files_are_reused(
    models_dir: Path, copied_models: Path, no_rebuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = sorted(
        p.name
        for p in models_dir.iterdir()
        if not p.name.startswith(".") and ".opt.onnx" not in p.name  # saved graphs: see below
    )
    fp32, int8 = (onnx_path(models_dir, bundled_model_path(), q).name for q in (False, True))
    assert names == sorted([fp32, f"{fp32}.sha256", int8, f"{int8}.sha256"])
    first = OnnxEmbedder(copied_models, int8=True).encode(["MaxCut", "deep image prior"])
    saved = optimized_path(copied_models / int8)
    assert read_verified(saved) is not None  # the first session kept its optimized graph
    before = {p.name: p.stat().st_mtime_ns for p in copied_models.iterdir()}

    def unread(*_: object) -> None:
        raise AssertionError("the model itself was read: the saved graph was not used")

    monkeypatch.setattr(embed_onnx, "ensure_model", unread)
    again = OnnxEmbedder(copied_models, int8=True).encode(["MaxCut", "deep image prior"])
    assert again.shape == (2, 384) and np.array_equal(again, first)
    assert {p.name: p.stat().st_mtime_ns for p in copied_models.iterdir()} == before


@pytest.mark.slow
def test_a_damaged_saved_graph_is_optimized_again_from_the_model(
    copied_models: Path, no_rebuild
) -> None:
    expected = OnnxEmbedder(copied_models, int8=True).encode(["sparse image priors"])
    saved = optimized_path(onnx_path(copied_models, bundled_model_path(), int8=True))
    saved.write_bytes(saved.read_bytes()[:1000])  # a torn write
    again = OnnxEmbedder(copied_models, int8=True).encode(["sparse image priors"])
    assert read_verified(saved) is not None and np.array_equal(again, expected)


@pytest.mark.slow
def test_a_partial_int8_file_is_requantized_without_torch(
    copied_models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = OnnxEmbedder(copied_models, int8=True).encode(["sparse image priors"])
    path = onnx_path(copied_models, bundled_model_path(), int8=True)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # a torn write
    optimized_path(path).unlink()  # and no saved graph to load instead
    assert read_verified(path) is None

    def no_export(*_: object) -> None:
        raise AssertionError("the valid fp32 model was exported again")

    monkeypatch.setattr(embed_onnx, "export_fp32", no_export)
    again = OnnxEmbedder(copied_models, int8=True).encode(["sparse image priors"])
    assert read_verified(path) is not None
    assert np.allclose(again, expected, atol=1e-6)


@pytest.mark.slow
def test_a_corrupt_fp32_file_is_exported_again(copied_models: Path) -> None:
    expected = OnnxEmbedder(copied_models).encode(["sparse image priors"])
    path = onnx_path(copied_models, bundled_model_path(), int8=False)
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)  # same size, damaged weights
    path.write_bytes(bytes(data))
    optimized_path(path).unlink()  # and no saved graph to load instead
    again = OnnxEmbedder(copied_models).encode(["sparse image priors"])
    assert read_verified(path) is not None
    assert not [p for p in copied_models.iterdir() if p.name.startswith(".build")]
    assert np.allclose(again, expected, atol=1e-5)


QUERY_PATH = """
import json, sys
from agent.cli.app import main
for argv in (["search", "selin-varga", "quantile intervals for small samples"],
             ["--no-llm", "ask", "selin-varga", "What has she written about quantile regression?"]):
    sys.argv = ["profile-agent", *argv]
    try:
        main()
    except SystemExit as done:
        assert not done.code, done.code
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


@pytest.mark.slow
def test_search_and_ask_never_import_torch(copied_models: Path, settings: Settings) -> None:
    from agent.store.ingest import ingest_path

    embedder = CachedEmbedder(
        OnnxEmbedder(copied_models, int8=True), EmbeddingCache(settings.cache_db)
    )
    ingest_path(FICTIONAL, settings, embedder=embedder)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROFILE_AGENT_")}
    env["PROFILE_AGENT_DATA_DIR"] = str(settings.data_dir)  # the default backend: onnx-int8
    done = subprocess.run(
        [sys.executable, "-c", QUERY_PATH.format(heavy=HEAVY)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "A Note on Quantile Regression Forests for Small Samples" in done.stdout
    assert done.stdout.splitlines()[-1] == "[]"


def test_analysis_runs_on_full_precision_even_when_retrieval_is_int8(tmp_path) -> None:  # noqa: ANN001
    """Themes and support scores use fp32 vectors: int8 merged three of the sample's themes."""
    from agent.embed.bundle import MODEL_NAME
    from agent.embed.model import analysis_embedder, get_embedder
    from agent.settings import Settings

    settings = Settings(data_dir=tmp_path, embed_backend="onnx-int8")
    assert get_embedder(settings).name != MODEL_NAME
    assert analysis_embedder(settings).name == MODEL_NAME
    torch_settings = Settings(data_dir=tmp_path, embed_backend="torch")
    assert analysis_embedder(torch_settings).name == MODEL_NAME
