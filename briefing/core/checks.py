"""Checks that warn about a valid briefing: it loads, but something may mislead a reader.

Each check takes a valid ``Briefing`` and yields (path in the file, what is wrong, how to
fix it or None); the loader places each warning at the path's position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from briefing.core.model import Briefing
from briefing.core.source_dates import events_citing_only_older_sources
from briefing.core.yamltree import Path as TreePath

WarningCheck = Callable[[Briefing], Iterable[tuple[TreePath, str, str | None]]]

WARNING_CHECKS: tuple[WarningCheck, ...] = (events_citing_only_older_sources,)
