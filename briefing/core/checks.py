"""Warnings: things in a valid briefing that are probably not what its writer meant.

Each check takes a valid ``Briefing`` and yields ``(path, message, hint)`` for each
thing it finds. The path is where in the file it was written (``("events", 3,
"sources")``); the loader turns it into a line and column and reports it as
``FILE:LINE:COL: warning: message (hint)``. A warning never makes a file invalid:
``briefing validate`` prints it after the errors and exits 0 (1 with ``--strict``),
and the reader and ``export`` do not print it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from briefing.core.model import Briefing
from briefing.core.source_dates import events_citing_only_older_sources
from briefing.core.yamltree import Path as TreePath

WarningCheck = Callable[[Briefing], Iterable[tuple[TreePath, str, str | None]]]


def key_items_that_do_not_fit(briefing: Briefing) -> Iterable[tuple[TreePath, str, str | None]]:
    """See ``briefing.core.export.key_fit``: imported only when a check runs, as the
    loader (and so the reader) imports this module at start."""
    from briefing.core.export.key_fit import key_items_that_do_not_fit as check

    return check(briefing)

WARNING_CHECKS: tuple[WarningCheck, ...] = (
    events_citing_only_older_sources,
    key_items_that_do_not_fit,
)
"""Every check run on a valid briefing by ``loader.check_briefing``."""
