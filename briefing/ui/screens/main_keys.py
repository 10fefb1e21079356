"""The main screen's keys: every key of the reader that works in every pane.

A key is a ``Binding`` here and an ``action_NAME`` method of ``MainScreen`` (or of the
app, with ``app.NAME``). Where one key means different things in different places (Enter,
Esc, f), it has a binding per meaning, in the order they are tried, and
``MainScreen.check_action`` says which applies: the bottom line then names that one.
Keys a single list reads (the periodic table's symbols) are that list's own.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding, BindingType

from briefing.ui.panes.base import PaneSpec
from briefing.ui.panes.table import filter_words


def _filter_bindings(panes: tuple[PaneSpec[Any], ...]) -> list[Binding]:
    _, narrowed, by = filter_words(panes)
    tooltip = f"Show only the {narrowed} that involve the selected {by}"
    return [
        Binding("f", "filter", "Filter", id="filter", tooltip=tooltip),
        # f elsewhere says where it works, rather than doing nothing. (Same text as the
        # filter's, so that help lists f once.)
        Binding("f", "filter_hint", "Filter", show=False, id="filter-hint", tooltip=tooltip),
    ]


def main_bindings(panes: tuple[PaneSpec[Any], ...]) -> list[BindingType]:
    """The main screen's bindings; a key per pane of ``panes`` (the pane table)."""
    return [
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, id="next-pane"),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, id="previous-pane"),
        *(
            Binding(
                spec.key,
                f"show_pane('{spec.name}')",
                spec.title,
                show=False,
                id=f"pane-{spec.name}",
                tooltip=f"Go to {spec.title}",
            )
            for spec in panes
        ),
        # Enter: what the focus is on decides. Bound here, on the screen, and run as the
        # key is handled: a key typed just after it finds the focus where Enter left it.
        Binding(
            "enter",
            "open_detail",
            "Open",
            id="open-detail",
            tooltip="Into the item's detail, to read it line by line and follow its links",
        ),
        Binding(
            "enter",
            "follow_link",
            "Follow",
            id="follow-link",
            tooltip="In a detail: go to the linked item, or open the source",
        ),
        *_filter_bindings(panes),
        # Esc, in this order: out of the detail, else end the search, else clear the
        # filter, else back. A binding each, so that the bottom line names the one that
        # applies.
        Binding("escape", "leave_detail", "Back", id="leave-detail", tooltip="Out of the detail"),
        Binding(
            "escape",
            "end_search",
            "End search",
            id="end-search",
            tooltip=(
                "End the search. While one is on, N is the previous match in every pane: "
                "type N, Nb, Ne… in the periodic table after Esc"
            ),
        ),
        Binding(
            "escape", "clear_filter", "Clear filter", id="clear-filter", tooltip="Clear the filter"
        ),
        Binding("escape", "back", "Back", id="escape-back", tooltip="Back where you were"),
        Binding("backspace", "back", "Back", show=False, id="back", tooltip="Back where you were"),
        Binding(
            "right_square_bracket",
            "forward",
            "Forward",
            show=False,
            id="forward",
            tooltip="Forward again, after going back",
        ),
        # Keys typed after it in the same burst reach the search box: the app sends each
        # key on to where the focus is when the key before it has been handled.
        Binding("slash", "search", "Search", id="search", tooltip="Search the whole briefing"),
        Binding(
            "n",
            "next_match(1)",
            "Next match",
            show=False,
            id="next-match",
            tooltip="The next search result, in whichever pane it is (after / and Enter)",
        ),
        Binding(
            "N",
            "next_match(-1)",
            "Previous match",
            show=False,
            id="previous-match",
            tooltip="The previous search result",
        ),
        Binding(
            "u",
            "next_mark(1)",
            "Next new",
            show=False,
            id="next-mark",
            tooltip="The next item new or changed since your last visit",
        ),
        Binding(
            "U",
            "next_mark(-1)",
            "Previous new",
            show=False,
            id="previous-mark",
            tooltip=(
                "The previous item new or changed since your last visit, in every pane "
                "(uranium: reach it with the arrows, or / and its name)"
            ),
        ),
        Binding(
            "y",
            "copy_item",
            "Copy",
            show=False,
            id="copy-item",
            tooltip=(
                "Copy the item in focus, or the source under the cursor, with its sources "
                "as Markdown (through the terminal: under tmux, set-clipboard on)"
            ),
        ),
    ]
