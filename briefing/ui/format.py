"""Briefing text turned into ``Content``: sanitised, never parsed as markup."""

from __future__ import annotations

from textual.content import Content

from briefing.core.dates import PartialDate
from briefing.core.model import Briefing, Source
from briefing.core.text import sanitize, sanitize_line
from briefing.ui.glyphs import GLYPHS

HEADING = "bold $primary"
MUTED = "dim"
"""Secondary text: the colour it would have, faded toward its background, so it recedes on
a plain row and stays readable on the cursor's. Not $text-muted: an "auto" colour, which in
text renders at full contrast (white on dark), brighter than the body text."""
KEY = "bold $accent"
KEY_MARK = GLYPHS.key_mark


def line(text: str, style: str = "") -> Content:
    """One line of briefing text: line breaks folded, control characters made visible.

    The one way briefing text reaches a title, subtitle, notification, tooltip, palette
    entry, tab or the header: Textual reads a plain ``str`` there as markup, so that
    ``Office [/x]`` would crash the reader and ``[@click=app.quit]`` would run an action.
    """
    return Content.styled(sanitize_line(text), style)


_CUT_TRIM = " \t…."
"""Dropped where text is cut, before the one ``…`` that marks the cut."""


def cut(content: Content, width: int) -> Content:
    """``content`` in at most ``width`` cells: whole, or cut with one ``…`` right after its
    text: blanks, dots and an ellipsis of its own at the cut are dropped (Textual's own cut
    can leave a blank before the ``…``, or double a quotation's ``…``)."""
    if content.cell_length <= width:
        return content
    if width <= 0:
        return Content("")
    return Content.assemble(content.truncate(width - 1).rstrip(_CUT_TRIM), "…")


def fit(content: Content, width: int) -> Content:
    """``content`` in exactly ``width`` cells: padded, or ``cut``."""
    shown = cut(content, width)
    return shown.pad_right(width - shown.cell_length)


def paragraph(text: str, style: str = "") -> Content:
    """Briefing prose that may wrap and keep its line breaks."""
    return Content.styled(sanitize(text), style)


DATE_WIDTH = 11
"""``14 Oct 2025``, the widest date."""


def column_date(date: PartialDate) -> str:
    """A date for a column of dates: right-aligned, so that months and years line up."""
    return date.human().rjust(DATE_WIDTH)


def date_label(date: PartialDate | None) -> str:
    """``4 Apr 2025``, or ``undated``."""
    return "undated" if date is None else date.human()


def source_line(number: int, source: Source) -> Content:
    """``[1] Publisher: Title (6 Jun 2025) https://…``, as shown under "Sources"."""
    parts: list[Content | str | tuple[str, str]] = [
        (f"[{number}] ", MUTED),
        line(source.publisher, "bold"),
        ": ",
        line(source.title),
        (f" ({source.published.human()})", MUTED),
    ]
    if source.url:
        parts.append(" ")
        parts.append(line(source.url, "underline $secondary"))
    return Content.assemble(*parts)


def sources_block(briefing: Briefing, source_ids: list[str]) -> tuple[Content, int]:
    """The "Sources" heading and a numbered line per source, and the hanging indent that
    makes a long one wrap past its number."""
    lines = [Content.styled("Sources", HEADING)]
    for number, source_id in enumerate(source_ids, start=1):
        source = briefing.source(source_id)
        if source is not None:
            lines.append(source_line(number, source))
    return Content("\n").join(lines), len(f"[{len(source_ids)}] ")


def labelled(label: str, value: Content | str) -> Content:
    """``Label: value``, the label muted."""
    return Content.assemble((f"{label}: ", MUTED), value)
