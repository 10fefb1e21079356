"""Timing the reader from a key reaching the app to the last frame drawn for it.

Shared by the benchmarks: ``FrameClock.app`` gives a reader class that notes when each
key arrives, and ``FrameClock.drawing()`` notes when each frame is drawn (by wrapping
the screen's compositor refresh, which only a benchmark may do).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefing.ui.app import BriefingApp


class FrameClock:
    """The time of the last key received and of the last frame drawn, read from ``clock``
    (``time.perf_counter`` for wall time, ``time.process_time`` for CPU time)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.key_received = 0.0
        self.frame_drawn = 0.0

    def reset(self) -> None:
        self.key_received = self.frame_drawn = 0.0

    @property
    def elapsed(self) -> float:
        """Seconds from the key to the last frame; RuntimeError if no frame followed it."""
        if not self.key_received or self.frame_drawn < self.key_received:
            raise RuntimeError("no frame was drawn after the key")
        return self.frame_drawn - self.key_received

    def app(self) -> type[BriefingApp]:
        """A reader class that notes when each key arrives."""
        from textual import events

        from briefing.ui.app import BriefingApp

        clock = self

        class TimedApp(BriefingApp):
            async def on_event(self, event: events.Event) -> None:
                if isinstance(event, events.Key):
                    clock.key_received = clock.clock()
                await super().on_event(event)

        return TimedApp

    @contextlib.contextmanager
    def drawing(self) -> Iterator[None]:
        """Within it, every frame drawn is noted."""
        from textual.screen import Screen

        draw = Screen._compositor_refresh
        clock = self

        def timed_draw(screen: Screen[object]) -> None:
            draw(screen)
            clock.frame_drawn = clock.clock()

        Screen._compositor_refresh = timed_draw  # type: ignore[method-assign, assignment]
        try:
            yield
        finally:
            Screen._compositor_refresh = draw  # type: ignore[method-assign]
