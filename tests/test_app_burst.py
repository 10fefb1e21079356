"""Keys read in one burst (a paste, a fast typist, a slow link) do what the same keys typed
one at a time do, even when one of them moves the focus and the next is meant for where
the focus went."""

from __future__ import annotations

import pytest
from textual import events
from ui_support import WIDE, main_screen, make_app, ready

from briefing.core.involves import Kind
from briefing.ui.app import BriefingApp
from briefing.ui.widgets import element_grid

CHARACTERS = {
    "slash": "/",
    "question_mark": "?",
    "escape": "\x1b",
    "enter": "\r",
    "tab": "\t",
    "backspace": "\x7f",
}

# Each sequence has a key that moves the focus followed at once by one meant for its target.
SEQUENCES = [
    pytest.param(["enter", "j", "enter"], id="into-event-links-then-follow-the-second"),
    pytest.param(["2", "T", "b", "enter", "j", "enter"], id="type-a-symbol-then-into-its-links"),
    pytest.param(["2", "H", "o", "enter", "j", "enter"], id="into-element-links-then-follow"),
    pytest.param(["enter", "enter", "j"], id="follow-a-link-then-move-in-its-pane"),
    pytest.param(["3", "j"], id="pane-key-then-move"),
    pytest.param(["tab", "tab", "j"], id="tab-then-move"),
    pytest.param(["enter", "escape", "k"], id="leave-links-then-move"),
    pytest.param(["enter", "enter", "backspace", "j"], id="back-then-move-in-the-links"),
    pytest.param(["enter", "enter", "backspace", "bracketright", "j"], id="forward-then-move"),
    pytest.param(["3", "enter", "j", "enter"], id="into-actor-links-then-follow"),
    pytest.param(["4", "enter", "j"], id="into-quote-links-then-move"),
    pytest.param(["3", "j", "f", "1", "j"], id="filter-then-move-in-the-narrowed-list"),
    pytest.param(["3", "f", "escape", "1", "k"], id="clear-the-filter-then-move"),
    pytest.param(["question_mark", "escape", "2", "l"], id="help-closed-then-move"),
    pytest.param(["slash", "escape", "3", "j"], id="search-closed-then-move"),
    pytest.param(["j", "slash", "m"], id="move-then-search"),
    pytest.param(["3", "G", "slash", "m", "enter", "j"], id="search-result-then-move"),
]


@pytest.fixture(autouse=True)
def _symbols_wait_for_their_second_letter(monkeypatch: pytest.MonkeyPatch) -> None:
    """A capital typed in the table waits a moment for a second letter. Pressed one at a
    time on a busy machine, the next key could come after that moment and read as a key of
    its own; every symbol here is ended by its second letter or by a key that cannot
    extend it, so the wait is made longer than any test."""
    monkeypatch.setattr(element_grid, "TYPING_PAUSE", 600.0)


def where(app: BriefingApp) -> dict[str, object]:
    """Everything a key could have changed: pane, focus, selections and cursors."""
    focused = app.focused
    search = app.screen.query("#search-input")
    return {
        "screen": type(app.screen).__name__,
        "query": search.first().value if search else None,
        "pane": getattr(app.screen, "pane", None),
        "focused": focused.id if focused is not None else None,
        "highlighted": getattr(focused, "highlighted_id", None),
        "event": main_screen(app).selected(Kind.EVENT),
        "element": main_screen(app).selected(Kind.ELEMENT),
        "actor": main_screen(app).selected(Kind.ACTOR),
        "quote": main_screen(app).selected(Kind.QUOTE),
    }


async def typed_one_at_a_time(keys: list[str]) -> dict[str, object]:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        for key in keys:
            await pilot.press(key)
            await ready(pilot)
        return where(app)


async def typed_in_one_burst(keys: list[str]) -> dict[str, object]:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        # Posted back to back, as a terminal's read of several keys is: none waits for
        # the one before it to be handled.
        for key in keys:
            app.post_message(events.Key(key, CHARACTERS.get(key, key)))
        await ready(pilot)
        return where(app)


@pytest.mark.parametrize("keys", SEQUENCES)
async def test_a_burst_of_keys_does_what_the_same_keys_one_at_a_time_do(keys: list[str]) -> None:
    paced = await typed_one_at_a_time(keys)
    burst = await typed_in_one_burst(keys)
    assert burst == paced


async def test_enter_j_enter_in_one_burst_follows_the_second_link_of_an_element() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        for key in ["2", "T", "b", "enter", "j", "enter"]:
            app.post_message(events.Key(key, CHARACTERS.get(key, key)))
        await ready(pilot)
        # The grid cursor stayed on Tb (j moved the link cursor, not the grid's) and Tb's
        # second link was followed.
        assert main_screen(app).selected(Kind.ELEMENT) == "Tb"
        links = app.screen.query_one("#elements-detail").item_ids
        kind, _, item_id = links[1].partition(":")
        assert app.screen.pane == {"event": "timeline", "actor": "actors", "quote": "quotes"}[kind]
        assert main_screen(app).selected(Kind(kind)) == item_id


async def test_a_paste_keeps_its_place_among_the_keys() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.post_message(events.Key("slash", "/"))
        app.post_message(events.Paste("dy"))
        app.post_message(events.Key("m", "m"))
        await ready(pilot)
        assert app.screen.query_one("#search-input").value == "dym"
