"""CLI commands: ingest, profiles, show, search (placeholder registration, filled in by store work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
