"""briefing: a terminal reader for curated policy briefings."""

__version__ = "0.1.0"
