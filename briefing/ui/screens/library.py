"""The library screen: the briefings of a folder, newest first, for ``briefing DIR``.

Each briefing shows its title, as-of date and size (events, quotes); a file that does
not validate shows its first error and cannot be opened. Enter opens the highlighted
briefing; ``0`` (and the palette's ``library``) comes back here from anywhere in it.
The list needs only each briefing's summary; the one chosen is loaded when it is opened
(``briefing.core.catalogue.Shelf``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from briefing.core.catalogue import Catalogue, Entry, LibraryError, Shelf
from briefing.core.dates import PartialDate
from briefing.core.model import Briefing
from briefing.core.problems import BriefingInvalid
from briefing.ui.format import HEADING, MUTED, line
from briefing.ui.pane_list import PaneList
from briefing.ui.widgets.item_list import ItemList, Row, text_row
from briefing.ui.widgets.key_bar import KeyBar


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def entry_row(entry: Entry, key: str) -> Row:
    """One briefing as the library lists it: its title, then its as-of date and size, or
    its first error. Rows wrap to the list's width, so every word can be read."""
    briefing = entry.briefing
    if entry.servable and briefing is not None:
        as_of = PartialDate.from_date(briefing.as_of).human()  # 1 Nov 2025, as elsewhere
        about = (
            f"as of {as_of} · {_plural(briefing.events, 'event')} · "
            f"{_plural(briefing.quotes, 'quote')} · {briefing.id}"
        )
        if entry.problem:  # a broken edit: the last valid version is shown
            about += f" · the file now has an error: {entry.problem}"
        text = Content.assemble(line(briefing.title, "bold"), "\n", line(about, MUTED))
    else:
        name = briefing.title if briefing is not None else entry.path.name
        text = Content.assemble(
            line(name), "\n", line(f"cannot be opened: {entry.problem or ''}", MUTED)
        )
    return text_row(key, text, height=0, rule=True)


class LibraryList(ItemList):
    """The briefings of the library, one row each; the keys every list has."""


class LibraryScreen(Screen[None]):
    """The briefings of ``library``; the app's first screen when given a folder."""

    @dataclass
    class Opened(Message):
        """Enter on a briefing that can be opened: the app opens ``briefing``."""

        briefing: Briefing

    BINDING_GROUP_TITLE = "Library"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "open", "Open", id="library-open", tooltip="Open the highlighted briefing"
        ),
    ]

    def __init__(self, library: Shelf, catalogue: Catalogue | None = None) -> None:
        """The library's briefings; ``catalogue`` when the folder has just been read."""
        super().__init__()
        self.library = library
        self.catalogue = catalogue
        self._keys: dict[str, Entry] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="library-title", markup=False)
        yield LibraryList(id="library-list")
        yield KeyBar(id="key-bar", markup=False)

    def on_mount(self) -> None:
        self.refresh_list(read=self.catalogue is None)
        self.query_one(LibraryList).focus()

    def on_screen_resume(self) -> None:
        # Back from a briefing: the folder is looked at again, so edits show.
        if self.is_mounted and self._keys:
            self.refresh_list()

    def refresh_list(self, read: bool = True) -> None:
        """Show the folder's briefings (read again when ``read``), the cursor kept on the
        briefing it was on."""
        if read or self.catalogue is None:
            try:
                self.catalogue = self.library.refresh()
            except LibraryError as error:
                self.notify(str(error), severity="error", markup=False)
                if self.catalogue is None:
                    self.catalogue = Catalogue(())
        entries = self.catalogue.entries
        lists = self.query_one(LibraryList)
        keep = lists.highlighted_id
        self._keys = {entry.path.name: entry for entry in entries}
        lists.replace_rows((entry_row(entry, key) for key, entry in self._keys.items()), keep)
        servable = sum(1 for entry in entries if entry.servable)
        invalid = len(entries) - servable
        title = Content.assemble(
            (f"Library: {_plural(servable, 'briefing')}", HEADING),
            (f" · {invalid} cannot be opened" if invalid else "", MUTED),
            (" · newest first · Enter opens · 0 comes back here · ? keys", MUTED),
        )
        self.query_one("#library-title", Static).update(title)

    def highlighted(self) -> Entry | None:
        """The entry under the cursor."""
        key = self.query_one(LibraryList).highlighted_id
        return self._keys.get(key) if key is not None else None

    def action_open(self) -> None:
        self._open(self.highlighted())

    def on_pane_list_chosen(self, message: PaneList.Chosen) -> None:
        self._open(self._keys.get(message.item_id))

    def _open(self, entry: Entry | None) -> None:
        if entry is None:
            return
        problem = entry.problem
        if entry.servable:
            # Only the briefing chosen is loaded: the list needs no more than summaries.
            try:
                self.post_message(self.Opened(self.library.briefing(entry)))
                return
            except BriefingInvalid as unusable:  # and BriefingUnreadable
                problem = str(unusable.problems[0]) if unusable.problems else problem
        self.app.bell()
        self.notify(f"Cannot be opened: {problem}", severity="warning", markup=False)
