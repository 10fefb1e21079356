"""What the reader writes to a real terminal (a pseudo-terminal, not tmux): a source's URL
as an OSC 8 hyperlink, and ``y``'s copy as an OSC 52 clipboard sequence."""

from __future__ import annotations

import base64
import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest
from ui_support import MINI

pty = pytest.importorskip("pty")

URL = "https://example.com/controls"
OSC_52 = re.compile(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)")


class Terminal:
    """The reader on a pseudo-terminal of 120x40, its output collected as it comes."""

    def __init__(self, args: list[str], home: Path) -> None:
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", HOME=str(home), XDG_STATE_HOME=str(home))
        env.pop("TMUX", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefing", *args],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=env,
            start_new_session=True,
        )
        os.close(follower)
        self.leader = leader
        self.output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk

    def wait_for(
        self, pattern: bytes | re.Pattern[bytes], since: int = 0, limit: float = 60
    ) -> int:
        """Wait until ``pattern`` is in the output after offset ``since``; its end offset."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self._lock:
                data = bytes(self.output[since:])
            found = pattern.search(data) if isinstance(pattern, re.Pattern) else None
            if isinstance(pattern, bytes) and pattern in data:
                return since + data.index(pattern) + len(pattern)
            if found:
                return since + found.end()
            time.sleep(0.05)
        raise AssertionError(f"{pattern!r} never came; last output: {bytes(self.output[-400:])!r}")

    def type(self, keys: bytes) -> int:
        """Send ``keys``; the output offset they were sent at."""
        with self._lock:
            offset = len(self.output)
        os.write(self.leader, keys)
        return offset

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        os.close(self.leader)
        self._reader.join(timeout=10)


def test_a_sources_url_is_a_hyperlink_and_y_copies_through_osc_52(tmp_path: Path) -> None:
    terminal = Terminal(["--no-state", str(MINI)], tmp_path)
    try:
        terminal.wait_for(b"Holmium added")
        # The first event, the next (licences for Dy and Tb), into its detail, to its end.
        sent = terminal.type(b"g")
        sent = terminal.wait_for(b"Licences required", sent)
        sent = terminal.type(b"j")
        sent = terminal.type(b"\r")
        sent = terminal.type(b"G")
        link = re.compile(
            rb"\x1b\]8;[^;\x07\x1b]*;" + re.escape(URL.encode()) + rb"(?:\x1b\\|\x07)"
        )
        terminal.wait_for(link, sent)
        terminal.wait_for(URL.encode(), sent)  # the URL as text too
        # Back to the list (1, not Esc: Esc then y at once reads as Alt+y), and copy.
        sent = terminal.type(b"1y")
        end = terminal.wait_for(OSC_52, sent)
        found = OSC_52.search(bytes(terminal.output[sent:end]))
        assert found is not None
        markdown = base64.b64decode(found.group(1)).decode()
        assert "Licences required for Dy and Tb" in markdown
        assert f"<{URL}>" in markdown
        terminal.type(b"q")
        assert terminal.process.wait(timeout=30) == 0
    finally:
        terminal.close()
