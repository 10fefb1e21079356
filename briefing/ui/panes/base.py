"""The pane unit: a bordered column holding one list and the detail of its selected item,
the protocol every pane's list meets, and the row of the pane table that describes a pane."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical

from briefing.core.dates import PartialDate
from briefing.core.involves import Kind, Subject, subject_label
from briefing.core.model import Briefing
from briefing.core.readstate import ReadMarks
from briefing.core.text import sanitize_line
from briefing.ui.layout import GridPlace
from briefing.ui.marks import mark_lookup
from briefing.ui.pane_list import PaneList
from briefing.ui.widgets.detail import Detail

L = TypeVar("L", bound=PaneList)
"""The class of a pane's list."""


# Compared by identity (each row of the table is one object): equality and hashing,
# never used, cost their generation at import.
@dataclass(frozen=True, eq=False)
class PaneSpec(Generic[L]):
    """One row of the pane table: everything the reader needs to know about a pane.

    ``name`` makes the ids (``timeline``: ``timeline-pane``, ``timeline-list``...);
    ``section`` is the briefing section its items come from (``events``), where the read
    state marks them new or changed; ``help`` is what the help says of it, under its
    title; ``place`` is where it stands when the panes show together (the grid is made
    from the places, ``briefing.ui.layout``); ``about`` is said of it in the help's first
    lines (empty: its title says enough).
    """

    key: str
    name: str
    title: str
    kind: Kind
    pane: type[Pane[L]]
    list: type[L]
    detail: type[Detail]
    section: str
    help: str
    place: GridPlace
    about: str = ""

    def make(self, briefing: Briefing) -> Pane[L]:
        """A new pane of this kind for ``briefing``."""
        return self.pane(self, briefing)


class Pane(Vertical, Generic[L], can_focus=False):
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

    def __init__(self, spec: PaneSpec[L], briefing: Briefing) -> None:
        super().__init__(id=f"{spec.name}-pane", classes="pane")
        self.spec = spec
        """This pane's row of the pane table."""
        self.briefing = briefing
        self.border_title = f"{spec.key} {spec.title}"
        self.list: L = spec.list.for_pane(briefing, f"{spec.name}-list")
        """The pane's list; it takes the focus when the pane is shown."""
        self.detail: Detail = spec.detail(briefing, id=f"{spec.name}-detail")
        self.subject: Subject | None = None
        """The filter the list shows, if any."""
        self._focus_when_mounted = False
        self._shown: str | None = None
        self._filled = False

    # -- hooks for subclasses ----------------------------------------------------------------

    @classmethod
    def shown_for(cls, briefing: Briefing) -> bool:
        """Whether ``briefing`` has this pane (every briefing, by default)."""
        return True

    def fill(self) -> None:
        """Put the briefing's items in the list (for ``self.subject``, when set)."""

    def filter_subject(self) -> Subject | None:
        """What ``f`` filters by when this pane is current; None: nothing selected."""
        return None

    def show_as_of(self, as_of: PartialDate) -> None:
        """Show what depends on the date the controls are shown for."""
        self.detail.show_as_of(as_of)

    # -- the unit --------------------------------------------------------------------------

    @property
    def selected_id(self) -> str | None:
        """Id of the item the list's cursor is on."""
        self.ensure_filled()
        return self.list.highlighted_id

    @property
    def item_ids(self) -> list[str]:
        """The ids of the items the list shows, in its order."""
        self.ensure_filled()
        return self.list.item_ids

    def select(self, item_id: str) -> bool:
        """Put the cursor on ``item_id``; False when the list does not show it."""
        self.ensure_filled()
        found = self.list.select_id(item_id)
        if found:
            self.show_selected()
        return found

    def apply_filter(self, subject: Subject | None) -> None:
        """Show only the items involving ``subject`` (None: all), if the pane ``NARROWS``."""
        if self.NARROWS and subject != self.subject:
            self.subject = subject
            if self._filled:  # else filled for this subject when first needed
                self.fill()
                self.show_selected(force=True)

    def show_marks(self, marks: ReadMarks | None, listed: tuple[str, ...]) -> None:
        """Mark the list's items new or changed since the last visit (None: no marks);
        ``listed`` are the sections of every pane, whose marks count."""
        self.list.show_marks(mark_lookup(marks, self.spec.section, listed))

    def empty_text(self) -> str:
        """What the detail says when the list is empty, and why."""
        if self.subject is None:
            return f"This briefing has no {self.ITEMS}."
        label = sanitize_line(subject_label(self.briefing, self.subject))
        return f"No {self.ITEMS} involve {label}. Esc clears the filter."

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
        """Show the selected item in the detail."""
        self.ensure_filled()
        item_id = self.selected_id
        if item_id == self._shown and not force:
            return
        self._shown = item_id
        self.detail.show(item_id, self.empty_text())
        if self.detail.in_links and not self.detail.can_focus:
            self.focus_list()  # nothing left to read in the detail

    def on_pane_list_highlighted(self, message: PaneList.Highlighted) -> None:
        # Not stopped: the screen follows the selection too (the date the grid shows).
        if message.pane_list is self.list:
            self.show_selected()
