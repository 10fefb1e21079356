"""The reader's main screen: the panes of the pane table, side by side when they fit,
else one at a time under a pane bar. It holds the reader's state: which pane is current,
the selection (each pane's cursor), the filter, the as-of date and the history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Container
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from briefing.core.dates import PartialDate
from briefing.core.involves import Kind, Subject
from briefing.core.model import Briefing
from briefing.core.readstate import ReadMarks
from briefing.ui.cursor import screen_reader_on
from briefing.ui.history import History, Place
from briefing.ui.layout import TogetherGrid, panes_fit_together
from briefing.ui.marks import marks_label
from briefing.ui.pane_list import PaneList
from briefing.ui.panes.base import Pane, PaneSpec
from briefing.ui.panes.table import PANES, filter_words, listed_sections, pane_for_kind, panes_for
from briefing.ui.screens.main_keys import main_bindings
from briefing.ui.screens.stepping import SteppingScreen
from briefing.ui.widgets.briefing_header import BriefingHeader
from briefing.ui.widgets.deferred import Deferred
from briefing.ui.widgets.detail import Detail
from briefing.ui.widgets.filter_chip import FilterChip
from briefing.ui.widgets.key_bar import KeyBar
from briefing.ui.widgets.pane_bar import PaneBar

if TYPE_CHECKING:
    from briefing.core.search import SearchIndex


class MainScreen(SteppingScreen):
    """Owns navigation: which pane is shown, jumps between linked items, history, the filter."""

    BINDING_GROUP_TITLE = "Panes"
    BINDINGS: ClassVar[list[BindingType]] = main_bindings(PANES)

    pane: reactive[str] = reactive("timeline", init=False)
    """The pane that has (or last had) the focus."""
    filter: reactive[Subject | None] = reactive(None, init=False)
    """What the panes that narrow (``Pane.NARROWS``) are restricted to, if anything."""
    as_of: reactive[PartialDate] = reactive(PartialDate(1970), init=False)
    """The date the grid and the element detail show control status for."""

    @dataclass
    class FilterChanged(Message):
        """The filter is now ``subject`` (None: no filter)."""

        subject: Subject | None

    @classmethod
    def of(cls, app: App[Any]) -> MainScreen | None:
        """The app's main screen (the first in its stack), if it has one."""
        return next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)

    def __init__(
        self,
        briefing: Briefing,
        marks: ReadMarks | None = None,
        search_index: Callable[[], SearchIndex | None] | None = None,
    ) -> None:
        """The reader of ``briefing``; ``marks`` are the items new or changed since the
        last visit (None when the reader keeps no read state); ``search_index`` returns
        the briefing's search index once it is ready (None until then; by default it is
        made when ``/`` is first pressed)."""
        super().__init__()
        self.briefing = briefing
        self.marks = marks
        self.search_index = search_index
        self.specs: tuple[PaneSpec[Any], ...] = panes_for(briefing)
        """The panes this briefing has, from the pane table."""
        self.listed = listed_sections(self.specs)
        """The briefing sections the panes list (those whose marks count)."""
        self.set_reactive(MainScreen.pane, self.specs[0].name)
        self.set_reactive(MainScreen.as_of, briefing.as_of_date)
        self.panes: dict[str, Pane[Any]] = {spec.name: spec.make(briefing) for spec in self.specs}
        """Each pane by name; made now, so selections reach them before they are mounted."""
        for pane in self.panes.values():
            pane.show_marks(marks, self.listed)
        self.pass_on(frozenset({"U"}))
        self.history = History()
        self._resumed = False
        self._laid_out_for: Size | None = None

    @property
    def current(self) -> Pane[Any]:
        """The current pane."""
        return self.panes[self.pane]

    def selected(self, kind: Kind) -> str | None:
        """Id of the item selected in the pane that lists ``kind``, or None."""
        spec = pane_for_kind(kind)
        pane = self.panes.get(spec.name) if spec is not None else None
        return pane.selected_id if pane is not None else None

    def compose(self) -> ComposeResult:
        yield BriefingHeader(self.briefing, id="header")
        yield PaneBar(self.specs, id="pane-bar")
        yield FilterChip(filter_words(self.specs)[0], id="filter-chip", markup=False)
        together = self._set_layout(self.app.size.width, self.app.size.height)
        grid = TogetherGrid.of([spec.place for spec in self.specs])
        with grid.style(Container(id="panes"), list(self.panes.values())):
            for name in (self.specs[index].name for index in grid.order):
                pane = self.panes[name]
                pane.set_class(name == self.pane, "-current", update=False)  # styled once mounted
                if together or name == self.pane:
                    pane.ensure_filled()  # whole in the first frame
                    yield pane
                else:
                    # The others are mounted after the first frame, or once something needs them.
                    yield Deferred(pane)
        yield KeyBar(id="key-bar", markup=False)

    def _set_layout(self, width: int, height: int, update: bool = False) -> bool:
        # Set in compose too, so that the first frame is laid out for this size.
        # A screen reader reads one pane at a time, as on a small terminal.
        together = panes_fit_together(width, height) and not screen_reader_on(self)
        self.set_class(together, "-together", update=update)
        self.set_class(not together, "-tabs", update=update)
        return together

    def on_resize(self, event: events.Resize) -> None:
        if event.size == self._laid_out_for:
            # The size the screen is laid out for already (Textual sends the starting size
            # again just after the first frame): laying it all out again changes nothing.
            event.prevent_default()
            return
        self._laid_out_for = event.size
        self._set_layout(event.size.width, event.size.height, update=True)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual lays a resumed screen out for the terminal's size, if it was not already;
        # the layout for that size is chosen here, as no resize reached a covered screen.
        if self.app.size != self._laid_out_for:
            self._laid_out_for = self.app.size
            self._set_layout(self.app.size.width, self.app.size.height, update=True)
        if not self._resumed:
            # Each widget was styled as it was mounted: restyling them all would repeat it.
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        self.query_one(PaneBar).show_current(self.pane)
        self.current.focus_list()
        # The focus arrives after the first frame; the date it brings is shown in that frame.
        self._follow_timeline(focused=True)
        self.query_one(BriefingHeader).show_as_of(self.as_of)
        self.query_one(BriefingHeader).show_marks(marks_label(self.marks, self.listed))

    # Panes

    def action_show_pane(self, name: str) -> None:
        if name not in self.panes:
            items = next(spec.pane.ITEMS for spec in PANES if spec.name == name)
            self.notify(f"This briefing lists no {items}.", severity="warning")
            return
        self.pane = name
        self.panes[name].focus_list()

    def action_cycle_pane(self, step: int) -> None:
        names = list(self.panes)
        self.action_show_pane(names[(names.index(self.pane) + step) % len(names)])

    def watch_pane(self, old: str, new: str) -> None:
        self.panes[old].remove_class("-current")
        self.panes[new].add_class("-current")
        self.query_one(PaneBar).show_current(new)
        self.refresh_bindings()
        self._follow_timeline()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is not self.focused:
            return  # the focus has moved on since (keys in one burst): that move counts
        pane = self._pane_of(event.widget)
        if pane is not None and pane.spec.name != self.pane:
            self.pane = pane.spec.name
        self._follow_timeline()
        self.refresh_bindings()

    @staticmethod
    def _pane_of(widget: Widget) -> Pane[Any] | None:
        return next((node for node in widget.ancestors_with_self if isinstance(node, Pane)), None)

    def on_pane_list_highlighted(self, message: PaneList.Highlighted) -> None:
        pane = self._pane_of(message.pane_list)
        if pane is not None and message.pane_list is pane.list:
            message.stop()
            if pane.spec.kind is Kind.EVENT:
                self._follow_timeline()

    # Enter, and a double click: the one route into a detail and along its links

    def on_pane_list_chosen(self, message: PaneList.Chosen) -> None:
        """A click chose a row (a double click on an item, a click on a link)."""
        pane = self._pane_of(message.pane_list)
        if pane is None:
            return
        message.stop()
        self._choose(pane, message.pane_list)

    def action_open_detail(self) -> None:
        """Enter on a pane's list."""
        self._choose_focused()

    def action_follow_link(self) -> None:
        """Enter in a detail."""
        self._choose_focused()

    def _choose_focused(self) -> None:
        # Run as the key is handled (a binding), so the focus has moved before the next
        # key of the same burst is sent on (see ``briefing.ui.key_order``).
        focused = self.focused
        if focused is not None and (pane := self._pane_of(focused)) is not None:
            self._choose(pane, focused)

    def _choose(self, pane: Pane[Any], widget: Widget) -> None:
        """Enter (or a click) on ``widget`` of ``pane``: from its list into its detail; in
        its detail, to the item the link under the cursor leads to."""
        if widget is pane.detail:
            target = pane.detail.highlighted_link
            if target is None:
                self.app.bell()  # no link in view
            elif target[0] is Kind.SOURCE:
                self.open_source(target[1])
            else:
                self.jump_to(*target)
            return
        # The detail may still show the item before a move made in the same burst.
        pane.show_selected()
        if pane.detail.can_focus:
            pane.detail.enter()
        else:
            self.app.bell()

    def action_leave_detail(self) -> None:
        pane = self._pane_of(self.focused) if self.focused is not None else None
        if pane is not None:
            pane.focus_list()
            pane.detail.leave()

    # The as-of date

    def _follow_timeline(self, focused: bool = False) -> None:
        """While the timeline has focus the grid shows controls as of the highlighted event."""
        as_of = self.briefing.as_of_date
        # Without controls there is nothing to show as of another date.
        following = focused or self.focused is not None
        if self.briefing.has_controls and self.current.spec.kind is Kind.EVENT and following:
            event_id = self.current.selected_id
            event = self.briefing.event(event_id) if event_id else None
            if event is not None:
                as_of = event.date
        self.as_of = as_of

    def watch_as_of(self, as_of: PartialDate) -> None:
        self.query_one(BriefingHeader).show_as_of(as_of)
        for pane in self.panes.values():
            pane.show_as_of(as_of)

    # Following links, history

    def jump_to(self, kind: Kind, item_id: str) -> None:
        """Show the item in its pane and select it there, clearing a filter that hides it.

        Where the reader was is remembered: Backspace (or Esc) goes back to it.
        """
        kind = Kind(kind)
        if kind is Kind.SOURCE:
            kind, item_id = self._where_source_is_cited(item_id)
        spec = pane_for_kind(kind)
        pane = self.panes.get(spec.name) if spec is not None else None
        if pane is None:
            self.notify(f"This briefing has no pane for {kind}s.", severity="warning")
            return
        self.history.leave(self._here())
        if self._go(pane, item_id):
            self.notify(f"Filter cleared to show this {kind}; Backspace restores it.", timeout=4)
        self.refresh_bindings()

    def _go(self, pane: Pane[Any], item_id: str | None) -> bool:
        """Show ``item_id`` in ``pane``; True when the filter hid it and was cleared."""
        self.action_show_pane(pane.spec.name)
        if item_id is not None and not pane.select(item_id) and self.filter is not None:
            self.filter = None
            pane.select(item_id)
            return True
        return False

    def _here(self) -> Place:
        detail = self.current.detail
        link = detail.highlighted_id if self.focused is detail else None
        return Place(self.pane, self.current.selected_id, self.filter, link)

    def _restore(self, place: Place | None) -> None:
        if place is None:
            self.app.bell()
            return
        self.filter = place.filter
        pane = self.panes.get(place.pane)
        if pane is not None:
            self._go(pane, place.item_id)
            # Back in the links the reader left from, that link in view; else the item's
            # detail from its top, as when it was first shown.
            if place.link is None or not pane.detail.show_link(place.link):
                pane.detail.scroll_home(animate=False)
        self.refresh_bindings()

    def action_back(self) -> None:
        self._restore(self.history.back(self._here()))

    def action_forward(self) -> None:
        self._restore(self.history.forward(self._here()))

    # What is new since the last visit

    def show_marks(self, marks: ReadMarks | None) -> None:
        """Mark what ``marks`` says is new or changed, in every list and the header."""
        self.marks = marks
        for pane in self.panes.values():
            pane.show_marks(marks, self.listed)
        self.query_one(BriefingHeader).show_marks(marks_label(marks, self.listed))

    def here_item(self) -> tuple[Kind, str | None]:
        return self.current.spec.kind, self.current.selected_id

    def marked_items(self) -> list[tuple[Kind, str]]:
        marks = self.marks
        if marks is None:
            return []
        return [
            (spec.kind, item_id)
            for spec in self.specs
            for item_id in self.panes[spec.name].item_ids
            if marks.mark(spec.section, item_id)
        ]

    def marked_as(self, kind: Kind, item_id: str) -> str | None:
        spec = pane_for_kind(kind)
        return self.marks.mark(spec.section, item_id) if self.marks and spec else None

    def pass_on(self, keys: frozenset[str]) -> None:
        for pane in self.panes.values():
            pane.list.pass_on(keys)

    # The filter

    def action_filter(self) -> None:
        subject = self.current.filter_subject()
        if subject is not None:
            self.filter = subject

    def action_clear_filter(self) -> None:
        self.filter = None

    def action_filter_hint(self) -> None:
        where = " or ".join(f"{s.key} {s.title}" for s in self.specs if s.pane.FILTERS)
        self.notify(f"f filters by the item selected in {where}.", timeout=3)

    def watch_filter(self, active: Subject | None) -> None:
        for pane in self.panes.values():
            pane.apply_filter(active)
        self.query_one(FilterChip).show_filter(self.briefing, active)
        self.refresh_bindings()
        self.post_message(self.FilterChanged(active))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether ``action`` may run now, so that the key bar and help show only the keys that
        do something here: ``f`` where the pane filters, Enter and Esc by where the focus is, back
        and forward when there is history."""
        focused = self.focused
        in_detail = isinstance(focused, Detail)
        if action == "open_detail":
            return isinstance(focused, PaneList) and not in_detail
        if action in ("follow_link", "leave_detail"):
            return in_detail
        if action == "filter":
            return self.current.FILTERS
        if action == "filter_hint":
            return not self.current.FILTERS
        if action == "end_search":
            return self.searching and not in_detail
        if action == "clear_filter":
            return self.filter is not None
        if action == "back":
            return bool(self.history.behind)
        if action == "forward":
            return bool(self.history.ahead)
        return True
