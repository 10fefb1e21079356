"""A short plain-text summary of a briefing, for pipes and terminals without the reader."""

from __future__ import annotations

import textwrap

from briefing.core.model import Briefing
from briefing.core.text import sanitize_line


def _wrap(text: str, indent: str = "", width: int = 78) -> str:
    return textwrap.fill(
        sanitize_line(text), width=width, initial_indent=indent, subsequent_indent=" " * len(indent)
    )


def text_summary(briefing: Briefing, width: int = 78) -> str:
    """The plain-text summary ``briefing summary`` prints: title, as-of date, bottom line,
    key points, key events and counts, wrapped to ``width`` columns, ending in a newline.
    Briefing text is made plain (``sanitize_line``) first."""
    lines = [sanitize_line(briefing.title)]
    if briefing.subtitle:
        lines.append(sanitize_line(briefing.subtitle))
    lines += [f"As of {briefing.as_of_date.human()}", "", _wrap(briefing.summary, width=width), ""]
    if briefing.key_points:
        lines.append("Key points")
        lines += [_wrap(point.text, "  - ", width) for point in briefing.key_points]
        lines.append("")
    key_events = [event for event in briefing.events_in_order() if event.key]
    if key_events:
        lines.append("Key events")
        lines += [
            _wrap(event.title, f"  {event.date.human():>11}  ", width) for event in key_events
        ]
        lines.append("")
    controlled = briefing.controlled_on(briefing.as_of_date)
    under = f" ({len(controlled)} under export control)" if briefing.has_controls else ""
    lines.append(
        f"{len(briefing.events)} events, {len(briefing.elements)} elements{under}, "
        f"{len(briefing.actors)} actors, "
        f"{len(briefing.quotes)} quotes, {len(briefing.figures)} figures, "
        f"{len(briefing.sources)} sources."
    )
    return "\n".join(lines) + "\n"
