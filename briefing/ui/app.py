"""The reader app: holds the briefing, the read marks and the search index; the main
screen (``MainScreen``) holds what the reader is looking at."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.scrollbar import ScrollBar

from briefing.core.bundled import data_dir
from briefing.core.model import Briefing
from briefing.core.problems import BriefingInvalid, BriefingUnreadable
from briefing.core.readstate import ReadMarks
from briefing.ui import startup
from briefing.ui.glyphs import GLYPHS, LINUX_CONSOLE, WholeCellScrollBar
from briefing.ui.interrupt import INTERRUPTED, interruptible
from briefing.ui.prepared import PreparedAhead
from briefing.ui.screens.main import MainScreen
from briefing.ui.themes import DEFAULT_THEME, THEMES, VARIABLE_DEFAULTS

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.driver import Driver
    from textual.screen import Screen

    from briefing.core.catalogue import Catalogue, Shelf
    from briefing.core.search import SearchIndex
    from briefing.ui.screens.export import PreparedBrief
    from briefing.ui.screens.library import LibraryScreen

MIN_WIDTH = 60
MIN_HEIGHT = 20


def _briefing_commands() -> type[Provider]:
    """The reader's palette entries, imported when the palette first opens."""
    from briefing.ui.commands import BriefingCommands

    return BriefingCommands


