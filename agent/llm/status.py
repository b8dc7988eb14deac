"""What ``profile-agent llm status`` reports: the endpoint and model in use, and do they answer."""

from __future__ import annotations

from pydantic import BaseModel

from agent.errors import EndpointError
from agent.llm.connect import open_llm
from agent.llm.server import EMBEDDED_SUBJECT
from agent.settings import Settings


class LLMStatus(BaseModel):
    """What ``profile-agent llm status`` reports."""

    endpoint: str
    embedded: bool
    model: str | None = None
    answers: bool = False
    latency_s: float | None = None
    server_start_s: float | None = None
    model_path: str | None = None
    error: str | None = None


def llm_status(settings: Settings) -> LLMStatus:
    """Which endpoint and model are in use and whether they answer a 1-token completion."""
    embedded = not settings.llm_base_url
    endpoint = settings.llm_base_url or EMBEDDED_SUBJECT
    if settings.no_llm:
        return LLMStatus(endpoint=endpoint, embedded=embedded, error="disabled by --no-llm")
    status = LLMStatus(endpoint=endpoint, embedded=embedded, model=settings.model)
    try:
        with open_llm(settings) as llm:
            if llm is None:
                return status
            status = LLMStatus(
                endpoint=llm.base_url,
                embedded=llm.embedded,
                model=llm.model,
                server_start_s=llm.start_seconds,
                model_path=str(llm.server.model_path) if llm.server else None,
            )
            status.latency_s = llm.ping()
            status.answers = True
            return status
    except EndpointError as err:
        status.error = str(err)
        return status
