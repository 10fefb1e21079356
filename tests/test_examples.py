"""The code the development notes show type-checks as the project's own does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).parent / "data" / "examples"


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


async def test_the_new_pane_example_makes_a_pane_that_lists_the_figures() -> None:
    sys.path.insert(0, str(EXAMPLES))
    try:
        from figures_pane import FIGURES, FiguresPane  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(EXAMPLES))
    from textual.app import App

    from briefing.core.bundled import default_briefing
    from briefing.core.loader import load_briefing

    briefing = load_briefing(default_briefing())
    async with App[None]().run_test():
        pane = FIGURES.make(briefing)
        assert isinstance(pane, FiguresPane) and FiguresPane.shown_for(briefing)
        assert pane.item_ids == [figure.id for figure in briefing.figures]
        assert pane.item_ids
