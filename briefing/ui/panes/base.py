"""The pane unit: a bordered column holding one list and the detail of its selected item."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget

from briefing.core.dates import PartialDate
from briefing.core.involves import Kind, Subject, subject_label
from briefing.core.model import Briefing
from briefing.core.readstate import ReadMarks
from briefing.core.text import sanitize_line
from briefing.ui.marks import mark_lookup
from briefing.ui.widgets.detail import Detail
from briefing.ui.widgets.item_list import ItemList

if TYPE_CHECKING:
    from briefing.ui.panes.table import PaneSpec


class Pane(Vertical, can_focus=False):
    """One pane: its list (the focus target), its detail, and the hooks the screen calls.

    A subclass fills its list (``fill``) and may narrow it to a filter (``apply_filter``)
    or offer a filter (``filter_subject``). Selections and filters that arrive before the
    pane is mounted are kept and shown when it is.
    """

    FILTERS: ClassVar[bool] = False
    """Whether ``f`` filters by this pane's selected item."""
    ITEMS: ClassVar[str] = "items"
    """What the list holds, in a sentence: ``events``."""
    NARROWS: ClassVar[bool] = False
    """Whether the filter narrows this pane's list to what involves its subject."""

    @dataclass
    class Selected(Message):
        """The pane's selected item changed (None: nothing to select)."""

        pane: Pane = field(repr=False)
        kind: Kind
        item_id: str | None

    @dataclass
    class Entered(Message):
        """Enter on the pane's selected item: the screen moves into its links."""

        pane: Pane = field(repr=False)

    def __init__(self, spec: PaneSpec, briefing: Briefing) -> None:
        super().__init__(id=f"{spec.name}-pane", classes="pane")
        self.spec = spec
        """This pane's row of the pane table."""
        self.briefing = briefing
        self.border_title = f"{spec.key} {spec.title}"
        self.list: Widget = self.make_list()
        """The pane's list; it takes the focus when the pane is shown."""
        self.detail: Detail = spec.detail(briefing, id=f"{spec.name}-detail")
        self.subject: Subject | None = None
        """The filter the list shows, if any."""
        self._focus_when_mounted = False
        self._shown: str | None = None
        self._filled = False

    # -- hooks for subclasses ----------------------------------------------------------------

    def make_list(self) -> Widget:
        """The list widget; by default the table's list class with id ``NAME-list``."""
        return self.spec.list(id=f"{self.spec.name}-list")

    def fill(self) -> None:
        """Put the briefing's items in the list (for ``self.subject``, when set)."""
        raise NotImplementedError

    @property
    def selected_id(self) -> str | None:
        """Id of the item the list's cursor is on."""
        self.ensure_filled()
        return cast(ItemList, self.list).highlighted_id

    def select(self, item_id: str) -> bool:
        """Put the cursor on ``item_id``; False when the list does not show it."""
        self.ensure_filled()
        found = cast(ItemList, self.list).select_id(item_id)
        if found:
            self.show_selected()
        return found

    def filter_subject(self) -> Subject | None:
        """What ``f`` filters by when this pane is current; None: nothing selected."""
        return None

    def apply_filter(self, subject: Subject | None) -> None:
        """Show only the items involving ``subject`` (None: all), if the pane ``NARROWS``."""
        if self.NARROWS and subject != self.subject:
            self.subject = subject
            if self._filled:  # else filled for this subject when first needed
                self.fill()
                self.show_selected(force=True)

    def show_marks(self, marks: ReadMarks | None) -> None:
        """Mark the list's items new or changed since the last visit (None: no marks)."""
        if isinstance(self.list, ItemList):
            mark_of = mark_lookup(marks, self.spec.kind)
            if self.list.is_mounted:
                self.list.show_marks(mark_of)
            else:
                self.list.mark_of = mark_of  # drawn with the marks when first filled

    def show_as_of(self, as_of: PartialDate) -> None:
        """Show what depends on the date the controls are shown for (nothing, by default)."""

    def empty_text(self) -> str:
        """What the detail says when the list is empty, and why."""
        if self.subject is None:
            return f"This briefing has no {self.ITEMS}."
        label = sanitize_line(subject_label(self.briefing, self.subject))
        return f"No {self.ITEMS} involve {label}. Esc clears the filter."

    # -- the unit --------------------------------------------------------------------------

    def ensure_filled(self) -> None:
        """Fill the list and show its selected item, the first time either is needed: when
        the pane is mounted, or when a selection reaches it before."""
        if not self._filled:
            self._filled = True
            self.fill()
            self.show_selected()

    def compose(self) -> ComposeResult:
        yield self.list
        yield self.detail

    def on_mount(self) -> None:
        self.ensure_filled()
        if self._focus_when_mounted:
            self._focus_when_mounted = False
            self.list.focus()

    def focus_list(self) -> None:
        """Give the list the focus, now or as soon as the pane is mounted.

        Now, not on the next turn of the event loop (as ``Widget.focus`` would): keys read
        in the same burst as the one that moved the focus are already on their way, and
        each must find the focus where the keys before it left it.
        """
        if self.list.is_mounted:
            self.screen.set_focus(self.list)
        else:
            self._focus_when_mounted = True

    def show_selected(self, force: bool = False) -> None:
        """Show the selected item in the detail and tell the screen."""
        self.ensure_filled()
        item_id = self.selected_id
        if item_id == self._shown and not force:
            return
        self._shown = item_id
        self.detail.show(item_id, self.empty_text())
        if self.detail.in_links and not self.detail.has_links:
            self.focus_list()  # nothing left to move between in the detail
        self.post_message(self.Selected(self, self.spec.kind, item_id))

    def on_item_list_highlighted(self, message: ItemList.Highlighted) -> None:
        if message.item_list is self.list:
            message.stop()
            self.show_selected()

    def on_item_list_selected(self, message: ItemList.Selected) -> None:
        if message.item_list is self.list:
            message.stop()
            self.post_message(self.Entered(self))
