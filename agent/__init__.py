"""profile-agent: a researcher's raw profile turned into facts you can trust."""

__version__ = "0.1.0"
