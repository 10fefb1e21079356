"""Panes mounted after the first frame: in their place, and never after the reader quits."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from briefing.ui.widgets.deferred import Deferred


class Row(App[None]):
    def __init__(self, quit_at_once: bool = False) -> None:
        super().__init__()
        self.quit_at_once = quit_at_once

    def compose(self) -> ComposeResult:
        with Horizontal(id="row"):
            yield Static("first", id="first")
            with Deferred(Horizontal(id="second")):
                yield Static("inside", id="inside")
            yield Static("third", id="third")

    def on_mount(self) -> None:
        if self.quit_at_once:
            self.exit()  # as when q is pressed the moment the reader starts


async def test_the_deferred_widget_is_mounted_in_its_place_after_the_first_frame() -> None:
    app = Row()
    async with app.run_test() as pilot:
        await pilot.pause()
        row = app.query_one("#row")
        assert [child.id for child in row.children] == ["first", "second", "third"]
        assert app.query_one("#inside", Static).parent is app.query_one("#second")
        assert not app.query(Deferred)


async def test_quitting_before_the_first_frame_is_not_an_error() -> None:
    app = Row(quit_at_once=True)
    async with app.run_test() as pilot:
        await pilot.pause()
    # run_test raises what the app raised: textual.lazy.Lazy raises MountError here.
    assert app.return_code == 0
