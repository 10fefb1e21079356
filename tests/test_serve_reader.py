"""The reader in a remote terminal: the TERM values SSH clients send, no colour, low bandwidth."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "briefing"
MINI = Path(__file__).parent / "data" / "mini.yaml"

_SGR = re.compile(rb"\x1b\[([0-9;]*)m")
_ESCAPE = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|.)")

PROBE = """
import json, sys
from briefing.cli.reader import apply_terminal_options, parser
apply_terminal_options(parser().parse_args(sys.argv[1:]))
from textual import constants
from briefing.core.loader import load_briefing
from briefing.ui.app import BriefingApp
app = BriefingApp(load_briefing({mini!r}))
print(json.dumps({{
    "fps": constants.MAX_FPS,
    "animations": constants.TEXTUAL_ANIMATIONS,
    "smooth_scroll": constants.SMOOTH_SCROLL,
    "no_color": app.no_color,
}}))
"""


def probe(*flags: str) -> dict[str, object]:
    env_without_no_color = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NO_COLOR", "TEXTUAL_FPS", "TEXTUAL_ANIMATIONS", "TEXTUAL_SMOOTH_SCROLL")
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(mini=str(MINI)), *flags],
        capture_output=True,
        text=True,
        timeout=60,
        env=env_without_no_color,
    )
    assert result.returncode == 0, result.stderr
    values: dict[str, object] = json.loads(result.stdout)
    return values


def test_low_bandwidth_turns_off_animation_and_smooth_scrolling_and_lowers_fps() -> None:
    assert probe() == {"fps": 60, "animations": "full", "smooth_scroll": True, "no_color": False}
    low = probe("--low-bandwidth")
    assert low["animations"] == "none"
    assert low["smooth_scroll"] is False
    assert isinstance(low["fps"], int) and low["fps"] <= 30


def test_no_color_makes_the_app_monochrome() -> None:
    assert probe("--no-color")["no_color"] is True


def test_nothing_in_the_package_acts_on_the_machine_it_runs_on() -> None:
    """Served over SSH, a browser or a file dialog would open on the server, not for the reader."""
    # Textual's deliver_* methods save into the Downloads folder of the machine running the
    # app. Developer tools (screenshots, benchmarks) run locally and may save files.
    patterns = ("webbrowser", "open_url", "xdg-open", "startfile", "deliver_")
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "devtools" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            if pattern in text:
                offenders.append(f"{path.relative_to(PACKAGE.parent)}: {pattern}")
    assert offenders == []


# The real reader through the server ---------------------------------------------------


def _colour_codes(output: bytes) -> set[str]:
    """Every colour-setting SGR parameter group: '38;5;N', '38;2;R;G;B' or a 16-colour code."""
    found: set[str] = set()
    for match in _SGR.finditer(output):
        parts = match.group(1).decode().split(";")
        index = 0
        while index < len(parts):
            part = parts[index]
            if part in ("38", "48") and index + 1 < len(parts):
                width = 3 if parts[index + 1] == "5" else 5
                found.add(";".join(parts[index : index + width]))
                index += width
                continue
            if part.isdigit() and (30 <= int(part) <= 49 or 90 <= int(part) <= 107):
                found.add(part)
            index += 1
    return found


def _is_grey(code: str) -> bool:
    parts = [int(part) for part in code.split(";")]
    if len(parts) == 1:
        return parts[0] in (30, 37, 39, 40, 47, 49, 90, 97, 100, 107)
    if parts[1] == 2:
        return parts[2] == parts[3] == parts[4]
    colour = parts[2]
    if colour in (0, 7, 8, 15) or colour >= 232:
        return True
    if 16 <= colour <= 231:
        red, rest = divmod(colour - 16, 36)
        green, blue = divmod(rest, 6)
        return red == green == blue
    return False


async def _read_first_frame(
    term: str, reader: list[str] | None = None, env: dict[str, str] | None = None
) -> tuple[bytes, int | None]:
    """The reader's output up to its first full frame, and its exit status after 'q'; the
    client sends ``env`` (as OpenSSH's ``SetEnv`` does)."""
    asyncssh = pytest.importorskip("asyncssh", reason="needs the ssh extra (asyncssh)")
    import dataclasses
    import tempfile

    from briefing.serve.server import BriefingServer, ServeOptions, prepare

    with tempfile.TemporaryDirectory() as state:
        options = ServeOptions(briefing=MINI, port=0, host_key=Path(state) / "hk", public=True)
        server = BriefingServer(options, prepare(options, say=lambda line: None))
        if reader is not None:
            server.settings = dataclasses.replace(server.settings, reader_command=reader)
        await server.start()
        try:
            async with asyncssh.connect(
                "127.0.0.1",
                server.port,
                known_hosts=None,
                username="brief",
                client_keys=None,
                agent_path=None,
                config=None,
            ) as conn:
                process = await conn.create_process(
                    term_type=term, term_size=(80, 24), encoding=None, env=env or {}
                )
                seen = b""
                async with asyncio.timeout(20):
                    while b"Quit" not in _ESCAPE.sub(b"", seen):
                        chunk = await process.stdout.read(65536)
                        assert chunk, seen[-500:]
                        seen += chunk
                process.stdin.write(b"q")
                done = await asyncio.wait_for(process.wait(), 10)
                return seen, done.exit_status
        finally:
            await server.close()


@pytest.mark.parametrize(
    ("term", "colours"),
    [
        ("xterm-256color", 256),
        ("screen-256color", 256),
        ("tmux-256color", 256),
        ("xterm", 16),
        ("linux", 16),
        ("vt100", 16),
    ],
)
async def test_the_reader_works_with_the_terminal_types_ssh_clients_send(
    term: str, colours: int
) -> None:
    output, status = await _read_first_frame(term)
    assert status == 0
    text = _ESCAPE.sub(b"", output)
    assert b"Mini briefing" in text
    codes = _colour_codes(output)
    # OpenSSH forwards no COLORTERM, so no truecolour; the TERM name sets 256 or 16.
    assert not any(code.startswith(("38;2", "48;2")) for code in codes)
    has_256 = any(code.startswith(("38;5", "48;5")) for code in codes)
    assert has_256 is (colours == 256)
    assert codes, "the reader should still use colour"


async def test_no_color_over_ssh_is_monochrome_and_still_complete() -> None:
    reader = [sys.executable, "-m", "briefing", "--low-bandwidth", "--no-color", str(MINI)]
    output, status = await _read_first_frame("xterm-256color", reader)
    assert status == 0
    text = _ESCAPE.sub(b"", output)
    assert b"Mini briefing" in text and b"Quit" in text
    codes = _colour_codes(output)
    assert codes and all(_is_grey(code) for code in codes), sorted(
        code for code in codes if not _is_grey(code)
    )


async def test_a_client_asks_for_the_screen_reader_mode_with_its_environment() -> None:
    plain, _ = await _read_first_frame("xterm-256color")
    spoken, status = await _read_first_frame(
        "xterm-256color", env={"BRIEFING_SCREEN_READER": "1"}
    )
    assert status == 0
    box_drawing = re.compile("[\u2500-\u257f]".encode())
    assert box_drawing.search(_ESCAPE.sub(b"", plain))
    text = _ESCAPE.sub(b"", spoken)
    assert b"Mini briefing" in text and not box_drawing.search(text)
    # The terminal's cursor is shown, for braille displays to follow.
    assert spoken.rfind(b"\x1b[?25h") > spoken.rfind(b"\x1b[?25l")


# A served reader acts only on the reader's own machine ------------------------------


async def test_a_served_export_screen_copies_but_never_writes_on_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.content import Content
    from textual.widgets import Static
    from ui_support import WIDE

    from briefing.cli.boot import served_export_hint
    from briefing.core.export import render_brief
    from briefing.core.loader import load_briefing
    from briefing.ui.app import BriefingApp
    from briefing.ui.screens.export import ExportScreen
    from briefing.ui.widgets.key_bar import KeyBar

    monkeypatch.chdir(tmp_path)
    hint = served_export_hint("briefs.example.org:2200")
    app = BriefingApp(load_briefing(MINI), may_save_files=False, export_hint=hint)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert not screen.query("#export-path") and not screen.query("#export-write")
        # Only what works over SSH is offered: copying, not writing.
        keys = app.screen_stack[0].query_one(KeyBar).content
        assert "Copy" in str(keys) and "Write" not in str(keys)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert list(tmp_path.iterdir()) == []
        assert str(screen.query_one("#export-status", Static).content) == ""  # no key: no-op
        shown = screen.query_one("#export-served-hint", Static)
        assert str(shown.content) == hint
        assert "ssh -p 2200 briefs.example.org export > brief.md" in hint
        # All of it is on screen, however many lines it takes.
        lines = Content(hint).wrap(shown.content_size.width)
        assert shown.content_size.height == len(lines) > 1
        assert screen.query_one("#export-box").region.contains_region(shown.region)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.clipboard == render_brief(load_briefing(MINI))


@pytest.mark.parametrize("served", [False, True])
async def test_the_palette_offers_screenshots_only_to_a_local_reader(
    served: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui_support import MINI, WIDE

    from briefing.cli.boot import ReaderOptions, start_reader
    from briefing.ui.app import BriefingApp

    if served:
        monkeypatch.setenv("BRIEFING_SERVED", "ssh")
    else:
        monkeypatch.delenv("BRIEFING_SERVED", raising=False)
    # The command line says what the reader may do; the reader itself never asks the
    # server's module.
    made: list[BriefingApp] = []
    monkeypatch.setattr(BriefingApp, "run", lambda self, **_: made.append(self))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    assert start_reader(ReaderOptions(file=MINI, theme="dark")) == 0
    app = made[0]
    assert app.may_save_files is not served
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
    assert "Quit" in titles
    assert ("Screenshot" in titles) is not served


@pytest.mark.parametrize(
    ("public_address", "shown"),
    [
        pytest.param(None, "ssh -p 2222 127.0.0.1 export > brief.md", id="default"),
        pytest.param("briefs.example.org", "ssh briefs.example.org export", id="name"),
        pytest.param("lb.example.org:2200", "ssh -p 2200 lb.example.org export", id="port"),
        pytest.param("[2001:db8::1]:22", "ssh 2001:db8::1 export", id="ipv6"),
    ],
)
def test_the_served_reader_suggests_the_public_address(
    public_address: str | None, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    from briefing.cli.boot import start_reader
    from briefing.cli.reader import parser, reader_options
    from briefing.serve.server import ServeOptions
    from briefing.ui.app import BriefingApp

    options = ServeOptions(briefing=MINI, host="0.0.0.0", public_address=public_address)
    command = options.reader_command()
    # What the server starts, read as the reader's command line reads it.
    parsed = parser().parse_args(command[3:])
    assert isinstance(parsed, argparse.Namespace)
    monkeypatch.setenv("BRIEFING_SERVED", "ssh")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    made: list[BriefingApp] = []
    monkeypatch.setattr(BriefingApp, "run", lambda self, **_: made.append(self))
    assert start_reader(reader_options(parsed)) == 0
    assert made[0].export_hint is not None and shown in made[0].export_hint


@pytest.mark.parametrize("value", ["", "a b", "host:99999", "host:port"])
def test_a_bad_public_address_is_a_usage_error(value: str, capsys) -> None:
    from briefing.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["serve", "--public-address", value, str(MINI)])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--public-address" in err and "Traceback" not in err


def test_the_interface_does_not_import_the_server() -> None:
    code = (
        "import sys, briefing.ui.app, briefing.ui.screens.export\n"
        "print(sorted(m for m in sys.modules if m.startswith('briefing.serve')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
