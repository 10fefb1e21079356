"""Readers started in tmux windows for the benchmarks, and their screens read back."""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

SETTLED_AFTER = 0.5
"""A screen unchanged for this many seconds has settled: start-up is over."""

TMUX = ["tmux", "-L", f"briefing-benchmark-{os.getpid()}"]


def _group_running(group: int) -> bool:
    """Whether a process of the process group ``group`` still runs (read from Linux's
    ``/proc``; elsewhere, False at once)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue  # it ended meanwhile
            state, _parent, process_group = stat.rpartition(")")[2].split()[:3]
            if int(process_group) == group and state != "Z":
                return True
    return False


class TmuxScreens:
    """Programs started in tmux windows, their screens read through one control-mode client.

    Reading a screen with ``tmux capture-pane`` would start a process per look, and those
    processes would take CPU from the program being timed. A control-mode client takes
    commands on its standard input instead.
    """

    def __init__(self) -> None:
        # An idle session keeps the server up between programs, and the client attaches to it.
        subprocess.run([*TMUX, "new-session", "-d", "-s", "keep", "sleep", "3600"], check=True)
        self._client = subprocess.Popen(
            [*TMUX, "-C", "attach-session", "-t", "keep"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            self._reply()  # to the attach itself
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        subprocess.run([*TMUX, "kill-server"], check=False, capture_output=True)
        self._client.wait(timeout=10)

    def command(self, *words: str) -> list[str]:
        """Run one tmux command; its output lines."""
        assert self._client.stdin is not None
        self._client.stdin.write(" ".join(_tmux_quote(word) for word in words) + "\n")
        self._client.stdin.flush()
        return self._reply()

    def _kill_session(self, session: str) -> None:
        """End the program in ``session`` and wait until it, and any process it started, is
        gone: what it does as it quits (saving read state, a loading child keeping what it
        validated) must not take CPU from the next program timed."""
        # The program may have ended and taken its session with it.
        with contextlib.suppress(RuntimeError):
            group = self.pid(session)  # tmux starts each program in a process group of its own
            self.command("kill-session", "-t", session)
            deadline = time.perf_counter() + 10
            while _group_running(group) and time.perf_counter() < deadline:
                time.sleep(0.005)

    def _reply(self) -> list[str]:
        assert self._client.stdout is not None
        lines: list[str] = []
        inside = False
        for raw in self._client.stdout:
            line = raw.rstrip("\n")
            if not inside:
                inside = line.startswith("%begin")  # anything else is a notification
            elif line.startswith("%error"):
                raise RuntimeError("tmux: " + " ".join(lines))
            elif line.startswith("%end"):
                return lines
            else:
                lines.append(line)
        raise RuntimeError("the tmux control client exited")

    def start(self, command: list[str], size: tuple[int, int]) -> tuple[str, float]:
        """Start ``command`` in a new window of ``size``; its session and start time."""
        session = f"bench{time.monotonic_ns()}"
        width, height = size
        started = time.perf_counter()
        self.command(
            "new-session", "-d", "-s", session, "-x", str(width), "-y", str(height),
            shlex.join(command),
        )  # fmt: skip
        return session, started

    def screen(self, session: str) -> str:
        """What the window shows, with its colours and styles (as escape sequences)."""
        return "\n".join(self.command("capture-pane", "-p", "-e", "-t", session))

    def wait_for(self, session: str, shown: Callable[[str], bool], timeout: float = 30) -> str:
        """Poll the screen until ``shown(screen)``; that screen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            screen = self.screen(session)
            if shown(screen):
                return screen
            time.sleep(0.002)
        raise TimeoutError(f"{session} never showed what was expected")

    def settle(self, session: str, quiet: float = SETTLED_AFTER) -> float:
        """Poll until the screen has not changed for ``quiet`` seconds; when it last changed."""
        last_screen = self.screen(session)
        changed = time.perf_counter()
        while time.perf_counter() - changed < quiet:
            time.sleep(0.002)
            screen = self.screen(session)
            if screen != last_screen:
                last_screen, changed = screen, time.perf_counter()
        return changed

    def pid(self, session: str) -> int:
        """The process id of the program in the window."""
        return int(self.command("display-message", "-p", "-t", session, "#{pane_pid}")[0])

    def kill(self, session: str) -> None:
        self._kill_session(session)

    def time_to_settled(
        self, command: list[str], markers: Sequence[str], size: tuple[int, int]
    ) -> tuple[float, float]:
        """Seconds from starting ``command`` to its first full frame (every marker on
        screen), and to its settled screen (the last change before ``SETTLED_AFTER``
        seconds without one)."""
        session, started = self.start(command, size)
        try:
            self.wait_for(session, lambda screen: all(m in screen for m in markers))
            first = time.perf_counter() - started
            return first, self.settle(session) - started
        finally:
            self._kill_session(session)


def _tmux_quote(word: str) -> str:
    # tmux reads commands much as a shell does; a single-quoted word is taken as it is.
    if "'" in word or "\n" in word:
        raise ValueError(f"cannot pass {word!r} to tmux")
    return f"'{word}'"
