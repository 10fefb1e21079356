"""Read and validate a briefing in a forked child while the reader imports its interface.

Validating needs PyYAML and pydantic, about 80 ms to import and build; the reader's
interface needs Textual, about 120 ms. In one process the two add up. A child forked at
start does the first on another core while the parent does the second, and sends back the
validated dataclasses, so the reader itself never imports pydantic.

Where there is no fork (Windows), or the child fails for any reason, the briefing is
loaded in this process instead, with the same result and the same errors.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from briefing.core.problems import BriefingInvalid

if TYPE_CHECKING:
    from briefing.core.model import Briefing

_LOADED = "loaded"
_INVALID = "invalid"


class PendingBriefing:
    """A briefing being loaded; ``result`` waits for it."""

    def __init__(self, path: Path, child: int | None = None, pipe: int | None = None) -> None:
        self.path = path
        self._child = child
        self._pipe = pipe

    @property
    def in_background(self) -> bool:
        """Whether a child process is loading it (until ``result`` is called)."""
        return self._child is not None

    def result(self) -> Briefing:
        """The valid briefing, or ``BriefingInvalid`` with every problem found in it."""
        if self._child is not None and self._pipe is not None:
            child, self._child = self._child, None
            received: tuple[str, Briefing | BriefingInvalid] | None = None
            with open(self._pipe, "rb") as pipe:
                # Read as the child writes it: the two overlap, and the whole pickle is
                # never held at once. A child that failed part way leaves it cut short.
                try:
                    received = pickle.load(pipe)
                except Exception:  # noqa: BLE001  (loaded here instead, below)
                    received = None
            _, status = os.waitpid(child, 0)
            if status == 0 and received is not None:
                outcome, value = received
                if outcome == _INVALID and isinstance(value, BriefingInvalid):
                    raise value
                if outcome == _LOADED:
                    return value  # type: ignore[return-value]
        from briefing.core.loader import load_briefing

        return load_briefing(self.path)


def load_in_background(path: Path) -> PendingBriefing:
    """Start loading ``path`` in a child process, when this platform can fork."""
    # A pipe or a device can be read once only: if the child failed, loading here again
    # would find it empty. Those are read here from the start.
    if not hasattr(os, "fork") or not path.is_file():
        return PendingBriefing(path)
    read_end, write_end = os.pipe()
    # Whatever is buffered would otherwise be written twice, once by each process.
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        child = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return PendingBriefing(path)
    if child == 0:
        os.close(read_end)
        _run_child(path, write_end)
    os.close(write_end)
    return PendingBriefing(path, child, read_end)


def _outcome(path: Path) -> tuple[str, Briefing | BriefingInvalid]:
    from briefing.core.loader import load_briefing

    try:
        return (_LOADED, load_briefing(path))
    except BriefingInvalid as invalid:
        return (_INVALID, invalid)


def _run_child(path: Path, pipe: int) -> NoReturn:
    status = 1
    try:
        outcome = _outcome(path)
        with open(pipe, "wb") as stream:
            # Written frame by frame while the parent reads: no copy of the whole pickle.
            pickle.dump(outcome, stream, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    except BaseException:  # noqa: BLE001, S110  (the parent loads the file itself instead)
        pass
    finally:
        # Leave without running the parent's exit handlers or flushing its buffers.
        os._exit(status)
