"""The shape of an eval run's JSON report: per case runs, per suite status, per metric spread."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field


class CaseOutcome(BaseModel):
    """What a suite runner returns for one run of one case."""

    output: Any = None
    scores: dict[str, float | None] = Field(default_factory=dict)


class CaseRun(CaseOutcome):
    """One run of one case, with its timing and the error that stopped it, if any."""

    seconds: float = 0.0
    error: str | None = None


class CaseResult(BaseModel):
    """All runs of one case; ``scores`` are the means over runs, ``flaky`` when runs disagree."""

    suite: str
    id: str
    tags: list[str] = Field(default_factory=list)
    backend: str
    model: str | None = None
    runs: list[CaseRun] = Field(default_factory=list)
    scores: dict[str, float | None] = Field(default_factory=dict)
    flaky: bool = False


class SuiteStatus(BaseModel):
    """Whether a suite ran; a suite whose module is not available is skipped, with the reason."""

    suite: str
    status: Literal["ok", "skipped"]
    reason: str | None = None
    cases: int = 0
    errors: int = 0


class MetricResult(BaseModel):
    """A suite metric (mean over cases) summarised over the repeated runs."""

    name: str
    mean: float
    min: float
    max: float
    stdev: float
    runs: int
    cases: int
    judge: str = ""  # who scored it: the cases' expected values, labels, the verifier, an LLM


class RunReport(BaseModel):
    """Everything one ``profile-agent eval`` run measured."""

    started: datetime = Field(default_factory=lambda: datetime.now(UTC))
    seconds: float = 0.0
    backend: str
    model: str | None = None
    repeat: int = 1
    suites: list[SuiteStatus] = Field(default_factory=list)
    metrics: dict[str, MetricResult] = Field(default_factory=dict)
    cases: list[CaseResult] = Field(default_factory=list)

    @property
    def flaky(self) -> list[str]:
        """``suite/id`` of every case whose runs disagreed."""
        return [f"{c.suite}/{c.id}" for c in self.cases if c.flaky]

    @property
    def errored(self) -> list[str]:
        """``suite/id`` of every case with a run that raised."""
        return [f"{c.suite}/{c.id}" for c in self.cases if any(r.error for r in c.runs)]
