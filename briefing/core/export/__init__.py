"""A one-page Markdown brief of a briefing, for people who will never open a terminal.

The brief holds, in this order: title and as-of line; bottom line; key points; key
figures (a table); timeline of key events; elements grouped by control status on the
as-of date; key actors; one or two key quotes; numbered sources. Every point, row and
quote cites its sources as ``[n]``, and a row that states a date cites only sources
published on or after it.

What goes in is what the briefing marks ``key: true`` (key points and elements always).
The brief must print on one A4 and one US Letter page, so it is held to ``PAGE_BUDGET``
(words, estimated printed lines, table rows); see ``choosing`` for how items are dropped.

The output is CommonMark with one GFM table, and passes markdownlint's rules (line
length aside, see the README). Briefing text is escaped so that it cannot open headings,
lists, links, images, HTML, code or extra table cells. The same briefing always gives
the same bytes; a timestamp appears only when ``stamp`` is given.

Modules: ``budget`` (the page budget and drop order), ``escaping``, ``blocks`` (block
sizes), ``subject`` (``--about`` and what involves it), ``ranking`` (candidates and
their order), ``render`` (Markdown), ``tally`` (the running totals of the page a set
of rows takes), ``choosing`` (what fits the page).
"""

from __future__ import annotations

import re
from datetime import datetime

from briefing.core.atomic import BriefNotWritten, write_atomically, write_brief
from briefing.core.export.budget import DROP_ORDER, MAX_QUOTES, PAGE_BUDGET, Budget, Usage
from briefing.core.export.choosing import Brief, fit
from briefing.core.export.escaping import escape
from briefing.core.export.ranking import LeftOut, select_about, select_all
from briefing.core.export.subject import Links, Subject, UnknownSubject, resolve_subject
from briefing.core.model import Briefing

__all__ = [
    "DROP_ORDER",
    "MAX_QUOTES",
    "PAGE_BUDGET",
    "Brief",
    "BriefNotWritten",
    "Budget",
    "LeftOut",
    "Subject",
    "UnknownSubject",
    "Usage",
    "build_brief",
    "default_file_name",
    "escape",
    "render_brief",
    "resolve_subject",
    "write_atomically",
    "write_brief",
]


def build_brief(
    briefing: Briefing,
    *,
    about: str | None = None,
    stamp: datetime | None = None,
    budget: Budget = PAGE_BUDGET,
) -> Brief:
    """The one-page brief and how much of the page budget it uses.

    ``about`` scopes it to one actor id, element symbol (or name) or tag; an unknown one
    raises UnknownSubject. Time grows linearly with the size of the briefing.
    """
    subject = resolve_subject(briefing, about) if about is not None else None
    links = Links(briefing)
    selection = select_about(briefing, links, subject) if subject else select_all(briefing, links)
    return fit(briefing, selection, subject=subject, stamp=stamp, budget=budget)


def render_brief(
    briefing: Briefing, *, about: str | None = None, stamp: datetime | None = None
) -> str:
    """The one-page Markdown brief; see ``build_brief``."""
    return build_brief(briefing, about=about, stamp=stamp).markdown


def default_file_name(briefing: Briefing, about: str | None = None) -> str:
    """``brief-<id>.md``, or ``brief-<id>-<about>.md`` for a scoped brief."""
    suffix = f"-{re.sub(r'[^A-Za-z0-9-]', '', about)}" if about else ""
    return f"brief-{briefing.id}{suffix}.md"
