"""Snapshots of every pane at 80x24 and 120x40, and of the search and help screens.

They use tests/data/mini.yaml, not the bundled briefing, so that editing the bundled
content does not churn them; the theme is fixed to "dark". Update with
``pytest tests/test_snapshots.py --snapshot-update`` after a deliberate change.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from ui_support import NARROW, WIDE, make_app, ready

PANE_KEYS = {"timeline": "1", "elements": "2", "actors": "3", "quotes": "4"}


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x40"])
@pytest.mark.parametrize("pane", list(PANE_KEYS))
def test_pane(snap_compare, pane: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), press=[PANE_KEYS[pane]], terminal_size=size, run_before=ready)


async def _search_for_minister(pilot: Pilot[None]) -> None:
    await ready(pilot)
    await pilot.press("slash", *"minister")
    # A blinking cursor would make the snapshot depend on timing.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x40"])
def test_search(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=_search_for_minister)


def test_help(snap_compare) -> None:
    assert snap_compare(make_app(), press=["question_mark"], terminal_size=WIDE, run_before=ready)


def test_filter_chip(snap_compare) -> None:
    assert snap_compare(make_app(), press=["3", "f"], terminal_size=NARROW, run_before=ready)


def test_too_small(snap_compare) -> None:
    assert snap_compare(make_app(), terminal_size=(50, 15))


def test_light_theme(snap_compare) -> None:
    assert snap_compare(make_app(theme="light"), terminal_size=WIDE, run_before=ready)
