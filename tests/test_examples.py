"""The code the development notes show type-checks as the project's own does, and the new
pane it makes takes its place in the reader from its row of the pane table alone."""

from __future__ import annotations

import subprocess
import sys
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from ui_support import NARROW, WIDE, main_screen, make_app, ready

EXAMPLES = Path(__file__).parent / "data" / "examples"
THEMES = Path(__file__).parent.parent / "themes"


def test_the_new_pane_example_passes_mypy_strict(tmp_path: Path) -> None:
    example = EXAMPLES / "figures_pane.py"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--config-file",
            str(Path(__file__).parent.parent / "pyproject.toml"),
            str(example),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def example_pane() -> tuple[Any, type]:
    """The example's row of the pane table and its pane class."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        from figures_pane import FIGURES, FiguresPane  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(EXAMPLES))
    return FIGURES, FiguresPane


async def test_the_new_pane_example_makes_a_pane_that_lists_the_figures() -> None:
    figures, figures_pane = example_pane()
    from textual.app import App

    from briefing.core.bundled import default_briefing
    from briefing.core.loader import load_briefing

    briefing = load_briefing(default_briefing())
    async with App[None]().run_test():
        pane = figures.make(briefing)
        assert isinstance(pane, figures_pane) and figures_pane.shown_for(briefing)
        assert pane.item_ids == [figure.id for figure in briefing.figures]
        assert pane.item_ids


def with_example_row(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The pane table with the example's row added, as the development notes say: the
    row and nothing else (the stylesheets are the reader's own)."""
    from briefing.ui.panes import table

    figures, _ = example_pane()
    monkeypatch.setattr(table, "PANES", (*table.PANES, figures))
    return figures


def test_no_stylesheet_names_a_pane(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.ui.panes import table

    with_example_row(monkeypatch)
    for stylesheet in THEMES.glob("*.tcss"):
        text = stylesheet.read_text(encoding="utf-8")
        for spec in table.PANES:
            assert f"#{spec.name}-" not in text, (stylesheet.name, spec.name)


async def test_the_new_pane_takes_its_place_among_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_example_row(monkeypatch)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        assert screen.has_class("-together")
        regions = {name: pane.region for name, pane in screen.panes.items()}
        assert list(regions) == ["timeline", "elements", "actors", "quotes", "figures"]
        # The five tile the space under the header, none over another, none left out.
        space = screen.query_one("#panes").region
        assert all(space.contains_region(region) and region.area for region in regions.values())
        for first, second in combinations(regions, 2):
            assert not regions[first].overlaps(regions[second]), (first, second)
        assert sum(region.area for region in regions.values()) == space.area
        # Top row as before; below, the figures between the actors and the quotes, which
        # keep their width: the actors and figures share the rest.
        timeline, elements, actors, quotes, figures = regions.values()
        assert timeline.y == elements.y < actors.y == figures.y == quotes.y
        assert (elements.width, quotes.width) == (56, 78)
        assert actors.right == figures.x and figures.right == quotes.x
        assert abs(actors.width - figures.width) <= 1


async def test_the_new_pane_shows_alone_on_a_narrow_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_example_row(monkeypatch)
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        screen = main_screen(app)
        assert "5 Figures" in str(screen.query_one("#pane-bar").render())
        await pilot.press("shift+tab")
        await ready(pilot)
        assert screen.pane == "figures"
        shown = [name for name, pane in screen.panes.items() if pane.region.area]
        assert shown == ["figures"]
        assert screen.panes["figures"].region == screen.query_one("#panes").region
