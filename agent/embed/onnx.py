"""The bundled MiniLM through onnxruntime: exported from torch once, cached in the data dir.

Queries (``search``, ``ask``) load only onnxruntime and tokenizers, never torch. The export
(torch + transformers, a few seconds) runs on the first ``encode`` that finds no valid cached file:
``<data_dir>/models/minilm-<fingerprint>[-int8].onnx`` beside a ``.sha256`` manifest, both written
atomically; a file whose bytes do not match its manifest is rebuilt. The first session of a model
also saves onnxruntime's optimized graph of it (``*.opt.onnx``, level "extended": no hardware-
specific layouts), which later sessions load with optimizations off: the same outputs, about 60%
less load time for int8 (a part of every one-shot ``search`` and ``ask``). The pipeline matches
sentence-transformers: strip, WordPiece to 256 tokens, mean pooling over the mask, L2 norm.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.embed.bundle import BATCH_SIZE, MODEL_DIM, MODEL_NAME, bundled_model_path, offline_env

if TYPE_CHECKING:
    from collections.abc import Iterator

    import numpy as np

EXPORT_VERSION = 1  # bump when the export or quantization recipe changes
MAX_SEQ_LENGTH = 256  # sentence_bert_config.json of all-MiniLM-L6-v2
OPSET = 17
INT8_NAME = f"{MODEL_NAME}+onnx-int8"
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def model_fingerprint(model_dir: Path) -> str:
    """Identity of the exported file: model config, weight size and the export recipe."""
    digest = hashlib.sha1(f"v{EXPORT_VERSION}/opset{OPSET}".encode())
    digest.update((model_dir / "config.json").read_bytes())
    digest.update(str((model_dir / "model.safetensors").stat().st_size).encode())
    return digest.hexdigest()[:12]


def onnx_path(models_dir: Path, model_dir: Path, int8: bool) -> Path:
    """Where the exported (or quantized) model of ``model_dir`` lives in ``models_dir``."""
    suffix = "-int8" if int8 else ""
    return models_dir / f"minilm-{model_fingerprint(model_dir)}{suffix}.onnx"


def optimized_path(model: Path) -> Path:
    """Where onnxruntime's optimized graph of ``model`` is kept."""
    return model.with_name(model.name.removesuffix(".onnx") + ".opt.onnx")


def read_verified(path: Path) -> bytes | None:
    """The model's bytes when its ``.sha256`` manifest matches them; None if missing or corrupt."""
    manifest = path.with_name(path.name + ".sha256")
    try:
        expected = manifest.read_text().strip()
        data = path.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == expected else None


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def publish(path: Path, data: bytes) -> None:
    """Write the model, then its manifest, each atomically (a reader sees old, new or nothing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(path, data)
    _write_atomic(path.with_name(path.name + ".sha256"), hashlib.sha256(data).hexdigest().encode())


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence exporter tracer warnings and the quantizer's root-logger advice."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)


def export_fp32(model_dir: Path, target: Path) -> None:
    """Trace the transformer (token embeddings out) to ONNX with torch; pooling stays in numpy."""
    offline_env()
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: ANN001, ANN202
            out = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    ids = torch.ones((2, 8), dtype=torch.long)
    mask = ids.clone()
    mask[1, 5:] = 0  # padding in the example, so no "all ones" shortcut is traced
    axes = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "token_embeddings")}
    with _quiet(), torch.no_grad():
        torch.onnx.export(
            TokenEmbeddings(),
            (ids, mask, torch.zeros_like(ids)),
            str(target),
            input_names=list(_INPUTS),
            output_names=["token_embeddings"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )


def quantize_int8(source: Path, target: Path) -> None:
    """Dynamic int8 quantization of the weights, per channel (closest to fp32 of the variants)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with _quiet():
        quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True)


def build(models_dir: Path, model_dir: Path, int8: bool) -> bytes:
    """Export (and quantize) into ``models_dir``; returns the published model's bytes."""
    target = onnx_path(models_dir, model_dir, int8)
    fp32 = onnx_path(models_dir, model_dir, False)
    scratch = models_dir / f".build-{os.getpid()}-{threading.get_ident()}"
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        data = read_verified(fp32)
        if data is None:
            export_fp32(model_dir, scratch / "fp32.onnx")
            data = (scratch / "fp32.onnx").read_bytes()
            publish(fp32, data)
        if int8:
            quantize_int8(fp32, scratch / "int8.onnx")
            data = (scratch / "int8.onnx").read_bytes()
            publish(target, data)
        return data
    finally:
        for leftover in scratch.iterdir():
            leftover.unlink()
        scratch.rmdir()


def ensure_model(models_dir: Path, model_dir: Path, int8: bool) -> bytes:
    """The verified model bytes, building them once (under a lock shared by processes)."""
    from filelock import FileLock

    target = onnx_path(models_dir, model_dir, int8)
    data = read_verified(target)
    if data is not None:
        return data
    models_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(models_dir / ".export.lock")):
        return read_verified(target) or build(models_dir, model_dir, int8)


def open_session(models_dir: Path, model_dir: Path, int8: bool) -> Any:
    """A CPU session of the model: from its saved optimized graph with optimizations off, or
    (no valid saved graph) from the verified model, saving the optimized graph for next time."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    saved = optimized_path(onnx_path(models_dir, model_dir, int8))
    graph = read_verified(saved)
    if graph is not None:
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
        return onnxruntime.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
    data = ensure_model(models_dir, model_dir, int8)
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    scratch = saved.with_name(f".{saved.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    options.optimized_model_filepath = str(scratch)
    session = onnxruntime.InferenceSession(data, options, providers=["CPUExecutionProvider"])
    try:
        publish(saved, scratch.read_bytes())
    except OSError:
        pass  # a read-only models dir: the next session optimizes again
    finally:
        scratch.unlink(missing_ok=True)
    return session


def mean_pool(token_embeddings: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """sentence-transformers' mean pooling then L2 normalisation, in float32."""
    import numpy as np

    weights = mask[..., None].astype(np.float32)
    summed = (token_embeddings * weights).sum(axis=1)
    pooled = summed / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


class OnnxEmbedder:
    """The bundled MiniLM on onnxruntime (fp32, or int8 weights); loads on first ``encode``."""

    def __init__(
        self,
        models_dir: Path,
        int8: bool = False,
        model_dir: Path | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.models_dir = models_dir
        self.int8 = int8
        self.model_dir = model_dir
        self.batch_size = batch_size
        # fp32 ONNX agrees with torch to cosine > 0.9999, so it shares torch's name (and cache)
        self.name = INT8_NAME if int8 else MODEL_NAME
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return MODEL_DIM

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                from tokenizers import Tokenizer

                model_dir = self.model_dir or bundled_model_path()
                tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
                tokenizer.enable_truncation(MAX_SEQ_LENGTH)
                tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]"), pad_token="[PAD]")
                self._session = open_session(self.models_dir, model_dir, self.int8)
                self._tokenizer = tokenizer
        return self._session, self._tokenizer

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed ``texts`` (float32, L2-normalised rows)."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        session, tokenizer = self._load()
        parts = [
            self._encode_batch(session, tokenizer, texts[start : start + self.batch_size])
            for start in range(0, len(texts), self.batch_size)
        ]
        return np.concatenate(parts)

    @staticmethod
    def _encode_batch(session: Any, tokenizer: Any, texts: list[str]) -> np.ndarray:
        import numpy as np

        encodings = tokenizer.encode_batch([str(text).strip() for text in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        (token_embeddings,) = session.run(None, feed)
        return mean_pool(token_embeddings, mask)
