"""``briefing [FILE]``: the reader in a terminal, the summary in a pipe, ``--theme`` checked."""

from __future__ import annotations

import sys

import pytest
from ui_support import MINI

from briefing.cli import main


def test_bad_theme_is_a_one_line_error_listing_the_valid_names(capsys) -> None:
    assert main([str(MINI), "--theme", "purple"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unknown theme 'purple'" in err
    for name in ["dark", "light", "high-contrast", "ansi", "textual-dark"]:
        assert name in err


def test_without_a_terminal_the_summary_is_printed(capsys) -> None:
    assert main([str(MINI), "--theme", "light"]) == 0
    out = capsys.readouterr().out
    assert "Mini briefing" in out


def test_in_a_terminal_the_reader_runs_with_the_chosen_theme(monkeypatch) -> None:
    from briefing.ui.app import BriefingApp

    ran: list[tuple[str, str]] = []

    def fake_run(app: BriefingApp) -> None:
        app.on_load()  # where the app has the briefing
        ran.append((app.briefing.id, app.theme))

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_CTYPE", raising=False)
    monkeypatch.setattr(BriefingApp, "run", fake_run)
    assert main([str(MINI), "--theme", "high-contrast"]) == 0
    assert ran == [("mini", "high-contrast")]


@pytest.mark.parametrize("theme", ["dark", "light", "high-contrast", "ansi", "nord"])
async def test_each_theme_renders(theme: str) -> None:
    from ui_support import make_app

    app = make_app(theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == theme
        assert app.current_theme.ansi == (theme == "ansi")
