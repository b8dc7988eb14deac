"""The README documents every setting (datasette's habit: docs that cannot fall behind)."""

from __future__ import annotations

from data_paths import REPO
from pydantic import AliasChoices

from agent.settings import Settings

README = (REPO / "README.md").read_text(encoding="utf-8")


def env_names(name: str) -> list[str]:
    """The environment variables a Settings field reads."""
    alias = Settings.model_fields[name].validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice) for choice in alias.choices]
    return [f"{Settings.model_config['env_prefix']}{name}".upper()]


def test_every_setting_is_in_the_readme() -> None:
    missing = [
        name for name in Settings.model_fields if not any(e in README for e in env_names(name))
    ]
    assert missing == []
