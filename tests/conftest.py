"""Shared test set-up: no test reads or writes the user's own state or cache directory, and
tests that run against the clock run one at a time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REAL_TIME_MODULES = frozenset(
    {
        "test_serve.py",
        "test_serve_algorithms.py",
        "test_serve_haproxy.py",
        "test_serve_keys.py",
        "test_serve_limits.py",
        "test_serve_openssh.py",
        "test_serve_proxy.py",
        "test_serve_quiet.py",
        "test_terminals.py",
    }
)
"""Modules whose tests run real servers, clients and terminals against the clock (login
grace, idle timeouts, a screen read until it shows something). Under pytest-xdist they are
one group, run one test after another on one worker, so no two of them compete for the
processor; the other worker runs the rest meanwhile."""

REAL_TIME_GROUP = "real-time"

WORKERS_PER_CORE = 2
"""The reader's tests spend most of their time waiting for Textual's next frame, not
computing: one worker keeps a core about 40% busy. Two per core use the machine."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Workers for ``-n auto``: ``WORKERS_PER_CORE`` for each core this process may use."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return WORKERS_PER_CORE * (cores or 1)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the real-time tests in their group, first: being the longest unit of work, it
    starts at once rather than last, when the other worker would have nothing left to do."""
    timed = [item for item in items if item.path.name in REAL_TIME_MODULES]
    for item in timed:
        item.add_marker(pytest.mark.xdist_group(REAL_TIME_GROUP))
    rest = [item for item in items if item.path.name not in REAL_TIME_MODULES]
    items[:] = timed + rest


@pytest.fixture(autouse=True)
def _own_state_directory(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """``XDG_STATE_HOME`` in a fresh directory: a reader run by a test remembers what was
    read there, not in ``~/.local/state``."""
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


@pytest.fixture(autouse=True)
def _own_cache_directory(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """``XDG_CACHE_HOME`` in a fresh directory: briefings a test validates are kept there,
    and no test reads what another kept."""
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return cache
