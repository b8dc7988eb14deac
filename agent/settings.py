"""One settings object: every option is declared here once, with its env var and help."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """The XDG data dir for profile-agent (``$XDG_DATA_HOME/profile-agent``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "profile-agent"


class Settings(BaseSettings):
    """Settings for every command; CLI options override env vars, which override defaults."""

    model_config = SettingsConfigDict(env_prefix="PROFILE_AGENT_", extra="ignore")

    data_dir: Path = Field(
        default_factory=default_data_dir, description="Where profiles, vectors and logs live."
    )
    models_dir: Path | None = Field(
        default=None,
        description="Where converted models are cached (the embedder's ONNX exports, the F16 "
        "copy of the embedded LLM); <data_dir>/models when unset.",
    )
    chroma_url: str | None = Field(
        default=None, description="URL of a Chroma server; embedded store when unset."
    )
    llm_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("PROFILE_AGENT_LLM_BASE_URL", "OPENAI_BASE_URL"),
        description="OpenAI-compatible endpoint; the embedded llama.cpp server when unset.",
    )
    model: str | None = Field(
        default=None,
        validation_alias=AliasChoices("PROFILE_AGENT_MODEL"),
        description="Model name at the endpoint.",
    )
    judge_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("PROFILE_AGENT_JUDGE_URL"),
        description="OpenAI-compatible endpoint of an independent support judge (eval, verify).",
    )
    judge_model: str | None = Field(
        default=None,
        validation_alias=AliasChoices("PROFILE_AGENT_JUDGE_MODEL"),
        description="Model name of the support judge at its endpoint.",
    )
    api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_API_KEY", "PROFILE_AGENT_API_KEY"),
        description="API key for the endpoint; never printed.",
    )
    no_llm: bool = Field(default=False, description="Run on the grounded path alone.")
    answer_backend: str = Field(
        default="extractive",
        description="Who writes answers to questions: 'extractive' (no LLM) or 'llm' (verified).",
    )
    embed_backend: str = Field(
        default="onnx-int8",
        description="Embeddings: 'onnx-int8' (fastest), 'onnx' (fp32, equals torch) or 'torch'.",
    )
    llm_tools: bool = Field(
        default=True,
        description="llm backend: offer the profile tools to the model as function calls where "
        "the patterns find no aggregate (off: pattern routing only).",
    )
    llm_weights: str = Field(
        default="f16",
        description="Embedded model weights: 'f16' (a copy of the bundled ones, converted once; "
        "prompts evaluate about 2x faster on CPU) or 'q4_1' (the bundled file as shipped).",
    )
    llm_timeout_s: float = Field(default=120.0, description="Total timeout of one LLM call.")
    llm_max_retries: int = Field(default=2, description="Re-asks after a failed validation.")
    as_of: date = Field(
        default_factory=date.today, description="Date used to infer years of 'May 24'-style dates."
    )
    max_input_bytes: int = Field(
        default=20 * 1024 * 1024, description="Inputs larger than this are refused unread."
    )
    max_extract_records: int = Field(
        default=300,
        description="Free text with more paper records than this is refused before LLM "
        "extraction starts (each record is one or more LLM calls).",
    )
    debug: bool = Field(default=False, description="Show tracebacks.")

    @property
    def profiles_db(self) -> Path:
        return self.data_dir / "profiles.sqlite"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def cache_db(self) -> Path:
        return self.data_dir / "embeddings.sqlite"


def get_settings(settings: Settings | None = None, **overrides: object) -> Settings:
    """Normalise an optional Settings plus overrides (None values are ignored)."""
    base = settings or Settings()
    changes = {k: v for k, v in overrides.items() if v is not None}
    return base.model_copy(update=changes) if changes else base
