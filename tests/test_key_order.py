"""The rules for keys typed ahead (``briefing.ui.key_order``), on a small app of their own:
if a Textual upgrade changes how keys are sent or bubble, these fail."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input

from briefing.ui.key_order import KEY_CHECK_AFTER, KeysInOrder


class TwoBoxes(KeysInOrder):
    """Two boxes; ctrl+n moves the focus to the second as the key is handled; ctrl+r
    removes the focused box."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next_box", "Next box"),
        Binding("ctrl+r", "remove_box", "Remove box"),
    ]

    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield Input(id="second")

    def action_next_box(self) -> None:
        self.screen.set_focus(self.query_one("#second", Input))

    async def action_remove_box(self) -> None:
        focused = self.focused
        if focused is not None:
            await focused.remove()


def burst(app: TwoBoxes, keys: list[tuple[str, str | None]]) -> None:
    """Post ``keys`` back to back, as a terminal's read of several keys is."""
    for key, character in keys:
        app.post_message(events.Key(key, character))


async def test_a_key_after_one_that_moves_the_focus_goes_where_the_focus_went() -> None:
    app = TwoBoxes()
    async with app.run_test() as pilot:
        burst(app, [("a", "a"), ("ctrl+n", None), ("b", "b"), ("c", "c")])
        await pilot.pause()
        await pilot.pause()
        assert app.query_one("#first", Input).value == "a"
        assert app.query_one("#second", Input).value == "bc"


async def test_a_paste_keeps_its_place_among_the_keys() -> None:
    app = TwoBoxes()
    async with app.run_test() as pilot:
        app.post_message(events.Key("a", "a"))
        app.post_message(events.Key("ctrl+n", None))
        app.post_message(events.Paste("pasted"))
        await pilot.pause()
        await pilot.pause()
        assert app.query_one("#first", Input).value == "a"
        assert app.query_one("#second", Input).value == "pasted"


async def test_keys_after_one_whose_widget_went_are_not_lost() -> None:
    app = TwoBoxes()
    async with app.run_test() as pilot:
        burst(app, [("ctrl+r", None), ("x", "x")])
        second = app.query_one("#second", Input)
        # The first box went with its key; within a check or two the next key goes on.
        for _ in range(int(KEY_CHECK_AFTER * 40)):
            await pilot.pause(0.05)
            if app.focused is second and second.value == "x":
                break
        assert not app.query("#first")
        assert second.value == "x"
