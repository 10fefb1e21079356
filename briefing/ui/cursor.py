"""The terminal's cursor on the selection, so that screen readers and braille displays,
which follow the cursor, show what is selected.

Textual moves the terminal's cursor to ``App.cursor_position`` (screen cells) after every
frame; only its ``Input`` and ``TextArea`` set it. Each widget with a selection of its own
(a list, a detail, the periodic table) says where its selection is (``selection_offset``)
and calls ``place_cursor`` when it is drawn or focused: the cursor then follows the focused
widget's selection in every frame. Textual hides the cursor; ``showing_cursor`` makes a
driver that shows it, for ``--show-cursor`` and ``--screen-reader``.
"""

from __future__ import annotations

import unicodedata
from typing import Protocol, runtime_checkable

from rich.cells import cell_len
from textual.driver import Driver
from textual.geometry import Offset
from textual.types import NoActiveAppError
from textual.widget import Widget

SHOW_CURSOR = "\x1b[?25h"
"""DECTCEM set: the terminal shows its cursor (Textual resets it at start)."""


@runtime_checkable
class HasSelection(Protocol):
    """A widget whose selection the terminal's cursor is put on."""

    def selection_offset(self) -> Offset | None:
        """Where the selection starts, in screen cells (x, y); None when nothing is
        selected or it is out of view."""
        ...


def first_letter(text: str) -> int:
    """Cells before the first letter or digit of ``text`` (0 when it has none): a row's
    marks, glyphs and indent come before the words a braille display should start at."""
    for index, char in enumerate(text):
        if unicodedata.category(char)[0] in "LN":
            return cell_len(text[:index])
    return 0


def screen_reader_on(widget: Widget) -> bool:
    """Whether ``widget``'s app is laid out for screen readers (``--screen-reader``);
    False for a widget used outside an app."""
    try:
        app = widget.app
    except (NoActiveAppError, LookupError):
        return False
    return bool(getattr(app, "screen_reader", False))


def place_cursor(widget: Widget) -> None:
    """Put the terminal's cursor (``App.cursor_position``) on ``widget``'s selection, if
    ``widget`` has the focus on the screen shown; otherwise leave it where it is."""
    if not widget.is_attached or not isinstance(widget, HasSelection):
        return
    screen = widget.screen
    if screen.focused is not widget or widget.app.screen is not screen:
        return
    offset = widget.selection_offset()
    if offset is not None:
        widget.app.cursor_position = offset


def showing_cursor(driver_class: type[Driver]) -> type[Driver]:
    """A subclass of ``driver_class`` that shows the terminal's cursor once it has taken
    the terminal over (and again after a suspend), where Textual hides it."""

    class CursorShown(driver_class):  # type: ignore[valid-type,misc]
        def start_application_mode(self) -> None:
            super().start_application_mode()
            self.write(SHOW_CURSOR)

    CursorShown.__name__ = CursorShown.__qualname__ = f"CursorShown{driver_class.__name__}"
    return CursorShown
