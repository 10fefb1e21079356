"""Every glyph the reader draws that a terminal's font may lack, chosen once, here.

The Linux console (``TERM=linux``) has 8 colours and a small font: box drawing and
Latin-1, but no stars, circles or arrows (it shows them as diamonds). There the reader
uses ASCII marks that stay distinct from each other. The choice is made from ``TERM``
when the reader starts; a reader served over SSH is started with the client's ``TERM``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual.scrollbar import ScrollBarRender

from briefing.core.grid import ControlStatus


# Compared by identity: equality and hashing, never used, cost their generation at import.
@dataclass(frozen=True, eq=False)
class Glyphs:
    """The marks of one kind of terminal."""

    key_mark: str
    """Marks a key event, actor or quote."""
    status: Mapping[ControlStatus, str]
    """One mark per control status, each different from the others."""
    swatch: str
    """Shows a category's colour in the legend."""
    arrow: str
    """Starts each link."""
    key_names: Mapping[str, str]
    """Key symbols (Textual's ``⏎`` for Enter...) as the key bar and help show them."""
    console: bool
    """Rounded corners and other fine glyphs are replaced too (see ``terminals.tcss``)."""


UNICODE = Glyphs(
    key_mark="★",
    status={status: status.value for status in ControlStatus},
    swatch="■",
    arrow="→",
    key_names={},
    console=False,
)
LINUX_CONSOLE = Glyphs(
    key_mark="*",
    status={
        ControlStatus.IN_FORCE: "#",
        ControlStatus.SCHEDULED: "+",
        ControlStatus.LIFTED: "o",
        ControlStatus.DISCUSSED: ".",
        ControlStatus.NOT_DISCUSSED: " ",
    },
    swatch="=",
    arrow=">",
    key_names={"⏎": "Enter", "⌫": "BkSp", "↑": "Up", "↓": "Down", "←": "Left", "→": "Right"},
    console=True,
)


class WholeCellScrollBar(ScrollBarRender):
    """A scrollbar drawn in whole cells: the console's font has no eighth blocks."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


def glyphs_for(environ: Mapping[str, str]) -> Glyphs:
    """The glyphs for the terminal ``environ`` names in ``TERM``."""
    term = environ.get("TERM", "")
    return LINUX_CONSOLE if term == "linux" or term.startswith("linux-") else UNICODE


GLYPHS = glyphs_for(os.environ)
"""The glyphs of the terminal this process draws on."""
