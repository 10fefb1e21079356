"""The reader in the terminals people have: input redirected, a dumb terminal, a locale
that is not UTF-8. Each runs ``briefing`` on a real pseudo-terminal."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from serve_support import Tmux, needs_tmux
from ui_support import MINI, notices

from briefing.serve.policy import child_environment
from briefing.terminal import terminal_problem

BRIEFING = [sys.executable, "-m", "briefing"]
ALTERNATE_SCREEN = b"\x1b[?1049h"
WAIT = 30.0


def run_on_pty(
    args: list[str],
    env: Mapping[str, str],
    stdin: int | None = subprocess.DEVNULL,
    *,
    keys_from_the_terminal: bool = False,
) -> tuple[int, bytes]:
    """Run ``args`` with its output on a new pseudo-terminal, in a session of its own
    (so it has no controlling terminal); its exit status and all it wrote. With
    ``keys_from_the_terminal``, its standard input is that terminal too."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        args,
        stdin=terminal if keys_from_the_terminal else stdin,
        stdout=terminal,
        stderr=terminal,
        env=dict(env),
        start_new_session=True,
    )
    os.close(terminal)
    output = bytearray()
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 1.0)
        if not ready:
            continue
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal's other end closed: the process is done
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    return process.wait(timeout=WAIT), bytes(output)


