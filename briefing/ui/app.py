"""The reader app: holds the briefing and the shared selection state."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.reactive import reactive

from briefing.core.bundled import data_dir
from briefing.core.dates import PartialDate
from briefing.core.involves import Subject
from briefing.core.model import Briefing
from briefing.ui.commands import BriefingCommands
from briefing.ui.screens.main import WIDE_WIDTH, MainScreen
from briefing.ui.themes import DEFAULT_THEME, THEMES, VARIABLE_DEFAULTS

if TYPE_CHECKING:
    from textual.screen import Screen

    from briefing.core.search import SearchIndex

MIN_WIDTH = 60
MIN_HEIGHT = 20


def _resume_garbage_collection() -> None:
    """Turn the cycle collector back on if start-up turned it off (``briefing`` does).

    What start-up built lives as long as the reader, so it is frozen first: later
    collections then skip it instead of pausing the reader to walk it again.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class BriefingApp(App[None]):
    """``briefing FILE``: read one briefing."""

    TITLE = "briefing"
    CSS_PATH = [data_dir("themes") / "app.tcss", data_dir("themes") / "grid.tcss"]
    LATER_CSS_PATHS: ClassVar[list[Path]] = [
        data_dir("themes") / "screens.tcss",
        data_dir("themes") / "export.tcss",
    ]
    """Styles of the screens opened over the reader: read once the first frame is drawn,
    which does not need them, or when one of those screens is opened first."""
    # Wide terminals show the four panes together; narrow ones show one pane at a time.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_WIDTH, "-wide")]
    COMMANDS = App.COMMANDS | {BriefingCommands}
    BINDING_GROUP_TITLE = "Reader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave the reader"),
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Every key, by pane"),
        Binding("e", "export", "Export", show=False, id="export", tooltip="Export a brief"),
    ]

    selected_event: reactive[str | None] = reactive(None)
    """Id of the event highlighted in the timeline."""
    selected_element: reactive[str | None] = reactive(None)
    """Symbol of the element under the grid's cursor."""
    selected_actor: reactive[str | None] = reactive(None)
    selected_quote: reactive[str | None] = reactive(None)
    filter: reactive[Subject | None] = reactive(None)
    """What the timeline and quotes are restricted to, if anything."""
    as_of: reactive[PartialDate] = reactive(PartialDate(1970))
    """The date the grid shows control status for."""

    def __init__(self, briefing: Briefing, theme: str | None = None) -> None:
        super().__init__()
        self.briefing = briefing
        self._search_index: SearchIndex | None = None
        self._mounted = False
        self._later_css_read = False
        for custom in THEMES:
            self.register_theme(custom)
        name = theme or DEFAULT_THEME
        # A new theme queues a CSS refresh that, once the app runs, parses every stylesheet a
        # second time (~8 ms of start-up). Nothing is parsed yet, so the stylesheet is given
        # the theme's variables now and that one refresh is skipped.
        self._initial_css_refresh_pending = name != self.theme
        self.theme = name
        self.stylesheet.set_variables(self.get_css_variables())
        self.set_reactive(BriefingApp.as_of, briefing.as_of_date)

    def refresh_css(self, animate: bool = True) -> None:
        if self._initial_css_refresh_pending:
            self._initial_css_refresh_pending = False
            return
        super().refresh_css(animate)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return {**super().get_theme_variable_defaults(), **VARIABLE_DEFAULTS}

    @property
    def search_index(self) -> SearchIndex:
        """Built on first use so that it costs nothing at start."""
        if self._search_index is None:
            from briefing.core.search import SearchIndex

            self._search_index = SearchIndex(self.briefing)
        return self._search_index

    def get_default_screen(self) -> MainScreen:
        # The reader is the app's first screen, built during start-up: pushing it over an
        # empty default screen cost a layout and a frame that was drawn and thrown away.
        return MainScreen(self.briefing)

    def on_mount(self) -> None:
        self._mounted = True
        self._check_size(self.size.width, self.size.height)
        # Build the search index once the first frame is out, so "/" answers at once.
        self.call_after_refresh(self.run_worker, self._prepare_search, thread=True)
        self.call_after_refresh(_resume_garbage_collection)
        self.call_after_refresh(self._read_later_css)

    def _read_later_css(self) -> None:
        if self._later_css_read:
            return
        self._later_css_read = True
        for path in self.LATER_CSS_PATHS:
            self.stylesheet.read(path)
        # Only the new files are parsed; no widget on screen uses their rules, so none
        # is restyled now. Theme changes re-parse them with the rest.
        self.stylesheet.parse()

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        self._read_later_css()
        return super().push_screen(*args, **kwargs)

    def _prepare_search(self) -> None:
        self.search_index.prepare()

    def on_resize(self, event: Resize) -> None:
        # The first resize comes before the app has its styles; on_mount checks the size then.
        if self._mounted:
            self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        from briefing.ui.screens.too_small import TooSmallScreen

        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif showing and not too_small:
            self.pop_screen()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from briefing.serve.policy import is_served

        served = is_served()
        for command in super().get_system_commands(screen):
            # Over SSH a screenshot would be saved on the server, not for the reader.
            if not (served and command.title == "Screenshot"):
                yield command

    def action_help(self) -> None:
        from briefing.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_export(self) -> None:
        from briefing.ui.screens.export import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            # With a filter set, the brief is about the filtered actor or element.
            about = self.filter.id if self.filter is not None else None
            self.push_screen(ExportScreen(self.briefing, about=about))
