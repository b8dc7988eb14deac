"""The command line: the typer app (``app``), one module per command group, and the chat REPL.

``main`` imports the app only when called, so importing a sibling module stays cheap.
"""


def main() -> None:
    """The ``profile-agent`` console script."""
    from agent.cli.app import main as run

    run()
