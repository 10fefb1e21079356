"""``e``: preview the one-page brief, then write it to a file or copy it to the clipboard.

The brief is built in a thread, so the reader never freezes on a large briefing; the
screen says it is being built until then. The reader builds it ahead (``prepare_brief``),
so that the screen usually opens with it. The preview is one widget that renders the
Markdown (Rich's renderer), rather than a tree of a widget per block, so it appears
about as fast as the help screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from briefing.core.atomic import BriefNotWritten, write_brief
from briefing.core.bundled import data_dir
from briefing.core.export import Brief, UnknownSubject, build_brief, default_file_name
from briefing.ui.format import MUTED, line
from briefing.ui.markdown_styles import markdown_theme

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.measure import Measurement
    from rich.segment import Segment
    from rich.theme import Theme

    from briefing.core.model import Briefing


def budget_line(brief: Brief) -> Content:
    """``412 / 480 words, 38 / 56 lines, 2 / 6 table rows`` and what was left out."""
    text = Content.styled(brief.usage_line(), "bold" if brief.fits else "bold $error")
    notes = []
    if brief.dropped:
        count = len(brief.dropped)
        notes.append(f"{count} item{'s' if count > 1 else ''} left out")
    if brief.shortened:
        notes.append("some element groups by symbol")
    if not notes:
        return Content.assemble(text, (" · every key item fits", MUTED))
    return Content.assemble(text, (" · " + ", ".join(notes), MUTED))


def export_title(about: str | None) -> Content:
    """``Export a brief: NAME``, the name as written (a border title is read as markup)."""
    title = Content("Export a brief")
    return Content.assemble(title, ": ", line(about)) if about else title


BUILDING = "Building the brief…"

SERVED_HINT = "ctrl+y copies the brief to your clipboard."
"""Said where the reader may not save files, when the command line gave no better hint."""


class ExportScreen(ModalScreen[None]):
    """The brief as it will print; Enter or ctrl+s writes it, ctrl+y copies it, Esc closes.

    Served over SSH, it only copies, and shows the whole hint on saving the brief instead.
    """

    CSS_PATH = data_dir("themes") / "export.tcss"
    """Read when the screen is first opened: the first frame does not need it."""

    BINDING_GROUP_TITLE = "Export"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="export-close", tooltip="Close"),
        Binding("ctrl+s", "write", "Write", id="export-write", tooltip="Write the brief"),
        # Priority, in the file name only: written as the key is handled, not through the
        # box's Submitted message, so a key typed just after Enter is not added to the name.
        Binding(
            "enter",
            "write_from_name",
            "Write",
            show=False,
            id="export-enter-writes",
            tooltip="In the file name: write the brief",
            priority=True,
        ),
        Binding("ctrl+y", "copy", "Copy", id="export-copy", tooltip="Copy to the clipboard"),
        Binding("pageup", "scroll_preview(-1)", "Scroll up", show=False, id="export-page-up"),
        Binding("pagedown", "scroll_preview(1)", "Scroll down", show=False, id="export-page-down"),
    ]

    def __init__(
        self,
        briefing: Briefing,
        about: str | None = None,
        *,
        may_save_files: bool = True,
        hint: str | None = None,
        prepared: PreparedBrief | None = None,
    ) -> None:
        """The brief of ``briefing`` (about the subject id ``about``). Where the reader
        ``may_save_files`` not, only copying is offered, with ``hint`` on how else to
        save it (from the command line: over SSH, the command to run). A ``prepared``
        brief about the same subject is shown at once instead of being built again."""
        super().__init__()
        self.briefing = briefing
        self.about = about
        self.prepared = prepared if prepared is not None and prepared.about == about else None
        self.brief: Brief | None = None
        """The brief, once built (see ``preview_shown``)."""
        self.preview_shown = False
        """True once the built brief is in the preview."""
        self._no_brief_yet = BUILDING
        self._last_tried: str | None = None
        """The file name the last write was tried with."""
        """What to say when asked to write or copy before there is a brief."""
        self.default_path = default_file_name(briefing, about)
        self._confirm_overwrite: Path | None = None
        """The path the user was warned exists: writing it again replaces it."""
        self.served = not may_save_files
        """Read over SSH: a file would be written on the server, so only copying is offered."""
        self.hint = hint or SERVED_HINT

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box") as box:
            box.border_title = export_title(self.about)
            box.border_subtitle = (
                "ctrl+y copies · Esc closes"
                if self.served
                else "Enter/ctrl+s writes · ctrl+y copies · Esc closes"
            )
            ready = self.prepared
            if ready is not None and ready.brief.subject is not None:
                box.border_title = export_title(ready.brief.subject.label)
            budget = budget_line(ready.brief) if ready is not None else BUILDING
            yield Static(budget, id="export-budget", markup=False)
            with VerticalScroll(id="export-preview"):
                body = self._themed(ready.rendered) if ready is not None else BUILDING
                yield Static(body, id="export-preview-body", markup=False)
            if self.served:
                yield Static(self.hint, id="export-served-hint", markup=False)
            else:
                with Horizontal(id="export-path-row"):
                    yield Label("Save to", id="export-path-label")
                    yield Input(self.default_path, id="export-path", compact=True)
            yield Static(id="export-status", markup=False)
            with Horizontal(id="export-buttons"):
                if not self.served:
                    yield Button("Write", id="export-write", variant="primary", compact=True)
                yield Button("Copy", id="export-copy", compact=True)
                yield Button("Close", id="export-close", compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether ``action`` may run now: Enter writes the file only from the name field
        (elsewhere it presses the focused button)."""
        if action == "write_from_name":  # elsewhere Enter is the focused button's
            return self.focused is not None and self.focused.id == "export-path"
        if action == "write":
            # Over SSH a file would land on the server: the key is neither shown nor bound.
            return not self.served
        return True

    def action_write_from_name(self) -> None:
        self.action_write()

    def on_mount(self) -> None:
        # Now, not on the next turn of the loop: a key typed just after "e" goes there.
        self.set_focus(self.query_one("#export-copy" if self.served else "#export-path"))
        if self.prepared is not None:  # composed with it
            self.brief = self.prepared.brief
            self.preview_shown = True
            return
        self.query_one("#export-box").set_class(True, "-building")
        self._build()

    @dataclass
    class Built(Message):
        """The brief the screen's thread built (``prepared``), or why there is none
        (``failure``)."""

        prepared: PreparedBrief | None
        failure: str = ""

    @work(thread=True, exclusive=True, group="export-brief")
    def _build(self) -> None:
        # A thread: on a large briefing choosing what fits takes a while, and the reader
        # (and over SSH, the session) must stay responsive meanwhile. A message, not a
        # call: a screen closed meanwhile drops it, rather than updating widgets it no
        # longer has.
        try:
            prepared = prepare_brief(self.briefing, self.about)
        except UnknownSubject as unknown:
            self.post_message(self.Built(None, str(unknown)))
            return
        self.post_message(self.Built(prepared))

    def on_export_screen_built(self, built: Built) -> None:
        if self not in self.app.screen_stack:
            return  # closed while its brief was being built
        try:
            if built.prepared is None:
                self._show_failure(built.failure)
            else:
                self._show_brief(built.prepared.brief, built.prepared.rendered)
        except NoMatches:
            pass  # being taken down: its widgets are already gone

    def _show_failure(self, reason: str) -> None:
        self._no_brief_yet = reason
        self.query_one("#export-box").set_class(False, "-building")
        self.query_one("#export-budget", Static).update("No brief for this filter")
        self.query_one("#export-preview-body", Static).update("")
        self._show_status(reason, "error")

    def _themed(self, rendered: RenderedOnce) -> RenderedOnce:
        # In the reader's colours: Rich's own (magenta headings) read poorly on its themes.
        rendered.theme = (self.app.theme, markdown_theme(self.app.get_css_variables()))
        return rendered

    def _show_brief(self, brief: Brief, rendered: RenderedOnce) -> None:
        self.brief = brief
        box = self.query_one("#export-box")
        box.set_class(False, "-building")
        if brief.subject is not None:
            box.border_title = export_title(brief.subject.label)
        self.query_one("#export-budget", Static).update(budget_line(brief))
        self.query_one("#export-preview-body", Static).update(self._themed(rendered))
        if str(self.query_one("#export-status", Static).content) == BUILDING:
            self._show_status("")  # a write or copy asked for too early: now it can be
        self.preview_shown = True

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        # A change that a write has already acted on (typed just before Enter, its message
        # arriving after) leaves that write's outcome shown.
        if event.value.strip() == self._last_tried:
            return
        self._confirm_overwrite = None
        self._show_status("")

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-write")
    def _write_requested(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        self.action_write()

    @on(Button.Pressed, "#export-copy")
    def _copy_requested(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_copy()

    @on(Button.Pressed, "#export-close")
    def _close_requested(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_write(self) -> None:
        if self.served:
            return  # the hint on screen says how to save the brief
        value = self._last_tried = self.query_one("#export-path", Input).value.strip()
        if not value:
            self._show_status("Give a file name to write the brief to.", "error")
            return
        if self.brief is None:
            self._show_status(self._no_brief_yet, "warning")
            return
        path = Path(value).expanduser()
        overwrite = path == self._confirm_overwrite
        try:
            write_brief(path, self.brief.markdown, overwrite=overwrite)
        except BriefNotWritten as refused:
            if refused.exists:
                self._confirm_overwrite = path
                self._show_status(f"{path} exists: write again to replace it.", "warning")
            else:
                self._confirm_overwrite = None
                self._show_status(str(refused).capitalize(), "error")
            return
        self._confirm_overwrite = None
        self.notify(f"Brief written to {path}", title="Export", markup=False)
        self.dismiss(None)

    def action_copy(self) -> None:
        if self.brief is None:
            self._show_status(self._no_brief_yet, "warning")
            return
        self.app.copy_to_clipboard(self.brief.markdown)
        # The terminal sets its clipboard from an escape sequence; some ignore it.
        self._show_status("Copied to the clipboard (if the terminal allows it).", "success")

    def action_scroll_preview(self, pages: int) -> None:
        preview = self.query_one("#export-preview", VerticalScroll)
        if pages < 0:
            preview.scroll_page_up()
        else:
            preview.scroll_page_down()

    def _show_status(self, text: str, severity: str = "") -> None:
        status = self.query_one("#export-status", Static)
        status.update(Content(text))
        status.set_class(severity == "error", "-error")
        status.set_class(severity == "warning", "-warning")
        status.set_class(severity == "success", "-success")


@dataclass(frozen=True, slots=True)
class PreparedBrief:
    """A brief built and its preview rendered, ready to show (see ``prepare_brief``)."""

    about: str | None
    brief: Brief
    rendered: RenderedOnce


def prepare_brief(briefing: Briefing, about: str | None = None) -> PreparedBrief:
    """The brief about the subject id ``about`` (see ``build_brief``) with its preview
    rendered: slow work, for a thread. Raises UnknownSubject."""
    brief = build_brief(briefing, about=about)
    return PreparedBrief(about, brief, _rendered(brief.markdown))


class RenderedOnce:
    """A Rich renderable whose lines are kept per width and theme: the preview of a brief
    kept ahead is laid out the first time it is shown, not each time the screen opens.

    ``theme`` is the reader's theme name with Rich styles drawn in its colours
    (``markdown_theme``), set before the preview is shown; None draws Rich's own."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self.theme: tuple[str, Theme] | None = None
        self._lines: dict[tuple[int, str], list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        name, theme = self.theme if self.theme is not None else ("", None)
        key = (options.max_width, name)
        lines = self._lines.get(key)
        if lines is None:
            if theme is None:
                lines = console.render_lines(self.renderable, options, pad=False)
            else:
                # Pushed only while these lines are made, so nothing else draws with it.
                with console.use_theme(theme):
                    lines = console.render_lines(self.renderable, options, pad=False)
            self._lines[key] = lines
        for segments in lines:
            yield from segments
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement.get(console, options, self.renderable)


def _rendered(markdown: str) -> RenderedOnce:
    """The brief as one Rich renderable: parsed here, in the building thread."""
    from rich.markdown import Markdown

    # Links show as their text: the preview is for reading, and the file keeps them.
    return RenderedOnce(Markdown(markdown, hyperlinks=False))