def environment(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANG", "LANGUAGE")}
    env = {k: v for k, v in env.items() if not k.startswith("LC_") and k != "PYTHONUTF8"}
    env.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", **overrides})
    return env


@pytest.fixture(scope="module")
def latin1_locale(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """LOCPATH and LANG for an ISO-8859-1 locale, made without installing anything."""
    where = tmp_path_factory.mktemp("locales")
    made = subprocess.run(
        ["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(where / "en_US.ISO-8859-1")],
        capture_output=True,
        timeout=120,
    )
    if not (where / "en_US.ISO-8859-1").exists():
        pytest.skip(f"localedef could not make the locale: {made.stderr!r}")
    return {"LOCPATH": str(where), "LANG": "en_US.ISO-8859-1"}


def chinese_briefing(tmp_path: Path) -> Path:
    path = tmp_path / "zh.yaml"
    text = MINI.read_text(encoding="utf-8")
    path.write_text(text.replace("title: Mini briefing", "title: 稀土 Mini briefing"), "utf-8")
    return path


def test_dumb_terminal_gets_the_summary_and_a_note() -> None:
    status, output = run_on_pty([*BRIEFING, str(MINI)], environment(TERM="dumb"))
    assert status == 0, output
    assert b"Mini briefing" in output
    assert b"TERM=dumb" in output
    assert ALTERNATE_SCREEN not in output
    assert b"\x1b[" not in output  # no escape sequence at all


def test_no_command_fails_on_a_latin1_terminal(
    latin1_locale: dict[str, str], tmp_path: Path
) -> None:
    briefing = chinese_briefing(tmp_path)
    env = environment(**latin1_locale)
    for args in (["summary", str(briefing)], ["export", str(briefing)], [str(briefing)]):
        status, output = run_on_pty([*BRIEFING, *args], env)
        assert status == 0, output
        assert b"Traceback" not in output
        assert b"Mini briefing" in output
        assert ALTERNATE_SCREEN not in output
    # The reader explains why it printed the summary.
    assert b"UTF-8" in output


def test_a_served_reader_decides_from_the_clients_locale() -> None:
    latin1 = child_environment({"LANG": "en_US.ISO-8859-1"}, "xterm-256color", {})
    assert latin1["PYTHONUTF8"] == "1"  # Python itself is UTF-8 there...
    assert terminal_problem(latin1) is not None  # ...but the client's terminal is not
    for locale_name in ("en_US.UTF-8", "de_DE.utf8", "C", ""):
        env = child_environment({"LANG": locale_name}, "xterm-256color", {})
        assert terminal_problem(env) is None, locale_name
    assert terminal_problem({"LANG": "C.UTF-8", "LC_ALL": "fr_FR.ISO-8859-15"}) is not None
    assert terminal_problem({"LANG": "en_US"}) is not None  # glibc's en_US is Latin-1


def test_without_a_terminal_to_read_keys_from_the_reader_refuses_in_one_line() -> None:
    # Output on a terminal, input from /dev/null, and no controlling terminal at all.
    status, output = run_on_pty([*BRIEFING, str(MINI)], environment())
    assert status == 2, output
    assert ALTERNATE_SCREEN not in output
    assert output.strip().count(b"\n") == 0
    assert b"not a terminal" in output


@pytest.mark.parametrize(
    ("text", "status", "said"),
    [
        ("format: 1\nid: Bad\n", 1, b"id contains the capital 'B'"),
        (None, 2, b"cannot read"),  # a folder where the file should be
    ],
    ids=["invalid", "unreadable"],
)
def test_a_briefing_that_cannot_be_had_is_reported_with_the_terminal_untouched(
    tmp_path: Path, text: str | None, status: int, said: bytes
) -> None:
    # The app is built while the briefing loads, and waits for it just before it takes
    # over the terminal: a briefing it cannot have ends it there, with nothing drawn.
    path = tmp_path / "b.yaml"
    if text is None:
        path.mkdir()
    else:
        path.write_text(text, encoding="utf-8")
    ended, output = run_on_pty([*BRIEFING, str(path)], environment(), keys_from_the_terminal=True)
    assert ended == status, output
    assert ALTERNATE_SCREEN not in output
    assert b"\x1b[" not in output
    assert said in output


def test_ctrl_c_while_the_briefing_loads_ends_the_reader_at_once(tmp_path: Path) -> None:
    # A briefing from a FIFO is read in the reader's own process, and blocks until written.
    fifo = tmp_path / "b.yaml"
    os.mkfifo(fifo)
    controller, terminal = pty.openpty()
    env = environment(XDG_STATE_HOME=str(tmp_path / "state"))
    process = subprocess.Popen(
        [*BRIEFING, str(fifo)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
        start_new_session=True,
    )
    os.close(terminal)
    try:
        writer = -1

        def reader_is_reading() -> bool:  # a writer opens only once a reader has
            nonlocal writer
            try:
                writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                return False
            return True

        wait_for(reader_is_reading)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C does in a terminal
        assert process.wait(timeout=WAIT) == 130
        os.close(writer)
        output = b""
        with contextlib.suppress(OSError):
            while chunk := os.read(controller, 65536):
                output += chunk
        assert ALTERNATE_SCREEN not in output
        assert not (tmp_path / "state").exists()  # nothing was read, so nothing is saved
    finally:
        os.close(controller)
        if process.poll() is None:
            process.kill()


def wait_for(check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@contextlib.contextmanager
def tmux_running(tmp_path: Path, command: str, size: tuple[int, int] = (100, 30)) -> Iterator[Tmux]:
    """``command`` in a private tmux window, which stays after it showing its status."""
    tmux = Tmux(tmp_path / "tmux.sock")
    window = ["-s", "reader", "-x", str(size[0]), "-y", str(size[1])]
    # COLUMNS and LINES from the test's own terminal would pin the reader's size.
    shell = f"unset COLUMNS LINES; {command}; echo READER-EXITED $?; sleep 60"
    tmux("-f", "/dev/null", "new-session", "-d", *window, shell)
    try:
        yield tmux
    finally:
        tmux("kill-server")


def shell_words(args: list[str]) -> str:
    return " ".join(map(shlex.quote, args))


@needs_tmux
@pytest.mark.parametrize(
    "shell_command",
    [
        pytest.param("cat {mini} | {briefing} -", id="briefing-piped"),
        pytest.param("echo hi | {briefing} {mini}", id="input-piped"),
        pytest.param("{briefing} {mini} < /dev/null", id="input-from-dev-null"),
    ],
)
def test_with_input_redirected_keys_come_from_the_terminal(
    tmp_path: Path, shell_command: str
) -> None:
    command = shell_command.format(mini=shlex.quote(str(MINI)), briefing=shell_words(BRIEFING))
    with tmux_running(tmp_path, command) as tmux:
        wait_for(lambda: "Mini briefing" in tmux.screen() and "Quit" in tmux.screen())
        tmux("send-keys", "-t", "reader", "3")  # a key is read: the pane changes
        wait_for(lambda: "Jane Minister" in tmux.screen())
        tmux("send-keys", "-t", "reader", "q")
        wait_for(lambda: "READER-EXITED 0" in tmux.screen())


@needs_tmux
def test_the_linux_console_gets_glyphs_its_font_has(tmp_path: Path) -> None:
    command = f"TERM=linux {shell_words([*BRIEFING, str(MINI)])}"
    with tmux_running(tmp_path, command, (130, 40)) as tmux:
        wait_for(lambda: "Quit" in tmux.screen() and "rare earth" in tmux.screen())
        screen = tmux.screen()
        for glyph in "╭╮╰╯★●◌○■→⏎▁▂▃▄▅▆▇":
            assert glyph not in screen, glyph
        # The control statuses stay distinct: one mark each in the legend.
        for legend in ("# controlled", "+ to come", "o lifted", ". no control"):
            assert legend in screen, legend
        assert "Dy#" in screen and "Ho+" in screen


@needs_tmux
def test_without_colour_each_category_has_its_own_style(tmp_path: Path) -> None:
    command = f"NO_COLOR=1 {shell_words([*BRIEFING, str(MINI)])}"
    with tmux_running(tmp_path, command, (130, 40)) as tmux:
        wait_for(lambda: "Quit" in tmux.screen() and "rare earth" in tmux.screen())
        styled = tmux("capture-pane", "-e", "-p", "-t", "reader")
        labels = ("heavy rare earth", "light rare earth", "other critical")
        # The legend may take two lines beside the timeline.
        rows = styled.splitlines()
        legend = "\n".join(row for row in rows if any(name in row for name in labels))

        def sgr_before(label: str) -> str:
            """The style sequences just before ``label``."""
            found = re.search(r"((?:\x1b\[[0-9;]*m)+)[^\x1b]{0,2}" + re.escape(label), legend)
            assert found is not None, label
            return found.group(1)

        assert len({sgr_before(label) for label in labels}) == 3, legend


@needs_tmux
def test_ctrl_z_suspends_and_fg_redraws_at_once(tmp_path: Path) -> None:
    # An interactive shell, with job control, to suspend to.
    with tmux_running(tmp_path, "bash --norc -i") as tmux:
        command = shell_words([*BRIEFING, str(MINI)])
        tmux("send-keys", "-t", "reader", command, "Enter")
        wait_for(lambda: "Quit" in tmux.screen())
        tmux("send-keys", "-t", "reader", "C-z")
        wait_for(lambda: "Stopped" in tmux.screen() and "Quit" not in tmux.screen())
        tmux("send-keys", "-t", "reader", "clear; fg", "Enter")
        # Back, whole, without a key pressed.
        wait_for(lambda: "Mini briefing" in tmux.screen() and "Quit" in tmux.screen())
        tmux("send-keys", "-t", "reader", "q")
        wait_for(lambda: "Quit" not in tmux.screen())


async def test_a_served_reader_says_ctrl_z_does_nothing() -> None:
    from briefing.core.loader import load_briefing
    from briefing.ui.app import BriefingApp

    app = BriefingApp(load_briefing(MINI), may_suspend=False)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.is_running
        assert any("Ctrl+Z does nothing" in note for note in notices(app))
