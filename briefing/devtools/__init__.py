"""Tools for people working on briefing itself: benchmarks, screenshots, test data."""
