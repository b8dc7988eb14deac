"""Questions of late ("what has she published lately?", "what is he working on at the
moment?"): the last years of the profile's own record, not of the calendar."""

from __future__ import annotations

import re

from agent.facts import PaperFilter
from agent.models import Profile

RECENTLY = re.compile(r"\b(?<!most )(?<!more )(?:recent(?:ly)?|lately|these days|nowadays)\b")
"""Of late, not a superlative: "the most recent paper" is the latest one, not a span."""
CURRENTLY = re.compile(r"\b(?:currently|at the moment|right now)\b")  # of her research only
RECENT_YEARS = 3  # "recently": the last three years of the profile's own record


def recent_years(flt: PaperFilter, profile: Profile) -> PaperFilter:
    """The filter over the last RECENT_YEARS years the profile has papers in."""
    latest = max((p.year for p in profile.papers if p.year), default=None)
    return (
        flt if latest is None else flt.model_copy(update={"year_from": latest - RECENT_YEARS + 1})
    )
