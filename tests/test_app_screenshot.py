"""The palette's Screenshot: saved where the reader says, or a reason in its own words."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import WIDE, make_app, notices


async def _screenshot_from_the_palette(home: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("HOME", str(home))
    app = make_app()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Screenshot")
        command.callback()
        for _ in range(200):
            await pilot.pause()
            if notices(app):
                break
        return notices(app)


async def test_without_a_downloads_folder_it_is_saved_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shown = await _screenshot_from_the_palette(tmp_path / "home", monkeypatch)
    saved = list(tmp_path.glob("*.svg"))
    assert len(saved) == 1 and saved[0].read_text(encoding="utf-8").startswith("<svg")
    assert any(f"Screenshot saved to {saved[0]}" in notice for notice in shown), shown


async def test_a_folder_it_cannot_write_to_is_named_with_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    app = make_app()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        app.action_screenshot(path=str(missing))
        await pilot.pause()
        shown = notices(app)
    assert any(f"No screenshot saved in {missing}: No such file or directory" in n for n in shown)
    assert not any("Failed to save screenshot" in notice for notice in shown)
