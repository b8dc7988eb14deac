"""What suite runners share during one eval run: settings, backend, the repo root, memoised work."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable, Hashable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from agent.settings import Settings

BACKENDS = ("extractive", "llm")
EVAL_AS_OF = date(2026, 11, 28)
T = TypeVar("T")


@dataclass
class EvalContext:
    """Settings of the eval workspace, the backend under test, and a memo for shared work."""

    settings: Settings
    backend: str
    root: Path
    llm_judge: bool = False
    memo_store: dict[Hashable, Any] = field(default_factory=dict)
    resources: ExitStack = field(default_factory=ExitStack)

    def path(self, relative: str) -> Path:
        """A case's input path, relative to the repository root (the corpus: ``tests/data``)."""
        return (self.root / relative).resolve()

    def settings_at(self, as_of: str | None) -> Settings:
        """The workspace settings with the case's reference date (ISO) for year-less dates."""
        when = date.fromisoformat(as_of) if as_of else EVAL_AS_OF
        return self.settings.model_copy(update={"as_of": when})

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()`` once per run for ``key`` (profiles, ingests, retrievers, LLM clients)."""
        if key not in self.memo_store:
            self.memo_store[key] = make()
        return self.memo_store[key]

    def llm(self) -> Any:
        """The LLM client for the llm backend (None on the extractive backend)."""
        if self.backend != "llm":
            return None
        opener = importlib.import_module("agent.llm.connect").open_llm
        return self.memo(("llm",), lambda: self.resources.enter_context(opener(self.settings)))

    def judge_model(self) -> Any:
        """The judge's model (``--llm-judge`` / ``--judge-url``), opened once per run."""
        opener = importlib.import_module("agent.llm.judge").open_judge_model
        return self.memo(
            ("judge", "model"), lambda: self.resources.enter_context(opener(self.settings))
        )

    def model_name(self) -> str | None:
        """The model under test, as the report records it."""
        if self.backend != "llm":
            return None
        started = self.memo_store.get(("llm",))
        return getattr(started, "model", None) or self.settings.model or "default"

    def close(self) -> None:
        """Release what the run opened (the LLM and its embedded server) and forget the memo."""
        self.resources.close()
        self.memo_store.clear()


def workspace_settings(settings: Settings, backend: str) -> Settings:
    """Settings whose data dir is a fresh ``<data_dir>/evals/work`` (embedding cache kept), so
    evals never touch the user's own profiles."""
    work = settings.data_dir / "evals" / "work"
    work.mkdir(parents=True, exist_ok=True)
    fresh = settings.model_copy(update={"data_dir": work, "chroma_url": None})
    keep = fresh.cache_db.name
    from agent.store.vectors import release_embedded

    release_embedded(fresh.chroma_dir)  # an earlier run in this process left it open
    for entry in work.iterdir():
        if not entry.name.startswith(keep) and entry.name != "models":  # exported embedders
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    from agent.embed.model import models_dir_of

    return settings.model_copy(
        update={
            "data_dir": work,
            "models_dir": models_dir_of(settings),  # the user's converted models, not new ones
            "no_llm": backend != "llm",
            "as_of": EVAL_AS_OF,
        }
    )


def repo_root(suites_dir: Path) -> Path:
    """The repository root: case paths are relative to it (``<root>/evals/suites``)."""
    return suites_dir.resolve().parents[1]
