"""Incremental search over the whole briefing, results grouped by kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content, Span
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from briefing.core.bundled import data_dir
from briefing.core.model import Briefing
from briefing.core.search import KIND_TITLES, Hit, SearchIndex
from briefing.ui.cursor import screen_reader_on
from briefing.ui.format import HEADING, MUTED
from briefing.ui.widgets.item_list import ItemList, Row, text_row
from briefing.ui.widgets.timeline import DATE_WIDTH

SHOWN_LIMIT = 50
"""Results listed at most; the count still says how many matched."""
EXCERPT_WIDTH = 200
LABEL_LIMIT = 1000
"""Characters of an item's label a result shows at most, around the match: one huge
title would otherwise be wrapped whole at each keystroke."""
MATCH_STYLE = "bold underline $accent"

SearchResult = tuple[list[Hit], int]
"""The listed hits in the order shown, and the index of the one chosen."""


def group_by_kind(hits: list[Hit]) -> list[Hit]:
    """Hits regrouped by kind, groups ordered by their best hit, best-first inside a group."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.kind, []).append(hit)
    return [hit for group in groups.values() for hit in group]


def highlighted(text: str, spans: tuple[tuple[int, int], ...]) -> Content:
    """``text`` with each (start, end) span in ``MATCH_STYLE``.

    Made in one step: styling one span at a time copies the text and every span before
    it, so a field with thousands of matches took seconds per keystroke.
    """
    return Content(text, [Span(start, end, MATCH_STYLE) for start, end in spans if start < end])


def hit_row(number: int, hit: Hit, date: str = "", spoken: bool = False) -> Row:
    """The item's label, then the field that matched with the match highlighted.

    When the label already holds the matched text (a name, a quote), the match is
    highlighted in the label and no second line repeats it. Results sit two cells in
    from their kind's heading, and their wrapped lines further in, so each stands apart.
    An event's ``date`` comes first, in a column; when ``spoken`` (for screen readers,
    which start a row at its words) it follows the label.
    """
    after = Content.styled(f", {date.strip()}", MUTED) if date and spoken else Content("")
    if spoken:
        date = ""
    when = Content.styled(f"{date}  ", MUTED) if date else Content("")
    offset = hit.label.find(hit.text) if hit.text else -1
    if offset >= 0:
        spans = tuple((start + offset, end + offset) for start, end in hit.spans)
        shown, spans = replace(hit, text=hit.label, spans=spans).excerpt(LABEL_LIMIT)
        prompt = Content.assemble("  ", when, highlighted(shown, spans).stylize("bold"), after)
    else:
        shown, _ = replace(hit, text=hit.label, spans=()).excerpt(LABEL_LIMIT)
        label = Content.styled(shown, "bold")
        excerpt, spans = hit.excerpt(EXCERPT_WIDTH)
        prompt = Content.assemble(
            "  ",
            when,
            label,
            after,
            "\n    ",
            (f"{hit.field}: ", MUTED),
            highlighted(excerpt, spans),
        )
    # A dated event wraps under its title, not under its date.
    first = 2 + when.cell_length + 2 if date else None
    return text_row(str(number), prompt, height=0, indent=2, first=first)


def count_line(total: int, query: str) -> Content:
    """What the line above the results says: how to start, or how many matched."""
    if not query.strip():
        return Content.styled("Type to search events, elements, actors, quotes and sources.", MUTED)
    if total == 0:
        return Content.styled("No matches", MUTED)
    text = "1 match" if total == 1 else f"{total} matches"
    if total > SHOWN_LIMIT:
        text += f" (first {SHOWN_LIMIT} shown)"
    return Content.styled(text, "bold")


def one_line(pasted: str) -> str:
    """A paste for a one-line box: line breaks inside it become spaces, those around it go."""
    return " ".join(pasted.strip("\r\n").splitlines())


class SearchInput(Input):
    """The query box. A paste of several lines is searched for whole, its line breaks as
    spaces (Textual's ``Input`` keeps only the first line, and nothing when that is empty)."""

    def on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # instead of Input's own handling
        event.stop()
        text = one_line(event.text)
        if not text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)


class SearchResults(ItemList):
    """The hits, under a heading per kind; a click opens one."""

    BINDING_GROUP_TITLE = "Search results"
    CLICK_SELECTS = True

    def replace_rows(
        self, rows: Iterable[Row], keep: str | None = None, *, from_top: bool = False
    ) -> None:
        """Show ``rows`` as ``ItemList.replace_rows`` does (the cursor on ``keep`` when it is
        there), and give the scrollbar the new height at once, so it is drawn with the rows."""
        super().replace_rows(rows, keep, from_top=from_top)
        # Textual gives the scrollbar the list's new height when it next lays the screen
        # out, and draws it a frame after the rows; told now, it is drawn with them.
        if self.show_vertical_scrollbar:
            scrollbar = self.vertical_scrollbar
            scrollbar.window_virtual_size = self.virtual_size.height
            scrollbar.window_size = self.scrollable_content_region.height


