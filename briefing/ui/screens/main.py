"""The reader's main screen: four linked panes, side by side when wide, as tabs when narrow."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus, ScreenResume
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from briefing.core.dates import PartialDate
from briefing.core.involves import Kind, Subject, subject_label
from briefing.core.model import Briefing, Event
from briefing.core.text import sanitize_line
from briefing.ui.messages import JumpTo
from briefing.ui.state import filtered_events, filtered_quotes
from briefing.ui.widgets.actor_detail import ActorDetail
from briefing.ui.widgets.actors import ActorList
from briefing.ui.widgets.briefing_header import BriefingHeader
from briefing.ui.widgets.deferred import Deferred
from briefing.ui.widgets.element_detail import ElementDetail
from briefing.ui.widgets.element_grid import ElementGrid
from briefing.ui.widgets.event_detail import EventDetail
from briefing.ui.widgets.filter_chip import FilterChip
from briefing.ui.widgets.item_list import ItemList
from briefing.ui.widgets.key_bar import KeyBar
from briefing.ui.widgets.pane import Pane
from briefing.ui.widgets.pane_bar import PANE_ORDER, PaneBar
from briefing.ui.widgets.quote_detail import QuoteDetail
from briefing.ui.widgets.quotes import QuoteList
from briefing.ui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from briefing.core.search import Hit
    from briefing.ui.app import BriefingApp

WIDE_WIDTH = 120
"""From this width the four panes show together (the app's -wide breakpoint)."""

# The widget that takes focus when a pane is shown.
PANE_FOCUS = {
    "timeline": "#timeline-list",
    "elements": "#grid",
    "actors": "#actor-list",
    "quotes": "#quote-list",
}


class MainScreen(Screen[None]):
    """Owns navigation: which pane is shown, jumps between linked items, the filter."""

    BINDING_GROUP_TITLE = "Panes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "cycle_pane(1)", "Next pane", show=False, id="next-pane"),
        Binding("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, id="previous-pane"),
        Binding("1", "show_pane('timeline')", "Timeline", show=False, id="pane-timeline"),
        Binding("2", "show_pane('elements')", "Elements", show=False, id="pane-elements"),
        Binding("3", "show_pane('actors')", "Actors", show=False, id="pane-actors"),
        Binding("4", "show_pane('quotes')", "Quotes", show=False, id="pane-quotes"),
        Binding(
            "f",
            "filter",
            "Filter",
            id="filter",
            tooltip="Show only the events and quotes that involve the selected actor or element",
        ),
        # f elsewhere says where it works, rather than doing nothing. (Same text as the
        # filter's, so that help lists f once.)
        Binding(
            "f",
            "filter_hint",
            "Filter",
            show=False,
            id="filter-hint",
            tooltip="Show only the events and quotes that involve the selected actor or element",
        ),
        # Esc steps back out of the element details first; elsewhere it clears the filter.
        # Two bindings, so that the bottom line names the one that applies.
        Binding(
            "escape",
            "back_to_table",
            "Back",
            id="back-to-table",
            tooltip="From the element details, back to the table",
        ),
        Binding("escape", "clear_filter", "Clear filter", id="back", tooltip="Clear the filter"),
        # Priority: the search screen is then pushed as soon as the app reads the key, so
        # keys that came in the same burst (a fast typist over SSH) reach it, not the panes.
        Binding(
            "slash",
            "search",
            "Search",
            id="search",
            tooltip="Search the whole briefing",
            priority=True,
        ),
        Binding("n", "next_match(1)", "Next match", show=False, id="next-match"),
        Binding("N", "next_match(-1)", "Previous match", show=False, id="previous-match"),
    ]

    pane: reactive[str] = reactive("timeline", init=False)
    """The pane that has (or last had) the focus."""

    def __init__(self, briefing: Briefing) -> None:
        super().__init__()
        self.briefing = briefing
        self.panes: tuple[str, ...] = tuple(
            pane for pane in PANE_ORDER if pane != "elements" or briefing.elements
        )
        """The panes this briefing has: no elements, no grid."""
        self.matches: list[Hit] = []
        """The results of the last search, for n and N."""
        self.match_index = -1
        self._filled: set[str] = set()
        self._resumed = False
        """The panes whose lists and details have been filled in."""

    @property
    def reader(self) -> BriefingApp:
        return cast("BriefingApp", self.app)

    def compose(self) -> ComposeResult:
        yield BriefingHeader(self.briefing, id="header")
        yield PaneBar(self.panes, id="pane-bar")
        yield FilterChip(id="filter-chip", markup=False)
        # A narrow terminal shows one pane: the others are mounted just after the first frame.
        narrow = self.app.size.width < WIDE_WIDTH
        # Textual sets the breakpoint class on the first resize, which comes after the first
        # frame; setting it here lays that frame out for this width and spares a restyle.
        self.set_class(narrow, "-narrow", update=False)
        self.set_class(not narrow, "-wide", update=False)

        def later(pane: Pane) -> Widget:
            return Deferred(pane) if narrow else pane

        with Vertical(id="panes", classes="-show-timeline"):
            with Horizontal(id="top-row", classes="pane-row"):
                with Pane("timeline"):
                    yield Timeline(id="timeline-list")
                    yield EventDetail(self.briefing, id="event-detail")
                if "elements" in self.panes:
                    with later(Pane("elements")):
                        yield ElementGrid(self.briefing, id="grid")
                        yield ElementDetail(self.briefing, id="element-detail")
            with Horizontal(id="bottom-row", classes="pane-row"):
                with later(Pane("actors")):
                    yield ActorList(id="actor-list")
                    yield ActorDetail(self.briefing, id="actor-detail")
                with later(Pane("quotes")):
                    yield QuoteList(id="quote-list")
                    yield QuoteDetail(self.briefing, id="quote-detail")
        yield KeyBar(id="key-bar", markup=False)

    def on_screen_resume(self, event: ScreenResume) -> None:
        if not self._resumed:
            # Each widget was styled as it was mounted, just before: restyling them all
            # on this first resume would only repeat that (~10 ms of start-up).
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        self.watch(self.app, "filter", self._show_filtered, init=False)
        self.watch(self.app, "as_of", self._show_as_of, init=False)
        self.query_one(PaneBar).show_current(self.pane)
        self.query_one(BriefingHeader).show_as_of(self.reader.as_of)
        self.query_one("#timeline-list").focus()
        # The panes composed with the screen are filled in now, details included, so that
        # the first frame shows them whole; the others are filled in when they are mounted.
        for pane in self.panes:
            if self.query_one_optional(f"#{pane}-pane") is not None:
                self._fill_pane(pane)

    @on(Pane.Ready)
    def _pane_ready(self, message: Pane.Ready) -> None:
        self._fill_pane(message.pane)

    def _all_panes_filled(self) -> bool:
        """False in the moment after the first frame of a narrow terminal, before the other
        panes are mounted; keys that reach into them wait for it to pass."""
        return self._filled >= set(self.panes)

    def _fill_pane(self, pane: str) -> None:
        if pane in self._filled:
            return
        self._filled.add(pane)
        if pane == "timeline":
            self._show_events(self.reader.filter)
            self._select_current_event()
            self._show_event(self.query_one(Timeline).highlighted_id)
        elif pane == "elements":
            self.reader.selected_element = self.query_one(ElementGrid).cursor
            self._show_as_of(self.reader.as_of)
        elif pane == "actors":
            actors = self.query_one(ActorList)
            actors.show_actors(self.briefing)
            if self.briefing.actors:
                self._show_actor(actors.highlighted_id)
            else:
                self.query_one(ActorDetail).show(None, "This briefing lists no actors.")
        elif pane == "quotes":
            self._show_quotes(self.reader.filter)
            quotes = self.query_one(QuoteList)
            if quotes.option_count:
                self._show_quote(quotes.highlighted_id)

    def _select_current_event(self) -> None:
        """Start on the latest event up to the briefing's date: where the story stands."""
        events = filtered_events(self.briefing, None)
        current = [event for event in events if event.date <= self.briefing.as_of_date]
        if current:
            self.query_one(Timeline).select_id(current[-1].id)

    # Panes

    def action_show_pane(self, pane: str) -> None:
        if pane not in self.panes:
            self.notify("This briefing lists no elements.", severity="warning")
            return
        self.pane = pane
        self._focus_pane(pane)

    def _focus_pane(self, pane: str) -> None:
        target = self.query_one_optional(PANE_FOCUS[pane])
        if target is None:  # mounted just after the first frame: try again then
            self.call_after_refresh(self._focus_pane, pane)
        elif self.pane == pane:
            target.focus()

    def action_cycle_pane(self, step: int) -> None:
        index = self.panes.index(self.pane) if self.pane in self.panes else 0
        self.action_show_pane(self.panes[(index + step) % len(self.panes)])

    def watch_pane(self, old: str, new: str) -> None:
        panes = self.query_one("#panes")
        panes.remove_class(f"-show-{old}")
        panes.add_class(f"-show-{new}")
        self.query_one(PaneBar).show_current(new)
        self.refresh_bindings()
        self._follow_timeline()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        pane = self._pane_of(event.widget)
        if pane is not None and pane != self.pane:
            self.pane = pane
        self._follow_timeline()

    @staticmethod
    def _pane_of(widget: Widget) -> str | None:
        for node in widget.ancestors_with_self:
            if isinstance(node, Widget) and node.has_class("pane") and node.id:
                return node.id.removesuffix("-pane")
        return None

    # Selection in each pane

    @on(Timeline.OptionHighlighted, "#timeline-list")
    def _event_highlighted(self, message: Timeline.OptionHighlighted) -> None:
        self._show_event(message.option_id)

    def _show_event(self, event_id: str | None) -> None:
        self.reader.selected_event = event_id
        self.query_one(EventDetail).show(self._event(event_id))
        self._follow_timeline()

    @on(ActorList.OptionHighlighted, "#actor-list")
    def _actor_highlighted(self, message: ActorList.OptionHighlighted) -> None:
        self._show_actor(message.option_id)

    def _show_actor(self, actor_id: str | None) -> None:
        self.reader.selected_actor = actor_id
        actor = self.briefing.actor(actor_id) if actor_id else None
        self.query_one(ActorDetail).show(actor)

    @on(QuoteList.OptionHighlighted, "#quote-list")
    def _quote_highlighted(self, message: QuoteList.OptionHighlighted) -> None:
        self._show_quote(message.option_id)

    def _show_quote(self, quote_id: str | None) -> None:
        self.reader.selected_quote = quote_id
        quote = next((q for q in self.briefing.quotes if q.id == quote_id), None)
        self.query_one(QuoteDetail).show(quote)

    @on(ElementGrid.Highlighted)
    def _element_highlighted(self, message: ElementGrid.Highlighted) -> None:
        self.reader.selected_element = message.symbol
        self.query_one(ElementDetail).show(message.symbol, self.reader.as_of)

    @on(ElementGrid.Chosen)
    def _element_chosen(self, message: ElementGrid.Chosen) -> None:
        """Enter on an element moves into its details, which scroll."""
        self.query_one(ElementDetail).focus()

    @on(Timeline.OptionSelected, "#timeline-list")
    @on(ActorList.OptionSelected, "#actor-list")
    @on(QuoteList.OptionSelected, "#quote-list")
    def _open_links(self, message: ItemList.OptionSelected) -> None:
        """Enter on an item moves into its links, when it has any."""
        links = {
            "timeline-list": "#event-links",
            "actor-list": "#actor-links",
            "quote-list": "#quote-links",
        }[message.option_list.id or ""]
        link_list = self.query_one(links, ItemList)
        if link_list.option_count:
            link_list.focus()

    def _event(self, event_id: str | None) -> Event | None:
        return self.briefing.event(event_id) if event_id else None

    # The as-of date

    def _follow_timeline(self) -> None:
        """While the timeline has focus the grid shows controls as of the highlighted event."""
        as_of = self.briefing.as_of_date
        if self.pane == "timeline" and self.focused is not None:
            event = self._event(self.query_one(Timeline).highlighted_id)
            if event is not None:
                as_of = event.date
        self.reader.as_of = as_of

    def _show_as_of(self, as_of: PartialDate) -> None:
        self.query_one(BriefingHeader).show_as_of(as_of)
        grid = self.query_one_optional(ElementGrid)
        if grid is None:
            return  # no elements, or not mounted yet
        # The table's first line says "Controls as of …"; the pane title need not say it again.
        grid.as_of = as_of
        self.query_one(ElementDetail).show(self.reader.selected_element, as_of)

    # Following links, searching

    @on(JumpTo)
    def _jump(self, message: JumpTo) -> None:
        message.stop()
        self.jump_to(message.kind, message.item_id)

    def jump_to(self, kind: Kind, item_id: str) -> None:
        """Show the item in its pane and select it there, clearing a filter that hides it."""
        if not self._all_panes_filled():
            self.call_after_refresh(self.jump_to, kind, item_id)
            return
        if kind == "source":
            kind, item_id = self._where_source_is_cited(item_id)
        if kind == "event":
            self.action_show_pane("timeline")
            if not self.query_one(Timeline).select_id(item_id):
                self.reader.filter = None
                self.query_one(Timeline).select_id(item_id)
        elif kind == "element":
            if "elements" in self.panes:
                self.action_show_pane("elements")
                self.query_one(ElementGrid).select_symbol(item_id)
        elif kind == "actor":
            self.action_show_pane("actors")
            self.query_one(ActorList).select_id(item_id)
        elif kind == "quote":
            self.action_show_pane("quotes")
            if not self.query_one(QuoteList).select_id(item_id):
                self.reader.filter = None
                self.query_one(QuoteList).select_id(item_id)

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

        search = SearchScreen(self.reader.search_index, briefing=self.briefing)
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
        self.jump_to(hit.kind, hit.item_id)
        self.notify(
            f"Match {self.match_index + 1} of {len(self.matches)}: {sanitize_line(hit.label)}",
            markup=False,
            timeout=2,
        )

    # The filter

    def action_filter(self) -> None:
        self._filter_in(self.pane)

    def _filter_in(self, pane: str) -> None:
        if not self._all_panes_filled():
            self.call_after_refresh(self._filter_in, pane)
            return
        if pane == "actors":
            actor_id = self.query_one(ActorList).highlighted_id
            actor = self.briefing.actor(actor_id) if actor_id else None
            if actor is not None:
                self.reader.filter = Subject(Kind.ACTOR, actor.id)
        elif pane == "elements":
            self._filter_by_element(self.query_one(ElementGrid).cursor)

    def _filter_by_element(self, symbol: str) -> None:
        if self.briefing.element(symbol) is None:
            self.notify(f"{symbol} is not discussed in this briefing.", severity="warning")
            return
        self.reader.filter = Subject(Kind.ELEMENT, symbol)

    def action_clear_filter(self) -> None:
        self.reader.filter = None

    def action_back_to_table(self) -> None:
        self.query_one(ElementGrid).focus()

    def action_filter_hint(self) -> None:
        where = "3 Actors or 2 Elements" if "elements" in self.panes else "3 Actors"
        self.notify(f"f filters by the actor or element selected in {where}.", timeout=3)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            return self.pane in ("actors", "elements")
        if action == "filter_hint":
            return self.pane not in ("actors", "elements")
        if action == "back_to_table":
            return isinstance(self.focused, ElementDetail)
        if action == "clear_filter":
            return self.reader.filter is not None
        return True

    def _show_filtered(self, active: Subject | None) -> None:
        self._show_events(active)
        self._show_quotes(active)
        self.query_one(FilterChip).show_filter(self.briefing, active)
        self.refresh_bindings()

    def _show_events(self, active: Subject | None) -> None:
        timeline = self.query_one(Timeline)
        events = filtered_events(self.briefing, active)
        timeline.show_events(events, timeline.highlighted_id)
        if not events:
            self.query_one(EventDetail).show(None, self._nothing_to_show("events", active))
        self.query_one("#timeline-pane").border_subtitle = (
            f"{len(events)} of {len(self.briefing.events)}" if active else ""
        )

    def _nothing_to_show(self, items: str, active: Subject | None) -> str:
        if active is None:
            return f"This briefing has no {items}."
        label = sanitize_line(subject_label(self.briefing, active))
        return f"No {items} involve {label}. Esc clears the filter."

    def _show_quotes(self, active: Subject | None) -> None:
        quotes = self.query_one_optional(QuoteList)
        if quotes is None:
            return  # not mounted yet; it is filled in when it is
        quote_list = filtered_quotes(self.briefing, active)
        quotes.show_quotes(self.briefing, quote_list, quotes.highlighted_id)
        if not quote_list:
            self.query_one(QuoteDetail).show(None, self._nothing_to_show("quotes", active))
        self.query_one("#quotes-pane").border_subtitle = (
            f"{len(quote_list)} of {len(self.briefing.quotes)}" if active else ""
        )
