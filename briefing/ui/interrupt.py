"""Ctrl+C while the reader waits for its briefing, before its event loop runs."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

INTERRUPTED = 128 + signal.SIGINT
"""The exit status of a reader interrupted (Ctrl+C) while it waited for its briefing."""


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Within it, Ctrl+C raises ``KeyboardInterrupt`` at once, even in a blocking read.

    The app's event loop takes Ctrl+C over to cancel its task, which can do nothing while
    the task waits outside the loop for the briefing; in the main thread, Python's own
    handler is put back for the wait.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