class SearchScreen(ModalScreen[SearchResult | None]):
    """``/``: type to search; ↑/↓ pick a result, Enter opens it, Esc closes."""

    CSS_PATH = data_dir("themes") / "screens.tcss"
    """Read when the screen is first opened: the first frame does not need it."""

    BINDING_GROUP_TITLE = "Search"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="search-close", tooltip="Close the search"),
        Binding("down", "move(1)", "Next result", show=False, id="search-next-result"),
        Binding("up", "move(-1)", "Previous result", show=False, id="search-previous-result"),
        # Priority: handled as the key is, not through the box's Submitted message, so a
        # key typed just after Enter goes to the reader rather than into the box.
        Binding(
            "enter",
            "choose",
            "Open",
            id="search-open",
            tooltip="Open the highlighted result",
            priority=True,
        ),
    ]

    class IndexReady(Message):
        """The index a search screen opened without is ready: it answers from now on."""

        def __init__(self, index: SearchIndex) -> None:
            super().__init__()
            self.index = index

    def __init__(
        self,
        index: SearchIndex | None,
        query: str = "",
        *,
        briefing: Briefing | None = None,
    ) -> None:
        """Search ``index``; None while it is being made, until an ``IndexReady`` message
        brings it."""
        super().__init__()
        self.index = index
        self.briefing = briefing
        """When given, event results show their date."""
        self.initial_query = query
        self.hits: list[Hit] = []
        """The listed hits, in the order shown."""

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box") as box:
            box.border_title = "Search"
            box.border_subtitle = "↑↓ choose · Enter opens · Esc closes · n/N step afterwards"
            search = SearchInput(
                value=self.initial_query,
                placeholder="search the briefing",
                id="search-input",
                select_on_focus=False,
                compact=True,
            )
            # A blinking cursor redraws the box twice a second, which a screen reader reads.
            search.cursor_blink = not screen_reader_on(self)
            yield search
            yield Static(id="search-count", markup=False)
            yield SearchResults(id="search-results")

    def on_key(self, event: events.Key) -> None:
        # Letters that arrived with the "/" reach this screen before anything in it has
        # the focus; they belong to the query all the same. (Later, j and k in the results
        # are the list's.)
        if self.focused is None and event.is_printable and event.character:
            event.stop()
            search_input = self.query_one("#search-input", Input)
            search_input.focus()
            search_input.insert_text_at_cursor(event.character)

    def on_mount(self) -> None:
        # Watched rather than waiting for Input.Changed: the watcher runs as the key is
        # handled, so the input and its results are drawn in one frame, not two.
        self.watch(self.query_one("#search-input", Input), "value", self._update, init=False)
        self._update(self.initial_query)

    def on_search_screen_index_ready(self, message: IndexReady) -> None:
        message.stop()
        if self.index is None:
            self.index = message.index
            self._update(self.query_one("#search-input", Input).value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_choose()

    @on(SearchResults.Chosen, "#search-results")
    def _result_selected(self, event: SearchResults.Chosen) -> None:
        event.stop()
        self.action_choose()

    def _update(self, query: str) -> None:
        if self.index is None:
            self.query_one("#search-count", Static).update(
                Content.styled("Preparing the search…", MUTED)
            )
            return
        found = self.index.search(query, limit=SHOWN_LIMIT)
        self.hits = group_by_kind(list(found))
        counts = Counter(hit.kind for hit in self.hits)
        rows: list[Row] = []
        kind = None
        spoken = screen_reader_on(self)
        for number, hit in enumerate(self.hits):
            if hit.kind != kind:
                kind = hit.kind
                count = counts[kind]
                heading = Content.assemble((KIND_TITLES[kind], HEADING), (f" ({count})", MUTED))
                rows.append(text_row(None, heading))
            rows.append(hit_row(number, hit, self._date_of(hit), spoken))
        self.query_one(SearchResults).replace_rows(rows)
        # One line whatever it says: no need to lay the screen out again for it.
        self.query_one("#search-count", Static).update(count_line(found.total, query), layout=False)

    def _date_of(self, hit: Hit) -> str:
        event = self.briefing.event(hit.item_id) if self.briefing and hit.kind == "event" else None
        return event.date.human().rjust(DATE_WIDTH) if event is not None else ""

    def action_move(self, step: int) -> None:
        self.query_one(SearchResults).action_move(step)

    def action_choose(self) -> None:
        chosen = self.query_one(SearchResults).highlighted_id
        if chosen is None or not chosen.isdigit():
            return
        self.dismiss((self.hits, int(chosen)))
