"""The reader's main screen: the panes of the pane table, side by side when they fit,
else one at a time under a pane bar. It keeps only what crosses panes: which pane is
current, the filter, the as-of date and the navigation history."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from briefing.core.dates import PartialDate
from briefing.core.involves import Kind, Subject
from briefing.core.model import Briefing
from briefing.core.readstate import ReadMarks
from briefing.core.text import sanitize_line
from briefing.ui.history import History, Place
from briefing.ui.marks import SECTIONS, marks_label
from briefing.ui.messages import JumpTo
from briefing.ui.panes.base import Pane
from briefing.ui.panes.table import PANES, PaneSpec, pane_for_kind, panes_for
from briefing.ui.widgets.briefing_header import BriefingHeader
from briefing.ui.widgets.deferred import Deferred
from briefing.ui.widgets.filter_chip import FilterChip
from briefing.ui.widgets.key_bar import KeyBar
from briefing.ui.widgets.link_list import LinkList
from briefing.ui.widgets.pane_bar import PaneBar

if TYPE_CHECKING:
    from briefing.core.search import Hit
    from briefing.ui.app import BriefingApp
    from briefing.ui.widgets.item_list import ItemList

FOUR_PANES_WIDTH = 120
"""From this width, and ``FOUR_PANES_HEIGHT``, the panes show together."""
FOUR_PANES_HEIGHT = 36
"""Below this height the top panes would leave the element detail a line or two, and the
bottom ones a few lines each: the panes then show one at a time."""

_FILTER_TOOLTIP = "Show only the events and quotes that involve the selected actor or element"


def four_panes_fit(width: int, height: int) -> bool:
    """Whether a terminal of this size shows the panes together."""
    return width >= FOUR_PANES_WIDTH and height >= FOUR_PANES_HEIGHT


class MainScreen(Screen[None]):
    """Owns navigation: which pane is shown, jumps between linked items, history, the filter."""

    BINDING_GROUP_TITLE = "Panes"
    BINDINGS: ClassVar[list[BindingType]] = [
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
            for spec in PANES
        ),
        Binding("f", "filter", "Filter", id="filter", tooltip=_FILTER_TOOLTIP),
        # f elsewhere says where it works, rather than doing nothing. (Same text as the
        # filter's, so that help lists f once.)
        Binding(
            "f", "filter_hint", "Filter", show=False, id="filter-hint", tooltip=_FILTER_TOOLTIP
        ),
        # Esc, in this order: out of the links, else clear the filter, else back.
        # Three bindings, so that the bottom line names the one that applies.
        Binding("escape", "leave_links", "Back", id="leave-links", tooltip="Out of the links"),
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
        Binding("n", "next_match(1)", "Next match", show=False, id="next-match"),
        Binding("N", "next_match(-1)", "Previous match", show=False, id="previous-match"),
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
            tooltip="The previous item new or changed since your last visit",
        ),
    ]

    pane: reactive[str] = reactive("timeline", init=False)
    """The pane that has (or last had) the focus."""

    def __init__(self, briefing: Briefing, marks: ReadMarks | None = None) -> None:
        """The reader of ``briefing``; ``marks`` are the items new or changed since the
        last visit (None when the reader keeps no read state)."""
        super().__init__()
        self.briefing = briefing
        self.marks = marks
        self.specs: tuple[PaneSpec, ...] = panes_for(briefing)
        """The panes this briefing has, from the pane table."""
        self.set_reactive(MainScreen.pane, self.specs[0].name)
        self.panes: dict[str, Pane] = {spec.name: spec.make(briefing) for spec in self.specs}
        """Each pane by name; made now, so selections reach them before they are mounted."""
        for pane in self.panes.values():
            pane.show_marks(marks)
        self.history = History()
        self._resumed = False
        self._laid_out_for: Size | None = None
        self.matches: list[Hit] = []
        """The results of the last search, for n and N."""
        self.match_index = -1

    @property
    def reader(self) -> BriefingApp:
        """The app, which holds the filter, the as-of date and the selections."""
        return cast("BriefingApp", self.app)

    @property
    def current(self) -> Pane:
        """The current pane."""
        return self.panes[self.pane]

    def compose(self) -> ComposeResult:
        yield BriefingHeader(self.briefing, id="header")
        yield PaneBar(self.specs, id="pane-bar")
        yield FilterChip(id="filter-chip", markup=False)
        together = self._set_layout(self.app.size.width, self.app.size.height)
        with Container(id="panes", classes=f"-panes-{len(self.specs)}"):
            for index, (name, pane) in enumerate(self.panes.items()):
                # Styled once mounted, not now. A class rather than :first-child, which
                # would have Textual style every pane and all it holds a second time.
                pane.set_class(name == self.pane, "-current", update=False)
                pane.set_class(index == 0, "-first", update=False)
                if together or name == self.pane:
                    pane.ensure_filled()  # whole in the first frame
                    yield pane
                else:
                    # One pane at a time: the others are mounted (and filled) just after
                    # the first frame, or as soon as something reaches into them.
                    yield Deferred(pane)
        yield KeyBar(id="key-bar", markup=False)

    def _set_layout(self, width: int, height: int, update: bool = False) -> bool:
        # Set in compose too, so that the first frame is laid out for this size.
        together = four_panes_fit(width, height)
        self.set_class(together, "-four", update=update)
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
        # Textual lays a resumed screen out for the terminal's size, if it was not already.
        self._laid_out_for = self.app.size
        if not self._resumed:
            # Each widget was styled as it was mounted, just before: restyling them all on
            # this first resume would only repeat that.
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        self.watch(self.app, "filter", self._show_filter, init=False)
        self.watch(self.app, "as_of", self._show_as_of, init=False)
        self.query_one(PaneBar).show_current(self.pane)
        self.current.focus_list()
        # The focus arrives after the first frame; the date it brings is shown in that frame.
        self._follow_timeline(focused=True)
        self.query_one(BriefingHeader).show_as_of(self.reader.as_of)
        self.query_one(BriefingHeader).show_marks(marks_label(self.marks))

    # Panes

    def action_show_pane(self, name: str) -> None:
        if name not in self.panes:
            self.notify("This briefing lists no elements.", severity="warning")
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
    def _pane_of(widget: Widget) -> Pane | None:
        return next((node for node in widget.ancestors_with_self if isinstance(node, Pane)), None)

    @on(Pane.Selected)
    def _selected(self, message: Pane.Selected) -> None:
        message.stop()
        setattr(self.reader, f"selected_{message.kind}", message.item_id)
        if message.kind is Kind.EVENT:
            self._follow_timeline()

    @on(Pane.Entered)
    def _entered(self, message: Pane.Entered) -> None:
        """A double click on an item moves into its links, when it has any."""
        message.stop()
        self._enter_links(message.pane)

    def action_enter_links(self) -> None:
        """Enter on a pane's list: into the links of its selected item, when it has any.

        Run by the lists' own Enter bindings (``screen.enter_links``) when the key is
        handled, so the focus has moved before the next key of the same burst is routed.
        """
        if self.focused is not None and (pane := self._pane_of(self.focused)) is not None:
            self._enter_links(pane)

    def _enter_links(self, pane: Pane) -> None:
        # The detail may still show the item before a move made in the same burst.
        pane.show_selected()
        if pane.detail.has_links:
            pane.detail.focus_links()
        else:
            self.app.bell()

    def action_follow_link(self) -> None:
        """Enter on a link: show the item it links to (``JumpTo``'s work, done at once for
        the same reason as ``action_enter_links``)."""
        links = self.focused
        if isinstance(links, LinkList) and (target := links.highlighted_link) is not None:
            self.jump_to(*target)

    # The as-of date

    def _follow_timeline(self, focused: bool = False) -> None:
        """While the timeline has focus the grid shows controls as of the highlighted event."""
        as_of = self.briefing.as_of_date
        if self.current.spec.kind is Kind.EVENT and (focused or self.focused is not None):
            event_id = self.current.selected_id
            event = self.briefing.event(event_id) if event_id else None
            if event is not None:
                as_of = event.date
        self.reader.as_of = as_of

    def _show_as_of(self, as_of: PartialDate) -> None:
        self.query_one(BriefingHeader).show_as_of(as_of)
        for pane in self.panes.values():
            pane.show_as_of(as_of)

    # Following links, searching, history

    @on(JumpTo)
    def _jump(self, message: JumpTo) -> None:
        message.stop()
        self.jump_to(message.kind, message.item_id)

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

    def _go(self, pane: Pane, item_id: str | None) -> bool:
        """Show ``item_id`` in ``pane``; True when the filter hid it and was cleared."""
        self.action_show_pane(pane.spec.name)
        if item_id is not None and not pane.select(item_id) and self.reader.filter is not None:
            self.reader.filter = None
            pane.select(item_id)
            return True
        return False

    def _here(self) -> Place:
        detail = self.current.detail
        link = detail.highlighted_id if self.focused is detail else None
        return Place(self.pane, self.current.selected_id, self.reader.filter, link)

    def _restore(self, place: Place | None) -> None:
        if place is None:
            self.app.bell()
            return
        self.reader.filter = place.filter
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

    def _where_source_is_cited(self, source_id: str) -> tuple[Kind, str]:
        for event in self.briefing.events_in_order():
            if source_id in event.sources:
                return Kind.EVENT, event.id
        for quote in self.briefing.quotes:
            if quote.source == source_id:
                return Kind.QUOTE, quote.id
        return Kind.SOURCE, source_id

    def action_search(self) -> None:
        from briefing.ui.screens.search import SearchScreen

        # A big briefing's index may still be in the making: the search opens at once
        # and answers when it is ready.
        ready = self.reader.search_ready
        search = SearchScreen(
            ready if ready is not None else lambda: self.reader.search_ready,
            briefing=self.briefing,
        )
        self.app.push_screen(search, self._search_done)

    def _search_done(self, result: tuple[list[Hit], int] | None) -> None:
        if result is None:
            return
        self.matches, self.match_index = result
        self._show_match()

    def action_next_match(self, step: int) -> None:
        if not self.matches:
            self.notify("No search yet: press / to search.", severity="warning")
            return
        self.match_index = (self.match_index + step) % len(self.matches)
        self._show_match()

    def _show_match(self) -> None:
        hit = self.matches[self.match_index]
        # One position notice at a time: piled up, they would hide the item jumped to.
        self.app.clear_notifications()
        self.jump_to(hit.kind, hit.item_id)
        self.notify(
            f"Match {self.match_index + 1} of {len(self.matches)}: {sanitize_line(hit.label)}",
            markup=False,
            timeout=2,
        )

    # What is new since the last visit

    def show_marks(self, marks: ReadMarks | None) -> None:
        """Mark what ``marks`` says is new or changed, in every list and the header."""
        self.marks = marks
        for pane in self.panes.values():
            pane.show_marks(marks)
        self.query_one(BriefingHeader).show_marks(marks_label(marks))

    def marked_items(self) -> list[tuple[Kind, str]]:
        """Every marked item, pane by pane, each pane's in its list's order."""
        marks = self.marks
        if marks is None:
            return []
        found = []
        for spec in self.specs:
            section = SECTIONS[spec.kind]
            if spec.kind is Kind.ELEMENT:
                ids = [element.symbol for element in self.briefing.elements]
            else:
                pane = self.panes[spec.name]
                pane.ensure_filled()
                ids = cast("ItemList", pane.list).item_ids
            found += [(spec.kind, item_id) for item_id in ids if marks.mark(section, item_id)]
        return found

    def action_next_mark(self, step: int) -> None:
        marked = self.marked_items()
        if not marked:
            self.notify("Nothing is new since your last visit.", timeout=3)
            return
        here = (self.current.spec.kind, self.current.selected_id)
        index = marked.index(here) + step if here in marked else (0 if step > 0 else -1)
        kind, item_id = marked[index % len(marked)]
        self.app.clear_notifications()  # one position notice at a time, as for matches
        self.jump_to(kind, item_id)
        what = self.marks.mark(SECTIONS[kind], item_id) if self.marks else None
        self.notify(
            f"{(what or '').capitalize()}: {index % len(marked) + 1} of {len(marked)}", timeout=2
        )

    # Esc and the filter

    def action_leave_links(self) -> None:
        pane = self._pane_of(self.focused) if self.focused is not None else None
        if pane is not None:
            pane.focus_list()

    def action_filter(self) -> None:
        subject = self.current.filter_subject()
        if subject is not None:
            self.reader.filter = subject

    def action_clear_filter(self) -> None:
        self.reader.filter = None

    def action_filter_hint(self) -> None:
        where = " or ".join(f"{s.key} {s.title}" for s in self.specs if s.pane.FILTERS)
        self.notify(f"f filters by the item selected in {where}.", timeout=3)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether ``action`` may run now, so that the key bar and help show only the keys that
        do something here: ``f`` where the pane filters, Esc out of links or a filter, back
        and forward when there is history."""
        if action == "filter":
            return self.current.FILTERS
        if action == "filter_hint":
            return not self.current.FILTERS
        if action == "leave_links":
            return isinstance(self.focused, LinkList)
        if action == "clear_filter":
            return self.reader.filter is not None
        if action == "back":
            return bool(self.history.behind)
        if action == "forward":
            return bool(self.history.ahead)
        return True

    def _show_filter(self, active: Subject | None) -> None:
        for pane in self.panes.values():
            pane.apply_filter(active)
        self.query_one(FilterChip).show_filter(self.briefing, active)
        self.refresh_bindings()
