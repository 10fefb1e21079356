"""The part of the main screen that goes from item to item across the panes: through the
results of the search on (``n`` ``N``), through what is new since the last visit
(``u`` ``U``), and to a source (Enter on one); and ``y``, which copies the item in focus."""

from __future__ import annotations

from collections.abc import Callable
from textwrap import shorten
from typing import TYPE_CHECKING

from textual.screen import Screen

from briefing.core.involves import Kind
from briefing.core.model import Briefing
from briefing.core.readstate import ReadMarks
from briefing.core.text import sanitize_line
from briefing.ui.widgets.detail import Detail

if TYPE_CHECKING:
    from briefing.core.search import Hit, SearchIndex


MATCH_LABEL_WIDTH = 48
"""Characters of a match's label its notice shows at most, cut between words."""


def _short_label(label: str) -> str:
    """``label`` on one line, cut between words to ``MATCH_LABEL_WIDTH`` characters
    (inside its first word when that alone is longer)."""
    text = sanitize_line(label)
    short = shorten(text, MATCH_LABEL_WIDTH, placeholder="…")
    return short if short != "…" else text[: MATCH_LABEL_WIDTH - 1] + "…"


class SteppingScreen(Screen[None]):
    """Steps through search matches and marked items; ``MainScreen`` provides where the
    reader is (``here_item``), the marked items in order (``marked_items``) and how to go
    to an item (``jump_to``)."""

    briefing: Briefing
    marks: ReadMarks | None
    """The items new or changed since the last visit (None: no read state)."""
    search_index: Callable[[], SearchIndex | None] | None
    """The briefing's search index once ready (None: made when first needed)."""

    def __init__(self) -> None:
        super().__init__()
        self.matches: list[Hit] = []
        """The results of the search on, for n and N."""
        self.match_index = -1
        self.searching = False
        """Whether a search is on: from Enter in the search box until Esc or a new search.
        Meanwhile n and N step through its results in every pane."""

    def jump_to(self, kind: Kind, item_id: str) -> None:
        """Show the item ``item_id`` of ``kind`` in its pane, remembering where the reader was."""
        raise NotImplementedError

    def here_item(self) -> tuple[Kind, str | None]:
        """The kind and id of the item selected in the current pane."""
        raise NotImplementedError

    def marked_items(self) -> list[tuple[Kind, str]]:
        """Every marked item, pane by pane, each pane's in its list's order."""
        raise NotImplementedError

    def marked_as(self, kind: Kind, item_id: str) -> str | None:
        """How the item is marked (``new``, ``changed``), if it is."""
        raise NotImplementedError

    def pass_on(self, keys: frozenset[str]) -> None:
        """Have every pane's list leave ``keys`` to the screen's bindings."""
        raise NotImplementedError

    def _set_searching(self, on: bool) -> None:
        self.searching = on
        # While a search is on, N is the previous match in the periodic table too; U is
        # always the previous new item.
        self.pass_on(frozenset({"N", "U"}) if on else frozenset({"U"}))
        self.refresh_bindings()

    # Search

    def action_search(self) -> None:
        from briefing.core.search import SearchIndex
        from briefing.ui.screens.search import SearchScreen

        # A big briefing's index may still be in the making: the search opens at once
        # and answers when it is ready.
        source = self.search_index
        if source is None:
            made = SearchIndex(self.briefing)
            source = lambda: made  # noqa: E731
        ready = source()
        self._set_searching(False)  # a new search ends the one on
        self.app.push_screen(
            SearchScreen(ready if ready is not None else source, briefing=self.briefing),
            self._search_done,
        )

    def _search_done(self, result: tuple[list[Hit], int] | None) -> None:
        if result is None:
            return
        self.matches, self.match_index = result
        self._set_searching(True)
        self._show_match()

    def action_end_search(self) -> None:
        self._set_searching(False)
        self._clear_notices()
        self.notify(
            "Search ended: n and N step through results again after / and Enter.", timeout=3
        )

    def action_next_match(self, step: int) -> None:
        if not self.searching or not self.matches:
            self.notify("No search on: press / to search.", severity="warning")
            return
        self.match_index = (self.match_index + step) % len(self.matches)
        self._show_match()

    def _show_match(self) -> None:
        hit = self.matches[self.match_index]
        # One position notice at a time: piled up, they would hide the item jumped to.
        self._clear_notices()
        self.jump_to(hit.kind, hit.item_id)
        # Short, so that the notice stays in the corner above the panes' details.
        label = _short_label(hit.label)
        self.notify(
            f"Match {self.match_index + 1} of {len(self.matches)}: {label}",
            markup=False,
            timeout=2,
        )

    def _clear_notices(self) -> None:
        self.app.clear_notifications()
        # Textual removes each notice but leaves the line that held it, which would push
        # the next one down, toward the detail it speaks of.
        self.query("ToastHolder").remove()

    # What is new since the last visit

    def action_next_mark(self, step: int) -> None:
        marked = self.marked_items()
        if not marked:
            if self.marks is None:
                said = "This reader keeps no read state, so nothing is marked new."
            elif self.marks.first_visit:
                said = "First visit: nothing is marked new until your next visit."
            else:
                said = "Nothing is new since your last visit."
            self.notify(said, timeout=3)
            return
        here = self.here_item()
        index = marked.index(here) + step if here in marked else (0 if step > 0 else -1)
        kind, item_id = marked[index % len(marked)]
        self._clear_notices()  # one position notice at a time, as for matches
        self.jump_to(kind, item_id)
        what = self.marked_as(kind, item_id)
        self.notify(
            f"{(what or '').capitalize()}: {index % len(marked) + 1} of {len(marked)}", timeout=2
        )

    # Sources, and copying an item

    def open_source(self, source_id: str) -> None:
        """Show the source over the reader; Enter there on an item that cites it goes to
        that item, remembering where the reader was."""
        from briefing.ui.screens.source import SourceScreen

        def follow(target: tuple[Kind, str] | None) -> None:
            if target is not None:
                self.jump_to(*target)

        self.app.push_screen(SourceScreen(self.briefing, source_id), follow)

    def action_copy_item(self) -> None:
        """``y``: the item in focus (a source, in a detail with one under its cursor), with
        its sources, to the clipboard as Markdown."""
        from briefing.ui.clipboard import copy_item

        kind, item_id = self.here_item()
        focused = self.focused
        target = focused.highlighted_link if isinstance(focused, Detail) else None
        if target is not None and target[0] is Kind.SOURCE:
            kind, item_id = target
        if item_id is None:
            self.app.bell()
            return
        copy_item(self, self.briefing, kind, item_id)

    def _where_source_is_cited(self, source_id: str) -> tuple[Kind, str]:
        for event in self.briefing.events_in_order():
            if source_id in event.sources:
                return Kind.EVENT, event.id
        for quote in self.briefing.quotes:
            if quote.source == source_id:
                return Kind.QUOTE, quote.id
        return Kind.SOURCE, source_id
