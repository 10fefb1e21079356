"""Read and validate a briefing in a forked child while the reader imports its interface.

Validating needs PyYAML and pydantic, about 80 ms to import and build; the reader's
interface needs Textual, about 120 ms. In one process the two add up. A child forked at
start does the first on another core while the parent does the second, and sends back the
validated dataclasses, so the reader itself never imports pydantic.

Where there is no fork (Windows), or the child fails for any reason, the briefing is
loaded in this process instead, with the same result and the same errors.

A file validated before, with the same bytes and the same code, is read from the cache of
validated briefings instead (``briefing.core.cache``), with no child at all; a child that
validated a file keeps the result there once it has sent it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from briefing.core import cache
from briefing.core.problems import BriefingInvalid

if TYPE_CHECKING:
    from briefing.core.model import Briefing

_LOADED = "loaded"
_INVALID = "invalid"

CACHED_UP_TO = 16 * 1024 * 1024
"""Files up to this size are looked up in the cache: the loader refuses larger ones
(``briefing.core.loader.MAX_BYTES``), so none of them is ever kept."""


class PendingBriefing:
    """A briefing being loaded; ``result`` waits for it."""

    def __init__(
        self,
        path: Path,
        child: int | None = None,
        pipe: int | None = None,
        *,
        kept: Briefing | None = None,
    ) -> None:
        self.path = path
        self._child = child
        self._pipe = pipe
        self._kept = kept

    @property
    def in_background(self) -> bool:
        """Whether a child process is loading it (until ``result`` is called)."""
        return self._child is not None

    def result(self) -> Briefing:
        """The valid briefing, or ``BriefingInvalid`` with every problem found in it."""
        if self._kept is not None:
            return self._kept
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
            _reap(child)
            if received is not None:
                outcome, value = received
                if outcome == _INVALID and isinstance(value, BriefingInvalid):
                    raise value
                if outcome == _LOADED:
                    return value  # type: ignore[return-value]
        from briefing.core.loader import load_briefing

        return load_briefing(self.path)


def _reap(child: int) -> None:
    """Collect the child's exit status without waiting: once it has sent the briefing it
    may still be keeping it in the cache, and nothing here depends on that."""
    try:
        finished, _ = os.waitpid(child, os.WNOHANG)
    except ChildProcessError:
        return
    if finished == 0:
        threading.Thread(target=_wait_for, args=(child,), daemon=True).start()


def _wait_for(child: int) -> None:
    # Where SIGCHLD is ignored the system reaps the child itself: nothing is left to wait for.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(child, 0)


def _file_bytes(path: Path) -> bytes | None:
    """The bytes of the file at ``path`` when it is small enough to be kept; None when it
    is not, or cannot be read (loading it says why)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(CACHED_UP_TO + 1)
    except OSError:
        return None
    return raw if len(raw) <= CACHED_UP_TO else None


def load_in_background(path: Path, may_keep: Callable[[], bool] = lambda: True) -> PendingBriefing:
    """Start loading ``path``: from the cache of validated briefings when its bytes were
    validated before, else in a child process, else (where there is no ``fork``, or for a
    pipe) later in this one (``PendingBriefing.result``). The child keeps what it
    validated in the cache if ``may_keep()``, asked once it has sent the briefing."""
    # A pipe or a device can be read once only: if the child failed, loading here again
    # would find it empty. Those are read here from the start. Without fork nothing is
    # ever kept, so nothing is looked up either.
    if not path.is_file() or not hasattr(os, "fork"):
        return PendingBriefing(path)
    # The bytes looked up are the bytes validated, even if the file changes meanwhile.
    raw = _file_bytes(path)
    if raw is not None and (kept := cache.read_cached(raw)) is not None:
        return PendingBriefing(path, kept=kept)
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
        _run_child(path, write_end, raw, may_keep)
    os.close(write_end)
    return PendingBriefing(path, child, read_end)


def _outcome(path: Path, raw: bytes | None) -> tuple[str, Briefing | BriefingInvalid]:
    from briefing.core.loader import load_briefing, load_bytes

    try:
        briefing = load_briefing(path) if raw is None else load_bytes(raw, str(path))
    except BriefingInvalid as invalid:
        return (_INVALID, invalid)
    return (_LOADED, briefing)


def _run_child(path: Path, pipe: int, raw: bytes | None, may_keep: Callable[[], bool]) -> NoReturn:
    status = 1
    try:
        outcome, value = _outcome(path, raw)
        with open(pipe, "wb") as stream:
            # Written frame by frame while the parent reads: no copy of the whole pickle.
            pickle.dump((outcome, value), stream, protocol=pickle.HIGHEST_PROTOCOL)
        # Kept once the parent has it: the parent does not wait for this.
        if raw is not None and outcome == _LOADED and may_keep():
            cache.store(raw, value)  # type: ignore[arg-type]
        status = 0
    except BaseException:  # noqa: BLE001, S110  (the parent loads the file itself instead)
        pass
    finally:
        # Leave without running the parent's exit handlers or flushing its buffers.
        os._exit(status)
