"""``e``: preview the one-page brief, then write it to a file or copy it to the clipboard."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from briefing.core.atomic import BriefNotWritten, write_brief
from briefing.core.export import Brief, build_brief, default_file_name
from briefing.serve.policy import is_served
from briefing.ui.format import MUTED

if TYPE_CHECKING:
    from briefing.core.model import Briefing


def budget_line(brief: Brief) -> Content:
    """``412 / 480 words, 38 / 56 lines, 2 / 6 table rows`` and what was left out."""
    text = Content.styled(brief.usage_line(), "bold" if brief.fits else "bold $error")
    if not brief.dropped:
        return Content.assemble(text, (" · every key item fits", MUTED))
    count = len(brief.dropped)
    left_out = f" · {count} item{'s' if count > 1 else ''} left out"
    return Content.assemble(text, (left_out, MUTED))


SERVED_HINT = (
    "Read over SSH: ctrl+y copies the brief to your clipboard, "
    "or on your machine run: ssh -p PORT HOST export > brief.md"
)


class ExportScreen(ModalScreen[None]):
    """The brief as it will print; Enter or ctrl+s writes it, ctrl+y copies it, Esc closes."""

    BINDING_GROUP_TITLE = "Export"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="export-close", tooltip="Close"),
        Binding("ctrl+s", "write", "Write", id="export-write", tooltip="Write the brief"),
        Binding("ctrl+y", "copy", "Copy", id="export-copy", tooltip="Copy to the clipboard"),
        Binding("pageup", "scroll_preview(-1)", "Scroll up", show=False, id="export-page-up"),
        Binding("pagedown", "scroll_preview(1)", "Scroll down", show=False, id="export-page-down"),
    ]

    def __init__(self, briefing: Briefing, about: str | None = None) -> None:
        super().__init__()
        self.brief = build_brief(briefing, about=about)
        self.default_path = default_file_name(briefing, about)
        self._confirm_overwrite: Path | None = None
        """The path the user was warned exists: writing it again replaces it."""
        self.served = is_served()
        """Read over SSH: a file would be written on the server, so only copying is offered."""

    def compose(self) -> ComposeResult:
        # Imported here: markdown-it and the Markdown widgets load only when a brief is shown.
        from textual.widgets import Markdown

        with Vertical(id="export-box") as box:
            subject = self.brief.subject
            box.border_title = f"Export a brief: {subject.label}" if subject else "Export a brief"
            box.border_subtitle = (
                "ctrl+y copies · Esc closes"
                if self.served
                else "Enter/ctrl+s writes · ctrl+y copies · Esc closes"
            )
            yield Static(budget_line(self.brief), id="export-budget")
            with VerticalScroll(id="export-preview"):
                yield Markdown(self.brief.markdown, open_links=False)
            if self.served:
                yield Static(SERVED_HINT, id="export-served-hint", markup=False)
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

    def on_mount(self) -> None:
        self.query_one("#export-copy" if self.served else "#export-path").focus()

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
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
            self._show_status(SERVED_HINT, "error")
            return
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            self._show_status("Give a file name to write the brief to.", "error")
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