class BriefingApp(PreparedAhead):
    """``briefing FILE``: read one briefing."""

    TITLE = "briefing"
    CSS_PATH = [data_dir("themes") / "app.tcss", data_dir("themes") / "grid.tcss"]
    TERMINAL_CSS_PATH = data_dir("themes") / "terminals.tcss"
    """Styles for the Linux console and for terminals without colour, read only there."""
    COMMANDS = App.COMMANDS | {_briefing_commands}
    BINDING_GROUP_TITLE = "Reader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave the reader"),
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Every key, by pane"),
        Binding("e", "export", "Export", show=False, id="export", tooltip="Export a brief"),
        Binding(
            "0",
            "library",
            "Library",
            show=False,
            id="library",
            tooltip="Back to the library: the list of briefings (briefing DIR)",
        ),
        Binding(
            "ctrl+z",
            "suspend",
            "Suspend",
            show=False,
            id="suspend",
            tooltip="Suspend the reader; the shell's fg brings it back",
        ),
    ]

    def __init__(
        self,
        briefing: Briefing | Callable[[], Briefing] | None,
        theme: str | None = None,
        *,
        may_save_files: bool = True,
        read_marks: ReadMarks | Callable[[Briefing], ReadMarks] | None = None,
        state_directory: Path | None = None,
        may_suspend: bool = True,
        export_hint: str | Callable[[Briefing], str] | None = None,
        show_cursor: bool = False,
        screen_reader: bool = False,
        library: Shelf | None = None,
        catalogue: Catalogue | None = None,
    ) -> None:
        """``briefing``, in ``theme`` (a name; the default theme when None).

        ``briefing`` may be a function that waits for it (``PendingBriefing.result``): it
        is called when the app has been built and has read its styles, just before it
        takes over the terminal, so that this work overlaps the briefing's loading. If it
        raises ``BriefingInvalid`` or ``BriefingUnreadable``, the app ends there, without
        drawing anything, with that problem in ``load_problem``.
        ``may_save_files`` is False where files the reader saved would be out of its
        user's reach (a reader served over SSH saves nothing on the server).
        ``read_marks`` are the items new or changed since the last visit, from the read
        state (``briefing.core.readstate``), or a function that makes them from the
        briefing; None when the reader keeps no state; ``state_directory`` where it is kept.
        ``may_suspend`` is False where there is no shell to suspend to (over SSH too).
        ``export_hint`` says how to save a brief where the reader may not save files (or
        makes that from the briefing shown).
        ``show_cursor`` shows the terminal's cursor, which is always on the selection (see
        ``briefing.ui.cursor``); ``screen_reader`` lays the reader out for screen readers
        and braille displays (the ``-screen-reader`` class) and shows the cursor too.
        With ``library`` (and ``briefing`` None) the app opens on the library screen, which
        lists the folder's briefings (``catalogue``, when just read) and opens one with
        ``open_briefing``.
        """
        # Read by ``get_driver_class``, which Textual calls from its constructor.
        self.cursor_shown = show_cursor or screen_reader
        """Whether the terminal's cursor is shown (Textual hides it)."""
        self.screen_reader = screen_reader
        """Whether the reader is laid out for screen readers and braille displays."""
        super().__init__()
        if screen_reader:
            self.add_class("-screen-reader")
        self.briefing: Briefing
        """The briefing read (once ``on_load`` has it, when given as a function)."""
        self.read_marks: ReadMarks | None = None
        self.load_problem: BriefingInvalid | BriefingUnreadable | None = None
        """Why the briefing given as a function could not be had; the app then ended."""
        self._briefing_source: Callable[[], Briefing] | None = None
        self._marks_source = read_marks
        self.may_save_files = may_save_files
        self.state_directory = state_directory
        self.may_suspend = may_suspend
        self.export_hint = export_hint
        self._size_message: Screen[None] | None = None
        """The size message, once a terminal too small for the reader has needed it."""
        self._search_index: SearchIndex | None = None
        self._search_ready = False
        self._brief_ahead: PreparedBrief | None = None
        """The brief for the filter, built ahead so that ``e`` shows it at once."""
        self._mounted = False
        self.library = library
        self._catalogue = catalogue
        self.opened: list[Briefing] = []
        """Each briefing opened, in order (the one given first, or those of the library)."""
        for custom in THEMES:
            self.register_theme(custom)
        self.theme = theme or DEFAULT_THEME
        if GLYPHS.console or self.no_color:
            # Elsewhere its rules would be parsed and matched for nothing.
            self.css_path.append(self.TERMINAL_CSS_PATH)
        if GLYPHS.console:
            self.add_class("-linux-console")
            # Textual's documented way to draw scrollbars otherwise (the process draws
            # on one terminal, so for every scrollbar).
            ScrollBar.renderer = WholeCellScrollBar
        if isinstance(briefing, Briefing):
            self._take(briefing)
        elif briefing is not None:
            self._briefing_source = briefing

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this platform; with ``cursor_shown``, one that shows the
        terminal's cursor once it has taken the terminal over."""
        driver_class = super().get_driver_class()
        if not self.cursor_shown:
            return driver_class
        from briefing.ui.cursor import showing_cursor

        return showing_cursor(driver_class)

    def _take(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.opened.append(briefing)
        marks = self._marks_source
        self.read_marks = marks(briefing) if callable(marks) else marks

    def on_load(self) -> None:
        # Before the terminal is taken over: a briefing that cannot be had ends the app
        # with nothing drawn, and the command line says why.
        source, self._briefing_source = self._briefing_source, None
        if source is None:
            return
        try:
            with interruptible():
                self._take(source())
        except (BriefingInvalid, BriefingUnreadable) as problem:
            self.load_problem = problem
            self.exit(return_code=1)
        except KeyboardInterrupt:
            self.exit(return_code=INTERRUPTED)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Textual's theme variables with the reader's own added (``VARIABLE_DEFAULTS``: the
        colour of the panes' borders, which the stylesheets use)."""
        return {**super().get_theme_variable_defaults(), **VARIABLE_DEFAULTS}

    def get_default_screen(self) -> Screen[Any]:
        """The reader's main screen (or with a library, the library screen), the app's first:
        pushing it over an empty default screen cost a layout and a frame that was drawn and
        thrown away."""
        if self.library is not None:
            from briefing.ui.screens.library import LibraryScreen

            return LibraryScreen(self.library, self._catalogue)
        return MainScreen(self.briefing, self.read_marks, lambda: self.search_ready)

    def open_briefing(self, briefing: Briefing) -> None:
        """Read ``briefing`` (from the library): what belonged to the one read before (its
        search index, its brief built ahead, its read marks) goes, and a main screen of its
        own goes over the library."""
        self._take(briefing)
        self._search_index = None
        self._search_ready = False
        self._brief_ahead = None
        self.push_screen(MainScreen(briefing, self.read_marks, lambda: self.search_ready))
        self.call_after_refresh(self._prepare_search)

    def on_library_screen_opened(self, message: LibraryScreen.Opened) -> None:
        self.open_briefing(message.briefing)

    def action_library(self) -> None:
        """Back to the library screen, from whatever is over it."""
        from briefing.ui.screens.library import LibraryScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    def on_mount(self) -> None:
        self._mounted = True
        self.app_resume_signal.subscribe(self, self._redraw_on_resume)
        self.check_size(self.size.width, self.size.height)
        self.call_after_refresh(startup.resume_collection)
        if not self.opened:
            return  # the library screen: no briefing yet
        # Build the search index once the first frame is out, so "/" answers at once.
        self.call_after_refresh(self._prepare_search)
        marks = self.read_marks
        if marks is not None and marks.note is not None:
            self.notify(marks.note, severity="warning", markup=False, timeout=6)
        elif marks is not None and marks.first_visit and not self.screen_reader:
            # (Not for a screen reader: a note that goes away on its own redraws the screen.)
            # Short-lived: it sits over the top right corner.
            self.notify("First visit: what changes from now on is marked next time.", timeout=2)

    def on_resize(self, event: events.Resize) -> None:
        # The first resize comes before the app has its styles; on_mount checks the size then.
        if self._mounted:
            self.check_size(event.size.width, event.size.height)

    def check_size(self, width: int | None = None, height: int | None = None) -> None:
        """Show the size message over everything while the terminal (``width`` x ``height``
        cells, by default its size now) is below the minimum; remove it once it is not."""
        width = self.size.width if width is None else width
        height = self.size.height if height is None else height
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = self._showing_size_message()
        if too_small and not showing:
            # Imported only when needed: most readers never show it.
            from briefing.ui.screens.too_small import TooSmallScreen

            self._size_message = TooSmallScreen(MIN_WIDTH, MIN_HEIGHT, self.check_size)
            self.push_screen(self._size_message)
        elif showing and not too_small:
            self.pop_screen()

    def _showing_size_message(self) -> bool:
        return self._size_message is not None and self.screen is self._size_message

    def get_key_display(self, binding: Binding) -> str:
        """How a key is shown in the key bar and help: Textual's way, with symbols the terminal's
        font may lack spelled out (``GLYPHS.key_names``, on the Linux console, and in
        ``--screen-reader`` mode)."""
        display = super().get_key_display(binding)
        # A screen reader would say "return symbol" for ⏎: key names in words instead.
        names = LINUX_CONSOLE.key_names if self.screen_reader else GLYPHS.key_names
        for symbol, name in names.items():
            display = display.replace(symbol, name)
        return display

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's palette commands, less its Theme command (the reader lists ``theme: NAME``
        entries itself) and, where files may not be saved, Screenshot; where they may,
        Screenshot runs ``action_screenshot``, once the palette has closed."""
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot":
                # Over SSH a screenshot would be saved on the server, not for the reader.
                if self.may_save_files:
                    yield SystemCommand(
                        command.title,
                        command.help,
                        lambda: self.call_after_refresh(self.action_screenshot),
                    )
                continue
            # The reader lists each theme as ``theme: NAME`` (BriefingCommands).
            if command.title == "Theme":
                continue
            yield command

    def _redraw_on_resume(self, _app: App[None]) -> None:
        # Back from Ctrl+Z or kill -TSTP: the terminal's screen was the shell's meanwhile,
        # so every line is drawn again, not only what changed.
        self.refresh(layout=True)

    def action_suspend(self) -> None:
        if not self.may_suspend:
            self.notify(
                "Ctrl+Z does nothing here: this reader is served, with no shell to return to.",
                severity="warning",
                markup=False,
            )
            return
        # Textual stops its driver first, and redraws everything when the shell's fg
        # resumes the process.
        self.action_suspend_process()

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """The palette's Screenshot: an SVG of the screen saved in ``path``, else in
        ``~/Downloads`` where it exists, else in the working directory; a notice says where,
        or why it could not be saved (Textual's own gives no reason)."""
        downloads = Path.home() / "Downloads"
        folder = path or str(downloads if downloads.is_dir() else Path.cwd())
        try:
            saved = self.save_screenshot(filename, folder)
        except OSError as error:
            reason = error.strerror or str(error)
            self.notify(
                f"No screenshot saved in {folder}: {reason}",
                title="Screenshot",
                severity="error",
                markup=False,
            )
            return
        self.notify(f"Screenshot saved to {saved}", title="Screenshot", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether ``action`` may run now (Textual's rule: None hides its key): only quit while
        the terminal is too small, since a dialog opened there would hide the size message."""
        # Under the size message only q works: a dialog opened there would hide it.
        if action == "quit":
            return True
        if self._showing_size_message():
            return False
        if action == "library":
            return self.library is not None
        if action in ("export", "mark_read"):
            return MainScreen.of(self) is not None  # not on the library screen
        return True

    def action_help(self) -> None:
        from briefing.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_mark_read(self) -> None:
        """Count everything the briefing holds now as read: the marks go."""
        if self.read_marks is None:
            self.notify("This reader keeps no read state.", timeout=3)
            return
        from briefing.core.readstate import ReadMarks, save_read

        if note := save_read(self.briefing, self.state_directory):
            self.notify(note, severity="warning", markup=False)
        self.read_marks = ReadMarks(first_visit=False)
        main = MainScreen.of(self)
        if main is not None:
            main.show_marks(self.read_marks)

    def action_export(self) -> None:
        from briefing.ui.screens.export import ExportScreen

        if not isinstance(self.screen, ExportScreen):
            # With a filter set, the brief is about the filtered actor or element.
            main = MainScreen.of(self)
            about = main.filter.id if main is not None and main.filter is not None else None
            self.push_screen(
                ExportScreen(
                    self.briefing,
                    about=about,
                    may_save_files=self.may_save_files,
                    hint=self.export_hint(self.briefing)
                    if callable(self.export_hint)
                    else self.export_hint,
                    prepared=self.brief_ahead,
                )
            )
