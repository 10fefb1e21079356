"""Briefing text turned into ``Content``: sanitised, never parsed as markup."""

from __future__ import annotations

from textual.content import Content
from textual.style import Style

from briefing.core.dates import PartialDate
from briefing.core.model import Source
from briefing.core.text import sanitize, sanitize_line
from briefing.ui.glyphs import GLYPHS

HEADING = "bold $primary"
MUTED = "dim"
"""Secondary text: the colour it would have, faded toward its background, so it recedes on
a plain row and stays readable on the cursor's. Not $text-muted: an "auto" colour, which in
text renders at full contrast (white on dark), brighter than the body text."""
KEY = "bold $accent"
KEY_MARK = GLYPHS.key_mark


def key_note(what: str, spoken: bool = False) -> Content:
    """``★ key event`` (``what`` is ``key event``, ``key actor``...), the mark left out when
    ``spoken``: a screen reader reads ★ aloud as "black star"."""
    return Content.styled(what if spoken else f"{KEY_MARK} {what}", KEY)


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


def url_content(url: str) -> Content:
    """A URL as text, and as a terminal hyperlink (OSC 8) to itself where the terminal
    has them, so that it opens on the reader's own machine, locally or over SSH."""
    plain = sanitize_line(url)
    return Content.styled(plain, "underline $secondary").stylize(Style(link=plain))


def source_entry(number: int, source: Source) -> Content:
    """A source as a detail lists it, everything known of it on lines of its own::

        [1] Publisher: Title
            6 Jun 2025 · Author
            https://…

    The URL is a terminal hyperlink (OSC 8) as well as text, for terminals that drop the
    link. Continuation lines start where the publisher does (``len("[1] ")`` in)."""
    mark = f"[{number}] "
    pad = " " * len(mark)
    when = [source.published.human()]
    if source.author:
        when.append(sanitize_line(source.author))
    parts: list[Content | str | tuple[str, str]] = [
        (mark, MUTED),
        line(source.publisher, "bold"),
        ": ",
        line(source.title),
        "\n",
        pad,
        (" · ".join(when), MUTED),
    ]
    if source.url:
        parts += ["\n", pad, url_content(source.url)]
    return Content.assemble(*parts)


def labelled(label: str, value: Content | str) -> Content:
    """``Label: value``, the label muted."""
    return Content.assemble((f"{label}: ", MUTED), value)
